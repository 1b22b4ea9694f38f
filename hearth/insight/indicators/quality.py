"""Members of the quality assurance and feedback indicators: case audits, moderation, audit
actions, chronology reviews, children's feedback, participation and complaints."""

from __future__ import annotations

from hearth.care.models import LACReview
from hearth.casework import clocks
from hearth.core.codes import ReviewCode
from hearth.insight.indicators.engine import Member
from hearth.quality import selectors as qs
from hearth.quality.models import GOOD_OR_BETTER, Grade

_GRADES = dict(Grade.choices)
# PN0 (under 4) is not a way of taking part: those reviews are left out of the denominator.
_PARTICIPATED = {c for c in ReviewCode.values if c not in {"PN0", "PN7"}}
_PARTICIPATION_LABELS = dict(ReviewCode.choices)


def _audits_completed(ctx):
    return [
        Member(c, day, True, group=_GRADES.get(g, g), detail=_GRADES.get(g, g))
        for c, day, g in qs.audits_completed_in_period(start=ctx.start, end=ctx.end).values_list(
            "child_id", "completed_date", "overall_grade"
        )
    ]


def _audits_good(ctx):
    return [
        Member(c, day, g in GOOD_OR_BETTER, group=_GRADES.get(g, g), detail=_GRADES.get(g, g))
        for c, day, g in qs.audits_completed_in_period(start=ctx.start, end=ctx.end).values_list(
            "child_id", "completed_date", "overall_grade"
        )
    ]


def _moderation(ctx):
    return [
        Member(
            m.audit.child_id,
            m.date,
            m.agrees,
            detail="Agreed" if m.agrees else f"Moderator graded {m.get_moderated_grade_display()}",
        )
        for m in qs.moderations_in_period(start=ctx.start, end=ctx.end)
    ]


def _actions_overdue(ctx):
    """Audit actions due before the as-at date that were still open on it, or were done late
    in the period: each is one member; the count is of these."""
    out = []
    for c, due, done in qs.actions_due_by(day=ctx.as_of).values_list(
        "child_id", "due_date", "completed_date"
    ):
        if done is not None and (done <= due or done < ctx.start):
            continue
        late = "not done" if done is None else f"done {done:%-d %b %Y}"
        out.append(Member(c, due, True, detail=f"Due {due:%-d %b %Y}, {late}"))
    return out


def _chronology_reviewed(ctx):
    """Open cases on the as-at date whose chronology was reviewed in the last 3 months."""
    floor = clocks.chronology_review_floor(ctx.as_of)
    reviews = qs.chronology_reviews(start=floor, end=ctx.as_of)
    return [
        Member(
            c,
            reviews.get(c, ctx.as_of),
            c in reviews,
            detail=f"Reviewed {reviews[c]:%-d %b %Y}" if c in reviews else "Not in 3 months",
        )
        for c in qs.open_case_ids(day=ctx.as_of)
    ]


def _feedback(ctx):
    return [
        Member(
            c,
            day,
            value == "yes",
            group={"yes": "Yes", "sometimes": "Sometimes", "no": "No"}.get(value, value),
            detail={"yes": "Happy", "sometimes": "Sometimes", "no": "Not happy"}.get(value, value),
        )
        for c, day, value in qs.happy_with_worker_answers(start=ctx.start, end=ctx.end).values_list(
            "response__child_id", "response__date", "value"
        )
    ]


def _review_participation(ctx):
    reviews = LACReview.objects.live().filter(date__gte=ctx.start, date__lte=ctx.end)
    rows = [
        (c, d, p, "Looked-after review")
        for c, d, p in reviews.exclude(participation="PN0").values_list(
            "child_id", "date", "participation"
        )
    ]
    rows += [
        (c, d, p, "Child protection conference")
        for c, d, p in qs.conference_participation_in_period(start=ctx.start, end=ctx.end)
        .exclude(code="PN0")
        .values_list("child_id", "conference__date", "code")
    ]
    return [
        Member(c, d, p in _PARTICIPATED, group=kind, detail=_PARTICIPATION_LABELS.get(p, p))
        for c, d, p, kind in rows
    ]


def _complaints_on_time(ctx):
    out = []
    for stage, due in qs.complaint_stages_due(start=ctx.start, end=ctx.end):
        on_time = clocks.complaint_on_time(
            stage.start, stage=stage.stage, extended=stage.extended, done=stage.responded_date
        )
        out.append(
            Member(
                stage.complaint.child_id,
                due,
                on_time,
                group=f"Stage {stage.stage}",
                detail=f"Stage {stage.stage}: due {due:%-d %b %Y}"
                + (f", responded {stage.responded_date:%-d %b %Y}" if stage.responded_date else ""),
            )
        )
    return out
