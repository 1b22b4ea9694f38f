"""Reads for the wider safeguarding records (the LADO register, arrangements in a period)."""

from __future__ import annotations

import datetime as dt

from hearth.casework import clocks
from hearth.safeguarding.models import (
    HomelessPresentation,
    LadoReferral,
    PrivateFostering,
    PrivateFosteringVisit,
    YoungCarer,
)


def lado_register(*, today: dt.date) -> list[dict]:
    """Every live LADO referral, open ones first, with what is due and whether it is late."""
    rows = []
    for r in LadoReferral.objects.live().prefetch_related("links"):
        due = clocks.lado_resolution_due(r.received_date)
        rows.append(
            {
                "referral": r,
                "children": sum(1 for link in r.links.all() if link.archived_at is None),
                "resolution_due": due,
                "overdue": not r.outcome and due < today,
                "on_time": clocks.lado_resolved_on_time(r.received_date, resolved=r.outcome_date),
            }
        )
    rows.sort(key=lambda x: (bool(x["referral"].outcome), x["resolution_due"]))
    return rows


def lado_referrals_in(*, start: dt.date, end: dt.date):
    return LadoReferral.objects.live().filter(received_date__gte=start, received_date__lte=end)


def lado_resolved_in(*, start: dt.date, end: dt.date):
    return LadoReferral.objects.live().filter(
        outcome_date__isnull=False, outcome_date__gte=start, outcome_date__lte=end
    )


def private_fostering_notified_in(*, start: dt.date, end: dt.date):
    return PrivateFostering.objects.live().filter(notified_date__gte=start, notified_date__lte=end)


def first_visits(arrangement_ids) -> dict[int, dt.date]:
    """The first visit after notification of each arrangement."""
    first: dict[int, dt.date] = {}
    for aid, day in (
        PrivateFosteringVisit.objects.live()
        .filter(arrangement_id__in=list(arrangement_ids))
        .order_by("date")
        .values_list("arrangement_id", "date")
    ):
        first.setdefault(aid, day)
    return first


def private_fostering_open_on(*, day: dt.date):
    return PrivateFostering.objects.live().open_on(day, start="notified_date")


def visits_by_arrangement(arrangement_ids, *, until: dt.date) -> dict[int, list[dt.date]]:
    out: dict[int, list[dt.date]] = {}
    for aid, day in (
        PrivateFosteringVisit.objects.live()
        .filter(arrangement_id__in=list(arrangement_ids), date__lte=until)
        .order_by("date")
        .values_list("arrangement_id", "date")
    ):
        out.setdefault(aid, []).append(day)
    return out


def young_carers_identified_in(*, start: dt.date, end: dt.date):
    return YoungCarer.objects.live().filter(identified_date__gte=start, identified_date__lte=end)


def homeless_presented_in(*, start: dt.date, end: dt.date):
    return HomelessPresentation.objects.live().filter(
        presented_date__gte=start, presented_date__lte=end
    )
