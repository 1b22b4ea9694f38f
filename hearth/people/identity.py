"""What can be right about a child's identity: the checks every way of creating or changing a
child applies (the front door's new child, identity editing, recording a birth, imports)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.core import codes
from hearth.core.calendar import age_on
from hearth.people.upn import is_valid_nhs_number

OLDEST_CHILD_AGE = 25
"""A care leaver can be supported to 25; a "child" born longer ago than this is refused."""

LATEST_EXPECTED_BIRTH_WEEKS = 44
"""An expected date of birth more than a pregnancy's length ahead is refused."""

IDENTITY_FIELDS = (
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "expected_date_of_birth",
    "sex",
    "ethnicity",
    "nhs_number",
    "upn",
    "former_upn",
    "upn_unknown_reason",
    "first_language",
    "uasc_from",
    "uasc_until",
)


def check_identity(
    *,
    date_of_birth: dt.date | None,
    expected_date_of_birth: dt.date | None,
    sex: str,
    nhs_number: str,
    today: dt.date | None = None,
) -> None:
    """Refuse identity data that cannot be right for a child; errors are keyed by field."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if date_of_birth is None and expected_date_of_birth is None:
        errors["date_of_birth"] = "Enter a date of birth or, for an unborn child, the expected date"
    if date_of_birth is not None:
        if date_of_birth > today:
            errors["date_of_birth"] = "Date of birth must be today or in the past"
        elif age_on(date_of_birth, today) > OLDEST_CHILD_AGE:
            errors["date_of_birth"] = (
                f"This date of birth makes the person {age_on(date_of_birth, today)}: "
                f"Hearth records children and care leavers up to {OLDEST_CHILD_AGE}"
            )
    elif expected_date_of_birth is not None:
        if expected_date_of_birth > today + dt.timedelta(weeks=LATEST_EXPECTED_BIRTH_WEEKS):
            errors["expected_date_of_birth"] = (
                "Expected date of birth must be within the next 44 weeks"
            )
        if sex != codes.Sex.UNKNOWN:
            errors["sex"] = "Select Not known for an unborn child"
    if nhs_number and not is_valid_nhs_number(nhs_number):
        errors["nhs_number"] = "Enter a valid NHS number: 10 digits with a correct check digit"
    if errors:
        raise ValidationError(errors)
