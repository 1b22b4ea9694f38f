"""Kinship care: arrangements with relatives and friends outside care (recorded here) and
connected-person foster care (a looked-after placement, PLACE U1-U3, read from placements),
counted together by one selector so the dashboards and reports agree."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
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


def kinship_open_on(*, on: dt.date, children=None) -> list[tuple[int, dt.date, str]]:
    """Children in kinship care at the end of `on`: (child_id, since, kind) for each child and
    kind, from each recorded arrangement open on the day and each looked-after child placed with
    a connected person (PLACE U1-U3; `since` is the placement's start)."""
    arrangements = KinshipArrangement.objects.live().open_on(on)
    placements = Placement.objects.live().open_on(on).filter(place__in=KINSHIP_PLACES)
    if children is not None:
        arrangements = arrangements.filter(child__in=children)
        placements = placements.filter(child__in=children)
    rows: dict[tuple[int, str], dt.date] = {}
    for child_id, start, kind in arrangements.values_list("child_id", "start_date", "kind"):
        rows[(child_id, kind)] = min(start, rows.get((child_id, kind), start))
    for child_id, start in placements.values_list("child_id", "start_date"):
        key = (child_id, CONNECTED_PERSON_FOSTER)
        rows[key] = min(start, rows.get(key, start))
    return sorted((child_id, start, kind) for (child_id, kind), start in rows.items())


def kinship_on(*, on: dt.date, children=None) -> dict[str, int]:
    """Children in kinship care at the end of `on`, by kind (``kinship_open_on`` counted)."""
    counts = dict.fromkeys(KINDS, 0)
    for _child, _start, kind in kinship_open_on(on=on, children=children):
        counts[kind] += 1
    return counts


def kinship_open_on_days(*, days: list[dt.date]) -> dict[dt.date, list[tuple[int, dt.date, str]]]:
    """``kinship_open_on`` for many days from one read of the arrangements and placements."""
    if not days:
        return {}
    first, last = min(days), max(days)
    spans = [
        (child_id, start, end, kind)
        for child_id, start, end, kind in KinshipArrangement.objects.live()
        .overlapping(first, last)
        .values_list("child_id", "start_date", "end_date", "kind")
    ] + [
        (child_id, start, end, CONNECTED_PERSON_FOSTER)
        for child_id, start, end in Placement.objects.live()
        .overlapping(first, last)
        .filter(place__in=KINSHIP_PLACES)
        .values_list("child_id", "start_date", "end_date")
    ]
    out = {}
    for day in days:
        rows: dict[tuple[int, str], dt.date] = {}
        for child_id, start, end, kind in spans:
            if start <= day and (end is None or end > day):
                rows[(child_id, kind)] = min(start, rows.get((child_id, kind), start))
        out[day] = sorted((c, s, k) for (c, k), s in rows.items())
    return out


def kinship_started_in_period(*, start: dt.date, end: dt.date) -> list[tuple[int, dt.date, str]]:
    """Kinship care begun in [start, end]: (child_id, start, kind) for each arrangement started
    and each placement with a connected person started that does not continue one (a looked-after
    child moving from another placement, or coming into care with a relative or friend; a new
    U1-U3 row beginning the day the last one ended is the same care)."""
    arrangements = (
        KinshipArrangement.objects.live()
        .filter(start_date__gte=start, start_date__lte=end)
        .values_list("child_id", "start_date", "kind")
    )
    continued = Placement.objects.live().filter(
        child_id=OuterRef("child_id"), place__in=KINSHIP_PLACES, end_date=OuterRef("start_date")
    )
    placements = (
        Placement.objects.live()
        .filter(place__in=KINSHIP_PLACES, start_date__gte=start, start_date__lte=end)
        .exclude(Exists(continued))
        .values_list("child_id", "start_date")
    )
    rows = list(arrangements) + [(c, s, CONNECTED_PERSON_FOSTER) for c, s in placements]
    return sorted(rows)
