"""Breaking the glass, the break-glass report, who has viewed a record, named people on
restricted records, and the auditor's search, export and verification."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from hearth.access import audit, services
from hearth.access.models import AccessGrant, AuditEntry, User
from hearth.access.selectors import children_visible_to
from hearth.access.tests.factories import UserFactory
from hearth.access.tests.signin import force_login_verified
from hearth.access.tests.tampering import bypassing_the_database
from hearth.workforce.tests.factories import AllocationFactory, WorkerFactory

pytestmark = pytest.mark.django_db
R = User.Role
REASON = "Police called out of hours about a missing sibling"


# The service ---------------------------------------------------------------------------------


def test_break_glass_grants_24_hours_and_makes_the_child_visible(world):
    user = world.team_b_worker
    grant = services.break_glass(user=user, child=world.child, reason=REASON)
    assert grant.kind == AccessGrant.Kind.BREAK_GLASS
    assert grant.expires_at - grant.granted_at == dt.timedelta(hours=24)
    assert world.child in children_visible_to(user=user)
    entry = AuditEntry.objects.get(action="break_glass")
    assert (entry.user, entry.child, entry.reason) == (user, world.child, REASON)


def test_break_glass_needs_a_proper_reason(world):
    with pytest.raises(ValidationError):
        services.break_glass(user=world.team_b_worker, child=world.child, reason="need it")
    assert not AccessGrant.objects.filter(kind="break_glass").exists()


@pytest.mark.parametrize("role", [R.EARLY_HELP, R.ANALYST, R.ADMIN, R.AUDITOR])
def test_roles_without_case_work_cannot_break_the_glass(world, role):
    with pytest.raises(ValidationError):
        services.break_glass(user=world.users[role], child=world.child, reason=REASON)


def test_nobody_can_break_the_glass_on_a_restricted_record(world):
    with pytest.raises(ValidationError):
        services.break_glass(
            user=world.users[R.SOCIAL_WORKER], child=world.restricted, reason=REASON
        )


def test_an_expired_break_glass_grant_no_longer_opens_the_record(world):
    grant = services.break_glass(user=world.team_b_worker, child=world.child, reason=REASON)
    grant.expires_at = timezone.now() - dt.timedelta(seconds=1)
    grant.save()
    assert world.child not in children_visible_to(user=world.team_b_worker)


# The page ------------------------------------------------------------------------------------


def test_a_short_reason_shows_the_govuk_error_summary(world):
    client = world.client_for("team_b_social_worker")
    response = client.post(reverse("break_glass", kwargs={"pk": world.child.pk}), {"reason": "x"})
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "Reason must be 20 characters or more" in content
    assert response.context["form"].errors


def test_breaking_the_glass_opens_the_record(world):
    client = world.client_for("team_b_social_worker")
    summary = reverse("child_summary", kwargs={"pk": world.child.pk})
    assert client.get(summary).status_code == 403
    response = client.post(
        reverse("break_glass", kwargs={"pk": world.child.pk}), {"reason": REASON}
    )
    assert response.url == summary
    assert client.get(summary).status_code == 200


# The report ----------------------------------------------------------------------------------


@pytest.fixture
def broken_glass(world):
    return services.break_glass(user=world.team_b_worker, child=world.child, reason=REASON)


@pytest.mark.parametrize("role", [R.TEAM_MANAGER, R.SENIOR_LEADER, R.AUDITOR])
def test_the_report_lists_who_when_which_child_and_why(world, broken_glass, role):
    content = world.client_for(role).get(reverse("break_glass_report")).content.decode()
    assert REASON in content
    assert "C0000101" in content
    assert escape(broken_glass.user.get_full_name()) in content


def test_another_teams_manager_is_not_told(world, broken_glass):
    from hearth.workforce.tests.factories import WorkerFactory

    other = WorkerFactory(team=world.team_b_worker.worker.team, user__role=R.TEAM_MANAGER).user
    from django.test import Client

    from hearth.access.tests.signin import force_login_verified

    client = Client()
    force_login_verified(client, other)
    assert REASON not in client.get(reverse("break_glass_report")).content.decode()


# Who has viewed this record ------------------------------------------------------------------


def test_who_has_viewed_lists_views_with_who_when_what_why_and_is_audited(world, broken_glass):
    world.client_for(R.SOCIAL_WORKER).get(reverse("child_summary", kwargs={"pk": world.child.pk}))
    manager = world.client_for(R.TEAM_MANAGER)
    url = reverse("child_viewers", kwargs={"pk": world.child.pk})
    content = manager.get(url).content.decode()
    assert "Child record: summary" in content
    assert REASON in content
    assert AuditEntry.objects.filter(
        user=world.users[R.TEAM_MANAGER], child=world.child, what__contains="who has viewed"
    ).exists()


def test_who_has_viewed_is_paginated(world):
    for i in range(60):
        audit.record(
            user=world.users[R.SOCIAL_WORKER], action="view", what=f"v{i}", child=world.child
        )
    url = reverse("child_viewers", kwargs={"pk": world.child.pk})
    page = world.client_for(R.SENIOR_LEADER).get(url).context["page"]
    assert page.paginator.num_pages == 2


def test_the_record_links_to_who_has_viewed_only_for_managers(world):
    url = reverse("child_summary", kwargs={"pk": world.child.pk})
    assert b"Who has viewed this record" in world.client_for(R.TEAM_MANAGER).get(url).content
    assert b"Who has viewed this record" not in world.client_for(R.SOCIAL_WORKER).get(url).content


# Named people on restricted records ----------------------------------------------------------


def test_admin_names_and_removes_a_person_on_a_restricted_record_audited(world):
    admin = world.client_for(R.ADMIN)
    url = reverse("named_people", kwargs={"pk": world.restricted.pk})
    sw = world.users[R.SOCIAL_WORKER]
    response = admin.post(url, {"username": sw.username, "reason": "Covering while on leave"})
    assert response.status_code == 302
    assert world.restricted not in children_visible_to(user=sw)  # until a second person approves
    request_pk = world.restricted.named_access_requests.get().pk
    world.client_for(R.AUDITOR).post(
        reverse("named_access_decide", kwargs={"request_pk": request_pk}), {"decision": "approve"}
    )
    assert world.restricted in children_visible_to(user=sw)
    grant = AccessGrant.objects.get(user=sw, kind="named")
    admin.post(
        reverse("named_person_remove", kwargs={"pk": world.restricted.pk, "grant_pk": grant.pk})
    )
    assert world.restricted not in children_visible_to(user=sw)
    # asked, approved, removed
    assert AuditEntry.objects.filter(action="permission", child=world.restricted).count() == 3


def test_naming_an_unknown_user_shows_an_error(world):
    url = reverse("named_people", kwargs={"pk": world.restricted.pk})
    response = world.client_for(R.ADMIN).post(url, {"username": "nobody", "reason": "x"})
    assert "Enter the username of an active user" in response.content.decode()


def test_admin_cannot_use_named_people_on_an_unrestricted_record(world):
    url = reverse("named_people", kwargs={"pk": world.child.pk})
    assert world.client_for(R.ADMIN).get(url).status_code == 404


# The auditor -------------------------------------------------------------------------------


@pytest.fixture
def logged(world):
    sw = world.users[R.SOCIAL_WORKER]
    world.client_for(R.SOCIAL_WORKER).get(reverse("child_summary", kwargs={"pk": world.child.pk}))
    audit.record(user=world.users[R.IRO], action="view", what="Something else")
    return sw


def test_auditor_searches_by_person_child_and_period(world, logged):
    client = world.client_for(R.AUDITOR)
    today = timezone.localdate()
    query = {
        "person": "sw.a",
        "child": "C0000101",
        "start_0": today.day,
        "start_1": today.month,
        "start_2": today.year,
        "end_0": today.day,
        "end_1": today.month,
        "end_2": today.year,
    }
    page = client.get(reverse("audit_log"), query).context["page"]
    assert [e.what for e in page] == ["Child record: summary"]
    search = AuditEntry.objects.get(action="search", user=world.users[R.AUDITOR])
    assert search.detail["person"] == "sw.a"
    yesterday = today - dt.timedelta(days=1)
    query.update(
        end_0=yesterday.day,
        end_1=yesterday.month,
        end_2=yesterday.year,
        start_0=1,
        start_1=1,
        start_2=2000,
    )
    assert client.get(reverse("audit_log"), query).context["page"].paginator.count == 0


def test_auditor_exports_the_log_as_csv_and_the_export_is_audited(world, logged):
    client = world.client_for(R.AUDITOR)
    response = client.get(reverse("audit_log_csv"), {"person": "sw.a"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "Child record: summary" in body and "C0000101" in body
    assert "Something else" not in body
    assert AuditEntry.objects.filter(action="export", what="Audit log export (CSV)").exists()


def test_verification_page_shows_intact_then_the_first_broken_entry(world, logged):
    client = world.client_for(R.AUDITOR)
    audit.seal()
    assert b"The audit log is intact" in client.get(reverse("audit_log_verify")).content
    victim = AuditEntry.objects.order_by("id").first()
    with bypassing_the_database():
        AuditEntry.objects.filter(pk=victim.pk).update(what="Nothing to see")
    content = client.get(reverse("audit_log_verify")).content.decode()
    assert "has been tampered with" in content
    assert f"#{victim.pk}" in content


# Manager review of break-glass accesses and role changes (added with the users page) ----------


def test_team_manager_marks_a_break_glass_access_as_checked(client):

    allocation = AllocationFactory()
    manager = WorkerFactory(team=allocation.team, role="team_manager", user__role="team_manager")
    allocation.team.manager = manager
    allocation.team.save()
    outsider = WorkerFactory(user__role="social_worker")
    grant = services.break_glass(
        user=outsider.user, child=allocation.child, reason="Duty call from police out of hours"
    )
    force_login_verified(client, manager.user)
    response = client.post(f"/access/break-glass/{grant.pk}/review/")
    assert response.status_code == 302
    assert AccessGrant.objects.get(pk=grant.pk).reviewed_by_manager_at is not None
    assert AuditEntry.objects.filter(what="Reviewed a break-glass access").count() == 1


def test_auditor_cannot_sign_off_break_glass_accesses(client):

    auditor = UserFactory(role="auditor")
    force_login_verified(client, auditor)
    assert client.post("/access/break-glass/1/review/").status_code == 403


def test_admin_changes_a_users_role_and_it_is_audited(client):

    admin = UserFactory(role="admin")
    target = UserFactory(role="social_worker")
    force_login_verified(client, admin)
    response = client.post(f"/access/users/{target.pk}/role/", {"role": "team_manager"})
    assert response.status_code == 302
    assert User.objects.get(pk=target.pk).role == "team_manager"
    entry = AuditEntry.objects.get(action="permission", detail__user=target.pk)
    assert (entry.detail["before"], entry.detail["after"]) == ("social_worker", "team_manager")


def test_admin_cannot_change_own_role(client):

    admin = UserFactory(role="admin")
    force_login_verified(client, admin)
    client.post(f"/access/users/{admin.pk}/role/", {"role": "senior_leader"})
    admin.refresh_from_db()
    assert admin.role == "admin"


def test_unknown_role_is_refused(client):

    admin = UserFactory(role="admin")
    target = UserFactory(role="social_worker")
    force_login_verified(client, admin)
    client.post(f"/access/users/{target.pk}/role/", {"role": "dictator"})
    target.refresh_from_db()
    assert target.role == "social_worker"


def test_a_bad_date_in_the_audit_search_links_to_the_day_input(world):
    client = world.client_for(R.AUDITOR)
    content = client.get(
        reverse("audit_log"), {"start_0": "31", "start_1": "2", "start_2": "2024"}
    ).content.decode()
    summary = content.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert 'href="#id_start_0"' in summary
    assert 'id="id_start_0"' in content
