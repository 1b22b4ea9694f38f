"""Actions on carer households: record an enquiry, add the people in the household, start the
assessment, approve (with the terms of approval), put on hold, resume, deregister, record an
annual review, and update the household's details and support. Each validates, writes the
record and one audit entry in one transaction. None of them is about one child, so the audit
entries name no child; placing a child with a household is a placement (``care.services``)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.access.models import AuditEntry
from hearth.care.models import Placement
from hearth.carers.models import CarerHousehold, CarerReview, HouseholdMember
from hearth.core.services import save_changes, save_new, write_audit
from hearth.core.validators import normalise_postcode

H = CarerHousehold
PREFIX = {
    H.Kind.MAINSTREAM: "FC",
    H.Kind.CONNECTED: "CP",
    H.Kind.AGENCY: "IF",
    H.Kind.ADOPTERS: "AD",
}


def _not_future(day: dt.date | None, field: str, errors: dict) -> None:
    if day and day > timezone.localdate():
        errors[field] = "The date must be today or in the past"


def _audit(household, *, acting_user, what, request, action=AuditEntry.Action.UPDATE, records=()):
    write_audit(
        acting_user=acting_user,
        action=action,
        what=f"{what}: {household.reference}",
        child=None,
        records=[household, *records],
        request=request,
    )


@transaction.atomic
def household_create(
    *,
    name: str,
    kind: str,
    enquiry_date: dt.date,
    acting_user,
    agency_name: str = "",
    address: str = "",
    postcode: str = "",
    supervising_worker=None,
    kinship_carer=None,
    reference: str = "",
    request=None,
) -> CarerHousehold:
    """A household enquires about fostering or adopting (or, for agency carers, is recorded so
    children placed with them can be linked). Its reference is the kind's prefix and a number
    (FC00012) unless one is given (an import keeps its own)."""
    errors: dict = {}
    _not_future(enquiry_date, "enquiry_date", errors)
    if kinship_carer is not None and kind != H.Kind.CONNECTED:
        errors["kinship_carer"] = "Only connected person carers are kinship carers"
    if errors:
        raise ValidationError(errors)
    household = save_new(
        H(
            reference=reference or f"T{uuid.uuid4().hex[:11]}",
            name=name,
            kind=kind,
            enquiry_date=enquiry_date,
            agency_name=agency_name,
            address=address,
            postcode=normalise_postcode(postcode),
            supervising_worker=supervising_worker,
            kinship_carer=kinship_carer,
        ),
        acting_user=acting_user,
    )
    if not reference:
        household.reference = f"{PREFIX[kind]}{household.pk:05d}"
        H.objects.filter(pk=household.pk).update(reference=household.reference)
    _audit(
        household,
        acting_user=acting_user,
        what="Recorded a carer household",
        request=request,
        action=AuditEntry.Action.CREATE,
    )
    return household


@transaction.atomic
def household_member_add(
    *,
    household: CarerHousehold,
    role: str,
    first_name: str,
    last_name: str,
    acting_user,
    date_of_birth: dt.date | None = None,
    sex: str = HouseholdMember.Sex.NOT_STATED,
    ethnicity: str = "",
    disability: bool | None = None,
    request=None,
) -> HouseholdMember:
    member = save_new(
        HouseholdMember(
            household=household,
            role=role,
            first_name=first_name,
            last_name=last_name,
            date_of_birth=date_of_birth,
            sex=sex,
            ethnicity=ethnicity,
            disability=disability,
        ),
        acting_user=acting_user,
    )
    _audit(
        household,
        acting_user=acting_user,
        what="Added a household member",
        request=request,
        action=AuditEntry.Action.CREATE,
        records=[member],
    )
    return member


@transaction.atomic
def household_assessment_start(
    *,
    household: CarerHousehold,
    expected_version: int,
    start_date: dt.date,
    acting_user,
    stage2_start: dt.date | None = None,
    request=None,
) -> CarerHousehold:
    """The assessment begins (for adopters, stage 1; stage 2 when it is given)."""
    errors: dict = {}
    _not_future(start_date, "start_date", errors)
    if start_date < household.enquiry_date:
        errors["start_date"] = "The assessment cannot start before the enquiry"
    if stage2_start and stage2_start < start_date:
        errors["stage2_start"] = "Stage 2 follows stage 1"
    if household.status not in (H.Status.ENQUIRY, H.Status.ASSESSMENT):
        errors["start_date"] = "This household is already approved or has left"
    if errors:
        raise ValidationError(errors)
    changes = {"assessment_start_date": start_date, "status": H.Status.ASSESSMENT}
    if household.kind == H.Kind.ADOPTERS:
        changes |= {"stage1_start": start_date}
        if stage2_start:
            changes |= {"stage1_end": stage2_start, "stage2_start": stage2_start}
    save_changes(household, expected_version=expected_version, changes=changes)
    _audit(household, acting_user=acting_user, what="Assessment started", request=request)
    return household


@transaction.atomic
def household_approve(
    *,
    household: CarerHousehold,
    expected_version: int,
    approval_date: dt.date,
    approved_places: int | None,
    age_from: int | None,
    age_to: int | None,
    care_types: list[str],
    acting_user,
    request=None,
) -> CarerHousehold:
    """The agency decision maker approves the household (after the panel), on terms: how many
    children, of what ages, for what types of care. Approving again changes the terms."""
    errors: dict = {}
    _not_future(approval_date, "approval_date", errors)
    if approval_date < household.enquiry_date:
        errors["approval_date"] = "Approval cannot be before the enquiry"
    if household.assessment_start_date and approval_date < household.assessment_start_date:
        errors["approval_date"] = "Approval cannot be before the assessment started"
    if household.status == H.Status.DEREGISTERED:
        errors["approval_date"] = "This household has been deregistered"
    if household.is_fostering and not approved_places:
        errors["approved_places"] = "Enter how many children the household is approved for"
    if household.is_fostering and not care_types:
        errors["care_types"] = "Select the types of care the household is approved for"
    if errors:
        raise ValidationError(errors)
    changes = {
        "approval_date": household.approval_date or approval_date,
        "approved_places": approved_places,
        "age_from": age_from,
        "age_to": age_to,
        "care_types": list(care_types),
    }
    if household.status != H.Status.ON_HOLD:
        changes["status"] = H.Status.APPROVED
    if household.kind == H.Kind.ADOPTERS:
        start = household.stage2_start or household.stage1_start or approval_date
        changes |= {
            "stage1_start": household.stage1_start or start,
            "stage1_end": household.stage1_end or start,
            "stage2_start": household.stage2_start or start,
            "stage2_end": household.stage2_end or approval_date,
            "application_date": household.application_date or start,
        }
    save_changes(household, expected_version=expected_version, changes=changes)
    what = (
        "Changed the terms of approval" if household.approval_date != approval_date else "Approved"
    )
    _audit(household, acting_user=acting_user, what=what, request=request)
    return household


@transaction.atomic
def household_status_change(
    *,
    household: CarerHousehold,
    expected_version: int,
    status: str,
    date: dt.date,
    acting_user,
    reason: str = "",
    request=None,
) -> CarerHousehold:
    """Put an approved household on hold, take it off hold, or deregister it (with a reason).
    A household with a child still placed cannot be deregistered."""
    errors: dict = {}
    _not_future(date, "date", errors)
    if date < household.enquiry_date:
        errors["date"] = "The date cannot be before the enquiry"
    changes: dict = {"status": status}
    if status == H.Status.ON_HOLD:
        if household.status != H.Status.APPROVED:
            errors["status"] = "Only an approved household can be put on hold"
        changes["on_hold_date"] = date
    elif status == H.Status.APPROVED:
        if household.status != H.Status.ON_HOLD:
            errors["status"] = "Only a household on hold can be taken off hold"
        changes["on_hold_date"] = None
    elif status == H.Status.DEREGISTERED:
        if household.status == H.Status.DEREGISTERED:
            errors["status"] = "This household is already deregistered"
        if not reason:
            errors["reason"] = "Select why the household is deregistered"
        placed = Placement.objects.live().filter(carer_household=household).open_on(date).exists()
        if placed:
            errors["date"] = "A child is still placed with this household on that date"
        changes |= {"deregistration_date": date, "deregistration_reason": reason}
    else:
        errors["status"] = "Select what has changed"
    if errors:
        raise ValidationError(errors)
    save_changes(household, expected_version=expected_version, changes=changes)
    _audit(
        household,
        acting_user=acting_user,
        what=f"Registration status: {household.get_status_display().lower()}",
        request=request,
    )
    return household


@transaction.atomic
def carer_review_record(
    *,
    household: CarerHousehold,
    date: dt.date,
    outcome: str,
    acting_user,
    summary: str = "",
    request=None,
) -> CarerReview:
    errors: dict = {}
    _not_future(date, "date", errors)
    if not household.is_fostering:
        errors["date"] = "Annual reviews are for foster carers"
    elif not household.approval_date or date < household.approval_date:
        errors["date"] = "A review follows the household's approval"
    if errors:
        raise ValidationError(errors)
    review = save_new(
        CarerReview(household=household, date=date, outcome=outcome, summary=summary),
        acting_user=acting_user,
    )
    _audit(
        household,
        acting_user=acting_user,
        what="Recorded an annual review",
        request=request,
        action=AuditEntry.Action.CREATE,
        records=[review],
    )
    return review


@transaction.atomic
def household_update(
    *,
    household: CarerHousehold,
    expected_version: int,
    changes: dict,
    acting_user,
    request=None,
) -> CarerHousehold:
    """The household's name, address, supervising social worker and support."""
    allowed = {"name", "address", "postcode", "supervising_worker", "support_plan", "agency_name"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    if "postcode" in changes:
        changes = changes | {"postcode": normalise_postcode(changes["postcode"])}
    save_changes(household, expected_version=expected_version, changes=changes)
    _audit(household, acting_user=acting_user, what="Updated household details", request=request)
    return household
