"""Kinship care: arrangements with relatives and friends recorded with their carer, order and
support; counted by kind together with connected-person foster placements, which are read from
placements and never typed twice."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hearth.access.tests.signin import force_login_verified
from hearth.care import kinship
from hearth.care.models import KinshipArrangement
from hearth.care.tests.factories import PeriodOfCareFactory, PlacementFactory
from hearth.casework.tests.conftest import date_parts
from hearth.core.chronology import chronology_for
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.tests.factories import AllocationFactory, WorkerFactory

pytestmark = pytest.mark.django_db
d = dt.date


@pytest.fixture
def worker():
    return WorkerFactory()


@pytest.fixture
def child(worker):
    child = ChildFactory(date_of_birth=d(2016, 5, 1))
    AllocationFactory(child=child, worker=worker)
    return child


def _start(child, worker, **overrides):
    values = {
        "kind": "sgo",
        "start_date": d(2025, 9, 1),
        "order_date": d(2025, 9, 1),
        "carer_first_name": "Maureen",
        "carer_last_name": "Okafor",
        "carer_relationship": "Grandmother",
        "support_plan": "Special guardianship allowance; respite one weekend a month.",
        "weekly_allowance": Decimal("185.50"),
    }
    values.update(overrides)
    return kinship.kinship_arrangement_start(child=child, acting_user=worker.user, **values)


def test_an_arrangement_is_recorded_with_its_carer_and_shown_in_the_chronology(child, worker):
    arrangement = _start(child, worker)
    assert arrangement.carer.relationship == "Grandmother"
    titles = {e.title: e.detail for e in chronology_for(child=child)}
    detail = titles["Kinship arrangement started: special guardianship order"]
    assert "Maureen Okafor (Grandmother)" in detail
    assert "allowance £185.50 a week" in detail
    assert "respite one weekend a month" in detail


def test_an_order_needs_its_date(child, worker):
    with pytest.raises(ValidationError) as err:
        _start(child, worker, order_date=None)
    assert "order_date" in err.value.error_dict


def test_a_child_has_one_open_arrangement(child, worker):
    _start(child, worker)
    with pytest.raises(ValidationError, match="already has a kinship arrangement"):
        _start(child, worker, kind="informal", order_date=None)


def test_counts_by_kind_include_connected_person_foster_placements(child, worker):
    _start(child, worker)
    informal = ChildFactory()
    _start(informal, worker, kind="informal", order_date=None)
    fostered = ChildFactory()
    period = PeriodOfCareFactory(child=fostered, start_date=d(2025, 6, 2))
    PlacementFactory(period=period, place="U3", start_date=d(2025, 6, 2))
    other = ChildFactory()
    PlacementFactory(
        period=PeriodOfCareFactory(child=other, start_date=d(2025, 6, 2)),
        place="U6",
        start_date=d(2025, 6, 2),
    )
    counts = kinship.kinship_on(on=d(2025, 10, 1))
    assert counts["sgo"] == 1
    assert counts["informal"] == 1
    assert counts[kinship.CONNECTED_PERSON_FOSTER] == 1
    assert counts["cao"] == 0
    assert kinship.kinship_on(on=d(2025, 8, 1))["sgo"] == 0


def test_an_ended_arrangement_is_not_counted_after_its_end(child, worker):
    arrangement = _start(child, worker)
    kinship.kinship_arrangement_end(
        arrangement=arrangement,
        end_date=d(2025, 12, 1),
        expected_version=arrangement.version,
        acting_user=worker.user,
    )
    assert kinship.kinship_on(on=d(2025, 11, 30))["sgo"] == 1
    assert kinship.kinship_on(on=d(2025, 12, 1))["sgo"] == 0


def test_the_page_starts_then_ends_an_arrangement(client, child, worker):
    force_login_verified(client, worker.user)
    url = reverse("kinship", args=[child.pk])
    bad = client.post(url, {"kind": "cao"})
    assert "govuk-error-summary" in bad.content.decode()
    response = client.post(
        url,
        {
            "kind": "informal",
            "carer_first_name": "Dev",
            "carer_last_name": "Patel",
            "carer_relationship": "Uncle",
            **date_parts("start_date", d(2025, 3, 3)),
        },
    )
    assert response.status_code == 302
    arrangement = KinshipArrangement.objects.get(child=child)
    ending = client.get(url).content.decode()
    assert "Record the date it ended" in ending
    response = client.post(
        url,
        {"version": arrangement.version, **date_parts("end_date", timezone.localdate())},
    )
    assert response.status_code == 302
    arrangement.refresh_from_db()
    assert arrangement.end_date == timezone.localdate()
