"""Home is each role's own work; the social worker's caseload lives on My work."""

import datetime as dt

import pytest
from django.urls import reverse

from hearth.access.models import User
from hearth.access.tests.factories import UserFactory
from hearth.access.tests.signin import force_login_verified
from hearth.care.tests.factories import PeriodOfCareFactory
from hearth.core.navigation import LANDING
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.models import Allocation
from hearth.workforce.tests.factories import AllocationFactory, WorkerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(User.Role))
def test_home_sends_each_role_to_its_own_work(client, role):
    user = UserFactory(role=role)
    WorkerFactory(user=user)
    force_login_verified(client, user)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == reverse(LANDING[role])
    assert client.get(response.url).status_code == 200


def test_every_role_has_a_landing_page():
    assert set(LANDING) == set(User.Role.values)


def test_my_work_lists_children_allocated_to_the_user(client_a, child_a, child_b):
    response = client_a.get(reverse("my_work"))
    assert [row["child"] for row in response.context["caseload"]] == [child_a]
    assert b"My caseload" in response.content


def test_my_work_leaves_out_ended_allocations(client_a, child_a):
    Allocation.objects.filter(child=child_a).update(end_date=dt.date(2024, 6, 1))
    assert client_a.get(reverse("my_work")).context["caseload"] == []


def test_my_work_caseload_shows_looked_after_status(client_a, child_a):
    PeriodOfCareFactory(child=child_a)
    response = client_a.get(reverse("my_work"))
    assert response.context["caseload"][0]["status_label"] == "Looked after"
    assert b"Looked after" in response.content


def test_my_work_leaves_out_a_teammates_children(client_a, team_a):
    AllocationFactory(child=ChildFactory(), worker=WorkerFactory(team=team_a))
    assert client_a.get(reverse("my_work")).context["caseload"] == []


def test_demo_banner_shows_in_demo_mode(client_a, settings):
    settings.DEMO = True
    content = client_a.get(reverse("home"), follow=True).content
    assert b"all data is synthetic, no real child" in content


def test_demo_banner_hidden_outside_demo_mode(client_a, settings):
    settings.DEMO = False
    assert b"all data is synthetic" not in client_a.get(reverse("home"), follow=True).content
