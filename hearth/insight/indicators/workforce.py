"""Members of the workforce indicators."""

from __future__ import annotations

from hearth.insight.indicators.engine import (
    Member,
    _labels,
)
from hearth.workforce import selectors as wf
from hearth.workforce.models import Worker

# --- Workforce --------------------------------------------------------------------------------


def caseload_member(day, worker_id: int, n: int, team_id: int | None) -> Member:
    """One worker's caseload on `day` (the indicator and its series both build it here)."""
    return Member(
        None,
        day,
        measure=n,
        worker_id=worker_id,
        team_id=team_id,
        detail=f"{n} children",
        group=_caseload_band(n),
    )


def _caseloads(ctx):
    loads = wf.caseloads_on(day=ctx.as_of)
    teams = dict(Worker.objects.filter(pk__in=list(loads)).values_list("pk", "team_id"))
    return [caseload_member(ctx.as_of, w, n, teams.get(w)) for w, n in loads.items()]


def _caseload_band(n: int) -> str:
    if n <= 10:
        return "1 to 10"
    if n <= 15:
        return "11 to 15"
    if n <= 20:
        return "16 to 20"
    if n <= 25:
        return "21 to 25"
    return "over 25"


def post_member(day, vacant: bool, fte, team_id: int | None) -> Member:
    """One established post on `day`, weighted by its FTE (the indicator and its series)."""
    return Member(
        None, day, vacant, float(fte), team_id=team_id, detail="Vacant" if vacant else "Filled"
    )


def _posts(ctx):
    day = ctx.as_of
    vacant = set(wf.vacant_posts_on(day=day).values_list("pk", flat=True))
    return [
        post_member(day, pk in vacant, fte, team)
        for pk, team, fte in wf.posts_established_on(day=day).values_list("pk", "team_id", "fte")
    ]


def _agency(ctx):
    return [
        Member(
            None,
            ctx.as_of,
            emp == Worker.Employment.AGENCY,
            float(fte),
            worker_id=pk,
            team_id=team,
            detail=emp,
        )
        for pk, team, fte, emp in wf.social_workers_in_post_on(day=ctx.as_of).values_list(
            "pk", "team_id", "fte", "employment"
        )
    ]


def _turnover(ctx):
    permanent = Worker.objects.filter(
        role__in=wf.SOCIAL_WORK_ROLES, employment=Worker.Employment.PERMANENT
    )
    leavers = permanent.filter(leave_date__gte=ctx.start, leave_date__lte=ctx.end)
    staff = wf.workers_in_post_on(day=ctx.end, qs=permanent)
    # Numerator: leavers' FTE; denominator: FTE in post at the end (as turnover_rate).
    out = [
        Member(None, ctx.end, False, float(fte), worker_id=pk, team_id=team, detail="In post")
        for pk, team, fte in staff.values_list("pk", "team_id", "fte")
    ]
    out += [
        Member(
            None, left, True, float(fte), worker_id=pk, team_id=team, detail="Left", group="leaver"
        )
        for pk, team, fte, left in leavers.values_list("pk", "team_id", "fte", "leave_date")
    ]
    return out


def _qualified(ctx):
    labels = _labels(Worker.Qualification)
    return [
        Member(
            None,
            ctx.as_of,
            q == Worker.Qualification.SOCIAL_WORK,
            worker_id=pk,
            team_id=team,
            group=labels.get(q, q),
        )
        for pk, team, q in wf.social_workers_in_post_on(day=ctx.as_of).values_list(
            "pk", "team_id", "qualification"
        )
    ]
