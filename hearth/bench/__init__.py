"""`make bench`: measure Hearth on the large synthetic LA (see __main__)."""
