"""`make bench`: measure Hearth on the `large` synthetic LA and write docs/benchmarks.md.

Every figure is the median of several runs with min and max, on this machine, with the data size
and the commit it was measured at. Run with DATABASE_URL pointing at PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "benchmarks.md"


def _machine() -> str:
    cores = os.cpu_count()
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cores} cores ({cpu}), {mem_kb / 1024 / 1024:.1f} GiB RAM, {platform.platform()}"


def _commit() -> str:
    try:
        return subprocess.check_output(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True
        ).strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _run_timed(cmd: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MiB) of a child process."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def _stats(samples: list[float]) -> str:
    return f"{statistics.median(samples):.3f} (min {min(samples):.3f}, max {max(samples):.3f})"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings")
    hearth = [sys.executable, "-m", "hearth.cli"]
    rows: list[tuple[str, str]] = []
    subprocess.run(
        [*hearth, "migrate", "--no-input"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL
    )

    # Synthetic generation of the large LA (one run: it is minutes long).
    elapsed, peak = _run_timed([*hearth, "synth", "--seed", "1", "--size", "large", "--reset"])
    rows.append(("Synthetic `large` build (s)", f"{elapsed:.1f}"))
    rows.append(("Synthetic `large` build peak memory (MiB)", f"{peak:.0f}"))

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from hearth.access.models import User
    from hearth.care.models import PeriodOfCare
    from hearth.casework.models import CINEpisode
    from hearth.people.models import Child

    children = Child.objects.count()
    size = (
        f"{children:,} children, {CINEpisode.objects.count():,} CIN episodes, "
        f"{PeriodOfCare.objects.count():,} periods of care"
    )
    user = User.objects.filter(role=User.Role.SOCIAL_WORKER, worker__isnull=False).first()
    client = Client()
    if user is not None:
        client.force_login(user)
        child = Child.objects.filter(
            allocations__worker=user.worker, allocations__end_date__isnull=True
        ).first()
        pages = {"Caseload (home)": "/"}
        if child is not None:
            pages["Child record"] = f"/children/{child.pk}/"
            pages["Chronology"] = f"/children/{child.pk}/chronology/"
            pages["Search by surname"] = f"/children/?q={child.last_name}"
        for name, url in pages.items():
            samples = []
            for _ in range(15):
                start = time.perf_counter()
                response = client.get(url)
                samples.append((time.perf_counter() - start) * 1000)
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            rows.append(
                (
                    f"{name}: server time per request (ms), status {response.status_code}",
                    _stats(samples),
                )
            )
            rows.append((f"{name}: database queries", str(len(ctx.captured_queries))))

    engine = connection.vendor
    text = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`python -m hearth.bench`). Medians of repeated runs, min and max in brackets.",
        "",
        f"- Date: {dt.datetime.now():%Y-%m-%d %H:%M}",
        f"- Commit: {_commit()}",
        f"- Machine: {_machine()}",
        f"- Database: {engine}",
        f"- Data: synthetic `large` LA (seed 1): {size}",
        "",
        "| measure | value |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in rows],
        "",
    ]
    OUT.write_text("\n".join(text))
    print(OUT.read_text())


if __name__ == "__main__":
    main()
