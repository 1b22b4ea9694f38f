"""Counts and lists for the front door, children in need and child protection.

These functions are *the* definitions of the numbers: dashboards, indicators, statutory returns
and the synthetic-data calibration all call them, so a figure means the same everywhere.

Conventions
    * A record is "open on" a day when it started on or before the day and has not ended by it:
      ``start <= day`` and (``end is None`` or ``end > day``). A CIN episode closing on 31 March is
      not open at 31 March (as the DfE counts periods of care ending on the reference date).
    * Periods are inclusive: ``start <= date <= end``.
    * Archived records never count.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from hearth.casework import clocks
from hearth.casework.models import (
    Assessment,
    ChildProtectionConference,
    CINEpisode,
    CINPlan,
    CINPlanReview,
    Contact,
    CPPlan,
    EarlyHelpEpisode,
    Section47Enquiry,
    StrategyDiscussion,
)
from hearth.core.calendar import add_months, working_days_between
from hearth.core.dates import day_bounds
from hearth.core.selectors import records_of

# --- The child's open records (at most one each: the one_open_* constraints) ------------------


def open_cin_episode(*, child) -> CINEpisode | None:
    """The child's open referral / CIN episode, if any."""
    return CINEpisode.objects.live().filter(child=child, closure_date__isnull=True).first()


def open_early_help(*, child) -> EarlyHelpEpisode | None:
    """The child's open early help episode, if any."""
    return EarlyHelpEpisode.objects.live().filter(child=child, end_date__isnull=True).first()


def open_cp_plan(*, child) -> CPPlan | None:
    """The child's open child protection plan, if any."""
    return CPPlan.objects.live().filter(child=child, end_date__isnull=True).first()


@dataclass(frozen=True)
class Proportion:
    """A count out of a total, with the rate as a percentage (None when the total is 0)."""

    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        if not self.denominator:
            return None
        return 100.0 * self.numerator / self.denominator


# --- Front door -----------------------------------------------------------------------------


def contacts_in_period(*, start: dt.date, end: dt.date, qs: QuerySet | None = None) -> QuerySet:
    qs = (Contact.objects.all() if qs is None else qs).live()
    lo, hi = day_bounds(start, end)
    return qs.filter(received_at__gte=lo, received_at__lt=hi)


def referrals_in_period(
    *, start: dt.date, end: dt.date, qs: QuerySet | None = None
) -> QuerySet[CINEpisode]:
    """Referrals (CIN episodes) whose referral date falls in [start, end]."""
    qs = (CINEpisode.objects.all() if qs is None else qs).live()
    return qs.filter(referral_date__gte=start, referral_date__lte=end)


def re_referrals_within_12_months(
    *, start: dt.date, end: dt.date, qs: QuerySet | None = None
) -> QuerySet[CINEpisode]:
    """Referrals in [start, end] made within 12 calendar months of a previous referral of the
    same child (DfE: a referral within 12 months of a previous referral)."""
    referrals = referrals_in_period(start=start, end=end, qs=qs)
    rows = referrals.values_list("pk", "child_id", "referral_date")
    ids = [pk for pk, _c, _d, again in _re_referral_flags(rows, start=start, end=end) if again]
    return referrals.filter(pk__in=ids)


def _re_referral_flags(rows, *, start: dt.date, end: dt.date) -> list[tuple]:
    """(pk, child_id, referral_date, re-referral?) for referral rows dated in [start, end]: the
    rule of ``re_referrals_within_12_months``, shared with ``re_referral_flags``."""
    earliest = add_months(start, n=-12)
    history: dict[int, list[dt.date]] = {}
    for child_id, day in (
        CINEpisode.objects.filter(referral_date__gte=earliest, referral_date__lte=end)
        .live()
        .order_by("child_id", "referral_date")
        .values_list("child_id", "referral_date")
    ):
        history.setdefault(child_id, []).append(day)
    out = []
    floors: dict[dt.date, dt.date] = {}
    for pk, child_id, day in rows:
        if day not in floors:
            floors[day] = add_months(day, n=-12)
        floor = floors[day]
        out.append(
            (pk, child_id, day, any(floor <= before < day for before in history.get(child_id, ())))
        )
    return out


def re_referral_flags(*, start: dt.date, end: dt.date) -> list[tuple[int, int, dt.date, bool]]:
    """Every referral in [start, end] as (pk, child_id, referral_date, is a re-referral within
    12 months), without a second query for the flagged ones (added for issue 7)."""
    rows = referrals_in_period(start=start, end=end).values_list("pk", "child_id", "referral_date")
    return _re_referral_flags(rows, start=start, end=end)


def re_referral_rate(*, start: dt.date, end: dt.date) -> Proportion:
    return Proportion(
        re_referrals_within_12_months(start=start, end=end).count(),
        referrals_in_period(start=start, end=end).count(),
    )


# --- Children in need -----------------------------------------------------------------------


def cin_open_on(*, day: dt.date, qs: QuerySet | None = None) -> QuerySet[CINEpisode]:
    """CIN episodes open on ``day`` (referred on or before it, not closed by it)."""
    qs = (CINEpisode.objects.all() if qs is None else qs).live()
    return qs.open_on(day, start="referral_date", end="closure_date")


def children_in_need_on(*, day: dt.date) -> int:
    """Children in need on ``day``: children with an open CIN episode, each counted once
    (includes children on child protection plans and children looked after)."""
    return cin_open_on(day=day).values("child_id").distinct().count()


def assessments_authorised_in_period(
    *, start: dt.date, end: dt.date, qs: QuerySet | None = None
) -> QuerySet[Assessment]:
    qs = (Assessment.objects.all() if qs is None else qs).live()
    return qs.filter(authorised_date__gte=start, authorised_date__lte=end)


def assessments_within_timescale(*, start: dt.date, end: dt.date) -> Proportion:
    """Assessments authorised in [start, end] and how many took at most 45 working days from
    their start to authorisation (DfE's measure of assessment timeliness)."""
    rows = assessments_authorised_in_period(start=start, end=end).values_list(
        "start_date", "authorised_date"
    )
    total = on_time = 0
    for begun, authorised in rows:
        total += 1
        if clocks.ASSESSMENT.on_time(begun, done=authorised):
            on_time += 1
    return Proportion(on_time, total)


# --- Child protection -------------------------------------------------------------------------


def section47s_started_in_period(*, start: dt.date, end: dt.date) -> QuerySet[Section47Enquiry]:
    return Section47Enquiry.objects.filter(start_date__gte=start, start_date__lte=end).live()


def icpcs_in_period(*, start: dt.date, end: dt.date) -> QuerySet[ChildProtectionConference]:
    return ChildProtectionConference.objects.filter(
        kind=ChildProtectionConference.Kind.INITIAL, date__gte=start, date__lte=end
    ).live()


def cp_plans_open_on(*, day: dt.date, qs: QuerySet | None = None) -> QuerySet[CPPlan]:
    """Child protection plans open on ``day`` (at most one per child)."""
    qs = (CPPlan.objects.all() if qs is None else qs).live()
    return qs.open_on(day)


def cp_plans_started_in_period(
    *, start: dt.date, end: dt.date, qs: QuerySet | None = None
) -> QuerySet[CPPlan]:
    qs = (CPPlan.objects.all() if qs is None else qs).live()
    return qs.filter(start_date__gte=start, start_date__lte=end)


def cp_initial_category_distribution(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Plans started in [start, end] by initial category of abuse (NEG, EMO, PHY, SAB, MUL)."""
    counts = Counter(
        cp_plans_started_in_period(start=start, end=end).values_list("initial_category", flat=True)
    )
    return dict(sorted(counts.items()))


def cp_plans_second_or_subsequent(*, start: dt.date, end: dt.date) -> QuerySet[CPPlan]:
    """Plans started in [start, end] for a child who had a child protection plan before: one
    Hearth holds, or one an imported return stated (``NumberOfPreviousCPP`` on this plan or an
    earlier one) before Hearth held that history."""
    from hearth.casework.models import StatedHistory

    earlier = (
        CPPlan.objects.all()
        .live()
        .filter(child_id=OuterRef("child_id"), start_date__lt=OuterRef("start_date"))
    )
    stated = (
        StatedHistory.objects.filter(fact=StatedHistory.Fact.PREVIOUS_CP_PLANS)
        .live()
        .filter(child_id=OuterRef("child_id"), about__lte=OuterRef("start_date"))
        .exclude(value="0")
    )
    return cp_plans_started_in_period(start=start, end=end).filter(Exists(earlier) | Exists(stated))


def previous_cp_plans(*, child_ids, plans=None) -> dict[int, int]:
    """CP plan id -> how many child protection plans the child had before it: the earlier plans
    Hearth holds, or more where an imported return stated more (``NumberOfPreviousCPP``); a
    stated count carries forward, one more for each later plan.

    ``plans``: the children's live CP plans as rows with id, child_id and start_date, in start
    order, when the caller has already read them (all of them, not only this year's)."""
    from hearth.casework.models import StatedHistory

    stated = {
        (child_id, about): int(value)
        for child_id, about, value in StatedHistory.objects.filter(
            child_id__among=frozenset(child_ids), fact=StatedHistory.Fact.PREVIOUS_CP_PLANS
        )
        .live()
        .values_list("child_id", "about", "value")
        if value.isdigit()
    }
    out: dict[int, int] = {}
    last: dict[int, int] = {}
    if plans is None:
        plans = (
            CPPlan.objects.filter(child_id__among=frozenset(child_ids))
            .live()
            .order_by("start_date", "id")
            .values("id", "child_id", "start_date")
        )
    for row in plans:
        pk, child_id, started = row["id"], row["child_id"], row["start_date"]
        count = max(last.get(child_id, -1) + 1, stated.get((child_id, started), 0))
        out[pk] = last[child_id] = count
    return out


# --- Row-level definitions for indicators and their drill-downs (added for issue 7) ----------
#
# Each returns the records behind a number, so a dashboard can count them for any team and list
# the children behind them. Where an older function above returns only a Proportion, the rows
# here follow the same rule and a test pins the two together.

# Every timescale is read from ``hearth.casework.clocks`` (local overrides included).


@dataclass(frozen=True)
class Timed:
    """One record measured against a timescale: which child, when, how long, on time or not."""

    pk: int
    child_id: int
    date: dt.date
    elapsed: float | None
    on_time: bool


def contact_decision_timeliness(*, start: dt.date, end: dt.date) -> list[Timed]:
    """Contacts received in [start, end]: decided within 1 working day of receipt (elapsed in
    working days; a contact with no decision is not on time)."""
    rows = []
    for pk, child_id, received, decided in contacts_in_period(start=start, end=end).values_list(
        "pk", "child_id", "received_at", "decision__decided_at"
    ):
        day = dt_local_date(received)
        taken = working_days_between(day, end=dt_local_date(decided)) if decided else None
        rows.append(
            Timed(
                pk,
                child_id,
                day,
                taken,
                taken is not None and taken <= clocks.FRONT_DOOR.n,
            )
        )
    return rows


def cp_contact_decision_timeliness(*, start: dt.date, end: dt.date) -> list[Timed]:
    """Contacts flagged as child protection received in [start, end]: decided within 4 elapsed
    hours of receipt."""
    rows = []
    qs = contacts_in_period(start=start, end=end).filter(child_protection=True)
    for pk, child_id, received, decided in qs.values_list(
        "pk", "child_id", "received_at", "decision__decided_at"
    ):
        hours = (decided - received).total_seconds() / 3600 if decided else None
        rows.append(
            Timed(
                pk,
                child_id,
                dt_local_date(received),
                hours,
                hours is not None and hours <= clocks.FRONT_DOOR_CP.n,
            )
        )
    return rows


def dt_local_date(value) -> dt.date:
    from django.utils import timezone

    return timezone.localdate(value) if timezone.is_aware(value) else value.date()


def contact_outcomes_in_period(*, start: dt.date, end: dt.date) -> QuerySet[Contact]:
    """Contacts received in [start, end] with a front-door decision (outcome on ``decision``)."""
    return contacts_in_period(start=start, end=end).filter(decision__isnull=False)


def early_help_open_on(*, day: dt.date) -> QuerySet:
    from hearth.casework.models import EarlyHelpEpisode

    return EarlyHelpEpisode.objects.live().open_on(day)


def early_help_started_in_period(*, start: dt.date, end: dt.date) -> QuerySet:
    from hearth.casework.models import EarlyHelpEpisode

    return EarlyHelpEpisode.objects.filter(start_date__gte=start, start_date__lte=end).live()


def early_help_closed_in_period(*, start: dt.date, end: dt.date) -> QuerySet:
    from hearth.casework.models import EarlyHelpEpisode

    return EarlyHelpEpisode.objects.filter(end_date__gte=start, end_date__lte=end).live()


def early_help_stepped_up_in_period(*, start: dt.date, end: dt.date) -> QuerySet:
    """Early help episodes closed in [start, end] because the child was stepped up to social
    care."""
    from hearth.casework.models import EarlyHelpEpisode

    return early_help_closed_in_period(start=start, end=end).filter(
        end_reason=EarlyHelpEpisode.EndReason.STEP_UP
    )


def early_help_stepped_down_in_period(*, start: dt.date, end: dt.date) -> QuerySet:
    """Early help episodes started in [start, end] as a step-down from a social care episode."""
    return early_help_started_in_period(start=start, end=end).filter(
        stepped_down_from__isnull=False
    )


def family_group_conferences_in_period(*, start: dt.date, end: dt.date) -> QuerySet:
    from hearth.casework.models import FamilyGroupConference

    return FamilyGroupConference.objects.filter(date__gte=start, date__lte=end).live()


def referrals_nfa_in_period(*, start: dt.date, end: dt.date) -> QuerySet[CINEpisode]:
    """Referrals in [start, end] that resulted in no further action (CIN ``ReferralNFA``)."""
    return referrals_in_period(start=start, end=end).filter(referral_nfa=True)


def assessment_timeliness(*, start: dt.date, end: dt.date) -> list[Timed]:
    """The assessments behind ``assessments_within_timescale``: authorised in [start, end],
    working days from start to authorisation, on time when at most 45."""
    rows = []
    for pk, child_id, begun, authorised in assessments_authorised_in_period(
        start=start, end=end
    ).values_list("pk", "child_id", "start_date", "authorised_date"):
        taken = working_days_between(begun, end=authorised)
        rows.append(Timed(pk, child_id, authorised, taken, taken <= clocks.ASSESSMENT.n))
    return rows


def assessment_factors_in_period(*, start: dt.date, end: dt.date) -> QuerySet:
    """Factors identified at the end of assessments authorised in [start, end]."""
    from hearth.casework.models import AssessmentFactor

    return AssessmentFactor.objects.filter(
        assessment__in=assessments_authorised_in_period(start=start, end=end)
    )


def strategy_discussions_in_period(*, start: dt.date, end: dt.date) -> QuerySet:
    from hearth.casework.models import StrategyDiscussion

    return StrategyDiscussion.objects.filter(date__gte=start, date__lte=end).live()


def section47s_leading_to_icpc(*, start: dt.date, end: dt.date) -> QuerySet[Section47Enquiry]:
    """Section 47 enquiries started in [start, end] that led to an initial conference."""
    icpc = ChildProtectionConference.objects.live().filter(
        section47_id=OuterRef("pk"),
        kind=ChildProtectionConference.Kind.INITIAL,
    )
    return section47s_started_in_period(start=start, end=end).filter(Exists(icpc))


def icpc_timeliness(*, start: dt.date, end: dt.date) -> list[Timed]:
    """Initial conferences held in [start, end] after a section 47 enquiry: working days from
    the start of the enquiry (the CIN census ``S47ActualStartDate``, the date of the strategy
    discussion that began it) to the conference; on time when at most 15."""
    rows = []
    qs = icpcs_in_period(start=start, end=end).filter(section47__isnull=False)
    for pk, child_id, held, begun in qs.values_list(
        "pk", "child_id", "date", "section47__start_date"
    ):
        taken = working_days_between(begun, end=held)
        rows.append(Timed(pk, child_id, held, taken, taken <= clocks.ICPC.n))
    return rows


def cp_plans_ended_in_period(*, start: dt.date, end: dt.date) -> QuerySet[CPPlan]:
    return CPPlan.objects.filter(end_date__gte=start, end_date__lte=end).live()


def cp_plans_second_within_two_years(*, start: dt.date, end: dt.date) -> QuerySet[CPPlan]:
    """Plans started in [start, end] for a child whose previous plan ended within the 2 years
    (24 calendar months, inclusive) before this one started."""
    plans = cp_plans_started_in_period(start=start, end=end)
    ids = []
    ends: dict[int, list[dt.date]] = {}
    for child_id, ended in (
        CPPlan.objects.filter(child_id__in=plans.values("child_id"), end_date__isnull=False)
        .live()
        .values_list("child_id", "end_date")
    ):
        ends.setdefault(child_id, []).append(ended)
    for pk, child_id, begun in plans.values_list("pk", "child_id", "start_date"):
        floor = add_months(begun, n=-24)
        if any(floor <= ended <= begun for ended in ends.get(child_id, ())):
            ids.append(pk)
    return plans.filter(pk__in=ids)


def cp_plans_ended_after_two_years(*, start: dt.date, end: dt.date) -> QuerySet[CPPlan]:
    """Plans ended in [start, end] that had lasted 2 years or more."""
    ids = [
        pk
        for pk, begun, ended in cp_plans_ended_in_period(start=start, end=end).values_list(
            "pk", "start_date", "end_date"
        )
        if ended >= add_months(begun, n=24)
    ]
    return cp_plans_ended_in_period(start=start, end=end).filter(pk__in=ids)


def cp_review_timeliness(*, start: dt.date, end: dt.date) -> list[Timed]:
    """Review conferences held in [start, end]: on time when within 3 months of the plan's
    start (first review) or 6 months of the previous review (Working Together)."""
    reviews = list(
        ChildProtectionConference.objects.filter(
            kind=ChildProtectionConference.Kind.REVIEW,
            cp_plan__isnull=False,
            date__lte=end,
        )
        .live()
        .order_by("cp_plan_id", "date")
        .values_list("pk", "child_id", "cp_plan_id", "cp_plan__start_date", "date")
    )
    rows = []
    previous: dict[int, dt.date] = {}
    for pk, child_id, plan_id, plan_start, held in reviews:
        before = previous.get(plan_id)
        due = clocks.cp_review_due(plan_start, reviews=[before] if before else ())
        previous[plan_id] = held
        if held >= start:
            rows.append(
                Timed(pk, child_id, held, (held - (before or plan_start)).days, held <= due)
            )
    return rows


def cp_visits(*, child_ids: Iterable[int] | None = None, on: dt.date | None = None) -> QuerySet:
    """The visits that count as child protection visits: a visit of kind "child protection"
    at which the child was seen (Working Together: the lead social worker sees the child on the
    plan's visits). A child in need or other visit does not restart the plan's visit clock.
    The one definition behind My work's "Child protection visit" and the CP visits indicator."""
    from hearth.casework.models import Visit

    qs = Visit.objects.filter(kind=Visit.Kind.CP, child_seen=True).live()
    if child_ids is not None:
        qs = qs.filter(child_id__in=child_ids)
    if on is not None:
        qs = qs.filter(date__lte=on)
    return qs


def cp_visit_timeliness(*, day: dt.date) -> list[Timed]:
    """Children on a plan on ``day`` (for at least the visit interval): seen on a child
    protection visit within the plan's interval (10 working days by default) before ``day``."""
    plans = list(
        cp_plans_open_on(day=day).values_list(
            "pk", "child_id", "start_date", "visit_frequency_days"
        )
    )
    last: dict[int, dt.date] = {}
    for child_id, seen in cp_visits(child_ids=[p[1] for p in plans], on=day).values_list(
        "child_id", "date"
    ):
        if seen > last.get(child_id, dt.date.min):
            last[child_id] = seen
    rows = []
    for pk, child_id, begun, interval in plans:
        if working_days_between(begun, end=day) < interval:
            continue
        seen = last.get(child_id)
        since = working_days_between(seen, end=day) if seen and seen >= begun else None
        on_time = since is not None and clocks.cp_visit_on_time(
            seen, on=day, every_working_days=interval
        )
        rows.append(Timed(pk, child_id, seen or begun, since, on_time))
    return rows


def visits_in_period(*, start: dt.date, end: dt.date) -> QuerySet:
    from hearth.casework.models import Visit

    return Visit.objects.filter(date__gte=start, date__lte=end).live()


def management_oversight_recent(
    *, day: dt.date, child_ids: Iterable[int] | None = None
) -> list[Timed]:
    """Children with an open CIN episode on ``day``: management oversight recorded on the case
    in the 3 months (``clocks.MANAGEMENT_OVERSIGHT``) before ``day`` (inclusive). ``child_ids`` narrows it to some children (a
    worker's caseload on the team page) with the same definition as the indicator."""
    from hearth.casework.models import ManagementOversight

    episodes = cin_open_on(day=day)
    if child_ids is not None:
        episodes = episodes.filter(child_id__in=list(child_ids))
    children = set(episodes.values_list("child_id", flat=True))
    floor = clocks.management_oversight_floor(day)
    latest: dict[int, dt.date] = {}
    for child_id, when in (
        ManagementOversight.objects.filter(child_id__in=children, date__lte=day)
        .live()
        .values_list("child_id", "date")
    ):
        latest[child_id] = max(when, latest.get(child_id, dt.date.min))
    return [
        Timed(
            child_id,
            child_id,
            latest.get(child_id, day),
            None,
            latest.get(child_id, dt.date.min) >= floor,
        )
        for child_id in sorted(children)
    ]


# --- Many as-at dates at once (added for issue 7: the 12-month trends) -------------------------
#
# ``*_on_days`` functions give, for each day in ``days``, exactly what the function of the same
# name without the suffix gives for that day, from one load of the rows that can be open on any
# of them (``start <= last day`` and not ended before the first): the dashboards' monthly trends
# are one query per timeline instead of one per month. Tests pin each to its per-day original.


def open_days(
    days: list[dt.date], begun: dt.date, ended: dt.date | None, *, end_inclusive: bool = False
) -> list[dt.date]:
    """The days of ``days`` (sorted, distinct) on which a record from ``begun`` to ``ended`` is
    open: ``begun <= day`` and (``ended`` is None or ``ended > day``, or ``ended >= day`` with
    ``end_inclusive``, as the workforce's posts and workers are counted)."""
    lo = bisect.bisect_left(days, begun)
    if ended is None:
        return days[lo:]
    hi = (bisect.bisect_right if end_inclusive else bisect.bisect_left)(days, ended)
    return days[lo:hi]


def _between(qs: QuerySet, days: list[dt.date], start: str, end: str) -> QuerySet:
    """Rows open on at least one of ``days``, in primary key order."""
    return (
        qs.filter(**{f"{start}__lte": days[-1]})
        .filter(Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": days[0]}))
        .order_by("pk")
    )


def _by_day(days: list[dt.date], rows, start: int, end: int, keep) -> dict[dt.date, list]:
    out: dict[dt.date, list] = {day: [] for day in days}
    for row in rows:
        kept = keep(row)  # one tuple per row, shared by the days it is open on
        for day in open_days(days, row[start], row[end]):
            out[day].append(kept)
    return out


def cin_open_on_days(*, days: list[dt.date]) -> dict[dt.date, list[tuple[int, int, dt.date]]]:
    """Day -> CIN episodes open on it as (pk, child_id, referral_date) (``cin_open_on``)."""
    days = sorted(set(days))
    rows = _between(CINEpisode.objects.live(), days, "referral_date", "closure_date")
    return _by_day(
        days,
        rows.values_list("pk", "child_id", "referral_date", "closure_date"),
        2,
        3,
        lambda r: r[:3],
    )


def cp_plans_open_on_days(
    *, days: list[dt.date]
) -> dict[dt.date, list[tuple[int, int, dt.date, str, int]]]:
    """Day -> plans open on it as (pk, child_id, start_date, latest_category,
    visit_frequency_days) (``cp_plans_open_on``)."""
    days = sorted(set(days))
    rows = _between(CPPlan.objects.live(), days, "start_date", "end_date").values_list(
        "pk", "child_id", "start_date", "latest_category", "visit_frequency_days", "end_date"
    )
    return _by_day(days, rows, 2, 5, lambda r: r[:5])


def early_help_open_on_days(
    *, days: list[dt.date]
) -> dict[dt.date, list[tuple[int, dt.date, str]]]:
    """Day -> early help episodes open on it as (child_id, start_date, lead_agency)
    (``early_help_open_on``)."""
    from hearth.casework.models import EarlyHelpEpisode

    days = sorted(set(days))
    rows = _between(EarlyHelpEpisode.objects.live(), days, "start_date", "end_date").values_list(
        "child_id", "start_date", "lead_agency", "end_date"
    )
    return _by_day(days, rows, 1, 3, lambda r: r[:3])


def cp_visit_timeliness_on_days(*, days: list[dt.date]) -> dict[dt.date, list[Timed]]:
    """Day -> ``cp_visit_timeliness(day=day)``: the plans open on any of the days and the
    child protection visits of their children are each read once."""
    days = sorted(set(days))
    plans = cp_plans_open_on_days(days=days)
    open_plans = _between(CPPlan.objects.live(), days, "start_date", "end_date")
    seen_on: dict[int, list[dt.date]] = {}
    for child_id, seen in cp_visits(
        child_ids=open_plans.order_by().values("child_id"), on=days[-1]
    ).values_list("child_id", "date"):
        seen_on.setdefault(child_id, []).append(seen)
    for dates in seen_on.values():
        dates.sort()
    out: dict[dt.date, list[Timed]] = {}
    for day in days:
        rows = []
        for pk, child_id, begun, _category, interval in plans[day]:
            if working_days_between(begun, end=day) < interval:
                continue
            dates = seen_on.get(child_id, [])
            i = bisect.bisect_right(dates, day)
            seen = dates[i - 1] if i else None
            since = working_days_between(seen, end=day) if seen and seen >= begun else None
            on_time = since is not None and clocks.cp_visit_on_time(
                seen, on=day, every_working_days=interval
            )
            rows.append(Timed(pk, child_id, seen or begun, since, on_time))
        out[day] = rows
    return out


# --- One child's records (the API's journey reads) -----------------------------------------------
# The child's records as the pages show them (`core.selectors.records_of`: nothing struck through
# or removed), with what each list needs fetched in the same few queries.


def cin_episodes_of(*, child) -> QuerySet[CINEpisode]:
    return records_of(CINEpisode, child=child)


def assessments_of(*, child) -> QuerySet[Assessment]:
    return (
        records_of(Assessment, child=child)
        .select_related("authorised_by")
        .prefetch_related("factors")
    )


def cin_plans_of(*, child) -> QuerySet[CINPlan]:
    return records_of(CINPlan, child=child).prefetch_related(
        Prefetch("reviews", queryset=CINPlanReview.objects.live().order_by("date", "pk"))
    )


def strategy_discussions_of(*, child) -> QuerySet[StrategyDiscussion]:
    return records_of(StrategyDiscussion, child=child)


def section47s_of(*, child) -> QuerySet[Section47Enquiry]:
    return records_of(Section47Enquiry, child=child)


def cp_plans_of(*, child) -> QuerySet[CPPlan]:
    return records_of(CPPlan, child=child)


def conferences_of(*, child) -> QuerySet[ChildProtectionConference]:
    return records_of(ChildProtectionConference, child=child).select_related("chair")
