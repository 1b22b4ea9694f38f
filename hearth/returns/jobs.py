"""Statutory returns as background jobs, with progress.

The task runner is django-tasks (the backport of Django 6's ``django.tasks``). ``start_job``
enqueues ``run_return_job`` on the configured backend:

* tests and a bare checkout (no ``TASKS`` setting): django-tasks' ``ImmediateBackend`` runs the
  job inside the request that started it — the job page then shows it finished;
* the demo and production: ``django_tasks_db.DatabaseBackend`` (the ORM queue that django-tasks
  0.12 moved into the separate ``django-tasks-db`` package) with its worker, ``hearth
  db_worker``, running beside the web server.

The job's state lives in ``ReturnJob`` (not in the task result), so the page reads the same
fields whichever backend ran it. Each stage reports progress through a callback
(``Progress``); where a back-end function offers no hook, the job chunks the work itself
(``iter_903`` chunk by chunk) or ticks the bar while the DfE rules run in their own process.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from hearth.core.spreadsheet import safe_record
from hearth.returns.models import ReturnJob

log = logging.getLogger(__name__)

ProgressFn = Callable[[float, str], None]


# --- Creating and starting jobs ------------------------------------------------------------------


def results_dir() -> Path:
    """Where finished returns are kept: ``settings.RETURNS_DIR``, else ``var/returns`` (under
    tests, a directory in the system's temporary folder, so tests never write into ``var/``)."""
    configured = getattr(settings, "RETURNS_DIR", None)
    if configured:
        return Path(configured)
    if getattr(settings, "TESTING", False):
        return Path(tempfile.gettempdir()) / "hearth-test-returns"
    return Path(settings.PROJECT_DIR) / "var" / "returns"


CONTENT_TYPES = {
    ".xml": "application/xml",
    ".zip": "application/zip",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def content_type(path: Path) -> str:
    return CONTENT_TYPES.get(path.suffix, "application/octet-stream")


def result_file(job: ReturnJob) -> Path | None:
    """The file a finished job produced, if it is still there (and inside the results folder);
    None for a job that is not done, kept no file (validation only) or whose file has gone."""
    if job.status != ReturnJob.Status.DONE or not job.result_path:
        return None
    path = Path(job.result_path)
    if not path.resolve().is_relative_to(results_dir().resolve()) or not path.is_file():
        return None
    return path


def create_job(
    *,
    kind: str,
    user,
    year: str = "",
    as_of: dt.date | None = None,
    validate_only: bool = False,
) -> ReturnJob:
    if kind == ReturnJob.Kind.ANNEX_A:
        if as_of is None:
            raise ValueError("Annex A needs an as-at date")
        year = ""
    elif not year:
        raise ValueError(f"{kind} needs a collection year")
    return ReturnJob.objects.create(
        kind=kind,
        year=year,
        as_of=as_of if kind == ReturnJob.Kind.ANNEX_A else None,
        validate_only=validate_only,
        requested_by=user,
        message="Waiting to start",
    )


def start_job(job: ReturnJob) -> ReturnJob:
    """Queue the job on the task backend (which may run it at once: see the module docstring)."""
    result = run_return_job.enqueue(job.pk)
    ReturnJob.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


@task()
def run_return_job(job_id: int) -> str:
    """The task: claim the job, run it, record the outcome. Never raises for a failed return."""
    claimed = ReturnJob.objects.filter(pk=job_id, status=ReturnJob.Status.QUEUED).update(
        status=ReturnJob.Status.RUNNING,
        started_at=timezone.now(),
        progress=1,
        message="Starting",
    )
    if not claimed:
        return "not queued"
    job = ReturnJob.objects.get(pk=job_id)
    try:
        execute(job, progress=Progress(job))
    except Exception as exc:  # recorded on the job and shown on its page
        log.exception("Return job %s failed", job_id)
        ReturnJob.objects.filter(pk=job_id).update(
            status=ReturnJob.Status.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:4000],
            message="Failed",
            finished_at=timezone.now(),
        )
        return "failed"
    return "done"


class Progress:
    """The callback every stage reports through: ``progress(percent, message)``. Saves to the
    job row (never backwards; at most every ``interval`` seconds unless the message changes)."""

    def __init__(self, job: ReturnJob, *, interval: float = 0.25):
        self.job = job
        self.interval = interval
        self.percent = job.progress
        self.message = job.message
        self._saved_at = 0.0
        self.history: list[tuple[int, str]] = []

    def __call__(self, percent: float, message: str | None = None) -> None:
        pct = max(self.percent, min(99, int(percent)))
        msg = (message or self.message)[:200]
        now = time.monotonic()
        if pct == self.percent and msg == self.message:
            return
        if msg == self.message and now - self._saved_at < self.interval:
            self.percent = pct
            return
        self.percent, self.message, self._saved_at = pct, msg, now
        self.history.append((pct, msg))
        ReturnJob.objects.filter(pk=self.job.pk).update(progress=pct, message=msg)


def _stage(progress: ProgressFn, start: float, end: float) -> Callable[[float, str], None]:
    """A sub-range of the bar: ``fraction`` 0..1 of this stage -> start..end."""
    return lambda fraction, message: progress(start + (end - start) * min(1.0, fraction), message)


def _approach(step: int, rate: float = 0.8) -> float:
    """0, 0.2, 0.36, … -> 1: for work whose total is unknown (never quite reaches the end)."""
    return 1 - rate**step


# --- Running a job ----------------------------------------------------------------------------------


def execute(job: ReturnJob, *, progress: ProgressFn) -> ReturnJob:
    """Build, validate and keep the job's return; mark it done."""
    started = time.perf_counter()
    runners = {
        ReturnJob.Kind.SSDA903: _run_903,
        ReturnJob.Kind.CIN: _run_cin,
        ReturnJob.Kind.ANNEX_A: _run_annex_a,
    }
    with tempfile.TemporaryDirectory(prefix=f"hearth-job{job.pk}-") as tmp:
        result, summary = runners[job.kind](job, Path(tmp), progress)
        summary["seconds"] = round(time.perf_counter() - started, 1)
        fields = {"summary": summary}
        if result is not None and not job.validate_only:
            progress(97, "Saving the file")
            target_dir = results_dir() / f"job-{job.pk}"
            target_dir.mkdir(parents=True, exist_ok=True)
            target = target_dir / result.name
            shutil.move(str(result), target)
            fields.update(result_path=str(target), result_name=result.name)
    ReturnJob.objects.filter(pk=job.pk).update(
        status=ReturnJob.Status.DONE,
        progress=100,
        message="Done",
        finished_at=timezone.now(),
        **fields,
    )
    job.refresh_from_db()
    return job


def previous_year(year: str) -> str:
    from hearth.core.calendar import collection_year_bounds

    start, _end = collection_year_bounds(year)
    return f"{start.year - 1}-{start.year % 100:02d}"


def write_903_tables(*, year: str, out_dir: Path, progress: Callable[[float, str], None]) -> int:
    """``write_903`` chunk by chunk (``iter_903``), reporting after each chunk. Same files:
    one ``{Table}.csv`` per table of the year, every table written (header-only when empty)."""
    from hearth.returns.ssda903 import COLUMNS, iter_903, tables_for_year

    out_dir.mkdir(parents=True, exist_ok=True)
    names = tables_for_year(year)
    handles = {n: (out_dir / f"{n}.csv").open("w", newline="", encoding="utf-8") for n in names}
    rows = 0
    try:
        writers = {n: csv.DictWriter(handles[n], fieldnames=COLUMNS[n]) for n in names}
        for w in writers.values():
            w.writeheader()
        for step, chunk in enumerate(iter_903(year=year), start=1):
            for name, chunk_rows in chunk.items():
                writers[name].writerows(safe_record(r) for r in chunk_rows)
                rows += len(chunk_rows)
            progress(_approach(step), f"Writing the {year} tables ({rows:,} rows so far)")
    finally:
        for h in handles.values():
            h.close()
    return rows


def _run_903(job: ReturnJob, tmp: Path, progress: ProgressFn):
    from hearth.returns import providers
    from hearth.returns.validate import prepare_previous_year, set_aside_package_defects

    year = job.year
    this = tmp / f"SSDA903_{year}"
    progress(2, f"Writing the SSDA903 tables for {year}")
    write_903_tables(year=year, out_dir=this, progress=_stage(progress, 2, 35))
    prev_dir = None
    prev = previous_year(year)
    if prev >= "2022-23":
        progress(35, f"Writing last year's tables ({prev}) for the rules that compare years")
        prev_dir = tmp / "previous"
        write_903_tables(year=prev, out_dir=prev_dir, progress=_stage(progress, 35, 50))
        prepare_previous_year(prev_dir, this_dir=this, year=year)
    progress(50, "Writing Ofsted's provider lists")
    lists_dir = providers.write_provider_lists(tmp / "ofsted")
    checked_with = {
        "previous_year": prev_dir is not None,
        "providers": providers.Provider.objects.count() if lists_dir else 0,
    }
    try:
        cmd = providers.validator_command_903(
            files_dir=this, prev_dir=prev_dir, year=year, lists_dir=lists_dir
        )
    except RuntimeError as exc:  # validators environment missing
        summary = unavailable_summary("903", year, str(exc))
    else:
        raw = run_validator(
            cmd, progress=_stage(progress, 52, 95), message="Running DfE's SSDA903 rules"
        )
        set_aside_package_defects(raw, return_name="903", year=year)
        summary = summary_from_raw(raw, return_name="903", year=year)
    summary["checked_with"] = checked_with
    result = None
    if not job.validate_only:
        progress(96, "Packing the CSV files")
        result = tmp / f"SSDA903_{year}.zip"
        with zipfile.ZipFile(result, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for path in sorted(this.glob("*.csv")):
                zf.write(path, arcname=f"SSDA903_{year}/{path.name}")
    return result, summary


def _run_cin(job: ReturnJob, tmp: Path, progress: ProgressFn):
    from hearth.returns.cin import build_cin_xml, cin_tables
    from hearth.returns.validate import (
        RUNNER_DIR,
        ValidatorsUnavailable,
        end_year,
        validators_python,
    )

    year = job.year
    result = None
    if not job.validate_only:
        progress(3, f"Building the CIN census XML for {year}")
        result = tmp / f"CIN_{year}.xml"
        result.write_bytes(build_cin_xml(year=year))
    progress(40, "Building the census tables for DfE's rules")
    tables = tmp / "cin_tables.json"
    tables.write_text(json.dumps(cin_tables(year=year)), encoding="utf-8")
    try:
        python = validators_python()
    except ValidatorsUnavailable as exc:
        return result, unavailable_summary("cin", year, str(exc))
    cmd = [str(python), str(RUNNER_DIR / "run_cin.py"), "--year", end_year(year)]
    cmd += ["--tables", str(tables)]
    raw = run_validator(cmd, progress=_stage(progress, 55, 95), message="Running DfE's CIN rules")
    return result, summary_from_raw(raw, return_name="cin", year=year)


ANNEX_A_LIIATOOLS = {
    "unmatched_sheets": "Sheets whose headings match no Annex A list",
    "missing_lists": "Annex A lists missing from the workbook",
    "extra_columns": "Columns the list does not have",
    "duplicate_columns": "Columns that appear twice",
    "blanked": "Cells the cleaner could not read as the column's type or code (blanked)",
    "blank_errors": "Cells that must not be blank",
    "changed": "Codes the cleaner rewrote to a different value",
    "dropped_rows": "Rows the cleaner drops (blank key date)",
}


def _run_annex_a(job: ReturnJob, tmp: Path, progress: ProgressFn):
    from hearth.returns import annex_a
    from hearth.returns.liiatools_check import LiiatoolsUnavailable, clean_annex_a

    as_of = job.as_of
    progress(3, f"Building the Annex A lists as at {as_of:%d/%m/%Y}")
    lists = annex_a.build_annex_a(as_of=as_of)
    progress(45, "Writing the workbook")
    result = annex_a.write_annex_a(
        as_of=as_of, out=tmp / f"AnnexA_{as_of:%Y-%m-%d}.xlsx", lists=lists
    )
    progress(55, "Checking the same child's facts agree across lists")
    rules = [
        _problems_rule(
            "HEARTH-LISTS",
            "The same child's details and dates agree across the Annex A lists",
            annex_a.annex_a_consistency(lists),
        )
    ]
    progress(65, "Checking Annex A against the CIN census and SSDA903")
    rules.append(
        _problems_rule(
            "HEARTH-RETURNS",
            "Annex A agrees with the CIN census and SSDA903 for the same children",
            annex_a.annex_a_against_returns(lists, as_of=as_of),
        )
    )
    progress(80, "Running the sector's Annex A cleaner (liiatools)")
    try:
        report = clean_annex_a(result)
    except LiiatoolsUnavailable as exc:
        rules += [
            _rule(f"liiatools:{key}", message, status="not_checked", reason=str(exc))
            for key, message in ANNEX_A_LIIATOOLS.items()
        ]
    else:
        for key, message in ANNEX_A_LIIATOOLS.items():
            rules.append(_liiatools_rule(key, message, report.get(key)))
    summary = {
        "return": "annex-a",
        "year": "",
        "as_of": as_of.isoformat(),
        "rules": _with_child_pks(rules),
        "tables": {name: len(rows) for name, rows in lists.items()},
    }
    summary["counts"] = count_statuses(summary["rules"])
    return (None if job.validate_only else Path(result)), summary


# --- The DfE rules in their own process --------------------------------------------------------


def run_validator(cmd: list[str], *, progress: Callable[[float, str], None], message: str) -> dict:
    """Run a validator runner (JSON on stdout), moving the bar while it works."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    started = time.monotonic()
    step = 0
    while True:
        try:
            out, err = proc.communicate(timeout=1)
            break
        except subprocess.TimeoutExpired:
            step += 1
            progress(_approach(step, 0.93), f"{message} ({int(time.monotonic() - started)}s)")
    if proc.returncode != 0:
        raise RuntimeError(f"the validator failed (exit {proc.returncode}): {err[-2000:]}")
    progress(1.0, f"{message}: done")
    return json.loads(out)


def _rule(code, message, *, type_="error", status="passed", reason="", failures=()):
    return {
        "code": code,
        "message": message,
        "type": type_,
        "status": status,
        "reason": reason,
        "failures": list(failures),
    }


def _problems_rule(code: str, message: str, problems: Iterable) -> dict:
    failures = [
        {
            "child_id": str(p.child),
            "table": p.list,
            "row": "",
            "fields": [p.column],
            "detail": p.message,
        }
        for p in problems
    ]
    return _rule(code, message, status="failed" if failures else "passed", failures=failures)


def _liiatools_rule(key: str, message: str, value) -> dict:
    failures = []
    if isinstance(value, dict):
        for sheet, inner in value.items():
            if isinstance(inner, dict):
                failures += [
                    {
                        "child_id": "",
                        "table": sheet,
                        "row": "",
                        "fields": [col],
                        "detail": f"{n} cell(s)",
                    }
                    for col, n in inner.items()
                ]
            else:
                failures.append(
                    {"child_id": "", "table": sheet, "row": "", "fields": [], "detail": str(inner)}
                )
    elif value:
        failures = [
            {"child_id": "", "table": "", "row": "", "fields": [], "detail": str(v)} for v in value
        ]
    return _rule(
        f"liiatools:{key}", message, status="failed" if failures else "passed", failures=failures
    )


def _with_child_pks(rules: list[dict]) -> list[dict]:
    from hearth.people.models import Child

    ids = {f["child_id"] for r in rules for f in r["failures"] if f.get("child_id")}
    pks = dict(Child.objects.filter(la_child_id__in=ids).values_list("la_child_id", "pk"))
    for r in rules:
        for f in r["failures"]:
            f["child_pk"] = pks.get(f.get("child_id") or "")
    return rules


def count_statuses(rules: list[dict]) -> dict[str, int]:
    counts = {"passed": 0, "error": 0, "query": 0, "not_checked": 0}
    for r in rules:
        if r["status"] == "failed":
            counts["query" if r["type"] == "query" else "error"] += 1
        else:
            counts[r["status"] if r["status"] in counts else "not_checked"] += 1
    return counts


def summary_from_raw(raw: dict, *, return_name: str, year: str) -> dict:
    """The JSON kept on the job: every rule (code, message, type, status, reason) and its
    failures (LA child ID, Hearth child pk, table, row, fields)."""
    rules = [
        _rule(
            r["code"],
            r.get("message", ""),
            type_=r.get("type", "error"),
            status=r.get("status", "not_checked"),
            # a rule whose findings were all a known defect of its code passed; say so
            reason=r.get("reason", "") or r.get("defect", ""),
            failures=[
                {
                    "child_id": f.get("child_id") or "",
                    "table": f.get("table", ""),
                    "row": f.get("row", ""),
                    "fields": list(f.get("fields", ())),
                }
                for f in r.get("failures", ())
            ],
        )
        for r in raw.get("rules", ())
    ]
    summary = {
        "return": return_name,
        "year": year,
        "rules": _with_child_pks(rules),
        "tables": raw.get("tables", {}),
    }
    summary["counts"] = count_statuses(summary["rules"])
    return summary


def unavailable_summary(return_name: str, year: str, reason: str) -> dict:
    """DfE's rules could not run at all: nothing is reported as passed."""
    return {
        "return": return_name,
        "year": year,
        "rules": [],
        "unavailable": reason,
        "counts": {"passed": 0, "error": 0, "query": 0, "not_checked": 0},
        "tables": {},
    }
