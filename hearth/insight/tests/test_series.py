"""The set-based 12-month trends equal the per-date computation, on a hand-built scenario.

The scenario has records that start, end and restart across the year so that each monthly point
differs: episodes opening and closing mid-year, a short break, a re-referral, a plan with visits
then a gap, allocations that end, a post filled then vacated, supervision that lapses, and a care
leaver whose 19th birthday falls in the year.
"""

from __future__ import annotations

import datetime as dt

import pytest

from hearth.care import selectors as care
from hearth.care.tests.factories import LegalStatusFactory, PeriodOfCareFactory, PlacementFactory
from hearth.casework import selectors as cw
from hearth.casework.tests.factories import (
    AssessmentFactory,
    CINEpisodeFactory,
    CPPlanFactory,
    VisitFactory,
)
from hearth.core.models import Authority
from hearth.insight.evaluate import month_ends, values_for
from hearth.insight.indicators import REGISTRY, Scope, default_period_start, indicators
from hearth.insight.indicators.series import compute_series
from hearth.insight.tests.factories import (
    CareLeaverContactFactory,
    PostFactory,
    PostHoldingFactory,
)
from hearth.people.tests.factories import ChildFactory
from hearth.workforce import selectors as wf
from hearth.workforce.models import Supervision
from hearth.workforce.tests.factories import AllocationFactory, TeamFactory, WorkerFactory

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 3, 31)
POINTS = month_ends(AS_OF)
WINDOWS = [(p, default_period_start(p)) for p in POINTS]
D = dt.date


@pytest.fixture
def scenario():
    Authority.objects.create(
        name="Testshire", ons_code="E0600001", dfe_number=999, population_0_17=4500
    )
    north = TeamFactory(name="North")
    nina = WorkerFactory(team=north, start_date=D(2020, 1, 6))
    omar = WorkerFactory(team=north, start_date=D(2025, 9, 1), leave_date=D(2026, 1, 31))
    boss = WorkerFactory(team=north, role="team_manager", start_date=D(2019, 1, 7))
    Supervision.objects.create(worker=nina, supervisor=boss, date=D(2025, 6, 15))
    Supervision.objects.create(worker=nina, supervisor=boss, date=D(2026, 3, 10))
    post = PostFactory(team=north)
    PostHoldingFactory(post=post, worker=nina, start_date=D(2020, 1, 6), end_date=D(2025, 10, 31))
    PostFactory(team=north, fte=0.5, start_date=D(2025, 7, 1))

    amy, ben, cal, dee, eve = (ChildFactory() for _ in range(5))
    # Amy: referred, closed, re-referred 11 months later; allocated part of the year.
    first = CINEpisodeFactory(
        child=amy, referral_date=D(2025, 4, 10), closure_date=D(2025, 8, 1), closure_reason="RC7"
    )
    CINEpisodeFactory(child=amy, referral_date=D(2026, 3, 1))
    AllocationFactory(child=amy, worker=nina, start_date=D(2025, 4, 11), end_date=D(2025, 8, 1))
    AllocationFactory(child=amy, worker=omar, start_date=D(2026, 3, 2))
    AssessmentFactory(cin_episode=first, start_date=D(2025, 4, 11), authorised_date=D(2025, 6, 20))
    # Ben: on a plan from May, visited until November, then not.
    bens = CINEpisodeFactory(child=ben, referral_date=D(2025, 5, 1))
    AllocationFactory(child=ben, worker=nina, start_date=D(2025, 5, 1))
    CPPlanFactory(cin_episode=bens, start_date=D(2025, 5, 20))
    for day in (D(2025, 6, 2), D(2025, 8, 28), D(2025, 11, 20)):
        VisitFactory(child=ben, kind="cp", date=day)
    # Cal: in care from July with three placements; a short break before that.
    short = PeriodOfCareFactory(
        child=cal, start_date=D(2025, 4, 1), end_date=D(2025, 4, 5), reason_ceased="E13"
    )
    LegalStatusFactory(period=short, code="V3", start_date=D(2025, 4, 1), end_date=D(2025, 4, 5))
    period = PeriodOfCareFactory(child=cal, start_date=D(2025, 7, 1))
    LegalStatusFactory(period=period, start_date=D(2025, 7, 1))
    for start, end in ((D(2025, 7, 1), D(2025, 9, 1)), (D(2025, 9, 1), D(2025, 12, 1))):
        PlacementFactory(period=period, start_date=start, end_date=end, reason_changed="CARPL")
    PlacementFactory(period=period, start_date=D(2025, 12, 1))
    CINEpisodeFactory(child=cal, referral_date=D(2025, 6, 20))
    # Dee: a care leaver whose 19th birthday is in November 2025.
    dee.date_of_birth = D(2006, 11, 15)
    dee.save()
    left = PeriodOfCareFactory(
        child=dee, start_date=D(2019, 1, 7), end_date=D(2024, 11, 15), reason_ceased="E17"
    )
    LegalStatusFactory(period=left, start_date=D(2019, 1, 7), end_date=D(2024, 11, 15))
    CareLeaverContactFactory(child=dee, date=D(2025, 10, 1), activity="F2")
    # Fay: records starting and ending exactly on month ends (open on the start day, not on
    # the end day; a post is established on its end day).
    fay = ChildFactory()
    fays = CINEpisodeFactory(
        child=fay, referral_date=D(2025, 6, 30), closure_date=D(2025, 9, 30), closure_reason="RC7"
    )
    CPPlanFactory(cin_episode=fays, start_date=D(2025, 7, 31), end_date=D(2025, 9, 30))
    AllocationFactory(child=fay, worker=nina, start_date=D(2025, 6, 30), end_date=D(2025, 8, 31))
    PostFactory(team=north, start_date=D(2025, 4, 30), end_date=D(2025, 12, 31))
    # Eve: an open CIN episode, never allocated.
    CINEpisodeFactory(child=eve, referral_date=D(2025, 10, 3))
    return {"north": north, "nina": nina}


def _fast_equals_slow(keys, scope=None):
    for key in keys:
        ind = REGISTRY[key]
        fast = compute_series(ind, WINDOWS, scope=scope)
        for (as_of, start), got in zip(WINDOWS, fast, strict=True):
            want = ind.compute(as_of=as_of, period_start=start, scope=scope)
            assert got.summary() == want.summary(), (key, as_of)
            assert sorted(map(repr, got.members)) == sorted(map(repr, want.members)), (key, as_of)


def test_every_indicator_with_a_set_based_series_equals_its_per_date_values(scenario):
    keys = [i.key for i in indicators() if i.computed and i.series]
    assert len(keys) > 40
    _fast_equals_slow(keys)
    # ... and the scenario does move through the year.
    trend = [r.value for r in compute_series(REGISTRY["cin"], WINDOWS)]
    assert len(set(trend)) > 2


def test_the_series_equals_per_date_values_for_a_team(scenario):
    _fast_equals_slow(
        ["cin", "unallocated", "cp-visits", "referrals", "re-referrals", "caseload-mean"],
        scope=Scope.team(scenario["north"].pk),
    )


def test_on_days_selectors_equal_their_per_day_originals(scenario):
    days = POINTS
    cin = cw.cin_open_on_days(days=days)
    visits = cw.cp_visit_timeliness_on_days(days=days)
    cla = care.cla_open_on_days(days=days)
    loads = wf.caseloads_on_days(days=days)
    unallocated = wf.unallocated_open_cases_on_days(days=days)
    supervision = wf.supervision_on_time_on_days(days=days)
    leavers = care.care_leavers_on_days(days=days)
    for day in days:
        assert sorted(r[0] for r in cin[day]) == sorted(
            cw.cin_open_on(day=day).values_list("pk", flat=True)
        )
        assert sorted(visits[day], key=lambda t: t.pk) == sorted(
            cw.cp_visit_timeliness(day=day), key=lambda t: t.pk
        )
        assert sorted(r[1] for r in cla[day]) == sorted(
            care.cla_open_on(day=day).values_list("child_id", flat=True)
        )
        assert loads[day] == wf.caseloads_on(day=day)
        assert sorted(r[0] for r in unallocated[day]) == sorted(
            wf.unallocated_open_cases_on(day=day).values_list("pk", flat=True)
        )
        assert supervision[day] == wf.supervision_on_time(day=day)
        assert leavers[day] == care.care_leavers(day=day)


def test_a_trend_costs_a_few_queries_per_indicator_not_a_few_per_month(
    scenario, django_assert_max_num_queries
):
    inds = [REGISTRY[k] for k in ("cin-rate", "unallocated", "cp-visits", "re-referrals")]
    with django_assert_max_num_queries(12):
        values_for(inds, as_of=AS_OF, points=POINTS)


def test_re_referral_rows_agree_with_the_cin_selector(scenario):
    for as_of, start in WINDOWS:
        flagged = {
            pk for pk, _c, _d, again in cw.re_referral_flags(start=start, end=as_of) if again
        }
        assert flagged == set(
            cw.re_referrals_within_12_months(start=start, end=as_of).values_list("pk", flat=True)
        )
    assert any(again for *_r, again in cw.re_referral_flags(start=WINDOWS[-1][1], end=AS_OF))
