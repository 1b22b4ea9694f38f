import pytest
from django.urls import reverse

from hearth.access.models import User
from hearth.access.tests.factories import UserFactory
from hearth.access.tests.signin import force_login_verified
from hearth.care.tests.factories import PeriodOfCareFactory
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.models import Allocation
from hearth.workforce.tests.factories import AllocationFactory

pytestmark = pytest.mark.django_db


def test_caseload_lists_children_allocated_to_the_user(client_a, child_a, child_b):
    response = client_a.get(reverse("home"))
    assert [row["child"] for row in response.context["caseload"]] == [child_a]
    assert b"My caseload" in response.content


def test_caseload_leaves_out_ended_allocations(client_a, child_a):
    Allocation.objects.filter(child=child_a).update(end_date="2024-06-01")
    assert client_a.get(reverse("home")).context["caseload"] == []


def test_caseload_shows_looked_after_status(client_a, child_a):
    PeriodOfCareFactory(child=child_a)
    row = client_a.get(reverse("home")).context["caseload"][0]
    assert row["status"] == "CLA"
    assert b"Looked after" in client_a.get(reverse("home")).content


def test_caseload_leaves_out_a_teammates_children(client_a, team_a):
    from hearth.workforce.tests.factories import WorkerFactory

    AllocationFactory(child=ChildFactory(), worker=WorkerFactory(team=team_a))
    assert client_a.get(reverse("home")).context["caseload"] == []


def test_roles_without_case_access_get_a_plain_landing_page(client):
    force_login_verified(client, UserFactory(role=User.Role.ANALYST))
    response = client.get(reverse("home"))
    assert "caseload" not in response.context
    assert b"does not give you access to individual children" in response.content


def test_demo_banner_shows_in_demo_mode(client_a, settings):
    settings.DEMO = True
    assert b"all data is synthetic, no real child" in client_a.get(reverse("home")).content


def test_demo_banner_hidden_outside_demo_mode(client_a, settings):
    settings.DEMO = False
    assert b"all data is synthetic" not in client_a.get(reverse("home")).content
