import pytest
from django.core.exceptions import ValidationError

from hearth.core.validators import (
    normalise_postcode,
    validate_no_formula,
    validate_organisation_name,
    validate_person_name,
    validate_uk_postcode,
)

HOSTILE = [
    '=HYPERLINK("//evil","x")',
    "+cmd",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    '<meta http-equiv=refresh content="0;url=//evil">',
    '"><form action=//evil>',
]


@pytest.mark.parametrize(
    "value", ["SW1A 1AA", "sw1a1aa", "PE1 1XX", "M1 1AE", "B33 8TH", "GIR 0AA"]
)
def test_real_postcode_formats_are_accepted(value):
    validate_uk_postcode(value)


@pytest.mark.parametrize("value", ["=1+1", "@A1", "PE1", "12345", "SW1A 1AAA", "PE1 1X<"])
def test_anything_else_is_not_a_postcode(value):
    with pytest.raises(ValidationError):
        validate_uk_postcode(value)


def test_postcodes_are_normalised_to_upper_case_with_one_space():
    assert normalise_postcode(" sw1a  1aa ") == "SW1A 1AA"


@pytest.mark.parametrize(
    "value",
    [
        "Amelia",
        "O'Neil",
        "O\u2019Neil",
        "Smith-Jones",
        "Zoë",
        "St. John",
        "Łukasz",
        "Twin 2",
        "(see record)",
        "8740000001",
    ],
)
def test_ordinary_names_are_accepted(value):
    validate_person_name(value)


@pytest.mark.parametrize("value", [*HOSTILE, "'quoted", "Ann<b>", "Ann_", "Ann;", "Ann/Bob"])
def test_names_with_formulas_or_markup_are_refused(value):
    with pytest.raises(ValidationError):
        validate_person_name(value)


@pytest.mark.parametrize(
    "value", ["Safeguarding A", "Oak House", "Children in Care 2", "A & B (East)"]
)
def test_ordinary_team_and_home_names_are_accepted(value):
    validate_organisation_name(value)


@pytest.mark.parametrize("value", HOSTILE)
def test_team_and_home_names_with_formulas_or_markup_are_refused(value):
    with pytest.raises(ValidationError):
        validate_organisation_name(value)


def test_free_text_may_not_start_like_a_formula_but_may_hold_one_later():
    validate_no_formula("Total = 3")
    with pytest.raises(ValidationError):
        validate_no_formula("=3")
