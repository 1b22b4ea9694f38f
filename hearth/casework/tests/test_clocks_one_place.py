"""Every timescale is read from ``hearth.casework.clocks``: My work, the team page, the indicators
and the returns agree, and a local override (``HEARTH_CLOCKS``) changes them all together."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from hearth.casework import clocks, selectors, worklist
from hearth.casework.models import Visit
from hearth.casework.tests.factories import (
    AssessmentFactory,
    CINEpisodeFactory,
    CPPlanFactory,
    VisitFactory,
)

D = dt.date
HEARTH = Path(__file__).resolve().parents[2]

# Code that states a timescale's length rather than reading it from the clocks module.
STRAY = [
    (re.compile(r"\b(add_working_days|deadline_hours)\("), "a working-day or hour clock"),
    (
        re.compile(
            r"^\s*[A-Z_]*(WORKING_DAYS|_HOURS|_WEEKS|INTERVAL_DAYS|INTERVAL_MONTHS|REVIEW_MONTHS"
            r"|VISIT_DAYS|VISIT_MONTHS|TIMESCALE\w*)\s*(:\s*\w+\s*)?=\s*\d",
            re.M,
        ),
        "a timescale constant",
    ),
    (re.compile(r"working_days_between\([^)]*\)\s*<=?\s*\d"), "a working-day limit"),
    (re.compile(r"\bhours\s*<=?\s*\d"), "an hours limit"),
    (re.compile(r"timedelta\((days=(7|20|28)|hours=(4|72)|weeks=(6|26))\)"), "a fixed interval"),
]
# The clocks and the calendar they are built on; the synthetic-data simulator draws random
# delays (it models late and early work, it does not decide what is due).
ALLOWED = {"casework/clocks.py", "core/calendar.py"}


def _sources():
    for path in sorted(HEARTH.rglob("*.py")):
        rel = path.relative_to(HEARTH).as_posix()
        if rel in ALLOWED or "/tests/" in rel or "/migrations/" in rel:
            continue
        if rel.startswith(("synthetic/", "bench/")):
            continue
        yield rel, path.read_text()


# Lengths of time that are not casework timescales: how long break-glass access lasts (an
# access-control rule), how far ahead an unborn child's expected date may be (validation) and
# how close two expected dates must be to suggest the same baby (matching).
NOT_TIMESCALES = {
    ("access/services.py", "BREAK_GLASS_HOURS = 2"),
    ("people/identity.py", "LATEST_EXPECTED_BIRTH_WEEKS = 4"),
    # the window in which two expected dates of birth suggest the same unborn baby (matching)
    ("people/matching.py", "timedelta(days=28)"),
}


def test_no_timescale_is_written_outside_the_clocks_module():
    strays = [
        f"{rel}:{text.count(chr(10), 0, m.start()) + 1}: {what}: {m.group(0).strip()}"
        for rel, text in _sources()
        for pattern, what in STRAY
        for m in pattern.finditer(text)
        if (rel, m.group(0).strip()) not in NOT_TIMESCALES
    ]
    assert strays == []


def test_the_grep_finds_a_stray_timescale():
    text = "ASSESSMENT_TIMESCALE_WORKING_DAYS = 45\n"
    assert any(pattern.search(text) for pattern, _ in STRAY)


def test_every_timescale_has_its_own_override_key():
    keys = [t.key for t in clocks.TIMESCALES]
    assert len(keys) == len(set(keys))
    assert clocks.ASSESSMENT in clocks.TIMESCALES


def test_a_local_override_moves_my_work_and_the_indicator_together(db, settings):
    # Referral Monday 8 January 2024; authorised on the 50th working day.
    episode = CINEpisodeFactory(referral_date=D(2024, 1, 8))
    AssessmentFactory(cin_episode=episode, authorised_date=D(2024, 3, 18))
    assert [
        r.on_time for r in selectors.assessment_timeliness(start=D(2024, 3, 1), end=D(2024, 3, 31))
    ] == [False]

    settings.HEARTH_CLOCKS = {"ASSESSMENT_WORKING_DAYS": 50}
    assert clocks.assessment_due(D(2024, 1, 8)) == D(2024, 3, 18)
    assert [
        r.on_time for r in selectors.assessment_timeliness(start=D(2024, 3, 1), end=D(2024, 3, 31))
    ] == [True]
    assert (
        selectors.assessments_within_timescale(start=D(2024, 3, 1), end=D(2024, 3, 31)).numerator
        == 1
    )


def test_working_day_clocks_judge_by_the_working_days_elapsed():
    # The 45th working day from 8 January 2024 is Monday 11 March; the Saturday after the
    # Friday before is still within 45 working days.
    assert clocks.ASSESSMENT.due(D(2024, 1, 8)) == D(2024, 3, 11)
    assert clocks.ASSESSMENT.on_time(D(2024, 1, 8), done=D(2024, 3, 9))
    assert not clocks.ASSESSMENT.on_time(D(2024, 1, 8), done=D(2024, 3, 12))
    assert not clocks.ASSESSMENT.on_time(D(2024, 1, 8), done=None)


def test_supervision_is_due_a_calendar_month_after_the_last(db, social_worker, manager):
    from hearth.workforce.models import Supervision
    from hearth.workforce.selectors import supervision_on_time

    social_worker.start_date = D(2023, 1, 1)
    social_worker.save()
    Supervision.objects.create(worker=social_worker, supervisor=manager, date=D(2024, 1, 31))

    # 31 January + one calendar month = 29 February 2024 (not 28 days: 28 February).
    assert worklist.supervision_due_for(worker=social_worker) == D(2024, 2, 29)
    assert supervision_on_time(day=D(2024, 2, 29))[social_worker.pk] == D(2024, 1, 31)
    assert supervision_on_time(day=D(2024, 3, 1))[social_worker.pk] is None


@pytest.fixture
def plan(child):
    return CPPlanFactory(
        cin_episode=CINEpisodeFactory(child=child),
        start_date=D(2024, 2, 1),
        visit_frequency_days=10,
    )


def _cp_visit_due(child):
    items = worklist.due_items(children=[child], now=dt.datetime(2024, 2, 20, 12, tzinfo=dt.UTC))
    return next(i.due for i in items if i.label == "Child protection visit")


def test_a_child_in_need_visit_does_not_restart_the_cp_visit_clock_in_my_work(plan):
    VisitFactory(child=plan.child, kind=Visit.Kind.CIN, date=D(2024, 2, 12), child_seen=True)
    assert _cp_visit_due(plan.child) == clocks.cp_visit_due(D(2024, 2, 1), every_working_days=10)


def test_a_cp_visit_where_the_child_was_seen_restarts_it(plan):
    VisitFactory(child=plan.child, kind=Visit.Kind.CP, date=D(2024, 2, 12), child_seen=True)
    assert _cp_visit_due(plan.child) == clocks.cp_visit_due(D(2024, 2, 12), every_working_days=10)


def test_my_work_and_the_indicator_count_the_same_cp_visits(plan):
    VisitFactory(child=plan.child, kind=Visit.Kind.CIN, date=D(2024, 2, 14), child_seen=True)
    VisitFactory(child=plan.child, kind=Visit.Kind.CP, date=D(2024, 2, 5), child_seen=True)
    [row] = selectors.cp_visit_timeliness(day=D(2024, 2, 20))
    assert row.date == D(2024, 2, 5)
    assert _cp_visit_due(plan.child) == clocks.cp_visit_due(row.date, every_working_days=10)


def test_the_looked_after_review_indicator_uses_my_works_schedule(child):
    from hearth.care.models import LACReview
    from hearth.care.selectors import cla_review_timeliness
    from hearth.care.tests.factories import PeriodOfCareFactory

    period = PeriodOfCareFactory(child=child, start_date=D(2024, 1, 8))
    held = [D(2024, 2, 5), D(2024, 5, 3), D(2024, 11, 7)]
    for day in held:
        LACReview.objects.create(child=child, period=period, date=day, participation="PN1")
    rows = cla_review_timeliness(start=D(2024, 1, 1), end=D(2024, 12, 31))
    expected = [
        day <= clocks.lac_review_due(period.start_date, reviews=held[:i])
        for i, day in enumerate(held)
    ]
    assert [r[3] for r in rows] == expected == [True, True, False]
