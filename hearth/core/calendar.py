"""England & Wales working-day and date arithmetic for statutory clocks.

Used by every timescale in Hearth: 1 working day for a front-door decision, 15 working days
to an initial child protection conference, 45 working days for a Children Act assessment,
20 working days to a first looked-after review, 72 (elapsed) hours for a return interview.

Bank holidays
-------------
England & Wales bank holidays come from the ``govuk-bank-holidays`` package's *bundled*
copy of https://www.gov.uk/bank-holidays.json (2012-2028 in version 0.19). It is built with
``BankHolidays(use_cached_holidays=True)``, which (see ``BankHolidays.__init__``) reads
``bank-holidays.json`` beside the module and never calls ``requests.get``. Years outside
the bundled range (synthetic history before 2012, projections after 2028) use the statutory
rules below, which reproduce every regular year of the GOV.UK data (checked by the tests),
plus the one-off changes since 1978 listed in ``_HISTORIC_EXCEPTIONS``. Future one-off
holidays (jubilees, coronations, funerals) after the bundled data cannot be predicted; a
newer ``govuk-bank-holidays`` release picks them up automatically. No separate JSON file is
needed: the bundled data already covers 2026 and 2027 and matches the published dates.

* New Year's Day, 1 Jan (next Monday if at a weekend)
* Good Friday and Easter Monday
* Early May bank holiday (first Monday in May), Spring (last Monday in May),
  Summer (last Monday in August)
* Christmas Day and Boxing Day, each moved to the next free weekday if at a weekend

Speed
-----
Holidays are held as sorted ordinals. The number of working days up to a day is
``weekdays(ordinal) - holidays_up_to(ordinal)``: closed-form week arithmetic plus one
``bisect``, so :func:`working_days_between` is O(log H) whatever the span, and
:func:`add_working_days` needs a couple of such steps.

Dates and datetimes
-------------------
The date functions accept ``datetime`` too (a subclass of ``date``) and use its calendar
date; they return ``date``.
"""

from __future__ import annotations

import bisect
import calendar as _stdlib_calendar
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

__all__ = [
    "LONDON",
    "add_months",
    "add_working_days",
    "age_on",
    "bank_holidays",
    "collection_year_bounds",
    "collection_year_label",
    "deadline_hours",
    "is_working_day",
    "next_working_day",
    "previous_working_day",
    "working_days_between",
    "years_since",
]

LONDON = ZoneInfo("Europe/London")

# Years for which the rule-based calendar is generated outside the GOV.UK data. The early
# May bank holiday dates from 1978; before that the rules here would be wrong.
_RULES_FIRST_YEAR = 1978
_RULES_LAST_YEAR = 2199


# ---------------------------------------------------------------------------
# Holiday data
# ---------------------------------------------------------------------------


def _easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian / Meeus-Jones-Butcher algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    d = date(year, month, 1)
    return d + timedelta(days=(7 - d.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    d = date(year, month, _stdlib_calendar.monthrange(year, month)[1])
    return d - timedelta(days=d.weekday())


def _rule_based_holidays(year: int) -> list[date]:
    """Regular England & Wales bank holidays for ``year`` (no one-off holidays)."""
    new_year = date(year, 1, 1)
    while new_year.weekday() >= 5:
        new_year += timedelta(days=1)
    easter = _easter_sunday(year)
    result = [
        new_year,
        easter - timedelta(days=2),
        easter + timedelta(days=1),
        _first_monday(year, 5),
        _last_monday(year, 5),
        _last_monday(year, 8),
    ]
    taken: set[date] = set()
    for day in (date(year, 12, 25), date(year, 12, 26)):  # substitute days for Christmas
        while day.weekday() >= 5 or day in taken:
            day += timedelta(days=1)
        taken.add(day)
        result.append(day)
    return sorted(result)


# One-off changes before the GOV.UK data starts (2012): (dates removed, dates added).
_HISTORIC_EXCEPTIONS: dict[int, tuple[tuple[date, ...], tuple[date, ...]]] = {
    1981: ((), (date(1981, 7, 29),)),  # royal wedding
    1995: ((date(1995, 5, 1),), (date(1995, 5, 8),)),  # early May moved for VE Day 50
    1999: ((), (date(1999, 12, 31),)),  # millennium
    2002: ((date(2002, 5, 27),), (date(2002, 6, 3), date(2002, 6, 4))),  # golden jubilee
    2011: ((), (date(2011, 4, 29),)),  # royal wedding
}


def _govuk_holidays() -> list[date]:
    # Imported lazily: the module pulls in ``requests`` (unused with cached holidays).
    from govuk_bank_holidays.bank_holidays import BankHolidays

    bh = BankHolidays(use_cached_holidays=True)  # bundled JSON only, never the network
    return [h["date"] for h in bh.get_holidays(division=BankHolidays.ENGLAND_AND_WALES)]


def _build_holidays() -> tuple[list[date], int, int]:
    govuk = _govuk_holidays()
    first_year, last_year = govuk[0].year, govuk[-1].year
    days = set(govuk)
    for year in range(_RULES_FIRST_YEAR, _RULES_LAST_YEAR + 1):
        if not first_year <= year <= last_year:
            removed, added = _HISTORIC_EXCEPTIONS.get(year, ((), ()))
            days.update(d for d in _rule_based_holidays(year) if d not in removed)
            days.update(added)
    return sorted(days), first_year, last_year


_HOLIDAYS, GOVUK_FIRST_YEAR, GOVUK_LAST_YEAR = _build_holidays()
# Only holidays on weekdays affect the count (bank holidays are always weekdays anyway).
_HOLIDAY_ORDS: list[int] = [d.toordinal() for d in _HOLIDAYS if d.weekday() < 5]
_HOLIDAY_ORD_SET: frozenset[int] = frozenset(_HOLIDAY_ORDS)


def bank_holidays(*, year: int | None = None) -> list[date]:
    """England & Wales bank holidays known to Hearth (optionally one year's), sorted."""
    if year is None:
        return list(_HOLIDAYS)
    return [d for d in _HOLIDAYS if d.year == year]


# ---------------------------------------------------------------------------
# Working days
# ---------------------------------------------------------------------------
# Ordinal 1 (0001-01-01) is a Monday, so for ordinal o = 7q + r the days 7q+1 .. 7q+r are
# Monday .. and the weekdays in [1, o] number 5q + min(r, 5).


def _weekdays_upto(o: int) -> int:
    q, r = divmod(o, 7)
    return 5 * q + (r if r < 5 else 5)


def _working_upto(o: int) -> int:
    """Working days (Mon-Fri, not a bank holiday) with ordinal <= o."""
    return _weekdays_upto(o) - bisect.bisect_right(_HOLIDAY_ORDS, o)


def _ordinal_of_weekday_count(t: int) -> int:
    """Smallest ordinal whose weekday count ``_weekdays_upto`` equals t (t >= 1)."""
    q, r = divmod(t, 5)
    if r == 0:
        return 7 * (q - 1) + 5  # the Friday of week q
    return 7 * q + r


def is_working_day(d: date) -> bool:
    """True for Monday-Friday that are not England & Wales bank holidays."""
    return d.weekday() < 5 and d.toordinal() not in _HOLIDAY_ORD_SET


def working_days_between(start: date, *, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; negative if end < start.

    ``working_days_between(s, end=add_working_days(s, n=n)) == n`` for every n >= 0.
    """
    return _working_upto(end.toordinal()) - _working_upto(start.toordinal())


def add_working_days(start: date, *, n: int) -> date:
    """The n-th working day after ``start`` (``start`` itself is not counted).

    ``n == 0`` returns ``start`` unchanged (as a date), even if it is not a working day.
    """
    if n < 0:
        raise ValueError("n must be >= 0")
    o = start.toordinal()
    if n == 0:
        return date.fromordinal(o)
    remaining = n
    while True:
        # Advance `remaining` weekdays, then make up for any bank holidays skipped over.
        target = _ordinal_of_weekday_count(_weekdays_upto(o) + remaining)
        skipped = bisect.bisect_right(_HOLIDAY_ORDS, target) - bisect.bisect_right(_HOLIDAY_ORDS, o)
        if skipped == 0:
            return date.fromordinal(target)
        o, remaining = target, skipped


def next_working_day(d: date) -> date:
    """``d`` if it is a working day, else the first working day after it."""
    o = d.toordinal()
    while (o + 6) % 7 >= 5 or o in _HOLIDAY_ORD_SET:
        o += 1
    return date.fromordinal(o)


def previous_working_day(d: date) -> date:
    """``d`` if it is a working day, else the last working day before it."""
    o = d.toordinal()
    while (o + 6) % 7 >= 5 or o in _HOLIDAY_ORD_SET:
        o -= 1
    return date.fromordinal(o)


# ---------------------------------------------------------------------------
# Hours, months, ages, collection years
# ---------------------------------------------------------------------------


def deadline_hours(start: datetime, *, hours: int) -> datetime:
    """``start`` plus ``hours`` *elapsed* hours, as an aware Europe/London datetime.

    Arithmetic is done in UTC, so a 72-hour clock that spans a clock change still ends 72
    real hours later (its wall-clock time shifts by an hour). ``start`` must be aware.
    """
    if start.tzinfo is None or start.utcoffset() is None:
        raise ValueError("deadline_hours needs a timezone-aware datetime")
    return (start.astimezone(UTC) + timedelta(hours=hours)).astimezone(LONDON)


def add_months(d: date, *, n: int) -> date:
    """``d`` moved by ``n`` calendar months (n may be negative), clamped to the month end.

    31 Jan + 1 month -> 28/29 Feb; 29 Feb 2024 + 12 months -> 28 Feb 2025. A datetime keeps
    its time of day.
    """
    month_index = d.year * 12 + (d.month - 1) + n
    year, month0 = divmod(month_index, 12)
    month = month0 + 1
    day = min(d.day, _stdlib_calendar.monthrange(year, month)[1])
    return d.replace(year=year, month=month, day=day)


def age_on(dob: date | None, on: date) -> int | None:
    """Age in whole years on ``on``: Hearth's one definition of a child's age (pages, returns,
    indicators and the synthetic data all call it). None when there is no age to give: no date
    of birth (an unborn child) or ``on`` before the birth.

    A 29 February birthday is reached on 1 March in non-leap years (the usual reading of
    Family Law Reform Act 1969 s.9: the anniversary has not arrived on 28 February).
    """
    if dob is None or on < dob:
        return None
    return years_since(dob, on)


def years_since(dob: date, on: date) -> int:
    """Whole years from ``dob`` to ``on``, negative before it (the synthetic-data simulator
    plans events around a birth still to come); ``age_on`` is the age to show or count."""
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


_YEAR_LABEL = re.compile(r"^\s*(\d{4})\s*[-/]\s*(\d{2}|\d{4})\s*$")


def collection_year_bounds(year_label: str) -> tuple[date, date]:
    """DfE collection year "2025-26" (or "2025/26", "2025-2026") -> (2025-04-01, 2026-03-31)."""
    m = _YEAR_LABEL.match(year_label)
    if not m:
        raise ValueError(f"not a collection year label: {year_label!r}")
    start = int(m.group(1))
    end_text = m.group(2)
    end = int(end_text) if len(end_text) == 4 else (start // 100) * 100 + int(end_text)
    if end_text == "00" and start % 100 == 99:
        end = start + 1
    if end != start + 1:
        raise ValueError(f"collection year must span consecutive years: {year_label!r}")
    return date(start, 4, 1), date(end, 3, 31)


def collection_year_label(d: date) -> str:
    """The collection year containing ``d``: 2026-03-31 -> "2025-26", 2026-04-01 -> "2026-27"."""
    start = d.year if d.month >= 4 else d.year - 1
    return f"{start}-{(start + 1) % 100:02d}"
