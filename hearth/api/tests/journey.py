"""One of each journey record on a child, and a second of each struck through (archived), for the
API's journey endpoints: the live one must be listed, the struck one never."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hearth.care.models import LACReview, MissingEpisode, PathwayPlan
from hearth.care.tests.factories import LegalStatusFactory, PeriodOfCareFactory, PlacementFactory
from hearth.casework.corrections import entry_strike
from hearth.casework.models import (
    AssessmentFactor,
    ChildProtectionConference,
    CINPlan,
    CINPlanReview,
    Section47Enquiry,
    StrategyDiscussion,
)
from hearth.casework.tests.factories import AssessmentFactory, CINEpisodeFactory, CPPlanFactory

D = dt.date(2024, 1, 8)

# url name → the model label of the records it lists
ENDPOINTS = {
    "api_child_cin_episodes": "cinepisode",
    "api_child_assessments": "assessment",
    "api_child_cin_plans": "cinplan",
    "api_child_strategy_discussions": "strategydiscussion",
    "api_child_section47s": "section47enquiry",
    "api_child_cp_plans": "cpplan",
    "api_child_conferences": "childprotectionconference",
    "api_child_periods_of_care": "periodofcare",
    "api_child_lac_reviews": "lacreview",
    "api_child_missing_episodes": "missingepisode",
    "api_child_pathway_plans": "pathwayplan",
}


def _records(child, *, closed: bool) -> dict:
    """One of each; `closed` ends the CP plan and the period of care (a child has one open)."""
    end = D + dt.timedelta(days=250) if closed else None
    cin = CINEpisodeFactory(
        child=child, referral_date=D, closure_date=D + dt.timedelta(days=300), closure_reason="RC1"
    )
    assessment = AssessmentFactory(
        cin_episode=cin, completed_date=D + dt.timedelta(days=20), authorised_date=D
    )
    AssessmentFactor.objects.create(assessment=assessment, code="2B")
    plan = CINPlan.objects.create(
        child=child, cin_episode=cin, start_date=D, review_due=D + dt.timedelta(days=90)
    )
    CINPlanReview.objects.create(
        child=child,
        plan=plan,
        date=D + dt.timedelta(days=80),
        childs_views="Likes the new school",
        progress="Better",
        outcome="continue",
    )
    strategy = StrategyDiscussion.objects.create(child=child, cin_episode=cin, date=D)
    s47 = Section47Enquiry.objects.create(
        child=child, cin_episode=cin, strategy_discussion=strategy, start_date=D
    )
    cp_plan = CPPlanFactory(cin_episode=cin, start_date=D + dt.timedelta(days=10), end_date=end)
    conference = ChildProtectionConference.objects.create(
        child=child,
        cin_episode=cin,
        section47=s47,
        cp_plan=cp_plan,
        kind="initial",
        date=D + dt.timedelta(days=10),
    )
    period = PeriodOfCareFactory(
        child=child,
        end_date=end and D + dt.timedelta(days=400),
        reason_ceased="E11" if closed else "",
    )
    LegalStatusFactory(period=period)
    PlacementFactory(period=period)
    review = LACReview.objects.create(
        child=child,
        period=period,
        date=period.start_date + dt.timedelta(days=20),
        participation="PN1",
    )
    missing = MissingEpisode.objects.create(
        child=child, started_at=timezone.now() - dt.timedelta(days=2), push_factors=["bullying"]
    )
    pathway = PathwayPlan.objects.create(
        child=child, date=D, review_due=D + dt.timedelta(days=180), summary="Wants college"
    )
    return {
        "cinepisode": cin,
        "assessment": assessment,
        "cinplan": plan,
        "strategydiscussion": strategy,
        "section47enquiry": s47,
        "cpplan": cp_plan,
        "childprotectionconference": conference,
        "periodofcare": period,
        "lacreview": review,
        "missingepisode": missing,
        "pathwayplan": pathway,
    }


def records_for(child) -> dict:
    """One live record of each kind the API lists (model label → record)."""
    return _records(child, closed=True)


def journey(child, *, striker) -> tuple[dict, dict]:
    """(live, struck): one record of each kind the API lists, twice over; the second set struck
    through by `striker` (the correction service), dependants before the records they hang on."""
    live = _records(child, closed=True)
    struck = _records(child, closed=False)
    order = [
        "childprotectionconference",
        "cpplan",
        "section47enquiry",
        "strategydiscussion",
        "assessment",
        "cinplan",
        "lacreview",
        "periodofcare",
        "missingepisode",
        "pathwayplan",
        "cinepisode",
    ]
    for key in order:
        record = struck[key]
        if key == "assessment":
            record.factors.all().delete()
        if key == "cinplan":
            for review in record.reviews.all():
                _strike(review, striker)
        if key == "periodofcare":
            for child_record in [*record.placements.all(), *record.legal_statuses.all()]:
                _strike(child_record, striker)
        record.refresh_from_db()
        _strike(record, striker)
    return live, struck


def _strike(record, striker) -> None:
    record.refresh_from_db()
    entry_strike(
        entry=record,
        reason="Recorded on the wrong child",
        expected_version=record.version,
        acting_user=striker,
    )
