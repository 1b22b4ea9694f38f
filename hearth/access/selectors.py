"""Who may see which child. The one place that decides visibility: every list, search, export,
dashboard drill-down and API starts from `children_visible_to`, and every child page fetches
through `access_child`, so no path can show what a page would refuse."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hearth.access.models import (
    PARTNER_ROLES,
    AccessGrant,
    AuditEntry,
    NamedAccessRequest,
    PartnerInvolvement,
    User,
)
from hearth.core import record_version, request_memo
from hearth.core.dates import day_bounds
from hearth.familyhelp.selectors import lead_child_ids
from hearth.people.models import Child
from hearth.workforce.models import Allocation

# The visibility scopes: defined here once, imported everywhere else (the capabilities and the
# other named role sets are in `hearth.access.permissions`).
# Roles that work across the whole authority's (unrestricted) children.
AUTHORITY_WIDE = frozenset({User.Role.FRONT_DOOR, User.Role.SENIOR_LEADER, User.Role.IRO})
# Roles that see the children allocated to them or their team.
TEAM_SCOPED = frozenset(
    {User.Role.SOCIAL_WORKER, User.Role.TEAM_MANAGER, User.Role.PERSONAL_ADVISER}
)
# Roles with no child-level access by default (aggregates, administration, audit).
NO_CASE_ACCESS = frozenset(
    {User.Role.ADMIN, User.Role.AUDITOR, User.Role.ANALYST, User.Role.ELECTED_MEMBER}
)
# Roles that never see a child, whatever grant they are given: elected members read aggregates.
NO_CHILD_EVER = frozenset({User.Role.ELECTED_MEMBER})
# Roles that open children's records (and so have the search): everyone else.
CASE_ACCESS_ROLES = frozenset(User.Role) - NO_CASE_ACCESS
# Roles told about every break-glass access, not only those to their teams' children.
EVERY_BREAK_GLASS_ROLES = frozenset({User.Role.SENIOR_LEADER, User.Role.AUDITOR})


def _worker(user: User):
    return getattr(user, "worker", None)


def _own_child_ids(
    *, user: User, worker
) -> tuple[frozenset[int], frozenset[int], dt.datetime | None]:
    """Ids of children the user holds an active grant for, is personally allocated to, or is
    the Family Help Lead Practitioner for (an open Family Help episode they lead); the same
    without case-audit grants (an auditor reads such a record, they do not work the case); and
    when the first of those grants expires."""
    now = timezone.now()
    grants = list(
        AccessGrant.objects.filter(user=user, revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .order_by()
        .values_list("child_id", "expires_at", "kind")
    )
    until = min((expires for _, expires, _ in grants if expires is not None), default=None)
    held = set(lead_child_ids(user=user).values_list("child_id", flat=True))
    if worker is not None:
        held.update(
            Allocation.objects.live()
            .filter(worker=worker, end_date__isnull=True)
            .order_by()
            .values_list("child_id", flat=True)
        )
    working = {c for c, _, kind in grants if kind != AccessGrant.Kind.CASE_AUDIT}
    return frozenset(held | {c for c, _, _ in grants}), frozenset(held | working), until


@dataclass(frozen=True)
class Scope:
    """Which children a user may see, as sets of ids: those the role reaches (`reach`; None for
    every child in the authority) and, among them, a restricted record only if it is one of the
    user's own (`own`: granted, allocated to them personally, or led by them). The rule is
    written once, here, and read two ways: as a filter on a queryset (`filter`) and for one
    child already fetched (`allows`)."""

    reach: frozenset[int] | None
    own: frozenset[int]
    # The scope holds until then (the earliest expiry of a grant it counts), or for the day.
    until: dt.datetime | None = None
    # Children the user works with (`permissions.is_involved`, for roles other than partners').
    involved: frozenset[int] = frozenset()

    def filter(self, children: QuerySet[Child]) -> QuerySet[Child]:
        if self.reach is not None:
            children = children.filter(pk__among=self.reach)
        return children.filter(Q(restricted=False) | Q(pk__among=self.own))

    def allows(self, child: Child) -> bool:
        return child.archived_at is None and self.reaches(child.pk, restricted=child.restricted)

    def reaches(self, pk: int, *, restricted: bool) -> bool:
        """For a live child known by id and restriction."""
        return (self.reach is None or pk in self.reach) and (not restricted or pk in self.own)


def _scope(user: User) -> Scope:
    worker = _worker(user)
    own, involved, until = _own_child_ids(user=user, worker=worker)
    team_held: frozenset[int] = frozenset()
    if user.role in TEAM_SCOPED and worker is not None:
        team_held = _held_by_teams({worker.team_id})
        # A team role works with the children of its own team and of the teams it manages.
        managed = managed_team_ids(user=user) - {worker.team_id}
        involved |= team_held | (_held_by_teams(managed) if managed else frozenset())
    if user.role in PARTNER_ROLES:
        reach = frozenset(partner_child_ids(user=user).values_list("child_id", flat=True))
    elif user.role in NO_CASE_ACCESS or user.role == User.Role.EARLY_HELP:
        reach = own
    elif user.role in AUTHORITY_WIDE:
        reach = None
    elif user.role in TEAM_SCOPED and worker is not None:
        reach = team_held | own
    else:
        reach = own
    return Scope(reach=reach, own=own, until=until, involved=involved)


def _held_by_teams(team_ids: set[int]) -> frozenset[int]:
    return frozenset(
        Allocation.objects.live()
        .filter(team_id__in=team_ids, end_date__isnull=True)
        .order_by()
        .values_list("child_id", flat=True)
    )


def scope_of(*, user: User) -> Scope:
    """The user's `Scope`, worked out once per request and kept between requests under the
    access epoch (`hearth.core.record_version`: it moves on every write to allocations, grants,
    partner involvements, Family Help leads, workers and users' roles), the day (partner
    involvements run by date) and the earliest grant expiry."""
    memo = request_memo.get()
    key = ("visibility", user.pk)
    if memo is not None and key in memo:
        return memo[key]
    store = caches["records"]
    cache_key = f"scope:{user.pk}:{record_version.access_epoch()}:{timezone.localdate()}"
    scope = store.get(cache_key)
    if scope is None or (scope.until is not None and scope.until <= timezone.now()):
        scope = _scope(user)
        store.set(cache_key, scope)
    if memo is not None:
        memo[key] = scope
    return scope


def children_visible_to(*, user: User) -> QuerySet[Child]:
    """Children the user may see in lists and search (restricted records only when allocated
    to the user personally).

    Written as `id among (one set of ids)` wherever the role allows it, so the database starts
    from the few hundred ids a team holds rather than testing every child in the authority."""
    if not may_see_children(user):
        return Child.objects.none()
    return scope_of(user=user).filter(Child.objects.live())


def may_see_children(user: User) -> bool:
    # Elected members never see a child, not even through a grant.
    return user.is_authenticated and user.is_active and user.role not in NO_CHILD_EVER


def may_see(*, user: User, child: Child) -> bool:
    """Whether the user may see this child (exactly as `children_visible_to` would list it)."""
    return may_see_children(user) and scope_of(user=user).allows(child)


def children_by_id(*, user: User, ids) -> dict[int, Child]:
    """The children among ``ids`` the user may see, by id (no query when there are none). The
    few children are read and the user's `Scope` asked of each, rather than the scope sent to
    the database (a team member's reach is a thousand ids)."""
    if not ids or not may_see_children(user):
        return {}
    scope = scope_of(user=user)
    # Only what a link to them shows (their names) and what the scope asks.
    found = Child.objects.live().filter(pk__in=ids).only(*LINKED_CHILD_FIELDS)
    return {c.pk: c for c in found if scope.allows(c)}


# What `children_by_id` reads of each child: enough to link to them by name.
LINKED_CHILD_FIELDS = ("id", "first_name", "last_name", "restricted", "archived_at")


def partner_child_ids(*, user: User) -> QuerySet:
    """Ids of children a partner's active involvements open (a referrer's does not: they see
    the outcome of their referral on their own page, never the record)."""
    return (
        PartnerInvolvement.objects.active()
        .giving_access()
        .filter(user=user)
        .order_by()
        .values("child_id")
    )


def partner_involvements(*, user: User, child: Child | None = None) -> QuerySet:
    """The user's active involvements (with one child, if given), newest first."""
    items = PartnerInvolvement.objects.active().filter(user=user).select_related("child")
    return items.filter(child=child) if child is not None else items


def involvement_purposes(*, user: User, child: Child) -> set[str]:
    """The purposes for which the user is involved with the child today."""
    return set(
        PartnerInvolvement.objects.active()
        .filter(user=user, child=child)
        .values_list("purpose", flat=True)
    )


def child_involvements(*, child: Child) -> QuerySet:
    """Every active partner involvement with the child (who outside the LA can see it, why)."""
    return (
        PartnerInvolvement.objects.active()
        .filter(child=child)
        .select_related("user", "granted_by")
        .order_by("purpose", "user__last_name")
    )


def access_child(*, user: User, pk: int, stamp=None) -> Child:
    """Fetch a child the user may see, or 404 (never reveal that the record exists).
    ``stamp``: the child's `record_cache.Stamp`, read just before, when the page keeps parts of
    the record under it; the child's own row is then kept there too (any write to it moves the
    version), and who may see it is still decided here, on every request."""
    if not may_see_children(user):
        raise Http404("No child found")
    if stamp is not None:
        from hearth.core import record_cache

        child = record_cache.part(
            stamp,
            "child",
            on=timezone.localdate(),
            build=lambda: Child.objects.filter(pk=pk).first(),
        )
    else:
        child = Child.objects.filter(pk=pk).first()
    if child is None or not may_see(user=user, child=child):
        raise Http404("No child found")
    return child


# Roles that may break the glass to open an unrestricted child they are not working with.
# Partner agencies (early help, partner roles) and roles without case access never can.
BREAK_GLASS_ROLES = TEAM_SCOPED | AUTHORITY_WIDE


def break_glass_candidate(*, user: User, pk: int) -> Child | None:
    """The child the user could open by breaking the glass, or None.

    Only an existing, unarchived, unrestricted child the user may not already see, and only for
    a practitioner role: restricted records stay invisible (a plain 404) to anyone not named."""
    if not user.is_authenticated or user.role not in BREAK_GLASS_ROLES:
        return None
    child = Child.objects.live().filter(pk=pk, restricted=False).first()
    if child is None or may_see(user=user, child=child):
        return None
    return child


def teams_of_child(*, child: Child) -> set[int]:
    """The teams the child is currently allocated to."""
    return set(
        Allocation.objects.live()
        .filter(child=child, end_date__isnull=True)
        .values_list("team_id", flat=True)
    )


def managed_team_ids(*, user: User) -> set[int]:
    """Teams the user manages: their own team if they are a team manager, and any team that
    names their worker record as its manager."""
    worker = _worker(user)
    if worker is None or user.role != User.Role.TEAM_MANAGER:
        return set()
    from hearth.workforce.models import Team

    return {worker.team_id} | set(Team.objects.filter(manager=worker).values_list("id", flat=True))


def can_oversee_child(*, user: User, child: Child) -> bool:
    """Senior leaders, and the team manager of the child's team, oversee a child's record
    (who has viewed it, break-glass accesses to it)."""
    if user.role == User.Role.SENIOR_LEADER:
        return True
    managed = managed_team_ids(user=user)
    return bool(managed) and bool(managed & teams_of_child(child=child))


def access_child_oversight(*, user: User, pk: int) -> Child:
    """Fetch a child whose record the user oversees: 404 if they may not see the child at all,
    403 if they may see it but do not oversee it."""
    child = access_child(user=user, pk=pk)
    if not can_oversee_child(user=user, child=child):
        raise PermissionDenied("Only the child's team manager or a senior leader can see this.")
    return child


def access_restricted_child_for_admin(*, user: User, pk: int) -> Child:
    """A restricted child whose named people a system administrator manages; 404 otherwise."""
    if user.role != User.Role.ADMIN:
        raise Http404("No child found")
    try:
        return Child.objects.live().get(pk=pk, restricted=True)
    except Child.DoesNotExist as exc:
        raise Http404("No child found") from exc


def restricted_children_for_admin(*, user: User) -> QuerySet[Child]:
    if user.role != User.Role.ADMIN:
        return Child.objects.none()
    return Child.objects.live().filter(restricted=True).order_by("last_name", "first_name", "pk")


def named_grants_for(*, child: Child) -> QuerySet[AccessGrant]:
    return (
        AccessGrant.objects.filter(
            child=child, kind=AccessGrant.Kind.NAMED, revoked_at__isnull=True
        )
        .select_related("user", "granted_by")
        .order_by("user__last_name", "user__first_name")
    )


def named_access_requests_for(*, child: Child) -> QuerySet[NamedAccessRequest]:
    """Every request to name someone on the record, pending, approved and refused."""
    return NamedAccessRequest.objects.filter(child=child).select_related(
        "user", "requested_by", "decided_by"
    )


def break_glass_grants_visible_to(*, user: User) -> QuerySet[AccessGrant]:
    """Break-glass accesses the user is told about: all of them for senior leaders and the IG
    auditor, those to their team's children for a team manager, none for anyone else."""
    grants = AccessGrant.objects.filter(kind=AccessGrant.Kind.BREAK_GLASS).select_related(
        "user", "child"
    )
    if user.role in EVERY_BREAK_GLASS_ROLES:
        return grants
    teams = managed_team_ids(user=user)
    if not teams:
        return grants.none()
    return grants.filter(
        Exists(
            Allocation.objects.live().filter(
                child=OuterRef("child"),
                team_id__in=teams,
                end_date__isnull=True,
            )
        )
    )


def may_read_break_glass_report(*, user: User) -> bool:
    return user.role in EVERY_BREAK_GLASS_ROLES or bool(managed_team_ids(user=user))


def may_read_audit_log(*, user: User) -> bool:
    return user.is_authenticated and user.role == User.Role.AUDITOR


def audit_entries(
    *, user: User, person: str = "", la_child_id: str = "", start=None, end=None
) -> QuerySet:
    """The audit log filtered for the IG auditor (nobody else may search it)."""
    if not may_read_audit_log(user=user):
        raise PermissionDenied("Only the information governance auditor can search the audit log.")
    entries = AuditEntry.objects.select_related("child").order_by("-at", "-id")
    if person:
        entries = entries.filter(username__iexact=person.strip())
    if la_child_id:
        entries = entries.filter(child__la_child_id__iexact=la_child_id.strip())
    if start:
        entries = entries.filter(at__gte=day_bounds(start, start)[0])
    if end:
        entries = entries.filter(at__lt=day_bounds(end, end)[1])
    return entries


def child_audit_entries(*, child: Child) -> QuerySet:
    return AuditEntry.objects.filter(child=child).order_by("-at", "-id")


def may_review_break_glass(*, user: User) -> bool:
    """Team managers (for their teams' children) and senior leaders confirm break-glass accesses;
    the IG auditor reads the report but does not sign accesses off."""
    return user.role == User.Role.SENIOR_LEADER or bool(managed_team_ids(user=user))


def users_for_admin(*, user: User) -> QuerySet[User]:
    if user.role != User.Role.ADMIN:
        return User.objects.none()
    return User.objects.order_by("last_name", "first_name", "username")
