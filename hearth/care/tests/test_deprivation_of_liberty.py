"""Deprivation of liberty orders in practice: recorded and ended on the child's record,
audited, in the chronology and on the worklist while the court's dates fall due."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hearth.access.models import AuditEntry
from hearth.care import services
from hearth.care.models import DeprivationOfLibertyOrder
from hearth.care.tests.factories import (
    DeprivationOfLibertyOrderFactory,
    LegalStatusFactory,
    PeriodOfCareFactory,
    PlacementFactory,
)
from hearth.casework import worklist
from hearth.casework.tests.conftest import date_parts
from hearth.core.chronology import chronology_for

pytestmark = pytest.mark.django_db
D = dt.date
NOW = dt.datetime(2026, 9, 1, 12, tzinfo=dt.UTC)


def _record(client, child, **fields):
    data = {"court": "High Court (Family Division)"}
    for name, day in fields.items():
        data.update(date_parts(name, day))
    return client.post(reverse("deprivation_of_liberty", args=[child.pk]), data)


def test_a_social_worker_records_an_order_with_its_court_dates(sw_client, child):
    before = AuditEntry.objects.filter(child=child).count()
    response = _record(
        sw_client,
        child,
        start_date=D(2026, 6, 1),
        review_date=D(2026, 9, 1),
        expiry_date=D(2026, 12, 1),
    )
    assert response.status_code == 302
    order = DeprivationOfLibertyOrder.objects.get(child=child)
    assert (order.start_date, order.review_date, order.expiry_date) == (
        D(2026, 6, 1),
        D(2026, 9, 1),
        D(2026, 12, 1),
    )
    assert order.court == "High Court (Family Division)"
    assert AuditEntry.objects.filter(child=child).count() - before == 1


def test_with_an_order_in_force_the_page_records_its_end(sw_client, child):
    order = DeprivationOfLibertyOrderFactory(child=child, start_date=D(2026, 6, 1))
    data = {"version": order.version, **date_parts("end_date", D(2026, 8, 14))}
    response = sw_client.post(reverse("deprivation_of_liberty", args=[child.pk]), data)
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.end_date == D(2026, 8, 14)
    assert DeprivationOfLibertyOrder.objects.filter(child=child).count() == 1


def test_an_order_cannot_end_before_it_was_made(child, social_worker):
    order = DeprivationOfLibertyOrderFactory(child=child, start_date=D(2026, 6, 1))
    with pytest.raises(ValidationError, match="cannot end before"):
        services.deprivation_of_liberty_update(
            order=order,
            expected_version=order.version,
            end_date=D(2026, 5, 1),
            acting_user=social_worker.user,
        )


def test_a_review_date_before_the_order_shows_the_error_summary(sw_client, child):
    response = _record(sw_client, child, start_date=D(2026, 6, 1), review_date=D(2026, 5, 1))
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content
    assert "This date is before the order was made." in content
    assert not DeprivationOfLibertyOrder.objects.exists()


def test_the_order_and_its_end_are_in_the_chronology(child):
    DeprivationOfLibertyOrderFactory(
        child=child, start_date=D(2026, 6, 1), end_date=D(2026, 8, 14), court="Court of Protection"
    )
    titles = {(e.date, e.title) for e in chronology_for(child=child)}
    assert (D(2026, 6, 1), "Deprivation of liberty order made") in titles
    assert (D(2026, 8, 14), "Deprivation of liberty order ended") in titles


def test_the_worklist_shows_the_review_and_expiry_of_an_order_in_force(child):
    DeprivationOfLibertyOrderFactory(
        child=child,
        start_date=D(2026, 6, 1),
        review_date=D(2026, 9, 1),
        expiry_date=D(2026, 12, 1),
    )
    items = {i.label: i for i in worklist.due_items(children=[child], now=NOW)}
    assert items["Deprivation of liberty: court review"].due == D(2026, 9, 1)
    assert items["Deprivation of liberty order expires"].due == D(2026, 12, 1)
    url = reverse("deprivation_of_liberty", args=[child.pk])
    assert items["Deprivation of liberty order expires"].url == url


def test_an_ended_order_leaves_the_worklist(child):
    DeprivationOfLibertyOrderFactory(
        child=child, start_date=D(2026, 6, 1), end_date=D(2026, 7, 1), review_date=D(2026, 9, 1)
    )
    labels = {i.label for i in worklist.due_items(children=[child], now=NOW)}
    assert not {lb for lb in labels if "liberty" in lb}


def test_care_cannot_end_while_an_order_is_in_force(child, social_worker):
    period = PeriodOfCareFactory(child=child, start_date=D(2026, 5, 1))
    LegalStatusFactory(period=period, start_date=D(2026, 5, 1))
    PlacementFactory(period=period, start_date=D(2026, 5, 1))
    DeprivationOfLibertyOrderFactory(child=child, start_date=D(2026, 6, 1))
    with pytest.raises(ValidationError, match="deprivation of liberty order is still in force"):
        services.care_end(
            period=period,
            expected_version=period.version,
            end_date=D(2026, 8, 1),
            reason_ceased="E4A",
            acting_user=social_worker.user,
        )
