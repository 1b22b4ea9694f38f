"""An indicator's members at many as-at dates at once: the 12-month trends, set-based.

``Indicator.compute(as_of=d)`` runs an indicator's selectors for one date; a trend of 12 monthly
points would run them 12 times, each reading most of the same rows. Here each indicator's member
builder has a *series* twin that gives, for a list of contexts, exactly the member lists the
builder gives for each context one at a time, from one read of the timelines involved:

* **Windowed** period measures (referrals, assessments on time, ...): a record's membership and
  whether it counts do not depend on the period, only whether its date falls in it. The builder
  runs once over the union of the periods and each period keeps the members dated in it.
* **Stocks** (open on the as-at date: CIN, plans, care, allocations, posts) use the selectors'
  ``*_on_days`` functions, which load every row open on any of the dates once.
* Other period measures use the selectors' ``*_windows`` functions.

Each indicator declares its twin (``Indicator.series``, in the registry); builders with
no twin fall back to one call per context. ``memo`` (one dict per evaluation)
shares the member lists between indicators built from the same builder (``referrals`` and
``referral-rate``; ``caseload-mean`` and ``caseload-max``). ``test_series.py`` pins every twin to
its builder.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable

from hearth.care import kinship
from hearth.care import selectors as care
from hearth.casework import selectors as cw
from hearth.insight.indicators import care_leavers as ix_leavers
from hearth.insight.indicators import cin_cp as ix_cin_cp
from hearth.insight.indicators import engine as ix_engine
from hearth.insight.indicators import families_first as ix_ff
from hearth.insight.indicators import front_door as ix_front_door
from hearth.insight.indicators import practice as ix_practice
from hearth.insight.indicators import workforce as ix_workforce
from hearth.insight.indicators.engine import Context, Member
from hearth.workforce import selectors as wf
from hearth.workforce.models import Worker

Series = Callable[[list[Context], dict], list[list[Member]]]


def members_series(builder, twin, ctxs: list[Context], memo: dict) -> list[list[Member]]:
    """``[builder(ctx) for ctx in ctxs]``, set-based where the indicator declares a twin."""
    key = (builder, tuple((c.as_of, c.start) for c in ctxs))
    if key in memo:
        return memo[key]
    got = [builder(c) for c in ctxs] if twin is None or len(ctxs) < 2 else twin(ctxs, memo)
    memo[key] = got
    return got


def _days(ctxs: list[Context]) -> list:
    return sorted({c.as_of for c in ctxs})


def _windows(ctxs: list[Context]) -> list[tuple]:
    return [(c.start, c.end) for c in ctxs]


def _shared(memo: dict, name: str, days: list, load):
    """A timeline loaded once per evaluation (e.g. the CIN episodes open on the days)."""
    key = (name, tuple(days))
    if key not in memo:
        memo[key] = load()
    return memo[key]


# --- Windowed period measures ------------------------------------------------------------------


def windowed(builder) -> Series:
    """The twin of a windowed period measure ``builder``."""

    def series(ctxs: list[Context], memo: dict) -> list[list[Member]]:
        union = Context(
            as_of=max(c.end for c in ctxs),
            start=min(c.start for c in ctxs),
            population=ctxs[0].population,
        )
        # In date order (stable): a period's members are then one slice. Order within a
        # period does not change a value (sums are exact, breakdown ties go by label).
        members = sorted(builder(union), key=lambda m: m.date)
        dates = [m.date for m in members]
        return [
            members[bisect.bisect_left(dates, c.start) : bisect.bisect_right(dates, c.end)]
            for c in ctxs
        ]

    return series


# --- Stocks and other period measures ----------------------------------------------------------
# Groups are labelled as ``indicators._records`` labels them (``str(labels.get(v, v))``).


def _by_row(rows_by_day: dict, ctxs: list[Context], make) -> list[list[Member]]:
    """Each context's members from the rows open on its day, making one member per row (a row
    open on several days is the same member on each)."""
    made: dict[int, Member] = {}
    out = []
    for ctx in ctxs:
        members = []
        for row in rows_by_day[ctx.as_of]:
            m = made.get(id(row))
            if m is None:
                m = made[id(row)] = make(row)
            members.append(m)
        out.append(members)
    return out


def _open_cin(memo, days):
    return _shared(memo, "cin", days, lambda: cw.cin_open_on_days(days=days))


def _spans(memo, days):
    return _shared(memo, "allocations", days, lambda: wf.allocation_spans(days))


def cin(ctxs, memo):
    return _by_row(_open_cin(memo, _days(ctxs)), ctxs, lambda r: Member(r[1], r[2]))


def unallocated(ctxs, memo):
    days = _days(ctxs)
    rows = wf.unallocated_open_cases_on_days(
        days=days,
        spans=_spans(memo, days),
        open_cases=_open_cin(memo, days),
        cp_plans=_open_cp(memo, days),
    )
    return [[Member(r[1], r[2] or ctx.as_of) for r in rows[ctx.as_of]] for ctx in ctxs]


def _open_cp(memo, days):
    return _shared(memo, "cp", days, lambda: cw.cp_plans_open_on_days(days=days))


def cp_open(ctxs, memo):
    days = _days(ctxs)
    rows = _open_cp(memo, days)
    return _by_row(
        rows, ctxs, lambda r: Member(r[1], r[2], group=str(ix_cin_cp._CATEGORIES.get(r[3], r[3])))
    )


def cp_visits(ctxs, memo):
    rows = cw.cp_visit_timeliness_on_days(days=_days(ctxs))
    return [ix_engine._timed(rows[ctx.as_of], "working days since last visit") for ctx in ctxs]


def eh_open(ctxs, memo):
    rows = cw.early_help_open_on_days(days=_days(ctxs))
    return _by_row(
        rows, ctxs, lambda r: Member(r[0], r[1], group=str(ix_front_door._AGENCY.get(r[2], r[2])))
    )


def cla_open(ctxs, memo):
    days = _days(ctxs)
    rows = _shared(memo, "cla", days, lambda: care.cla_open_on_days(days=days))
    return _by_row(rows, ctxs, lambda r: Member(r[1], r[2]))


def cla_3plus(ctxs, memo):
    got = care.placements_in_year_for_cla_windows(windows=_windows(ctxs))
    return [
        [
            Member(c, ctx.as_of, n >= 3, n, detail=f"{n} placement{'s' if n != 1 else ''}")
            for c, n in per_child.items()
        ]
        for ctx, per_child in zip(ctxs, got, strict=True)
    ]


def missing_children(ctxs, memo):
    got = care.missing_children_windows(windows=_windows(ctxs))
    return [
        [
            Member(c, ctx.as_of, c in went, detail="Went missing" if c in went else "")
            for c in sorted(during)
        ]
        for ctx, (during, went) in zip(ctxs, got, strict=True)
    ]


def pre_proceedings_open(ctxs, memo):
    rows = care.pre_proceedings_open_on_days(days=_days(ctxs))
    return _by_row(rows, ctxs, ix_ff._pp_member)


def kinship_open(ctxs, memo):
    rows = kinship.kinship_open_on_days(days=_days(ctxs))
    return [[ix_ff._kinship_member(r) for r in rows[ctx.as_of]] for ctx in ctxs]


def leavers(ages, test) -> Series:
    """The twin of the care leaver indicators ``_leavers(ages, test)``."""

    def series(ctxs, memo):
        got = care.care_leaver_birthday_contacts_windows(windows=_windows(ctxs), ages=ages)
        return [ix_leavers._leaver_members(rows, test) for rows in got]

    return series


def _teams(memo) -> dict[int, int | None]:
    return _shared(memo, "teams", [], lambda: dict(Worker.objects.values_list("pk", "team_id")))


def supervision(ctxs, memo):
    rows = wf.supervision_on_time_on_days(days=_days(ctxs))
    teams = _teams(memo)
    return [
        [
            ix_practice.supervision_member(w, last, teams.get(w))
            for w, last in rows[ctx.as_of].items()
        ]
        for ctx in ctxs
    ]


def caseloads(ctxs, memo):
    days = _days(ctxs)
    loads = wf.caseloads_on_days(days=days, spans=_spans(memo, days))
    teams = _teams(memo)
    return [
        [
            ix_workforce.caseload_member(ctx.as_of, w, n, teams.get(w))
            for w, n in loads[ctx.as_of].items()
        ]
        for ctx in ctxs
    ]


def posts(ctxs, memo):
    rows = wf.posts_on_days(days=_days(ctxs))
    return [
        [
            ix_workforce.post_member(ctx.as_of, vacant, fte, team)
            for _pk, team, fte, vacant in rows[ctx.as_of]
        ]
        for ctx in ctxs
    ]


def compute_series(
    indicator: ix_engine.Indicator,
    windows: list[tuple[dt.date, dt.date]],
    *,
    scope: ix_engine.Scope | None = None,
    population: int | None = None,
    memo: dict | None = None,
) -> list[ix_engine.Result]:
    """``indicator.compute(as_of=as_of, period_start=start, ...)`` for each (as_of, start) in
    ``windows``, loading each timeline once for all of them; ``memo`` shares loaded timelines
    between indicators evaluated together."""
    scope = scope or ix_engine.Scope.la()
    if population is None:
        population = ix_engine.authority_population()
    ctxs = [Context(as_of=a, start=s, population=population) for a, s in windows]
    if indicator.members is None:
        return [ix_engine.Result(None) for _c in ctxs]
    got = members_series(indicator.members, indicator.series, ctxs, {} if memo is None else memo)
    return [indicator.result(m, ctx, scope) for m, ctx in zip(got, ctxs, strict=True)]
