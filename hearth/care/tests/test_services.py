"""The care actions keep the three timelines consistent and refuse what is invalid."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hearth.access.models import AuditEntry
from hearth.care import services
from hearth.care.models import LegalStatus, MissingEpisode, Placement
from hearth.core.calendar import LONDON
from hearth.core.chronology import chronology_for

pytestmark = pytest.mark.django_db
D = dt.date
PLACE = {
    "place": "U1",
    "provider": "PR1",
    "carer_name": "Mr and Mrs Lee",
    "postcode": "PE1 1AA",
    "urn": "",
}


def at(*args):
    return dt.datetime(*args, tzinfo=LONDON)


def _start(child, user):
    return services.care_start(
        child=child,
        start_date=D(2024, 1, 10),
        category_of_need="N1",
        legal_status="C2",
        placement=PLACE,
        acting_user=user,
    )


def test_coming_into_care_writes_three_timelines_and_one_audit_entry(child, social_worker):
    before = AuditEntry.objects.count()
    period = _start(child, social_worker.user)
    assert LegalStatus.objects.get(period=period).code == "C2"
    assert Placement.objects.get(period=period).carer_name == "Mr and Mrs Lee"
    assert AuditEntry.objects.count() - before == 1
    with pytest.raises(ValidationError):
        _start(child, social_worker.user)


def test_placement_move_ends_the_old_placement_with_the_reason(child, social_worker):
    period = _start(child, social_worker.user)
    new = services.placement_change(
        period=period,
        start_date=D(2024, 3, 1),
        reason_changed="CARPL",
        placement={**PLACE, "carer_name": "Ms Shah"},
        acting_user=social_worker.user,
    )
    old = Placement.objects.exclude(pk=new.pk).get(period=period)
    assert (old.end_date, old.reason_changed) == (D(2024, 3, 1), "CARPL")
    with pytest.raises(ValidationError):
        services.placement_change(
            period=period,
            start_date=D(2024, 3, 1),
            reason_changed="",
            placement=PLACE,
            acting_user=social_worker.user,
        )


def test_legal_status_change_refuses_the_same_status(child, social_worker):
    period = _start(child, social_worker.user)
    with pytest.raises(ValidationError):
        services.legal_status_change(
            period=period, start_date=D(2024, 2, 1), code="C2", acting_user=social_worker.user
        )
    services.legal_status_change(
        period=period, start_date=D(2024, 2, 1), code="E1", acting_user=social_worker.user
    )
    assert LegalStatus.objects.filter(period=period, end_date=D(2024, 2, 1)).exists()


def test_return_interview_records_push_and_pull_factors(child, social_worker):
    episode = services.missing_episode_record(
        child=child, kind="M", started_at=at(2024, 3, 1, 20), acting_user=social_worker.user
    )
    with pytest.raises(ValidationError):
        services.return_interview_record(
            episode=episode,
            expected_version=episode.version,
            returned_at=at(2024, 3, 2, 9),
            offered_at=at(2024, 3, 2, 8),
            accepted=True,
            acting_user=social_worker.user,
        )
    services.return_interview_record(
        episode=episode,
        expected_version=episode.version,
        returned_at=at(2024, 3, 2, 9),
        offered_at=at(2024, 3, 3, 9),
        accepted=True,
        completed_at=at(2024, 3, 4, 9),
        push_factors=["boundaries"],
        pull_factors=["county_lines"],
        exploitation_concern=True,
        summary="Went to see older friends",
        acting_user=social_worker.user,
    )
    episode = MissingEpisode.objects.get(pk=episode.pk)
    assert episode.pull_factors == ["county_lines"]
    assert any("Missing" in e.kind_label for e in chronology_for(child=child))


def test_exploitation_review_must_follow_the_assessment(child, social_worker):
    with pytest.raises(ValidationError):
        services.exploitation_assessment_record(
            child=child,
            date=D(2024, 3, 1),
            sexual_exploitation="low",
            criminal_exploitation="high",
            indicators=["missing"],
            review_date=D(2024, 2, 1),
            acting_user=social_worker.user,
        )


def test_adoption_dates_must_be_in_order(child, social_worker):
    with pytest.raises(ValidationError):
        services.adoption_record(
            child=child,
            decision_date=D(2024, 3, 1),
            placement_order_date=D(2024, 2, 1),
            acting_user=social_worker.user,
        )
