"""Actions on a child's education: where they are educated (a new setting ends the last one),
personal education plans and exclusions. Each writes its record and one audit entry in one
transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.access.models import AuditEntry
from hearth.core.services import create_recorded, save_changes, save_new, write_audit
from hearth.education.models import EducationSetting, Exclusion, PersonalEducationPlan
from hearth.education.selectors import current_setting
from hearth.people.models import Child


@transaction.atomic
def education_setting_change(
    *,
    child: Child,
    kind: str,
    start_date: dt.date,
    acting_user,
    school_name: str = "",
    school_urn: str = "",
    request=None,
) -> EducationSetting:
    """The child starts at a school or provision, or is found to be missing education or
    electively home educated: the setting before ends the same day."""
    current = current_setting(child=child)
    records = []
    if current is not None:
        if start_date <= current.start_date:
            raise ValidationError(
                {"start_date": "The change must be after the current setting began"}
            )
        save_changes(current, expected_version=current.version, changes={"end_date": start_date})
        records.append(current)
    new = save_new(
        EducationSetting(
            child=child,
            kind=kind,
            start_date=start_date,
            school_name=school_name if kind in ("school", "alternative") else "",
            school_urn=school_urn.strip() if kind in ("school", "alternative") else "",
        ),
        acting_user=acting_user,
    )
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what="Recorded where the child is educated",
        child=child,
        records=[*records, new],
        request=request,
    )
    return new


def pep_record(
    *,
    child: Child,
    date: dt.date,
    quality: str,
    attainment: str,
    sen_provision: str,
    targets: str,
    acting_user,
    attendance_percent: Decimal | None = None,
    request=None,
) -> PersonalEducationPlan:
    return create_recorded(
        PersonalEducationPlan(
            child=child,
            date=date,
            quality=quality,
            attainment=attainment,
            sen_provision=sen_provision,
            targets=targets,
            attendance_percent=attendance_percent,
        ),
        acting_user=acting_user,
        what="Recorded a personal education plan",
        request=request,
    )


def exclusion_record(
    *,
    child: Child,
    kind: str,
    start_date: dt.date,
    acting_user,
    days: int | None = None,
    school_name: str = "",
    request=None,
) -> Exclusion:
    return create_recorded(
        Exclusion(
            child=child, kind=kind, start_date=start_date, days=days, school_name=school_name
        ),
        acting_user=acting_user,
        what=f"Recorded a {'permanent exclusion' if kind == 'permanent' else 'suspension'}",
        request=request,
    )
