"""UPN and NHS number checking and making (hearth.people.upn)."""

import random

import pytest

from hearth.people.upn import (
    CHECK_LETTERS,
    UPN_LA_NUMBERS,
    is_synthetic_nhs_number,
    is_valid_nhs_number,
    is_valid_upn,
    make_nhs_number,
    make_upn,
    upn_check_letter,
)

# Random UPNs with the verdict of the CIN validator's own check-letter rule (csc-validator-be-cin
# 0.1.13, cin2022_23 rule 1510, run under pandas 1.5): True = right check letter. Our function
# agreed with the rule on all of 20,000 such UPNs; these 40 keep that comparison in the suite.
VALIDATOR_VERDICTS = [
    ("M200119731348", True), ("B715444424284", True), ("M270134712509", True),
    ("N148921653525", False), ("G606547792322", True), ("H681039624657", True),
    ("P845651807573", True), ("A251160899712", True), ("Y254444334163", True),
    ("T320687060875", True), ("N234244748368", True), ("M279962925362", False),
    ("T180842992110", False), ("D206914515297", False), ("N979265341678", False),
    ("A849342165431", True), ("T743790149204", False), ("Y613709644833", True),
    ("B147343075198", True), ("G256037955179", True), ("W783099254837", False),
    ("R273302502572", True), ("J156976388134", True), ("C704264838733", False),
    ("X938112769861", True), ("X559647825712", True), ("Q532300355380", True),
    ("V064564677580", True), ("U073350545167", False), ("X979366184264", True),
    ("E870566253168", True), ("Y906431307321", True), ("V830213404997", True),
    ("G656821196340", False), ("Y577915456154", False), ("B832802359735", False),
    ("D341238827537", True), ("B862550526208", False), ("Q123664056613", True),
    ("T640499790299", True),
]  # fmt: skip


# --- check letter -------------------------------------------------------------------------------


def test_check_letters_are_a_to_z_without_i_o_s():
    assert set(CHECK_LETTERS) == set("ABCDEFGHIJKLMNOPQRSTUVWXYZ") - set("IOS")
    assert len(CHECK_LETTERS) == 23


def test_check_letter_passes_the_validators_own_good_examples():  # rule 1510's test data
    assert upn_check_letter("950000178301") == "A"
    assert upn_check_letter("243278544154") == "H"


def test_check_letter_fails_the_validators_own_bad_examples():  # rule 1510's test data
    assert upn_check_letter("247962919251") != "R"
    assert upn_check_letter("428558133462") != "X"


@pytest.mark.parametrize(("upn", "validator_says_valid"), VALIDATOR_VERDICTS)
def test_check_letter_agrees_with_cin_rule_1510(upn, validator_says_valid):
    assert is_valid_upn(upn, check_la=False) is validator_says_valid


def test_letter_in_position_13_counts_as_its_place_in_the_check_alphabet():
    # Temporary UPNs: B is worth 1, as the digit 1 is.
    assert upn_check_letter("80120000500B") == upn_check_letter("801200005001")


@pytest.mark.parametrize("body", ["95000017830", "9500001783011", "95000017830I", "9500001783A1"])
def test_check_letter_refuses_a_malformed_body(body):
    with pytest.raises(ValueError):
        upn_check_letter(body)


# --- is_valid_upn -------------------------------------------------------------------------------


def test_a_upn_with_the_right_letter_and_a_known_la_is_valid():
    assert is_valid_upn("B801200005001")


def test_a_upn_with_the_wrong_letter_is_not_valid():
    assert not is_valid_upn("A801200005001")


def test_a_upn_from_an_unrecognised_la_is_not_valid():  # rule 1530
    assert 243 not in UPN_LA_NUMBERS
    assert not is_valid_upn("H243278544154")


def test_the_la_check_can_be_switched_off():
    assert is_valid_upn("H243278544154", check_la=False)


def test_la_numbers_include_those_added_in_2023_24():
    assert {942, 943} <= UPN_LA_NUMBERS


@pytest.mark.parametrize(
    "upn", ["", "B80120000500", "B8012000050011", "b801200005001", "B 801200005001", "UN1"]
)
def test_malformed_upns_are_not_valid(upn):
    assert not is_valid_upn(upn)


def test_a_non_string_is_not_a_valid_upn():
    assert not is_valid_upn(None)


# --- make_upn -----------------------------------------------------------------------------------


def test_made_upn_is_laid_out_la_establishment_year_serial():
    upn = make_upn(la_number=873, establishment=2001, year=15, serial=7)
    assert upn[1:] == "873200115007"


def test_made_upns_are_valid():
    rng = random.Random(1)
    las = sorted(UPN_LA_NUMBERS)
    for _ in range(500):
        upn = make_upn(
            la_number=rng.choice(las),
            establishment=rng.randrange(10_000),
            year=rng.randrange(100),
            serial=rng.randrange(1000),
        )
        assert is_valid_upn(upn)


def test_make_upn_takes_a_four_digit_year():
    short = make_upn(la_number=873, establishment=2001, year=15, serial=7)
    assert make_upn(la_number=873, establishment=2001, year=2015, serial=7) == short


def test_make_upn_refuses_an_la_the_census_does_not_recognise():
    with pytest.raises(ValueError):
        make_upn(la_number=243, establishment=1, year=20, serial=1)


@pytest.mark.parametrize(
    "parts",
    [
        {"establishment": 10_000, "year": 20, "serial": 1},
        {"establishment": 1, "year": 100, "serial": 1},
        {"establishment": 1, "year": 20, "serial": 1000},
        {"establishment": -1, "year": 20, "serial": 1},
    ],
)
def test_make_upn_refuses_parts_that_do_not_fit(parts):
    with pytest.raises(ValueError):
        make_upn(la_number=873, **parts)


# --- NHS numbers --------------------------------------------------------------------------------


def test_a_real_format_nhs_number_with_the_right_check_digit_is_valid():
    assert is_valid_nhs_number("9434765919")


def test_an_nhs_number_may_be_written_in_groups():
    assert is_valid_nhs_number("943 476 5919")


def test_an_nhs_number_with_the_wrong_check_digit_is_not_valid():
    assert not is_valid_nhs_number("9434765918")


def test_an_nhs_number_whose_check_digit_would_be_10_is_never_valid():
    # 999000000: weighted sum 9*10 + 9*9 + 9*8 = 243, 243 mod 11 = 1, 11 - 1 = 10.
    assert not any(is_valid_nhs_number(f"999000000{d}") for d in range(10))


@pytest.mark.parametrize("value", ["", "943476591", "94347659190", "943476591X", None])
def test_malformed_nhs_numbers_are_not_valid(value):
    assert not is_valid_nhs_number(value)


def test_made_nhs_numbers_are_valid_and_in_the_999_test_range():
    rng = random.Random(42)
    for _ in range(500):
        number = make_nhs_number(rng)
        assert len(number) == 10
        assert is_valid_nhs_number(number)
        assert is_synthetic_nhs_number(number)


def test_made_nhs_numbers_repeat_for_the_same_seed():
    assert make_nhs_number(random.Random(7)) == make_nhs_number(random.Random(7))


def test_a_real_range_nhs_number_is_not_synthetic():
    assert not is_synthetic_nhs_number("9434765919")
