"""Naming people on a restricted record: a real reason, a second person's approval, no
self-grants, and every request shown on the record's access history."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hearth.access import services
from hearth.access.models import AccessGrant, AuditEntry, NamedAccessRequest, User
from hearth.access.selectors import children_visible_to
from hearth.access.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

R = User.Role
REASON = "Covering the adoption case while the allocated worker is on leave"


def _named(child, user) -> bool:
    return AccessGrant.objects.filter(
        child=child, user=user, kind=AccessGrant.Kind.NAMED, revoked_at__isnull=True
    ).exists()


def test_an_administrator_cannot_name_themselves_with_a_one_letter_reason(world):
    admin = world.users[R.ADMIN]
    response = world.client_for(R.ADMIN).post(
        reverse("named_people", args=[world.restricted.pk]), {"username": "admin", "reason": "x"}
    )
    assert response.status_code == 200
    assert "Reason must be 20 characters or more" in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not _named(world.restricted, admin)


def test_an_administrator_cannot_ask_to_name_themselves(world):
    admin = world.users[R.ADMIN]
    response = world.client_for(R.ADMIN).post(
        reverse("named_people", args=[world.restricted.pk]), {"username": "admin", "reason": REASON}
    )
    assert "You cannot ask to name yourself" in response.content.decode()
    assert not NamedAccessRequest.objects.exists()
    assert not _named(world.restricted, admin)


def test_asking_names_nobody_until_a_second_person_approves(world):
    person = world.users[R.SOCIAL_WORKER]
    response = world.client_for(R.ADMIN).post(
        reverse("named_people", args=[world.restricted.pk]), {"username": "sw.a", "reason": REASON}
    )
    assert response.status_code == 302
    item = NamedAccessRequest.objects.get()
    assert item.status == NamedAccessRequest.Status.PENDING
    assert not children_visible_to(user=person).filter(pk=world.restricted.pk).exists()

    world.client_for(R.AUDITOR).post(
        reverse("named_access_decide", args=[item.pk]), {"decision": "approve"}
    )
    item.refresh_from_db()
    assert item.status == NamedAccessRequest.Status.APPROVED
    assert item.decided_by == world.users[R.AUDITOR]
    assert children_visible_to(user=person).filter(pk=world.restricted.pk).exists()
    assert AuditEntry.objects.filter(
        child=world.restricted, what="Approved naming sw.a on a restricted record"
    ).exists()


def test_nobody_approves_their_own_request_or_one_that_names_them(world):
    manager = UserFactory(username="sl.other", role=R.SENIOR_LEADER)
    item = services.named_access_request(
        child=world.restricted,
        user=world.users[R.SENIOR_LEADER],
        reason=REASON,
        acting_user=manager,
    )
    for approver in (manager, world.users[R.SENIOR_LEADER]):
        with pytest.raises(ValidationError):
            services.named_access_decide(item=item, approve=True, acting_user=approver)
    response = world.client_for(R.SENIOR_LEADER).post(
        reverse("named_access_decide", args=[item.pk]), {"decision": "approve"}
    )
    assert response.status_code == 403
    assert not _named(world.restricted, world.users[R.SENIOR_LEADER])


def test_a_team_manager_approves_only_for_children_of_teams_they_manage(world):
    item = services.named_access_request(
        child=world.restricted,
        user=world.users[R.SOCIAL_WORKER],
        reason=REASON,
        acting_user=world.users[R.ADMIN],
    )
    # The restricted child is allocated in team B; the team manager manages team A.
    assert not services.may_decide_named_access(user=world.users[R.TEAM_MANAGER], item=item)
    assert services.may_decide_named_access(user=world.users[R.AUDITOR], item=item)


def test_roles_without_the_capability_cannot_approve(world):
    item = services.named_access_request(
        child=world.restricted,
        user=world.users[R.SOCIAL_WORKER],
        reason=REASON,
        acting_user=world.users[R.ADMIN],
    )
    for role in (R.ADMIN, R.SOCIAL_WORKER, R.FRONT_DOOR, R.ANALYST):
        with pytest.raises(ValidationError):
            services.named_access_decide(item=item, approve=True, acting_user=world.users[role])


def test_pending_approved_and_refused_requests_are_shown_on_the_access_history(world):
    admin = world.users[R.ADMIN]
    refused = services.named_access_request(
        child=world.restricted, user=world.users[R.IRO], reason=REASON, acting_user=admin
    )
    services.named_access_decide(
        item=refused, approve=False, acting_user=world.users[R.AUDITOR], note="Not needed"
    )
    approved = services.named_access_request(
        child=world.restricted, user=world.users[R.SOCIAL_WORKER], reason=REASON, acting_user=admin
    )
    services.named_access_decide(item=approved, approve=True, acting_user=world.users[R.AUDITOR])
    services.named_access_request(
        child=world.restricted, user=world.users[R.FRONT_DOOR], reason=REASON, acting_user=admin
    )
    page = world.client_for(R.ADMIN).get(reverse("named_people", args=[world.restricted.pk]))
    html = page.content.decode()
    assert "Waiting for approval" in html and "Approved" in html and "Refused" in html
    assert "Not needed" in html and "by auditor" in html and "by admin" in html
    assert AuditEntry.objects.filter(
        child=world.restricted, what="Refused naming iro on a restricted record"
    ).exists()


def test_the_approvers_queue_lists_requests_they_may_decide(world):
    services.named_access_request(
        child=world.restricted,
        user=world.users[R.SOCIAL_WORKER],
        reason=REASON,
        acting_user=world.users[R.ADMIN],
    )
    html = world.client_for(R.AUDITOR).get(reverse("named_access_requests")).content.decode()
    assert world.restricted.la_child_id in html and "sw.a" in html
    html = world.client_for(R.TEAM_MANAGER).get(reverse("named_access_requests")).content.decode()
    assert world.restricted.la_child_id not in html
