"""The DfE code lists in hearth.core.codes.

Expected lists are copied from the DfE validator packages (csc-validator-be-903 0.1.17,
csc-validator-be-cin 0.1.13); each test names the rule it was read from.
"""

import inspect

import pytest
from django.db import models

from hearth.core import codes

ALL_CHOICES = [
    obj
    for _, obj in inspect.getmembers(codes, inspect.isclass)
    if issubclass(obj, models.TextChoices) and obj is not models.TextChoices
]


def valid(choices, year):
    return set(codes.codes_valid_in(choices, year))


# --- every list --------------------------------------------------------------------------------


@pytest.mark.parametrize("choices", ALL_CHOICES, ids=lambda c: c.__name__)
def test_no_code_is_listed_twice(choices):
    # A repeated value would silently become an Enum alias and vanish from .choices.
    assert len(choices.__members__) == len(choices.values)


@pytest.mark.parametrize("choices", ALL_CHOICES, ids=lambda c: c.__name__)
def test_every_code_has_a_plain_english_label(choices):
    for code, label in choices.choices:
        assert label and label != code


def test_every_year_limit_names_a_code_of_its_list():
    for limits in (codes.VALID_FROM, codes.VALID_UNTIL):
        for choices, by_code in limits.items():
            assert set(by_code) <= set(choices.values), choices.__name__


def test_every_year_limit_is_a_known_collection_year():
    for limits in (codes.VALID_FROM, codes.VALID_UNTIL):
        for by_code in limits.values():
            assert set(by_code.values()) <= set(codes.COLLECTION_YEARS)


# --- CIN census ---------------------------------------------------------------------------------


def test_cin_sex_is_m_f_u_from_2024_25():  # rule 4180, cin2024_25
    assert valid(codes.Sex, "2024-25") == {"M", "F", "U"}


def test_cin_sex_codes_are_not_valid_before_2024_25():
    assert valid(codes.Sex, "2023-24") == set()


def test_cin_gender_current_is_0_1_2_9_until_2023_24():  # rule 4180, cin2022_23
    assert valid(codes.GenderCurrentCIN, "2023-24") == {"0", "1", "2", "9"}
    assert valid(codes.GenderCurrentCIN, "2024-25") == set()


def test_ethnicity_has_the_twenty_dfe_codes():  # CIN rule 4220, 903 rule 103
    assert set(codes.Ethnicity.values) == {
        "WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND",
        "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
    }  # fmt: skip


def test_disability_codes_match_cin_rule_8540():
    assert set(codes.Disability.values) == {
        "NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA",
    }  # fmt: skip


def test_referral_source_codes_match_cin_rule_8866():
    assert set(codes.ReferralSource.values) == {
        "1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F",
        "4", "5A", "5B", "5C", "5D", "6", "7", "8", "9", "10",
    }  # fmt: skip


def test_primary_need_is_n0_to_n9():  # CIN rule 8650
    assert codes.PrimaryNeed.values == [f"N{n}" for n in range(10)]


def test_closure_reason_is_rc1_to_rc9():  # CIN rule 8640
    assert codes.CINClosureReason.values == [f"RC{n}" for n in range(1, 10)]


def test_assessment_factor_codes_match_cin_rule_8897q():
    assert set(codes.AssessmentFactor.values) == {
        "1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B",
        "5C", "6A", "6B", "6C", "7A", "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A",
        "13A", "14A", "15A", "16A", "17A", "18A", "18B", "18C", "19A", "19B", "19C", "20", "21",
        "22A", "23A", "24A",
    }  # fmt: skip


def test_category_of_abuse_codes_match_cin_rules_8905_and_8910():
    assert set(codes.CategoryOfAbuse.values) == {"NEG", "PHY", "SAB", "EMO", "MUL"}


def test_cin_accepts_upn_unknown_un1_to_un7():  # rules 8770Q, 8772
    assert {f"UN{n}" for n in range(1, 8)} == codes.UPN_UNKNOWN_CIN


def test_ssda903_accepts_upn_unknown_un1_to_un5():  # rule 168
    assert {f"UN{n}" for n in range(1, 6)} == codes.UPN_UNKNOWN_903


def test_upn_unknown_reason_lists_un1_to_un10():
    assert codes.UPNUnknownReason.values == [f"UN{n}" for n in range(1, 11)]


# --- SSDA903 ------------------------------------------------------------------------------------


def test_ssda903_sex_is_1_2_until_2023_24():  # rule 101, lac2022_23
    assert valid(codes.Sex903, "2023-24") == {"1", "2"}


def test_ssda903_sex_is_m_f_u_from_2024_25():  # rule 101, lac2024_25
    assert valid(codes.Sex903, "2024-25") == {"M", "F", "U"}


def test_legal_status_codes_match_rule_144():
    assert set(codes.LegalStatus.values) == {
        "C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4",
    }  # fmt: skip


def test_reason_new_episode_codes_match_rule_143():
    assert set(codes.ReasonNewEpisode.values) == {"S", "P", "L", "T", "U", "B"}


def test_ssda903_category_of_need_is_n1_to_n8():  # rule 145
    assert codes.CategoryOfNeed903.values == [f"N{n}" for n in range(1, 9)]


def test_placement_types_in_2023_24_match_rule_146():
    assert valid(codes.PlacementType, "2023-24") == {
        "A3", "A4", "A5", "A6", "H5", "K1", "K2", "P1", "P2", "P3", "R1", "R2", "R3", "R5",
        "S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z1",
    }  # fmt: skip


def test_placement_type_k3_arrives_in_2024_25():
    assert codes.is_code_valid(codes.PlacementType, "K3", "2024-25")
    assert not codes.is_code_valid(codes.PlacementType, "K3", "2023-24")


def test_placement_types_h5_p2_and_z1_end_with_2024_25():
    for code in ("H5", "P2", "Z1"):
        assert codes.is_code_valid(codes.PlacementType, code, "2024-25")
        assert not codes.is_code_valid(codes.PlacementType, code, "2025-26")


def test_placement_types_in_2025_26_match_rule_146():
    assert valid(codes.PlacementType, "2025-26") == {
        "A3", "A4", "A5", "A6", "K1", "K2", "K3", "P1", "P3", "R1", "R2", "R3", "R5", "S1",
        "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6",
        "Z11", "Z12", "Z13", "Z14",
    }  # fmt: skip


def test_placement_provider_is_pr0_to_pr5():  # rule 178
    assert codes.PlacementProvider.values == [f"PR{n}" for n in range(6)]


def test_reason_episode_ceased_codes_match_rule_149():
    assert set(codes.ReasonEpisodeCeased.values) == {
        "X1", "E11", "E12", "E13", "E14", "E15", "E16", "E17", "E2", "E3", "E41", "E45",
        "E46", "E47", "E48", "E4A", "E4B", "E5", "E6", "E7", "E8", "E9",
    }  # fmt: skip


def test_reason_place_change_codes_match_rule_1009():
    assert set(codes.ReasonPlaceChange.values) == {
        "CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ",
        "PLACE", "CUSTOD", "OTHER",
    }  # fmt: skip


def test_review_code_is_pn0_to_pn7():  # rule 167
    assert codes.ReviewCode.values == [f"PN{n}" for n in range(8)]


def test_in_touch_codes_match_rule_131():
    assert set(codes.InTouch.values) == {"YES", "NO", "DIED", "REFU", "NREQ", "RHOM"}


def test_care_leaver_activity_codes_match_rule_132():
    assert set(codes.CareLeaverActivity.values) == {
        "F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0",
    }  # fmt: skip


def test_care_leaver_accommodation_codes_match_rule_133():
    assert set(codes.CareLeaverAccommodation.values) == {
        "B1", "B2", "C1", "C2", "D1", "D2", "E1", "E2", "G1", "G2", "H1", "H2", "K1", "K2",
        "R1", "R2", "S2", "T1", "T2", "U1", "U2", "V1", "V2", "W1", "W2", "X2", "Y1", "Y2",
        "Z1", "Z2", "0",
    }  # fmt: skip


def test_sdq_reason_is_sdq1_to_sdq5():  # rule 196
    assert codes.SDQReason.values == [f"SDQ{n}" for n in range(1, 6)]


def test_missing_type_is_missing_or_away():  # rule 1006
    assert set(codes.MissingType.values) == {"M", "A"}


def test_previous_permanence_codes_match_rule_631():
    assert set(codes.PrevPerm.values) == {"P1", "P2", "P3", "P4", "Z1"}


def test_reason_placed_ceased_is_rd1_to_rd4():  # rule 120
    assert codes.ReasonPlacedCeased.values == ["RD1", "RD2", "RD3", "RD4"]


def test_sex_of_adopters_codes_match_rule_176():
    assert set(codes.SexAdopter.values) == {"M1", "F1", "MM", "FF", "MF"}


def test_legal_status_of_adopters_codes_match_rule_177():
    assert set(codes.LegalStatusAdopter.values) == {"L0", "L11", "L12", "L2", "L3", "L4"}


def test_social_worker_change_reasons_match_rule_sw13stg1():
    assert set(codes.SWReason.values) == {
        "MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN",
        "SWDIED", "OTHERS",
    }  # fmt: skip


def test_social_worker_change_reasons_start_with_2023_24():
    assert valid(codes.SWReason, "2022-23") == set()
    assert valid(codes.SWReason, "2023-24") == set(codes.SWReason.values)


# --- helpers ------------------------------------------------------------------------------------


def test_codes_without_year_limits_are_valid_in_every_year():
    for year in codes.COLLECTION_YEARS:
        assert valid(codes.LegalStatus, year) == set(codes.LegalStatus.values)


def test_an_unknown_code_is_not_valid():
    assert not codes.is_code_valid(codes.LegalStatus, "C3", "2024-25")


def test_an_unknown_collection_year_is_refused():
    with pytest.raises(ValueError):
        codes.is_code_valid(codes.LegalStatus, "C2", "2025")


def test_validator_end_year_converts_to_collection_year():
    assert codes.collection_year_from_end_year("2025") == "2024-25"
    assert codes.collection_year_from_end_year(2000) == "1999-00"


def test_max_code_length_is_the_longest_code():
    assert codes.max_code_length(codes.ReferralSource) == 2
    assert codes.max_code_length(codes.UPNUnknownReason) == 4


def test_every_ethnicity_code_has_a_group():
    assert set(codes.ETHNICITY_GROUP) == set(codes.Ethnicity.values)


def test_ethnicity_groups_are_dfes_six():
    assert set(codes.ETHNICITY_GROUP.values()) == {
        "White", "Mixed", "Asian", "Black", "Other", "Not known",
    }  # fmt: skip


def test_chinese_is_counted_as_other_as_in_dfe_statistics():
    assert codes.ETHNICITY_GROUP["CHNE"] == "Other"


def test_every_placement_type_has_a_group():
    assert set(codes.PLACEMENT_GROUP) == set(codes.PlacementType.values)


def test_placement_groups_are_the_seven_named():
    assert set(codes.PLACEMENT_GROUP.values()) == {
        "foster", "kinship_foster", "childrens_home", "semi_independent",
        "placed_with_parents", "adoption", "other",
    }  # fmt: skip


def test_fostering_with_relatives_or_friends_is_kinship():
    assert {codes.PLACEMENT_GROUP[c] for c in ("U1", "U2", "U3")} == {"kinship_foster"}
    assert {codes.PLACEMENT_GROUP[c] for c in ("U4", "U5", "U6")} == {"foster"}


def test_every_legal_status_has_a_group():
    assert set(codes.LEGAL_STATUS_GROUP) == set(codes.LegalStatus.values)


def test_legal_status_groups():
    group = codes.LEGAL_STATUS_GROUP
    assert (group["C1"], group["C2"], group["E1"]) == (
        "interim_care_order",
        "care_order",
        "placement_order",
    )
    assert {group["V2"], group["V3"], group["V4"]} == {"section_20"}
    assert {group["J1"], group["J2"], group["J3"]} == {"youth_justice"}
    assert {group["L1"], group["L2"], group["L3"]} == {"emergency"}


def test_temporary_placements_are_the_t_codes():
    assert {c for c in codes.PlacementType.values if c.startswith("T")} == (
        codes.TEMPORARY_PLACEMENTS
    )


def test_accommodation_suitability_comes_from_the_last_digit():
    assert codes.ACCOMMODATION_SUITABLE["Z1"] is True
    assert codes.ACCOMMODATION_SUITABLE["S2"] is False


def test_every_accommodation_code_has_a_type():
    for code in codes.ACCOMMODATION_SUITABLE:
        assert code[0] in codes.ACCOMMODATION_TYPE
