"""The front door's contact form searches before it creates: an NHS number finds the child
whatever the names say, a wrong NHS number is refused, and a new child's postcode becomes their
first address."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hearth.access.tests.signin import force_login_verified
from hearth.casework.models import Contact
from hearth.casework.tests.conftest import date_parts
from hearth.people.models import Child
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.tests.factories import AllocationFactory, WorkerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fd(client):
    worker = WorkerFactory(role="front_door", user__role="front_door")
    force_login_verified(client, worker.user)
    return worker


def _data(**overrides) -> dict:
    data = {
        "first_name": "Millie",
        "last_name": "Jones",
        "sex": "F",
        "source": "2A",
        "reason": "Bruising seen at school.",
        "child_protection": "no",
        "received_at_time": "09:30",
        **date_parts("date_of_birth", dt.date(2015, 4, 3)),
        **date_parts("received_at", timezone.localdate() - dt.timedelta(days=1)),
    }
    data.update(overrides)
    return data


def test_an_nhs_number_offers_the_known_child_first(client, fd):
    known = ChildFactory(first_name="Amelia", last_name="Hartley", nhs_number="9434765919")
    AllocationFactory(child=known, worker=fd)
    response = client.post(reverse("contact_add"), _data(nhs_number="943 476 5919"))
    content = response.content.decode()
    assert "may be the same child" in content
    assert "(same NHS number)" in content
    assert not Contact.objects.exists()


def test_a_wrong_nhs_number_is_refused(client, fd):
    response = client.post(reverse("contact_add"), _data(nhs_number="9434765918"))
    assert "Enter a valid NHS number" in response.content.decode()
    assert not Contact.objects.exists()


def test_a_new_childs_postcode_becomes_their_first_address(client, fd):
    response = client.post(
        reverse("contact_add"), _data(nhs_number="9434765919", postcode="pe1 4te")
    )
    assert response.status_code == 302
    child = Child.objects.get(last_name="Jones")
    assert child.nhs_number == "9434765919"
    address = child.addresses.get()
    assert address.postcode == "PE1 4TE"
    assert address.start_date == timezone.localdate() - dt.timedelta(days=1)
