"""Typed query-string parameters. Every date or id read from `request.GET` goes through these,
so a hostile or mistyped value (`?as_of=9999-12-31`, `?team=99999999999999999999`) is a GOV.UK
error on the page, never a server error (tests: hearth/access/tests/test_hostile_query_params.py).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

EARLIEST_DATE = dt.date(2000, 1, 1)
"""No record or return Hearth holds is dated earlier."""
MAX_ID = 2**63 - 1


class QueryValueError(ValueError):
    """A query parameter that is not what the page reads; the message is for the user."""


def latest_date() -> dt.date:
    """The end of next year: reports may be run a little ahead, never centuries ahead."""
    return dt.date(timezone.localdate().year + 1, 12, 31)


def query_date(value: str, *, label: str) -> dt.date:
    """A YYYY-MM-DD date between EARLIEST_DATE and latest_date(), or QueryValueError."""
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise QueryValueError(f"{label} must be a real date in the form YYYY-MM-DD") from None
    earliest, latest = EARLIEST_DATE, latest_date()
    if not earliest <= day <= latest:
        raise QueryValueError(
            f"{label} must be between {earliest:%-d %b %Y} and {latest:%-d %b %Y}"
        )
    return day


def query_id(value: str | None) -> int | None:
    """A database id (a positive integer a BIGINT can hold), or None."""
    value = (value or "").strip()
    if not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None


def query_date_from(params, name: str, *, label: str) -> dt.date | None:
    """A date from a GOV.UK date input (``name_0`` day, ``name_1`` month, ``name_2`` year) or,
    for links and bookmarks, ``name=YYYY-MM-DD``; None when neither is given. Checked as
    `query_date` checks; a wrong value is a QueryValueError for the page's error summary."""
    parts = [str(params.get(f"{name}_{i}", "") or "").strip() for i in range(3)]
    if any(parts):
        if not all(p.isascii() and p.isdigit() and len(p) <= 4 for p in parts):
            raise QueryValueError(f"{label} must be a real date, for example 31 3 2026")
        day, month, year = (int(p) for p in parts)
        try:
            value = dt.date(year, month, day)
        except ValueError:
            raise QueryValueError(f"{label} must be a real date, for example 31 3 2026") from None
        return query_date(value.isoformat(), label=label)
    if params.get(name):
        return query_date(str(params[name]), label=label)
    return None
