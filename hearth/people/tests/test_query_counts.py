"""The main pages cost a fixed number of queries however many children they show (no N+1).

Each test measures a page, adds more of what it lists (with the records that make each row
interesting), and measures again: the count must not move. The bench reports the counts on the
large LA."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.care.tests.factories import LegalStatusFactory, PeriodOfCareFactory, PlacementFactory
from hearth.casework.tests.factories import CINEpisodeFactory, VisitFactory
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.tests.factories import AllocationFactory


def _sealing(sql: str) -> bool:
    """The audit sealer runs after a request commits when the seal interval has passed: its
    queries depend on the clock, not on the page."""
    sql = sql.lower()
    return "auditseal" in sql or "advisory" in sql or "chain_hash" in sql


def _queries(client, url: str) -> int:
    client.get(url)  # steady state: the session was renewed just now
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len([q for q in ctx.captured_queries if not _sealing(q["sql"])])


def _add_cases(worker, n: int, *, surname: str = "Hartley") -> None:
    for i in range(n):
        child = ChildFactory(last_name=surname, date_of_birth=dt.date(2012, 1, 1 + i % 28))
        AllocationFactory(child=child, worker=worker, start_date=dt.date(2024, 1, 2))
        CINEpisodeFactory(child=child, referral_date=dt.date(2024, 1, 8))
        VisitFactory(child=child, date=dt.date(2024, 2, 1))
        if i % 2:
            period = PeriodOfCareFactory(child=child, start_date=dt.date(2024, 3, 1))
            LegalStatusFactory(period=period, start_date=dt.date(2024, 3, 1))
            PlacementFactory(period=period, start_date=dt.date(2024, 3, 1))


def test_search_costs_the_same_for_3_or_15_results(client_a, worker_a, child_a):
    url = reverse("child_search") + "?q=Hartley"
    _add_cases(worker_a, 2)
    small = _queries(client_a, url)
    _add_cases(worker_a, 12)
    assert _queries(client_a, url) == small


def test_my_work_costs_the_same_for_3_or_15_children(client_a, worker_a, child_a):
    url = reverse("my_work")
    _add_cases(worker_a, 2)
    small = _queries(client_a, url)
    _add_cases(worker_a, 12)
    assert _queries(client_a, url) == small


def test_team_page_costs_the_same_for_a_small_or_larger_team(client, worker_a, child_a):
    from hearth.access.tests.signin import force_login_verified
    from hearth.workforce.tests.factories import WorkerFactory

    manager = WorkerFactory(
        team=worker_a.team, role="team_manager", user__role="team_manager", user__username="tm.n"
    )
    force_login_verified(client, manager.user)
    url = reverse("my_team")
    _add_cases(worker_a, 2)
    small = _queries(client, url)
    for _ in range(3):
        _add_cases(WorkerFactory(team=worker_a.team), 4)
    assert _queries(client, url) == small
