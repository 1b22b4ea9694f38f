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
        ],
    )
    parser.add_argument("--n", type=int, default=50)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--no-profile", action="store_true", help="only time the requests")
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
    client = signed_in_client(user=allocation.worker.user)
    url = {
        "caseload": "/",
        "record": f"/children/{allocation.child_id}/",
        "chronology": f"/children/{allocation.child_id}/chronology/",
        "search": f"/children/?q={allocation.child.last_name}",
        "search-form": "/children/",
        "my-work": "/my-work/",
        "event-form": f"/children/{allocation.child_id}/events/add/",
    }[args.page]
    for _ in range(5):
        response = client.get(url, HTTP_HOST="127.0.0.1")
        assert response.status_code == 200, (response.status_code, url)
    profiler = cProfile.Profile()
    start = time.perf_counter()
    if not args.no_profile:
        profiler.enable()
    for _ in range(args.n):
        client.get(url, HTTP_HOST="127.0.0.1")
    profiler.disable()
    per = (time.perf_counter() - start) / args.n * 1000
    print(
        f"{url}: {per:.1f} ms per request ({'unprofiled' if args.no_profile else 'profiled'}, n={args.n})"
    )
    if not args.no_profile:
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
