"""Members of the children in need and child protection indicators."""

from __future__ import annotations

from hearth.casework import selectors as cw
from hearth.core import codes
from hearth.insight.indicators.engine import (
    Member,
    _flagged,
    _labels,
    _records,
    _timed,
)
from hearth.workforce import selectors as wf

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
