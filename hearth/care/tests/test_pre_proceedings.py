"""Pre-proceedings and family group decision-making in practice: begun within a child in need
episode, the family network meeting offered before any application to court, audited, in the
chronology and on the worklist."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hearth.access.models import AuditEntry
from hearth.care import services
from hearth.care.models import PreProceedings
from hearth.casework import worklist
from hearth.casework.tests.conftest import date_parts
from hearth.core.chronology import chronology_for

pytestmark = pytest.mark.django_db
D = dt.date
NOW = dt.datetime(2026, 12, 1, 12, tzinfo=dt.UTC)


def _begin(child, user, **fields):
    return services.pre_proceedings_start(
        child=child, start_date=D(2026, 9, 9), acting_user=user, **fields
    )


def test_beginning_pre_proceedings_attaches_them_to_the_open_cin_episode(sw_client, child, cin):
    before = AuditEntry.objects.filter(child=child).count()
    data = {
        **date_parts("start_date", D(2026, 9, 9)),
        **date_parts("letter_date", D(2026, 9, 20)),
        **date_parts("fgdm_offered_date", D(2026, 9, 20)),
    }
    response = sw_client.post(reverse("pre_proceedings", args=[child.pk]), data)
    assert response.status_code == 302
    record = PreProceedings.objects.get(child=child)
    assert record.cin_episode == cin
    assert (record.letter_date, record.fgdm_offered_date) == (D(2026, 9, 20), D(2026, 9, 20))
    assert AuditEntry.objects.filter(child=child).count() - before == 1


def test_pre_proceedings_need_an_open_cin_episode(child, social_worker):
    with pytest.raises(ValidationError, match="child in need episode"):
        _begin(child, social_worker.user)


def test_the_open_record_takes_the_meeting_and_the_decision(sw_client, child, cin, social_worker):
    record = _begin(child, social_worker.user, letter_date=D(2026, 9, 20))
    data = {
        "version": record.version,
        "review_meetings": "2",
        "outcome": "A",
        "fgdm_outcome": "Grandmother to care for the children at weekends",
        **date_parts("letter_date", D(2026, 9, 20)),
        **date_parts("fgdm_offered_date", D(2026, 9, 20)),
        **date_parts("fgdm_held_date", D(2026, 10, 2)),
        **date_parts("first_meeting_date", D(2026, 9, 28)),
        **date_parts("decision_date", D(2026, 11, 10)),
        **date_parts("court_application_date", D(2026, 11, 18)),
    }
    response = sw_client.post(reverse("pre_proceedings", args=[child.pk]), data)
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.outcome == PreProceedings.Outcome.COURT
    assert (record.fgdm_held_date, record.review_meetings) == (D(2026, 10, 2), 2)
    assert record.court_application_date == D(2026, 11, 18)


def test_an_application_to_court_needs_a_decision_to_go_to_court(child, cin, social_worker):
    record = _begin(child, social_worker.user)
    with pytest.raises(ValidationError) as err:
        services.pre_proceedings_update(
            record=record,
            expected_version=record.version,
            decision_date=D(2026, 11, 10),
            outcome=PreProceedings.Outcome.STEP_DOWN,
            court_application_date=D(2026, 11, 18),
            acting_user=social_worker.user,
        )
    assert "court_application_date" in err.value.message_dict


def test_a_meeting_cannot_be_held_before_it_was_offered(child, cin, social_worker):
    record = _begin(child, social_worker.user)
    with pytest.raises(ValidationError, match="before the meeting was offered"):
        services.pre_proceedings_update(
            record=record,
            expected_version=record.version,
            fgdm_offered_date=D(2026, 10, 1),
            fgdm_held_date=D(2026, 9, 20),
            acting_user=social_worker.user,
        )


def test_without_an_offer_the_worklist_asks_for_a_family_network_meeting(child, cin, social_worker):
    _begin(child, social_worker.user, letter_date=D(2026, 9, 20))
    items = {i.label: i for i in worklist.due_items(children=[child], now=NOW)}
    offer = items["Offer a family network meeting before any application to court"]
    assert offer.due == D(2026, 9, 20)
    assert offer.url == reverse("pre_proceedings", args=[child.pk])
    assert items["Pre-proceedings decision (16 weeks)"].due == D(2026, 12, 30)


def test_once_offered_the_worklist_no_longer_asks(child, cin, social_worker):
    _begin(child, social_worker.user, fgdm_offered_date=D(2026, 9, 20))
    labels = {i.label for i in worklist.due_items(children=[child], now=NOW)}
    assert "Offer a family network meeting before any application to court" not in labels


def test_the_proceedings_page_warns_when_no_meeting_was_offered(sw_client, child):
    content = sw_client.get(reverse("proceedings_add", args=[child.pk])).content.decode()
    assert "No family network meeting has been offered" in content


def test_the_steps_are_in_the_chronology(child, cin, social_worker):
    record = _begin(child, social_worker.user, fgdm_offered_date=D(2026, 9, 20))
    services.pre_proceedings_update(
        record=record,
        expected_version=record.version,
        fgdm_offered_date=D(2026, 9, 20),
        fgdm_held_date=D(2026, 10, 2),
        fgdm_outcome="Aunt offers respite",
        acting_user=social_worker.user,
    )
    entries = {(e.date, e.title): e.detail for e in chronology_for(child=child)}
    assert (D(2026, 9, 9), "Decision to begin pre-proceedings") in entries
    assert entries[(D(2026, 10, 2), "Family network meeting held")] == "Aunt offers respite"
