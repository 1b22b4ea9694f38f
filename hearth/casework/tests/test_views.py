"""Practice pages: they render, show the GOV.UK error summary on bad input, save good input,
and write exactly one audit entry per request about a child."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from hearth.access.models import AuditEntry
from hearth.care.tests.factories import LegalStatusFactory, PeriodOfCareFactory, PlacementFactory
from hearth.casework.models import Contact, CPPlan, SignificantEvent, Visit
from hearth.casework.tests.conftest import date_parts
from hearth.casework.tests.factories import AssessmentFactory, CINEpisodeFactory, ContactFactory

pytestmark = pytest.mark.django_db

CHILD_FORMS = [
    "child_work",
    "early_help_add",
    "referral_add",
    "visit_add",
    "event_add",
    "care_start",
    "health_check_add",
    "missing_add",
    "exploitation_add",
    "pathway_plan_add",
    "care_leaver_contact_add",
    "entitlements_add",
    "proceedings_add",
    "adoption_add",
    "deprivation_of_liberty",
    "kinship",
    "pre_proceedings",
]
CIN_FORMS = ["assessment_start", "cin_plan_add", "case_close", "strategy_add", "conference_add"]
CARE_FORMS = ["placement_change", "legal_status_change", "lac_review_add", "care_end"]


def _one_entry(client, method, url, data=None, child=None):
    last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = getattr(client, method)(url, data or {})
    new = list(AuditEntry.objects.filter(id__gt=last))
    assert len(new) == 1, [e.what for e in new]
    if child is not None:
        assert new[0].child_id == child.pk
    return response


@pytest.mark.parametrize("name", CHILD_FORMS + CIN_FORMS)
def test_child_pages_render_with_one_audit_entry(sw_client, child, cin, name):
    response = _one_entry(sw_client, "get", reverse(name, args=[child.pk]), child=child)
    assert response.status_code == 200


@pytest.mark.parametrize("name", CARE_FORMS)
def test_care_pages_render(sw_client, child, name):
    period = PeriodOfCareFactory(child=child)
    LegalStatusFactory(period=period)
    PlacementFactory(period=period)
    response = _one_entry(sw_client, "get", reverse(name, args=[child.pk]), child=child)
    assert response.status_code == 200


@pytest.mark.parametrize("name", CHILD_FORMS[1:] + CIN_FORMS)
def test_empty_post_shows_the_error_summary(sw_client, child, cin, name):
    response = _one_entry(sw_client, "post", reverse(name, args=[child.pk]), child=child)
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert "<title>Error: " in content


def test_another_teams_child_is_not_found(client, child):
    from hearth.access.tests.signin import force_login_verified
    from hearth.workforce.tests.factories import WorkerFactory

    force_login_verified(client, WorkerFactory().user)
    assert client.get(reverse("visit_add", args=[child.pk])).status_code == 404


def test_visit_is_recorded_and_appears_in_the_chronology(sw_client, child):
    data = {
        "kind": "cin",
        "child_seen": "yes",
        "seen_alone": "yes",
        "childs_views": "I want to stay at my school",
        **date_parts("date", dt.date(2024, 5, 1)),
    }
    response = _one_entry(sw_client, "post", reverse("visit_add", args=[child.pk]), data, child)
    assert response.status_code == 302
    assert Visit.objects.get(child=child).childs_views == "I want to stay at my school"
    chronology = sw_client.get(reverse("child_chronology", args=[child.pk])).content.decode()
    assert "I want to stay at my school" in chronology


def test_impossible_date_gets_a_plain_message(sw_client, child):
    data = {
        "kind": "cin",
        "child_seen": "no",
        "seen_alone": "no",
        "date_0": "31",
        "date_1": "2",
        "date_2": "2024",
    }
    content = sw_client.post(reverse("visit_add", args=[child.pk]), data).content.decode()
    assert "The date of the visit must be a real date" in content


def test_significant_event_is_added_to_the_chronology(sw_client, child):
    data = {"title": "Grandmother died", **date_parts("date", dt.date(2024, 4, 2))}
    response = sw_client.post(reverse("event_add", args=[child.pk]), data)
    assert response.status_code == 302
    assert SignificantEvent.objects.get(child=child).title == "Grandmother died"


def test_concurrent_edit_keeps_the_users_input_and_shows_the_latest(
    sw_client, child, cin, social_worker
):
    from hearth.casework import services

    a = AssessmentFactory(cin_episode=cin)
    url = reverse("assessment_edit", args=[child.pk, a.pk])
    services.assessment_update(
        assessment=a,
        expected_version=1,
        analysis="Saved by a colleague",
        factors=[],
        child_seen=True,
        acting_user=social_worker.user,
    )
    data = {"version": "1", "child_seen": "yes", "analysis": "My careful analysis"}
    response = _one_entry(sw_client, "post", url, data, child)
    assert response.status_code == 409
    content = response.content.decode()
    assert "changed by someone else" in content
    assert "My careful analysis" in content
    assert "Saved by a colleague" in content
    assert 'value="2"' in content  # saving again replaces the latest version


def test_cp_journey_through_the_views(sw_client, child, cin):
    url = reverse("conference_add", args=[child.pk])
    data = {
        "kind": "initial",
        "plan_required": "yes",
        "category": "NEG",
        "visit_frequency_days": "10",
        **date_parts("date", dt.date(2024, 2, 1)),
    }
    assert sw_client.post(url, data).status_code == 302
    plan = CPPlan.objects.get(child=child)
    response = sw_client.post(
        reverse("cp_plan_end", args=[child.pk]),
        {
            "version": plan.version,
            "end_reason": "risk_reduced",
            **date_parts("end_date", dt.date(2024, 8, 1)),
        },
    )
    assert response.status_code == 302


def test_contact_offers_matching_known_children_before_creating_a_new_one(
    client, child, social_worker
):
    from hearth.access.tests.signin import force_login_verified
    from hearth.workforce.tests.factories import WorkerFactory

    fd = WorkerFactory(role="front_door", user__role="front_door")
    force_login_verified(client, fd.user)
    data = {
        "first_name": "Mia",
        "last_name": "Turner",
        "sex": "F",
        "source": "1A",
        "reason": "Worried",
        "child_protection": "no",
        "received_at_time": "09:30",
        **date_parts("date_of_birth", child.date_of_birth),
        **date_parts("received_at", dt.date(2024, 6, 3)),
    }
    response = client.post(reverse("contact_add"), data)
    assert response.status_code == 200
    assert "may be the same child" in response.content.decode()
    assert not Contact.objects.exists()
    response = client.post(reverse("contact_add"), {**data, "match": str(child.pk)})
    assert response.status_code == 302
    assert Contact.objects.get().child == child
    queue = client.get(reverse("front_door")).content.decode()
    assert "Mia Turner" in queue


def test_my_work_lists_overdue_items_first(sw_client, child, cin):
    ContactFactory(child=child)
    response = _one_entry(sw_client, "get", reverse("my_work"))
    content = response.content.decode()
    assert "Assessment (not started)" in content
    assert "Overdue" in content


def test_team_page_shows_approvals_and_unallocated_cases(tm_client, child, cin):
    from hearth.casework.tests.factories import CINEpisodeFactory

    AssessmentFactory(cin_episode=cin, completed_date=dt.date(2024, 2, 1))
    orphan = CINEpisodeFactory().child
    content = tm_client.get(reverse("my_team")).content.decode()
    assert "Authorise assessment: Mia Turner" in content
    assert escape(orphan.full_name) in content  # a generated name may hold an apostrophe
    response = tm_client.get(reverse("allocate", args=[orphan.pk]))
    assert response.status_code == 200


def test_social_worker_cannot_see_the_team_page(sw_client):
    assert sw_client.get(reverse("my_team")).status_code == 403


def test_allocation_with_history(tm_client, child, social_worker, manager):
    from hearth.workforce.tests.factories import WorkerFactory

    new = WorkerFactory(team=social_worker.team)
    url = reverse("allocate", args=[child.pk])
    data = {
        "worker": new.pk,
        "kind": "social_worker",
        "reason": "caseload",
        **date_parts("start_date", dt.date(2024, 6, 3)),
    }
    assert _one_entry(tm_client, "post", url, data, child).status_code == 302
    content = tm_client.get(url).content.decode()
    assert escape(new.full_name) in content and escape(social_worker.full_name) in content


def test_team_page_counts_each_workers_open_cases_once_however_many_supervisions(
    client, manager, social_worker, child
):
    """Caseload and last supervision come from separate queries: joining a worker's
    allocations and supervisions together would multiply the caseload by the supervisions."""
    from hearth.access.tests.signin import force_login_verified
    from hearth.people.tests.factories import ChildFactory
    from hearth.workforce.models import Supervision
    from hearth.workforce.tests.factories import AllocationFactory

    AllocationFactory(child=ChildFactory(), worker=social_worker, start_date=dt.date(2024, 2, 1))
    for month in (1, 2, 3):
        Supervision.objects.create(
            worker=social_worker, supervisor=manager, date=dt.date(2024, month, 10)
        )
    force_login_verified(client, manager.user)
    workers = {w.pk: w for w in client.get(reverse("my_team")).context["workers"]}
    assert workers[social_worker.pk].caseload == 2
    assert workers[social_worker.pk].last_supervision == dt.date(2024, 3, 10)


def test_the_chronology_shows_that_the_event_was_added(sw_client, child):
    data = {"title": "Moved school", **date_parts("date", dt.date(2024, 4, 2))}
    response = sw_client.post(reverse("event_add", args=[child.pk]), data, follow=True)
    assert response.request["PATH_INFO"] == reverse("child_chronology", args=[child.pk])
    content = response.content.decode()
    assert "govuk-notification-banner--success" in content
    assert "Event added to the chronology" in content


def test_team_page_never_names_a_restricted_unallocated_child(client, manager):
    from hearth.access.tests.signin import force_login_verified
    from hearth.people.tests.factories import ChildFactory

    open_case = ChildFactory(first_name="Olive", last_name="Open")
    hidden = ChildFactory(first_name="Rita", last_name="Restricted", restricted=True)
    for child in (open_case, hidden):
        CINEpisodeFactory(child=child, referral_date=dt.date(2024, 1, 8))
    force_login_verified(client, manager.user)
    content = client.get(reverse("my_team")).content.decode()
    assert "Olive Open" in content
    assert "Restricted" not in content


def test_my_work_shows_new_work_at_once_after_it_was_kept(sw_client, child, cin):
    """Each child's due work is kept with the child's record version: a new assessment (here
    written without the services) replaces the due item at once."""
    assert "Assessment (not started)" in sw_client.get(reverse("my_work")).content.decode()
    AssessmentFactory(cin_episode=cin, start_date=dt.date(2024, 1, 9))
    content = sw_client.get(reverse("my_work")).content.decode()
    assert "Assessment (not started)" not in content
