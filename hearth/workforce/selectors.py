"""Workforce numbers: posts, vacancies, agency staff, turnover and caseloads.

Counted as the DfE's children's social work workforce census does, for social work posts
(``SOCIAL_WORK_ROLES``) and FTE: a post is *vacant* when no permanent worker holds it (agency
workers cover vacancies, so a covered post is still vacant); the *agency rate* is agency FTE over
all social workers' FTE in post; *turnover* is permanent leavers over permanent FTE in post at the
end of the year; *caseload* is open social-worker allocations per worker holding any.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum

from hearth.casework.selectors import Proportion
from hearth.workforce.models import Allocation, Post, PostHolding, Worker

SOCIAL_WORK_ROLES = (
    Worker.Role.SOCIAL_WORKER,
    Worker.Role.SENIOR_PRACTITIONER,
    Worker.Role.TEAM_MANAGER,
    Worker.Role.IRO,
)


def _fte(qs: QuerySet) -> Decimal:
    return qs.aggregate(total=Sum("fte"))["total"] or Decimal(0)


def workers_in_post_on(*, day: dt.date, qs: QuerySet | None = None) -> QuerySet[Worker]:
    qs = Worker.objects.all() if qs is None else qs
    return qs.filter(start_date__lte=day).filter(
        Q(leave_date__isnull=True) | Q(leave_date__gte=day)
    )


def social_workers_in_post_on(*, day: dt.date) -> QuerySet[Worker]:
    return workers_in_post_on(day=day).filter(role__in=SOCIAL_WORK_ROLES)


def posts_established_on(*, day: dt.date) -> QuerySet[Post]:
    return Post.objects.filter(role__in=SOCIAL_WORK_ROLES, start_date__lte=day).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )


def vacant_posts_on(*, day: dt.date) -> QuerySet[Post]:
    """Social work posts with no permanent holder on ``day`` (covered by agency or not)."""
    held = (
        PostHolding.objects.filter(
            worker__employment=Worker.Employment.PERMANENT, start_date__lte=day
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
        .values("post_id")
    )
    return posts_established_on(day=day).exclude(pk__in=held)


def vacancy_rate_on(*, day: dt.date) -> Proportion:
    """Vacant social work post FTE out of all established social work post FTE (per cent x 100
    in ``.percent``; numerator and denominator are whole FTE rounded)."""
    total = _fte(posts_established_on(day=day))
    vacant = _fte(vacant_posts_on(day=day))
    return _fte_proportion(vacant, total)


def agency_rate_on(*, day: dt.date) -> Proportion:
    """Agency social worker FTE out of all social worker FTE in post on ``day``."""
    in_post = social_workers_in_post_on(day=day)
    agency = _fte(in_post.filter(employment=Worker.Employment.AGENCY))
    return _fte_proportion(agency, _fte(in_post))


def turnover_rate(*, start: dt.date, end: dt.date) -> Proportion:
    """Permanent social workers (FTE) who left in [start, end] out of permanent FTE in post
    at ``end``."""
    permanent = Worker.objects.filter(
        role__in=SOCIAL_WORK_ROLES, employment=Worker.Employment.PERMANENT
    )
    leavers = _fte(permanent.filter(leave_date__gte=start, leave_date__lte=end))
    staff = _fte(workers_in_post_on(day=end, qs=permanent))
    return _fte_proportion(leavers, staff)


def _fte_proportion(part: Decimal, whole: Decimal) -> Proportion:
    # Proportion holds integers: carry FTE in hundredths so .percent stays exact.
    return Proportion(int(part * 100), int(whole * 100))


def allocations_open_on(
    *, day: dt.date, kind: str = Allocation.Kind.SOCIAL_WORKER, qs: QuerySet | None = None
) -> QuerySet[Allocation]:
    qs = Allocation.objects.live() if qs is None else qs
    return qs.filter(kind=kind, start_date__lte=day).filter(
        Q(end_date__isnull=True) | Q(end_date__gt=day)
    )


def caseloads_on(*, day: dt.date, worker_ids: list[int] | None = None) -> dict[int, int]:
    """Worker -> number of children allocated to them as social worker on ``day`` (for the
    workers in ``worker_ids`` only, when given)."""
    qs = allocations_open_on(day=day)
    if worker_ids is not None:
        qs = qs.filter(worker_id__in=worker_ids)
    counts: dict[int, int] = {}
    # No ordering: Allocation's default (by the child's name) would join every child to sort.
    for worker_id in qs.order_by().values_list("worker_id", flat=True):
        counts[worker_id] = counts.get(worker_id, 0) + 1
    return counts


def caseload_mean_on(*, day: dt.date) -> float | None:
    """Mean caseload on ``day``: open social-worker allocations per worker holding any."""
    loads = caseloads_on(day=day)
    if not loads:
        return None
    return sum(loads.values()) / len(loads)


# --- Row-level definitions for indicators and their drill-downs (added for issue 7) ----------

WORKER_CHANGES_THRESHOLD = 3


def allocations_in_period(
    *, start: dt.date, end: dt.date, kind: str = Allocation.Kind.SOCIAL_WORKER
) -> QuerySet[Allocation]:
    """Allocations of ``kind`` that overlap [start, end]."""
    return (
        Allocation.objects.live()
        .filter(kind=kind, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=start))
    )


def open_case_child_ids_on(*, day: dt.date) -> QuerySet:
    """Children with an open case on ``day``: a referral or child in need episode, a child
    protection plan or a period of care (short breaks included) open that day, as one set of
    ids (a ``child_id`` values queryset)."""
    from hearth.care.models import PeriodOfCare
    from hearth.casework.selectors import cin_open_on, cp_plans_open_on

    periods = PeriodOfCare.objects.live().open_on(day)
    return (
        cin_open_on(day=day)
        .order_by()
        .values("child_id")
        .union(
            cp_plans_open_on(day=day).order_by().values("child_id"),
            periods.order_by().values("child_id"),
        )
    )


def unallocated_child_ids_on(*, day: dt.date) -> list[int]:
    """Ids of children with an open case on ``day`` and no social worker allocated that day,
    archived records included (`unallocated_open_cases_on` leaves them out): the set difference
    of two sets of a few thousand ids, worked out by the database."""
    rows = open_case_child_ids_on(day=day).difference(
        allocations_open_on(day=day).order_by().values("child_id")
    )
    return sorted(row["child_id"] for row in rows)


def unallocated_open_cases_on(*, day: dt.date) -> QuerySet:
    """Children with an open case on ``day`` (``open_case_child_ids_on``: a referral or CIN
    episode, a child protection plan or care) and no social worker allocated that day. The
    target is none. The one definition behind the team manager's list
    (``casework.worklist.unallocated_open_cases``) and the ``unallocated`` indicator; each
    child is annotated with ``referred``, their first referral (None without one)."""
    from hearth.casework.models import CINEpisode
    from hearth.people.models import Child

    # The ids first, then only those children read: left to one query, PostgreSQL expects
    # thousands of unallocated children and scans every child to join them (55 ms against
    # 15 ms on the large LA), when the answer is a handful.
    return (
        Child.objects.live()
        .filter(pk__in=unallocated_child_ids_on(day=day))
        .annotate(
            referred=Subquery(
                CINEpisode.objects.live()
                .filter(child_id=OuterRef("pk"))
                .order_by("referral_date")
                .values("referral_date")[:1]
            )
        )
    )


def social_worker_changes(*, day: dt.date) -> dict[int, int]:
    """Children with an open CIN episode on ``day`` -> changes of allocated social worker in the
    12 months to ``day`` (social worker allocations overlapping the year, less one)."""
    from hearth.casework.selectors import cin_open_on
    from hearth.core.calendar import add_months

    children = set(cin_open_on(day=day).values_list("child_id", flat=True))
    start = add_months(day, n=-12) + dt.timedelta(days=1)
    counts = dict.fromkeys(children, 0)
    for child_id in (
        allocations_in_period(start=start, end=day)
        .filter(child_id__in=children, start_date__lte=day)
        .values_list("child_id", flat=True)
    ):
        counts[child_id] += 1
    return {c: max(n - 1, 0) for c, n in counts.items()}


def supervision_on_time(*, day: dt.date, team_id: int | None = None) -> dict[int, dt.date | None]:
    """Social workers in post on ``day`` for at least the policy interval (one calendar month,
    ``clocks.SUPERVISION``) -> their last supervision on or before ``day`` if within the
    interval, else None."""
    from hearth.casework import clocks
    from hearth.workforce.models import Supervision

    floor = clocks.supervision_floor(day)
    workers = social_workers_in_post_on(day=day).filter(start_date__lte=floor)
    if team_id is not None:
        workers = workers.filter(team_id=team_id)
    ids = list(workers.values_list("pk", flat=True))
    latest: dict[int, dt.date] = {}
    for worker_id, when in (
        Supervision.objects.live()
        .filter(worker_id__in=ids, date__gte=floor, date__lte=day)
        .values_list("worker_id", "date")
    ):
        latest[worker_id] = max(when, latest.get(worker_id, dt.date.min))
    return {w: latest.get(w) for w in ids}


def qualified_share_on(*, day: dt.date) -> dict[str, int]:
    """Social workers in post on ``day`` by qualification (qualified, alternative, none)."""
    counts: dict[str, int] = {}
    for q in social_workers_in_post_on(day=day).values_list("qualification", flat=True):
        counts[q] = counts.get(q, 0) + 1
    return counts


# --- Many as-at dates at once (added for issue 7: the 12-month trends) -------------------------
#
# For each day in ``days``, exactly what the per-day function of the same name gives, from one
# load of the rows that can count on any of them. Tests pin each to its per-day original.


def allocation_spans(days: list[dt.date]) -> list[tuple[int, int, dt.date, dt.date | None]]:
    """Social worker allocations open on at least one of ``days``: (child, worker, start, end)
    (read once and passed to the ``*_on_days`` functions below as ``spans``)."""
    return list(
        allocations_in_period(start=min(days), end=max(days))
        .order_by("pk")
        .values_list("child_id", "worker_id", "start_date", "end_date")
    )


def caseloads_on_days(*, days: list[dt.date], spans=None) -> dict[dt.date, dict[int, int]]:
    """Day -> ``caseloads_on(day=day)``."""
    from hearth.casework.selectors import open_days

    days = sorted(set(days))
    out: dict[dt.date, dict[int, int]] = {day: {} for day in days}
    for _child, worker_id, begun, ended in allocation_spans(days) if spans is None else spans:
        for day in open_days(days, begun, ended):
            counts = out[day]
            counts[worker_id] = counts.get(worker_id, 0) + 1
    return out


def unallocated_open_cases_on_days(
    *, days: list[dt.date], spans=None, open_cases=None, cp_plans=None
) -> dict[dt.date, list[tuple[int, int, dt.date | None]]]:
    """Day -> ``unallocated_open_cases_on(day=day)`` as (child_id, child_id, referred).
    ``spans`` (``allocation_spans``), ``open_cases`` (``cin_open_on_days``) and ``cp_plans``
    (``cp_plans_open_on_days``) may be passed in when already read."""
    from django.db.models import Min

    from hearth.care.models import PeriodOfCare
    from hearth.casework.selectors import cin_open_on_days, cp_plans_open_on_days, open_days
    from hearth.people.models import Child

    days = sorted(set(days))
    allocated: dict[dt.date, set[int]] = {day: set() for day in days}
    for child_id, _worker, begun, ended in allocation_spans(days) if spans is None else spans:
        for day in open_days(days, begun, ended):
            allocated[day].add(child_id)
    if open_cases is None:
        open_cases = cin_open_on_days(days=days)
    if cp_plans is None:
        cp_plans = cp_plans_open_on_days(days=days)
    opened: dict[dt.date, set[int]] = {day: set() for day in days}
    for day in days:
        opened[day].update(row[1] for row in open_cases[day])
        opened[day].update(row[1] for row in cp_plans[day])
    for child_id, begun, ended in (
        PeriodOfCare.objects.live()
        .filter(start_date__lte=days[-1])
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=days[0]))
        .values_list("child_id", "start_date", "end_date")
    ):
        for day in open_days(days, begun, ended):
            opened[day].add(child_id)
    unallocated = {day: opened[day] - allocated[day] for day in days}
    candidates = set().union(*unallocated.values())
    referred = dict(
        Child.objects.live()
        .filter(pk__in=candidates)
        .annotate(
            referred=Min(
                "cin_episodes__referral_date",
                filter=Q(cin_episodes__archived_at__isnull=True),
            )
        )
        .values_list("pk", "referred")
    )
    rows = {c: (c, c, referred[c]) for c in referred}
    return {day: [rows[c] for c in sorted(unallocated[day]) if c in rows] for day in days}


def supervision_on_time_on_days(
    *, days: list[dt.date], team_id: int | None = None
) -> dict[dt.date, dict[int, dt.date | None]]:
    """Day -> ``supervision_on_time(day=day, team_id=team_id)``."""
    import bisect

    from hearth.casework import clocks
    from hearth.workforce.models import Supervision

    days = sorted(set(days))
    floors = {day: clocks.supervision_floor(day) for day in days}
    workers = Worker.objects.filter(role__in=SOCIAL_WORK_ROLES, start_date__lte=days[-1]).filter(
        Q(leave_date__isnull=True) | Q(leave_date__gte=days[0])
    )
    if team_id is not None:
        workers = workers.filter(team_id=team_id)
    people = list(workers.order_by("pk").values_list("pk", "start_date", "leave_date"))
    dates: dict[int, list[dt.date]] = {}
    for worker_id, when in (
        Supervision.objects.live()
        .filter(
            worker_id__in=workers.values("pk"),
            date__gte=min(floors.values()),
            date__lte=days[-1],
        )
        .values_list("worker_id", "date")
    ):
        dates.setdefault(worker_id, []).append(when)
    for seen in dates.values():
        seen.sort()
    out = {}
    for day in days:
        floor = floors[day]
        got: dict[int, dt.date | None] = {}
        for pk, begun, left in people:
            if not (begun <= floor and (left is None or left >= day)):
                continue
            seen = dates.get(pk, [])
            i = bisect.bisect_right(seen, day)
            got[pk] = seen[i - 1] if i and seen[i - 1] >= floor else None
        out[day] = got
    return out


def posts_on_days(
    *, days: list[dt.date]
) -> dict[dt.date, list[tuple[int, int | None, Decimal, bool]]]:
    """Day -> the social work posts established on it (``posts_established_on``) as
    (pk, team_id, fte, vacant), vacant as ``vacant_posts_on``."""
    from hearth.casework.selectors import open_days

    days = sorted(set(days))
    held: dict[int, set[dt.date]] = {}
    for post_id, begun, ended in (
        PostHolding.objects.filter(
            worker__employment=Worker.Employment.PERMANENT, start_date__lte=days[-1]
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=days[0]))
        .values_list("post_id", "start_date", "end_date")
    ):
        held.setdefault(post_id, set()).update(open_days(days, begun, ended, end_inclusive=True))
    out: dict[dt.date, list] = {day: [] for day in days}
    for pk, team, fte, begun, ended in (
        Post.objects.filter(role__in=SOCIAL_WORK_ROLES, start_date__lte=days[-1])
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=days[0]))
        .order_by("pk")
        .values_list("pk", "team_id", "fte", "start_date", "end_date")
    ):
        for day in open_days(days, begun, ended, end_inclusive=True):
            out[day].append((pk, team, fte, day not in held.get(pk, ())))
    return out


def access_child_to_allocate(*, user, pk: int):
    """A child the user may allocate: one they can see, or — for managers — an unallocated open
    case, which belongs to no team yet so no team manager could otherwise reach it. Anyone else
    gets the same 404 as for a child that does not exist. Used by the allocation page and by the
    write-permission middleware, so reading and writing agree."""
    from django.http import Http404
    from django.utils import timezone

    from hearth.access import permissions
    from hearth.access.selectors import access_child

    try:
        return access_child(user=user, pk=pk)
    except Http404:
        if user.role not in permissions.ALLOCATING_ROLES:
            raise
        child = (
            unallocated_open_cases_on(day=timezone.localdate())
            .filter(pk=pk, restricted=False)
            .first()
        )
        if child is None:
            raise
        return child
