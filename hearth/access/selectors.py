"""Who may see which child. The one place that decides visibility: every list, search, export,
dashboard drill-down and API starts from `children_visible_to`, and every child page fetches
through `access_child`, so no path can show what a page would refuse."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hearth.access.models import AccessGrant, User
from hearth.people.models import Child
from hearth.workforce.models import Allocation

# Roles that work across the whole authority's (unrestricted) children.
AUTHORITY_WIDE = {User.Role.FRONT_DOOR, User.Role.SENIOR_LEADER, User.Role.IRO}
# Roles that see the children allocated to them or their team.
TEAM_SCOPED = {User.Role.SOCIAL_WORKER, User.Role.TEAM_MANAGER, User.Role.PERSONAL_ADVISER}
# Roles with no child-level access by default (aggregates, administration, audit).
NO_CASE_ACCESS = {User.Role.ADMIN, User.Role.AUDITOR, User.Role.ANALYST}


def _worker(user: User):
    return getattr(user, "worker", None)


def children_visible_to(*, user: User) -> QuerySet[Child]:
    """Children the user may see in lists and search (restricted records only when allocated
    to the user personally)."""
    if not user.is_authenticated or not user.is_active:
        return Child.objects.none()
    base = Child.objects.filter(archived_at__isnull=True)
    worker = _worker(user)
    now = timezone.now()
    own = Exists(
        AccessGrant.objects.filter(child=OuterRef("pk"), user=user, revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )
    )
    if user.role in NO_CASE_ACCESS:
        return base.filter(own)
    if worker is not None:
        own = own | Exists(
            Allocation.objects.filter(
                child=OuterRef("pk"), worker=worker, end_date__isnull=True, archived_at__isnull=True
            )
        )
    if user.role in AUTHORITY_WIDE:
        return base.filter(Q(restricted=False) | own)
    if user.role == User.Role.EARLY_HELP:
        return base.filter(own)
    if user.role in TEAM_SCOPED and worker is not None:
        team_cases = Exists(
            Allocation.objects.filter(
                child=OuterRef("pk"),
                team_id=worker.team_id,
                end_date__isnull=True,
                archived_at__isnull=True,
            )
        )
        return base.filter((team_cases & Q(restricted=False)) | own)
    return base.filter(own)


def access_child(*, user: User, pk: int) -> Child:
    """Fetch a child the user may see, or 404 (never reveal that the record exists)."""
    try:
        return children_visible_to(user=user).get(pk=pk)
    except Child.DoesNotExist as exc:
        raise Http404("No child found") from exc
