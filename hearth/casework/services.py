"""Actions for the front door, referral and assessment, child protection, and practice records.

Every action is keyword-only, validates (`full_clean`), writes its records and exactly one audit
entry in one transaction, and is named ``<entity>_<verb>``. Edits take the version the editor
read (`expected_version`) and raise ``ConcurrentEditError`` if someone saved in between.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from hearth.access.models import AuditEntry
from hearth.access.permissions import MANAGER_ROLES
from hearth.casework import clocks
from hearth.casework.models import (
    Assessment,
    AssessmentFactor,
    AssessmentReturn,
    ChildProtectionConference,
    CINEpisode,
    CINPlan,
    CINPlanReview,
    Contact,
    CPPlan,
    EarlyHelpEpisode,
    FamilyGroupConference,
    FrontDoorDecision,
    ManagementOversight,
    Section47Enquiry,
    SignificantEvent,
    StrategyDiscussion,
    Visit,
)
from hearth.casework.selectors import open_cin_episode, open_cp_plan, open_early_help
from hearth.core.calendar import LONDON
from hearth.core.services import (
    create_recorded,
    save_changes,
    save_new,
    write_audit,
)
from hearth.people.identity import check_identity
from hearth.people.models import Address, Child


def _worker_of(user):
    return getattr(user, "worker", None)


def _local_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(LONDON).date()


# --- Dates checked against the child's journey -------------------------------------------------------

ADULT_AGE = 18  # Children Act 1989 s105: a child is a person under 18
PREGNANCY_DAYS = 42 * 7  # a pre-birth contact or referral comes at most this long before birth


def check_child_on(*, child: Child, day: dt.date, field: str, what: str) -> None:
    """A contact or referral on ``day`` must be about a child: not long before they were born
    (a pre-birth referral during pregnancy is allowed, as the CIN census allows) and not an
    adult of 18 or over."""
    from hearth.people.selectors import age_on

    born = child.date_of_birth
    if born is None:
        return  # unborn: pre-birth contacts and referrals are expected
    if day < born - dt.timedelta(days=PREGNANCY_DAYS):
        raise ValidationError(
            {field: f"The {what} is before the child was born (more than 42 weeks before)"}
        )
    age = age_on(born, day)
    if age is not None and age >= ADULT_AGE:
        raise ValidationError(
            {
                field: f"The child was {age} on that date: someone aged {ADULT_AGE} or over is an "
                "adult. Check the date of birth, or refer them to adult services"
            }
        )


VISIT_NEEDS = {
    # visit kind: (what must be open on the visit date, message)
    Visit.Kind.CLA: (
        "period_of_care",
        "A looked-after child visit needs the child to be looked after on that date",
    ),
    Visit.Kind.CP: (
        "cp_plan",
        "A child protection visit needs a child protection plan on that date",
    ),
}


def check_visit_kind(*, child: Child, kind: str, day: dt.date) -> None:
    """The kind of visit must fit the child's status on the day (from `child_journey`)."""
    from hearth.people.selectors import child_journey

    need = VISIT_NEEDS.get(kind)
    if need is None:
        return
    attribute, message = need
    if not getattr(child_journey(child=child, on=day), attribute):
        raise ValidationError({"kind": message})


# --- Front door ----------------------------------------------------------------------------------


@transaction.atomic
def contact_record(
    *,
    received_at: dt.datetime,
    source: str,
    reason: str,
    acting_user,
    child: Child | None = None,
    new_child: dict[str, Any] | None = None,
    referrer_name: str = "",
    child_protection: bool = False,
    postcode: str = "",
    request=None,
) -> Contact:
    """Record a contact about a known child, or about a child new to the authority (with their
    home postcode as their first address, when the contact gives one)."""
    if (child is None) == (new_child is None):
        raise ValueError("Give either a known child or the details of a new child.")
    records: list[models.Model] = []
    if child is None:
        new_child.setdefault("expected_date_of_birth", None)
        if new_child["date_of_birth"] is None and new_child["expected_date_of_birth"] is None:
            raise ValidationError(
                {
                    "date_of_birth": "Enter the child's date of birth or, for an unborn baby, "
                    "the expected date of birth"
                }
            )
        check_identity(
            date_of_birth=new_child["date_of_birth"],
            expected_date_of_birth=new_child["expected_date_of_birth"],
            sex=new_child["sex"],
            nhs_number=new_child.get("nhs_number", ""),
            today=received_at.date() if isinstance(received_at, dt.datetime) else received_at,
        )
        child = Child(
            la_child_id=_next_la_child_id(),
            ethnicity=new_child.pop("ethnicity", "NOBT"),
            **new_child,
        )
        records.append(save_new(child, acting_user=acting_user))
        if postcode:
            records.append(
                save_new(
                    Address(
                        child=child,
                        postcode=postcode,
                        start_date=received_at.date()
                        if isinstance(received_at, dt.datetime)
                        else received_at,
                    ),
                    acting_user=acting_user,
                )
            )
    check_child_on(child=child, day=_local_date(received_at), field="received_at", what="contact")
    contact = save_new(
        Contact(
            child=child,
            received_at=received_at,
            source=source,
            referrer_name=referrer_name,
            reason=reason,
            child_protection=child_protection,
        ),
        acting_user=acting_user,
    )
    records.append(contact)
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what="Recorded a contact" + (" about a new child" if len(records) > 1 else ""),
        child=child,
        records=records,
        request=request,
    )
    return contact


def _next_la_child_id() -> str:
    """A new LA child ID: 'H' and 7 digits, one more than the highest so far."""
    last = (
        Child.objects.filter(la_child_id__regex=r"^H[0-9]{7}$")
        .order_by("-la_child_id")
        .values_list("la_child_id", flat=True)
        .first()
    )
    number = int(last[1:]) + 1 if last else 1
    return f"H{number:07d}"


@transaction.atomic
def front_door_decide(
    *,
    contact: Contact,
    outcome: str,
    decided_at: dt.datetime,
    rationale: str,
    acting_user,
    primary_need: str = "",
    request=None,
) -> FrontDoorDecision:
    """The front-door decision on a contact; a referral opens a CIN episode the same day."""
    if FrontDoorDecision.objects.filter(contact=contact).exists():
        raise ValidationError("A decision has already been recorded for this contact.")
    if not rationale.strip():
        raise ValidationError({"rationale": "Enter the reason for the decision"})
    decision = save_new(
        FrontDoorDecision(
            contact=contact,
            outcome=outcome,
            decided_at=decided_at,
            decided_by=_worker_of(acting_user),
            rationale=rationale,
        ),
        acting_user=acting_user,
    )
    records: list[models.Model] = [decision]
    if outcome == FrontDoorDecision.Outcome.REFERRAL:
        if open_cin_episode(child=contact.child) is not None:
            raise ValidationError(
                {"outcome": "This child already has an open referral: add to that instead"}
            )
        records.append(
            save_new(
                CINEpisode(
                    child=contact.child,
                    contact=contact,
                    referral_date=_local_date(decided_at),
                    referral_source=contact.source,
                    primary_need=primary_need,
                ),
                acting_user=acting_user,
            )
        )
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what=f"Front door decision: {decision.get_outcome_display()}",
        child=contact.child,
        records=records,
        request=request,
    )
    return decision


# --- Early help ------------------------------------------------------------------------------------


@transaction.atomic
def early_help_start(
    *,
    child: Child,
    start_date: dt.date,
    lead_professional: str,
    lead_agency: str,
    acting_user,
    stepped_down_from: CINEpisode | None = None,
    request=None,
) -> EarlyHelpEpisode:
    """Start early help. A child has one early help episode at a time: a second is refused on
    the start date (the `one_open_early_help` constraint refuses it too, should two starts race
    past this check)."""

    def refused(current: EarlyHelpEpisode | None) -> ValidationError:
        since = f" since {current.start_date:%-d %b %Y}" if current else ""
        return ValidationError(
            {
                "start_date": f"This child already has early help open{since}: "
                "end it before starting another"
            }
        )

    current = open_early_help(child=child)
    if current is not None:
        raise refused(current)
    try:
        with transaction.atomic():
            return create_recorded(
                EarlyHelpEpisode(
                    child=child,
                    start_date=start_date,
                    lead_professional=lead_professional,
                    lead_agency=lead_agency,
                    stepped_down_from=stepped_down_from,
                ),
                acting_user=acting_user,
                what="Started early help",
                child=child,
                request=request,
            )
    except IntegrityError as exc:
        current = open_early_help(child=child)
        if current is None:
            raise
        raise refused(current) from exc


@transaction.atomic
def family_group_conference_record(
    *,
    episode: EarlyHelpEpisode,
    date: dt.date,
    family_plan_agreed: bool,
    acting_user,
    request=None,
) -> FamilyGroupConference:
    fgc = create_recorded(
        FamilyGroupConference(
            child=episode.child,
            early_help_episode=episode,
            date=date,
            family_plan_agreed=family_plan_agreed,
        ),
        acting_user=acting_user,
        what="Recorded a family group conference",
        child=episode.child,
        request=request,
    )
    return fgc


@transaction.atomic
def early_help_end(
    *,
    episode: EarlyHelpEpisode,
    expected_version: int,
    end_date: dt.date,
    end_reason: str,
    acting_user,
    referral_source: str = "",
    request=None,
) -> EarlyHelpEpisode:
    """Close early help; stepping up opens a referral to social care on the same day."""
    before = save_changes(
        episode,
        expected_version=expected_version,
        changes={"end_date": end_date, "end_reason": end_reason},
    )
    records: list[models.Model] = [episode]
    if end_reason == EarlyHelpEpisode.EndReason.STEP_UP:
        records.append(
            save_new(
                CINEpisode(
                    child=episode.child,
                    stepped_up_from=episode,
                    referral_date=end_date,
                    referral_source=referral_source or "5D",  # early help
                ),
                acting_user=acting_user,
            )
        )
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what="Ended early help" + (" (stepped up)" if len(records) > 1 else ""),
        child=episode.child,
        records=records,
        request=request,
        detail={"before": before},
    )
    return episode


# --- Referral and assessment -----------------------------------------------------------------------


@transaction.atomic
def referral_record(
    *,
    child: Child,
    referral_date: dt.date,
    referral_source: str,
    acting_user,
    primary_need: str = "",
    request=None,
) -> CINEpisode:
    if open_cin_episode(child=child) is not None:
        raise ValidationError("This child already has an open referral.")
    check_child_on(child=child, day=referral_date, field="referral_date", what="referral")
    episode = create_recorded(
        CINEpisode(
            child=child,
            referral_date=referral_date,
            referral_source=referral_source,
            primary_need=primary_need,
        ),
        acting_user=acting_user,
        what="Recorded a referral",
        child=child,
        request=request,
    )
    return episode


@transaction.atomic
def assessment_start(
    *, cin_episode: CINEpisode, start_date: dt.date, acting_user, request=None
) -> Assessment:
    if start_date < cin_episode.referral_date:
        raise ValidationError({"start_date": "The assessment cannot start before the referral"})
    assessment = create_recorded(
        Assessment(child=cin_episode.child, cin_episode=cin_episode, start_date=start_date),
        acting_user=acting_user,
        what="Started an assessment",
        child=cin_episode.child,
        request=request,
    )
    return assessment


def cite_entries(analysis: str, entries: Sequence[Any]) -> str:
    """The analysis followed by the chronology entries it relies on, each dated and sourced,
    so a reader can find them in the chronology."""
    marker = "\n\nChronology entries cited:\n"
    text = analysis.split(marker)[0].rstrip()
    if not entries:
        return text
    lines = [f"- {e.date:%-d %b %Y} {e.title} [{e.source}]" for e in entries]
    return text + marker + "\n".join(lines)


@transaction.atomic
def assessment_update(
    *,
    assessment: Assessment,
    expected_version: int,
    analysis: str,
    factors: Iterable[str],
    child_seen: bool,
    acting_user,
    completed_date: dt.date | None = None,
    requires_support: bool | None = None,
    seen_alone: bool | None = None,
    childs_views: str = "",
    request=None,
) -> Assessment:
    """Save the assessment's analysis and factors; with a completion date it goes to the manager
    for authorisation (and a returned assessment is resubmitted). While it waits for the
    manager it cannot be changed."""
    if assessment.authorised_date:
        raise ValidationError("This assessment has been authorised and can no longer be changed.")
    if assessment.awaiting_authorisation:
        raise ValidationError(
            "This assessment is waiting for your manager's authorisation. It can be changed "
            "again only if they return it to you."
        )
    if seen_alone and not child_seen:
        raise ValidationError({"seen_alone": "A child seen alone must have been seen"})
    factors = sorted(set(factors))
    if completed_date is not None:
        errors = {}
        if not analysis.strip():
            errors["analysis"] = "Enter the analysis before completing the assessment"
        if not factors:
            errors["factors"] = "Select the factors identified, or 'No factors identified'"
        if requires_support is None:
            errors["requires_support"] = "Select whether the child needs social care support"
        if completed_date < assessment.start_date:
            errors["completed_date"] = "The assessment cannot be completed before it started"
        if child_seen and seen_alone is None:
            errors["seen_alone"] = "Select whether the child was seen alone"
        if child_seen and not childs_views.strip():
            errors["childs_views"] = (
                "Enter the child's views, wishes and feelings in their own words"
            )
        if errors:
            raise ValidationError(errors)
    before = save_changes(
        assessment,
        expected_version=expected_version,
        changes={
            "analysis": analysis,
            "child_seen": child_seen,
            "seen_alone": seen_alone if child_seen else False,
            "childs_views": childs_views,
            "completed_date": completed_date,
            "requires_support": requires_support,
        },
    )
    resubmitted = 0
    if completed_date is not None:
        resubmitted = AssessmentReturn.objects.filter(
            assessment=assessment, resubmitted_at__isnull=True
        ).update(resubmitted_at=timezone.now())
    current = set(assessment.factors.values_list("code", flat=True))
    assessment.factors.exclude(code__in=factors).delete()
    AssessmentFactor.objects.bulk_create(
        [AssessmentFactor(assessment=assessment, code=c) for c in factors if c not in current]
    )
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what=(
            "Resubmitted a returned assessment"
            if resubmitted
            else "Completed an assessment"
            if completed_date
            else "Updated an assessment"
        ),
        child=assessment.child,
        records=[assessment],
        request=request,
        detail={"before": before, "factors": {"before": sorted(current), "after": factors}},
    )
    return assessment


@transaction.atomic
def assessment_authorise(
    *,
    assessment: Assessment,
    expected_version: int,
    authorised_date: dt.date,
    acting_user,
    request=None,
) -> Assessment:
    """A manager authorises a completed assessment (the date the CIN census counts)."""
    manager = _worker_of(acting_user)
    if manager is None or acting_user.role not in MANAGER_ROLES:
        raise ValidationError("Only a team manager can authorise an assessment.")
    if assessment.completed_date is None:
        raise ValidationError("The assessment must be completed before it can be authorised.")
    if assessment.authorised_date:
        raise ValidationError("This assessment has already been authorised.")
    if authorised_date < assessment.completed_date:
        raise ValidationError(
            {"authorised_date": "Authorisation cannot be before the assessment was completed"}
        )
    before = save_changes(
        assessment,
        expected_version=expected_version,
        changes={"authorised_date": authorised_date, "authorised_by": manager},
    )
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what="Authorised an assessment",
        child=assessment.child,
        records=[assessment],
        request=request,
        detail={"before": {k: str(v) for k, v in before.items()}},
    )
    return assessment


@transaction.atomic
def assessment_return(
    *,
    assessment: Assessment,
    expected_version: int,
    comments: str,
    acting_user,
    at: dt.datetime | None = None,
    request=None,
) -> AssessmentReturn:
    """A manager returns a completed assessment to the worker for more work, with comments,
    instead of authorising it. The assessment is open for editing again until the worker
    completes it once more; each return is kept as history."""
    manager = _worker_of(acting_user)
    if manager is None or acting_user.role not in MANAGER_ROLES:
        raise ValidationError("Only a team manager can return an assessment.")
    if assessment.authorised_date:
        raise ValidationError("This assessment has already been authorised.")
    if assessment.completed_date is None:
        raise ValidationError(
            "Only a completed assessment waiting for authorisation can be returned."
        )
    if not comments.strip():
        raise ValidationError({"comments": "Enter what needs more work"})
    completed = assessment.completed_date
    save_changes(assessment, expected_version=expected_version, changes={"completed_date": None})
    returned = save_new(
        AssessmentReturn(
            child=assessment.child,
            assessment=assessment,
            returned_at=at or timezone.now(),
            returned_by=manager,
            comments=comments.strip(),
            completed_date_returned=completed,
        ),
        acting_user=acting_user,
    )
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what="Returned an assessment for more work",
        child=assessment.child,
        records=[assessment, returned],
        request=request,
        detail={"before": {"completed_date": str(completed)}},
    )
    return returned


@transaction.atomic
def cin_plan_start(
    *,
    cin_episode: CINEpisode,
    start_date: dt.date,
    review_due: dt.date | None,
    acting_user,
    request=None,
) -> CINPlan:
    if CINPlan.objects.live().filter(cin_episode=cin_episode, end_date__isnull=True).exists():
        raise ValidationError("This child already has an open child in need plan.")
    if review_due and review_due < start_date:
        raise ValidationError({"review_due": "The review must be after the plan starts"})
    plan = create_recorded(
        CINPlan(
            child=cin_episode.child,
            cin_episode=cin_episode,
            start_date=start_date,
            review_due=review_due,
        ),
        acting_user=acting_user,
        what="Started a child in need plan",
        child=cin_episode.child,
        request=request,
    )
    return plan


@transaction.atomic
def cin_plan_review_record(
    *,
    plan: CINPlan,
    date: dt.date,
    childs_views: str,
    progress: str,
    outcome: str,
    next_review_due: dt.date | None,
    acting_user,
    request=None,
) -> CINPlanReview:
    """Record a review of the child in need plan. Continuing (or stepping up while the plan
    stays in place) needs the next review date, which becomes the plan's review due; stepping
    down or closing ends the plan on the review date (the case itself is closed separately,
    with its reason)."""
    if plan.end_date is not None:
        raise ValidationError("This child in need plan has ended.")
    if date < plan.start_date:
        raise ValidationError({"date": "The review must be on or after the day the plan started"})
    keeps_plan = outcome in {CINPlanReview.Outcome.CONTINUE, CINPlanReview.Outcome.STEP_UP}
    if keeps_plan and next_review_due is None:
        raise ValidationError({"next_review_due": "Enter the date of the next review"})
    if next_review_due is not None and next_review_due <= date:
        raise ValidationError({"next_review_due": "The next review must be after this review"})
    review = create_recorded(
        CINPlanReview(
            child=plan.child,
            plan=plan,
            date=date,
            childs_views=childs_views,
            progress=progress,
            outcome=outcome,
            next_review_due=next_review_due if keeps_plan else None,
        ),
        acting_user=acting_user,
        what="Reviewed the child in need plan",
        request=request,
    )
    changes = (
        {"review_due": next_review_due} if keeps_plan else {"end_date": date, "review_due": None}
    )
    before = save_changes(plan, expected_version=None, changes=changes)
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what="Child in need plan updated after its review",
        child=plan.child,
        records=[plan],
        request=request,
        detail={"before": {k: str(v) for k, v in before.items()}},
    )
    return review


@transaction.atomic
def cin_episode_close(
    *,
    episode: CINEpisode,
    expected_version: int,
    closure_date: dt.date,
    closure_reason: str,
    acting_user,
    request=None,
) -> CINEpisode:
    """Close the case with its reason; any open child in need plan ends the same day. A child
    on a protection plan or looked after cannot be closed."""
    if CPPlan.objects.live().filter(cin_episode=episode, end_date__isnull=True).exists():
        raise ValidationError("End the child protection plan before closing the case.")
    if not closure_reason:
        raise ValidationError({"closure_reason": "Select the reason the case closed"})
    before = save_changes(
        episode,
        expected_version=expected_version,
        changes={"closure_date": closure_date, "closure_reason": closure_reason},
    )
    records: list[models.Model] = [episode]
    for plan in CINPlan.objects.live().filter(cin_episode=episode, end_date__isnull=True):
        save_changes(plan, expected_version=None, changes={"end_date": closure_date})
        records.append(plan)
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what="Closed the case",
        child=episode.child,
        records=records,
        request=request,
        detail={"before": {k: str(v) for k, v in before.items()}},
    )
    return episode


# --- Child protection ------------------------------------------------------------------------------


@transaction.atomic
def strategy_discussion_record(
    *,
    cin_episode: CINEpisode,
    date: dt.date,
    police_attended: bool,
    health_attended: bool,
    section47_agreed: bool,
    notes: str,
    acting_user,
    request=None,
) -> StrategyDiscussion:
    """A strategy discussion; when it agrees a section 47 enquiry, the enquiry starts that day
    with its initial conference due 15 working days later."""
    if date < cin_episode.referral_date:
        raise ValidationError({"date": "The strategy discussion cannot be before the referral"})
    discussion = save_new(
        StrategyDiscussion(
            child=cin_episode.child,
            cin_episode=cin_episode,
            date=date,
            police_attended=police_attended,
            health_attended=health_attended,
            section47_agreed=section47_agreed,
            notes=notes,
        ),
        acting_user=acting_user,
    )
    records: list[models.Model] = [discussion]
    if section47_agreed:
        records.append(
            save_new(
                Section47Enquiry(
                    child=cin_episode.child,
                    cin_episode=cin_episode,
                    strategy_discussion=discussion,
                    start_date=date,
                    icpc_target_date=clocks.icpc_due(date),
                ),
                acting_user=acting_user,
            )
        )
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what="Recorded a strategy discussion"
        + ("; section 47 enquiry started" if section47_agreed else ""),
        child=cin_episode.child,
        records=records,
        request=request,
    )
    return discussion


@transaction.atomic
def section47_complete(
    *,
    enquiry: Section47Enquiry,
    expected_version: int,
    end_date: dt.date,
    outcome: str,
    icpc_not_required: bool,
    acting_user,
    request=None,
) -> Section47Enquiry:
    if end_date < enquiry.start_date:
        raise ValidationError({"end_date": "The enquiry cannot end before it started"})
    if not outcome:
        raise ValidationError({"outcome": "Select the outcome of the enquiry"})
    before = save_changes(
        enquiry,
        expected_version=expected_version,
        changes={"end_date": end_date, "outcome": outcome, "icpc_not_required": icpc_not_required},
    )
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what="Completed a section 47 enquiry",
        child=enquiry.child,
        records=[enquiry],
        request=request,
        detail={"before": {k: str(v) for k, v in before.items()}},
    )
    return enquiry


@transaction.atomic
def cp_plan_start(
    *,
    cin_episode: CINEpisode,
    start_date: dt.date,
    category: str,
    acting_user,
    visit_frequency_days: int | None = None,
    request=None,
    audit_it: bool = True,
) -> CPPlan:
    if open_cp_plan(child=cin_episode.child) is not None:
        raise ValidationError("This child already has a child protection plan.")
    plan = save_new(
        CPPlan(
            child=cin_episode.child,
            cin_episode=cin_episode,
            start_date=start_date,
            initial_category=category,
            latest_category=category,
            visit_frequency_days=visit_frequency_days or clocks.CP_VISIT.n,
        ),
        acting_user=acting_user,
    )
    if audit_it:
        write_audit(
            acting_user=acting_user,
            action=AuditEntry.Action.CREATE,
            what="Started a child protection plan",
            child=cin_episode.child,
            records=[plan],
            request=request,
        )
    return plan


@transaction.atomic
def conference_record(
    *,
    cin_episode: CINEpisode,
    kind: str,
    date: dt.date,
    plan_required: bool,
    acting_user,
    category: str = "",
    visit_frequency_days: int | None = None,
    request=None,
) -> ChildProtectionConference:
    """An initial or review conference. An initial conference that makes a plan starts it (with
    its category) on the day; a review may change the category."""
    child = cin_episode.child
    open_plan = open_cp_plan(child=child)
    records: list[models.Model] = []
    section47 = None
    if kind == ChildProtectionConference.Kind.INITIAL:
        if open_plan is not None:
            raise ValidationError({"kind": "This child already has a plan: record a review"})
        section47 = (
            Section47Enquiry.objects.live()
            .filter(cin_episode=cin_episode)
            .order_by("-start_date")
            .first()
        )
        if section47 is not None and date < section47.start_date:
            raise ValidationError(
                {"date": "The conference cannot be before the section 47 enquiry started"}
            )
    elif open_plan is None:
        raise ValidationError({"kind": "There is no plan to review: record an initial conference"})
    if plan_required and not category:
        raise ValidationError({"category": "Select the category of abuse"})
    if open_plan is not None and date < open_plan.start_date:
        raise ValidationError({"date": "The review cannot be before the plan started"})
    plan = open_plan
    if kind == ChildProtectionConference.Kind.INITIAL and plan_required:
        plan = cp_plan_start(
            cin_episode=cin_episode,
            start_date=date,
            category=category,
            visit_frequency_days=visit_frequency_days,
            acting_user=acting_user,
            audit_it=False,
        )
        records.append(plan)
    conference = save_new(
        ChildProtectionConference(
            child=child,
            cin_episode=cin_episode,
            section47=section47,
            cp_plan=plan,
            kind=kind,
            date=date,
            plan_required=plan_required,
        ),
        acting_user=acting_user,
    )
    records.insert(0, conference)
    if (
        open_plan is not None
        and plan_required
        and category
        and category != open_plan.latest_category
    ):
        save_changes(open_plan, expected_version=None, changes={"latest_category": category})
        records.append(open_plan)
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what=f"Recorded a {conference.get_kind_display().lower()}",
        child=child,
        records=records,
        request=request,
    )
    return conference


@transaction.atomic
def cp_plan_end(
    *,
    plan: CPPlan,
    expected_version: int,
    end_date: dt.date,
    end_reason: str,
    acting_user,
    request=None,
) -> CPPlan:
    if not end_reason:
        raise ValidationError({"end_reason": "Select why the plan ended"})
    if end_date < plan.start_date:
        raise ValidationError({"end_date": "The plan cannot end before it started"})
    before = save_changes(
        plan,
        expected_version=expected_version,
        changes={"end_date": end_date, "end_reason": end_reason},
    )
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what="Ended a child protection plan",
        child=plan.child,
        records=[plan],
        request=request,
        detail={"before": {k: str(v) for k, v in before.items()}},
    )
    return plan


# --- Practice records -------------------------------------------------------------------------------


@transaction.atomic
def visit_record(
    *,
    child: Child,
    kind: str,
    date: dt.date,
    child_seen: bool,
    seen_alone: bool,
    childs_views: str,
    acting_user,
    observations: str = "",
    request=None,
) -> Visit:
    if date > timezone.localdate():
        raise ValidationError({"date": "The visit date must be today or in the past"})
    if child_seen and not childs_views.strip():
        raise ValidationError(
            {"childs_views": "Enter the child's views, wishes and feelings in their own words"}
        )
    check_visit_kind(child=child, kind=kind, day=date)
    return create_recorded(
        Visit(
            child=child,
            worker=_worker_of(acting_user),
            kind=kind,
            date=date,
            child_seen=child_seen,
            seen_alone=seen_alone,
            childs_views=childs_views,
            observations=observations,
        ),
        acting_user=acting_user,
        what="Recorded a visit",
        request=request,
    )


@transaction.atomic
def oversight_record(
    *, child: Child, date: dt.date, summary: str, decisions: str, acting_user, request=None
) -> ManagementOversight:
    manager = _worker_of(acting_user)
    if manager is None or acting_user.role not in MANAGER_ROLES:
        raise ValidationError("Only a manager can record management oversight.")
    return create_recorded(
        ManagementOversight(
            child=child, manager=manager, date=date, summary=summary, decisions=decisions
        ),
        acting_user=acting_user,
        what="Recorded management oversight",
        request=request,
    )


@transaction.atomic
def significant_event_add(
    *,
    child: Child,
    date: dt.date,
    title: str,
    detail: str,
    source: str,
    acting_user,
    request=None,
) -> SignificantEvent:
    return create_recorded(
        SignificantEvent(child=child, date=date, title=title, detail=detail, source=source),
        acting_user=acting_user,
        what="Added a significant event to the chronology",
        request=request,
    )


# --- Possible duplicates (a contact whose child may be one the recorder cannot see) -----------


@transaction.atomic
def possible_duplicate_raise(
    *, contact: Contact, hidden_matches: Sequence[Child], acting_user, request=None
) -> list:
    """Hold a contact about a new child that may be a child the recorder cannot see: the new
    child is made restricted (found by nobody) and one queue item is raised per hidden match.
    The recorder is told only that a match exists; each hidden child's record is audited."""
    from hearth.casework.models import PossibleDuplicate

    held = contact.child
    held.restricted = True
    held.save(update_fields=["restricted"])
    now = timezone.now()
    items = []
    for existing in hidden_matches:
        item = PossibleDuplicate.objects.create(
            contact=contact,
            held_child=held,
            existing_child=existing,
            raised_by=acting_user,
            raised_at=now,
        )
        items.append(item)
        write_audit(
            acting_user=acting_user,
            action=AuditEntry.Action.CREATE,
            what="A new contact may be about this child: held for the front-door manager",
            child=existing,
            records=[item],
            request=request,
        )
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what="Contact held as a possible duplicate",
        child=held,
        records=[contact, *items],
        request=request,
    )
    return items


@transaction.atomic
def possible_duplicate_resolve(*, item, same_child: bool, acting_user, request=None):
    """Resolve a held contact: attach it to the existing child (the held child is archived), or
    confirm it is a different child (released once no other match is open)."""
    from hearth.casework.models import PossibleDuplicate

    item = PossibleDuplicate.objects.select_for_update().select_related("contact").get(pk=item.pk)
    if item.status != PossibleDuplicate.Status.OPEN:
        raise ValidationError("This possible duplicate has already been resolved", code="done")
    now = timezone.now()
    item.resolved_by = acting_user
    item.resolved_at = now
    held = Child.objects.get(pk=item.held_child_id)
    others = PossibleDuplicate.objects.filter(
        contact=item.contact, status=PossibleDuplicate.Status.OPEN
    ).exclude(pk=item.pk)
    if same_child:
        item.status = PossibleDuplicate.Status.SAME_CHILD
        contact = item.contact
        contact.child_id = item.existing_child_id
        contact.save(update_fields=["child"])
        Contact.objects.filter(child=held).update(child_id=item.existing_child_id)
        held.archived_at = now
        held.archived_reason = "Duplicate of an existing child: contact attached to that record"
        held.save(update_fields=["archived_at", "archived_reason"])
        others.update(
            status=PossibleDuplicate.Status.DIFFERENT, resolved_by=acting_user, resolved_at=now
        )
    else:
        item.status = PossibleDuplicate.Status.DIFFERENT
        if not others.exists():
            held.restricted = False
            held.save(update_fields=["restricted"])
    item.save(update_fields=["status", "resolved_by", "resolved_at"])
    what = (
        "Possible duplicate resolved: same child, contact attached"
        if same_child
        else "Possible duplicate resolved: a different child"
    )
    for child in (item.existing_child, held):
        write_audit(
            acting_user=acting_user,
            action=AuditEntry.Action.UPDATE,
            what=what,
            child=child,
            records=[item],
            request=request,
        )
    return item
