"""Members of the multi-agency child protection indicators (issue 16)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from hearth.casework import selectors as cw
from hearth.insight.indicators.engine import _flagged
from hearth.macpt.models import Contribution


def _strategy_police_health(ctx):
    """Strategy discussions in the period, flagged when both the police and health recorded a
    contribution to them (Working Together 2023: the police, health and the LA take part)."""
    qs = cw.strategy_discussions_in_period(start=ctx.start, end=ctx.end)

    def contributed(agency: str):
        return Exists(
            Contribution.objects.live().filter(strategy_discussion=OuterRef("pk"), agency=agency)
        )

    joint = qs.filter(contributed("police"), contributed("health")).values_list("pk", flat=True)
    return _flagged(
        qs, "date", joint, "Police and health contributed", "Police or health did not contribute"
    )
