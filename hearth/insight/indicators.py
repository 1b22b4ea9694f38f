"""The indicator registry: every performance figure Hearth reports, defined once.

Each computed indicator is built from the selectors in ``hearth.casework``, ``hearth.care`` and
``hearth.workforce`` (the same functions the statutory returns and the synthetic calibration
use), so a figure on a dashboard equals the figure in the return. An indicator computes its
*members* -- the records behind the number (a referral, a plan, a child in a cohort, a post) with
the child or worker they belong to and whether each counts towards the numerator -- and the value
is an aggregate of the members. Restricting to a team or a worker is therefore the same rule
applied to fewer members, and the drill-down lists exactly the children the number came from.

Indicators the records cannot support yet (children's feedback surveys, case audits) are in the
registry as "not yet recorded", with no value, so a report can say so rather than invent one.

Dates: ``as_of`` is the reference date for stocks ("at 31 March"); period measures cover
[period_start, as_of] inclusive, 12 months by default.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from hearth.care import selectors as care
from hearth.care.models import HealthCheck
from hearth.casework import selectors as cw
from hearth.casework.models import EarlyHelpEpisode, FrontDoorDecision
from hearth.core import codes
from hearth.core.calendar import add_months
from hearth.workforce import selectors as wf
from hearth.workforce.models import Worker

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
    "cin-cp": "Children in need and child protection",
    "children-in-care": "Children in care",
    "care-leavers": "Care leavers",
    "adoption-proceedings": "Adoption and care proceedings",
    "practice-quality": "Practice quality",
    "workforce": "Workforce",
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

    def compute_series(
        self,
        windows: list[tuple[dt.date, dt.date]],
        *,
        scope: Scope | None = None,
        population: int | None = None,
        memo: dict | None = None,
    ) -> list[Result]:
        """``compute(as_of=as_of, period_start=start, ...)`` for each (as_of, start) in
        ``windows``, loading each timeline once for all of them (``hearth.insight.series``);
        ``memo`` shares loaded timelines between indicators evaluated together."""
        from hearth.insight.series import members_series

        scope = scope or Scope.la()
        if population is None:
            population = authority_population()
        ctxs = [Context(as_of=a, start=s, population=population) for a, s in windows]
        if self.members is None:
            return [Result(None) for _c in ctxs]
        got = members_series(self.members, ctxs, {} if memo is None else memo)
        return [self._result(members, ctx, scope) for members, ctx in zip(got, ctxs, strict=True)]

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


# --- Front door ------------------------------------------------------------------------------


def _contacts(ctx):
    return _records(cw.contacts_in_period(start=ctx.start, end=ctx.end), "received_at")


def _contact_1wd(ctx):
    return _timed(cw.contact_decision_timeliness(start=ctx.start, end=ctx.end), "working days")


def _contact_cp_4h(ctx):
    return _timed(cw.cp_contact_decision_timeliness(start=ctx.start, end=ctx.end), "hours")


def _contact_outcomes(ctx):
    return _records(
        cw.contact_outcomes_in_period(start=ctx.start, end=ctx.end),
        "received_at",
        "decision__outcome",
        _labels(FrontDoorDecision.Outcome),
    )


# --- Early help -------------------------------------------------------------------------------

_AGENCY = _labels(EarlyHelpEpisode.Agency)


def _eh_open(ctx):
    return _records(cw.early_help_open_on(day=ctx.as_of), "start_date", "lead_agency", _AGENCY)


def _eh_started(ctx):
    return _records(
        cw.early_help_started_in_period(start=ctx.start, end=ctx.end),
        "start_date",
        "lead_agency",
        _AGENCY,
    )


def _eh_closed(ctx):
    return _records(
        cw.early_help_closed_in_period(start=ctx.start, end=ctx.end),
        "end_date",
        "end_reason",
        _labels(EarlyHelpEpisode.EndReason),
    )


def _eh_step_up(ctx):
    return _records(cw.early_help_stepped_up_in_period(start=ctx.start, end=ctx.end), "end_date")


def _eh_step_down(ctx):
    return _records(
        cw.early_help_stepped_down_in_period(start=ctx.start, end=ctx.end), "start_date"
    )


def _fgcs(ctx):
    return _records(cw.family_group_conferences_in_period(start=ctx.start, end=ctx.end), "date")


# --- Children in need and child protection -------------------------------------------------

_SOURCES = _labels(codes.ReferralSource)
_CATEGORIES = _labels(codes.CategoryOfAbuse)


def _referrals(ctx):
    return _records(
        cw.referrals_in_period(start=ctx.start, end=ctx.end),
        "referral_date",
        "referral_source",
        _SOURCES,
    )


def _re_referrals(ctx):
    # The rule of cw.re_referrals_within_12_months, read in one pass (test_indicators pins them).
    return [
        Member(c, day, again, detail="Re-referral" if again else "First in 12 months")
        for _pk, c, day, again in cw.re_referral_flags(start=ctx.start, end=ctx.end)
    ]


def _referrals_nfa(ctx):
    qs = cw.referrals_in_period(start=ctx.start, end=ctx.end)
    nfa = set(cw.referrals_nfa_in_period(start=ctx.start, end=ctx.end).values_list("pk", flat=True))
    return [
        Member(c, day, pk in nfa, group=_SOURCES.get(src, src) if pk in nfa else "")
        for pk, c, day, src in qs.values_list("pk", "child_id", "referral_date", "referral_source")
    ]


def _assessments(ctx):
    return _records(
        cw.assessments_authorised_in_period(start=ctx.start, end=ctx.end), "authorised_date"
    )


def _assessments_45(ctx):
    return _timed(cw.assessment_timeliness(start=ctx.start, end=ctx.end), "working days")


def _assessment_factors(ctx):
    labels = _labels(codes.AssessmentFactor)
    return [
        Member(c, day, group=labels.get(code, code))
        for c, day, code in cw.assessment_factors_in_period(
            start=ctx.start, end=ctx.end
        ).values_list("assessment__child_id", "assessment__authorised_date", "code")
    ]


def _strategy(ctx):
    return _records(cw.strategy_discussions_in_period(start=ctx.start, end=ctx.end), "date")


def _s47(ctx):
    return _records(cw.section47s_started_in_period(start=ctx.start, end=ctx.end), "start_date")


def _s47_to_icpc(ctx):
    qs = cw.section47s_started_in_period(start=ctx.start, end=ctx.end)
    led = cw.section47s_leading_to_icpc(start=ctx.start, end=ctx.end).values_list("pk", flat=True)
    return _flagged(qs, "start_date", led, "Initial conference held", "No initial conference")


def _icpc(ctx):
    return _records(cw.icpcs_in_period(start=ctx.start, end=ctx.end), "date")


def _icpc_15(ctx):
    return _timed(cw.icpc_timeliness(start=ctx.start, end=ctx.end), "working days")


def _cp_open(ctx):
    return _records(
        cw.cp_plans_open_on(day=ctx.as_of), "start_date", "latest_category", _CATEGORIES
    )


def _cp_started(ctx):
    return _records(
        cw.cp_plans_started_in_period(start=ctx.start, end=ctx.end),
        "start_date",
        "initial_category",
        _CATEGORIES,
    )


def _cp_ended(ctx):
    return _records(cw.cp_plans_ended_in_period(start=ctx.start, end=ctx.end), "end_date")


def _cp_second(ctx):
    qs = cw.cp_plans_started_in_period(start=ctx.start, end=ctx.end)
    again = cw.cp_plans_second_or_subsequent(start=ctx.start, end=ctx.end).values_list(
        "pk", flat=True
    )
    return _flagged(qs, "start_date", again, "Second or subsequent", "First plan")


def _cp_second_2y(ctx):
    qs = cw.cp_plans_started_in_period(start=ctx.start, end=ctx.end)
    again = cw.cp_plans_second_within_two_years(start=ctx.start, end=ctx.end).values_list(
        "pk", flat=True
    )
    return _flagged(qs, "start_date", again, "Previous plan ended within 2 years", "No")


def _cp_ended_2y(ctx):
    qs = cw.cp_plans_ended_in_period(start=ctx.start, end=ctx.end)
    long = cw.cp_plans_ended_after_two_years(start=ctx.start, end=ctx.end).values_list(
        "pk", flat=True
    )
    return _flagged(qs, "end_date", long, "Lasted 2 years or more", "Under 2 years")


def _cp_reviews(ctx):
    return _timed(cw.cp_review_timeliness(start=ctx.start, end=ctx.end), "days since previous")


def _cp_visits(ctx):
    return _timed(cw.cp_visit_timeliness(day=ctx.as_of), "working days since last visit")


def _cin_open(ctx):
    return _records(cw.cin_open_on(day=ctx.as_of), "referral_date")


def _unallocated(ctx):
    return [
        Member(pk, referred or ctx.as_of)
        for pk, referred in wf.unallocated_open_cases_on(day=ctx.as_of).values_list(
            "pk", "referred"
        )
    ]


# --- Children in care ------------------------------------------------------------------------


def _cla_open(ctx):
    return _records(care.cla_open_on(day=ctx.as_of), "start_date")


def _cla_started(ctx):
    return _records(care.cla_started_in_period(start=ctx.start, end=ctx.end), "start_date")


def _cla_ceased(ctx):
    return _records(
        care.cla_ceased_in_period(start=ctx.start, end=ctx.end),
        "end_date",
        "reason_ceased",
        _labels(codes.ReasonEpisodeCeased),
    )


_GROUP_LABELS = {
    "foster": "Foster care",
    "kinship_foster": "Kinship (connected person) foster care",
    "childrens_home": "Children's home",
    "semi_independent": "Semi-independent living",
    "placed_with_parents": "Placed with parents",
    "adoption": "Placed for adoption",
    "other": "Other placement",
    "care_order": "Care order",
    "interim_care_order": "Interim care order",
    "section_20": "Section 20 (voluntary)",
    "placement_order": "Placement order",
    "youth_justice": "Youth justice",
    "emergency": "Emergency protection or police protection",
}


def _cla_legal(ctx):
    return [
        Member(c, day, group=_GROUP_LABELS.get(codes.LEGAL_STATUS_GROUP.get(code, "other")))
        for c, day, code in care.legal_statuses_open_on(day=ctx.as_of).values_list(
            "child_id", "start_date", "code"
        )
    ]


def _cla_placement(ctx):
    return [
        Member(c, day, group=_GROUP_LABELS.get(codes.PLACEMENT_GROUP.get(place, "other")))
        for c, day, place in care.placements_open_on(day=ctx.as_of).values_list(
            "child_id", "start_date", "place"
        )
    ]


def _cla_far(ctx):
    return [
        Member(c, ctx.as_of, miles > care.FAR_MILES, miles, detail=f"{miles:.1f} miles")
        for c, miles in care.placement_distances_on(day=ctx.as_of).items()
    ]


def _cla_3plus(ctx):
    return [
        Member(c, ctx.as_of, n >= 3, n, detail=f"{n} placement{'s' if n != 1 else ''}")
        for c, n in care.placements_in_year_for_cla(start=ctx.start, end=ctx.end).items()
    ]


def _cla_stability(ctx):
    return _cohort(care.long_term_stability_on(day=ctx.as_of), ctx.as_of, "Same placement 2+ years")


def _cla_reviews(ctx):
    return [
        Member(c, day, ok, detail="On time" if ok else "Late")
        for _pk, c, day, ok in care.cla_review_timeliness(start=ctx.start, end=ctx.end)
    ]


def _health(kind):
    def members(ctx):
        return _cohort(care.health_checks_in_year(day=ctx.as_of, kind=kind), ctx.as_of)

    return members


def _offending(ctx):
    return _cohort(care.convicted_or_cautioned(day=ctx.as_of), ctx.as_of)


def _missing_children(ctx):
    periods = set(
        care.cla_during_period(start=ctx.start, end=ctx.end).values_list("child_id", flat=True)
    )
    went = set(
        care.missing_from_care_in_period(start=ctx.start, end=ctx.end).values_list(
            "child_id", flat=True
        )
    )
    return [
        Member(c, ctx.as_of, c in went, detail="Went missing" if c in went else "")
        for c in sorted(periods)
    ]


def _missing_episodes(ctx):
    return _records(care.missing_from_care_in_period(start=ctx.start, end=ctx.end), "started_at")


def _ri(index):
    def members(ctx):
        rows = care.return_interviews_in_period(start=ctx.start, end=ctx.end)
        return [
            Member(r[1], r[2].date(), r[index], detail="Within 72 hours" if r[index] else "No")
            for r in rows
        ]

    return members


def _exploitation(ctx):
    return _cohort(care.exploitation_assessed(start=ctx.start, end=ctx.end), ctx.as_of)


# --- Adoption and proceedings -----------------------------------------------------------------


def _proceedings(ctx):
    return [
        Member(
            c,
            ended,
            measure=(ended - issued).days / 7,
            detail=f"{(ended - issued).days / 7:.1f} weeks",
            counted=(ended - issued).days <= 26 * 7,
        )
        for c, issued, ended in care.care_proceedings_concluded(
            start=ctx.start, end=ctx.end
        ).values_list("child_id", "issued_date", "final_order_date")
    ]


def _adopted(ctx):
    return _records(care.adopted_in_period(start=ctx.start, end=ctx.end), "end_date")


def _adopted_share(ctx):
    qs = care.cla_ceased_in_period(start=ctx.start, end=ctx.end)
    adopted = care.adopted_in_period(start=ctx.start, end=ctx.end).values_list("pk", flat=True)
    return _flagged(qs, "end_date", adopted, "Adopted", "Left care another way")


def _a1(ctx):
    return [
        Member(c, ctx.as_of, measure=days, detail=f"{days} days")
        for c, days in care.adoption_timeliness_a1(start=ctx.start, end=ctx.end).items()
    ]


def _a2(ctx):
    return [
        Member(c, ctx.as_of, measure=days, detail=f"{days} days")
        for c, days in care.adoption_timeliness_a2(start=ctx.start, end=ctx.end).items()
    ]


# --- Care leavers -----------------------------------------------------------------------------

_SUITABLE = {k for k in codes.CareLeaverAccommodation.values if k.endswith("1")}


def _leavers(ages, test):
    def members(ctx):
        return _leaver_members(
            care.care_leaver_birthday_contacts(start=ctx.start, end=ctx.end, ages=ages), test
        )

    members.leaver_ages = ages  # the series (hearth.insight.series) reads these
    members.leaver_test = test
    return members


def _leaver_members(rows: dict, test) -> list[Member]:
    out = []
    for c, (birthday, contact) in rows.items():
        ok = contact is not None and test(contact)
        out.append(Member(c, birthday, ok, detail="Yes" if ok else "No or not known"))
    return out


def _in_touch(c):
    return c.in_touch == codes.InTouch.YES


def _eet(c):
    return c.activity in care.EET_ACTIVITIES


def _suitable(c):
    return c.accommodation in _SUITABLE


def _pathway(ctx):
    return _cohort(care.pathway_plans_current(day=ctx.as_of), ctx.as_of, "Up to date", "Overdue")


def _entitlements(ctx):
    return _cohort(care.entitlements_recorded(day=ctx.as_of), ctx.as_of, "Recorded", "Not recorded")


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


def _supervision(ctx):
    teams = dict(Worker.objects.values_list("pk", "team_id"))
    return [
        Member(
            None,
            last,
            last is not None,
            worker_id=w,
            team_id=teams.get(w),
            detail=f"Last supervised {last:%d %b %Y}" if last else "Not in the last month",
        )
        for w, last in wf.supervision_on_time(day=ctx.as_of).items()
    ]


# --- Workforce --------------------------------------------------------------------------------


def _caseloads(ctx):
    loads = wf.caseloads_on(day=ctx.as_of)
    teams = dict(Worker.objects.filter(pk__in=list(loads)).values_list("pk", "team_id"))
    return [
        Member(
            None,
            ctx.as_of,
            measure=n,
            worker_id=w,
            team_id=teams.get(w),
            detail=f"{n} children",
            group=_caseload_band(n),
        )
        for w, n in loads.items()
    ]


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


def _posts(ctx):
    day = ctx.as_of
    vacant = set(wf.vacant_posts_on(day=day).values_list("pk", flat=True))
    return [
        Member(
            None,
            day,
            pk in vacant,
            float(fte),
            team_id=team,
            detail="Vacant" if pk in vacant else "Filled",
        )
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


# --- The registry -----------------------------------------------------------------------------

CIN_CENSUS = "Children in need census"
SSDA903 = "SSDA903 (children looked after return)"
WORKFORCE = "Children's social work workforce census"

_ALL: list[Indicator] = [
    # Front door
    Indicator(
        "contacts",
        "Contacts received",
        "front-door",
        COUNT,
        "Contacts about a child received by the front door in the period.",
        "Contact.received_at",
        members=_contacts,
        headline=False,
    ),
    Indicator(
        "contacts-decided-1wd",
        "Contacts decided within 1 working day",
        "front-door",
        PERCENT,
        "Contacts received in the period with a front-door decision by the end of the next "
        "working day after receipt (England and Wales bank holidays excluded). A contact with "
        "no decision is not on time.",
        "Contact.received_at, FrontDoorDecision.decided_at",
        members=_contact_1wd,
        aggregate="percent",
        headline=False,
        target="100%",
    ),
    Indicator(
        "contacts-cp-4h",
        "Child protection contacts decided within 4 hours",
        "front-door",
        PERCENT,
        "Contacts flagged as a child protection concern received in the period, decided within "
        "4 elapsed hours of receipt.",
        "Contact.child_protection, Contact.received_at, FrontDoorDecision.decided_at",
        members=_contact_cp_4h,
        aggregate="percent",
        target="100%",
    ),
    Indicator(
        "contact-outcomes",
        "Contact outcomes",
        "front-door",
        COUNT,
        "Contacts received in the period that have a decision, by outcome (no further action, "
        "information and advice, early help, referral).",
        "FrontDoorDecision.outcome",
        members=_contact_outcomes,
    ),
    # Early help
    Indicator(
        "early-help-open",
        "Early help episodes open",
        "early-help",
        COUNT,
        "Early help episodes open on the as-at date, by lead professional's agency.",
        "EarlyHelpEpisode.start_date, end_date, lead_agency",
        kind=STOCK,
        members=_eh_open,
        headline=True,
    ),
    Indicator(
        "early-help-started",
        "Early help episodes started",
        "early-help",
        COUNT,
        "Early help episodes started in the period, by lead professional's agency.",
        "EarlyHelpEpisode.start_date, lead_agency",
        members=_eh_started,
    ),
    Indicator(
        "early-help-closed",
        "Early help episodes closed",
        "early-help",
        COUNT,
        "Early help episodes closed in the period, by reason.",
        "EarlyHelpEpisode.end_date, end_reason",
        members=_eh_closed,
    ),
    Indicator(
        "early-help-step-up",
        "Stepped up to social care",
        "early-help",
        COUNT,
        "Early help episodes closed in the period because the child was stepped up to "
        "children's social care.",
        "EarlyHelpEpisode.end_reason = step_up",
        members=_eh_step_up,
    ),
    Indicator(
        "early-help-step-down",
        "Stepped down from social care",
        "early-help",
        COUNT,
        "Early help episodes started in the period as a step-down from a social care episode.",
        "EarlyHelpEpisode.stepped_down_from",
        members=_eh_step_down,
    ),
    Indicator(
        "family-group-conferences",
        "Family group conferences held",
        "early-help",
        COUNT,
        "Family group conferences held in the period.",
        "FamilyGroupConference.date",
        members=_fgcs,
    ),
    # Children in need and child protection
    Indicator(
        "referrals",
        "Referrals",
        "cin-cp",
        COUNT,
        "Referrals to children's social care (CIN episodes) with a referral date in the "
        "period, by source.",
        "CINEpisode.referral_date, referral_source",
        CIN_CENSUS + ": referrals",
        members=_referrals,
    ),
    Indicator(
        "referral-rate",
        "Referral rate",
        "cin-cp",
        RATE,
        "Referrals in the period per 10,000 children aged 0 to 17 in the LA.",
        "CINEpisode.referral_date; Authority.population_0_17",
        CIN_CENSUS + ": referrals per 10,000",
        members=_referrals,
        aggregate="rate",
        headline=True,
    ),
    Indicator(
        "re-referrals",
        "Re-referrals within 12 months",
        "cin-cp",
        PERCENT,
        "Referrals in the period made within 12 months of a previous referral of the same "
        "child. A previous referral exactly 12 calendar months earlier counts (on or after the "
        "same date a year before); one a day earlier does not.",
        "CINEpisode.referral_date",
        CIN_CENSUS + ": re-referrals within 12 months",
        members=_re_referrals,
        aggregate="percent",
        headline=True,
    ),
    Indicator(
        "referrals-nfa",
        "Referrals with no further action",
        "cin-cp",
        PERCENT,
        "Referrals in the period that resulted in no further action, by referring agency "
        "(a sign of how well partners understand thresholds).",
        "CINEpisode.referral_nfa, referral_source",
        CIN_CENSUS + ": ReferralNFA",
        members=_referrals_nfa,
        aggregate="percent",
    ),
    Indicator(
        "assessments",
        "Assessments completed",
        "cin-cp",
        COUNT,
        "Child and family assessments authorised in the period.",
        "Assessment.authorised_date",
        CIN_CENSUS + ": assessments",
        members=_assessments,
    ),
    Indicator(
        "assessments-45wd",
        "Assessments completed within 45 working days",
        "cin-cp",
        PERCENT,
        "Assessments authorised in the period that took 45 working days or fewer from the "
        "assessment start to authorisation (England and Wales bank holidays excluded).",
        "Assessment.start_date, authorised_date",
        CIN_CENSUS + ": assessment duration (AssessmentActualStartDate to "
        "AssessmentAuthorisationDate)",
        members=_assessments_45,
        aggregate="percent",
        headline=True,
    ),
    Indicator(
        "assessment-factors",
        "Factors identified at assessment",
        "cin-cp",
        COUNT,
        "Factors (DfE codes) recorded at the end of assessments authorised in the period.",
        "AssessmentFactor.code",
        CIN_CENSUS + ": factors identified at the end of assessment",
        members=_assessment_factors,
    ),
    Indicator(
        "strategy-discussions",
        "Strategy discussions",
        "cin-cp",
        COUNT,
        "Strategy discussions held in the period.",
        "StrategyDiscussion.date",
        members=_strategy,
    ),
    Indicator(
        "section-47",
        "Section 47 enquiries",
        "cin-cp",
        COUNT,
        "Section 47 enquiries started in the period.",
        "Section47Enquiry.start_date",
        CIN_CENSUS + ": section 47 enquiries",
        members=_s47,
    ),
    Indicator(
        "section-47-rate",
        "Section 47 enquiry rate",
        "cin-cp",
        RATE,
        "Section 47 enquiries started in the period per 10,000 children aged 0 to 17.",
        "Section47Enquiry.start_date; Authority.population_0_17",
        CIN_CENSUS + ": section 47 enquiries per 10,000",
        members=_s47,
        aggregate="rate",
    ),
    Indicator(
        "section-47-to-icpc",
        "Section 47 enquiries leading to an initial conference",
        "cin-cp",
        PERCENT,
        "Section 47 enquiries started in the period that led to an initial child protection "
        "conference.",
        "Section47Enquiry.start_date; ChildProtectionConference.section47",
        members=_s47_to_icpc,
        aggregate="percent",
    ),
    Indicator(
        "icpcs",
        "Initial child protection conferences",
        "cin-cp",
        COUNT,
        "Initial child protection conferences held in the period.",
        "ChildProtectionConference.kind = initial, date",
        CIN_CENSUS + ": ICPCs",
        members=_icpc,
    ),
    Indicator(
        "icpc-15wd",
        "Initial conferences within 15 working days",
        "cin-cp",
        PERCENT,
        "Initial conferences held in the period within 15 working days of the start of the "
        "section 47 enquiry (the date of the strategy discussion that began it).",
        "Section47Enquiry.start_date, ChildProtectionConference.date",
        CIN_CENSUS + ": ICPCs within 15 working days of the start of the section 47 enquiry",
        members=_icpc_15,
        aggregate="percent",
        headline=True,
    ),
    Indicator(
        "cp-plans",
        "Children on child protection plans",
        "cin-cp",
        COUNT,
        "Children on a child protection plan on the as-at date, by latest category of abuse.",
        "CPPlan.start_date, end_date",
        CIN_CENSUS + ": children on CP plans at 31 March",
        kind=STOCK,
        members=_cp_open,
    ),
    Indicator(
        "cp-rate",
        "Child protection plan rate",
        "cin-cp",
        RATE,
        "Children on a child protection plan on the as-at date per 10,000 children aged 0 to 17.",
        "CPPlan.start_date, end_date; Authority.population_0_17",
        CIN_CENSUS + ": CP plans per 10,000 at 31 March",
        kind=STOCK,
        members=_cp_open,
        aggregate="rate",
        headline=True,
    ),
    Indicator(
        "cp-started",
        "Child protection plans started",
        "cin-cp",
        COUNT,
        "Plans started in the period, by initial category of abuse (neglect, emotional, "
        "physical, sexual, multiple).",
        "CPPlan.start_date, initial_category",
        CIN_CENSUS + ": plans started; initial category",
        members=_cp_started,
    ),
    Indicator(
        "cp-ended",
        "Child protection plans ended",
        "cin-cp",
        COUNT,
        "Plans ended in the period.",
        "CPPlan.end_date",
        CIN_CENSUS + ": plans ended",
        members=_cp_ended,
    ),
    Indicator(
        "cp-second",
        "Second or subsequent plans",
        "cin-cp",
        PERCENT,
        "Plans started in the period for a child who had been on a child protection plan "
        "before (at any time).",
        "CPPlan.start_date",
        CIN_CENSUS + ": second or subsequent plans (ever)",
        members=_cp_second,
        aggregate="percent",
        headline=True,
    ),
    Indicator(
        "cp-second-2y",
        "Second or subsequent plans within 2 years",
        "cin-cp",
        PERCENT,
        "Plans started in the period for a child whose previous plan ended in the 2 years before.",
        "CPPlan.start_date, end_date",
        CIN_CENSUS + ": second or subsequent plans within 2 years of the previous plan ending",
        members=_cp_second_2y,
        aggregate="percent",
    ),
    Indicator(
        "cp-ended-2y",
        "Plans ending after 2 years or more",
        "cin-cp",
        PERCENT,
        "Plans ended in the period that had lasted 2 years or more.",
        "CPPlan.start_date, end_date",
        CIN_CENSUS + ": plans ceasing, duration 2 years or more",
        members=_cp_ended_2y,
        aggregate="percent",
    ),
    Indicator(
        "cp-reviews",
        "Child protection reviews on time",
        "cin-cp",
        PERCENT,
        "Review conferences held in the period within 3 months of the plan starting (first "
        "review) or 6 months of the previous review.",
        "ChildProtectionConference.kind = review, date; CPPlan.start_date",
        CIN_CENSUS + ": CP plans reviewed within required timescales",
        members=_cp_reviews,
        aggregate="percent",
    ),
    Indicator(
        "cp-visits",
        "Child protection visits on time",
        "cin-cp",
        PERCENT,
        "Children on a plan on the as-at date (for at least the visit interval) seen on a "
        "child protection visit within the plan's interval, 10 working days by default.",
        "Visit.kind = cp, child_seen, date; CPPlan.visit_frequency_days",
        members=_cp_visits,
        kind=STOCK,
        aggregate="percent",
        headline=True,
    ),
    Indicator(
        "cin",
        "Children in need",
        "cin-cp",
        COUNT,
        "Children with an open CIN episode on the as-at date (including children on child "
        "protection plans and children looked after).",
        "CINEpisode.referral_date, closure_date",
        CIN_CENSUS + ": children in need at 31 March",
        kind=STOCK,
        members=_cin_open,
    ),
    Indicator(
        "cin-rate",
        "Children in need rate",
        "cin-cp",
        RATE,
        "Children in need on the as-at date per 10,000 children aged 0 to 17.",
        "CINEpisode; Authority.population_0_17",
        CIN_CENSUS + ": CIN per 10,000 at 31 March",
        kind=STOCK,
        members=_cin_open,
        aggregate="rate",
        headline=True,
    ),
    Indicator(
        "unallocated",
        "Open cases with no allocated social worker",
        "cin-cp",
        COUNT,
        "Children with an open case on the as-at date (a referral or CIN episode, a child "
        "protection plan or care) and no allocated social worker (dated by first referral).",
        "CINEpisode, CPPlan, PeriodOfCare; Allocation (social worker)",
        kind=STOCK,
        members=_unallocated,
        headline=True,
        target="0",
    ),
    # Children in care
    Indicator(
        "cla",
        "Children looked after",
        "children-in-care",
        COUNT,
        "Children looked after at the end of the as-at date (care that ceased that day is not "
        "counted), excluding those on a series of short breaks (legal status V3/V4).",
        "PeriodOfCare, LegalStatus",
        SSDA903 + ": children looked after at 31 March",
        kind=STOCK,
        members=_cla_open,
    ),
    Indicator(
        "cla-rate",
        "Children looked after rate",
        "children-in-care",
        RATE,
        "Children looked after on the as-at date per 10,000 children aged 0 to 17.",
        "PeriodOfCare; Authority.population_0_17",
        SSDA903 + ": CLA per 10,000 at 31 March",
        kind=STOCK,
        members=_cla_open,
        aggregate="rate",
        headline=True,
    ),
    Indicator(
        "cla-started",
        "Started to be looked after",
        "children-in-care",
        COUNT,
        "Periods of care that began in the period (short-break-only periods excluded).",
        "PeriodOfCare.start_date",
        SSDA903 + ": started to be looked after",
        members=_cla_started,
    ),
    Indicator(
        "cla-ceased",
        "Ceased to be looked after",
        "children-in-care",
        COUNT,
        "Periods of care that ended in the period, by reason (short-break-only excluded).",
        "PeriodOfCare.end_date, reason_ceased",
        SSDA903 + ": ceased to be looked after",
        members=_cla_ceased,
    ),
    Indicator(
        "cla-legal-status",
        "Legal status",
        "children-in-care",
        COUNT,
        "Children looked after on the as-at date by legal status.",
        "LegalStatus.code",
        SSDA903 + ": legal status at 31 March",
        kind=STOCK,
        members=_cla_legal,
    ),
    Indicator(
        "cla-placement-type",
        "Placement type",
        "children-in-care",
        COUNT,
        "Children looked after on the as-at date by placement type.",
        "Placement.place",
        SSDA903 + ": placement at 31 March",
        kind=STOCK,
        members=_cla_placement,
    ),
    Indicator(
        "cla-20-miles",
        "Placed more than 20 miles from home",
        "children-in-care",
        PERCENT,
        "Children looked after on the as-at date placed more than 20 miles (straight line) "
        "from home, of those whose distance is known (UASC excluded).",
        "Placement.postcode, PeriodOfCare.home_postcode",
        SSDA903 + ": placed more than 20 miles from home",
        kind=STOCK,
        members=_cla_far,
        aggregate="percent",
    ),
    Indicator(
        "cla-3-placements",
        "Three or more placements in the year",
        "children-in-care",
        PERCENT,
        "Children looked after on the as-at date who had three or more placements in the "
        "period (temporary moves not counted).",
        "Placement.start_date, end_date, place",
        SSDA903 + ": placement stability (3+)",
        members=_cla_3plus,
        aggregate="percent",
        headline=True,
    ),
    Indicator(
        "cla-long-term-stability",
        "Long-term placement stability",
        "children-in-care",
        PERCENT,
        "Children under 16 looked after for 2.5 years or more on the as-at date who had been "
        "in the same placement for at least 2 years.",
        "PeriodOfCare.start_date, Placement.start_date",
        SSDA903 + ": long-term stability",
        kind=STOCK,
        members=_cla_stability,
        aggregate="percent",
    ),
    Indicator(
        "cla-reviews",
        "Looked-after reviews on time",
        "children-in-care",
        PERCENT,
        "Reviews held in the period on time: the first within 20 working days of care "
        "starting, the second within 3 months, later ones within 6 months.",
        "LACReview.date, PeriodOfCare.start_date",
        members=_cla_reviews,
        aggregate="percent",
    ),
    Indicator(
        "cla-health-assessment",
        "Health assessment up to date",
        "children-in-care",
        PERCENT,
        "Children looked after continuously for 12 months on the as-at date with a health "
        "assessment in the 12 months to it.",
        "HealthCheck.kind = health_assessment",
        SSDA903 + ": OC2 health assessments",
        kind=STOCK,
        members=_health(HealthCheck.Kind.HEALTH_ASSESSMENT),
        aggregate="percent",
    ),
    Indicator(
        "cla-dental",
        "Dental check up to date",
        "children-in-care",
        PERCENT,
        "Children looked after continuously for 12 months with a dental check in the 12 months.",
        "HealthCheck.kind = dental",
        SSDA903 + ": OC2 teeth checked",
        kind=STOCK,
        members=_health(HealthCheck.Kind.DENTAL),
        aggregate="percent",
    ),
    Indicator(
        "cla-immunisations",
        "Immunisations up to date",
        "children-in-care",
        PERCENT,
        "Children looked after continuously for 12 months whose immunisations were recorded "
        "as up to date in the 12 months.",
        "HealthCheck.kind = immunisations",
        SSDA903 + ": OC2 immunisations",
        kind=STOCK,
        members=_health(HealthCheck.Kind.IMMUNISATIONS),
        aggregate="percent",
    ),
    Indicator(
        "cla-sdq",
        "SDQ completed",
        "children-in-care",
        PERCENT,
        "Children looked after continuously for 12 months whom the SSDA903 asks an SDQ for "
        "(aged 4 or over on the as-at date and not yet 17 when the 12 months began) with a "
        "strengths and difficulties questionnaire in the 12 months.",
        "HealthCheck.kind = sdq",
        SSDA903 + ": OC2 SDQ",
        kind=STOCK,
        members=_health(HealthCheck.Kind.SDQ),
        aggregate="percent",
    ),
    Indicator(
        "cla-offending",
        "Convicted or cautioned",
        "children-in-care",
        PERCENT,
        "Children aged 10 or over looked after continuously for 12 months who were convicted "
        "or cautioned in the 12 months.",
        "Offence.date",
        SSDA903 + ": OC2 convicted or subject to a youth caution",
        kind=STOCK,
        members=_offending,
        aggregate="percent",
    ),
    Indicator(
        "cla-missing",
        "Children looked after who went missing",
        "children-in-care",
        PERCENT,
        "Children looked after at any time in the period who went missing from their "
        "placement in it.",
        "MissingEpisode.kind = M, from_placement, started_at",
        SSDA903 + ": missing from placement",
        members=_missing_children,
        aggregate="percent",
        headline=True,
    ),
    Indicator(
        "cla-missing-episodes",
        "Missing episodes",
        "children-in-care",
        COUNT,
        "Missing episodes from a placement of children looked after, started in the period.",
        "MissingEpisode.started_at",
        SSDA903 + ": missing episodes",
        members=_missing_episodes,
    ),
    Indicator(
        "return-interviews-offered",
        "Return interviews offered within 72 hours",
        "children-in-care",
        PERCENT,
        "Missing episodes of children looked after that ended in the period where a return "
        "interview was offered within 72 hours of the return.",
        "MissingEpisode.returned_at, return_interview_offered_at",
        SSDA903 + ": return interview offered (RHI_OFFERED)",
        members=_ri(3),
        aggregate="percent",
    ),
    Indicator(
        "return-interviews-completed",
        "Return interviews completed within 72 hours",
        "children-in-care",
        PERCENT,
        "Missing episodes that ended in the period with the return interview completed "
        "within 72 hours of the return.",
        "MissingEpisode.returned_at, return_interview_completed_at",
        members=_ri(4),
        aggregate="percent",
    ),
    Indicator(
        "exploitation-assessed",
        "Exploitation risk assessed",
        "children-in-care",
        PERCENT,
        "Children looked after who went missing in the period with a CSE/CCE risk assessment "
        "(the LA's tool) in the 12 months to the as-at date.",
        "ExploitationRiskAssessment.date",
        members=_exploitation,
        aggregate="percent",
    ),
    # Adoption and proceedings
    Indicator(
        "care-proceedings-weeks",
        "Care proceedings: average weeks",
        "adoption-proceedings",
        WEEKS,
        "Care proceedings concluded in the period: average weeks from issue to final order "
        "(target 26 weeks).",
        "CareProceedings.issued_date, final_order_date",
        members=_proceedings,
        aggregate="mean",
        headline=True,
        target="26 weeks",
    ),
    Indicator(
        "adoptions",
        "Adoptions",
        "adoption-proceedings",
        COUNT,
        "Children who ceased to be looked after in the period because they were adopted.",
        "PeriodOfCare.reason_ceased in E11, E12",
        SSDA903 + ": adopted",
        members=_adopted,
    ),
    Indicator(
        "adoption-share",
        "Adoptions as a share of children leaving care",
        "adoption-proceedings",
        PERCENT,
        "Children who ceased to be looked after in the period who were adopted.",
        "PeriodOfCare.reason_ceased",
        SSDA903 + ": left care through adoption",
        members=_adopted_share,
        aggregate="percent",
    ),
    Indicator(
        "adoption-a1",
        "Entering care to moving in with adoptive family",
        "adoption-proceedings",
        DAYS,
        "Children adopted in the period: average days from entering care to moving in with "
        "their adoptive family.",
        "PeriodOfCare.start_date, Adoption.placed_date",
        "Adoption scorecard A1",
        members=_a1,
        aggregate="mean",
    ),
    Indicator(
        "adoption-a2",
        "Placement order to match",
        "adoption-proceedings",
        DAYS,
        "Children matched in the period: average days from the placement order to the match "
        "with adopters.",
        "Adoption.placement_order_date, match_date",
        "Adoption scorecard A2",
        members=_a2,
        aggregate="mean",
    ),
    # Care leavers
    Indicator(
        "leavers-17-18-in-touch",
        "Care leavers aged 17-18 in touch",
        "care-leavers",
        PERCENT,
        "Care leavers whose 17th or 18th birthday fell in the period, in touch at the contact "
        "around the birthday (3 months before to 1 month after).",
        "CareLeaverContact.in_touch",
        SSDA903 + ": OC3",
        members=_leavers((17, 18), _in_touch),
        aggregate="percent",
    ),
    Indicator(
        "leavers-17-18-eet",
        "Care leavers aged 17-18 in education, employment or training",
        "care-leavers",
        PERCENT,
        "Care leavers whose 17th or 18th birthday fell in the period, in education, employment "
        "or training at the contact around the birthday.",
        "CareLeaverContact.activity",
        SSDA903 + ": OC3",
        members=_leavers((17, 18), _eet),
        aggregate="percent",
    ),
    Indicator(
        "leavers-17-18-accommodation",
        "Care leavers aged 17-18 in suitable accommodation",
        "care-leavers",
        PERCENT,
        "Care leavers whose 17th or 18th birthday fell in the period, in suitable "
        "accommodation at the contact around the birthday.",
        "CareLeaverContact.accommodation",
        SSDA903 + ": OC3",
        members=_leavers((17, 18), _suitable),
        aggregate="percent",
    ),
    Indicator(
        "leavers-19-21-in-touch",
        "Care leavers aged 19-21 in touch",
        "care-leavers",
        PERCENT,
        "Care leavers whose 19th, 20th or 21st birthday fell in the period, in touch at the "
        "contact around the birthday.",
        "CareLeaverContact.in_touch",
        SSDA903 + ": OC3",
        members=_leavers((19, 20, 21), _in_touch),
        aggregate="percent",
    ),
    Indicator(
        "leavers-19-21-eet",
        "Care leavers aged 19-21 in education, employment or training",
        "care-leavers",
        PERCENT,
        "Care leavers whose 19th, 20th or 21st birthday fell in the period, in education, "
        "employment or training at the contact around the birthday (no contact: not known).",
        "CareLeaverContact.activity",
        SSDA903 + ": OC3 activity",
        members=_leavers((19, 20, 21), _eet),
        aggregate="percent",
        headline=True,
    ),
    Indicator(
        "leavers-19-21-accommodation",
        "Care leavers aged 19-21 in suitable accommodation",
        "care-leavers",
        PERCENT,
        "Care leavers whose 19th, 20th or 21st birthday fell in the period, in suitable "
        "accommodation at the contact around the birthday.",
        "CareLeaverContact.accommodation",
        SSDA903 + ": OC3 accommodation",
        members=_leavers((19, 20, 21), _suitable),
        aggregate="percent",
    ),
    Indicator(
        "pathway-plans",
        "Pathway plans up to date",
        "care-leavers",
        PERCENT,
        "Care leavers aged 18 to 20 on the as-at date whose latest pathway plan is not overdue "
        "for review.",
        "PathwayPlan.date, review_due",
        kind=STOCK,
        members=_pathway,
        aggregate="percent",
    ),
    Indicator(
        "entitlements",
        "Rights, entitlements and health history information recorded",
        "care-leavers",
        PERCENT,
        "Care leavers aged 18 to 20 on the as-at date with information on their rights and "
        "entitlements and on accessing their health history given and recorded.",
        "EntitlementsInformation",
        kind=STOCK,
        members=_entitlements,
        aggregate="percent",
    ),
    # Practice quality
    Indicator(
        "visits-seen-alone",
        "Visits with the child seen alone",
        "practice-quality",
        PERCENT,
        "Visits in the period where the child was seen, and of those, seen alone.",
        "Visit.child_seen, seen_alone",
        members=_visits_alone,
        aggregate="percent",
    ),
    Indicator(
        "visits-views-recorded",
        "Visits with the child's views recorded",
        "practice-quality",
        PERCENT,
        "Visits in the period where the child was seen and their views were recorded in their "
        "own words.",
        "Visit.childs_views",
        members=_visits_views,
        aggregate="percent",
    ),
    Indicator(
        "management-oversight",
        "Management oversight in the last 3 months",
        "practice-quality",
        PERCENT,
        "Children with an open case on the as-at date with management oversight recorded on "
        "the case in the 3 months before.",
        "ManagementOversight.date",
        kind=STOCK,
        members=_oversight,
        aggregate="percent",
    ),
    Indicator(
        "worker-changes",
        "Children with 3 or more social worker changes",
        "practice-quality",
        PERCENT,
        "Children with an open case on the as-at date who had 3 or more changes of allocated "
        "social worker in the 12 months to it.",
        "Allocation (social worker) start and end dates",
        kind=STOCK,
        members=_changes,
        aggregate="percent",
    ),
    Indicator(
        "supervision",
        "Social workers supervised within the month",
        "practice-quality",
        PERCENT,
        "Social workers in post (for at least a month) with supervision recorded in the month "
        "to the as-at date (the supervision policy interval).",
        "Supervision.date",
        kind=STOCK,
        members=_supervision,
        aggregate="percent",
        worker_based=True,
        headline=True,
    ),
    Indicator(
        "children-feedback",
        "Children happy with their social worker",
        "practice-quality",
        PERCENT,
        "Children surveyed who said they were happy with their social worker.",
        "(not recorded)",
        not_recorded="Hearth does not yet record children's feedback surveys.",
    ),
    Indicator(
        "case-audits",
        "Case audits graded good or better",
        "practice-quality",
        PERCENT,
        "Case audits by grade and theme, and actions from audits completed.",
        "(not recorded)",
        not_recorded="Hearth does not yet record case audits or their actions.",
    ),
    Indicator(
        "chronology-updated",
        "Chronology updated in the last 3 months",
        "practice-quality",
        PERCENT,
        "Chronologies reviewed by the social worker in the last 3 months.",
        "(not recorded)",
        not_recorded="Chronologies are built from the records themselves; Hearth does not yet "
        "record a worker's review of a chronology.",
    ),
    # Workforce
    Indicator(
        "caseload-mean",
        "Average caseload",
        "workforce",
        MEAN,
        "Children allocated per social worker holding any allocation on the as-at date.",
        "Allocation (social worker)",
        WORKFORCE + ": average caseload",
        kind=STOCK,
        members=_caseloads,
        aggregate="mean",
        worker_based=True,
        headline=True,
    ),
    Indicator(
        "caseload-max",
        "Highest caseload",
        "workforce",
        COUNT,
        "The most children allocated to one social worker on the as-at date.",
        "Allocation (social worker)",
        kind=STOCK,
        members=_caseloads,
        aggregate="max",
        worker_based=True,
    ),
    Indicator(
        "posts",
        "Social work posts",
        "workforce",
        COUNT,
        "Established social work posts on the as-at date.",
        "Post",
        kind=STOCK,
        members=_posts,
        worker_based=True,
    ),
    Indicator(
        "vacancy-rate",
        "Vacancy rate",
        "workforce",
        PERCENT,
        "Social work post FTE with no permanent holder on the as-at date (covered by agency or "
        "not), of all established social work post FTE.",
        "Post, PostHolding, Worker.employment",
        WORKFORCE + ": vacancy rate",
        kind=STOCK,
        members=_posts,
        aggregate="weighted_percent",
        worker_based=True,
        headline=True,
    ),
    Indicator(
        "agency-rate",
        "Agency worker rate",
        "workforce",
        PERCENT,
        "Agency social worker FTE of all social worker FTE in post on the as-at date.",
        "Worker.employment, fte",
        WORKFORCE + ": agency worker rate",
        kind=STOCK,
        members=_agency,
        aggregate="weighted_percent",
        worker_based=True,
    ),
    Indicator(
        "turnover",
        "Turnover",
        "workforce",
        PERCENT,
        "Permanent social worker FTE who left in the period, of permanent FTE in post at the "
        "end of it.",
        "Worker.leave_date, fte",
        WORKFORCE + ": turnover rate",
        members=_turnover,
        aggregate="turnover",
        worker_based=True,
    ),
    Indicator(
        "qualified",
        "Qualified social workers",
        "workforce",
        PERCENT,
        "Social workers in post on the as-at date who are qualified in social work (the rest "
        "are alternatively qualified or not qualified).",
        "Worker.qualification",
        kind=STOCK,
        members=_qualified,
        aggregate="percent",
        worker_based=True,
    ),
]

REGISTRY: dict[str, Indicator] = {i.key: i for i in _ALL}


def indicators(theme: str | None = None) -> list[Indicator]:
    return [i for i in _ALL if theme is None or i.theme == theme]


def headline() -> list[Indicator]:
    return [i for i in _ALL if i.headline]


def get(key: str) -> Indicator:
    return REGISTRY[key]
