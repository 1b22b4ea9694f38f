"""A restricted child allocated in a manager's team appears on no page, export or CSV for anyone
not named on the record.

Generated over the URLconf: every named URL pattern is fetched (through the access matrix's
sample objects, so a new page is covered as soon as it is in the matrix) as every role, with
the export variants (``?format=csv|xlsx``) and searches for the child's name and LA child ID; no
response may contain the child's name or LA child ID. The one person named on the record sees
it (so the walk is known to reach real records)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hearth.access.tests.test_access_matrix import ALL_PATTERNS, EXPECTED, ROLES, sample_url
from hearth.casework.tests.factories import CINEpisodeFactory
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.tests.factories import AllocationFactory, WorkerFactory

pytestmark = pytest.mark.django_db

FIRST, LAST, LA_ID = "Zephyrine", "Quillfeather", "R7770001"
# Statutory returns carry every child's LA child ID by law (and no names): their downloads are
# checked for the name only.
RETURNS_FILES = {"returns_download"}
# Searches that find the child (part of the name; the ID in lower case) without the page's echo
# of the query itself containing what is checked for.
# Administrators name people on restricted records: they see the LA child ID there, never the
# name (the record is managed without knowing who the child is).
ADMIN_ID_PAGES = {"restricted_records", "named_people"}
QUERIES = [{}, {"format": "csv"}, {"format": "xlsx"}, {"q": FIRST[:6]}, {"q": LA_ID.lower()}]


@pytest.fixture
def hidden(world):
    """Restricted, allocated to a team A colleague of the sample social worker (so team A's
    manager and the sample worker are not named), with an open referral so it counts in lists,
    caseloads and indicators."""
    colleague = WorkerFactory(team=world.users["social_worker"].worker.team)
    child = ChildFactory(first_name=FIRST, last_name=LAST, la_child_id=LA_ID, restricted=True)
    AllocationFactory(child=child, worker=colleague)
    CINEpisodeFactory(child=child)
    return child, colleague


def _urls(world):
    built = {}  # each sample builds its records once per world
    for name, _route, kwarg_names in ALL_PATTERNS:
        sample, _expected = EXPECTED.get(name, (None, {}))
        if callable(sample):
            if sample not in built:
                built[sample] = _once(sample, world)
            sample = built[sample]
        try:
            yield name, sample_url(world, name, sample, kwarg_names)
        except Exception as exc:  # a sample that cannot be built is a failure, not a skip
            raise AssertionError(f"{name}: cannot build a sample URL ({exc})") from exc


def _once(sample, world):
    kwargs = sample(world)
    return lambda _world: kwargs


def _body(response) -> str:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@pytest.mark.parametrize("role", [*ROLES, "team_b_social_worker"])
def test_a_restricted_child_appears_nowhere_for_anyone_not_named(world, hidden, role):
    client = world.client_for(role)
    urls = list(_urls(world))
    assert len(urls) > 100
    for name, url in urls:
        for query in QUERIES:
            response = client.get(url, query)
            assert response.status_code != 500, (name, query)
            body = _body(response)
            assert FIRST not in body and LAST not in body, f"{name}{query} names it to {role}"
            if name not in RETURNS_FILES and not (role == "admin" and name in ADMIN_ID_PAGES):
                assert LA_ID not in body, f"{name}{query} shows its LA child ID to {role}"


def test_the_named_worker_does_see_it(world, hidden, client):
    from hearth.access.tests.signin import force_login_verified

    child, colleague = hidden
    force_login_verified(client, colleague.user)
    assert LAST in client.get(reverse("child_summary", args=[child.pk])).content.decode()
    assert LAST in client.get(reverse("my_work")).content.decode()


def test_the_supervision_form_leaves_out_a_restricted_child_and_audits_each_child(world, hidden):
    from hearth.access.models import AuditEntry

    child, colleague = hidden
    manager = world.client_for("team_manager")
    response = manager.get(reverse("supervision_add", args=[colleague.pk]))
    assert response.status_code == 200
    assert LAST not in response.content.decode()
    assert not AuditEntry.objects.filter(child=child, user=world.users["team_manager"]).exists()
    # A child the manager may see is audited on that child's record.
    shown = world.child
    from hearth.workforce.models import Allocation

    Allocation.objects.filter(child=shown).update(worker=colleague)
    manager.get(reverse("supervision_add", args=[colleague.pk]))
    assert AuditEntry.objects.filter(
        child=shown, user=world.users["team_manager"], what__startswith="Supervision form"
    ).exists()
