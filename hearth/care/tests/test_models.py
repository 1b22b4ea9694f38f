import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hearth.care.tests.factories import PeriodOfCareFactory, PlacementFactory
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_period_of_care_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        PeriodOfCareFactory(
            start_date=dt.date(2024, 4, 2), end_date=dt.date(2024, 3, 1), reason_ceased="E13"
        )


def test_two_open_periods_of_care_are_refused_by_the_database():
    child = ChildFactory()
    PeriodOfCareFactory(child=child)
    with pytest.raises(IntegrityError), transaction.atomic():
        PeriodOfCareFactory(child=child, start_date=dt.date(2024, 6, 1))


def test_two_open_periods_of_care_fail_validation_with_a_message():
    child = ChildFactory()
    PeriodOfCareFactory(child=child)
    second = PeriodOfCareFactory.build(child=child, start_date=dt.date(2024, 6, 1))
    with pytest.raises(ValidationError, match="already has an open period of care"):
        second.full_clean()


def test_ended_period_of_care_needs_a_reason():
    with pytest.raises(IntegrityError), transaction.atomic():
        PeriodOfCareFactory(end_date=dt.date(2024, 9, 1), reason_ceased="")


def test_placement_before_the_period_of_care_fails_validation():
    period = PeriodOfCareFactory()
    placement = PlacementFactory.build(
        period=period, child=period.child, start_date=period.start_date - dt.timedelta(days=3)
    )
    with pytest.raises(ValidationError) as err:
        placement.full_clean()
    assert "start_date" in err.value.message_dict


def test_period_of_care_before_birth_fails_validation():
    child = ChildFactory(date_of_birth=dt.date(2024, 5, 1))
    period = PeriodOfCareFactory.build(child=child, start_date=dt.date(2024, 4, 2))
    with pytest.raises(ValidationError):
        period.full_clean()
