"""Members of the front door and early help indicators."""

from __future__ import annotations

from hearth.casework import selectors as cw
from hearth.casework.models import EarlyHelpEpisode, FrontDoorDecision
from hearth.insight.indicators.engine import (
    _labels,
    _records,
    _timed,
)

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
