"""Each indicator's value on small hand-written scenarios, worked out by hand.

The reporting year is 1 April 2025 to 31 March 2026 (as at 31 March 2026) unless a test says
otherwise.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hearth.care import selectors as care
from hearth.care.tests.factories import (
    LegalStatusFactory,
    PeriodOfCareFactory,
    PlacementFactory,
)
from hearth.casework import selectors as cw
from hearth.casework.tests.factories import (
    AssessmentFactory,
    CINEpisodeFactory,
    ContactFactory,
    CPPlanFactory,
    VisitFactory,
)
from hearth.core.models import Authority
from hearth.insight.indicators import REGISTRY, Scope, indicators
from hearth.insight.tests.factories import (
    CareLeaverContactFactory,
    ConferenceFactory,
    DecisionFactory,
    PostFactory,
    PostHoldingFactory,
    Section47Factory,
)
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.models import Worker
from hearth.workforce.tests.factories import AllocationFactory, TeamFactory, WorkerFactory

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 3, 31)
START = dt.date(2025, 4, 1)


def value(key, *, as_of=AS_OF, start=START, scope=None):
    return REGISTRY[key].compute(as_of=as_of, period_start=start, scope=scope)


def closed(child, referral, closure):
    return CINEpisodeFactory(
        child=child, referral_date=referral, closure_date=closure, closure_reason="RC7"
    )


def at(day: dt.date, hour: int, minute: int = 0):
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, minute))


# --- Registry ---------------------------------------------------------------------------------


def test_every_theme_has_indicators_and_not_recorded_ones_have_no_value():
    themes = {i.theme for i in indicators()}
    assert themes == {
        "front-door",
        "early-help",
        "family-help",
        "cin-cp",
        "children-in-care",
        "care-leavers",
        "adoption-proceedings",
        "practice-quality",
        "workforce",
        "wider-safeguarding",
    }
    # Every indicator is computed from records now: none is "not yet recorded".
    assert [k for k, ind in REGISTRY.items() if not ind.computed] == []
    for key in ("children-feedback", "case-audits", "chronology-updated"):
        assert REGISTRY[key].computed
        assert not REGISTRY[key].not_recorded
        assert value(key).value is None  # no surveys, audits or open cases: no value


# --- Front door -------------------------------------------------------------------------------


def test_contact_decision_within_one_working_day_skips_the_august_bank_holiday():
    # Friday 22 August 2025; Monday 25 August is the summer bank holiday.
    friday = dt.date(2025, 8, 22)
    on_time = ContactFactory(received_at=at(friday, 16))
    DecisionFactory(contact=on_time, decided_at=at(dt.date(2025, 8, 26), 17))  # Tuesday
    late = ContactFactory(received_at=at(friday, 16))
    DecisionFactory(contact=late, decided_at=at(dt.date(2025, 8, 27), 9))  # Wednesday
    ContactFactory(received_at=at(friday, 17))  # never decided: not on time

    result = value("contacts-decided-1wd")
    assert (result.numerator, result.denominator) == (1, 3)
    assert value("contacts").value == 3


def test_child_protection_contact_within_four_hours_is_inclusive():
    day = dt.date(2025, 6, 2)
    exact = ContactFactory(received_at=at(day, 10), child_protection=True)
    DecisionFactory(contact=exact, decided_at=at(day, 14))
    over = ContactFactory(received_at=at(day, 10), child_protection=True)
    DecisionFactory(contact=over, decided_at=at(day, 14, 1))
    ContactFactory(received_at=at(day, 10), child_protection=False)

    result = value("contacts-cp-4h")
    assert (result.numerator, result.denominator) == (1, 2)


# --- Referrals ---------------------------------------------------------------------------------


def test_re_referral_exactly_twelve_months_later_counts_one_day_more_does_not():
    # DfE: a referral within 12 months of a previous referral. Hearth (with the CIN selector)
    # reads "within" inclusively: a previous referral on the same date a year earlier counts.
    alice, bob, cara = ChildFactory(), ChildFactory(), ChildFactory()
    closed(alice, dt.date(2024, 5, 1), dt.date(2024, 6, 1))
    CINEpisodeFactory(child=alice, referral_date=dt.date(2025, 5, 1))  # exactly 12 months
    closed(bob, dt.date(2024, 5, 1), dt.date(2024, 6, 1))
    CINEpisodeFactory(child=bob, referral_date=dt.date(2025, 5, 2))  # 12 months and a day
    CINEpisodeFactory(child=cara, referral_date=dt.date(2025, 7, 1))  # first ever

    result = value("re-referrals")
    assert (result.numerator, result.denominator) == (1, 3)
    assert [m.child_id for m in result.members if m.counted] == [alice.pk]
    assert value("referrals").value == 3


def test_referral_rate_uses_the_authority_population():
    Authority.objects.create(
        name="Test", ons_code="E06000031", dfe_number=874, population_0_17=20_000
    )
    for _ in range(3):
        CINEpisodeFactory(referral_date=dt.date(2025, 9, 1))
    assert value("referral-rate").value == pytest.approx(1.5)  # 3 / 20,000 * 10,000


def test_episode_spanning_the_period_counts_in_the_stock_not_the_referrals():
    spanning = CINEpisodeFactory(referral_date=dt.date(2024, 1, 8))
    closed_on_the_day = closed(ChildFactory(), dt.date(2025, 6, 1), AS_OF)
    assert [m.child_id for m in value("cin").members] == [spanning.child_id]
    assert value("referrals").child_ids == [closed_on_the_day.child_id]


# --- Assessments and conferences: working-day clocks over bank holidays --------------------


def test_assessment_45_working_days_over_christmas():
    # 45 working days from Monday 1 December 2025, skipping 25, 26 December and 1 January:
    # Thursday 5 February 2026 (it would be 2 February without the bank holidays).
    start = dt.date(2025, 12, 1)
    AssessmentFactory(start_date=start, authorised_date=dt.date(2026, 2, 5))
    AssessmentFactory(start_date=start, authorised_date=dt.date(2026, 2, 6))

    result = value("assessments-45wd")
    assert (result.numerator, result.denominator) == (1, 2)
    assert sorted(m.measure for m in result.members) == [45, 46]


def test_assessment_rows_agree_with_the_timeliness_selector():
    AssessmentFactory(start_date=dt.date(2025, 12, 1), authorised_date=dt.date(2026, 2, 5))
    AssessmentFactory(start_date=dt.date(2025, 12, 1), authorised_date=dt.date(2026, 3, 5))
    p = cw.assessments_within_timescale(start=START, end=AS_OF)
    result = value("assessments-45wd")
    assert (result.numerator, result.denominator) == (p.numerator, p.denominator)


def test_icpc_within_15_working_days_over_easter_and_early_may():
    # S47 started Thursday 10 April 2025. Good Friday 18 April, Easter Monday 21 April and the
    # early May bank holiday (5 May) are skipped: day 15 is Tuesday 6 May 2025.
    on_time = Section47Factory(start_date=dt.date(2025, 4, 10))
    ConferenceFactory(cin_episode=on_time.cin_episode, section47=on_time, date=dt.date(2025, 5, 6))
    late = Section47Factory(start_date=dt.date(2025, 4, 10))
    ConferenceFactory(cin_episode=late.cin_episode, section47=late, date=dt.date(2025, 5, 7))
    Section47Factory(start_date=dt.date(2025, 4, 10))  # no conference

    result = value("icpc-15wd")
    assert (result.numerator, result.denominator) == (1, 2)
    leading = value("section-47-to-icpc")
    assert (leading.numerator, leading.denominator) == (2, 3)


# --- Child protection plans ------------------------------------------------------------------


def _plan(child, start, end=None, category="NEG"):
    episode = CINEpisodeFactory(child=child, referral_date=start - dt.timedelta(days=30))
    if end:
        episode.closure_date = end
        episode.closure_reason = "RC7"
        episode.save()
    return CPPlanFactory(
        cin_episode=episode,
        child=child,
        start_date=start,
        end_date=end,
        initial_category=category,
        latest_category=category,
        end_reason="risk_reduced" if end else "",
    )


def test_second_plans_ever_and_within_two_years_after_a_plan_ended_and_restarted():
    cara, dan, eve = ChildFactory(), ChildFactory(), ChildFactory()
    _plan(cara, dt.date(2023, 1, 10), dt.date(2024, 2, 1))
    _plan(cara, dt.date(2025, 6, 1), category="EMO")  # previous ended 16 months before
    _plan(dan, dt.date(2021, 1, 4), dt.date(2023, 5, 1))
    _plan(dan, dt.date(2025, 6, 1))  # previous ended 25 months before
    _plan(eve, dt.date(2025, 7, 1), category="PHY")  # first plan

    ever = value("cp-second")
    assert (ever.numerator, ever.denominator) == (2, 3)
    within = value("cp-second-2y")
    assert (within.numerator, within.denominator) == (1, 3)
    assert dict(value("cp-started").breakdown) == {
        "Neglect": 1,
        "Emotional abuse": 1,
        "Physical abuse": 1,
    }
    assert value("cp-plans").value == 3  # all three current plans, none ended


def test_plan_ending_on_the_as_at_date_is_not_open_and_two_years_exactly_counts_as_long():
    fay, gus = ChildFactory(), ChildFactory()
    _plan(fay, dt.date(2023, 6, 1), dt.date(2025, 6, 1))  # exactly 2 years
    _plan(gus, dt.date(2023, 6, 2), dt.date(2025, 6, 1))  # a day short
    _plan(ChildFactory(), dt.date(2025, 9, 1), AS_OF)

    assert value("cp-plans").value == 0
    long = value("cp-ended-2y")
    assert (long.numerator, long.denominator) == (1, 3)


def test_cp_visits_within_ten_working_days():
    seen, missed = ChildFactory(), ChildFactory()
    _plan(seen, dt.date(2026, 1, 5))
    _plan(missed, dt.date(2026, 1, 5))
    VisitFactory(child=seen, kind="cp", date=dt.date(2026, 3, 17))  # 10 working days before
    VisitFactory(child=missed, kind="cp", date=dt.date(2026, 3, 16))  # 11 working days before
    result = value("cp-visits")
    assert (result.numerator, result.denominator) == (1, 2)


# --- Children looked after --------------------------------------------------------------------


def _in_care(child, start, end=None, code="C2", reason=""):
    period = PeriodOfCareFactory(child=child, start_date=start, end_date=end, reason_ceased=reason)
    LegalStatusFactory(period=period, code=code, start_date=start, end_date=end)
    PlacementFactory(period=period, start_date=start, end_date=end)
    return period


def test_short_breaks_are_not_looked_after():
    _in_care(ChildFactory(), dt.date(2025, 5, 1))
    _in_care(ChildFactory(), dt.date(2025, 5, 1), code="V3")
    assert value("cla").value == 1
    assert value("cla-started").value == 1


def test_child_turning_18_mid_period_has_left_care_and_is_a_care_leaver():
    hana = ChildFactory(date_of_birth=dt.date(2007, 10, 1))
    _in_care(hana, dt.date(2019, 1, 7), dt.date(2025, 10, 1), reason="E17")  # her 18th birthday
    CareLeaverContactFactory(child=hana, date=dt.date(2025, 9, 15), in_touch="YES")
    still = ChildFactory(date_of_birth=dt.date(2012, 2, 1))
    _in_care(still, dt.date(2024, 1, 8))

    assert value("cla").child_ids == [still.pk]
    assert value("cla-ceased").child_ids == [hana.pk]
    touch = value("leavers-17-18-in-touch")
    assert (touch.numerator, touch.denominator) == (1, 1)
    eet = value("leavers-17-18-eet")
    assert (eet.numerator, eet.denominator) == (1, 1)


def test_care_leaver_rows_agree_with_the_eet_selector():
    ivy = ChildFactory(date_of_birth=dt.date(2005, 11, 1))
    _in_care(ivy, dt.date(2018, 1, 8), dt.date(2023, 11, 1), reason="E17")
    CareLeaverContactFactory(child=ivy, date=dt.date(2025, 10, 20), activity="G5")
    jo = ChildFactory(date_of_birth=dt.date(2005, 12, 1))
    _in_care(jo, dt.date(2018, 1, 8), dt.date(2023, 12, 1), reason="E17")
    CareLeaverContactFactory(child=jo, date=dt.date(2025, 11, 20), activity="F5")

    p = care.care_leavers_eet(start=START, end=AS_OF)
    result = value("leavers-19-21-eet")
    assert (result.numerator, result.denominator) == (p.numerator, p.denominator) == (1, 2)


def test_three_placements_in_the_year_and_agreement_with_the_selector():
    kai = ChildFactory()
    period = PeriodOfCareFactory(child=kai, start_date=dt.date(2025, 5, 1))
    LegalStatusFactory(period=period)
    PlacementFactory(
        period=period,
        start_date=dt.date(2025, 5, 1),
        end_date=dt.date(2025, 7, 1),
        reason_changed="CARPL",
    )
    PlacementFactory(
        period=period,
        start_date=dt.date(2025, 7, 1),
        end_date=dt.date(2025, 9, 1),
        reason_changed="CARPL",
    )
    PlacementFactory(period=period, start_date=dt.date(2025, 9, 1))
    _in_care(ChildFactory(), dt.date(2025, 5, 1))

    result = value("cla-3-placements")
    p = care.three_or_more_placements(start=START, end=AS_OF)
    assert (result.numerator, result.denominator) == (p.numerator, p.denominator) == (1, 2)


# --- Scope ------------------------------------------------------------------------------------


def test_team_scope_counts_children_allocated_to_the_team_in_the_period():
    north, south = TeamFactory(name="North"), TeamFactory(name="South")
    nina = WorkerFactory(team=north)
    a, b = ChildFactory(), ChildFactory()
    AllocationFactory(child=a, worker=nina, start_date=dt.date(2025, 4, 2))
    AllocationFactory(child=b, worker=WorkerFactory(team=south), start_date=dt.date(2025, 4, 2))
    CINEpisodeFactory(child=a, referral_date=dt.date(2025, 4, 1))
    CINEpisodeFactory(child=b, referral_date=dt.date(2025, 4, 1))

    assert value("referrals").value == 2
    assert value("referrals", scope=Scope.team(north.pk)).child_ids == [a.pk]
    assert value("cin", scope=Scope.worker(nina.pk)).child_ids == [a.pk]
    assert value("referral-rate", scope=Scope.team(north.pk)).value is None  # LA only
    assert value("unallocated").value == 0


# --- Workforce --------------------------------------------------------------------------------


def test_vacancy_rate_counts_agency_covered_posts_as_vacant():
    team = TeamFactory()
    PostHoldingFactory(post=PostFactory(team=team), worker=WorkerFactory(team=team))
    agency = WorkerFactory(team=team, employment=Worker.Employment.AGENCY)
    PostHoldingFactory(post=PostFactory(team=team), worker=agency)
    PostFactory(team=team)
    PostFactory(team=team, fte=0.5)

    result = value("vacancy-rate")
    assert result.value == pytest.approx(100 * 2.5 / 3.5)
    assert value("posts", scope=Scope.team(team.pk)).value == 4
