"""The pages the IRO, the personal adviser and the early help practitioner land on."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from hearth.access.models import AuditEntry, User
from hearth.access.tests.signin import force_login_verified
from hearth.care.models import CareLeaverContact, LACReview, PathwayPlan
from hearth.care.tests.factories import PeriodOfCareFactory
from hearth.casework import clocks, rolework
from hearth.casework.models import EarlyHelpEpisode
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.models import Allocation
from hearth.workforce.tests.factories import AllocationFactory, WorkerFactory

pytestmark = pytest.mark.django_db


def _worker(role: str):
    return WorkerFactory(role=role, user__role=role)


def _looked_after_child_of(iro):
    period = PeriodOfCareFactory(start_date=dt.date(2024, 4, 2))
    AllocationFactory(child=period.child, worker=iro, kind=Allocation.Kind.IRO)
    return period


def test_iro_diary_lists_reviews_due_for_the_iros_children_with_last_participation():
    iro = _worker(User.Role.IRO)
    period = _looked_after_child_of(iro)
    LACReview.objects.create(
        child=period.child, period=period, date=dt.date(2024, 4, 20), participation="PN1", iro=iro
    )
    diary = rolework.iro_diary(user=iro.user)
    assert [(e.due.child, e.due.label) for e in diary.upcoming] == [
        (period.child, "Looked-after review")
    ]
    # One review held: the second is due three months after the first.
    assert diary.upcoming[0].due.due == dt.date(2024, 7, 20)
    assert diary.upcoming[0].last_participation == "Child attended and spoke for themselves"


def test_iro_diary_leaves_out_social_work_tasks():
    iro = _worker(User.Role.IRO)
    _looked_after_child_of(iro)
    labels = {e.due.label for e in rolework.iro_diary(user=iro.user).upcoming}
    assert labels <= set(rolework.CHAIRED)
    assert "Health assessment" not in labels


def test_iro_diary_lists_meetings_chaired_in_the_last_three_months():
    iro = _worker(User.Role.IRO)
    period = _looked_after_child_of(iro)
    today = timezone.localdate()
    LACReview.objects.create(
        child=period.child, period=period, date=today, participation="PN3", iro=iro
    )
    LACReview.objects.create(
        child=period.child,
        period=period,
        date=today - dt.timedelta(days=200),
        participation="PN1",
        iro=iro,
    )
    chaired = rolework.iro_diary(user=iro.user).chaired
    assert [(m.child, m.date) for m in chaired] == [(period.child, today)]


def test_iro_diary_does_not_show_another_iros_children():
    iro, other = _worker(User.Role.IRO), _worker(User.Role.IRO)
    _looked_after_child_of(other)
    assert rolework.iro_diary(user=iro.user).upcoming == []


def test_iro_diary_page_shows_the_child_and_is_audited(client):
    iro = _worker(User.Role.IRO)
    period = _looked_after_child_of(iro)
    force_login_verified(client, iro.user)
    response = client.get(reverse("iro_diary"))
    assert escape(period.child.full_name) in response.content.decode()
    assert AuditEntry.objects.filter(user=iro.user, what__startswith="My diary").exists()


def test_care_leavers_page_lists_plan_dates_last_contact_and_social_worker():
    pa = _worker(User.Role.PERSONAL_ADVISER)
    child = ChildFactory(date_of_birth=dt.date(2006, 3, 1))
    AllocationFactory(child=child, worker=pa, kind=Allocation.Kind.PERSONAL_ADVISER)
    sw = WorkerFactory()
    AllocationFactory(child=child, worker=sw, kind=Allocation.Kind.SOCIAL_WORKER)
    PathwayPlan.objects.create(
        child=child, date=dt.date(2025, 1, 10), review_due=dt.date(2025, 7, 10)
    )
    CareLeaverContact.objects.create(
        child=child, date=dt.date(2025, 2, 1), in_touch="YES", activity="F1", accommodation="B1"
    )
    [row] = rolework.care_leavers_for(user=pa.user)
    assert row.child == child
    assert row.plan_due == dt.date(2025, 7, 10)
    assert row.plan_state == "overdue"
    assert row.last_contact.date == dt.date(2025, 2, 1)
    assert row.social_worker.worker == sw


def test_care_leavers_without_a_plan_are_due_one_by_the_clocks_date():
    pa = _worker(User.Role.PERSONAL_ADVISER)
    child = ChildFactory(date_of_birth=dt.date(2010, 6, 1))
    AllocationFactory(child=child, worker=pa, kind=Allocation.Kind.PERSONAL_ADVISER)
    [row] = rolework.care_leavers_for(user=pa.user)
    assert row.plan is None
    assert row.plan_due == clocks.pathway_plan_due(dt.date(2010, 6, 1))


def test_early_help_families_lists_open_episodes_longest_first(client):
    eh = _worker(User.Role.EARLY_HELP)
    newer, older = ChildFactory(), ChildFactory()
    for child, start in ((newer, dt.date(2025, 3, 1)), (older, dt.date(2024, 9, 1))):
        AllocationFactory(child=child, worker=eh, kind=Allocation.Kind.EARLY_HELP)
        EarlyHelpEpisode.objects.create(
            child=child, start_date=start, lead_professional="A Teacher", lead_agency="school"
        )
    rows = rolework.early_help_families(user=eh.user)
    assert [r.child for r in rows] == [older, newer]
    force_login_verified(client, eh.user)
    content = client.get(reverse("early_help_families")).content.decode()
    assert escape(older.full_name) in content and "A Teacher (School)" in content


def test_early_help_families_leave_out_ended_episodes():
    eh = _worker(User.Role.EARLY_HELP)
    child = ChildFactory()
    AllocationFactory(child=child, worker=eh, kind=Allocation.Kind.EARLY_HELP)
    EarlyHelpEpisode.objects.create(
        child=child,
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2024, 6, 1),
        end_reason="needs_met",
        lead_professional="A Teacher",
        lead_agency="school",
    )
    [row] = rolework.early_help_families(user=eh.user)
    assert row.episode is None


# The team manager's view of each worker ----------------------------------------------------------


def _open_cin_child_of(worker, **child_fields):
    from hearth.casework.tests.factories import CINEpisodeFactory

    child = ChildFactory(**child_fields)
    AllocationFactory(child=child, worker=worker, start_date=dt.date(2024, 1, 2))
    CINEpisodeFactory(child=child, referral_date=dt.date(2024, 1, 2))
    return child


def test_team_page_shows_management_oversight_per_worker(client, manager, social_worker):
    from hearth.casework.models import ManagementOversight

    seen = _open_cin_child_of(social_worker)
    _open_cin_child_of(social_worker)
    ManagementOversight.objects.create(
        child=seen, manager=manager, date=timezone.localdate(), summary="Reviewed the plan"
    )
    force_login_verified(client, manager.user)
    response = client.get(reverse("my_team"))
    row = next(w for w in response.context["workers"] if w.pk == social_worker.pk)
    assert (row.oversight_done, row.oversight_cases) == (1, 2)
    content = response.content.decode()
    assert "1 of 2 child in need cases" in content
    assert reverse("worker_caseload", args=[social_worker.pk]) in content


def test_worker_caseload_lists_the_workers_children_for_their_manager(
    client, manager, social_worker, child
):
    force_login_verified(client, manager.user)
    response = client.get(reverse("worker_caseload", args=[social_worker.pk]))
    assert [r["child"] for r in response.context["rows"]] == [child]
    assert AuditEntry.objects.filter(
        user=manager.user, what=f"Caseload of {social_worker.full_name}"
    ).exists()


def test_worker_caseload_hides_a_restricted_child_from_a_manager_not_named(
    client, manager, social_worker, child
):
    hidden = ChildFactory(first_name="Hidden", last_name="Person", restricted=True)
    AllocationFactory(child=hidden, worker=social_worker)
    force_login_verified(client, manager.user)
    response = client.get(reverse("worker_caseload", args=[social_worker.pk]))
    assert [r["child"] for r in response.context["rows"]] == [child]
    assert "Hidden" not in response.content.decode()


def test_worker_caseload_refuses_a_manager_of_another_team(client, social_worker):
    from hearth.workforce.tests.factories import TeamFactory

    other_team = TeamFactory()
    other = WorkerFactory(team=other_team, role="team_manager", user__role="team_manager")
    other_team.manager = other
    other_team.save()
    force_login_verified(client, other.user)
    assert client.get(reverse("worker_caseload", args=[social_worker.pk])).status_code == 403
