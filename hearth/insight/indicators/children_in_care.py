"""Members of the children in care, adoption and proceedings indicators."""

from __future__ import annotations

from hearth.care import selectors as care
from hearth.core import codes
from hearth.insight.indicators.engine import (
    Member,
    _cohort,
    _flagged,
    _labels,
    _records,
)

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
