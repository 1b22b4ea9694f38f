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

from hearth.access.models import AuditEntry
from hearth.core import codes
from hearth.core.services import save_changes, write_audit
from hearth.people.identity import IDENTITY_FIELDS, check_identity
from hearth.people.models import Child

__all__ = ["IDENTITY_FIELDS", "check_identity", "child_birth_record", "child_identity_update"]


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
