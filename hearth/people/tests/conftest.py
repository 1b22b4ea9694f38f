"""Fixtures for the people views: two teams, a social worker in each, and children allocated."""

from __future__ import annotations

import datetime as dt

import pytest

from hearth.access.tests.signin import force_login_verified
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.tests.factories import AllocationFactory, TeamFactory, WorkerFactory


@pytest.fixture
def team_a(db):
    return TeamFactory(name="Safeguarding North")


@pytest.fixture
def team_b(db):
    return TeamFactory(name="Safeguarding South")


@pytest.fixture
def worker_a(team_a):
    return WorkerFactory(
        team=team_a, user__username="sw.north", first_name="Priya", last_name="Shah"
    )


@pytest.fixture
def worker_b(team_b):
    return WorkerFactory(team=team_b, user__username="sw.south")


@pytest.fixture
def child_a(worker_a):
    child = ChildFactory(
        first_name="Amelia",
        last_name="Hartley",
        date_of_birth=dt.date(2015, 4, 3),
        nhs_number="4857773456",
        la_child_id="C0000101",
    )
    AllocationFactory(child=child, worker=worker_a)
    return child


@pytest.fixture
def child_b(worker_b):
    child = ChildFactory(first_name="Amelia", last_name="Brookes", la_child_id="C0000202")
    AllocationFactory(child=child, worker=worker_b)
    return child


@pytest.fixture
def client_a(client, worker_a):
    force_login_verified(client, worker_a.user)
    return client
