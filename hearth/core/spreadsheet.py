"""Spreadsheet safety for every CSV and workbook Hearth writes (CSV/formula injection).

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which
some spreadsheets skip before reading a formula) is run as a formula when the file is opened: a
postcode of ``=HYPERLINK("//evil",…)`` in a return becomes a live link. Every export writes its
cells through :func:`spreadsheet_safe`, which prefixes such text with an apostrophe (shown as
text by Excel, LibreOffice and Google Sheets); numbers, dates and plain numeric text pass through.
Values are also refused at entry (``hearth.core.validators``) and at import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

FORMULA_CHARACTERS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?\d+(\.\d+)?")


def starts_like_formula(value: object) -> bool:
    """True when ``value`` is text a spreadsheet would run as a formula."""
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_CHARACTERS)
        and not _NUMBER.fullmatch(value)
    )


def spreadsheet_safe(value):
    """``value`` as a spreadsheet will show it, never run it: formula-like text gets a leading
    apostrophe; anything else (numbers, dates, None, plain text) is returned unchanged."""
    return "'" + value if starts_like_formula(value) else value


def safe_row(row: Iterable) -> list:
    """A row (list of cells) for ``csv.writer`` or ``Worksheet.append``."""
    return [spreadsheet_safe(v) for v in row]


def safe_record(record: Mapping) -> dict:
    """A row (dict of cells) for ``csv.DictWriter``."""
    return {k: spreadsheet_safe(v) for k, v in record.items()}
