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


def pack_evidence(*, as_of: dt.date) -> dict[str, tuple[list[str], list[list]]]:
    """The inspection pack's wider safeguarding evidence for the 12 months to ``as_of``: file
    name → (headers, rows). The LADO list names no adult (the reference stands for them)."""
    from hearth.core.calendar import add_months

    start = add_months(as_of, n=-12) + dt.timedelta(days=1)
    lado = [
        [
            r.reference,
            r.received_date,
            r.get_sector_display(),
            r.get_category_display(),
            r.initial_consideration_date,
            r.strategy_meeting_date,
            r.get_outcome_display() if r.outcome else "Open",
            r.outcome_date,
            "Yes"
            if clocks.lado_resolved_on_time(r.received_date, resolved=r.outcome_date)
            else "No",
            r.links.live().count(),
        ]
        for r in lado_referrals_in(start=start, end=as_of).prefetch_related("links")
    ]
    arrangements = list(
        PrivateFostering.objects.live()
        .overlapping(start, as_of, begin="notified_date")
        .select_related("child")
    )
    visits = visits_by_arrangement((a.pk for a in arrangements), until=as_of)
    private = [
        [
            a.child.la_child_id,
            a.notified_date,
            a.get_notifier_display(),
            (visits.get(a.pk) or [None])[0],
            "Yes"
            if clocks.private_fostering_first_visit_on_time(
                a.notified_date, visited=(visits.get(a.pk) or [None])[0]
            )
            else "No",
            len(visits.get(a.pk, [])),
            a.get_assessment_display() if a.assessment else "",
            a.end_date,
            a.get_end_reason_display() if a.end_reason else "",
        ]
        for a in arrangements
    ]
    carers = [
        [
            y.child.la_child_id,
            y.identified_date,
            y.get_identified_by_display(),
            y.get_cares_for_display(),
            y.assessment_date,
            "" if y.needs_identified is None else ("Yes" if y.needs_identified else "No"),
            y.end_date,
        ]
        for y in young_carers_identified_in(start=start, end=as_of).select_related("child")
    ]
    homeless = [
        [
            h.child.la_child_id,
            h.presented_date,
            h.get_presented_to_display(),
            h.joint_assessment_date,
            "Yes"
            if clocks.homeless_assessment_on_time(h.presented_date, done=h.joint_assessment_date)
            else "No",
            h.get_outcome_display() if h.outcome else "No outcome yet",
            h.outcome_date,
        ]
        for h in homeless_presented_in(start=start, end=as_of).select_related("child")
    ]
    return {
        "lado-referrals": (
            [
                "Reference",
                "Received",
                "Sector",
                "Category",
                "Initial consideration",
                "Strategy meeting",
                "Outcome",
                "Outcome date",
                "Resolved within one month",
                "Children linked",
            ],
            lado,
        ),
        "private-fostering": (
            [
                "LA child ID",
                "Notified",
                "Notified by",
                "First visit",
                "First visit within 7 working days",
                "Visits",
                "Assessment",
                "Ended",
                "End reason",
            ],
            private,
        ),
        "young-carers": (
            [
                "LA child ID",
                "Identified",
                "Identified by",
                "Cares for",
                "Needs assessment",
                "Support needs",
                "Ended",
            ],
            carers,
        ),
        "homeless-16-17": (
            [
                "LA child ID",
                "Presented",
                "Presented to",
                "Joint assessment",
                "Assessed in time",
                "Outcome",
                "Outcome date",
            ],
            homeless,
        ),
    }
