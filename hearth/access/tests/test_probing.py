"""Probing is visible and slow: the break-glass offer shows nothing identifying, every refusal is
audited, refusals are rate-limited per person, break-the-glass openings are capped per day, and
search says a hidden match exists without saying who."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from hearth.access.models import AccessGrant, AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def test_the_break_glass_offer_shows_nothing_identifying(world):
    client = world.client_for("team_b_social_worker")
    for url in (
        reverse("child_summary", args=[world.child.pk]),
        reverse("break_glass", args=[world.child.pk]),
    ):
        body = client.get(url).content.decode()
        assert "You are not working with this child" in body
        assert world.child.first_name not in body and world.child.last_name not in body
        assert world.child.la_child_id not in body


def test_every_refusal_on_a_child_url_is_audited_with_the_child(world):
    client = world.client_for("team_b_social_worker")
    url = reverse("child_chronology", args=[world.child.pk])
    assert client.get(url).status_code == 404
    entry = AuditEntry.objects.filter(action="refused", path=url).get()
    assert entry.child == world.child and entry.detail["status"] == 404


def test_a_refusal_for_a_child_that_does_not_exist_is_audited(world):
    client = world.client_for("social_worker")
    assert client.get("/children/987654/").status_code == 404
    assert AuditEntry.objects.filter(action="refused", path="/children/987654/").exists()


def test_a_refusal_the_view_audited_is_not_audited_twice(world):
    client = world.client_for("team_b_social_worker")
    url = reverse("child_summary", args=[world.child.pk])
    client.get(url)
    assert AuditEntry.objects.filter(action="refused", path=url).count() == 1


def test_too_many_refusals_in_an_hour_are_held_back(world, settings):
    settings.HEARTH_REFUSALS_PER_HOUR = 3
    client = world.client_for("social_worker")
    for n in range(3):
        assert client.get(f"/children/{900000 + n}/").status_code == 404
    held = client.get(reverse("child_summary", args=[world.child.pk]))
    assert held.status_code == 429 and "Retry-After" in held
    assert AuditEntry.objects.filter(what__startswith="Held back").exists()
    # Someone else is not held back.
    assert (
        world.client_for("team_manager")
        .get(reverse("child_summary", args=[world.child.pk]))
        .status_code
        == 200
    )


def test_break_the_glass_is_capped_per_day(world, settings):
    settings.HEARTH_BREAK_GLASS_PER_DAY = 0
    client = world.client_for("team_b_social_worker")
    response = client.post(
        reverse("break_glass", args=[world.child.pk]),
        {"reason": "Out-of-hours call from police about this child"},
    )
    assert response.status_code == 200
    assert "the most allowed" in response.content.decode()
    assert not AccessGrant.objects.filter(kind="break_glass").exists()
    assert AuditEntry.objects.filter(what__startswith="Break the glass refused").exists()


def test_search_says_a_hidden_match_exists_without_naming_it(world):
    client = world.client_for("team_b_social_worker")
    response = client.get(reverse("child_search"), {"q": world.child.last_name[:5]})
    body = response.content.decode()
    assert "1 more record matches that you are not working with" in body
    assert world.child.last_name not in body  # the query echoed is only its first five letters
    assert reverse("break_glass", args=[world.child.pk]) in body


def test_search_never_counts_a_restricted_record(world):
    client = world.client_for("social_worker")  # not named on the restricted child
    response = client.get(reverse("child_search"), {"q": world.restricted.la_child_id})
    assert "not working with" not in response.content.decode()


@pytest.mark.parametrize("role", ["admin", "auditor", "analyst"])
def test_roles_that_never_open_a_record_have_no_find_a_child(world, role):
    client = world.client_for(role)
    assert client.get(reverse("child_search")).status_code == 403
    assert "Find a child" not in client.get(reverse("home"), follow=True).content.decode()
