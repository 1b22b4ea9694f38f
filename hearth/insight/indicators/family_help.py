"""Members of the Family Help indicators (Families First; issue 16). One member per Family Help
episode (a family), standing for it by one of its children, so a family of three counts once."""

from __future__ import annotations

from hearth.familyhelp import selectors as fh
from hearth.familyhelp.models import FamilyHelpEpisode, LeadAgency
from hearth.insight.indicators.engine import Member, _labels, _records

_LEVEL = _labels(FamilyHelpEpisode.Level)
_AGENCY = _labels(LeadAgency)


def _fh_open(ctx):
    return _records(fh.episodes_open_on(day=ctx.as_of), "start_date", "level", _LEVEL)


def _fh_started(ctx):
    return _records(
        fh.episodes_started_in(start=ctx.start, end=ctx.end), "start_date", "level", _LEVEL
    )


def _fh_ended(ctx):
    return _records(
        fh.episodes_ended_in(start=ctx.start, end=ctx.end),
        "end_date",
        "end_reason",
        _labels(FamilyHelpEpisode.EndReason),
    )


def _fh_partner_lead(ctx):
    rows = fh.episodes_open_on(day=ctx.as_of).values_list("child_id", "start_date", "lead_agency")
    return [
        Member(
            child_id,
            day,
            agency != LeadAgency.LA,
            group=str(_AGENCY.get(agency, agency)),
            detail="Partner agency lead" if agency != LeadAgency.LA else "Local authority lead",
        )
        for child_id, day, agency in rows
    ]
