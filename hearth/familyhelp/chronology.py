"""Family Help in each child's chronology: the episode starting and ending, and each step up to
child protection or into care and step down back to Family Help."""

from __future__ import annotations

from hearth.core.chronology import Kind, register
from hearth.familyhelp.models import FamilyHelpChild, FamilyHelpEvent


def _membership(m: FamilyHelpChild):
    e = m.episode
    detail = [
        f"Level: {e.get_level_display()}",
        f"Family Help Lead Practitioner: {e.lead_display} ({e.get_lead_agency_display()})",
        f"Why: {e.reason}",
    ]
    yield e.start_date, f"Family Help started for {e.family.name}", "\n\n".join(detail)
    if e.end_date:
        yield e.end_date, "Family Help ended", e.get_end_reason_display()


def _event(ev: FamilyHelpEvent):
    yield ev.date, ev.get_kind_display(), ev.note


register(
    FamilyHelpChild,
    kind=Kind.EARLY_HELP,
    events=_membership,
    select_related=("episode", "episode__family", "episode__lead_user"),
)
register(FamilyHelpEvent, kind=Kind.EARLY_HELP, events=_event)
