"""Members of the Families First indicators: family network meetings before applications to
court and pre-proceedings (Children's Wellbeing and Schools Act 2026 s1), kinship care, and
information sharing (Children Act 2004 s16LA)."""

from __future__ import annotations

from hearth.care import kinship
from hearth.care import selectors as care
from hearth.care.models import PreProceedings
from hearth.insight.indicators.engine import Member, _labels
from hearth.sharing import selectors as sharing
from hearth.sharing.models import SharingDecision

# --- Family network meetings and pre-proceedings ---------------------------------------------

MEETING_HELD = "Family network meeting held"
MEETING_DECLINED = "Family network meeting offered, declined"
MEETING_OFFERED = "Family network meeting offered"
MEETING_NOT_OFFERED = "No family network meeting offered"


def _day(d) -> str:
    return f"{d:%-d %b %Y}"


def _application_member(a: care.CourtApplication) -> Member:
    if not a.offered:
        return Member(a.child_id, a.date, False, group=MEETING_NOT_OFFERED, detail="Not offered")
    offered = f"Offered {_day(a.offered_date)}" if a.offered_date else "Offered"
    if a.held:
        group = MEETING_HELD
        detail = f"{offered}, held {_day(a.held_date)}" if a.held_date else f"{offered}, held"
    elif a.declined_date:
        group, detail = MEETING_DECLINED, f"{offered}, declined {_day(a.declined_date)}"
    else:
        group, detail = MEETING_OFFERED, offered
    return Member(a.child_id, a.date, True, group=group, detail=detail)


def _fgdm_before_proceedings(ctx):
    return [_application_member(a) for a in care.court_applications(start=ctx.start, end=ctx.end)]


def _stage(offered_date, offered_stated, held_date, held_stated, declined_date) -> str:
    if held_date or held_stated:
        return MEETING_HELD
    if declined_date:
        return MEETING_DECLINED
    if offered_date or offered_stated:
        return MEETING_OFFERED
    return MEETING_NOT_OFFERED


def _pp_member(row) -> Member:
    _pk, child_id, start, *fgdm = row
    stage = _stage(*fgdm)
    return Member(child_id, start, stage != MEETING_NOT_OFFERED, group=stage)


def _pre_proceedings_open(ctx):
    return [
        _pp_member(row)
        for row in care.pre_proceedings_open_on(day=ctx.as_of).values_list(
            *care.PRE_PROCEEDINGS_STAGE_FIELDS
        )
    ]


_OUTCOMES = _labels(PreProceedings.Outcome)


def _pre_proceedings_outcomes(ctx):
    return [
        Member(
            child_id,
            decided,
            outcome == PreProceedings.Outcome.STEP_DOWN,
            group=str(_OUTCOMES.get(outcome, outcome or "Not recorded")),
            detail=f"Begun {_day(begun)}",
        )
        for child_id, decided, outcome, begun in care.pre_proceedings_decided_in_period(
            start=ctx.start, end=ctx.end
        ).values_list("child_id", "decision_date", "outcome", "start_date")
    ]


# --- Kinship care ----------------------------------------------------------------------------


def _kinship_member(row) -> Member:
    child_id, since, kind = row
    return Member(child_id, since, group=str(kinship.KINDS[kind]), detail=f"Since {_day(since)}")


def _kinship_open(ctx):
    return [_kinship_member(r) for r in kinship.kinship_open_on(on=ctx.as_of)]


def _kinship_started(ctx):
    return [
        Member(child_id, day, group=str(kinship.KINDS[kind]))
        for child_id, day, kind in kinship.kinship_started_in_period(start=ctx.start, end=ctx.end)
    ]


# --- Information sharing ---------------------------------------------------------------------

_BASIS = _labels(SharingDecision.LawfulBasis)
_AGENCY = _labels(SharingDecision.Agency)
_CONSENT = _labels(SharingDecision.Consent)
_DIRECTION = _labels(SharingDecision.Direction)


def _disclosures(ctx):
    return [
        Member(
            child_id,
            day,
            group=str(_BASIS.get(basis, basis)),
            detail=f"{_AGENCY[agency]}; {_DIRECTION[direction]}",
        )
        for child_id, day, basis, agency, direction in sharing.decisions_in_period(
            start=ctx.start, end=ctx.end, decision=SharingDecision.Decision.SHARED
        ).values_list("child_id", "date", "lawful_basis", "agency", "direction")
    ]


def _not_shared(ctx):
    # The reason is free text, so it is not a group (and not shown in a drill-down an analyst
    # sees pseudonymised): the group is who the information would have gone to.
    return [
        Member(
            child_id,
            day,
            group=str(_AGENCY[agency]),
            detail=f"{_DIRECTION[direction]}; {_CONSENT[consent]}",
        )
        for child_id, day, agency, direction, consent in sharing.decisions_in_period(
            start=ctx.start, end=ctx.end, decision=SharingDecision.Decision.NOT_SHARED
        ).values_list("child_id", "date", "agency", "direction", "consent")
    ]
