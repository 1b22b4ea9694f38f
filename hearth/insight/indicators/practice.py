"""Members of the practice quality indicators."""

from __future__ import annotations

from hearth.casework import selectors as cw
from hearth.insight.indicators.engine import (
    Member,
)
from hearth.workforce import selectors as wf
from hearth.workforce.models import Worker

# --- Practice quality -------------------------------------------------------------------------


def _visits_alone(ctx):
    return [
        Member(c, day, alone, detail="Seen alone" if alone else "Not seen alone")
        for c, day, alone in cw.visits_in_period(start=ctx.start, end=ctx.end)
        .filter(child_seen=True)
        .values_list("child_id", "date", "seen_alone")
    ]


def _visits_views(ctx):
    return [
        Member(c, day, bool(views.strip()), detail="Views recorded" if views.strip() else "None")
        for c, day, views in cw.visits_in_period(start=ctx.start, end=ctx.end)
        .filter(child_seen=True)
        .values_list("child_id", "date", "childs_views")
    ]


def _oversight(ctx):
    return [
        Member(
            r.child_id,
            r.date if r.on_time else None,
            r.on_time,
            detail="Within 3 months" if r.on_time else "None in 3 months",
        )
        for r in cw.management_oversight_recent(day=ctx.as_of)
    ]


def _changes(ctx):
    return [
        Member(c, ctx.as_of, n >= wf.WORKER_CHANGES_THRESHOLD, n, detail=f"{n} changes")
        for c, n in wf.social_worker_changes(day=ctx.as_of).items()
    ]


def supervision_member(worker_id: int, last, team_id: int | None) -> Member:
    """One worker's supervision: on time when they were supervised in time (`last` is then the
    day). The indicator and its series both build it here."""
    return Member(
        None,
        last,
        last is not None,
        worker_id=worker_id,
        team_id=team_id,
        detail=f"Last supervised {last:%d %b %Y}" if last else "Not in the last month",
    )


def _supervision(ctx):
    teams = dict(Worker.objects.values_list("pk", "team_id"))
    return [
        supervision_member(w, last, teams.get(w))
        for w, last in wf.supervision_on_time(day=ctx.as_of).items()
    ]
