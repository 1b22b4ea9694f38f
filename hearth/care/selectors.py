"""Counts and lists for children looked after, placements, missing episodes and care leavers.

The definitions of the numbers (see ``hearth.casework.selectors`` for the conventions: a record
is open on a day when ``start <= day`` and it has not ended by then, ``end > day``).

Children looked after exclude those looked after only under a series of short breaks (legal
status V3/V4), as the DfE does in its published figures.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import NamedTuple

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from hearth.care.models import (
    CareLeaverContact,
    LACReview,
    LegalStatus,
    MissingEpisode,
    PathwayPlan,
    PeriodOfCare,
    Placement,
)
from hearth.casework import clocks
from hearth.casework.selectors import Proportion
from hearth.core import codes, geo
from hearth.core.calendar import add_months
from hearth.core.dates import day_bounds
from hearth.core.selectors import records_of

EET_ACTIVITIES = frozenset({"F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5"})
"""OC3 activity codes meaning in education, employment or training."""

FAR_MILES = 20.0


def open_period_of_care(*, child) -> PeriodOfCare | None:
    """The child's open period of care, if any (at most one: `one_open_period_of_care`)."""
    return PeriodOfCare.objects.live().filter(child=child, end_date__isnull=True).first()


def _short_break_on(day: dt.date):
    return Exists(
        LegalStatus.objects.filter(
            period_id=OuterRef("pk"), code__in=codes.SHORT_BREAK_LEGAL_STATUSES
        ).open_on(day)
    )


def _short_break_only():
    """Periods whose every legal status is a short-break one (V3/V4)."""
    return ~Exists(
        LegalStatus.objects.filter(period_id=OuterRef("pk")).exclude(
            code__in=codes.SHORT_BREAK_LEGAL_STATUSES
        )
    )


def cla_open_on(*, day: dt.date, qs: QuerySet | None = None) -> QuerySet[PeriodOfCare]:
    """Periods of care open on ``day``, leaving out children on short breaks (V3/V4) that day.

    One row per looked-after child (a child has at most one open period of care)."""
    qs = (PeriodOfCare.objects.all() if qs is None else qs).live()
    return qs.open_on(day).exclude(_short_break_on(day))


def cla_started_in_period(
    *, start: dt.date, end: dt.date, qs: QuerySet | None = None
) -> QuerySet[PeriodOfCare]:
    """Periods of care that began in [start, end], except short-break-only ones."""
    qs = (PeriodOfCare.objects.all() if qs is None else qs).live()
    return qs.filter(start_date__gte=start, start_date__lte=end).exclude(_short_break_only())


def cla_ceased_in_period(*, start: dt.date, end: dt.date) -> QuerySet[PeriodOfCare]:
    return (
        PeriodOfCare.objects.all()
        .live()
        .filter(end_date__gte=start, end_date__lte=end)
        .exclude(_short_break_only())
    )


def cla_during_period(*, start: dt.date, end: dt.date) -> QuerySet[PeriodOfCare]:
    """Periods of care overlapping [start, end] (not short-break-only)."""
    return (
        PeriodOfCare.objects.all()
        .live()
        .filter(start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .exclude(_short_break_only())
    )


def placements_open_on(*, day: dt.date) -> QuerySet[Placement]:
    """Current placements of the children looked after on ``day``."""
    return (
        Placement.objects.live().open_on(day).filter(period__in=cla_open_on(day=day).values("pk"))
    )


def legal_statuses_open_on(*, day: dt.date) -> QuerySet[LegalStatus]:
    return (
        LegalStatus.objects.live().open_on(day).filter(period__in=cla_open_on(day=day).values("pk"))
    )


def placement_type_distribution_on(*, day: dt.date) -> dict[str, int]:
    """Children looked after on ``day`` by placement group (``codes.PLACEMENT_GROUP``)."""
    counts = Counter(
        codes.PLACEMENT_GROUP.get(place, "other")
        for place in placements_open_on(day=day).values_list("place", flat=True)
    )
    return dict(sorted(counts.items()))


def legal_status_distribution_on(*, day: dt.date) -> dict[str, int]:
    """Children looked after on ``day`` by legal status group (``codes.LEGAL_STATUS_GROUP``)."""
    counts = Counter(
        codes.LEGAL_STATUS_GROUP.get(code, "other")
        for code in legal_statuses_open_on(day=day).values_list("code", flat=True)
    )
    return dict(sorted(counts.items()))


def placed_more_than_20_miles_on(*, day: dt.date) -> Proportion:
    """Children looked after on ``day`` placed more than 20 miles from home, out of those whose
    distance is known (home and placement postcodes both known; so UASC are left out). The
    distance is the SSDA903 validator's straight-line ``PL_DISTANCE``."""
    far = known = 0
    rows = placements_open_on(day=day).values_list("postcode", "period__home_postcode")
    for placed, home in rows:
        if not placed or not home:
            continue
        miles = geo.distance_miles(home, placed)
        if miles is None:
            continue
        known += 1
        far += miles > FAR_MILES
    return Proportion(far, known)


def placements_in_period_by_child(*, start: dt.date, end: dt.date) -> dict[int, int]:
    """Child -> number of placements (not temporary moves) overlapping [start, end]."""
    qs = (
        Placement.objects.all()
        .live()
        .filter(start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .exclude(place__in=codes.TEMPORARY_PLACEMENTS)
    )
    return dict(Counter(qs.values_list("child_id", flat=True)))


def three_or_more_placements(*, start: dt.date, end: dt.date) -> Proportion:
    """Children looked after at ``end`` who had three or more placements in [start, end]."""
    per_child = placements_in_period_by_child(start=start, end=end)
    children = list(cla_open_on(day=end).values_list("child_id", flat=True))
    return Proportion(sum(per_child.get(c, 0) >= 3 for c in children), len(children))


def missing_in_period(*, start: dt.date, end: dt.date) -> Proportion:
    """Children looked after during [start, end] who went missing from care in it."""
    periods = list(cla_during_period(start=start, end=end).values_list("child_id", flat=True))
    missing_children = set(
        MissingEpisode.objects.all()
        .live()
        .filter(
            kind=MissingEpisode.Kind.MISSING,
            from_placement=True,
            started_at__gte=day_bounds(start, end)[0],
            started_at__lt=day_bounds(start, end)[1],
        )
        .values_list("child_id", flat=True)
    )
    children = set(periods)
    return Proportion(len(children & missing_children), len(children))


def care_leavers(*, day: dt.date) -> dict[int, tuple[dt.date, dt.date | None]]:
    """Care leavers known on ``day``: child -> (date of birth, date care ended).

    A care leaver (former relevant child) ceased care on or after their 16th birthday having been
    looked after for at least 13 weeks since their 14th birthday (short breaks not counted).
    A young person whose care Hearth holds no record of, but whom an imported return states to
    be a care leaver (OC3), counts too: the date care ended is then the one stated, or None when
    care ended "before the history we hold"."""
    rows = (
        PeriodOfCare.objects.all()
        .live()
        .exclude(_short_break_only())
        .filter(child__date_of_birth__isnull=False, start_date__lte=day)
        .values_list("child_id", "child__date_of_birth", "start_date", "end_date")
    )
    return _with_stated_leavers(_care_leavers_from(rows, day), _stated_leavers(), day)


def _stated_leavers() -> list[tuple[int, dt.date, dt.date | None]]:
    """(child, date of birth, date care ended or None) of every care leaver stated by an
    imported return, for children Hearth holds no period of care for."""
    from hearth.casework.models import StatedHistory

    held = PeriodOfCare.objects.filter(child_id=OuterRef("child_id")).live()
    return list(
        StatedHistory.objects.filter(fact=StatedHistory.Fact.CARE_LEAVER)
        .live()
        .filter(child__date_of_birth__isnull=False)
        .exclude(Exists(held))
        .values_list("child_id", "child__date_of_birth", "about")
    )


def _with_stated_leavers(held: dict, stated: list, day: dt.date) -> dict:
    """``held`` plus the stated care leavers already care leavers on ``day``: care ended by then,
    or (date unknown) they were at least 16, the earliest a young person leaves care as one."""
    out = dict(held)
    for child_id, dob, ended in stated:
        if child_id in out:
            continue
        if (ended or add_months(dob, n=16 * 12)) <= day:
            out[child_id] = (dob, ended)
    return out


def _care_leavers_from(
    rows, day: dt.date, birthdays: dict | None = None
) -> dict[int, tuple[dt.date, dt.date]]:
    """``care_leavers`` from its rows (child_id, date of birth, start, end of each period of
    care starting on or before ``day``), shared with ``care_leavers_on_days``; ``birthdays``
    caches date of birth -> (14th, 16th birthdays) across calls."""
    birthdays = {} if birthdays is None else birthdays
    days_after_14: Counter = Counter()
    left: dict[int, tuple[dt.date, dt.date]] = {}
    for child_id, dob, begun, ended in rows:
        if dob not in birthdays:
            birthdays[dob] = (add_months(dob, n=14 * 12), add_months(dob, n=16 * 12))
        fourteen, sixteen = birthdays[dob]
        stop = min(ended or day, day)
        first = max(begun, fourteen)
        if stop > first:
            days_after_14[child_id] += (stop - first).days
        left_at_16_plus = ended and sixteen <= ended <= day
        if left_at_16_plus and (child_id not in left or left[child_id][1] < ended):
            left[child_id] = (dob, ended)
    return {c: v for c, v in left.items() if days_after_14[c] >= 91}


def care_leavers_eet(*, start: dt.date, end: dt.date) -> Proportion:
    """Care leavers whose 19th, 20th or 21st birthday fell in [start, end] and who were in
    education, employment or training (OC3 activity) at the contact around that birthday
    (from 3 months before to 1 month after). Those with no contact count as not known (not EET).
    """
    cohort: dict[int, dt.date] = {}
    for child_id, (dob, _left) in care_leavers(day=end).items():
        for age in (19, 20, 21):
            birthday = add_months(dob, n=age * 12)
            if start <= birthday <= end:
                cohort[child_id] = birthday
    if not cohort:
        return Proportion(0, 0)
    contacts: dict[int, list[tuple[dt.date, str]]] = {}
    for child_id, day, activity in (
        CareLeaverContact.objects.filter(child_id__in=list(cohort))
        .live()
        .order_by("date")
        .values_list("child_id", "date", "activity")
    ):
        contacts.setdefault(child_id, []).append((day, activity))
    eet = 0
    for child_id, birthday in cohort.items():
        window = [
            activity
            for day, activity in contacts.get(child_id, ())
            if add_months(birthday, n=-3) <= day <= add_months(birthday, n=1)
        ]
        if window and window[-1] in EET_ACTIVITIES:
            eet += 1
    return Proportion(eet, len(cohort))


# --- Row-level definitions for indicators and their drill-downs (added for issue 7) ----------
#
# The children behind each number, so dashboards can count them for any team and list them.
# Where a function above returns only a Proportion, the rows here follow the same rule and a
# test pins the two together.

LONG_TERM_CARE_MONTHS = 30
LONG_TERM_PLACEMENT_MONTHS = 24
"""DfE's long-term stability measure (a cohort definition, not a timescale)."""


def placement_distances_on(*, day: dt.date) -> dict[int, float]:
    """Child -> straight-line miles from home to placement on ``day``, for the children looked
    after whose distance is known (the rows behind ``placed_more_than_20_miles_on``)."""
    out: dict[int, float] = {}
    rows = placements_open_on(day=day).values_list("child_id", "postcode", "period__home_postcode")
    for child_id, placed, home in rows:
        if not placed or not home:
            continue
        miles = geo.distance_miles(home, placed)
        if miles is not None:
            out[child_id] = miles
    return out


def placements_in_year_for_cla(*, start: dt.date, end: dt.date) -> dict[int, int]:
    """Children looked after at ``end`` -> placements in [start, end] (the rows behind
    ``three_or_more_placements``)."""
    per_child = placements_in_period_by_child(start=start, end=end)
    return {c: per_child.get(c, 0) for c in cla_open_on(day=end).values_list("child_id", flat=True)}


def long_term_stability_on(*, day: dt.date) -> dict[int, bool]:
    """Children under 16 on ``day`` looked after for 2.5 years or more -> in the same placement
    for at least 2 years (DfE's long-term stability measure; temporary moves ignored)."""
    from hearth.core.calendar import age_on

    cohort = {
        child_id
        for child_id, begun, dob in cla_open_on(day=day).values_list(
            "child_id", "start_date", "child__date_of_birth"
        )
        if dob and age_on(dob, on=day) < 16 and begun <= add_months(day, n=-LONG_TERM_CARE_MONTHS)
    }
    stable = set(
        Placement.objects.filter(child_id__in=cohort)
        .live()
        .open_on(day)
        .exclude(place__in=codes.TEMPORARY_PLACEMENTS)
        .filter(start_date__lte=add_months(day, n=-LONG_TERM_PLACEMENT_MONTHS))
        .values_list("child_id", flat=True)
    )
    return {c: c in stable for c in cohort}


def missing_from_care_in_period(*, start: dt.date, end: dt.date) -> QuerySet[MissingEpisode]:
    """Missing (not absent) episodes from a placement that began in [start, end] (the episodes
    behind ``missing_in_period``; only those of children looked after in the period count)."""
    return (
        MissingEpisode.objects.all()
        .live()
        .filter(
            kind=MissingEpisode.Kind.MISSING,
            from_placement=True,
            started_at__gte=day_bounds(start, end)[0],
            started_at__lt=day_bounds(start, end)[1],
        )
        .filter(child_id__in=cla_during_period(start=start, end=end).values("child_id"))
    )


def return_interviews_in_period(*, start: dt.date, end: dt.date) -> list[tuple]:
    """Missing episodes of looked-after children that ended (the child returned) in
    [start, end]: (pk, child_id, returned_at, offered within 72 hours, completed within 72
    hours). Elapsed hours, across clock changes. Episodes imported from a return that says
    nothing about a return interview are left out: unknown, not "not offered"."""
    rows = []
    qs = (
        MissingEpisode.objects.filter(return_interview_recorded=True)
        .live()
        .filter(
            kind=MissingEpisode.Kind.MISSING,
            returned_at__gte=day_bounds(start, end)[0],
            returned_at__lt=day_bounds(start, end)[1],
        )
        .filter(child_id__in=cla_during_period(start=start, end=end).values("child_id"))
    )
    for pk, child_id, back, offered, done in qs.values_list(
        "pk",
        "child_id",
        "returned_at",
        "return_interview_offered_at",
        "return_interview_completed_at",
    ):
        rows.append(
            (
                pk,
                child_id,
                back,
                clocks.RETURN_INTERVIEW.on_time(back, done=offered),
                clocks.RETURN_INTERVIEW.on_time(back, done=done),
            )
        )
    return rows


def exploitation_assessed(*, start: dt.date, end: dt.date) -> dict[int, bool]:
    """Children looked after who went missing from care in [start, end] -> an exploitation
    (CSE/CCE) risk assessment with the LA's tool dated in the 12 months up to ``end``."""
    from hearth.care.models import ExploitationRiskAssessment

    children = set(
        missing_from_care_in_period(start=start, end=end).values_list("child_id", flat=True)
    )
    done = set(
        ExploitationRiskAssessment.objects.filter(
            child_id__in=children, date__gt=add_months(end, n=-12), date__lte=end
        )
        .live()
        .values_list("child_id", flat=True)
    )
    return {c: c in done for c in children}


def cla_twelve_months_on(*, day: dt.date) -> dict[int, dt.date | None]:
    """Children looked after continuously for the 12 months to ``day`` (the SSDA903 OC2 cohort,
    ``hearth.care.episodes.oc2_cohort``) -> date of birth."""
    from hearth.care.episodes import oc2_cohort

    return oc2_cohort(day=day)


def health_checks_in_year(*, day: dt.date, kind: str) -> dict[int, bool]:
    """OC2 cohort on ``day`` -> a health check of ``kind`` dated in the 12 months to ``day``.
    SDQs count only the children the OC2 asks an SDQ for (``episodes.sdq_due``: 4 or over at
    ``day``, not 17 before the year began)."""
    from hearth.care.episodes import sdq_due, year_to
    from hearth.care.models import HealthCheck
    from hearth.casework.models import StatedHistory

    cohort = cla_twelve_months_on(day=day)
    if kind == HealthCheck.Kind.SDQ:
        start, end = year_to(day)
        cohort = {c: dob for c, dob in cohort.items() if sdq_due(dob, start=start, end=end)}
    done = set(
        HealthCheck.objects.filter(
            child_id__in=list(cohort), kind=kind, date__gt=add_months(day, n=-12), date__lte=day
        )
        .live()
        .values_list("child_id", flat=True)
    )
    # An imported return's undated "had one in the year" counts for the year it describes.
    done |= set(
        StatedHistory.objects.filter(child_id__in=list(cohort), fact=kind, about=day, value="1")
        .live()
        .values_list("child_id", flat=True)
    )
    return {c: c in done for c in cohort}


def convicted_or_cautioned(*, day: dt.date) -> dict[int, bool]:
    """OC2 cohort aged 10 or over on ``day`` -> convicted or cautioned in the 12 months to it."""
    from hearth.care.models import Offence
    from hearth.core.calendar import age_on

    cohort = [
        c for c, dob in cla_twelve_months_on(day=day).items() if dob and age_on(dob, on=day) >= 10
    ]
    done = set(
        Offence.objects.filter(child_id__in=cohort, date__gt=add_months(day, n=-12), date__lte=day)
        .live()
        .values_list("child_id", flat=True)
    )
    return {c: c in done for c in cohort}


def cla_review_timeliness(*, start: dt.date, end: dt.date) -> list[tuple]:
    """Looked-after reviews held in [start, end]: (pk, child_id, date, on time). The first review
    is due within 20 working days of the start of care, the second within 3 months of the first,
    later ones within 6 months of the previous: ``clocks.lac_review_due``, the schedule My work
    uses, applied to the reviews held before each one."""
    from hearth.care.models import LACReview

    reviews = (
        LACReview.objects.filter(date__lte=end)
        .live()
        .order_by("period_id", "date")
        .values_list("pk", "child_id", "period_id", "period__start_date", "date")
    )
    held_before: dict[int, list[dt.date]] = {}
    rows = []
    for pk, child_id, period_id, begun, held in reviews:
        earlier = held_before.setdefault(period_id, [])
        due = clocks.lac_review_due(begun, reviews=earlier)
        earlier.append(held)
        if held >= start:
            rows.append((pk, child_id, held, held <= due))
    return rows


def care_proceedings_concluded(*, start: dt.date, end: dt.date) -> QuerySet:
    """Care proceedings with a final order in [start, end]."""
    from hearth.care.models import CareProceedings

    return CareProceedings.objects.filter(
        final_order_date__gte=start, final_order_date__lte=end
    ).live()


def adopted_in_period(*, start: dt.date, end: dt.date) -> QuerySet[PeriodOfCare]:
    """Periods of care that ended in [start, end] with an adoption order (REC E11/E12)."""
    return cla_ceased_in_period(start=start, end=end).filter(
        reason_ceased__in=codes.ADOPTED_REASONS
    )


def adoption_timeliness_a1(*, start: dt.date, end: dt.date) -> dict[int, int]:
    """Children adopted in [start, end] -> days from entering care to moving in with their
    adoptive family (the adoption scorecard's A1)."""
    from hearth.care.models import Adoption

    periods = dict(adopted_in_period(start=start, end=end).values_list("child_id", "start_date"))
    out = {}
    for child_id, placed in (
        Adoption.objects.filter(child_id__in=list(periods), placed_date__isnull=False)
        .live()
        .order_by("placed_date")
        .values_list("child_id", "placed_date")
    ):
        if placed >= periods[child_id]:
            out[child_id] = (placed - periods[child_id]).days
    return out


def adoption_timeliness_a2(*, start: dt.date, end: dt.date) -> dict[int, int]:
    """Children matched with adopters in [start, end] -> days from placement order to match
    (the adoption scorecard's A2)."""
    from hearth.care.models import Adoption

    return {
        child_id: (matched - order).days
        for child_id, order, matched in Adoption.objects.filter(
            match_date__gte=start, match_date__lte=end, placement_order_date__isnull=False
        )
        .live()
        .values_list("child_id", "placement_order_date", "match_date")
    }


def _contact_around(birthday: dt.date, contacts) -> CareLeaverContact | None:
    """The latest of `contacts` (in date order) from 3 months before to 1 month after the
    birthday (the OC3 contact window), or None."""
    window = [
        c for c in contacts if add_months(birthday, n=-3) <= c.date <= add_months(birthday, n=1)
    ]
    return window[-1] if window else None


def care_leaver_birthday_contacts(
    *, start: dt.date, end: dt.date, ages: tuple[int, ...]
) -> dict[int, tuple[dt.date, CareLeaverContact | None]]:
    """Care leavers whose birthday at one of ``ages`` fell in [start, end] -> (that birthday,
    the latest contact from 3 months before to 1 month after it, or None): the OC3 rule that
    ``care_leavers_eet`` uses."""
    cohort: dict[int, dt.date] = {}
    for child_id, (dob, _left) in care_leavers(day=end).items():
        for age in ages:
            birthday = add_months(dob, n=age * 12)
            if start <= birthday <= end:
                cohort[child_id] = birthday
    contacts: dict[int, list[CareLeaverContact]] = {}
    for contact in (
        CareLeaverContact.objects.filter(child_id__in=list(cohort)).live().order_by("date")
    ):
        contacts.setdefault(contact.child_id, []).append(contact)
    out = {}
    for child_id, birthday in cohort.items():
        out[child_id] = (birthday, _contact_around(birthday, contacts.get(child_id, ())))
    return out


def care_leavers_under_21_on(*, day: dt.date) -> dict[int, dt.date]:
    """Care leavers aged 18 to 20 on ``day`` -> date of birth (those owed a pathway plan and a
    personal adviser until 21)."""
    from hearth.core.calendar import age_on

    return {
        c: dob
        for c, (dob, _left) in care_leavers(day=day).items()
        if 18 <= age_on(dob, on=day) < 21
    }


def pathway_plans_current(*, day: dt.date) -> dict[int, bool]:
    """Care leavers aged 18-20 on ``day`` -> their latest pathway plan is not overdue for
    review on ``day``."""
    from hearth.care.models import PathwayPlan

    cohort = care_leavers_under_21_on(day=day)
    latest: dict[int, dt.date] = {}
    for child_id, due in (
        PathwayPlan.objects.filter(child_id__in=list(cohort), date__lte=day)
        .live()
        .order_by("date")
        .values_list("child_id", "review_due")
    ):
        latest[child_id] = due
    return {c: latest.get(c, dt.date.min) >= day for c in cohort}


def entitlements_recorded(*, day: dt.date) -> dict[int, bool]:
    """Care leavers aged 18-20 on ``day`` -> information on their rights and entitlements and on
    accessing their health history given and recorded."""
    from hearth.care.models import EntitlementsInformation

    cohort = care_leavers_under_21_on(day=day)
    given = set(
        EntitlementsInformation.objects.filter(
            child_id__in=list(cohort),
            date__lte=day,
            rights_explained=True,
            health_history_explained=True,
        )
        .live()
        .values_list("child_id", flat=True)
    )
    return {c: c in given for c in cohort}


# --- Many as-at dates or periods at once (added for issue 7: the 12-month trends) --------------
#
# For each day (or each (start, end) window), exactly what the function of the same name without
# the suffix gives, from one load of the rows that can count in any of them. Tests pin each to
# its per-day original.


def cla_open_on_days(*, days: list[dt.date]) -> dict[dt.date, list[tuple[int, int, dt.date]]]:
    """Day -> ``cla_open_on(day=day)`` as (pk, child_id, start_date): periods of care open that
    day whose child was not on a short break (V3/V4 legal status open) that day."""
    from hearth.casework.selectors import open_days

    days = sorted(set(days))
    on_break: set[tuple[int, dt.date]] = set()
    for period_id, begun, ended in (
        LegalStatus.objects.filter(
            code__in=codes.SHORT_BREAK_LEGAL_STATUSES, start_date__lte=days[-1]
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=days[0]))
        .values_list("period_id", "start_date", "end_date")
    ):
        on_break.update((period_id, day) for day in open_days(days, begun, ended))
    out: dict[dt.date, list] = {day: [] for day in days}
    for pk, child_id, begun, ended in (
        PeriodOfCare.objects.all()
        .live()
        .filter(start_date__lte=days[-1])
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=days[0]))
        .order_by("pk")
        .values_list("pk", "child_id", "start_date", "end_date")
    ):
        row = (pk, child_id, begun)
        for day in open_days(days, begun, ended):
            if (pk, day) not in on_break:
                out[day].append(row)
    return out


def placements_in_year_for_cla_windows(
    *, windows: list[tuple[dt.date, dt.date]]
) -> list[dict[int, int]]:
    """For each (start, end): ``placements_in_year_for_cla(start=start, end=end)``."""
    lo = min(s for s, _e in windows)
    hi = max(e for _s, e in windows)
    placements = list(
        Placement.objects.all()
        .live()
        .filter(start_date__lte=hi)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=lo))
        .exclude(place__in=codes.TEMPORARY_PLACEMENTS)
        .values_list("child_id", "start_date", "end_date")
    )
    cla = cla_open_on_days(days=sorted({e for _s, e in windows}))
    out = []
    for start, end in windows:
        per_child = Counter(c for c, b, e in placements if b <= end and (e is None or e >= start))
        out.append({c: per_child.get(c, 0) for _pk, c, _b in cla[end]})
    return out


def missing_children_windows(
    *, windows: list[tuple[dt.date, dt.date]]
) -> list[tuple[set[int], set[int]]]:
    """For each (start, end): (children looked after during it, as ``cla_during_period``; those
    of them with a missing episode from care starting in it, as
    ``missing_from_care_in_period``)."""
    from hearth.casework.selectors import dt_local_date

    lo = min(s for s, _e in windows)
    hi = max(e for _s, e in windows)
    periods = list(
        cla_during_period(start=lo, end=hi).values_list("child_id", "start_date", "end_date")
    )
    bounds = day_bounds(lo, hi)
    episodes = [
        (child_id, dt_local_date(started))
        for child_id, started in MissingEpisode.objects.all()
        .live()
        .filter(
            kind=MissingEpisode.Kind.MISSING,
            from_placement=True,
            started_at__gte=bounds[0],
            started_at__lt=bounds[1],
        )
        .values_list("child_id", "started_at")
    ]
    out = []
    for start, end in windows:
        during = {c for c, b, e in periods if b <= end and (e is None or e >= start)}
        went = {c for c, day in episodes if start <= day <= end and c in during}
        out.append((during, went))
    return out


def care_leavers_on_days(*, days: list[dt.date]) -> dict[dt.date, dict]:
    """Day -> ``care_leavers(day=day)``, reading the periods of care once."""
    rows = list(
        PeriodOfCare.objects.all()
        .live()
        .exclude(_short_break_only())
        .filter(child__date_of_birth__isnull=False, start_date__lte=max(days))
        .order_by("pk")
        .values_list("child_id", "child__date_of_birth", "start_date", "end_date")
    )
    birthdays: dict = {}
    stated = _stated_leavers()
    return {
        day: _with_stated_leavers(
            _care_leavers_from([r for r in rows if r[2] <= day], day, birthdays), stated, day
        )
        for day in days
    }


def care_leaver_birthday_contacts_windows(
    *, windows: list[tuple[dt.date, dt.date]], ages: tuple[int, ...]
) -> list[dict[int, tuple[dt.date, CareLeaverContact | None]]]:
    """For each (start, end): ``care_leaver_birthday_contacts(start=start, end=end, ages=ages)``,
    reading periods of care and contacts once."""
    leavers = care_leavers_on_days(days=sorted({e for _s, e in windows}))
    birthdays: dict[dt.date, list[dt.date]] = {}
    cohorts = []
    for start, end in windows:
        cohort: dict[int, dt.date] = {}
        for child_id, (dob, _left) in leavers[end].items():
            if dob not in birthdays:
                birthdays[dob] = [add_months(dob, n=age * 12) for age in ages]
            for birthday in birthdays[dob]:
                if start <= birthday <= end:
                    cohort[child_id] = birthday
        cohorts.append(cohort)
    everyone = set().union(*cohorts)
    contacts: dict[int, list[CareLeaverContact]] = {}
    for contact in (
        CareLeaverContact.objects.filter(child_id__in=list(everyone)).live().order_by("date")
    ):
        contacts.setdefault(contact.child_id, []).append(contact)
    out = []
    for cohort in cohorts:
        got = {}
        for child_id, birthday in cohort.items():
            got[child_id] = (birthday, _contact_around(birthday, contacts.get(child_id, ())))
        out.append(got)
    return out


# --- Pre-proceedings and family group decision-making -------------------------------------------

SAME_APPLICATION_DAYS = 31
"""A pre-proceedings application date and care proceedings issued for the same child within
this many days are one application to court, recorded twice (made, then issued)."""

FGDM_LOOKBACK_DAYS = 365
"""A family network meeting counts as offered before an application when the offer is dated in
the 365 days up to and including the application day."""


class CourtApplication(NamedTuple):
    """An application to court for a care or supervision order, with the family network
    meeting offered before it (the offer, and what came of it), if any."""

    child_id: int
    date: dt.date
    offered: bool
    offered_date: dt.date | None = None
    held: bool = False
    held_date: dt.date | None = None
    declined_date: dt.date | None = None


def _application_dates(child_ids) -> dict[int, list[dt.date]]:
    from hearth.care.models import CareProceedings, PreProceedings

    dates: dict[int, set[dt.date]] = {}
    for child_id, day in (
        CareProceedings.objects.live()
        .filter(child_id__in=child_ids)
        .values_list("child_id", "issued_date")
    ):
        dates.setdefault(child_id, set()).add(day)
    for child_id, day in (
        PreProceedings.objects.live()
        .filter(child_id__in=child_ids, court_application_date__isnull=False)
        .values_list("child_id", "court_application_date")
    ):
        dates.setdefault(child_id, set()).add(day)
    out = {}
    for child_id, days in dates.items():
        # One application per run of dates within SAME_APPLICATION_DAYS of its first, dated by
        # the first: the same for every period asked about, so a trend counts it once.
        firsts: list[dt.date] = []
        for day in sorted(days):
            if not firsts or (day - firsts[-1]).days > SAME_APPLICATION_DAYS:
                firsts.append(day)
        out[child_id] = firsts
    return out


def court_applications(*, start: dt.date, end: dt.date) -> list[CourtApplication]:
    """Applications to court for a care or supervision order dated in [start, end]: care
    proceedings issued (``CareProceedings.issued_date``) and pre-proceedings that ended in an
    application (``PreProceedings.court_application_date``), the two records of one application
    counted once (``SAME_APPLICATION_DAYS``). Each says whether a family network meeting was
    offered before it (Children's Wellbeing and Schools Act 2026 s1): an offer recorded in the
    child's pre-proceedings dated in the ``FGDM_LOOKBACK_DAYS`` up to the application, or, for
    pre-proceedings imported from a return that states an offer without a date, pre-proceedings
    begun in that time. An application with no pre-proceedings (an emergency) had no offer."""
    from hearth.care.models import CareProceedings, PreProceedings

    margin = dt.timedelta(days=SAME_APPLICATION_DAYS)
    lo, hi = start - margin, end + margin
    children = set(
        CareProceedings.objects.live()
        .filter(issued_date__gte=lo, issued_date__lte=hi)
        .values_list("child_id", flat=True)
    ) | set(
        PreProceedings.objects.live()
        .filter(court_application_date__gte=lo, court_application_date__lte=hi)
        .values_list("child_id", flat=True)
    )
    if not children:
        return []
    offers: dict[int, list[tuple]] = {}
    for row in (
        PreProceedings.objects.live()
        .filter(child_id__in=children)
        .filter(Q(fgdm_offered_date__isnull=False) | Q(fgdm_offered_stated=True))
        .values_list(
            "child_id",
            "start_date",
            "fgdm_offered_date",
            "fgdm_held_date",
            "fgdm_held_stated",
            "fgdm_declined_date",
        )
        .order_by("start_date", "pk")
    ):
        offers.setdefault(row[0], []).append(row[1:])
    out = []
    lookback = dt.timedelta(days=FGDM_LOOKBACK_DAYS)
    for child_id, days in _application_dates(children).items():
        for day in days:
            if not start <= day <= end:
                continue
            before = [
                o for o in offers.get(child_id, ()) if day - lookback <= (o[1] or o[0]) <= day
            ]
            if not before:
                out.append(CourtApplication(child_id, day, False))
                continue
            _begun, offered, held, held_stated, declined = before[-1]
            out.append(
                CourtApplication(
                    child_id,
                    day,
                    True,
                    offered,
                    bool(held) or bool(held_stated),
                    held,
                    declined,
                )
            )
    out.sort(key=lambda a: (a.date, a.child_id))
    return out


def pre_proceedings_open_on(*, day: dt.date) -> QuerySet:
    """Pre-proceedings begun on or before `day` with no decision to step up or down by then."""
    from hearth.care.models import PreProceedings

    return PreProceedings.objects.live().open_on(day, end="decision_date")


def pre_proceedings_decided_in_period(*, start: dt.date, end: dt.date) -> QuerySet:
    """Pre-proceedings that ended (the decision to go to court or step down) in [start, end]."""
    from hearth.care.models import PreProceedings

    return PreProceedings.objects.live().filter(decision_date__gte=start, decision_date__lte=end)


def pre_proceedings_open_on_days(*, days: list[dt.date]) -> dict[dt.date, list[tuple]]:
    """``pre_proceedings_open_on`` for many days from one read: for each day the rows
    (pk, child_id, start_date, fgdm_offered_date, fgdm_offered_stated, fgdm_held_date,
    fgdm_held_stated, fgdm_declined_date) open on it."""
    from hearth.care.models import PreProceedings

    if not days:
        return {}
    rows = list(
        PreProceedings.objects.live()
        .filter(start_date__lte=max(days))
        .filter(Q(decision_date__isnull=True) | Q(decision_date__gt=min(days)))
        .values_list("decision_date", *PRE_PROCEEDINGS_STAGE_FIELDS)
    )
    return {
        day: [r[1:] for r in rows if r[3] <= day and (r[0] is None or r[0] > day)] for day in days
    }


PRE_PROCEEDINGS_STAGE_FIELDS = (
    "pk",
    "child_id",
    "start_date",
    "fgdm_offered_date",
    "fgdm_offered_stated",
    "fgdm_held_date",
    "fgdm_held_stated",
    "fgdm_declined_date",
)
# --- One child's records (the API's journey reads) -----------------------------------------------
# As the pages show them (`core.selectors.records_of`): nothing struck through or removed, the
# placements and legal statuses of a period included on the same terms.


def periods_of_care_of(*, child) -> QuerySet[PeriodOfCare]:
    return records_of(PeriodOfCare, child=child).prefetch_related(
        Prefetch("placements", queryset=Placement.objects.live().order_by("start_date", "pk")),
        Prefetch(
            "legal_statuses", queryset=LegalStatus.objects.live().order_by("start_date", "pk")
        ),
    )


def lac_reviews_of(*, child) -> QuerySet[LACReview]:
    return records_of(LACReview, child=child).select_related("iro")


def missing_episodes_of(*, child) -> QuerySet[MissingEpisode]:
    return records_of(MissingEpisode, child=child)


def pathway_plans_of(*, child) -> QuerySet[PathwayPlan]:
    return records_of(PathwayPlan, child=child)
