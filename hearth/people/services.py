"""Changes to a child's identity and details: editing who the child is, and recording the birth of
an unborn child on the same record.

Every action is keyword-only, validates, writes one audit entry in one transaction, and takes the
version the editor read (`expected_version`): a stale edit raises ``ConcurrentEditError`` and
nothing is overwritten.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.access.models import AuditEntry
from hearth.core import codes
from hearth.core.services import save_changes, write_audit
from hearth.people.models import Child
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


def _years_between(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


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
        elif _years_between(date_of_birth, today) > OLDEST_CHILD_AGE:
            errors["date_of_birth"] = (
                f"This date of birth makes the person {_years_between(date_of_birth, today)}: "
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


@transaction.atomic
def child_identity_update(
    *, child: Child, expected_version: int, acting_user, request=None, **values
) -> Child:
    """Change the child's names, dates, sex, ethnicity, identifiers, language and UASC dates."""
    unknown = set(values) - set(IDENTITY_FIELDS)
    if unknown:
        raise TypeError(f"Not identity fields: {sorted(unknown)}")
    merged = {name: values.get(name, getattr(child, name)) for name in IDENTITY_FIELDS}
    if merged["nhs_number"]:
        merged["nhs_number"] = merged["nhs_number"].replace(" ", "")
    if merged["upn"]:
        merged["upn"] = merged["upn"].strip().upper()
    check_identity(
        date_of_birth=merged["date_of_birth"],
        expected_date_of_birth=merged["expected_date_of_birth"],
        sex=merged["sex"],
        nhs_number=merged["nhs_number"],
    )
    changes = {n: v for n, v in merged.items() if getattr(child, n) != v}
    before = save_changes(child, expected_version=expected_version, changes=changes)
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what="Changed the child's identity and details",
        child=child,
        records=[child],
        request=request,
        detail={"fields": sorted(before)},
    )
    return child


@transaction.atomic
def child_birth_record(
    *,
    child: Child,
    expected_version: int,
    date_of_birth: dt.date,
    sex: str,
    first_name: str,
    last_name: str,
    acting_user,
    request=None,
) -> Child:
    """Record the birth of an unborn child on the same record (its referrals, assessments and plans
    stay with it): the actual date of birth, sex and name; the expected date is kept."""
    if not child.is_unborn:
        raise ValidationError("The birth of this child is already recorded")
    errors = {}
    if sex == codes.Sex.UNKNOWN:
        errors["sex"] = "Select the child's sex as recorded at birth"
    if errors:
        raise ValidationError(errors)
    check_identity(
        date_of_birth=date_of_birth,
        expected_date_of_birth=None,
        sex=sex,
        nhs_number=child.nhs_number,
    )
    expected = child.expected_date_of_birth
    save_changes(
        child,
        expected_version=expected_version,
        changes={
            "date_of_birth": date_of_birth,
            "sex": sex,
            "first_name": first_name,
            "last_name": last_name,
        },
    )
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what="Recorded the child's birth",
        child=child,
        records=[child],
        request=request,
        detail={"expected_date_of_birth": expected.isoformat() if expected else None},
    )
    return child
