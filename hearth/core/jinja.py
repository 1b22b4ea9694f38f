"""The Jinja2 environment for the few partials rendered often enough that Django's template
engine is their largest cost (a child's chronology of hundreds of entries). Autoescape is on, as
in Django's templates; the helpers are Django's own (`reverse`, `dateformat.format`, the
`linebreaksbr` filter), so the markup is the same whichever engine renders it."""

from __future__ import annotations

import datetime as dt

from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import dateformat
from jinja2 import Environment

_MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _date(value, fmt: str) -> str:
    """Django's `date` filter. The two formats of a timeline's every entry are written out
    (Django's general formatter is most of a long timeline's time); the same text."""
    if not value:
        return ""
    if type(value) is dt.date:
        if fmt == "j M Y":
            return f"{value.day} {_MONTHS[value.month]} {value.year}"
        if fmt == "Y-m-d":
            return value.isoformat()
    return dateformat.format(value, fmt)


def _url(name: str, *args) -> str:
    return reverse(name, args=args)


def environment(**options) -> Environment:
    options["autoescape"] = True  # never off, whatever settings say
    env = Environment(**options)
    env.globals["url"] = _url
    env.filters["date"] = _date
    # Django's filter escapes the text, then marks its <br>s safe, which Jinja2 honours.
    env.filters["linebreaksbr"] = lambda value: linebreaksbr(value, autoescape=True)
    return env
