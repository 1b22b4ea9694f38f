"""Writes to a child's record need the capability in `hearth.access.permissions` *and*
involvement with the child, unless the role holds the capability authority-wide. Generated over
the URLconf: every POST-able child URL, every role."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.test import Client

from hearth.access import permissions
from hearth.access.models import User
from hearth.access.tests.signin import force_login_verified
from hearth.access.tests.test_access_matrix import ALL_PATTERNS, EXPECTED, sample_url
from hearth.workforce.tests.factories import TeamFactory, WorkerFactory

pytestmark = pytest.mark.django_db

R = User.Role
CHILD_POST_URLS = sorted(
    name
    for name, route, kwargs in ALL_PATTERNS
    if route.startswith("children/<int:pk>") and name not in permissions.EXEMPT
)
RECORD_APPS = (
    "people",
    "casework",
    "care",
    "carers",
    "education",
    "workforce",
    "documents",
    "sharing",
    "familyhelp",
    "macpt",
)


def _snapshot() -> dict:
    """Every row of every record model, to show that a refused write changed nothing."""
    return {
        model._meta.label: sorted(map(repr, model.objects.order_by("pk").values()))
        for app in RECORD_APPS
        for model in apps.get_app_config(app).get_models()
    }


def _outsider(role) -> User:
    """A user of the role who works in a team with no link to the sample child."""
    team = TeamFactory(name=f"Elsewhere {role}")
    return WorkerFactory(team=team, user__username=f"outsider.{role}", user__role=role).user


def test_every_child_write_url_declares_a_capability():
    missing = [n for n in CHILD_POST_URLS if n not in permissions.CHILD_WRITES]
    # Pages that only read (GET) are refused a POST by the view; list them explicitly.
    read_only = {
        "child_summary",
        "child_chronology",
        "child_chronology_csv",
        "child_work",
        "child_notes",
        "child_documents",
        "child_sharing",
        "child_family_help",
        "family_help",
        "document_download",
        "child_viewers",
        "macpt_child",
        "partner_child",
        "strategy_detail",
        "section47_detail",
    }
    assert set(missing) <= read_only, (
        f"Child URLs with no capability in hearth/access/permissions.py: {set(missing) - read_only}"
    )


@pytest.mark.parametrize("name", CHILD_POST_URLS)
@pytest.mark.parametrize("role", list(R))
def test_an_uninvolved_user_cannot_write_to_a_child(world, name, role):
    sample, _ = EXPECTED[name]
    url = sample_url(world, name, sample, next(k for n, _, k in ALL_PATTERNS if n == name))
    user = _outsider(role)
    capability = permissions.CHILD_WRITES.get(name)
    if capability in permissions.AUTHORITY_WIDE.get(role, frozenset()):
        pytest.skip(f"{role} holds {capability} authority-wide in the permissions module")
    client = Client()
    force_login_verified(client, user)
    before = _snapshot()
    response = client.post(url, {"version": 1, "reason": "x" * 40})
    assert response.status_code in {403, 404, 405}, (name, role, response.status_code)
    assert _snapshot() == before


@pytest.mark.parametrize("role", [R.FRONT_DOOR, R.IRO, R.SENIOR_LEADER])
def test_an_authority_wide_role_cannot_write_a_case_note_through_the_api(world, role):
    from hearth.casework.models import CaseNote

    client = Client()
    force_login_verified(client, _outsider(role))
    url = f"/api/v1/children/{world.child.pk}/case-notes/"
    body = {
        "occurred_at": "2024-06-03T09:30:00Z",
        "kind": "phone",
        "subject": "Home visit",
        "text": "Seen alone",
    }
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 403
    assert not CaseNote.objects.exists()
    # Control: the same body from the child's own social worker is accepted.
    own = world.client_for(R.SOCIAL_WORKER).post(url, body, content_type="application/json")
    assert own.status_code == 201, own.content


@pytest.mark.parametrize(
    "name", sorted(n for n in permissions.CHILD_WRITES if not n.startswith("api_"))
)
def test_the_allocated_social_worker_passes_the_write_check(world, name):
    """Positive control: the check refuses outsiders, not the child's own worker."""
    sample, expected = EXPECTED[name]
    if expected[R.SOCIAL_WORKER] == 404:
        pytest.skip("the sample (another author's draft) is hidden from every other user")
    if expected[R.SOCIAL_WORKER] == 403:
        pytest.skip(
            "the view limits it further (e.g. removing a document: its author or a manager)"
        )
    url = sample_url(world, name, sample, next(k for n, _, k in ALL_PATTERNS if n == name))
    response = world.client_for(R.SOCIAL_WORKER).post(url, {})
    capability = permissions.CHILD_WRITES[name]
    if capability in permissions.INVOLVED[R.SOCIAL_WORKER]:
        assert response.status_code not in {403, 404}, name


def test_front_door_may_refer_but_not_move_a_placement_of_a_child_they_do_not_work_with(world):
    front_door = world.users[R.FRONT_DOOR]
    assert permissions.may(front_door, permissions.REFER, child=world.child)
    assert not permissions.may(front_door, permissions.PLACEMENT, child=world.child)
    assert not permissions.may(front_door, permissions.CLOSE, child=world.child)


def test_an_iro_allocated_to_the_child_may_chair_its_review(world):
    from hearth.workforce.models import Allocation
    from hearth.workforce.tests.factories import AllocationFactory

    iro = world.users[R.IRO]
    assert not permissions.may(iro, permissions.REVIEW, child=world.child)
    AllocationFactory(child=world.child, worker=iro.worker, kind=Allocation.Kind.IRO)
    assert permissions.may(iro, permissions.REVIEW, child=world.child)
    assert not permissions.may(iro, permissions.PLACEMENT, child=world.child)
