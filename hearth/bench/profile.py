"""Profile one page as a signed-in practitioner, in process, through the whole middleware stack.

    python -m hearth.bench.profile caseload|record|chronology|search [--n 50] [--top 30]

Runs against DATABASE_URL (use the bench's `large` LA) with DEBUG off, signs in the first social
worker with an open allocation (two-factor verified), warms up, then prints the wall time per
request and the functions taking the most cumulative time (cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings")
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "page",
        choices=[
            "caseload",
            "record",
            "chronology",
            "search",
            "search-form",
            "my-work",
            "event-form",
            "team",
        ],
    )
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--no-profile", action="store_true", help="only time the requests")
    parser.add_argument(
        "--queries", action="store_true", help="list one request's queries and where each is made"
    )
    parser.add_argument(
        "--first", action="store_true", help="also time the first request (nothing kept yet)"
    )
    parser.add_argument(
        "--after-write",
        action="store_true",
        help="team: also time the page read just after one of its children's records changed",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from hearth.bench.page import signed_in_client
    from hearth.workforce.models import Allocation

    allocation = (
        Allocation.objects.filter(end_date__isnull=True, worker__user__role="social_worker")
        .select_related("worker__user", "child")
        .order_by("id")
        .first()
    )
    if allocation is None:
        raise SystemExit("no social worker with an open allocation")
    user = allocation.worker.user
    if args.page == "team":
        user = _manager_of_largest_team()
    client = signed_in_client(user=user)
    url = {
        "caseload": "/",
        "record": f"/children/{allocation.child_id}/",
        "chronology": f"/children/{allocation.child_id}/chronology/",
        "search": f"/children/?q={allocation.child.last_name}",
        "search-form": "/children/",
        "my-work": "/my-work/",
        "event-form": f"/children/{allocation.child_id}/events/add/",
        "team": "/team/",
    }[args.page]
    for _ in range(5):
        response = client.get(url, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, (response.status_code, url)
    if args.first:
        times = _first_reads(client, args.page, url, allocation)
        print(f"{url}: first read: {statistics.median(times):.1f} ms (median of {len(times)})")
    if args.after_write and args.page == "team":
        _time_after_write(client, url, user)
    if args.queries:
        if args.first:
            from django.core.cache import caches

            caches["records"].clear()  # list the queries of a first read
        _list_queries(client, url)
        return
    profiler = cProfile.Profile()
    start = time.perf_counter()
    if not args.no_profile:
        profiler.enable()
    each = []
    for _ in range(args.n):
        began = time.perf_counter()
        client.get(url, HTTP_HOST="127.0.0.1")
        each.append((time.perf_counter() - began) * 1000)
    profiler.disable()
    per = (time.perf_counter() - start) / args.n * 1000
    print(
        f"{url}: {per:.1f} ms per request, median {statistics.median(each):.1f} ms "
        f"({'unprofiled' if args.no_profile else 'profiled'}, n={args.n})"
    )
    if not args.no_profile:
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


CHILD_PAGES = {"record": "/children/{}/", "chronology": "/children/{}/chronology/"}


def _first_reads(client, page: str, url: str, allocation) -> list[float]:
    """Milliseconds for the page read afresh, the process already warm. A child's page: once
    for each of up to 15 other children of the worker's that nothing has read yet (what the
    first look at a child that day costs: the user's own reads, such as who they may see, are
    kept as they would be). Any other page: five times, with everything kept thrown away."""
    from django.core.cache import caches

    from hearth.workforce.models import Allocation

    times = []
    if page in CHILD_PAGES:
        others = (
            Allocation.objects.filter(worker=allocation.worker, end_date__isnull=True)
            .exclude(child_id=allocation.child_id)
            .order_by("child_id")
            .values_list("child_id", flat=True)[:15]
        )
        for child_id in others:
            start = time.perf_counter()
            client.get(CHILD_PAGES[page].format(child_id), HTTP_HOST="127.0.0.1")
            times.append((time.perf_counter() - start) * 1000)
    if not times:
        for _ in range(5):
            caches["records"].clear()
            start = time.perf_counter()
            client.get(url, HTTP_HOST="127.0.0.1")
            times.append((time.perf_counter() - start) * 1000)
    return times


def _time_after_write(client, url: str, user) -> None:
    """The team page read right after a write to one of its children (a random one each time),
    written past the services as any path may write: the record version triggers
    (`hearth.core.record_version`) move the child's version."""
    import random

    from django.utils import timezone

    from hearth.people.models import Child
    from hearth.workforce.models import Allocation

    held = list(
        Allocation.objects.filter(team_id=user.worker.team_id, end_date__isnull=True)
        .order_by()
        .values_list("child_id", flat=True)
    )
    times = []
    for _ in range(20):
        Child.objects.filter(pk=random.choice(held)).update(updated_at=timezone.now())
        start = time.perf_counter()
        client.get(url, HTTP_HOST="127.0.0.1")
        times.append((time.perf_counter() - start) * 1000)
    print(f"{url}: after a write: {statistics.median(times):.1f} ms (median of 20)")


def _manager_of_largest_team():
    """The team manager of the team holding the most open allocations (the bench's large LA has
    teams of about 1,000 children)."""
    from django.db.models import Count

    from hearth.workforce.models import Allocation, Worker

    team = (
        Allocation.objects.filter(end_date__isnull=True)
        .values("team_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    manager = (
        Worker.objects.filter(team_id=team["team_id"], user__role="team_manager")
        .select_related("user")
        .first()
    )
    if manager is None:
        raise SystemExit("the largest team has no team manager")
    print(f"team {team['team_id']}: {team['n']} open allocations")
    return manager.user


def _list_queries(client, url: str) -> None:
    """Print each query of one request with the innermost Hearth line that made it."""
    import traceback

    from django.db import connection

    made = []

    def note(execute, sql, params, many, context):
        frames = [
            f"{f.filename.split('/hearth/', 1)[-1]}:{f.lineno} {f.name}"
            for f in traceback.extract_stack()
            if "/hearth/" in f.filename and "/bench/" not in f.filename
        ]
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            made.append((time.perf_counter() - start, sql, frames[-1] if frames else "?"))

    with connection.execute_wrapper(note):
        client.get(url, HTTP_HOST="127.0.0.1")
    for seconds, sql, where in made:
        print(f"{seconds * 1000:6.2f} ms  {where:60.60}  {sql[:110]}")
    print(f"{len(made)} queries, {sum(m[0] for m in made) * 1000:.1f} ms in the database driver")


if __name__ == "__main__":
    main()
