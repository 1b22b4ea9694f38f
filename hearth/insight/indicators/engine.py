"""The indicator engine: units, members, results, scopes and the ``Indicator`` type that
aggregates an indicator's members into its value (see the package docstring)."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from hearth.casework import selectors as cw
from hearth.core.calendar import add_months
from hearth.workforce import selectors as wf

# --- Units and aggregation --------------------------------------------------------------------

PERCENT = "%"
COUNT = "count"
RATE = "rate per 10,000"
DAYS = "days"
WEEKS = "weeks"
MEAN = "mean"

UNIT_LABELS = {
    PERCENT: "Percentage",
    COUNT: "Number",
    RATE: "Rate per 10,000 children aged 0 to 17",
    DAYS: "Average days",
    WEEKS: "Average weeks",
    MEAN: "Average",
}

STOCK = "stock"  # at the as-at date
PERIOD = "period"  # in [period_start, as_of]

THEMES = {
    "front-door": "Front door",
    "early-help": "Early help",
    "family-help": "Family Help",
    "cin-cp": "Children in need and child protection",
    "children-in-care": "Children in care",
    "care-leavers": "Care leavers",
    "adoption-proceedings": "Adoption and care proceedings",
    "practice-quality": "Practice quality",
    "workforce": "Workforce",
    "wider-safeguarding": "Wider safeguarding",
}


class Member(NamedTuple):
    """One record behind a number. (A named tuple, not a dataclass: a 12-month trend of the
    large LA builds several hundred thousand, and a tuple is four times quicker to make.)"""

    child_id: int | None
    date: dt.date | None = None
    counted: bool = True
    measure: float | None = None
    group: str = ""
    detail: str = ""
    worker_id: int | None = None
    team_id: int | None = None


@dataclass
class Result:
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    breakdown: list[tuple[str, int]] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)

    @property
    def child_ids(self) -> list[int]:
        seen: dict[int, None] = {}
        for m in self.members:
            if m.child_id is not None:
                seen.setdefault(m.child_id)
        return list(seen)

    def summary(self) -> dict:
        return {
            "value": self.value,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "breakdown": self.breakdown,
        }


@dataclass(frozen=True)
class Scope:
    """The LA, one team, or one worker: children count when they had a social worker allocated
    from the team (or to the worker) on the as-at date (stocks) or at any time in the period."""

    kind: str = "la"
    pk: int | None = None

    @classmethod
    def la(cls) -> Scope:
        return cls()

    @classmethod
    def team(cls, pk: int) -> Scope:
        return cls("team", pk)

    @classmethod
    def worker(cls, pk: int) -> Scope:
        return cls("worker", pk)

    @property
    def key(self) -> str:
        return "la" if self.kind == "la" else f"{self.kind}-{self.pk}"

    def child_ids(self, *, start: dt.date, end: dt.date) -> set[int] | None:
        if self.kind == "la":
            return None
        qs = wf.allocations_in_period(start=start, end=end).filter(start_date__lte=end)
        if start == end:
            qs = wf.allocations_open_on(day=end)
        qs = qs.filter(team_id=self.pk) if self.kind == "team" else qs.filter(worker_id=self.pk)
        return set(qs.values_list("child_id", flat=True))

    def allows_worker(self, member: Member) -> bool:
        if self.kind == "la":
            return True
        if self.kind == "team":
            return member.team_id == self.pk
        return member.worker_id == self.pk


@dataclass(frozen=True)
class Context:
    as_of: dt.date
    start: dt.date
    population: int | None = None

    @property
    def end(self) -> dt.date:
        return self.as_of


def default_period_start(as_of: dt.date) -> dt.date:
    """The day after the same date a year earlier: 12 months ending ``as_of``."""
    return add_months(as_of, n=-12) + dt.timedelta(days=1)


@dataclass(frozen=True)
class Indicator:
    key: str
    title: str
    theme: str
    unit: str
    definition: str
    source: str
    dfe: str = ""
    kind: str = PERIOD
    members: Callable[[Context], list[Member]] | None = None
    series: Callable | None = None
    """The set-based twin of ``members`` for many dates at once (``hearth.insight.indicators.series``)."""
    aggregate: str = "count"  # count, percent, weighted_percent, mean, max, rate
    headline: bool = False
    target: str = ""
    not_recorded: str = ""
    worker_based: bool = False

    @property
    def computed(self) -> bool:
        return self.members is not None

    @property
    def theme_title(self) -> str:
        return THEMES[self.theme]

    def compute(
        self,
        *,
        as_of: dt.date,
        period_start: dt.date | None = None,
        period_end: dt.date | None = None,
        scope: Scope | None = None,
        population: int | None = None,
    ) -> Result:
        """The value for the LA, a team or a worker. ``period_end`` defaults to ``as_of``."""
        scope = scope or Scope.la()
        as_of = period_end or as_of
        start = period_start or default_period_start(as_of)
        if population is None:
            population = authority_population()
        ctx = Context(as_of=as_of, start=start, population=population)
        if self.members is None:
            return Result(None)
        return self._result(self.members(ctx), ctx, scope)

    def result(self, members: list[Member], ctx: Context, scope: Scope) -> Result:
        """The indicator's value from its members (``series.compute_series`` shares this)."""
        return self._result(members, ctx, scope)

    def _result(self, members: list[Member], ctx: Context, scope: Scope) -> Result:
        if scope.kind != "la":
            if self.worker_based:
                members = [m for m in members if scope.allows_worker(m)]
            else:
                window = (ctx.as_of, ctx.as_of) if self.kind == STOCK else (ctx.start, ctx.as_of)
                allowed = scope.child_ids(start=window[0], end=window[1]) or set()
                members = [m for m in members if m.child_id in allowed]
        return _aggregate(self, members, ctx, scope)


def _aggregate(ind: Indicator, members: list[Member], ctx: Context, scope: Scope) -> Result:
    # Largest first; ties by label, so the order never depends on the order rows were read.
    breakdown = sorted(
        Counter(m.group for m in members if m.group).items(), key=lambda kv: (-kv[1], kv[0])
    )
    n = len(members)
    if ind.aggregate == "count":
        return Result(n, n, None, breakdown, members)
    if ind.aggregate == "rate":
        if scope.kind != "la" or not ctx.population:
            return Result(None, n, ctx.population, breakdown, members)
        return Result(10_000 * n / ctx.population, n, ctx.population, breakdown, members)
    if ind.aggregate == "percent":
        counted = sum(m.counted for m in members)
        value = 100 * counted / n if n else None
        return Result(value, counted, n, breakdown, members)
    if ind.aggregate == "weighted_percent":
        part = math.fsum(m.measure or 0 for m in members if m.counted)
        whole = math.fsum(m.measure or 0 for m in members)
        value = 100 * part / whole if whole else None
        return Result(value, round(part, 2), round(whole, 2), breakdown, members)
    if ind.aggregate == "turnover":
        left = math.fsum(m.measure or 0 for m in members if m.counted)
        staff = math.fsum(m.measure or 0 for m in members if not m.counted)
        value = 100 * left / staff if staff else None
        return Result(value, round(left, 2), round(staff, 2), breakdown, members)
    values = [m.measure for m in members if m.measure is not None]
    if ind.aggregate == "mean":
        return Result(
            math.fsum(values) / len(values) if values else None,
            len(values),
            None,
            breakdown,
            members,
        )
    if ind.aggregate == "max":
        return Result(max(values) if values else None, len(values), None, breakdown, members)
    raise ValueError(f"unknown aggregate {ind.aggregate}")


def authority_population() -> int | None:
    from hearth.core.models import Authority

    authority = Authority.objects.only("population_0_17").first()
    return authority.population_0_17 if authority else None


# --- Member builders ---------------------------------------------------------------------------


def _records(qs, date_field: str, group: str | None = None, labels: dict | None = None):
    fields = ["child_id", date_field] + ([group] if group else [])
    out = []
    for row in qs.values_list(*fields):
        day = cw.dt_local_date(row[1]) if isinstance(row[1], dt.datetime) else row[1]
        g = ""
        if group:
            g = labels.get(row[2], row[2]) if labels else (row[2] or "")
        out.append(Member(row[0], day, group=str(g)))
    return out


def _flagged(qs, date_field: str, flagged_ids: Iterable[int], detail_yes="", detail_no=""):
    flagged = set(flagged_ids)
    return [
        Member(child_id, day, pk in flagged, detail=detail_yes if pk in flagged else detail_no)
        for pk, child_id, day in qs.values_list("pk", "child_id", date_field)
    ]


def _timed(rows: list[cw.Timed], unit: str) -> list[Member]:
    return [
        Member(
            r.child_id,
            r.date,
            r.on_time,
            r.elapsed,
            detail="" if r.elapsed is None else f"{r.elapsed:g} {unit}",
        )
        for r in rows
    ]


def _cohort(flags: dict[int, bool], day: dt.date, yes: str = "Yes", no: str = "No"):
    return [Member(c, day, ok, detail=yes if ok else no) for c, ok in flags.items()]


def _labels(choices) -> dict:
    return dict(choices.choices)
