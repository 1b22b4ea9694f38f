"""A team with a manager and a social worker, and a child allocated to the social worker."""

from __future__ import annotations

import datetime as dt

import pytest

from hearth.access.tests.signin import force_login_verified
from hearth.casework.tests.factories import CINEpisodeFactory
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.tests.factories import AllocationFactory, TeamFactory, WorkerFactory


@pytest.fixture
def team(db):
    return TeamFactory(name="Safeguarding East")


@pytest.fixture
def manager(team):
    worker = WorkerFactory(
        team=team, role="team_manager", user__username="tm.east", user__role="team_manager"
    )
    team.manager = worker
    team.save()
    return worker


@pytest.fixture
def social_worker(team):
    return WorkerFactory(team=team, user__username="sw.east", first_name="Ade", last_name="Bello")


@pytest.fixture
def child(social_worker):
    child = ChildFactory(first_name="Mia", last_name="Turner", date_of_birth=dt.date(2012, 5, 1))
    AllocationFactory(child=child, worker=social_worker, start_date=dt.date(2024, 1, 2))
    return child


@pytest.fixture
def cin(child):
    return CINEpisodeFactory(child=child, referral_date=dt.date(2024, 1, 8))


@pytest.fixture
def sw_client(client, social_worker):
    force_login_verified(client, social_worker.user)
    return client


@pytest.fixture
def tm_client(client, manager):
    force_login_verified(client, manager.user)
    return client


def date_parts(name: str, day: dt.date) -> dict:
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}
