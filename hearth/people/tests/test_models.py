import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_child_needs_a_birth_or_expected_birth_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        ChildFactory(date_of_birth=None, expected_date_of_birth=None)


def test_unborn_child_with_expected_date_is_valid():
    child = ChildFactory(date_of_birth=None, expected_date_of_birth=dt.date(2026, 5, 1), upn="")
    child.full_clean()
    assert child.is_unborn


def test_death_before_birth_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ChildFactory(date_of_birth=dt.date(2015, 1, 1), date_of_death=dt.date(2014, 1, 1))


def test_upn_with_wrong_check_letter_fails_validation():
    child = ChildFactory.build(upn="A874200115001")
    with pytest.raises(ValidationError) as err:
        child.full_clean()
    assert "upn" in err.value.message_dict


def test_la_child_id_is_unique():
    ChildFactory(la_child_id="C1")
    with pytest.raises(IntegrityError), transaction.atomic():
        ChildFactory(la_child_id="C1")
