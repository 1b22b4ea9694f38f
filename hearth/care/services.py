"""Actions for children looked after, missing episodes, care leavers and court.

The three care timelines (periods of care, legal statuses, placements) are only ever changed
here, so SSDA903 episodes derived from them stay consistent. Each action writes its records and
one audit entry in one transaction (see ``hearth.casework.services``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hearth.access.models import AuditEntry
from hearth.care.models import (
    Adoption,
    CareLeaverContact,
    CareProceedings,
    DeprivationOfLibertyOrder,
    EntitlementsInformation,
    ExploitationRiskAssessment,
    HealthCheck,
    LACReview,
    LegalStatus,
    MissingEpisode,
    PathwayPlan,
    PeriodOfCare,
    Placement,
    PreProceedings,
)
from hearth.care.selectors import open_period_of_care
from hearth.carers.selectors import adopters_sex_code, placement_household_errors
from hearth.core.services import create_recorded, save_changes, save_new, write_audit
from hearth.core.validators import normalise_postcode
from hearth.people.models import Child


def _open_period(child: Child) -> PeriodOfCare | None:
    return open_period_of_care(child=child)


def _with_household(placement: dict[str, Any], start_date: dt.date) -> dict[str, Any]:
    """A placement with an approved carer household: the household must fit the placement (see
    ``carers.selectors.placement_household_errors``); its postcode is the placement's unless the
    form gave one."""
    household = placement.get("carer_household")
    if household is None:
        return placement
    errors = placement_household_errors(
        household=household,
        place=placement.get("place", ""),
        provider=placement.get("provider", ""),
        day=start_date,
    )
    if errors:
        raise ValidationError(errors)
    if not placement.get("postcode"):
        placement = placement | {"postcode": household.postcode}
    return placement


def _current(model, period: PeriodOfCare):
    return (
        model.objects.live()
        .filter(period=period, end_date__isnull=True)
        .order_by("-start_date")
        .first()
    )


@transaction.atomic
def care_start(
    *,
    child: Child,
    start_date: dt.date,
    category_of_need: str,
    legal_status: str,
    placement: dict[str, Any],
    acting_user,
    home_postcode: str = "",
    request=None,
) -> PeriodOfCare:
    """A child comes into care: a period of care, its first legal status and first placement."""
    if _open_period(child) is not None:
        raise ValidationError("This child is already looked after.")
    placement = _with_household(placement, start_date)
    period = save_new(
        PeriodOfCare(
            child=child,
            start_date=start_date,
            category_of_need=category_of_need,
            home_postcode=normalise_postcode(home_postcode),
        ),
        acting_user=acting_user,
    )
    status = save_new(
        LegalStatus(child=child, period=period, code=legal_status, start_date=start_date),
        acting_user=acting_user,
    )
    place = save_new(
        Placement(child=child, period=period, start_date=start_date, **placement),
        acting_user=acting_user,
    )
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what="Child came into care",
        child=child,
        records=[period, status, place],
        request=request,
    )
    return period


@transaction.atomic
def placement_change(
    *,
    period: PeriodOfCare,
    start_date: dt.date,
    reason_changed: str,
    placement: dict[str, Any],
    acting_user,
    request=None,
) -> Placement:
    """Move a child: the current placement ends with the reason for the change, the new one
    starts the same day (a new SSDA903 episode)."""
    current = _current(Placement, period)
    if current is None:
        raise ValidationError("There is no current placement to move from.")
    if start_date <= current.start_date:
        raise ValidationError({"start_date": "The move must be after the current placement began"})
    if not reason_changed:
        raise ValidationError({"reason_changed": "Select the reason for the move"})
    placement = _with_household(placement, start_date)
    save_changes(
        current,
        expected_version=current.version,
        changes={"end_date": start_date, "reason_changed": reason_changed},
    )
    new = save_new(
        Placement(child=period.child, period=period, start_date=start_date, **placement),
        acting_user=acting_user,
    )
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what="Changed placement",
        child=period.child,
        records=[current, new],
        request=request,
        detail={"reason_changed": reason_changed},
    )
    return new


@transaction.atomic
def legal_status_change(
    *, period: PeriodOfCare, start_date: dt.date, code: str, acting_user, request=None
) -> LegalStatus:
    current = _current(LegalStatus, period)
    if current is not None:
        if start_date <= current.start_date:
            raise ValidationError(
                {"start_date": "The new legal status must start after the current one began"}
            )
        if code == current.code:
            raise ValidationError({"code": "That is the child's current legal status"})
        save_changes(current, expected_version=current.version, changes={"end_date": start_date})
    new = save_new(
        LegalStatus(child=period.child, period=period, code=code, start_date=start_date),
        acting_user=acting_user,
    )
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what="Changed legal status",
        child=period.child,
        records=[r for r in (current, new) if r is not None],
        request=request,
    )
    return new


@transaction.atomic
def care_end(
    *,
    period: PeriodOfCare,
    expected_version: int,
    end_date: dt.date,
    reason_ceased: str,
    acting_user,
    request=None,
) -> PeriodOfCare:
    """The child stops being looked after: the period, legal status and placement all end."""
    if end_date < period.start_date:
        raise ValidationError({"end_date": "The period of care cannot end before it started"})
    if open_deprivation_of_liberty_order(period.child) is not None:
        # an order made for a looked-after child does not outlive care (SSDA903 rule 707)
        raise ValidationError(
            {
                "end_date": "A deprivation of liberty order is still in force: "
                "record when it ended first"
            }
        )
    records = []
    for model in (LegalStatus, Placement):
        current = _current(model, period)
        if current is not None:
            save_changes(current, expected_version=current.version, changes={"end_date": end_date})
            records.append(current)
    save_changes(
        period,
        expected_version=expected_version,
        changes={"end_date": end_date, "reason_ceased": reason_ceased},
    )
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what="Child left care",
        child=period.child,
        records=[period, *records],
        request=request,
    )
    return period


@transaction.atomic
def lac_review_record(
    *, period: PeriodOfCare, date: dt.date, participation: str, acting_user, iro=None, request=None
) -> LACReview:
    if date < period.start_date:
        raise ValidationError({"date": "The review cannot be before the child came into care"})
    return create_recorded(
        LACReview(
            child=period.child, period=period, date=date, participation=participation, iro=iro
        ),
        acting_user=acting_user,
        what="Recorded a looked-after review",
        request=request,
    )


@transaction.atomic
def health_check_record(
    *,
    child: Child,
    kind: str,
    date: dt.date,
    acting_user,
    sdq_score: int | None = None,
    sdq_reason: str = "",
    request=None,
) -> HealthCheck:
    if kind == HealthCheck.Kind.SDQ and sdq_score is None and not sdq_reason:
        raise ValidationError({"sdq_score": "Enter the SDQ score, or why there is no score"})
    return create_recorded(
        HealthCheck(child=child, kind=kind, date=date, sdq_score=sdq_score, sdq_reason=sdq_reason),
        acting_user=acting_user,
        what=f"Recorded a {HealthCheck.Kind(kind).label.lower()}",
        request=request,
    )


@transaction.atomic
def missing_episode_record(
    *,
    child: Child,
    kind: str,
    started_at: dt.datetime,
    acting_user,
    returned_at: dt.datetime | None = None,
    from_placement: bool = True,
    reported_to_police: bool = True,
    request=None,
) -> MissingEpisode:
    if kind == MissingEpisode.Kind.ABSENT:
        from hearth.people.selectors import child_journey

        day = timezone.localtime(started_at).date()
        if child_journey(child=child, on=day).period_of_care is None:
            raise ValidationError(
                {
                    "kind": "Away from placement without authorisation is only for a child "
                    "looked after on that date: record the child as missing"
                }
            )
    return create_recorded(
        MissingEpisode(
            child=child,
            kind=kind,
            started_at=started_at,
            returned_at=returned_at,
            from_placement=from_placement,
            reported_to_police=reported_to_police,
        ),
        acting_user=acting_user,
        what="Recorded a missing episode",
        request=request,
    )


@transaction.atomic
def return_interview_record(
    *,
    episode: MissingEpisode,
    expected_version: int,
    returned_at: dt.datetime,
    offered_at: dt.datetime | None,
    accepted: bool | None,
    acting_user,
    completed_at: dt.datetime | None = None,
    push_factors: list[str] | None = None,
    pull_factors: list[str] | None = None,
    exploitation_concern: bool = False,
    summary: str = "",
    request=None,
) -> MissingEpisode:
    """The child's return, the return interview offered (due within 72 hours) and, if it took
    place, what it found — push and pull factors as codes so patterns can be counted."""
    errors = {}
    push_codes = {c for c, _ in MissingEpisode.PUSH_FACTORS}
    pull_codes = {c for c, _ in MissingEpisode.PULL_FACTORS}
    push_factors, pull_factors = list(push_factors or []), list(pull_factors or [])
    if set(push_factors) - push_codes or set(pull_factors) - pull_codes:
        errors["push_factors"] = "Select push and pull factors from the lists"
    if offered_at and offered_at < returned_at:
        errors["offered_at"] = "The interview cannot be offered before the child returned"
    if completed_at:
        if not offered_at:
            errors["offered_at"] = "Enter when the interview was offered"
        if accepted is False:
            errors["accepted"] = "An interview that took place was accepted"
        if not summary.strip():
            errors["summary"] = "Enter what the child said in the interview"
    if errors:
        raise ValidationError(errors)
    before = save_changes(
        episode,
        expected_version=expected_version,
        changes={
            "returned_at": returned_at,
            "return_interview_recorded": True,
            "return_interview_offered_at": offered_at,
            "return_interview_accepted": True if completed_at else accepted,
            "return_interview_completed_at": completed_at,
            "push_factors": push_factors,
            "pull_factors": pull_factors,
            "exploitation_concern": exploitation_concern,
            "interview_summary": summary,
        },
    )
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what="Recorded a return interview" if completed_at else "Recorded a return",
        child=episode.child,
        records=[episode],
        request=request,
        detail={"before": {k: str(v) for k, v in before.items()}},
    )
    return episode


@transaction.atomic
def exploitation_assessment_record(
    *,
    child: Child,
    date: dt.date,
    sexual_exploitation: str,
    criminal_exploitation: str,
    indicators: list[str],
    review_date: dt.date,
    acting_user,
    request=None,
) -> ExploitationRiskAssessment:
    if review_date < date:
        raise ValidationError({"review_date": "The review must be on or after the assessment"})
    return create_recorded(
        ExploitationRiskAssessment(
            child=child,
            date=date,
            sexual_exploitation=sexual_exploitation,
            criminal_exploitation=criminal_exploitation,
            indicators=list(indicators),
            review_date=review_date,
        ),
        acting_user=acting_user,
        what="Recorded an exploitation risk assessment",
        request=request,
    )


# --- Care leavers -------------------------------------------------------------------------------------


@transaction.atomic
def pathway_plan_record(
    *, child: Child, date: dt.date, review_due: dt.date, summary: str, acting_user, request=None
) -> PathwayPlan:
    if review_due < date:
        raise ValidationError({"review_due": "The review must be after the plan"})
    return create_recorded(
        PathwayPlan(child=child, date=date, review_due=review_due, summary=summary),
        acting_user=acting_user,
        what="Recorded a pathway plan",
        request=request,
    )


@transaction.atomic
def care_leaver_contact_record(
    *,
    child: Child,
    date: dt.date,
    in_touch: str,
    activity: str,
    accommodation: str,
    staying_put: bool,
    acting_user,
    request=None,
) -> CareLeaverContact:
    return create_recorded(
        CareLeaverContact(
            child=child,
            date=date,
            in_touch=in_touch,
            activity=activity,
            accommodation=accommodation,
            staying_put=staying_put,
        ),
        acting_user=acting_user,
        what="Recorded contact with a care leaver",
        request=request,
    )


@transaction.atomic
def entitlements_record(
    *,
    child: Child,
    date: dt.date,
    rights_explained: bool,
    local_offer_given: bool,
    health_history_explained: bool,
    acknowledged_by_young_person: bool,
    acting_user,
    request=None,
) -> EntitlementsInformation:
    return create_recorded(
        EntitlementsInformation(
            child=child,
            date=date,
            rights_explained=rights_explained,
            local_offer_given=local_offer_given,
            health_history_explained=health_history_explained,
            acknowledged_by_young_person=acknowledged_by_young_person,
        ),
        acting_user=acting_user,
        what="Recorded the leaving-care entitlements checklist",
        request=request,
    )


# --- Court and adoption --------------------------------------------------------------------------------


@transaction.atomic
def proceedings_record(
    *,
    child: Child,
    issued_date: dt.date,
    acting_user,
    pre_proceedings_date: dt.date | None = None,
    request=None,
) -> CareProceedings:
    if pre_proceedings_date and pre_proceedings_date > issued_date:
        raise ValidationError(
            {"pre_proceedings_date": "The PLO meeting must be before the proceedings were issued"}
        )
    return create_recorded(
        CareProceedings(
            child=child, issued_date=issued_date, pre_proceedings_date=pre_proceedings_date
        ),
        acting_user=acting_user,
        what="Recorded care proceedings",
        request=request,
    )


@transaction.atomic
def proceedings_conclude(
    *,
    proceedings: CareProceedings,
    expected_version: int,
    final_order_date: dt.date,
    final_order: str,
    acting_user,
    request=None,
) -> CareProceedings:
    if final_order_date < proceedings.issued_date:
        raise ValidationError({"final_order_date": "The final order must follow the issue date"})
    save_changes(
        proceedings,
        expected_version=expected_version,
        changes={"final_order_date": final_order_date, "final_order": final_order},
    )
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what="Recorded the final order",
        child=proceedings.child,
        records=[proceedings],
        request=request,
    )
    return proceedings


@transaction.atomic
def adoption_record(
    *,
    child: Child,
    decision_date: dt.date,
    acting_user,
    placement_order_date: dt.date | None = None,
    match_date: dt.date | None = None,
    placed_date: dt.date | None = None,
    adoption_order_date: dt.date | None = None,
    adopters=None,
    request=None,
) -> Adoption:
    errors = {}
    if adopters is not None and adopters.kind != adopters.Kind.ADOPTERS:
        errors["adopters"] = "Choose a household recorded as adopters"
    elif adopters is not None and match_date and not adopters.approved_on(match_date):
        errors["adopters"] = f"{adopters.name} were not approved on the date of the match"
    if placement_order_date and placement_order_date < decision_date:
        errors["placement_order_date"] = "The placement order must follow the decision"
    if match_date and placement_order_date and match_date < placement_order_date:
        errors["match_date"] = "The match must follow the placement order"
    if placed_date and match_date and placed_date < match_date:
        errors["placed_date"] = "The child is placed after the match"
    if adoption_order_date and not placed_date:
        errors["adoption_order_date"] = "Enter when the child was placed first"
    if errors:
        raise ValidationError(errors)
    number, sex = adopters_sex_code(adopters) if adopters is not None else (None, "")
    return create_recorded(
        Adoption(
            child=child,
            period=_open_period(child),
            decision_date=decision_date,
            placement_order_date=placement_order_date,
            match_date=match_date,
            placed_date=placed_date,
            adoption_order_date=adoption_order_date,
            adopters=adopters,
            family_id=adopters.reference if adopters is not None else "",
            number_of_adopters=number,
            adopters_sex=sex,
        ),
        acting_user=acting_user,
        what="Recorded adoption key dates",
        request=request,
    )


# --- Deprivation of liberty ----------------------------------------------------------------------


def open_deprivation_of_liberty_order(child: Child) -> DeprivationOfLibertyOrder | None:
    """The order in force for ``child`` (no end date), if any: there is at most one."""
    return (
        DeprivationOfLibertyOrder.objects.live()
        .filter(child=child, end_date__isnull=True)
        .order_by("-start_date")
        .first()
    )


@transaction.atomic
def deprivation_of_liberty_record(
    *,
    child: Child,
    start_date: dt.date,
    acting_user,
    court: str = "",
    review_date: dt.date | None = None,
    expiry_date: dt.date | None = None,
    request=None,
) -> DeprivationOfLibertyOrder:
    """Record a court order authorising the deprivation of the child's liberty (SSDA903 DoLo
    from 2026-27)."""
    return create_recorded(
        DeprivationOfLibertyOrder(
            child=child,
            start_date=start_date,
            court=court,
            review_date=review_date,
            expiry_date=expiry_date,
        ),
        acting_user=acting_user,
        what="Recorded a deprivation of liberty order",
        request=request,
    )


@transaction.atomic
def deprivation_of_liberty_update(
    *,
    order: DeprivationOfLibertyOrder,
    expected_version: int,
    acting_user,
    review_date: dt.date | None = None,
    expiry_date: dt.date | None = None,
    end_date: dt.date | None = None,
    request=None,
) -> DeprivationOfLibertyOrder:
    """The court reviewed or renewed the order (new review and expiry dates), or it ended."""
    if end_date and end_date < order.start_date:
        raise ValidationError({"end_date": "The order cannot end before it was made"})
    save_changes(
        order,
        expected_version=expected_version,
        changes={"review_date": review_date, "expiry_date": expiry_date, "end_date": end_date},
    )
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what=(
            "Recorded the end of a deprivation of liberty order"
            if end_date
            else "Updated a deprivation of liberty order"
        ),
        child=order.child,
        records=[order],
        request=request,
    )
    return order


# --- Pre-proceedings and family group decision-making ------------------------------------------


PRE_PROCEEDINGS_FIELDS = (
    "letter_date",
    "fgdm_offered_date",
    "fgdm_declined_date",
    "fgdm_held_date",
    "fgdm_outcome",
    "first_meeting_date",
    "review_meetings",
    "decision_date",
    "outcome",
    "court_application_date",
    "letter_of_issue_date",
)


def open_pre_proceedings(child: Child) -> PreProceedings | None:
    """The child's pre-proceedings awaiting a decision to step up or down, if any."""
    return (
        PreProceedings.objects.live()
        .filter(child=child, decision_date__isnull=True)
        .order_by("-start_date")
        .first()
    )


@transaction.atomic
def pre_proceedings_start(
    *, child: Child, start_date: dt.date, acting_user, request=None, **fields: Any
) -> PreProceedings:
    """The LA decides (at a legal planning meeting) to begin pre-proceedings. They happen
    within the child's open child in need episode, where the CIN census reports them."""
    from hearth.casework.models import CINEpisode

    unknown = set(fields) - set(PRE_PROCEEDINGS_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if open_pre_proceedings(child) is not None:
        raise ValidationError(
            {"start_date": "Pre-proceedings are already open: record their outcome first"}
        )
    episode = (
        CINEpisode.objects.live()
        .filter(child=child, referral_date__lte=start_date)
        .filter(Q(closure_date__isnull=True) | Q(closure_date__gte=start_date))
        .order_by("-referral_date")
        .first()
    )
    if episode is None:
        raise ValidationError(
            {"start_date": "Pre-proceedings happen in a child in need episode: none was open"}
        )
    return create_recorded(
        PreProceedings(child=child, cin_episode=episode, start_date=start_date, **fields),
        acting_user=acting_user,
        what="Began pre-proceedings",
        request=request,
    )


@transaction.atomic
def pre_proceedings_update(
    *,
    record: PreProceedings,
    expected_version: int,
    acting_user,
    request=None,
    **changes: Any,
) -> PreProceedings:
    """Letters, the family network meeting, pre-proceedings meetings and the decision."""
    unknown = set(changes) - set(PRE_PROCEEDINGS_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    save_changes(record, expected_version=expected_version, changes=changes)
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what=(
            "Recorded the outcome of pre-proceedings"
            if record.decision_date
            else "Updated pre-proceedings"
        ),
        child=record.child,
        records=[record],
        request=request,
    )
    return record
