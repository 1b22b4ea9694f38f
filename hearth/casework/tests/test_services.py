"""The casework actions write the records the returns need, and refuse what is invalid."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.access.models import AuditEntry
from hearth.casework import services
from hearth.casework.models import (
    CINEpisode,
    Contact,
    CPPlan,
    Section47Enquiry,
)
from hearth.casework.tests.factories import AssessmentFactory, ContactFactory
from hearth.core.calendar import LONDON
from hearth.core.chronology import chronology_for
from hearth.core.services import ConcurrentEditError

pytestmark = pytest.mark.django_db
D = dt.date


def at(*args):
    return dt.datetime(*args, tzinfo=LONDON)


def test_contact_about_a_new_child_creates_the_child_and_one_audit_entry(social_worker):
    before = AuditEntry.objects.count()
    contact = services.contact_record(
        new_child={
            "first_name": "Zed",
            "last_name": "Ng",
            "date_of_birth": D(2019, 2, 3),
            "sex": "M",
        },
        received_at=at(2024, 3, 4, 10, 0),
        source="1A",
        reason="Bruise",
        child_protection=True,
        acting_user=social_worker.user,
    )
    assert contact.child.la_child_id.startswith("H")
    assert AuditEntry.objects.count() - before == 1
    assert chronology_for(child=contact.child)[0].title.startswith("Contact from")


def test_contact_needs_a_child_or_new_child_details(social_worker):
    with pytest.raises(ValueError):
        services.contact_record(
            received_at=at(2024, 3, 4, 10), source="1A", reason="x", acting_user=social_worker.user
        )


def test_referral_decision_opens_a_cin_episode_on_the_decision_day(child, social_worker):
    contact = ContactFactory(child=child, received_at=at(2024, 3, 4, 10))
    services.front_door_decide(
        contact=contact,
        outcome="referral",
        decided_at=at(2024, 3, 5, 9),
        rationale="Needs assessment",
        primary_need="N1",
        acting_user=social_worker.user,
    )
    episode = CINEpisode.objects.get(child=child)
    assert (episode.referral_date, episode.contact, episode.referral_source) == (
        D(2024, 3, 5),
        contact,
        "1A",
    )


def test_decision_before_the_contact_is_refused(child, social_worker):
    contact = ContactFactory(child=child, received_at=at(2024, 3, 4, 10))
    with pytest.raises(ValidationError):
        services.front_door_decide(
            contact=contact,
            outcome="nfa",
            decided_at=at(2024, 3, 4, 9),
            rationale="x",
            acting_user=social_worker.user,
        )
    assert not Contact.objects.get(pk=contact.pk).__dict__.get("decision")


def test_assessment_completion_needs_analysis_factors_and_outcome(cin, social_worker):
    a = services.assessment_start(
        cin_episode=cin, start_date=D(2024, 1, 9), acting_user=social_worker.user
    )
    with pytest.raises(ValidationError) as exc:
        services.assessment_update(
            assessment=a,
            expected_version=a.version,
            analysis="",
            factors=[],
            child_seen=True,
            completed_date=D(2024, 2, 1),
            acting_user=social_worker.user,
        )
    assert set(exc.value.error_dict) == {
        "analysis",
        "factors",
        "requires_support",
        "seen_alone",
        "childs_views",
    }


def test_assessment_is_completed_then_authorised_by_a_manager(cin, social_worker, manager):
    a = services.assessment_start(
        cin_episode=cin, start_date=D(2024, 1, 9), acting_user=social_worker.user
    )
    services.assessment_update(
        assessment=a,
        expected_version=a.version,
        analysis="Neglect evident",
        factors=["2B", "3A"],
        child_seen=True,
        seen_alone=True,
        childs_views="I want Dad to stop shouting.",
        completed_date=D(2024, 2, 1),
        requires_support=True,
        acting_user=social_worker.user,
    )
    with pytest.raises(ValidationError):
        services.assessment_authorise(
            assessment=a,
            expected_version=a.version,
            authorised_date=D(2024, 2, 2),
            acting_user=social_worker.user,
        )
    services.assessment_authorise(
        assessment=a,
        expected_version=a.version,
        authorised_date=D(2024, 2, 2),
        acting_user=manager.user,
    )
    a.refresh_from_db()
    assert a.authorised_by == manager
    assert sorted(a.factors.values_list("code", flat=True)) == ["2B", "3A"]


def test_stale_version_is_refused_and_nothing_is_written(cin, social_worker):
    a = AssessmentFactory(cin_episode=cin)
    services.assessment_update(
        assessment=a,
        expected_version=1,
        analysis="first",
        factors=[],
        child_seen=True,
        acting_user=social_worker.user,
    )
    with pytest.raises(ConcurrentEditError):
        services.assessment_update(
            assessment=a,
            expected_version=1,
            analysis="second",
            factors=[],
            child_seen=True,
            acting_user=social_worker.user,
        )
    a.refresh_from_db()
    assert a.analysis == "first"


def test_strategy_discussion_starts_s47_with_icpc_due_in_15_working_days(cin, social_worker):
    services.strategy_discussion_record(
        cin_episode=cin,
        date=D(2024, 3, 28),
        police_attended=True,
        health_attended=True,
        section47_agreed=True,
        notes="",
        acting_user=social_worker.user,
    )
    assert Section47Enquiry.objects.get(child=cin.child).icpc_target_date == D(2024, 4, 22)


def test_icpc_starts_the_plan_review_changes_category_and_plan_ends_with_reason(cin, social_worker):
    services.conference_record(
        cin_episode=cin,
        kind="initial",
        date=D(2024, 2, 1),
        plan_required=True,
        category="NEG",
        acting_user=social_worker.user,
    )
    plan = CPPlan.objects.get(child=cin.child)
    assert (plan.start_date, plan.initial_category) == (D(2024, 2, 1), "NEG")
    services.conference_record(
        cin_episode=cin,
        kind="review",
        date=D(2024, 5, 1),
        plan_required=True,
        category="EMO",
        acting_user=social_worker.user,
    )
    plan.refresh_from_db()
    assert (plan.initial_category, plan.latest_category) == ("NEG", "EMO")
    with pytest.raises(ValidationError):
        services.cp_plan_end(
            plan=plan,
            expected_version=plan.version,
            end_date=D(2024, 6, 1),
            end_reason="",
            acting_user=social_worker.user,
        )
    services.cp_plan_end(
        plan=plan,
        expected_version=plan.version,
        end_date=D(2024, 6, 1),
        end_reason="risk_reduced",
        acting_user=social_worker.user,
    )
    plan.refresh_from_db()
    assert plan.end_reason == "risk_reduced"


def test_review_without_a_plan_is_refused(cin, social_worker):
    with pytest.raises(ValidationError):
        services.conference_record(
            cin_episode=cin,
            kind="review",
            date=D(2024, 2, 1),
            plan_required=True,
            category="NEG",
            acting_user=social_worker.user,
        )


def test_visit_needs_the_childs_views_when_seen(child, social_worker):
    with pytest.raises(ValidationError):
        services.visit_record(
            child=child,
            kind="cin",
            date=D(2024, 2, 1),
            child_seen=True,
            seen_alone=True,
            childs_views="",
            acting_user=social_worker.user,
        )
    visit = services.visit_record(
        child=child,
        kind="cin",
        date=D(2024, 2, 1),
        child_seen=True,
        seen_alone=True,
        childs_views="I'm fine",
        acting_user=social_worker.user,
    )
    assert visit.worker == social_worker


def test_future_visit_is_refused(child, social_worker):
    with pytest.raises(ValidationError):
        services.visit_record(
            child=child,
            kind="cin",
            date=timezone.localdate() + dt.timedelta(days=1),
            child_seen=False,
            seen_alone=False,
            childs_views="",
            acting_user=social_worker.user,
        )


def test_only_managers_record_oversight(child, social_worker, manager):
    with pytest.raises(ValidationError):
        services.oversight_record(
            child=child,
            date=D(2024, 2, 1),
            summary="x",
            decisions="",
            acting_user=social_worker.user,
        )
    services.oversight_record(
        child=child, date=D(2024, 2, 1), summary="Good work", decisions="", acting_user=manager.user
    )
    assert "Management oversight" in chronology_for(child=child)[0].title


def test_closing_the_case_ends_the_cin_plan(cin, social_worker):
    plan = services.cin_plan_start(
        cin_episode=cin,
        start_date=D(2024, 2, 1),
        review_due=D(2024, 5, 1),
        acting_user=social_worker.user,
    )
    services.cin_episode_close(
        episode=cin,
        expected_version=cin.version,
        closure_date=D(2024, 6, 1),
        closure_reason="RC1",
        acting_user=social_worker.user,
    )
    plan.refresh_from_db()
    assert plan.end_date == D(2024, 6, 1)


def test_early_help_step_up_opens_a_referral(child, social_worker):
    eh = services.early_help_start(
        child=child,
        start_date=D(2024, 1, 2),
        lead_professional="Ms Head",
        lead_agency="school",
        acting_user=social_worker.user,
    )
    services.early_help_end(
        episode=eh,
        expected_version=eh.version,
        end_date=D(2024, 3, 1),
        end_reason="step_up",
        acting_user=social_worker.user,
    )
    assert CINEpisode.objects.get(child=child).stepped_up_from == eh


def test_a_second_open_early_help_is_refused(child, social_worker):
    import datetime as dt

    from django.core.exceptions import ValidationError

    from hearth.casework import services

    services.early_help_start(
        child=child,
        start_date=dt.date(2024, 3, 1),
        lead_professional="Ms Head",
        lead_agency="school",
        acting_user=social_worker.user,
    )
    with pytest.raises(ValidationError, match="already has early help open since 1 Mar 2024"):
        services.early_help_start(
            child=child,
            start_date=dt.date(2024, 4, 1),
            lead_professional="Ms Head",
            lead_agency="school",
            acting_user=social_worker.user,
        )
