"""A child has at most one open early help episode (issue #15): the service refuses a second on
the start date with a clear error, the form shows it in the error summary, and the database
refuses one written past the service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from hearth.casework import services
from hearth.casework.models import EarlyHelpEpisode
from hearth.casework.tests.conftest import date_parts


def _start(child, user, day):
    return services.early_help_start(
        child=child,
        start_date=day,
        lead_professional="Ms Head",
        lead_agency="school",
        acting_user=user,
    )


def test_the_service_refuses_a_second_open_episode_on_the_start_date(child, social_worker):
    _start(child, social_worker.user, dt.date(2024, 3, 1))
    with pytest.raises(ValidationError) as refused:
        _start(child, social_worker.user, dt.date(2024, 4, 1))
    assert refused.value.message_dict == {
        "start_date": [
            "This child already has early help open since 1 Mar 2024: end it before starting "
            "another"
        ]
    }
    assert EarlyHelpEpisode.objects.filter(child=child).count() == 1


def test_a_new_episode_may_start_once_the_open_one_has_ended(child, social_worker):
    first = _start(child, social_worker.user, dt.date(2024, 3, 1))
    services.early_help_end(
        episode=first,
        expected_version=first.version,
        end_date=dt.date(2024, 5, 1),
        end_reason="needs_met",
        acting_user=social_worker.user,
    )
    _start(child, social_worker.user, dt.date(2024, 6, 1))
    assert EarlyHelpEpisode.objects.filter(child=child, end_date__isnull=True).count() == 1


def test_the_database_refuses_a_second_open_episode(child):
    fields = {"child": child, "lead_professional": "Ms Head", "lead_agency": "school"}
    EarlyHelpEpisode.objects.create(start_date=dt.date(2024, 3, 1), **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        EarlyHelpEpisode.objects.create(start_date=dt.date(2024, 4, 1), **fields)
    # an ended or archived episode does not count
    EarlyHelpEpisode.objects.create(
        start_date=dt.date(2023, 1, 1),
        end_date=dt.date(2023, 2, 1),
        end_reason="needs_met",
        **fields,
    )


def test_the_form_shows_the_refusal_in_the_error_summary(sw_client, child, social_worker):
    _start(child, social_worker.user, dt.date(2024, 3, 1))
    response = sw_client.post(
        reverse("early_help_add", args=[child.pk]),
        {
            "lead_professional": "Mr Other",
            "lead_agency": "health",
            **date_parts("start_date", dt.date(2024, 4, 1)),
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert 'href="#id_start_date_0"' in content  # linked to the start date
    assert "This child already has early help open since 1 Mar 2024" in content
    assert EarlyHelpEpisode.objects.filter(child=child).count() == 1
