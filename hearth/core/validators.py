"""Validators for text that reaches returns, spreadsheets and pages: people's names, the names of
teams, homes and organisations, and UK postcodes.

Used on the models (so every path that calls ``full_clean`` refuses bad values), on the forms
(GOV.UK errors at entry) and by the importers. A value that starts with ``=``, ``+``, ``-`` or
``@`` would run as a formula in a spreadsheet; names are refused if they hold characters no name
has (``<``, ``>``, ``"``, ``=``, …).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

from hearth.core.spreadsheet import starts_like_formula

# Royal Mail format: outward code (A9, A99, A9A, AA9, AA99, AA9A) and inward code (9AA).
POSTCODE_RE = re.compile(r"^(GIR 0AA|[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2})$")
# Letters of any script, digits, spaces, hyphens, apostrophes, full stops and brackets, starting
# with a letter, a digit or a bracket: placeholders such as "Baby Twin 2", an import's
# "Imported 8740000001" and a sibling's "(see record)" are names; markup and formulas are not.
PERSON_NAME_RE = re.compile(r"^(?:[^\W_]|\()(?:[^\W_]|[ '\u2019.()\-])*$")
# A team, home or organisation: starts with a letter or digit; letters, digits, spaces and
# ordinary punctuation (' and its typographic form, . , & ( ) / -).
ORGANISATION_NAME_RE = re.compile(r"^[^\W_][\w '\u2019.,&()/\-]*$")


def normalise_postcode(value: str) -> str:
    """``" sw1a1aa "`` -> ``"SW1A 1AA"`` (upper case, one space before the inward code)."""
    compact = re.sub(r"\s+", "", value or "").upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) >= 5 else compact


def validate_uk_postcode(value: str) -> None:
    if value and not POSTCODE_RE.match(normalise_postcode(value)):
        raise ValidationError("Enter a real postcode, like SW1A 1AA", code="invalid_postcode")


def validate_no_formula(value: str) -> None:
    if starts_like_formula(value):
        raise ValidationError(
            "Must not start with =, +, - or @ (a spreadsheet would run it as a formula)",
            code="formula",
        )


def validate_person_name(value: str) -> None:
    validate_no_formula(value)
    if value and not PERSON_NAME_RE.match(value.strip()):
        raise ValidationError(
            "Names can only include letters, numbers, spaces, hyphens, apostrophes, full stops "
            "and brackets",
            code="invalid_name",
        )


def validate_organisation_name(value: str) -> None:
    validate_no_formula(value)
    if value and not ORGANISATION_NAME_RE.match(value.strip()):
        raise ValidationError(
            "Names can only include letters, numbers, spaces and the characters ' . , & ( ) / -, "
            "and must start with a letter or number",
            code="invalid_name",
        )
