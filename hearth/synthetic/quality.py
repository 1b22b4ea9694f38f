"""Quality assurance and feedback in the synthetic authority: audit programmes with graded,
moderated audits and their actions, a children-in-care survey, complaints and compliments,
and how children took part in their child protection conferences.

Drawn from their own random stream (``"<seed>:quality"``), after every case record is
written, so adding them changes no calibrated figure. The rates are assumptions, stated here
because no national statistic publishes them:

* one audit programme a quarter over the last year plus one running now, each auditing about
  1 in 40 open cases (at least 6, at most 60) -- in line with LAs' QA frameworks, which audit
  one case per worker a month or a themed dip-sample a quarter;
* overall grades 5% outstanding, 45% good, 40% requires improvement, 10% inadequate (the
  spread LAs report to scrutiny after "requires improvement" inspections); each domain's
  grade within one step of the overall grade; the chronology reviewed in 70% of audits;
* 80% of completed audits moderated, the moderator agreeing in 85%;
* 1-3 actions from an audit graded below good, 0-1 from one graded good or better; due 20 to
  40 days after the audit; 80% of those due by now done, three in four of those on time;
* 25% of children in care aged 4 or over answer the yearly survey (60% by link, 40% on paper); 85% happy
  with their social worker, 10% sometimes, 5% not (LA surveys report 80-97%);
* 1.5 complaints a year for every 100 open cases, half as many compliments; stage 1
  answered within 10 working days in 75%, 10% extended; 8% go to stage 2, 1 in 5 of those to
  stage 3;
* conference participation (children aged 4 or over): PN1 25%, PN2 10%, PN3 5%, PN4 5%,
  PN5 15%, PN6 20%, PN7 20%; a chronology reviewed in 45% of supervision case discussions
  (``build.write_supervision``).
"""

from __future__ import annotations

import datetime as dt
import random
from datetime import timedelta as D

from django.db.models import Q
from django.utils import timezone

from hearth.access.models import AccessGrant, User
from hearth.casework import clocks
from hearth.casework import models as cw
from hearth.core.calendar import add_months, add_working_days, years_since
from hearth.quality import models as qm
from hearth.quality.services import token_hash
from hearth.workforce import models as wf

GRADES = ["outstanding", "good", "requires_improvement", "inadequate"]
GRADE_WEIGHTS = [5, 45, 40, 10]
THEMES = [
    "The child's voice in plans",
    "Drift and delay in child in need plans",
    "Management oversight of children on plans",
    "Children missing from care",
    "Neglect",
]
FINDINGS = [
    "drift",
    "voice of the child",
    "chronology not current",
    "strong relationships",
    "oversight lacks direction",
    "good multi-agency work",
    "plans not specific",
    "risk well understood",
]
ACTIONS = [
    "Update the chronology and share it with the manager. [synthetic]",
    "Record the child's wishes and feelings from the next visit. [synthetic]",
    "Make the plan's outcomes specific and timed. [synthetic]",
    "Manager to record oversight with clear direction. [synthetic]",
    "Hold a strategy discussion about the risks identified. [synthetic]",
]
PARTICIPATION = (
    ["PN1"] * 25
    + ["PN2"] * 10
    + ["PN3"] * 5
    + ["PN4"] * 5
    + ["PN5"] * 15
    + ["PN6"] * 20
    + ["PN7"] * 20
)


def _step(grade: str, r: random.Random) -> str:
    i = GRADES.index(grade) + r.choice([-1, 1])
    return GRADES[min(max(i, 0), 3)]


def _open_cases(day: dt.date) -> list[int]:
    return sorted(
        set(
            cw.CINEpisode.objects.live()
            .filter(referral_date__lte=day)
            .filter(Q(closure_date__isnull=True) | Q(closure_date__gt=day))
            .filter(child__restricted=False)
            .values_list("child_id", flat=True)
        )
    )


def _staff_users(builder) -> tuple[list[User], list[User]]:
    """Sign-in accounts (no usable password) for the managers and IROs in post, who lead,
    audit and moderate; reused by username when the authority is rebuilt."""
    day = builder.as_of
    managers, iros = [], []
    for w in builder.workers:
        if not (w["start"] <= day and (w["leave"] is None or w["leave"] >= day)):
            continue
        if w["role"] not in ("team_manager", "iro"):
            continue
        role = User.Role.TEAM_MANAGER if w["role"] == "team_manager" else User.Role.IRO
        user, _ = User.objects.update_or_create(
            username=f"synthetic.{w['id']}",
            defaults={
                "role": role,
                "first_name": w.get("first", ""),
                "last_name": w.get("last", ""),
                "is_active": True,
            },
        )
        if user.has_usable_password():
            user.set_unusable_password()
            user.save(update_fields=["password"])
        wf.Worker.objects.filter(pk=w["id"], user__isnull=True).update(user=user)
        (managers if role == User.Role.TEAM_MANAGER else iros).append(user)
    return managers, iros


def write_quality(builder) -> None:
    r = random.Random(f"{builder.seed}:quality")
    add, ids, as_of = builder.sink.add, builder.ids, builder.as_of
    managers, iros = _staff_users(builder)
    auditors = managers + iros
    if len(auditors) < 2:
        return
    lead = managers[0] if managers else auditors[0]
    starts = [add_months(as_of, n=-3 * k) + D(days=1) for k in (4, 3, 2, 1)]
    grants = []
    for n, start in enumerate(starts):
        current = n == len(starts) - 1
        end = add_months(start, n=3) - D(days=1) if not current else as_of + D(days=60)
        open_ids = _open_cases(start)
        if not open_ids:
            continue
        size = min(60, max(6, len(open_ids) // 40))
        pid = ids(qm.AuditProgramme)
        seed = r.randrange(2**31)
        title = f"{THEMES[n % len(THEMES)]}: {start:%B %Y}"
        add(
            qm.AuditProgramme,
            id=pid,
            title=title,
            theme=THEMES[n % len(THEMES)],
            start_date=start,
            end_date=end,
            method="random",
            sample_size=size,
            seed=seed,
            sampled_at=dt.datetime.combine(start, dt.time(9), tzinfo=dt.UTC),
            lead_id=lead.pk,
            recorded_by_id=lead.pk,
        )
        sample = sorted(random.Random(seed).sample(open_ids, min(size, len(open_ids))))
        for i, child_id in enumerate(sample):
            auditor = auditors[i % len(auditors)]
            done_by = min(end, as_of)
            finished = (not current) or r.random() < 0.5
            aid = ids(qm.CaseAudit)
            if not finished:
                add(
                    qm.CaseAudit,
                    id=aid,
                    child_id=child_id,
                    programme_id=pid,
                    auditor_id=auditor.pk,
                    status="allocated",
                )
                grants.append((child_id, auditor, title, end))
                continue
            completed = start + D(days=r.randint(7, max(7, (done_by - start).days - 7)))
            completed = min(completed, as_of)
            overall = r.choices(GRADES, GRADE_WEIGHTS)[0]
            moderator = r.choice([u for u in auditors if u.pk != auditor.pk])
            moderated = r.random() < 0.8 and completed + D(days=7) <= as_of
            add(
                qm.CaseAudit,
                id=aid,
                child_id=child_id,
                programme_id=pid,
                auditor_id=auditor.pk,
                moderator_id=moderator.pk,
                status="moderated" if moderated else "completed",
                completed_date=completed,
                overall_grade=overall,
                chronology_reviewed=r.random() < 0.7,
                strengths="Relationships with the family are strong. [synthetic]",
                learning="Plans need specific, timed outcomes. [synthetic]",
                themes=", ".join(r.sample(FINDINGS, 2)),
                recorded_by_id=auditor.pk,
            )
            for domain in qm.Domain.values:
                grade = overall if r.random() < 0.6 else _step(overall, r)
                add(
                    qm.AuditGrade,
                    id=ids(qm.AuditGrade),
                    audit_id=aid,
                    domain=domain,
                    grade=grade,
                    comment="Evidence seen on file. [synthetic]",
                )
            if moderated:
                agrees = r.random() < 0.85
                add(
                    qm.Moderation,
                    id=ids(qm.Moderation),
                    audit_id=aid,
                    moderator_id=moderator.pk,
                    date=completed + D(days=r.randint(1, 7)),
                    agrees=agrees,
                    moderated_grade=overall if agrees else _step(overall, r),
                    comment="" if agrees else "Evidence supports a different grade. [synthetic]",
                    recorded_by_id=moderator.pk,
                )
            elif current:
                grants.append((child_id, moderator, title, end))
            if current:
                grants.append((child_id, auditor, title, end))
            below = overall in ("requires_improvement", "inadequate")
            for _ in range(r.randint(1, 3) if below else r.randint(0, 1)):
                due = completed + D(days=r.randint(20, 40))
                done = None
                if due <= as_of and r.random() < 0.8:
                    done = (
                        due - D(days=r.randint(0, 15))
                        if r.random() < 0.75
                        else (due + D(days=r.randint(1, 30)))
                    )
                    done = min(done, as_of)
                elif due > as_of and r.random() < 0.3:
                    done = min(completed + D(days=r.randint(3, 15)), as_of)
                add(
                    qm.AuditAction,
                    id=ids(qm.AuditAction),
                    child_id=child_id,
                    audit_id=aid,
                    description=r.choice(ACTIONS),
                    owner_id=r.choice(managers or auditors).pk,
                    set_date=completed,
                    due_date=due,
                    completed_date=done,
                    completion_note="Done. [synthetic]" if done else "",
                    recorded_by_id=auditor.pk,
                )
    builder.sink.flush()
    now = timezone.now()
    AccessGrant.objects.bulk_create(
        [
            AccessGrant(
                child_id=c,
                user=u,
                kind=AccessGrant.Kind.CASE_AUDIT,
                reason=f"case audit {t}"[:300],
                granted_at=now,
                granted_by=lead,
                expires_at=dt.datetime.combine(
                    max(e, dt.date.today()) + D(days=30), dt.time.max, tzinfo=dt.UTC
                ),
            )
            for c, u, t, e in {(c, u.pk, t, e): (c, u, t, e) for c, u, t, e in grants}.values()
        ]
    )
    _survey(builder, r, lead)
    _complaints(builder, r, lead)
    _participation(builder, r)
    builder.sink.flush()


def _survey(builder, r, lead) -> None:
    add, ids, as_of = builder.sink.add, builder.ids, builder.as_of
    sid = ids(qm.Survey)
    add(
        qm.Survey,
        id=sid,
        title="Children in care survey",
        audience="children_in_care",
        introduction="Tell us what it is like to be in our care. You can skip any question.",
        open=True,
        recorded_by_id=lead.pk,
    )
    questions = [
        ("Are you happy with your social worker?", "agree", "happy_with_worker"),
        ("Do you feel safe where you live?", "agree", ""),
        ("Do you know why you are in care?", "agree", ""),
        ("What would make things better for you?", "text", ""),
    ]
    qids = []
    for n, (text, kind, measure) in enumerate(questions, start=1):
        qid = ids(qm.SurveyQuestion)
        add(
            qm.SurveyQuestion,
            id=qid,
            survey_id=sid,
            number=n,
            text=text,
            kind=kind,
            measure=measure,
        )
        qids.append((qid, kind, measure))
    from hearth.care.models import PeriodOfCare

    start = add_months(as_of, n=-12) + D(days=1)
    in_care = sorted(
        set(
            PeriodOfCare.objects.live()
            .filter(start_date__lte=as_of)
            .filter(Q(end_date__isnull=True) | Q(end_date__gt=as_of))
            .filter(child__date_of_birth__lte=add_months(as_of, n=-4 * 12))
            .values_list("child_id", flat=True)
        )
    )
    for child_id in in_care:
        if r.random() >= 0.25:
            continue
        day = start + D(days=r.randint(0, (as_of - start).days))
        link = r.random() < 0.6
        rid = ids(qm.SurveyResponse)
        add(
            qm.SurveyResponse,
            id=rid,
            survey_id=sid,
            child_id=child_id,
            channel="link" if link else "paper",
            date=day,
            entered_by_id=None if link else lead.pk,
            submitted_at=dt.datetime.combine(day, dt.time(16), tzinfo=dt.UTC),
        )
        if link:
            sent = dt.datetime.combine(day - D(days=r.randint(0, 10)), dt.time(9), tzinfo=dt.UTC)
            add(
                qm.SurveyLink,
                id=ids(qm.SurveyLink),
                survey_id=sid,
                child_id=child_id,
                token_hash=token_hash(f"synthetic:{builder.seed}:{rid}"),
                created_by_id=lead.pk,
                created_at=sent,
                expires_at=clocks.SURVEY_LINK.due(sent),
                response_id=rid,
            )
        for qid, kind, measure in qids:
            if kind == "text":
                if r.random() < 0.3:
                    add(
                        qm.SurveyAnswer,
                        id=ids(qm.SurveyAnswer),
                        response_id=rid,
                        question_id=qid,
                        text="More time with my social worker. [synthetic]",
                    )
                continue
            weights = [85, 10, 5] if measure else [80, 12, 8]
            value = r.choices(["yes", "sometimes", "no"], weights)[0]
            add(
                qm.SurveyAnswer,
                id=ids(qm.SurveyAnswer),
                response_id=rid,
                question_id=qid,
                value=value,
            )


def _poisson(r: random.Random, rate_per_year: float, start: dt.date, end: dt.date):
    t = float(start.toordinal())
    while rate_per_year > 0:
        t += r.expovariate(rate_per_year / 365.25)
        if t > end.toordinal():
            return
        yield dt.date.fromordinal(int(t))


def _complaints(builder, r, lead) -> None:
    add, ids, as_of = builder.sink.add, builder.ids, builder.as_of
    start = add_months(as_of, n=-12) + D(days=1)
    open_ids = _open_cases(as_of)
    rate = 0.015 * len(open_ids)
    for kind, per_year in (("complaint", rate), ("compliment", rate / 2)):
        for day in _poisson(r, per_year, start, as_of):
            cid = ids(qm.Complaint)
            add(
                qm.Complaint,
                id=cid,
                child_id=r.choice(open_ids) if open_ids else None,
                kind=kind,
                made_by=r.choice(["child", "parent", "parent", "carer", "advocate"]),
                received_date=day,
                summary=f"{kind.title()} about the service. [synthetic]",
                recorded_by_id=lead.pk,
            )
            if kind != "complaint":
                continue
            stage_start = day
            for stage in (1, 2, 3):
                extended = stage < 3 and r.random() < 0.1
                due = clocks.complaint_response_due(stage_start, stage=stage, extended=extended)
                on_time = r.random() < 0.75
                responded = (
                    due - D(days=r.randint(0, 5))
                    if on_time
                    else add_working_days(due, n=r.randint(1, 15))
                )
                responded = max(responded, stage_start)
                if responded > as_of:
                    responded = None
                add(
                    qm.ComplaintStage,
                    id=ids(qm.ComplaintStage),
                    complaint_id=cid,
                    stage=stage,
                    start=stage_start,
                    extended=extended,
                    responded_date=responded,
                    outcome=r.choice(["upheld", "partly", "not_upheld"]) if responded else "",
                )
                go_on = 0.08 if stage == 1 else 0.2
                if responded is None or r.random() >= go_on:
                    break
                stage_start = responded + D(days=r.randint(5, 20))
                if stage_start > as_of:
                    break


def _participation(builder, r) -> None:
    add, ids = builder.sink.add, builder.ids
    for conf_id, child_id, day, dob in cw.ChildProtectionConference.objects.live().values_list(
        "pk", "child_id", "date", "child__date_of_birth"
    ):
        under_4 = dob is None or years_since(dob, day) < 4
        add(
            qm.ConferenceParticipation,
            id=ids(qm.ConferenceParticipation),
            child_id=child_id,
            conference_id=conf_id,
            code="PN0" if under_4 else r.choice(PARTICIPATION),
        )
