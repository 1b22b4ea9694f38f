"""Search before create: NHS number first, then names (misheard or mistyped), dates of birth
(including day and month swapped) and postcode, each match explained."""

from __future__ import annotations

import datetime as dt

import pytest

from hearth.people.matching import names_alike, possible_matches
from hearth.people.models import Address, Child
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db
d = dt.date


def _find(**kwargs):
    values = {"first_name": "", "last_name": "", "date_of_birth": None}
    values.update(kwargs)
    return possible_matches(children=Child.objects.all(), **values)


@pytest.mark.parametrize(
    "a,b",
    [("Jon", "John"), ("Katherine", "Catherine"), ("Smith", "Smyth"), ("Mohammed", "Muhammad")],
)
def test_names_misheard_or_mistyped_are_alike(a, b):
    assert names_alike(a, b)


@pytest.mark.parametrize("a,b", [("Amelia", "Emily"), ("Leo", "Lea"), ("Hartley", "Patel")])
def test_different_names_are_not_alike(a, b):
    assert not names_alike(a, b)


def test_the_nhs_number_finds_the_child_whatever_the_names_say():
    child = ChildFactory(first_name="Amelia", last_name="Hartley", nhs_number="9434765919")
    (match,) = _find(first_name="Millie", last_name="Jones", nhs_number="943 476 5919")
    assert match.child == child
    assert match.explanation == "Same NHS number"


def test_a_different_nhs_number_rules_a_child_out():
    ChildFactory(
        first_name="Amelia",
        last_name="Hartley",
        date_of_birth=d(2015, 4, 3),
        nhs_number="9434765919",
    )
    found = _find(
        first_name="Amelia",
        last_name="Hartley",
        date_of_birth=d(2015, 4, 3),
        nhs_number="4857773457",
    )
    assert found == []


def test_a_misspelt_name_with_the_same_date_of_birth_is_offered():
    child = ChildFactory(first_name="Katherine", last_name="Smyth", date_of_birth=d(2014, 9, 1))
    (match,) = _find(first_name="Catherine", last_name="Smith", date_of_birth=d(2014, 9, 1))
    assert match.child == child
    assert match.explanation.startswith("Same date of birth")
    assert "family name sounds alike (Smyth / Smith)" in match.explanation


def test_a_date_of_birth_with_day_and_month_swapped_is_offered():
    child = ChildFactory(first_name="Noah", last_name="Pryce", date_of_birth=d(2012, 3, 7))
    (match,) = _find(first_name="Noah", last_name="Pryce", date_of_birth=d(2012, 7, 3))
    assert match.child == child
    assert "day and month swapped" in match.explanation


def test_the_same_postcode_adds_to_a_near_match():
    child = ChildFactory(first_name="Jon", last_name="Okoro", date_of_birth=d(2011, 1, 5))
    Address.objects.create(child=child, postcode="PE1 4TE", start_date=d(2020, 1, 1))
    found = _find(first_name="John", last_name="Okorro", date_of_birth=d(2013, 6, 6))
    assert [m.child for m in found] == []  # alike names alone: not enough
    (match,) = _find(
        first_name="John", last_name="Okorro", date_of_birth=d(2013, 6, 6), postcode="pe14te"
    )
    assert match.child == child
    assert "same postcode" in match.explanation


def test_an_unborn_child_is_found_by_a_nearby_expected_date():
    unborn = ChildFactory(
        first_name="Baby",
        last_name="Okoro",
        date_of_birth=None,
        expected_date_of_birth=d(2027, 2, 10),
        sex="U",
    )
    (match,) = _find(first_name="Baby", last_name="Okoro", expected_date_of_birth=d(2027, 2, 20))
    assert match.child == unborn
    assert "expected date of birth within 4 weeks" in match.explanation.lower()


def test_strangers_who_share_only_a_birthday_are_not_offered():
    ChildFactory(first_name="Ruby", last_name="Cole", date_of_birth=d(2014, 7, 19))
    assert _find(first_name="Kai", last_name="Reid", date_of_birth=d(2014, 7, 19)) == []


def test_the_best_match_comes_first():
    sibling = ChildFactory(first_name="Leo", last_name="Barnes", date_of_birth=d(2017, 11, 5))
    child = ChildFactory(first_name="Mia", last_name="Barnes", date_of_birth=d(2017, 11, 5))
    found = _find(first_name="Mia", last_name="Barnes", date_of_birth=d(2017, 11, 5))
    assert [m.child for m in found] == [child, sibling]
