"""What a practitioner writes on a visit or in management oversight is shown again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from hearth.casework.models import ManagementOversight
from hearth.casework.tests.factories import VisitFactory

pytestmark = pytest.mark.django_db


def _pages(client, child) -> dict[str, str]:
    return {
        name: client.get(reverse(name, args=[child.pk])).content.decode()
        for name in ("child_chronology", "child_chronology_csv")
    }


def test_what_was_seen_and_done_on_a_visit_is_in_the_chronology_and_csv(
    sw_client, child, social_worker
):
    VisitFactory(
        child=child, worker=social_worker, observations="Bedroom was cold; I spoke to the landlord"
    )
    for name, content in _pages(sw_client, child).items():
        assert "Bedroom was cold; I spoke to the landlord" in content, name


def test_oversight_decisions_and_actions_are_in_the_chronology_and_csv(
    sw_client, child, social_worker
):
    ManagementOversight.objects.create(
        child=child,
        manager=social_worker,
        date=dt.date(2024, 5, 2),
        summary="Reviewed the plan",
        decisions="Convene a strategy discussion by Friday",
    )
    for name, content in _pages(sw_client, child).items():
        assert "Convene a strategy discussion by Friday" in content, name
        assert "Reviewed the plan" in content, name
