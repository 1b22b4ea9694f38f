"""Reads for MACPT work: who is in a child's work, the lead practitioner, and which agency
contributions a user may read (a partner never reads another agency's confidential one)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from hearth.access.models import PARTNER_ROLES, User
from hearth.macpt.models import ChildMember, Contribution
from hearth.people.models import Child


def current_members(*, child: Child) -> QuerySet[ChildMember]:
    return (
        ChildMember.objects.live()
        .filter(child=child, end_date__isnull=True)
        .select_related("user", "team")
        .order_by("role", "agency", "start_date")
    )


def past_members(*, child: Child) -> QuerySet[ChildMember]:
    return (
        ChildMember.objects.live()
        .filter(child=child, end_date__isnull=False)
        .select_related("user")
        .order_by("-end_date")
    )


def lead_practitioner(*, child: Child) -> ChildMember | None:
    return current_members(child=child).filter(role=ChildMember.Role.LEAD).first()


def contributions_visible_to(*, user: User, child: Child) -> QuerySet[Contribution]:
    """The child's contributions the user may read: all of them for LA staff who can see the
    child; for a partner, their own agency's and other agencies' non-confidential ones."""
    items = Contribution.objects.live().filter(child=child).order_by("date", "id")
    if user.role in PARTNER_ROLES:
        items = items.filter(Q(agency=user.agency) | Q(confidential=False))
    return items


def agencies_contributing(*, strategy_discussion) -> set[str]:
    return set(
        Contribution.objects.live()
        .filter(strategy_discussion=strategy_discussion)
        .values_list("agency", flat=True)
    )
