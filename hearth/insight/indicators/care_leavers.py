"""Members of the care leaver indicators."""

from __future__ import annotations

from hearth.care import selectors as care
from hearth.core import codes
from hearth.insight.indicators.engine import (
    Member,
    _cohort,
)

# --- Care leavers -----------------------------------------------------------------------------

_SUITABLE = {k for k in codes.CareLeaverAccommodation.values if k.endswith("1")}


def _leavers(ages, test):
    def members(ctx):
        return _leaver_members(
            care.care_leaver_birthday_contacts(start=ctx.start, end=ctx.end, ages=ages), test
        )

    return members


def _leaver_members(rows: dict, test) -> list[Member]:
    out = []
    for c, (birthday, contact) in rows.items():
        ok = contact is not None and test(contact)
        out.append(Member(c, birthday, ok, detail="Yes" if ok else "No or not known"))
    return out


def _in_touch(c):
    return c.in_touch == codes.InTouch.YES


def _eet(c):
    return c.activity in care.EET_ACTIVITIES


def _suitable(c):
    return c.accommodation in _SUITABLE


def _pathway(ctx):
    return _cohort(care.pathway_plans_current(day=ctx.as_of), ctx.as_of, "Up to date", "Overdue")


def _entitlements(ctx):
    return _cohort(care.entitlements_recorded(day=ctx.as_of), ctx.as_of, "Recorded", "Not recorded")
