"""A pre-birth contact at the front door: the unborn baby gets a record with its expected date of
birth (sex not known), and the usual questions refuse what cannot be right."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hearth.access.tests.signin import force_login_verified
from hearth.casework.models import Contact
from hearth.casework.tests.conftest import date_parts
from hearth.people.models import Child
from hearth.workforce.tests.factories import WorkerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fd_client(client):
    fd = WorkerFactory(role="front_door", user__role="front_door")
    force_login_verified(client, fd.user)
    return client


def _data(**overrides) -> dict:
    today = timezone.localdate()
    data = {
        "first_name": "Baby",
        "last_name": "Okoro",
        "sex": "U",
        "source": "3F",
        "reason": "Midwife: mother's two older children were removed last year.",
        "child_protection": "no",
        "received_at_time": "09:30",
        **date_parts("expected_date_of_birth", today + dt.timedelta(days=70)),
        **date_parts("received_at", today - dt.timedelta(days=1)),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_a_pre_birth_contact_makes_an_unborn_childs_record(fd_client):
    response = fd_client.post(reverse("contact_add"), _data())
    assert response.status_code == 302
    child = Contact.objects.get().child
    assert child.is_unborn
    assert child.expected_date_of_birth == timezone.localdate() + dt.timedelta(days=70)
    assert child.sex == "U"


def test_an_unborn_baby_must_have_sex_not_known(fd_client):
    response = fd_client.post(reverse("contact_add"), _data(sex="F"))
    assert response.status_code == 200
    assert "Select Not known for an unborn child" in response.content.decode()
    assert not Child.objects.exists()


def test_a_new_child_needs_a_date_of_birth_or_an_expected_one(fd_client):
    data = _data(
        expected_date_of_birth_0=None, expected_date_of_birth_1=None, expected_date_of_birth_2=None
    )
    response = fd_client.post(reverse("contact_add"), data)
    assert response.status_code == 200
    assert "Enter the child&#x27;s date of birth or, for an unborn baby" in (
        response.content.decode()
    )
    assert not Contact.objects.exists()


def test_both_a_date_of_birth_and_an_expected_one_is_refused(fd_client):
    data = _data(**date_parts("date_of_birth", dt.date(2020, 1, 5)))
    response = fd_client.post(reverse("contact_add"), data)
    assert response.status_code == 200
    assert "Enter either the date of birth or, for an unborn baby" in response.content.decode()
    assert not Contact.objects.exists()


def test_an_expected_date_beyond_a_pregnancy_is_refused(fd_client):
    far = timezone.localdate() + dt.timedelta(weeks=60)
    response = fd_client.post(
        reverse("contact_add"), _data(**date_parts("expected_date_of_birth", far))
    )
    assert response.status_code == 200
    assert "Expected date of birth must be within the next 44 weeks" in response.content.decode()
    assert not Contact.objects.exists()
