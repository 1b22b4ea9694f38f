"""Search-before-create considers every child but reveals nothing: a contact that may be about
a restricted child is held for the front-door manager instead of creating a second, visible
child with the same identity."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from hearth.access.models import AuditEntry, User
from hearth.access.selectors import children_visible_to
from hearth.access.tests.signin import force_login_verified
from hearth.casework.models import Contact, PossibleDuplicate
from hearth.casework.tests.conftest import date_parts
from hearth.people.models import Child
from hearth.workforce.models import Team
from hearth.workforce.tests.factories import WorkerFactory

pytestmark = pytest.mark.django_db

R = User.Role


def _contact_data(child) -> dict:
    return {
        "first_name": child.first_name,
        "last_name": child.last_name,
        "sex": "F",
        "source": "1A",
        "reason": "School worried about bruising",
        "child_protection": "no",
        "received_at_time": "09:30",
        **date_parts("date_of_birth", child.date_of_birth),
        **date_parts("received_at", dt.date(2024, 6, 3)),
    }


@pytest.fixture
def fd_manager(world) -> Client:
    team = Team.objects.get(kind=Team.Kind.FRONT_DOOR)
    manager = WorkerFactory(team=team, user__username="mash.manager", user__role=R.TEAM_MANAGER)
    team.manager = manager
    team.save()
    client = Client()
    force_login_verified(client, manager.user)
    return client


@pytest.fixture
def held(world):
    """The front door records a contact about the restricted child, saying it is a new child."""
    client = world.client_for(R.FRONT_DOOR)
    data = _contact_data(world.restricted)
    first = client.post(reverse("contact_add"), data)
    assert not Contact.objects.exists()  # the first sight only asks
    second = client.post(reverse("contact_add"), {**data, "matches_offered": "1"}, follow=True)
    return first, second


def test_a_hidden_match_is_said_to_exist_without_identifying_the_child(world, held):
    first, _ = held
    html = first.content.decode()
    assert "A possible match exists that you cannot see" in html
    assert world.restricted.la_child_id not in html
    assert f'value="{world.restricted.pk}"' not in html  # not offered as a choice
    assert first.status_code == 200


def test_the_contact_is_held_and_no_visible_duplicate_child_is_made(world, held):
    _, second = held
    assert "the front-door manager will resolve it" in second.content.decode()
    contact = Contact.objects.get()
    item = PossibleDuplicate.objects.get()
    assert item.contact == contact and item.existing_child == world.restricted
    assert contact.child.restricted  # held: nobody finds the new child
    for role in (R.FRONT_DOOR, R.SENIOR_LEADER, R.IRO, R.SOCIAL_WORKER):
        visible = children_visible_to(user=world.users[role])
        assert not visible.filter(last_name=world.restricted.last_name).exists(), role
    assert AuditEntry.objects.filter(
        child=world.restricted, what__startswith="A new contact"
    ).exists()


def test_the_front_door_manager_sees_the_item_but_nothing_of_the_hidden_child(
    world, held, fd_manager
):
    html = fd_manager.get(reverse("possible_duplicates")).content.decode()
    assert "A record you cannot see" in html
    assert world.restricted.la_child_id not in html


def test_someone_who_may_see_the_child_is_shown_it_in_their_queue(world, held):
    html = world.client_for("team_b_social_worker").get(reverse("possible_duplicates"))
    assert world.restricted.la_child_id in html.content.decode()


def test_attaching_moves_the_contact_to_the_existing_child_and_archives_the_held_one(
    world, held, fd_manager
):
    item = PossibleDuplicate.objects.get()
    response = fd_manager.post(
        reverse("possible_duplicate_resolve", args=[item.pk]), {"decision": "same"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == PossibleDuplicate.Status.SAME_CHILD
    assert Contact.objects.get().child == world.restricted
    assert Child.objects.get(pk=item.held_child_id).archived_at is not None
    assert AuditEntry.objects.filter(
        child=world.restricted, what="Possible duplicate resolved: same child, contact attached"
    ).exists()


def test_a_different_child_is_released_to_the_front_door(world, held, fd_manager):
    item = PossibleDuplicate.objects.get()
    fd_manager.post(
        reverse("possible_duplicate_resolve", args=[item.pk]), {"decision": "different"}
    )
    held_child = Child.objects.get(pk=item.held_child_id)
    assert not held_child.restricted
    assert children_visible_to(user=world.users[R.FRONT_DOOR]).filter(pk=held_child.pk).exists()


def test_people_who_may_not_resolve_cannot(world, held):
    item = PossibleDuplicate.objects.get()
    url = reverse("possible_duplicate_resolve", args=[item.pk])
    for role in (R.FRONT_DOOR, R.TEAM_MANAGER, R.SOCIAL_WORKER):  # team A manager: not the MASH
        assert world.client_for(role).post(url, {"decision": "same"}).status_code == 404
    item.refresh_from_db()
    assert item.status == PossibleDuplicate.Status.OPEN


def test_a_visible_match_is_still_offered_by_name(world):
    client = world.client_for(R.FRONT_DOOR)
    html = client.post(reverse("contact_add"), _contact_data(world.child)).content.decode()
    assert "may be the same child" in html
    assert "A possible match exists that you cannot see" not in html
