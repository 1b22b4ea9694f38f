"""Dates and kinds checked against the child's journey at entry: no allocation in the future, no
contact or referral long before birth or about an adult, no looked-after or child protection
visit (or 'absent' episode) for a child whose status does not allow it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.care import services as care_services
from hearth.care.tests.factories import PeriodOfCareFactory
from hearth.casework import services
from hearth.casework.tests.factories import CPPlanFactory
from hearth.people.tests.factories import ChildFactory
from hearth.workforce import services as workforce_services
from hearth.workforce.tests.factories import WorkerFactory

D = dt.date


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.UTC)


def _contact(child, day, user):
    return services.contact_record(
        child=child, received_at=_at(day), source="1A", reason="Worried", acting_user=user
    )


def _errors(exc) -> set[str]:
    return set(exc.value.error_dict)


def test_an_allocation_cannot_start_in_the_future(child, social_worker, manager):
    with pytest.raises(ValidationError) as exc:
        workforce_services.allocation_change(
            child=child,
            worker=WorkerFactory(team=social_worker.team),
            start_date=timezone.localdate() + dt.timedelta(days=3),
            reason="caseload",
            acting_user=manager.user,
        )
    assert _errors(exc) == {"start_date"}


def test_a_contact_long_before_the_child_was_born_is_refused(social_worker):
    child = ChildFactory(date_of_birth=D(2020, 6, 1))
    with pytest.raises(ValidationError) as exc:
        _contact(child, D(2019, 1, 10), social_worker.user)
    assert _errors(exc) == {"received_at"}


def test_a_pre_birth_contact_during_pregnancy_is_allowed(social_worker):
    child = ChildFactory(date_of_birth=D(2020, 6, 1))
    assert _contact(child, D(2020, 3, 1), social_worker.user).pk


def test_a_contact_about_an_unborn_child_is_allowed(social_worker):
    child = ChildFactory(date_of_birth=None, expected_date_of_birth=D(2027, 3, 1))
    assert _contact(child, D(2026, 11, 1), social_worker.user).pk


def test_a_contact_about_someone_aged_18_or_over_is_refused_as_an_adult(social_worker):
    child = ChildFactory(date_of_birth=D(1990, 1, 1))
    with pytest.raises(ValidationError, match="is an adult"):
        _contact(child, D(2024, 1, 10), social_worker.user)


def test_a_referral_about_an_adult_is_refused(social_worker):
    child = ChildFactory(date_of_birth=D(2005, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.referral_record(
            child=child,
            referral_date=D(2024, 1, 10),
            referral_source="1A",
            acting_user=social_worker.user,
        )
    assert _errors(exc) == {"referral_date"}


def test_a_referral_at_17_is_accepted(social_worker):
    child = ChildFactory(date_of_birth=D(2006, 6, 1))
    episode = services.referral_record(
        child=child,
        referral_date=D(2024, 1, 10),
        referral_source="1A",
        acting_user=social_worker.user,
    )
    assert episode.pk


VISIT_DAY = D(2024, 5, 1)


def _visit(child, kind, user, day=VISIT_DAY):
    return services.visit_record(
        child=child,
        kind=kind,
        date=day,
        child_seen=True,
        seen_alone=True,
        childs_views="Fine",
        acting_user=user,
    )


def test_a_looked_after_visit_is_refused_for_a_child_not_looked_after(child, social_worker):
    with pytest.raises(ValidationError) as exc:
        _visit(child, "cla", social_worker.user)
    assert _errors(exc) == {"kind"}


def test_a_looked_after_visit_is_accepted_while_the_child_is_looked_after(child, social_worker):
    PeriodOfCareFactory(child=child, start_date=D(2024, 4, 2))
    assert _visit(child, "cla", social_worker.user).pk


def test_a_child_protection_visit_needs_a_plan_on_the_visit_date(child, cin, social_worker):
    CPPlanFactory(cin_episode=cin, start_date=D(2024, 6, 1))
    with pytest.raises(ValidationError) as exc:
        _visit(child, "cp", social_worker.user, day=D(2024, 5, 1))
    assert _errors(exc) == {"kind"}
    assert _visit(child, "cp", social_worker.user, day=D(2024, 6, 10)).pk


def test_away_from_placement_is_refused_for_a_child_not_looked_after(child, social_worker):
    with pytest.raises(ValidationError) as exc:
        care_services.missing_episode_record(
            child=child, kind="A", started_at=_at(D(2024, 5, 1)), acting_user=social_worker.user
        )
    assert _errors(exc) == {"kind"}


def test_away_from_placement_is_recorded_for_a_looked_after_child(child, social_worker):
    PeriodOfCareFactory(child=child, start_date=D(2024, 4, 2))
    episode = care_services.missing_episode_record(
        child=child, kind="A", started_at=_at(D(2024, 5, 1)), acting_user=social_worker.user
    )
    assert episode.pk


def test_a_child_not_looked_after_can_be_recorded_missing(child, social_worker):
    episode = care_services.missing_episode_record(
        child=child, kind="M", started_at=_at(D(2024, 5, 1)), acting_user=social_worker.user
    )
    assert episode.pk
