"""A team manager allocates an open case that no one holds yet (it belongs to no team, so the
manager reaches it through the allocation rule, for reading and for the write)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hearth.access.tests.signin import force_login_verified
from hearth.casework.tests.conftest import date_parts
from hearth.casework.tests.factories import CINEpisodeFactory
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.models import Allocation
from hearth.workforce.tests.factories import TeamFactory, WorkerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    team = TeamFactory(name="Safeguarding North")
    team.manager = WorkerFactory(team=team, role="team_manager", user__role="team_manager")
    team.save()
    return team


def test_a_manager_allocates_an_unallocated_open_case(client, team):
    worker = WorkerFactory(team=team)
    child = ChildFactory()
    CINEpisodeFactory(child=child, referral_date=timezone.localdate() - dt.timedelta(days=1))
    force_login_verified(client, team.manager.user)
    url = reverse("allocate", args=[child.pk])
    response = client.post(
        url,
        {
            "worker": worker.pk,
            "kind": "social_worker",
            "reason": "new",
            **date_parts("start_date", timezone.localdate()),
        },
    )
    assert response.status_code == 302
    assert Allocation.objects.get(child=child).worker == worker


def test_a_manager_cannot_allocate_a_case_held_by_another_team(client, team):
    other = WorkerFactory(team=TeamFactory(name="Children in care South"))
    child = ChildFactory()
    CINEpisodeFactory(child=child, referral_date=timezone.localdate() - dt.timedelta(days=1))
    Allocation.objects.create(
        child=child,
        worker=other,
        team=other.team,
        kind="social_worker",
        start_date=dt.date(2025, 1, 6),
    )
    force_login_verified(client, team.manager.user)
    response = client.post(
        reverse("allocate", args=[child.pk]),
        {
            "worker": WorkerFactory(team=team).pk,
            "kind": "social_worker",
            "reason": "new",
            **date_parts("start_date", timezone.localdate()),
        },
    )
    assert response.status_code == 404
    assert Allocation.objects.filter(child=child).count() == 1
