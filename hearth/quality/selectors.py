"""Reads for quality assurance and feedback: samples, audit summaries, the actions in a
person's My work, and the records behind the quality indicators."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from hearth.access import permissions
from hearth.care.models import MissingEpisode
from hearth.casework import clocks
from hearth.casework.models import CINEpisode, CPPlan
from hearth.core.calendar import add_months
from hearth.quality.models import (
    GOOD_OR_BETTER,
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
    SurveyAnswer,
    SurveyQuestion,
)
from hearth.workforce.models import SupervisionCaseDiscussion

# Roles that lead audit programmes and audit or moderate cases.
PROGRAMME_ROLES = permissions.AUDIT_PROGRAMME_ROLES
AUDITOR_ROLES = permissions.CASE_AUDITOR_ROLES
# Who enters feedback (surveys on paper, complaints) and reads the summaries.
FEEDBACK_ROLES = permissions.FEEDBACK_ROLES


def open_case_ids(*, day: dt.date) -> list[int]:
    """Children with an open case (a live, open CIN episode) on ``day``, restricted records
    left out: a programme never samples a record its auditors could only see by being named."""
    return sorted(
        set(
            CINEpisode.objects.live()
            .filter(referral_date__lte=day)
            .filter(Q(closure_date__isnull=True) | Q(closure_date__gt=day))
            .filter(child__archived_at__isnull=True, child__restricted=False)
            .values_list("child_id", flat=True)
        )
    )


def risk_sample_ids(*, risk: str, day: dt.date) -> list[int]:
    """Children meeting a risk rule on ``day`` (among open, unrestricted cases)."""
    open_ids = set(open_case_ids(day=day))
    if risk == AuditProgramme.Risk.CP_OVER_18_MONTHS:
        ids = (
            CPPlan.objects.live()
            .filter(start_date__lte=add_months(day, n=-18))
            .filter(Q(end_date__isnull=True) | Q(end_date__gt=day))
            .values_list("child_id", flat=True)
        )
    elif risk == AuditProgramme.Risk.REPEAT_MISSING:
        since = add_months(day, n=-12)
        ids = (
            MissingEpisode.objects.live()
            .filter(started_at__date__gte=since, started_at__date__lte=day)
            .values("child_id")
            .annotate(n=Count("pk"))
            .filter(n__gte=3)
            .values_list("child_id", flat=True)
        )
    elif risk == AuditProgramme.Risk.CP_SECOND_PLAN:
        with_open = set(
            CPPlan.objects.live()
            .filter(start_date__lte=day)
            .filter(Q(end_date__isnull=True) | Q(end_date__gt=day))
            .values_list("child_id", flat=True)
        )
        ids = (
            CPPlan.objects.live()
            .filter(child_id__in=with_open, start_date__lte=day)
            .values("child_id")
            .annotate(n=Count("pk"))
            .filter(n__gte=2)
            .values_list("child_id", flat=True)
        )
    else:
        raise ValueError(f"unknown risk rule {risk}")
    return sorted(set(ids) & open_ids)


# --- Programmes and audits ---------------------------------------------------------------------


def programmes() -> QuerySet[AuditProgramme]:
    return (
        AuditProgramme.objects.live()
        .select_related("lead")
        .annotate(
            audits_total=Count("audits", filter=Q(audits__archived_at__isnull=True)),
            audits_done=Count(
                "audits",
                filter=Q(audits__archived_at__isnull=True) & ~Q(audits__status="allocated"),
            ),
        )
    )


def audits_for(*, user) -> QuerySet[CaseAudit]:
    """Audits the user is doing or moderating, not yet finished."""
    return (
        CaseAudit.objects.live()
        .filter(
            Q(auditor=user, status=CaseAudit.Status.ALLOCATED)
            | Q(moderator=user, status=CaseAudit.Status.COMPLETED)
        )
        .select_related("child", "programme")
    )


@dataclass
class ProgrammeSummary:
    audits: int
    completed: int
    moderated: int
    agreed: int
    overall: list[tuple[str, int]]
    domains: list[dict]
    themes: list[tuple[str, int]]
    actions: int
    actions_open: int
    actions_overdue: int

    @property
    def agreement(self) -> float | None:
        return 100 * self.agreed / self.moderated if self.moderated else None


def programme_summary(*, programme: AuditProgramme, today: dt.date | None = None):
    """Themes across a programme's audits: the grade distribution overall and per domain, how
    often the moderator agreed, the most common themes, and the actions set."""
    today = today or timezone.localdate()
    audits = list(CaseAudit.objects.live().filter(programme=programme))
    done = [a for a in audits if a.status != CaseAudit.Status.ALLOCATED]
    grades = Counter(a.overall_grade for a in done)
    overall = [(label, grades.get(value, 0)) for value, label in Grade.choices]
    per_domain: dict[str, Counter] = defaultdict(Counter)
    for domain, grade in AuditGrade.objects.filter(audit__in=done).values_list("domain", "grade"):
        per_domain[domain][grade] += 1
    domains = [
        {
            "label": label,
            "counts": [per_domain[value].get(g, 0) for g in Grade.values],
            "good": sum(per_domain[value].get(g, 0) for g in GOOD_OR_BETTER),
            "total": sum(per_domain[value].values()),
        }
        for value, label in Domain.choices
    ]
    themes = Counter(t.lower() for a in done for t in a.theme_list())
    mods = list(Moderation.objects.live().filter(audit__in=done))
    actions = list(AuditAction.objects.live().filter(audit__in=audits))
    open_actions = [a for a in actions if a.completed_date is None]
    return ProgrammeSummary(
        audits=len(audits),
        completed=len(done),
        moderated=len(mods),
        agreed=sum(m.agrees for m in mods),
        overall=overall,
        domains=domains,
        themes=themes.most_common(10),
        actions=len(actions),
        actions_open=len(open_actions),
        actions_overdue=sum(a.due_date < today for a in open_actions),
    )


def open_actions_for(*, user) -> QuerySet[AuditAction]:
    """Audit actions the user owns and has not done: they are in the user's My work."""
    return (
        AuditAction.objects.live()
        .filter(owner=user, completed_date__isnull=True)
        .select_related("child", "audit__programme")
        .order_by("due_date", "pk")
    )


# --- Indicator members -------------------------------------------------------------------------


def audits_completed_in_period(*, start: dt.date, end: dt.date) -> QuerySet[CaseAudit]:
    return CaseAudit.objects.live().filter(completed_date__gte=start, completed_date__lte=end)


def moderations_in_period(*, start: dt.date, end: dt.date) -> QuerySet[Moderation]:
    return Moderation.objects.live().filter(date__gte=start, date__lte=end).select_related("audit")


def actions_due_by(*, day: dt.date) -> QuerySet[AuditAction]:
    """Audit actions set by ``day`` and due by it: overdue if not done by the due date."""
    return AuditAction.objects.live().filter(set_date__lte=day, due_date__lt=day)


def chronology_reviews(*, start: dt.date, end: dt.date) -> dict[int, dt.date]:
    """The latest chronology review per child in [start, end]: a case discussion in supervision
    that reviewed the chronology, or a completed case audit that did."""
    latest: dict[int, dt.date] = {}
    rows = list(
        SupervisionCaseDiscussion.objects.filter(
            chronology_reviewed=True,
            supervision__archived_at__isnull=True,
            supervision__date__gte=start,
            supervision__date__lte=end,
        ).values_list("child_id", "supervision__date")
    ) + list(
        CaseAudit.objects.live()
        .filter(chronology_reviewed=True, completed_date__gte=start, completed_date__lte=end)
        .values_list("child_id", "completed_date")
    )
    for child_id, day in rows:
        if child_id not in latest or day > latest[child_id]:
            latest[child_id] = day
    return latest


def happy_with_worker_answers(*, start: dt.date, end: dt.date) -> QuerySet[SurveyAnswer]:
    """Answers to a question that measures whether the child is happy with their social
    worker, in responses dated in the period ("sometimes" is not counted as happy)."""
    return SurveyAnswer.objects.filter(
        question__measure=SurveyQuestion.Measure.HAPPY_WITH_WORKER,
        response__date__gte=start,
        response__date__lte=end,
    ).exclude(value="")


def conference_participation_in_period(*, start: dt.date, end: dt.date):
    return ConferenceParticipation.objects.live().filter(
        conference__date__gte=start, conference__date__lte=end
    )


def complaint_stages_due(*, start: dt.date, end: dt.date) -> list[tuple[ComplaintStage, dt.date]]:
    """Complaint stages whose response fell due in the period, with the due date."""
    out = []
    since = add_months(start, n=-4)  # the longest stage (65 working days) fits in 4 months
    for stage in (
        ComplaintStage.objects.filter(start__gte=since, start__lte=end)
        .filter(complaint__archived_at__isnull=True, complaint__kind=Complaint.Kind.COMPLAINT)
        .select_related("complaint")
    ):
        due = clocks.complaint_response_due(stage.start, stage=stage.stage, extended=stage.extended)
        if start <= due <= end or (stage.responded_date and start <= stage.responded_date <= end):
            out.append((stage, due))
    return out


# --- Inspection pack ---------------------------------------------------------------------------


def inspection_evidence(*, start: dt.date, end: dt.date) -> list[list]:
    """Aggregate evidence of quality assurance and children's feedback for the inspection pack:
    (section, measure, value) rows, no child named."""
    rows: list[list] = []
    for p in programmes().filter(start_date__lte=end, end_date__gte=start):
        s = programme_summary(programme=p, today=end)
        section = f"Case audits: {p.title} ({p.theme})"
        rows.append([section, "Audits completed", f"{s.completed} of {s.audits}"])
        rows += [[section, f"Overall grade: {label}", n] for label, n in s.overall]
        for d in s.domains:
            rows.append([section, f"{d['label']}: good or better", f"{d['good']} of {d['total']}"])
        agreement = "" if s.agreement is None else f"{s.agreement:.0f}%"
        rows.append([section, "Moderator agreed with the grade", agreement])
        rows.append(
            [
                section,
                "Actions set / open / overdue",
                f"{s.actions} / {s.actions_open} / {s.actions_overdue}",
            ]
        )
        rows.append([section, "Common themes", "; ".join(f"{t} ({n})" for t, n in s.themes)])
    from hearth.quality.models import Survey, SurveyResponse

    for survey in Survey.objects.live():
        responses = SurveyResponse.objects.filter(survey=survey, date__gte=start, date__lte=end)
        if not responses.exists():
            continue
        section = f"Feedback: {survey.title}"
        rows.append([section, "Responses", responses.count()])
        for q in survey.questions.filter(kind=SurveyQuestion.Kind.AGREE):
            counts = Counter(
                SurveyAnswer.objects.filter(question=q, response__in=responses).values_list(
                    "value", flat=True
                )
            )
            rows.append(
                [
                    section,
                    q.text,
                    f"yes {counts['yes']}, sometimes {counts['sometimes']}, no {counts['no']}",
                ]
            )
    complaints = Complaint.objects.live().filter(received_date__gte=start, received_date__lte=end)
    rows.append(
        [
            "Complaints and compliments",
            "Complaints received",
            complaints.filter(kind=Complaint.Kind.COMPLAINT).count(),
        ]
    )
    rows.append(
        [
            "Complaints and compliments",
            "Compliments received",
            complaints.filter(kind=Complaint.Kind.COMPLIMENT).count(),
        ]
    )
    for n in (1, 2, 3):
        stages = ComplaintStage.objects.filter(
            stage=n, start__gte=start, start__lte=end, complaint__archived_at__isnull=True
        )
        rows.append(["Complaints and compliments", f"Stage {n} started", stages.count()])
    return rows
