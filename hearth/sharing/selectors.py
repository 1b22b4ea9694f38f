"""Reading information-sharing decisions: a child's, and the authority's log for a period."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from hearth.sharing.models import SharingDecision


def decisions_for(*, child) -> QuerySet[SharingDecision]:
    return SharingDecision.objects.live().filter(child=child).select_related("worker")


def sharing_log(*, children, start: dt.date, end: dt.date) -> QuerySet[SharingDecision]:
    """Decisions dated start..end (inclusive) about `children` (a queryset the caller has
    already limited to what the viewer may see), newest first."""
    return (
        SharingDecision.objects.live()
        .filter(child__in=children, date__gte=start, date__lte=end)
        .select_related("child", "worker")
        .order_by("-date", "-id")
    )


def sharing_counts(*, start: dt.date, end: dt.date, children=None) -> dict[str, int]:
    """How many disclosures and decisions not to share were recorded start..end (inclusive),
    and how many disclosures relied on the s16LA duty; the indicators use the same function."""
    qs = SharingDecision.objects.live().filter(date__gte=start, date__lte=end)
    if children is not None:
        qs = qs.filter(child__in=children)
    shared = Q(decision=SharingDecision.Decision.SHARED)
    return qs.aggregate(
        shared=Count("pk", filter=shared),
        not_shared=Count("pk", filter=Q(decision=SharingDecision.Decision.NOT_SHARED)),
        duty=Count("pk", filter=shared & Q(lawful_basis=SharingDecision.LawfulBasis.S16LA)),
        consent_not_sought=Count(
            "pk", filter=shared & Q(consent=SharingDecision.Consent.NOT_SOUGHT)
        ),
    )


def decisions_in_period(*, start: dt.date, end: dt.date, decision: str) -> QuerySet:
    """Disclosures (``decision="shared"``) or decisions not to share dated start..end
    (inclusive), about any child: the indicators' members, counted as ``sharing_counts``."""
    return SharingDecision.objects.live().filter(date__gte=start, date__lte=end, decision=decision)
