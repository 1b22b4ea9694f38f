"""How allocations appear in a child's chronology."""

from hearth.core.chronology import Kind, register
from hearth.workforce import models as m


def _allocation(a: m.Allocation):
    yield a.start_date, f"{a.get_kind_display()}: {a.worker} ({a.team})", a.get_reason_display()


register(m.Allocation, kind=Kind.ALLOCATION, events=_allocation, select_related=("worker", "team"))
