"""Scripts run by the validators' own Python (settings.VALIDATORS_PYTHON), not by Hearth's.

They import only the DfE rule packages and the standard library, read the files Hearth wrote,
run every rule of the year and print one JSON report on stdout."""
