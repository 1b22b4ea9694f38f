"""Sample objects for the access matrix (hearth/access/tests/test_access_matrix.py)."""

from __future__ import annotations

import datetime as dt


def _leader(world):
    return world.users["senior_leader"]


def entry_for_matrix(world) -> dict:
    from hearth.insight.models import SelfAssessmentEntry

    entry = SelfAssessmentEntry.objects.create(
        kind=SelfAssessmentEntry.Kind.IMPROVEMENT,
        title="Visits to children on plans",
        indicators=["cp-visits"],
        created_by=_leader(world),
    )
    return {"pk": entry.pk}


def action_for_matrix(world) -> dict:
    from hearth.insight.models import Action

    entry = entry_for_matrix(world)["pk"]
    action = Action.objects.create(
        entry_id=entry,
        description="Weekly visit tracker",
        owner=_leader(world),
        due_date=dt.date(2026, 6, 30),
    )
    return {"pk": action.pk}
