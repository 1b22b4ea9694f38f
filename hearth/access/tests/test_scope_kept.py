"""Who may see which child is kept between requests (access.selectors.scope_of) and changes at
once when what it is made of changes: allocations, grants, roles, and time passing a grant's
expiry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hearth.access import services
from hearth.access.models import AccessGrant, User
from hearth.access.selectors import children_visible_to
from hearth.workforce.models import Allocation

pytestmark = pytest.mark.django_db
REASON = "Police called out of hours about a missing sibling"


def test_ending_an_allocation_closes_the_record_at_once(world):
    client = world.client_for(User.Role.SOCIAL_WORKER)
    url = reverse("child_summary", args=[world.child.pk])
    assert client.get(url).status_code == 200  # the user's scope is now kept
    Allocation.objects.filter(child=world.child).update(end_date=dt.date.today())
    # Not the record: the offer to break the glass, as for any child one does not work with.
    assert client.get(url).status_code == 403


def test_a_grant_opens_the_record_at_once_after_a_refusal(world):
    user = world.team_b_worker
    assert world.child not in children_visible_to(user=user)  # kept: not visible
    services.break_glass(user=user, child=world.child, reason=REASON)
    assert world.child in children_visible_to(user=user)


def test_a_grant_stops_opening_the_record_when_it_expires_with_no_write(world, monkeypatch):
    user = world.team_b_worker
    AccessGrant.objects.create(
        child=world.child,
        user=user,
        kind=AccessGrant.Kind.BREAK_GLASS,
        reason=REASON,
        granted_at=timezone.now(),
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    assert world.child in children_visible_to(user=user)  # kept until the grant expires
    later = timezone.now() + dt.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert world.child not in children_visible_to(user=user)


def test_a_changed_role_changes_what_is_seen_at_once(world):
    user = world.users[User.Role.FRONT_DOOR]
    assert world.child in children_visible_to(user=user)  # authority-wide, kept
    User.objects.filter(pk=user.pk).update(role=User.Role.ANALYST)
    user.refresh_from_db()
    assert world.child not in children_visible_to(user=user)
