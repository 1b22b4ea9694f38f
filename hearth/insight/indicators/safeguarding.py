"""Members of the wider safeguarding indicators: LADO, private fostering, young carers and
homeless 16 and 17 year olds (records in ``hearth.safeguarding``, timescales in
``hearth.casework.clocks``)."""

from __future__ import annotations

from hearth.casework import clocks
from hearth.insight.indicators.engine import Member, _labels
from hearth.safeguarding import selectors as sg
from hearth.safeguarding.models import HomelessPresentation, LadoReferral, PrivateFostering

_LADO_OUTCOMES = _labels(LadoReferral.Outcome)
_LADO_SECTORS = _labels(LadoReferral.Sector)
_HOMELESS_OUTCOMES = _labels(HomelessPresentation.Outcome)


def _lado_referrals(ctx):
    """One member per referral received in the period, grouped by the employer's sector. The
    allegation is about an adult: the member carries no child (drill-downs list none)."""
    return [
        Member(None, day, group=str(_LADO_SECTORS.get(sector, sector)), detail=ref)
        for day, sector, ref in (
            (r.received_date, r.sector, r.reference)
            for r in sg.lado_referrals_in(start=ctx.start, end=ctx.end)
        )
    ]


def _lado_resolved(ctx):
    """Referrals resolved (an outcome recorded) in the period: within one month of referral."""
    out = []
    for r in sg.lado_resolved_in(start=ctx.start, end=ctx.end):
        ok = clocks.lado_resolved_on_time(r.received_date, resolved=r.outcome_date)
        days = (r.outcome_date - r.received_date).days
        out.append(
            Member(
                None,
                r.outcome_date,
                ok,
                days,
                group=str(_LADO_OUTCOMES.get(r.outcome, r.outcome)),
                detail=f"{r.reference}: {days} days",
            )
        )
    return out


def _lado_substantiated(ctx):
    """Outcomes in the period, counted when substantiated (breakdown: every outcome)."""
    return [
        Member(
            m.child_id,
            m.date,
            m.group == LadoReferral.Outcome.SUBSTANTIATED.label,
            group=m.group,
            detail=m.detail,
        )
        for m in _lado_resolved(ctx)
    ]


def _pf_notifications(ctx):
    return [
        Member(c, day, group=str(_labels(PrivateFostering.Notifier).get(n, n)))
        for c, day, n in sg.private_fostering_notified_in(start=ctx.start, end=ctx.end)
        .order_by("notified_date")
        .values_list("child_id", "notified_date", "notifier")
    ]


def _pf_first_visits(ctx):
    """Notifications in the period whose first visit was within 7 working days (a notification
    still inside its 7 days on the as-at date with no visit yet is not counted against)."""
    rows = list(
        sg.private_fostering_notified_in(start=ctx.start, end=ctx.end).values_list(
            "pk", "child_id", "notified_date"
        )
    )
    first = sg.first_visits(pk for pk, _c, _d in rows)
    out = []
    for pk, child_id, notified in rows:
        visited = first.get(pk)
        if visited is not None and visited > ctx.as_of:
            visited = None
        due = clocks.private_fostering_visit_due(notified)
        if visited is None and due >= ctx.as_of:
            continue
        ok = clocks.private_fostering_first_visit_on_time(notified, visited=visited)
        out.append(
            Member(
                child_id,
                notified,
                ok,
                detail=f"First visit {visited:%-d %b %Y}" if visited else "No visit yet",
            )
        )
    return out


def _pf_visits_up_to_date(ctx):
    """Children privately fostered on the as-at date whose visits are up to date (the next visit,
    by the regulations' schedule from the last one, not yet overdue)."""
    open_ = list(
        sg.private_fostering_open_on(day=ctx.as_of).values_list("pk", "child_id", "notified_date")
    )
    visits = sg.visits_by_arrangement((pk for pk, _c, _d in open_), until=ctx.as_of)
    out = []
    for pk, child_id, notified in open_:
        mine = visits.get(pk, [])
        due = clocks.private_fostering_visit_due(notified, last_visit=mine[-1] if mine else None)
        ok = due >= ctx.as_of
        out.append(Member(child_id, ctx.as_of, ok, detail=f"Next visit due {due:%-d %b %Y}"))
    return out


def _young_carers(ctx):
    return [
        Member(c, day, detail="Assessed" if assessed else "Not yet assessed")
        for c, day, assessed in sg.young_carers_identified_in(start=ctx.start, end=ctx.end)
        .order_by("identified_date")
        .values_list("child_id", "identified_date", "assessment_date")
    ]


def _young_carers_assessed(ctx):
    """Young carers identified in the period with a needs assessment by the as-at date (those
    still inside the assessment timescale and not yet assessed are left out)."""
    out = []
    for c, day, assessed in sg.young_carers_identified_in(start=ctx.start, end=ctx.end).values_list(
        "child_id", "identified_date", "assessment_date"
    ):
        done = assessed is not None and assessed <= ctx.as_of
        if not done and clocks.young_carer_assessment_due(day) >= ctx.as_of:
            continue
        out.append(Member(c, day, done, detail="Assessed" if done else "Not assessed"))
    return out


def _homeless(ctx):
    return [
        Member(
            c,
            day,
            group=str(_HOMELESS_OUTCOMES.get(outcome, outcome)) if outcome else "No outcome yet",
        )
        for c, day, outcome in sg.homeless_presented_in(start=ctx.start, end=ctx.end)
        .order_by("presented_date")
        .values_list("child_id", "presented_date", "outcome")
    ]


def _homeless_assessed(ctx):
    """Presentations in the period with the joint assessment done within the timescale (those
    still inside it and not assessed are left out)."""
    out = []
    for c, day, done in sg.homeless_presented_in(start=ctx.start, end=ctx.end).values_list(
        "child_id", "presented_date", "joint_assessment_date"
    ):
        if done is not None and done > ctx.as_of:
            done = None
        if done is None and clocks.homeless_assessment_due(day) >= ctx.as_of:
            continue
        ok = clocks.homeless_assessment_on_time(day, done=done)
        out.append(Member(c, day, ok, detail=f"Assessed {done:%-d %b %Y}" if done else "Not yet"))
    return out
