"""Kinship care: arrangements with relatives and friends outside care (recorded here) and
connected-person foster care (a looked-after placement, PLACE U1-U3, read from placements),
counted together by one selector so the dashboards and reports agree."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from hearth.access.models import AuditEntry
from hearth.care.models import KinshipArrangement, KinshipCarer, Placement
from hearth.core import codes
from hearth.core.services import create_recorded, save_changes, write_audit
from hearth.people.models import Child

CONNECTED_PERSON_FOSTER = "connected_person_foster"
KINDS: dict[str, str] = {
    CONNECTED_PERSON_FOSTER: "Connected-person foster care (looked after)",
    **dict(KinshipArrangement.Kind.choices),
}
KINSHIP_PLACES = frozenset(
    code for code, group in codes.PLACEMENT_GROUP.items() if group == "kinship_foster"
)


@transaction.atomic
def kinship_arrangement_start(
    *,
    child: Child,
    kind: str,
    start_date: dt.date,
    carer_first_name: str,
    carer_last_name: str,
    carer_relationship: str,
    carer_postcode: str = "",
    viability_assessment_date: dt.date | None = None,
    full_assessment_date: dt.date | None = None,
    order_date: dt.date | None = None,
    support_plan: str = "",
    weekly_allowance: Decimal | None = None,
    acting_user,
    request=None,
) -> KinshipArrangement:
    """A child starts living with a relative or friend under a kinship arrangement."""
    errors = {}
    if start_date > timezone.localdate():
        errors["start_date"] = "The start date must be today or in the past"
    if kind in (KinshipArrangement.Kind.SGO, KinshipArrangement.Kind.CAO) and not order_date:
        errors["order_date"] = "Enter the date the order was made"
    if open_arrangement(child=child) is not None:
        errors["kind"] = "This child already has a kinship arrangement: end it first"
    if weekly_allowance is not None and weekly_allowance < 0:
        errors["weekly_allowance"] = "The allowance cannot be negative"
    if errors:
        raise ValidationError(errors)
    carer = create_recorded(
        KinshipCarer(
            first_name=carer_first_name,
            last_name=carer_last_name,
            relationship=carer_relationship,
            postcode=carer_postcode,
            viability_assessment_date=viability_assessment_date,
            full_assessment_date=full_assessment_date,
        ),
        acting_user=acting_user,
        what="Recorded a kinship carer",
        child=child,
        request=request,
    )
    arrangement = KinshipArrangement(
        child=child,
        carer=carer,
        kind=kind,
        start_date=start_date,
        order_date=order_date if kind in ("sgo", "cao") else None,
        support_plan=support_plan,
        weekly_allowance=weekly_allowance,
    )
    arrangement._check_not_before_birth(start_date, "start_date")
    return create_recorded(
        arrangement,
        acting_user=acting_user,
        what=f"Started a kinship arrangement ({arrangement.get_kind_display()})",
        request=request,
    )


@transaction.atomic
def kinship_arrangement_end(
    *,
    arrangement: KinshipArrangement,
    end_date: dt.date,
    expected_version: int,
    acting_user,
    request=None,
) -> KinshipArrangement:
    if end_date < arrangement.start_date:
        raise ValidationError({"end_date": "The end date cannot be before the start"})
    if end_date > timezone.localdate():
        raise ValidationError({"end_date": "The end date must be today or in the past"})
    save_changes(arrangement, expected_version=expected_version, changes={"end_date": end_date})
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what="Ended a kinship arrangement",
        child=arrangement.child,
        records=[arrangement],
        request=request,
    )
    return arrangement


def open_arrangement(*, child: Child) -> KinshipArrangement | None:
    return (
        KinshipArrangement.objects.live()
        .filter(child=child, end_date__isnull=True)
        .select_related("carer")
        .first()
    )


def kinship_on(*, on: dt.date, children=None) -> dict[str, int]:
    """Children in kinship care at the end of `on`, by kind: each recorded arrangement open on
    the day, and each looked-after child placed with a connected person (PLACE U1-U3)."""
    arrangements = KinshipArrangement.objects.live().open_on(on)
    placements = Placement.objects.live().open_on(on).filter(place__in=KINSHIP_PLACES)
    if children is not None:
        arrangements = arrangements.filter(child__in=children)
        placements = placements.filter(child__in=children)
    counts = dict.fromkeys(KINDS, 0)
    for row in arrangements.values("kind").annotate(n=Count("child", distinct=True)):
        counts[row["kind"]] = row["n"]
    counts[CONNECTED_PERSON_FOSTER] = placements.values("child").distinct().count()
    return counts
