"""How allocations and supervision case discussions appear in a child's chronology."""

from hearth.core.chronology import Kind, register
from hearth.workforce import models as m


def _allocation(a: m.Allocation):
    yield a.start_date, f"{a.get_kind_display()}: {a.worker} ({a.team})", a.get_reason_display()


def _supervision_discussion(d: m.SupervisionCaseDiscussion):
    s = d.supervision
    if getattr(s, "archived_at", None):
        return
    detail = d.discussion
    if d.actions:
        detail += f"\n\nActions: {d.actions}"
    if d.chronology_reviewed:
        detail += "\n\nChronology reviewed."
    yield s.date, f"Case discussed in supervision ({s.worker} with {s.supervisor})", detail


register(m.Allocation, kind=Kind.ALLOCATION, events=_allocation, select_related=("worker", "team"))
register(
    m.SupervisionCaseDiscussion,
    kind=Kind.OVERSIGHT,
    events=_supervision_discussion,
    select_related=("supervision__worker", "supervision__supervisor"),
)
