import datetime as dt

import pytest

from hearth.core.spreadsheet import safe_record, safe_row, spreadsheet_safe


@pytest.mark.parametrize(
    "text",
    ['=HYPERLINK("//evil","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_formula_like_text_is_prefixed_with_an_apostrophe(text):
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["SW1A 1AA", "O'Neil", "", None, 3, -2.5, dt.date(2025, 1, 1)])
def test_ordinary_values_pass_through_unchanged(value):
    assert spreadsheet_safe(value) == value


@pytest.mark.parametrize("text", ["-12", "+44", "-3.5"])
def test_plain_numeric_text_is_left_alone(text):
    assert spreadsheet_safe(text) == text


def test_rows_and_records_are_made_safe_cell_by_cell():
    assert safe_row(["=1", "a", 2]) == ["'=1", "a", 2]
    assert safe_record({"A": "@x", "B": "b"}) == {"A": "'@x", "B": "b"}
