"""A child's details beyond identity: addresses with history, disabilities and religion, family
members and relationships (linked to other children's records), and the professionals involved.

Actions (writes) are keyword-only, validate, and write one audit entry naming the child in one
transaction; edits take the version the editor read (`expected_version`) so a stale edit raises
``ConcurrentEditError`` and overwrites nothing. Selectors (reads) never reveal a child the viewer
may not see. Placement addresses belong to the placement (hearth.care) and are not touched here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.access.models import AuditEntry
from hearth.access.selectors import children_by_id, children_visible_to
from hearth.core import codes
from hearth.core.services import create_recorded, save_changes, write_audit
from hearth.core.validators import normalise_postcode
from hearth.people.models import Address, Child, ChildDisability, FamilyMember, Professional

NOT_FOUND_LINK = "No child record with that LA child ID that you can see"
"""One message for an ID that does not exist and one the user may not see: linking reveals
nothing about records outside what the user may open."""

# --- Addresses ------------------------------------------------------------------------------------


def current_addresses(*, child: Child):
    return Address.objects.live().filter(child=child, end_date__isnull=True)


@transaction.atomic
def address_move(
    *,
    child: Child,
    line1: str,
    town: str,
    postcode: str,
    start_date: dt.date,
    acting_user,
    request=None,
) -> Address:
    """The child moved: the new address starts on the move date and the current one ends then."""
    postcode = normalise_postcode(postcode)
    current = list(current_addresses(child=child).select_for_update())
    for old in current:
        if start_date <= old.start_date:
            raise ValidationError(
                {
                    "start_date": "The move date must be after the current address began "
                    f"({old.start_date:%-d %b %Y})"
                }
            )
    ended = []
    for old in current:
        save_changes(old, expected_version=old.version, changes={"end_date": start_date})
        ended.append(old)
    address = Address(child=child, line1=line1, town=town, postcode=postcode, start_date=start_date)
    create_recorded(
        address,
        acting_user=acting_user,
        what="Recorded a new address" + (" (a move)" if ended else ""),
        request=request,
    )
    if ended:
        write_audit(
            acting_user=acting_user,
            action=AuditEntry.Action.UPDATE,
            what="Ended the previous address on the move date",
            child=child,
            records=ended,
            request=request,
        )
    return address


@transaction.atomic
def address_correct(
    *,
    address: Address,
    expected_version: int,
    line1: str,
    town: str,
    postcode: str,
    start_date: dt.date,
    end_date: dt.date | None,
    acting_user,
    request=None,
) -> Address:
    """Correct a recorded address (a mistyped postcode, a wrong date); the audit keeps the old."""
    if end_date is not None and end_date < start_date:
        raise ValidationError({"end_date": "The date they left must be on or after the move in"})
    if end_date is None and current_addresses(child=address.child).exclude(pk=address.pk).exists():
        raise ValidationError(
            {"end_date": "Enter the date they moved out: the child has a newer current address"}
        )
    values = {
        "line1": line1,
        "town": town,
        "postcode": normalise_postcode(postcode),
        "start_date": start_date,
        "end_date": end_date,
    }
    changes = {n: v for n, v in values.items() if getattr(address, n) != v}
    before = save_changes(address, expected_version=expected_version, changes=changes)
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what="Corrected an address",
        child=address.child,
        records=[address],
        request=request,
        detail={"before": {k: str(v) if v is not None else None for k, v in before.items()}},
    )
    return address


# --- Disabilities and religion --------------------------------------------------------------------


@transaction.atomic
def child_details_update(
    *,
    child: Child,
    expected_version: int,
    religion: str,
    disabilities: list[str],
    acting_user,
    request=None,
) -> Child:
    """Set the child's religion and CIN census disability codes (adding and removing codes)."""
    wanted = set(disabilities)
    unknown = wanted - set(codes.Disability.values)
    if unknown:
        raise ValidationError({"disabilities": f"Not a CIN disability code: {sorted(unknown)}"})
    if codes.Disability.NONE in wanted and len(wanted) > 1:
        raise ValidationError(
            {"disabilities": "Select No disability, or the disabilities the child has, not both"}
        )
    had = set(child.disabilities.values_list("code", flat=True))
    changes = {"religion": religion} if religion != child.religion else {}
    # The version is checked (and moved on) even when only the disabilities change.
    save_changes(child, expected_version=expected_version, changes=changes)
    added, removed = sorted(wanted - had), sorted(had - wanted)
    ChildDisability.objects.filter(child=child, code__in=removed).delete()
    ChildDisability.objects.bulk_create(ChildDisability(child=child, code=c) for c in added)
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what="Changed the child's disabilities and religion",
        child=child,
        records=[child],
        request=request,
        detail={"fields": sorted(changes), "added": added, "removed": removed},
    )
    return child


# --- Family members -------------------------------------------------------------------------------

FAMILY_FIELDS = (
    "first_name",
    "last_name",
    "relationship",
    "date_of_birth",
    "parental_responsibility",
    "lives_with_child",
    "address",
    "phone",
    "email",
)


def _linked_child(*, child: Child, la_child_id: str, acting_user) -> Child | None:
    """The child record a family member is, found only among those the user may see."""
    la_child_id = (la_child_id or "").strip().upper()
    if not la_child_id:
        return None
    linked = (
        children_visible_to(user=acting_user).filter(la_child_id__iexact=la_child_id).first()
        if acting_user is not None
        else None
    )
    if linked is None:
        raise ValidationError({"related_child_id": NOT_FOUND_LINK})
    if linked.pk == child.pk:
        raise ValidationError({"related_child_id": "A child cannot be their own family member"})
    return linked


def _check_family(values: dict) -> None:
    errors = {}
    born = values.get("date_of_birth")
    end = values.get("end_date")
    if born and end and end < born:
        errors["end_date"] = "The date they stopped being involved must be after they were born"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def family_member_add(
    *, child: Child, acting_user, request=None, related_child_id: str = "", **values
) -> FamilyMember:
    """Add a relative or significant adult; a family member who is a child may be linked to their
    own record (by LA child ID, among the children the user may see)."""
    unknown = set(values) - set(FAMILY_FIELDS)
    if unknown:
        raise TypeError(f"Not family member fields: {sorted(unknown)}")
    linked = _linked_child(child=child, la_child_id=related_child_id, acting_user=acting_user)
    _check_family(values)
    member = FamilyMember(child=child, related_child=linked, **values)
    return create_recorded(
        member, acting_user=acting_user, what="Added a family member", request=request
    )


@transaction.atomic
def family_member_update(
    *,
    member: FamilyMember,
    expected_version: int,
    acting_user,
    request=None,
    related_child_id: str = "",
    end_date: dt.date | None = None,
    **values,
) -> FamilyMember:
    """Change a family member's details or link, or end their involvement (the record is kept).

    An existing link to a child the user may not see is kept as it is: it is neither shown to
    them nor removed by their edit."""
    unknown = set(values) - set(FAMILY_FIELDS)
    if unknown:
        raise TypeError(f"Not family member fields: {sorted(unknown)}")
    child = member.child
    visible_link = _visible_related(member=member, user=acting_user)
    hidden_link = member.related_child_id is not None and visible_link is None
    if hidden_link:
        linked_id = member.related_child_id
    else:
        linked = _linked_child(child=child, la_child_id=related_child_id, acting_user=acting_user)
        linked_id = linked.pk if linked else None
    values = {**values, "end_date": end_date, "related_child_id": linked_id}
    _check_family(values)
    changes = {n: v for n, v in values.items() if getattr(member, n) != v}
    ended = "end_date" in changes and end_date is not None
    save_changes(member, expected_version=expected_version, changes=changes)
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what="Ended a family member's involvement" if ended else "Changed a family member",
        child=child,
        records=[member],
        request=request,
        detail={"fields": sorted(changes)},
    )
    return member


def _visible_related(*, member: FamilyMember, user) -> Child | None:
    if member.related_child_id is None or user is None:
        return None
    return children_visible_to(user=user).filter(pk=member.related_child_id).first()


@dataclass(frozen=True)
class Reciprocal:
    """Another child's record names this child as a family member."""

    other_child: Child
    member: FamilyMember

    @property
    def relationship(self) -> str:
        return self.member.get_relationship_display()


def linked_from(*, child: Child) -> list[FamilyMember]:
    """Family entries on other children's records that name this child (a sibling recorded on
    their record), not already linked from this child's own family list."""
    own = set(
        FamilyMember.objects.live()
        .filter(child=child, related_child__isnull=False)
        .values_list("related_child_id", flat=True)
    )
    return list(
        FamilyMember.objects.live()
        .filter(related_child=child)
        .exclude(child_id__in=own)
        .order_by("child_id", "pk")
    )


def reciprocal_relationships(
    *, child: Child | None = None, user=None, links: list | None = None, visible=None
) -> list[Reciprocal]:
    """Children whose records link to this child (``links``, from `linked_from`), limited to
    the children the user may see (``visible``: id -> child, from `children_by_id`, or worked
    out here for ``user``), by name as the linking children's records have it now."""
    if links is None:
        links = linked_from(child=child)
    if visible is None:
        visible = children_by_id(user=user, ids={m.child_id for m in links})
    rows = [
        Reciprocal(other_child=visible[m.child_id], member=m)
        for m in links
        if m.child_id in visible
    ]
    return sorted(rows, key=lambda r: (r.other_child.last_name, r.other_child.first_name))


# --- Professionals --------------------------------------------------------------------------------

PROFESSIONAL_FIELDS = (
    "name",
    "role",
    "agency",
    "organisation",
    "phone",
    "email",
    "start_date",
    "end_date",
)


@transaction.atomic
def professional_add(*, child: Child, acting_user, request=None, **values) -> Professional:
    unknown = set(values) - set(PROFESSIONAL_FIELDS)
    if unknown:
        raise TypeError(f"Not professional fields: {sorted(unknown)}")
    _check_professional(values)
    return create_recorded(
        Professional(child=child, **values),
        acting_user=acting_user,
        what="Added a professional involved",
        request=request,
    )


@transaction.atomic
def professional_update(
    *, professional: Professional, expected_version: int, acting_user, request=None, **values
) -> Professional:
    """Change a professional's details or end their involvement (the record is kept)."""
    unknown = set(values) - set(PROFESSIONAL_FIELDS)
    if unknown:
        raise TypeError(f"Not professional fields: {sorted(unknown)}")
    merged = {n: values.get(n, getattr(professional, n)) for n in PROFESSIONAL_FIELDS}
    _check_professional(merged)
    changes = {n: v for n, v in merged.items() if getattr(professional, n) != v}
    ended = "end_date" in changes and merged["end_date"] is not None
    save_changes(professional, expected_version=expected_version, changes=changes)
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what="Ended a professional's involvement" if ended else "Changed a professional involved",
        child=professional.child,
        records=[professional],
        request=request,
        detail={"fields": sorted(changes)},
    )
    return professional


def _check_professional(values: dict) -> None:
    start, end = values.get("start_date"), values.get("end_date")
    if start and end and end < start:
        raise ValidationError(
            {"end_date": "The date their involvement ended must be on or after it began"}
        )
