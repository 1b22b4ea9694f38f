"""Tests for hearth.core.calendar (England & Wales working days and statutory clocks)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest

from hearth.core import calendar as cal


def _brute_working_days_between(start: date, end: date) -> int:
    step = 1 if end >= start else -1
    count = 0
    d = start
    while d != end:
        if step == 1:
            d += timedelta(days=1)
            count += cal.is_working_day(d)
        else:
            count -= cal.is_working_day(d)
            d -= timedelta(days=1)
    return count


def _brute_add_working_days(start: date, n: int) -> date:
    d = start
    while n:
        d += timedelta(days=1)
        n -= cal.is_working_day(d)
    return d


# --- bank holiday data -------------------------------------------------------------------


def test_known_2026_2027_bank_holidays():
    assert cal.bank_holidays(year=2026) == [
        date(2026, 1, 1),
        date(2026, 4, 3),
        date(2026, 4, 6),
        date(2026, 5, 4),
        date(2026, 5, 25),
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),
    ]
    assert cal.bank_holidays(year=2027) == [
        date(2027, 1, 1),
        date(2027, 3, 26),
        date(2027, 3, 29),
        date(2027, 5, 3),
        date(2027, 5, 31),
        date(2027, 8, 30),
        date(2027, 12, 27),
        date(2027, 12, 28),
    ]


def test_one_off_holidays_from_govuk_data():
    for d in [date(2022, 9, 19), date(2023, 5, 8), date(2022, 6, 3), date(2020, 5, 8)]:
        assert not cal.is_working_day(d), d
    assert cal.is_working_day(date(2020, 5, 4))  # early May holiday moved to VE Day in 2020


def test_rules_reproduce_every_regular_govuk_year():
    govuk = cal._govuk_holidays()
    irregular = {2012, 2020, 2022, 2023}  # jubilees, VE day, state funeral, coronation
    years = range(govuk[0].year, govuk[-1].year + 1)
    assert len(years) >= 15 and govuk[-1].year >= 2027
    for year in years:
        if year in irregular:
            continue
        assert cal._rule_based_holidays(year) == sorted(d for d in govuk if d.year == year), year


def test_years_outside_govuk_data_use_rules():
    assert cal.bank_holidays(year=2030) == cal._rule_based_holidays(2030)
    assert date(2011, 4, 29) in cal.bank_holidays(year=2011)  # royal wedding
    assert len(cal.bank_holidays(year=2010)) == 8
    # every year has at least the 8 regular holidays, all on weekdays
    for year in range(1990, 2100):
        hols = cal.bank_holidays(year=year)
        assert len(hols) >= 8, year
        assert all(d.weekday() < 5 for d in hols), year


def test_easter_dates():
    assert cal._easter_sunday(2024) == date(2024, 3, 31)
    assert cal._easter_sunday(2025) == date(2025, 4, 20)
    assert cal._easter_sunday(2038) == date(2038, 4, 25)  # latest possible
    assert cal._easter_sunday(2285) == date(2285, 3, 22)  # earliest possible


def test_never_touches_network(monkeypatch):
    import requests

    def boom(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(requests, "get", boom)
    monkeypatch.setattr(requests.Session, "request", boom)
    assert date(2026, 12, 28) in cal._govuk_holidays()


# --- working days ------------------------------------------------------------------------


def test_weekends_and_holidays_are_not_working_days():
    assert cal.is_working_day(date(2025, 6, 2))  # Monday
    assert not cal.is_working_day(date(2025, 6, 7))  # Saturday
    assert not cal.is_working_day(date(2025, 6, 8))  # Sunday
    assert not cal.is_working_day(date(2025, 12, 25))
    assert not cal.is_working_day(date(2025, 12, 26))
    assert cal.is_working_day(datetime(2025, 6, 2, 23, 59))  # datetimes use their date


def test_christmas_substitute_days():
    # 2021: Christmas Sat, Boxing Day Sun -> holidays Mon 27 and Tue 28
    assert not cal.is_working_day(date(2021, 12, 27))
    assert not cal.is_working_day(date(2021, 12, 28))
    assert cal.next_working_day(date(2021, 12, 24)) == date(2021, 12, 24)  # Friday, working
    assert cal.next_working_day(date(2021, 12, 25)) == date(2021, 12, 29)
    # 2026: Christmas Fri, Boxing Day Sat -> substitute Mon 28
    assert cal.add_working_days(date(2026, 12, 24), n=1) == date(2026, 12, 29)
    # 2027: New Year 2028 falls on a Saturday -> Monday 3 Jan 2028
    assert not cal.is_working_day(date(2028, 1, 3))
    assert cal.add_working_days(date(2027, 12, 24), n=1) == date(2027, 12, 29)
    assert cal.add_working_days(date(2027, 12, 31), n=1) == date(2028, 1, 4)


def test_easter_weekend():
    # Easter 2025: Good Friday 18 Apr, Easter Monday 21 Apr
    assert cal.add_working_days(date(2025, 4, 17), n=1) == date(2025, 4, 22)
    assert cal.working_days_between(date(2025, 4, 17), end=date(2025, 4, 22)) == 1
    assert cal.previous_working_day(date(2025, 4, 21)) == date(2025, 4, 17)


def test_leap_day():
    assert cal.is_working_day(date(2024, 2, 29))  # Thursday
    assert cal.add_working_days(date(2024, 2, 28), n=1) == date(2024, 2, 29)
    assert cal.add_working_days(date(2024, 2, 29), n=1) == date(2024, 3, 1)
    assert cal.working_days_between(date(2024, 2, 26), end=date(2024, 3, 4)) == 5


def test_statutory_clocks():
    # Referral Mon 6 Jan 2025: 45 working days, no bank holidays in range -> 9 weeks
    assert cal.add_working_days(date(2025, 1, 6), n=45) == date(2025, 3, 10)
    # Strategy discussion Thu 10 Apr 2025 + 15 working days: skips Good Friday, Easter
    # Monday and the early May bank holiday (5 May) -> ICPC due Tue 6 May
    assert cal.add_working_days(date(2025, 4, 10), n=15) == date(2025, 5, 6)
    # Front door: 1 working day from a Friday is Monday; from Thu before Good Friday, Tuesday
    assert cal.add_working_days(date(2025, 6, 6), n=1) == date(2025, 6, 9)
    assert cal.add_working_days(date(2025, 4, 17), n=1) == date(2025, 4, 22)
    # Started on a Saturday: the start day is never counted
    assert cal.add_working_days(date(2025, 6, 7), n=1) == date(2025, 6, 9)
    assert cal.add_working_days(date(2025, 6, 7), n=0) == date(2025, 6, 7)


def test_add_working_days_rejects_negative():
    with pytest.raises(ValueError):
        cal.add_working_days(date(2025, 1, 1), n=-1)


def test_working_days_between_negative_and_zero():
    a, b = date(2025, 12, 19), date(2026, 1, 9)
    forward = cal.working_days_between(a, end=b)
    assert forward == _brute_working_days_between(a, b) == 12
    assert cal.working_days_between(b, end=a) == -forward
    assert cal.working_days_between(a, end=a) == 0


def test_next_previous_working_day():
    assert cal.next_working_day(date(2025, 6, 4)) == date(2025, 6, 4)
    assert cal.previous_working_day(date(2025, 6, 4)) == date(2025, 6, 4)
    assert cal.next_working_day(date(2025, 6, 7)) == date(2025, 6, 9)
    assert cal.previous_working_day(date(2025, 6, 8)) == date(2025, 6, 6)
    assert cal.previous_working_day(date(2026, 1, 1)) == date(2025, 12, 31)
    assert cal.next_working_day(datetime(2025, 6, 7, 12, 0)) == date(2025, 6, 9)


def test_inverse_consistency_property():
    rnd = random.Random(45)
    lo, hi = date(2014, 1, 1).toordinal(), date(2031, 12, 31).toordinal()
    for _ in range(20000):
        start = date.fromordinal(rnd.randint(lo, hi))
        n = rnd.choice([0, 1, 2, 5, 15, 20, 45, rnd.randint(0, 700)])
        end = cal.add_working_days(start, n=n)
        assert cal.working_days_between(start, end=end) == n
        if n:
            assert cal.is_working_day(end)
            # minimal: the day before the deadline is one working day short
            assert cal.working_days_between(start, end=end - timedelta(days=1)) == n - 1
        other = date.fromordinal(rnd.randint(lo, hi))
        k = cal.working_days_between(start, end=other)
        assert cal.working_days_between(other, end=start) == -k
        if k > 0:  # the k-th working day after start is the last working day <= other
            assert cal.add_working_days(start, n=k) == cal.previous_working_day(other)


def test_agrees_with_brute_force():
    rnd = random.Random(903)
    lo, hi = date(2015, 1, 1).toordinal(), date(2029, 12, 31).toordinal()
    for _ in range(1500):
        start = date.fromordinal(rnd.randint(lo, hi))
        end = start + timedelta(days=rnd.randint(-120, 120))
        assert cal.working_days_between(start, end=end) == _brute_working_days_between(start, end)
        n = rnd.randint(0, 70)
        assert cal.add_working_days(start, n=n) == _brute_add_working_days(start, n)


def test_long_ranges_are_consistent():
    # 2015-2030 inclusive: every weekday counted minus the bank holidays on weekdays
    start, end = date(2014, 12, 31), date(2030, 12, 31)
    weekdays = sum(1 for o in range(start.toordinal() + 1, end.toordinal() + 1) if (o + 6) % 7 < 5)
    hols = sum(1 for d in cal.bank_holidays() if start < d <= end)
    assert cal.working_days_between(start, end=end) == weekdays - hols


# --- hours, months, ages, collection years -------------------------------------------------


def test_deadline_hours_plain():
    start = datetime(2025, 6, 2, 9, 30, tzinfo=cal.LONDON)
    due = cal.deadline_hours(start, hours=72)
    assert due == datetime(2025, 6, 5, 9, 30, tzinfo=cal.LONDON)
    assert due.tzinfo is cal.LONDON


def test_deadline_hours_spring_forward():
    # Clocks go forward 01:00 GMT -> 02:00 BST on Sun 30 Mar 2025
    start = datetime(2025, 3, 29, 12, 0, tzinfo=cal.LONDON)  # GMT
    due = cal.deadline_hours(start, hours=72)
    # NB same-tzinfo subtraction in Python is wall-clock; compare elapsed time in UTC
    assert due.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=72)
    assert due - start == timedelta(hours=73)  # the wall-clock gap includes the lost hour
    assert (due.year, due.month, due.day, due.hour) == (2025, 4, 1, 13)  # wall clock +1h
    assert due.utcoffset() == timedelta(hours=1)
    assert due.astimezone(UTC) == datetime(2025, 4, 1, 12, 0, tzinfo=UTC)


def test_deadline_hours_fall_back():
    # Clocks go back 02:00 BST -> 01:00 GMT on Sun 26 Oct 2025
    start = datetime(2025, 10, 25, 12, 0, tzinfo=cal.LONDON)  # BST
    due = cal.deadline_hours(start, hours=72)
    assert due.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=72)
    assert (due.year, due.month, due.day, due.hour) == (2025, 10, 28, 11)  # wall clock -1h
    assert due.utcoffset() == timedelta(0)
    # an interval inside the repeated hour: 01:30 BST + 1h = 01:30 GMT
    first = datetime(2025, 10, 26, 0, 30, tzinfo=UTC)
    later = cal.deadline_hours(first, hours=1)
    assert (later.hour, later.minute, later.fold, later.utcoffset()) == (1, 30, 1, timedelta(0))


def test_deadline_hours_other_timezone_and_naive():
    start = datetime(2025, 7, 1, 8, 0, tzinfo=UTC)
    assert cal.deadline_hours(start, hours=1) == datetime(2025, 7, 1, 10, 0, tzinfo=cal.LONDON)
    with pytest.raises(ValueError):
        cal.deadline_hours(datetime(2025, 7, 1, 8, 0), hours=72)


@pytest.mark.parametrize(
    ("d", "n", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2025, 1, 15), -13, date(2023, 12, 15)),
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2025, 5, 10), 0, date(2025, 5, 10)),
        (date(2025, 11, 30), 6, date(2026, 5, 30)),
    ],
)
def test_add_months(d, n, expected):
    assert cal.add_months(d, n=n) == expected


def test_add_months_keeps_time():
    dt = datetime(2025, 1, 31, 14, 5, tzinfo=cal.LONDON)
    assert cal.add_months(dt, n=1) == datetime(2025, 2, 28, 14, 5, tzinfo=cal.LONDON)


def test_age_on():
    dob = date(2010, 6, 15)
    assert cal.age_on(dob, on=date(2028, 6, 14)) == 17
    assert cal.age_on(dob, on=date(2028, 6, 15)) == 18
    assert cal.age_on(dob, on=dob) == 0


def test_no_age_before_birth_or_without_a_date_of_birth():
    assert cal.age_on(date(2010, 6, 15), on=date(2010, 6, 14)) is None
    assert cal.age_on(None, on=date(2010, 6, 14)) is None


def test_age_on_leap_day_birthday():
    dob = date(2008, 2, 29)
    assert cal.age_on(dob, on=date(2026, 2, 28)) == 17  # not yet 18 in a non-leap year
    assert cal.age_on(dob, on=date(2026, 3, 1)) == 18  # reached on 1 March
    assert cal.age_on(dob, on=date(2028, 2, 28)) == 19
    assert cal.age_on(dob, on=date(2028, 2, 29)) == 20  # leap year: on the day


def test_collection_year_bounds():
    assert cal.collection_year_bounds("2025-26") == (date(2025, 4, 1), date(2026, 3, 31))
    assert cal.collection_year_bounds("2023/24") == (date(2023, 4, 1), date(2024, 3, 31))
    assert cal.collection_year_bounds("2019-2020") == (date(2019, 4, 1), date(2020, 3, 31))
    assert cal.collection_year_bounds("1999-00") == (date(1999, 4, 1), date(2000, 3, 31))
    for bad in ["2025-27", "2025", "25-26", "2025-2025", ""]:
        with pytest.raises(ValueError):
            cal.collection_year_bounds(bad)


def test_collection_year_label_round_trip():
    assert cal.collection_year_label(date(2026, 3, 31)) == "2025-26"
    assert cal.collection_year_label(date(2026, 4, 1)) == "2026-27"
    assert cal.collection_year_label(date(1999, 12, 1)) == "1999-00"
    for label in ["2015-16", "2024-25", "2025-26"]:
        start, end = cal.collection_year_bounds(label)
        assert cal.collection_year_label(start) == cal.collection_year_label(end) == label
