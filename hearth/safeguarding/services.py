"""Writes for the wider safeguarding records: each action validates, saves and audits."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.access.models import AuditEntry, User
from hearth.core.calendar import age_on
from hearth.core.services import create_recorded, save_changes, save_new, write_audit
from hearth.people.models import Child
from hearth.safeguarding.models import (
    HomelessPresentation,
    LadoChild,
    LadoReferral,
    PrivateFostering,
    PrivateFosteringVisit,
    YoungCarer,
)


def _not_future(errors: dict, field: str, day: dt.date | None) -> None:
    if day is not None and day > timezone.localdate():
        errors[field] = "The date must be today or in the past"


def _not_before(errors: dict, field: str, day: dt.date | None, floor: dt.date, what: str):
    if day is not None and day < floor:
        errors[field] = f"The date cannot be before {what}"


def _raise(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _audit_update(*, acting_user: User, what: str, child, record, request=None) -> None:
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what=what,
        child=child,
        records=[record],
        request=request,
    )


# --- LADO --------------------------------------------------------------------------------------


@transaction.atomic
def lado_referral_create(*, acting_user: User, request=None, **values) -> LadoReferral:
    errors: dict = {}
    _not_future(errors, "received_date", values.get("received_date"))
    _raise(errors)
    referral = save_new(LadoReferral(**values), acting_user=acting_user)
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what=f"Recorded a LADO referral ({referral.reference})",
        child=None,
        records=[referral],
        request=request,
    )
    return referral


@transaction.atomic
def lado_consideration(
    *,
    referral: LadoReferral,
    expected_version: int,
    initial_consideration_date: dt.date,
    threshold_met: bool,
    strategy_meeting_date: dt.date | None,
    acting_user: User,
    request=None,
) -> LadoReferral:
    """The LADO's initial consideration (is the harm threshold met?) and, where it is, the
    strategy meeting (or evaluation meeting) with the employer, police and children's services."""
    errors: dict = {}
    for field, day in (
        ("initial_consideration_date", initial_consideration_date),
        ("strategy_meeting_date", strategy_meeting_date),
    ):
        _not_future(errors, field, day)
        _not_before(errors, field, day, referral.received_date, "the referral")
    if strategy_meeting_date and strategy_meeting_date < initial_consideration_date:
        errors["strategy_meeting_date"] = (
            "The strategy meeting cannot be before the initial consideration"
        )
    if strategy_meeting_date and not threshold_met:
        errors["strategy_meeting_date"] = (
            "A strategy meeting is held only when the harm threshold is met"
        )
    _raise(errors)
    save_changes(
        referral,
        expected_version=expected_version,
        changes={
            "initial_consideration_date": initial_consideration_date,
            "threshold_met": threshold_met,
            "strategy_meeting_date": strategy_meeting_date,
        },
    )
    _audit_update(
        acting_user=acting_user,
        what=f"LADO initial consideration ({referral.reference})",
        child=None,
        record=referral,
        request=request,
    )
    return referral


@transaction.atomic
def lado_outcome(
    *,
    referral: LadoReferral,
    expected_version: int,
    outcome: str,
    outcome_date: dt.date,
    outcome_notes: str,
    acting_user: User,
    request=None,
) -> LadoReferral:
    errors: dict = {}
    if referral.initial_consideration_date is None:
        errors["outcome"] = "Record the initial consideration before the outcome"
    _not_future(errors, "outcome_date", outcome_date)
    _not_before(
        errors,
        "outcome_date",
        outcome_date,
        referral.initial_consideration_date or referral.received_date,
        "the initial consideration",
    )
    _raise(errors)
    save_changes(
        referral,
        expected_version=expected_version,
        changes={"outcome": outcome, "outcome_date": outcome_date, "outcome_notes": outcome_notes},
    )
    _audit_update(
        acting_user=acting_user,
        what=f"LADO outcome: {referral.get_outcome_display()} ({referral.reference})",
        child=None,
        record=referral,
        request=request,
    )
    return referral


@transaction.atomic
def lado_link_child(
    *, referral: LadoReferral, child: Child, acting_user: User, request=None
) -> LadoChild:
    """Link a child to the allegation: it appears in the child's chronology from then on."""
    if LadoChild.objects.live().filter(referral=referral, child=child).exists():
        raise ValidationError({"la_child_id": "This child is already linked to the referral"})
    return create_recorded(
        LadoChild(referral=referral, child=child),
        acting_user=acting_user,
        what=f"Linked to a LADO referral ({referral.reference})",
        request=request,
    )


# --- Private fostering -------------------------------------------------------------------------


def open_private_fostering(*, child: Child) -> PrivateFostering | None:
    return PrivateFostering.objects.live().filter(child=child, end_date__isnull=True).first()


@transaction.atomic
def private_fostering_notify(
    *, child: Child, acting_user: User, request=None, **values
) -> PrivateFostering:
    errors: dict = {}
    notified = values["notified_date"]
    _not_future(errors, "notified_date", notified)
    age = age_on(child.date_of_birth, on=notified)
    disabled = child.disabilities.exists()
    limit = 18 if disabled else 16
    if age is None:
        errors["notified_date"] = "A private fostering notification is about a child who is born"
    elif age >= limit:
        errors["notified_date"] = (
            f"The child was {age} on the date: private fostering is for children under "
            f"{limit}{' (disabled children)' if disabled else ''}"
        )
    if open_private_fostering(child=child) is not None:
        errors["notified_date"] = "This child already has a private fostering arrangement open"
    _raise(errors)
    pf = PrivateFostering(child=child, **values)
    pf._check_not_before_birth(values["start_date"], "start_date")
    return create_recorded(
        pf,
        acting_user=acting_user,
        what="Recorded a private fostering notification",
        request=request,
    )


@transaction.atomic
def private_fostering_visit(
    *,
    arrangement: PrivateFostering,
    date: dt.date,
    child_seen_alone: bool,
    notes: str,
    acting_user: User,
    request=None,
) -> PrivateFosteringVisit:
    errors: dict = {}
    _not_future(errors, "date", date)
    _not_before(errors, "date", date, arrangement.notified_date, "the notification")
    _raise(errors)
    return create_recorded(
        PrivateFosteringVisit(
            child=arrangement.child,
            arrangement=arrangement,
            date=date,
            child_seen_alone=child_seen_alone,
            notes=notes,
        ),
        acting_user=acting_user,
        what="Recorded a private fostering visit",
        request=request,
    )


@transaction.atomic
def private_fostering_assess(
    *,
    arrangement: PrivateFostering,
    expected_version: int,
    assessment_date: dt.date,
    assessment: str,
    acting_user: User,
    request=None,
) -> PrivateFostering:
    errors: dict = {}
    _not_future(errors, "assessment_date", assessment_date)
    _not_before(
        errors, "assessment_date", assessment_date, arrangement.notified_date, "the notification"
    )
    _raise(errors)
    save_changes(
        arrangement,
        expected_version=expected_version,
        changes={"assessment_date": assessment_date, "assessment": assessment},
    )
    _audit_update(
        acting_user=acting_user,
        what=f"Private fostering assessed: {arrangement.get_assessment_display()}",
        child=arrangement.child,
        record=arrangement,
        request=request,
    )
    return arrangement


@transaction.atomic
def private_fostering_end(
    *,
    arrangement: PrivateFostering,
    expected_version: int,
    end_date: dt.date,
    end_reason: str,
    acting_user: User,
    request=None,
) -> PrivateFostering:
    errors: dict = {}
    _not_future(errors, "end_date", end_date)
    _not_before(errors, "end_date", end_date, arrangement.notified_date, "the notification")
    _raise(errors)
    save_changes(
        arrangement,
        expected_version=expected_version,
        changes={"end_date": end_date, "end_reason": end_reason},
    )
    _audit_update(
        acting_user=acting_user,
        what="Private fostering arrangement ended",
        child=arrangement.child,
        record=arrangement,
        request=request,
    )
    return arrangement


# --- Young carers ------------------------------------------------------------------------------


def open_young_carer(*, child: Child) -> YoungCarer | None:
    return YoungCarer.objects.live().filter(child=child, end_date__isnull=True).first()


@transaction.atomic
def young_carer_identify(*, child: Child, acting_user: User, request=None, **values) -> YoungCarer:
    errors: dict = {}
    day = values["identified_date"]
    _not_future(errors, "identified_date", day)
    age = age_on(child.date_of_birth, on=day)
    if age is None or age >= 18:
        errors["identified_date"] = "A young carer is a child under 18 on the date"
    if open_young_carer(child=child) is not None:
        errors["identified_date"] = "This child is already recorded as a young carer"
    _raise(errors)
    return create_recorded(
        YoungCarer(child=child, **values),
        acting_user=acting_user,
        what="Identified as a young carer",
        request=request,
    )


@transaction.atomic
def young_carer_assess(
    *,
    record: YoungCarer,
    expected_version: int,
    assessment_date: dt.date | None,
    needs_identified: bool | None,
    support: str,
    end_date: dt.date | None,
    acting_user: User,
    request=None,
) -> YoungCarer:
    errors: dict = {}
    for field, day in (("assessment_date", assessment_date), ("end_date", end_date)):
        _not_future(errors, field, day)
        _not_before(errors, field, day, record.identified_date, "the identification")
    if assessment_date and needs_identified is None:
        errors["needs_identified"] = "Select whether the assessment identified support needs"
    _raise(errors)
    save_changes(
        record,
        expected_version=expected_version,
        changes={
            "assessment_date": assessment_date,
            "needs_identified": needs_identified if assessment_date else None,
            "support": support,
            "end_date": end_date,
        },
    )
    _audit_update(
        acting_user=acting_user,
        what="Young carer's needs assessment and support",
        child=record.child,
        record=record,
        request=request,
    )
    return record


# --- Homeless 16 and 17 year olds ------------------------------------------------------------


def open_homeless(*, child: Child) -> HomelessPresentation | None:
    return (
        HomelessPresentation.objects.live().filter(child=child, outcome_date__isnull=True).first()
    )


@transaction.atomic
def homeless_present(
    *, child: Child, acting_user: User, request=None, **values
) -> HomelessPresentation:
    errors: dict = {}
    day = values["presented_date"]
    _not_future(errors, "presented_date", day)
    age = age_on(child.date_of_birth, on=day)
    if age not in (16, 17):
        errors["presented_date"] = "This is for young people aged 16 or 17 on the date"
    if open_homeless(child=child) is not None:
        errors["presented_date"] = "This young person's last presentation has no outcome yet"
    _raise(errors)
    return create_recorded(
        HomelessPresentation(child=child, **values),
        acting_user=acting_user,
        what="Presented as homeless (16 or 17)",
        request=request,
    )


@transaction.atomic
def homeless_decide(
    *,
    presentation: HomelessPresentation,
    expected_version: int,
    joint_assessment_date: dt.date,
    outcome: str,
    outcome_date: dt.date,
    decision_notes: str,
    acting_user: User,
    request=None,
) -> HomelessPresentation:
    errors: dict = {}
    for field, day in (
        ("joint_assessment_date", joint_assessment_date),
        ("outcome_date", outcome_date),
    ):
        _not_future(errors, field, day)
        _not_before(errors, field, day, presentation.presented_date, "the presentation")
    if outcome_date < joint_assessment_date and "outcome_date" not in errors:
        errors["outcome_date"] = "The outcome cannot be before the joint assessment"
    _raise(errors)
    save_changes(
        presentation,
        expected_version=expected_version,
        changes={
            "joint_assessment_date": joint_assessment_date,
            "outcome": outcome,
            "outcome_date": outcome_date,
            "decision_notes": decision_notes,
        },
    )
    _audit_update(
        acting_user=acting_user,
        what=f"Homeless 16/17 outcome: {presentation.get_outcome_display()}",
        child=presentation.child,
        record=presentation,
        request=request,
    )
    return presentation
