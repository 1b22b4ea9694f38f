"""Family Help actions: start (deriving each child's CIN or early help episode), end, the one
family assessment and one family plan, plan reviews, and each child's step up or step down.
Each action validates, saves and audits in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from hearth.access.models import PARTNER_ROLES, AuditEntry, PartnerInvolvement
from hearth.access.services import end_partner_involvements, start_partner_involvement
from hearth.care.models import PeriodOfCare
from hearth.casework.models import (
    Assessment,
    CINEpisode,
    CINPlan,
    CPPlan,
    EarlyHelpEpisode,
    Section47Enquiry,
    StrategyDiscussion,
)
from hearth.casework.services import check_child_on
from hearth.core import codes
from hearth.core.services import save_changes, save_new, write_audit
from hearth.familyhelp.models import (
    EARLY_HELP_AGENCY,
    Family,
    FamilyAdult,
    FamilyAssessment,
    FamilyAssessmentChild,
    FamilyHelpChild,
    FamilyHelpEpisode,
    FamilyHelpEvent,
    FamilyPlan,
    FamilyPlanChild,
    FamilyPlanReview,
    LeadAgency,
)
from hearth.people.models import Child, FamilyMember

Level = FamilyHelpEpisode.Level
EndReason = FamilyHelpEpisode.EndReason

# A partner lead's agency, when the form leaves it to the lead's role.
PARTNER_AGENCY = {
    "partner_police": LeadAgency.POLICE,
    "partner_health": LeadAgency.HEALTH,
    "partner_education": LeadAgency.SCHOOL,
    "partner_voluntary": LeadAgency.VOLUNTARY,
}


def _source(episode: FamilyHelpEpisode) -> str:
    return f"familyhelp.FamilyHelpEpisode:{episode.pk}"


# The derived early help episode's end reason for each way Family Help ends.
EARLY_HELP_END = {
    EndReason.NEEDS_MET: EarlyHelpEpisode.EndReason.NEEDS_MET,
    EndReason.STEP_UP_CP: EarlyHelpEpisode.EndReason.STEP_UP,
    EndReason.STEP_UP_CARE: EarlyHelpEpisode.EndReason.STEP_UP,
    EndReason.DISENGAGED: EarlyHelpEpisode.EndReason.DISENGAGED,
    EndReason.MOVED: EarlyHelpEpisode.EndReason.MOVED,
    EndReason.OTHER: EarlyHelpEpisode.EndReason.OTHER,
}


def _not_future(day: dt.date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: f"The {what} must be today or in the past"})


def _audit_each(
    children: Iterable[Child], *, acting_user, action, what, records, request, detail=None
):
    for child in children:
        write_audit(
            acting_user=acting_user,
            action=action,
            what=what,
            child=child,
            records=records,
            request=request,
            detail=detail,
        )


def _still_needed_elsewhere(child: Child, day: dt.date) -> bool:
    """The child's CIN episode stays open after Family Help when the child is on a protection
    plan or looked after: that work now holds the episode."""
    if CPPlan.objects.live().filter(child=child, end_date__isnull=True).exists():
        return True
    return PeriodOfCare.objects.live().filter(child=child).open_on(day).exists()


@transaction.atomic
def family_help_start(
    *,
    children: list[Child],
    family_name: str,
    level: str,
    start_date: dt.date,
    primary_need: str,
    referral_source: str,
    reason: str,
    lead_agency: str,
    acting_user,
    adults: Iterable[FamilyMember] = (),
    lead_user=None,
    lead_name: str = "",
    lead_organisation: str = "",
    team=None,
    stepped_down: bool = False,
    request=None,
) -> FamilyHelpEpisode:
    """Start Family Help for a family. For each child, in the same transaction: at the s17 level
    the child's open CIN episode is linked (or one is opened from the start date, so the child
    is a child in need in the CIN census from that day); at the targeted level an early help
    episode is opened (or the open one linked), so the child counts where early help counts."""
    if not children:
        raise ValidationError({"children": "Select the children the help is for"})
    _not_future(start_date, "start_date", "start date")
    if lead_user is not None and lead_user.role in PARTNER_ROLES:
        # A partner lead works for their own agency: Hearth knows which.
        lead_organisation = lead_organisation.strip() or lead_user.organisation
        if lead_agency == LeadAgency.LA:
            lead_agency = PARTNER_AGENCY[lead_user.role]
    if lead_user is None and not lead_name.strip():
        raise ValidationError({"lead_user": "Select the lead practitioner or enter their name"})
    if lead_agency != LeadAgency.LA and not lead_organisation.strip():
        raise ValidationError(
            {"lead_organisation": "Enter the organisation the lead practitioner works for"}
        )
    busy = FamilyHelpChild.objects.live().filter(
        child__in=children, episode__end_date__isnull=True, episode__archived_at__isnull=True
    )
    if busy.exists():
        names = ", ".join(sorted({m.child.full_name for m in busy.select_related("child")}))
        raise ValidationError({"children": f"Already in open Family Help: {names}"})
    for child in children:
        check_child_on(child=child, day=start_date, field="start_date", what="start date")
    family = save_new(Family(name=family_name.strip()), acting_user=acting_user)
    records: list[models.Model] = [family]
    for member in adults:
        records.append(
            save_new(
                FamilyAdult(
                    family=family,
                    family_member=member,
                    first_name=member.first_name,
                    last_name=member.last_name,
                    relationship=member.get_relationship_display(),
                ),
                acting_user=acting_user,
            )
        )
    episode = save_new(
        FamilyHelpEpisode(
            family=family,
            start_date=start_date,
            level=level,
            primary_need=primary_need,
            referral_source=referral_source,
            reason=reason.strip(),
            lead_user=lead_user,
            lead_name="" if lead_user else lead_name.strip(),
            lead_agency=lead_agency,
            lead_organisation=lead_organisation.strip(),
            team=team,
            stepped_down_from_cp=stepped_down,
        ),
        acting_user=acting_user,
    )
    records.append(episode)
    for child in children:
        member = FamilyHelpChild(child=child, episode=episode)
        if level == Level.S17:
            cin = CINEpisode.objects.live().filter(child=child, closure_date__isnull=True).first()
            if cin is None:
                cin = save_new(
                    CINEpisode(
                        child=child,
                        referral_date=start_date,
                        referral_source=referral_source,
                        primary_need=primary_need,
                    ),
                    acting_user=acting_user,
                )
                member.cin_opened_here = True
                records.append(cin)
            member.cin_episode = cin
        else:
            eh = EarlyHelpEpisode.objects.live().filter(child=child, end_date__isnull=True).first()
            if eh is None:
                eh = save_new(
                    EarlyHelpEpisode(
                        child=child,
                        start_date=start_date,
                        lead_professional=episode.lead_display[:100],
                        lead_agency=EARLY_HELP_AGENCY[LeadAgency(lead_agency)],
                    ),
                    acting_user=acting_user,
                )
                records.append(eh)
            member.early_help_episode = eh
        records.append(save_new(member, acting_user=acting_user))
        if stepped_down:
            records.append(
                save_new(
                    FamilyHelpEvent(
                        child=child,
                        episode=episode,
                        kind=FamilyHelpEvent.Kind.STEP_DOWN,
                        date=start_date,
                        note=reason.strip()[:2000],
                    ),
                    acting_user=acting_user,
                )
            )
    if lead_user is not None and lead_user.role in PARTNER_ROLES:
        # The partner lead's access to the family's children, for as long as Family Help runs.
        for child in children:
            start_partner_involvement(
                user=lead_user,
                child=child,
                purpose=PartnerInvolvement.Purpose.FAMILY_HELP_LEAD,
                started_on=start_date,
                granted_by=acting_user,
                source=_source(episode),
                request=request,
            )
    _audit_each(
        children,
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what=f"Started Family Help ({episode.get_level_display()})",
        records=records,
        request=request,
    )
    return episode


@transaction.atomic
def family_help_end(
    *,
    episode: FamilyHelpEpisode,
    expected_version: int,
    end_date: dt.date,
    end_reason: str,
    acting_user,
    closure_reason: str = codes.CINClosureReason.RC7,
    request=None,
) -> FamilyHelpEpisode:
    """End Family Help. Each child's derived record ends the same day: the CIN episode Family
    Help opened closes (unless the child is now on a protection plan or looked after, when that
    work keeps it), the early help episode ends with the matching reason."""
    _not_future(end_date, "end_date", "end date")
    if end_date < episode.start_date:
        raise ValidationError({"end_date": "Family Help cannot end before it started"})
    before = save_changes(
        episode,
        expected_version=expected_version,
        changes={"end_date": end_date, "end_reason": end_reason},
    )
    records: list[models.Model] = [episode]
    members = list(
        episode.children.live().select_related("child", "cin_episode", "early_help_episode")
    )
    for m in members:
        cin = m.cin_episode
        if (
            cin is not None
            and m.cin_opened_here
            and cin.closure_date is None
            and not _still_needed_elsewhere(m.child, end_date)
        ):
            if end_date < cin.referral_date:
                raise ValidationError({"end_date": "Family Help cannot end before it started"})
            save_changes(
                cin,
                expected_version=None,
                changes={"closure_date": end_date, "closure_reason": closure_reason},
            )
            records.append(cin)
            for plan in CINPlan.objects.live().filter(cin_episode=cin, end_date__isnull=True):
                save_changes(plan, expected_version=None, changes={"end_date": end_date})
                records.append(plan)
        eh = m.early_help_episode
        if eh is not None and eh.end_date is None:
            save_changes(
                eh,
                expected_version=None,
                changes={"end_date": end_date, "end_reason": EARLY_HELP_END[EndReason(end_reason)]},
            )
            records.append(eh)
    for m in members:
        end_partner_involvements(
            child=m.child,
            ended_on=end_date,
            ended_by=acting_user,
            purpose=PartnerInvolvement.Purpose.FAMILY_HELP_LEAD,
            source=_source(episode),
            request=request,
        )
    _audit_each(
        [m.child for m in members],
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what="Ended Family Help",
        records=records,
        request=request,
        detail={"before": {k: str(v) for k, v in before.items()}},
    )
    return episode


def _members(episode: FamilyHelpEpisode) -> list[FamilyHelpChild]:
    return list(episode.children.live().select_related("child", "cin_episode"))


@transaction.atomic
def family_assessment_save(
    *,
    episode: FamilyHelpEpisode,
    start_date: dt.date,
    family_strengths: str,
    family_needs: str,
    per_child: dict[int, dict[str, str]],
    acting_user,
    completed_date: dt.date | None = None,
    family_views: str = "",
    expected_version: int | None = None,
    request=None,
) -> FamilyAssessment:
    """Record or update the family's one assessment, with each child's needs and views.

    At the s17 level each child's child-and-family assessment for the CIN census is derived from
    it (start, completion, the child's views): the manager authorises it as any assessment."""
    _not_future(start_date, "start_date", "start date")
    if start_date < episode.start_date:
        raise ValidationError({"start_date": "The assessment cannot start before Family Help"})
    if completed_date:
        _not_future(completed_date, "completed_date", "completion date")
        if completed_date < start_date:
            raise ValidationError({"completed_date": "The assessment cannot end before it starts"})
    fields = {
        "start_date": start_date,
        "completed_date": completed_date,
        "family_strengths": family_strengths.strip(),
        "family_needs": family_needs.strip(),
        "family_views": family_views.strip(),
    }
    records: list[models.Model] = []
    existing = FamilyAssessment.objects.live().filter(episode=episode).first()
    if existing is None:
        assessment = save_new(FamilyAssessment(episode=episode, **fields), acting_user=acting_user)
        action = AuditEntry.Action.CREATE
    else:
        assessment = existing
        save_changes(assessment, expected_version=expected_version, changes=fields)
        action = AuditEntry.Action.UPDATE
    records.append(assessment)
    rows = {r.child_id: r for r in assessment.children.live()}
    members = _members(episode)
    for m in members:
        answer = per_child.get(m.child_id)
        if answer is None:
            continue  # a child the user may not see keeps what was recorded
        row = rows.get(m.child_id)
        if row is None:
            row = save_new(
                FamilyAssessmentChild(child=m.child, assessment=assessment, **answer),
                acting_user=acting_user,
            )
        else:
            save_changes(row, expected_version=None, changes=answer)
        records.append(row)
        if m.cin_episode is not None and episode.level == Level.S17:
            records.extend(_derive_cin_assessment(row, m.cin_episode, assessment, acting_user))
    _audit_each(
        [m.child for m in members],
        acting_user=acting_user,
        action=action,
        what="Recorded the Family Help assessment",
        records=records,
        request=request,
    )
    return assessment


def _derive_cin_assessment(row, cin_episode, assessment, acting_user) -> list[models.Model]:
    derived = row.cin_assessment
    values = {
        "start_date": assessment.start_date,
        "completed_date": assessment.completed_date,
        "childs_views": row.views,
        "child_seen": True,
        "requires_support": True if assessment.completed_date else None,
    }
    if derived is None:
        derived = save_new(
            Assessment(child=row.child, cin_episode=cin_episode, **values), acting_user=acting_user
        )
        save_changes(row, expected_version=None, changes={"cin_assessment": derived})
        return [derived]
    if derived.authorised_date:
        return []  # authorised: the census record is settled
    save_changes(derived, expected_version=None, changes=values)
    return [derived]


@transaction.atomic
def family_plan_save(
    *,
    episode: FamilyHelpEpisode,
    start_date: dt.date,
    outcomes: str,
    actions: str,
    per_child: dict[int, dict[str, str]],
    acting_user,
    review_due: dt.date | None = None,
    expected_version: int | None = None,
    request=None,
) -> FamilyPlan:
    """Record or update the family's one plan, with what will change for each child and the
    child's views."""
    _not_future(start_date, "start_date", "start date")
    if start_date < episode.start_date:
        raise ValidationError({"start_date": "The plan cannot start before Family Help"})
    if review_due and review_due <= start_date:
        raise ValidationError({"review_due": "The review must be after the plan starts"})
    fields = {
        "start_date": start_date,
        "outcomes": outcomes.strip(),
        "actions": actions.strip(),
        "review_due": review_due,
    }
    existing = FamilyPlan.objects.live().filter(episode=episode).first()
    if existing is None:
        plan = save_new(FamilyPlan(episode=episode, **fields), acting_user=acting_user)
        action = AuditEntry.Action.CREATE
    else:
        plan = existing
        save_changes(plan, expected_version=expected_version, changes=fields)
        action = AuditEntry.Action.UPDATE
    records: list[models.Model] = [plan]
    rows = {r.child_id: r for r in plan.children.live()}
    members = _members(episode)
    for m in members:
        answer = per_child.get(m.child_id)
        if answer is None:
            continue
        row = rows.get(m.child_id)
        if row is None:
            row = save_new(
                FamilyPlanChild(child=m.child, plan=plan, **answer), acting_user=acting_user
            )
        else:
            save_changes(row, expected_version=None, changes=answer)
        records.append(row)
    _audit_each(
        [m.child for m in members],
        acting_user=acting_user,
        action=action,
        what="Recorded the Family Help plan",
        records=records,
        request=request,
    )
    return plan


@transaction.atomic
def family_plan_review_record(
    *,
    plan: FamilyPlan,
    date: dt.date,
    progress: str,
    childrens_views: str,
    outcome: str,
    acting_user,
    next_review_due: dt.date | None = None,
    request=None,
) -> FamilyPlanReview:
    _not_future(date, "date", "date of the review")
    if date < plan.start_date:
        raise ValidationError({"date": "The review cannot be before the plan started"})
    if next_review_due and next_review_due <= date:
        raise ValidationError({"next_review_due": "The next review must be after this one"})
    if outcome in (FamilyPlanReview.Outcome.CONTINUE, FamilyPlanReview.Outcome.CHANGE) and not (
        next_review_due
    ):
        raise ValidationError({"next_review_due": "Enter when the plan will next be reviewed"})
    review = save_new(
        FamilyPlanReview(
            plan=plan,
            date=date,
            progress=progress.strip(),
            childrens_views=childrens_views.strip(),
            outcome=outcome,
            next_review_due=next_review_due,
        ),
        acting_user=acting_user,
    )
    save_changes(plan, expected_version=None, changes={"review_due": next_review_due})
    _audit_each(
        [m.child for m in _members(plan.episode)],
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what="Recorded a Family Help plan review",
        records=[review, plan],
        request=request,
    )
    return review


@transaction.atomic
def family_help_event_record(
    *,
    episode: FamilyHelpEpisode,
    child: Child,
    kind: str,
    date: dt.date,
    note: str,
    acting_user,
    strategy_discussion: StrategyDiscussion | None = None,
    section47: Section47Enquiry | None = None,
    request=None,
) -> FamilyHelpEvent:
    """A child steps up to child protection (linked to the strategy discussion or section 47
    enquiry), up into care, or down back to Family Help."""
    _not_future(date, "date", "date")
    if not episode.children.live().filter(child=child).exists():
        raise ValidationError({"child": "This child is not in this Family Help episode"})
    if date < episode.start_date:
        raise ValidationError({"date": "The date cannot be before Family Help started"})
    for linked, field in ((strategy_discussion, "strategy_discussion"), (section47, "section47")):
        if linked is not None and linked.child_id != child.pk:
            raise ValidationError({field: "This belongs to a different child."})
    event = save_new(
        FamilyHelpEvent(
            child=child,
            episode=episode,
            kind=kind,
            date=date,
            note=note.strip(),
            strategy_discussion=strategy_discussion,
            section47=section47,
        ),
        acting_user=acting_user,
    )
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what=f"Recorded in Family Help: {event.get_kind_display().lower()}",
        child=child,
        records=[event],
        request=request,
    )
    return event
