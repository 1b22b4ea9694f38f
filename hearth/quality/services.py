"""Actions for quality assurance and feedback. Each writes its record and its audit entry in
one transaction; auditors reach sampled children through case-audit access grants (the
``AccessGrant`` mechanism in ``hearth.access``), never through a bypass."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.access import audit
from hearth.access.models import AccessGrant, AuditEntry, User
from hearth.casework import clocks
from hearth.casework.models import ChildProtectionConference
from hearth.core.services import save_changes, save_new, write_audit
from hearth.insight.indicators import REGISTRY, get
from hearth.people.models import Child
from hearth.quality import selectors
from hearth.quality.models import (
    AGREE_CHOICES,
    AuditAction,
    AuditGrade,
    AuditProgramme,
    CaseAudit,
    Complaint,
    ComplaintStage,
    ConferenceParticipation,
    Domain,
    Grade,
    Moderation,
    Survey,
    SurveyAnswer,
    SurveyLink,
    SurveyQuestion,
    SurveyResponse,
)

# A case-audit grant outlives the programme's end by this long, so late moderation still works.
GRANT_GRACE_DAYS = 30


def _require(user: User, roles, message: str) -> None:
    if not user.is_authenticated or user.role not in roles:
        raise PermissionDenied(message)


def indicator_sample_ids(*, key: str, day: dt.date) -> list[int]:
    """The children in an indicator's drill-down who did not count towards it (the children
    whose work fell short), or every child behind a count; restricted records left out."""
    result = get(key).compute(as_of=day)
    failing = [m.child_id for m in result.members if m.child_id is not None and not m.counted]
    ids = failing or result.child_ids
    allowed = set(
        Child.objects.live().filter(pk__in=ids, restricted=False).values_list("pk", flat=True)
    )
    return sorted(set(ids) & allowed)


def draw_sample(*, programme: AuditProgramme, day: dt.date) -> list[int]:
    """The programme's sample: ``sample_size`` children drawn from the candidates with the
    programme's seed, so the same records give the same sample (it can be checked later)."""
    if programme.method == AuditProgramme.Method.RANDOM:
        candidates = selectors.open_case_ids(day=day)
    elif programme.method == AuditProgramme.Method.RISK:
        candidates = selectors.risk_sample_ids(risk=programme.risk, day=day)
    else:
        candidates = indicator_sample_ids(key=programme.indicator, day=day)
    if len(candidates) <= programme.sample_size:
        return candidates
    return sorted(random.Random(programme.seed).sample(candidates, programme.sample_size))


# --- Programmes --------------------------------------------------------------------------------


@transaction.atomic
def programme_create(
    *,
    title: str,
    theme: str,
    start_date: dt.date,
    end_date: dt.date,
    method: str,
    sample_size: int,
    acting_user: User,
    risk: str = "",
    indicator: str = "",
    seed: int | None = None,
    request=None,
) -> AuditProgramme:
    _require(acting_user, selectors.PROGRAMME_ROLES, "Only managers and leaders run audits.")
    if end_date < start_date:
        raise ValidationError({"end_date": "The end date must be on or after the start date"})
    if method == AuditProgramme.Method.INDICATOR and (
        indicator not in REGISTRY or not REGISTRY[indicator].computed
    ):
        raise ValidationError({"indicator": "Select an indicator Hearth computes"})
    programme = save_new(
        AuditProgramme(
            title=title,
            theme=theme,
            start_date=start_date,
            end_date=end_date,
            method=method,
            risk=risk if method == AuditProgramme.Method.RISK else "",
            indicator=indicator if method == AuditProgramme.Method.INDICATOR else "",
            sample_size=sample_size,
            seed=secrets.randbelow(2**31) if seed is None else seed,
            lead=acting_user,
        ),
        acting_user=acting_user,
    )
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what=f"Created audit programme {title}",
        child=None,
        records=[programme],
        request=request,
    )
    return programme


def _grant(*, programme: AuditProgramme, child: Child, user: User, by: User) -> AccessGrant:
    """A read-only case-audit grant for the auditor (or moderator), with the programme as the
    recorded reason, ending 30 days after the programme (or a late sample or moderation) ends,
    or sooner when the audit is moderated and its actions are done."""
    now = timezone.now()
    existing = AccessGrant.objects.filter(
        child=child,
        user=user,
        kind=AccessGrant.Kind.CASE_AUDIT,
        reason=programme.access_reason,
        revoked_at__isnull=True,
    ).first()
    if existing is not None:
        return existing
    last = max(programme.end_date, timezone.localdate())
    end = dt.datetime.combine(last + dt.timedelta(days=GRANT_GRACE_DAYS), dt.time.max).replace(
        tzinfo=timezone.get_current_timezone()
    )
    grant = AccessGrant.objects.create(
        child=child,
        user=user,
        kind=AccessGrant.Kind.CASE_AUDIT,
        reason=programme.access_reason,
        granted_at=now,
        granted_by=by,
        expires_at=end,
    )
    audit.record(
        user=by,
        action=AuditEntry.Action.PERMISSION,
        what=f"Case-audit access for {user.get_full_name() or user.username}",
        child=child,
        reason=programme.access_reason,
        detail={"grant": grant.pk, "programme": programme.pk},
    )
    return grant


def _revoke_grants(*, audit_obj: CaseAudit, acting_user: User) -> None:
    now = timezone.now()
    for grant in AccessGrant.objects.filter(
        child=audit_obj.child,
        kind=AccessGrant.Kind.CASE_AUDIT,
        reason=audit_obj.programme.access_reason,
        revoked_at__isnull=True,
    ):
        grant.revoked_at = now
        grant.save(update_fields=["revoked_at"])
        audit.record(
            user=acting_user,
            action=AuditEntry.Action.PERMISSION,
            what="Case-audit access ended: audit moderated",
            child=audit_obj.child,
            reason=audit_obj.programme.access_reason,
            detail={"grant": grant.pk},
        )


@transaction.atomic
def programme_sample(
    *,
    programme: AuditProgramme,
    auditors: list[User],
    acting_user: User,
    day: dt.date | None = None,
    request=None,
) -> list[CaseAudit]:
    """Draw the sample and share it among the auditors in turn; each auditor gets read-only
    access to their children for the programme. A programme is sampled once."""
    _require(acting_user, selectors.PROGRAMME_ROLES, "Only managers and leaders run audits.")
    if programme.sampled_at is not None:
        raise ValidationError("This programme's sample has already been drawn")
    auditors = [u for u in auditors if u.role in selectors.AUDITOR_ROLES and u.is_active]
    if not auditors:
        raise ValidationError({"auditors": "Select at least one auditor"})
    day = day or timezone.localdate()
    ids = draw_sample(programme=programme, day=day)
    if not ids:
        raise ValidationError("No children meet this programme's sample rule")
    children = {c.pk: c for c in Child.objects.filter(pk__in=ids)}
    audits = []
    for i, child_id in enumerate(ids):
        auditor = auditors[i % len(auditors)]
        item = save_new(
            CaseAudit(programme=programme, child=children[child_id], auditor=auditor),
            acting_user=acting_user,
        )
        _grant(programme=programme, child=item.child, user=auditor, by=acting_user)
        audits.append(item)
    save_changes(programme, expected_version=None, changes={"sampled_at": timezone.now()})
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what=f"Drew the sample for audit programme {programme.title}",
        child=None,
        records=[programme],
        request=request,
        detail={"children": ids, "seed": programme.seed, "method": programme.method},
    )
    return audits


# --- Auditing and moderating -------------------------------------------------------------------


@transaction.atomic
def audit_complete(
    *,
    audit_obj: CaseAudit,
    grades: dict[str, tuple[str, str]],
    overall_grade: str,
    chronology_reviewed: bool,
    strengths: str,
    learning: str,
    themes: str,
    moderator: User,
    acting_user: User,
    day: dt.date | None = None,
    request=None,
) -> CaseAudit:
    """The auditor grades every domain (grade, comment) and the case overall, and names a
    second auditor to moderate; the moderator gets read-only access to the child."""
    if acting_user.pk != audit_obj.auditor_id:
        raise PermissionDenied("Only the allocated auditor completes this audit.")
    if audit_obj.status != CaseAudit.Status.ALLOCATED:
        raise ValidationError("This audit has already been completed")
    missing = [label for value, label in Domain.choices if value not in grades]
    if missing:
        raise ValidationError(f"Grade every domain: {', '.join(missing)}")
    if moderator.pk == acting_user.pk:
        raise ValidationError({"moderator": "A second auditor moderates: choose someone else"})
    if moderator.role not in selectors.AUDITOR_ROLES:
        raise ValidationError({"moderator": "Select a manager, leader or IRO to moderate"})
    for domain, (grade, comment) in grades.items():
        row = AuditGrade(audit=audit_obj, domain=domain, grade=grade, comment=comment)
        row.full_clean()
        row.save()
    save_changes(
        audit_obj,
        expected_version=audit_obj.version,
        changes={
            "status": CaseAudit.Status.COMPLETED,
            "completed_date": day or timezone.localdate(),
            "overall_grade": overall_grade,
            "chronology_reviewed": chronology_reviewed,
            "strengths": strengths,
            "learning": learning,
            "themes": themes,
            "moderator": moderator,
        },
    )
    _grant(programme=audit_obj.programme, child=audit_obj.child, user=moderator, by=acting_user)
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what=f"Completed a case audit: {Grade(overall_grade).label}",
        child=audit_obj.child,
        records=[audit_obj],
        request=request,
    )
    return audit_obj


@transaction.atomic
def audit_moderate(
    *,
    audit_obj: CaseAudit,
    agrees: bool,
    moderated_grade: str | None,
    comment: str,
    acting_user: User,
    day: dt.date | None = None,
    request=None,
) -> Moderation:
    if acting_user.pk != audit_obj.moderator_id:
        raise PermissionDenied("Only the named moderator moderates this audit.")
    if audit_obj.status != CaseAudit.Status.COMPLETED:
        raise ValidationError("This audit is not waiting for moderation")
    if not agrees and not moderated_grade:
        raise ValidationError({"moderated_grade": "Select the grade you would give"})
    if not agrees and not comment.strip():
        raise ValidationError({"comment": "Say why you disagree with the grade"})
    grade = audit_obj.overall_grade if agrees else moderated_grade
    if not agrees and grade == audit_obj.overall_grade:
        raise ValidationError({"moderated_grade": "You disagree: select a different grade"})
    mod = save_new(
        Moderation(
            audit=audit_obj,
            moderator=acting_user,
            date=day or timezone.localdate(),
            agrees=agrees,
            moderated_grade=grade,
            comment=comment,
        ),
        acting_user=acting_user,
    )
    save_changes(audit_obj, expected_version=None, changes={"status": CaseAudit.Status.MODERATED})
    # The auditor keeps access while actions they set are open; the moderator's ends now.
    for grant in AccessGrant.objects.filter(
        child=audit_obj.child,
        user=acting_user,
        kind=AccessGrant.Kind.CASE_AUDIT,
        reason=audit_obj.programme.access_reason,
        revoked_at__isnull=True,
    ):
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at"])
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what="Moderated a case audit: " + ("agreed" if agrees else f"graded {Grade(grade).label}"),
        child=audit_obj.child,
        records=[mod],
        request=request,
    )
    return mod


@transaction.atomic
def action_add(
    *,
    audit_obj: CaseAudit,
    description: str,
    owner: User,
    due_date: dt.date,
    acting_user: User,
    request=None,
) -> AuditAction:
    """An action on the child's record from the audit, for its owner (in their My work)."""
    if acting_user.pk not in {audit_obj.auditor_id, audit_obj.moderator_id}:
        raise PermissionDenied("Only the auditor or moderator sets actions from an audit.")
    today = timezone.localdate()
    if due_date < today:
        raise ValidationError({"due_date": "The due date must be today or in the future"})
    action = save_new(
        AuditAction(
            child=audit_obj.child,
            audit=audit_obj,
            description=description,
            owner=owner,
            set_date=today,
            due_date=due_date,
        ),
        acting_user=acting_user,
    )
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what=f"Set an audit action for {owner.get_full_name() or owner.username}",
        child=audit_obj.child,
        records=[action],
        request=request,
    )
    return action


@transaction.atomic
def action_complete(
    *, action: AuditAction, note: str, acting_user: User, request=None
) -> AuditAction:
    if acting_user.pk not in {action.owner_id, action.audit.auditor_id}:
        raise PermissionDenied("Only the action's owner or the auditor marks it done.")
    if action.completed_date is not None:
        raise ValidationError("This action is already done")
    save_changes(
        action,
        expected_version=action.version,
        changes={"completed_date": timezone.localdate(), "completion_note": note},
    )
    # The auditor's read access ends once the audit is moderated and every action is done.
    audit_obj = action.audit
    if (
        audit_obj.status == CaseAudit.Status.MODERATED
        and not audit_obj.actions.live().filter(completed_date__isnull=True).exists()
    ):
        _revoke_grants(audit_obj=audit_obj, acting_user=acting_user)
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what="Completed an audit action",
        child=action.child,
        records=[action],
        request=request,
    )
    return action


# --- Surveys -----------------------------------------------------------------------------------


@transaction.atomic
def survey_create(
    *,
    title: str,
    audience: str,
    introduction: str,
    questions: list[tuple[str, str, str]],
    acting_user: User,
    request=None,
) -> Survey:
    """A survey with its questions: (text, kind, measure) in order."""
    _require(acting_user, selectors.PROGRAMME_ROLES, "Only managers and leaders write surveys.")
    if not questions:
        raise ValidationError({"questions": "Enter at least one question"})
    survey = save_new(
        Survey(title=title, audience=audience, introduction=introduction),
        acting_user=acting_user,
    )
    for n, (text, kind, measure) in enumerate(questions, start=1):
        q = SurveyQuestion(survey=survey, number=n, text=text, kind=kind, measure=measure)
        q.full_clean()
        q.save()
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what=f"Created survey {title}",
        child=None,
        records=[survey],
        request=request,
    )
    return survey


def _answers(*, survey: Survey, response: SurveyResponse, answers: dict[int, str]) -> None:
    allowed = {value for value, _ in AGREE_CHOICES}
    for q in survey.questions.all():
        raw = (answers.get(q.pk) or "").strip()
        if not raw:
            continue
        if q.kind == SurveyQuestion.Kind.AGREE:
            if raw not in allowed:
                raise ValidationError({f"q_{q.pk}": "Select yes, sometimes or no"})
            row = SurveyAnswer(response=response, question=q, value=raw)
        else:
            row = SurveyAnswer(response=response, question=q, text=raw)
        row.full_clean()
        row.save()


@transaction.atomic
def survey_response_enter(
    *,
    survey: Survey,
    child: Child | None,
    date: dt.date,
    answers: dict[int, str],
    acting_user: User,
    request=None,
) -> SurveyResponse:
    """A paper response typed in by staff (the child named only if they put their name)."""
    _require(acting_user, selectors.FEEDBACK_ROLES, "You cannot enter survey responses.")
    response = SurveyResponse.objects.create(
        survey=survey,
        child=child,
        channel=SurveyResponse.Channel.PAPER,
        date=date,
        entered_by=acting_user,
        submitted_at=timezone.now(),
    )
    _answers(survey=survey, response=response, answers=answers)
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what=f"Entered a paper response to {survey.title}",
        child=child,
        records=[response],
        request=request,
    )
    return response


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def survey_link_create(
    *, survey: Survey, child: Child, acting_user: User, request=None
) -> tuple[SurveyLink, str]:
    """A one-use link for the child to answer the survey without signing in. Returns the link
    and its token; only the token's hash is kept, so the token is shown once."""
    _require(acting_user, selectors.FEEDBACK_ROLES, "You cannot send survey links.")
    if not survey.open:
        raise ValidationError("This survey is closed")
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    link = SurveyLink.objects.create(
        survey=survey,
        child=child,
        token_hash=token_hash(token),
        created_by=acting_user,
        created_at=now,
        expires_at=clocks.SURVEY_LINK.due(now),
    )
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what=f"Made a survey link for {survey.title}",
        child=child,
        records=[link],
        request=request,
    )
    return link, token


def survey_link_usable(token: str) -> SurveyLink | None:
    """The link for a token if it can still be answered (unused, unexpired, survey open)."""
    if not token or len(token) > 100:
        return None
    link = (
        SurveyLink.objects.select_related("survey")
        .filter(token_hash=token_hash(token), response__isnull=True)
        .first()
    )
    if link is None or link.expires_at <= timezone.now() or not link.survey.open:
        return None
    return link


@transaction.atomic
def survey_link_answer(*, token: str, answers: dict[int, str], request=None) -> SurveyResponse:
    """The young person's answers through their link: one response per link."""
    link = survey_link_usable(token)
    if link is None:
        raise ValidationError("This link has expired or has already been used")
    # Lock the link so two submissions at once cannot both count.
    link = SurveyLink.objects.select_for_update().get(pk=link.pk)
    if link.response_id is not None:
        raise ValidationError("This link has expired or has already been used")
    now = timezone.now()
    response = SurveyResponse.objects.create(
        survey=link.survey,
        child=link.child,
        channel=SurveyResponse.Channel.LINK,
        date=timezone.localdate(),
        submitted_at=now,
    )
    _answers(survey=link.survey, response=response, answers=answers)
    link.response = response
    link.save(update_fields=["response"])
    audit.record(
        request=request,
        user=None,
        action=AuditEntry.Action.CREATE,
        what=f"Survey answered by link: {link.survey.title}",
        child=link.child,
        detail={"link": link.pk, "response": response.pk},
    )
    return response


# --- Participation and complaints ---------------------------------------------------------------


@transaction.atomic
def conference_participation_record(
    *,
    conference: ChildProtectionConference,
    code: str,
    acting_user: User,
    request=None,
    audited_with_conference: bool = False,
) -> ConferenceParticipation:
    """How the child took part in a conference. Recorded with the conference itself, the
    conference's audit entry covers it (one entry per action)."""
    item = save_new(
        ConferenceParticipation(child=conference.child, conference=conference, code=code),
        acting_user=acting_user,
    )
    if audited_with_conference:
        return item
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what="Recorded the child's participation in a conference",
        child=conference.child,
        records=[item],
        request=request,
    )
    return item


@transaction.atomic
def complaint_record(
    *,
    kind: str,
    made_by: str,
    received_date: dt.date,
    summary: str,
    acting_user: User,
    child: Child | None = None,
    request=None,
) -> Complaint:
    """A complaint (which starts at stage 1 on the day it is received) or a compliment."""
    _require(acting_user, selectors.FEEDBACK_ROLES, "You cannot record complaints.")
    item = save_new(
        Complaint(
            child=child, kind=kind, made_by=made_by, received_date=received_date, summary=summary
        ),
        acting_user=acting_user,
    )
    if kind == Complaint.Kind.COMPLAINT:
        ComplaintStage.objects.create(complaint=item, stage=1, start=received_date)
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what=f"Recorded a {item.get_kind_display().lower()}",
        child=child,
        records=[item],
        request=request,
    )
    return item


@transaction.atomic
def complaint_respond(
    *,
    complaint: Complaint,
    responded_date: dt.date,
    outcome: str,
    extended: bool,
    acting_user: User,
    request=None,
) -> ComplaintStage:
    """The response at the complaint's current stage, with its outcome."""
    _require(acting_user, selectors.FEEDBACK_ROLES, "You cannot record complaint responses.")
    stage = complaint.stages.order_by("-stage").first()
    if stage is None or stage.responded_date is not None:
        raise ValidationError("This complaint has no stage waiting for a response")
    if responded_date < stage.start:
        raise ValidationError({"responded_date": "The response cannot be before the stage began"})
    stage.responded_date = responded_date
    stage.outcome = outcome
    stage.extended = extended
    stage.full_clean()
    stage.save()
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what=f"Responded to a complaint at stage {stage.stage}",
        child=complaint.child,
        records=[complaint],
        request=request,
    )
    return stage


@transaction.atomic
def complaint_escalate(
    *, complaint: Complaint, start: dt.date, acting_user: User, request=None
) -> ComplaintStage:
    """The complainant asks for the next stage (2 after a stage 1 response, 3 after 2)."""
    _require(acting_user, selectors.FEEDBACK_ROLES, "You cannot escalate complaints.")
    current = complaint.stages.order_by("-stage").first()
    if current is None or current.responded_date is None:
        raise ValidationError("A complaint moves on only after a response at its current stage")
    if current.stage >= 3:
        raise ValidationError("Stage 3 is the last stage (then the Local Government Ombudsman)")
    if start < current.responded_date:
        raise ValidationError({"start": "The next stage cannot begin before the last response"})
    stage = ComplaintStage(complaint=complaint, stage=current.stage + 1, start=start)
    stage.full_clean()
    stage.save()
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what=f"Complaint moved to stage {stage.stage}",
        child=complaint.child,
        records=[complaint],
        request=request,
    )
    return stage
