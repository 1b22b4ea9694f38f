"""Each agency's contribution to a strategy discussion or section 47 enquiry, in the chronology."""

from __future__ import annotations

from hearth.core.chronology import Kind, register
from hearth.macpt.models import Contribution


def _contribution(c: Contribution):
    to = "strategy discussion" if c.strategy_discussion_id else "section 47 enquiry"
    title = f"{c.get_agency_display()} contribution to the {to}"
    detail = f"{c.person}: {c.shared}"
    if c.confidential:
        detail += "\n\n(Confidential to the local authority and this agency)"
    yield c.date, title, detail


register(Contribution, kind=Kind.CHILD_PROTECTION, events=_contribution)
