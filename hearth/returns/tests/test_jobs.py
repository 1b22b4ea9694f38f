"""Return jobs: queued -> running -> done (or failed, with the error kept), progress reported
through the callback, files kept for download, rules that could not run never "passed"."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from django.conf import settings

from hearth.access.tests.factories import UserFactory
from hearth.returns import jobs
from hearth.returns.tests import builders

pytestmark = pytest.mark.django_db
YEAR = "2025-26"
HAS_VALIDATORS = Path(settings.VALIDATORS_PYTHON).exists()


@pytest.fixture
def analyst():
    return UserFactory(role="analyst")


def test_a_new_job_is_queued_and_does_not_run_until_started(analyst):
    job = jobs.create_job(kind="903", user=analyst, year=YEAR)
    assert (job.status, job.progress, job.started_at) == ("queued", 0, None)


def test_job_runs_queued_to_running_to_done_reporting_progress(analyst, fake_rules):
    builders.small_la()
    fake_rules["rules"] = [
        {"code": "103", "message": "Ethnicity not valid", "type": "error", "status": "passed"},
        {
            "code": "231",
            "message": "Crashes",
            "type": "error",
            "status": "not_checked",
            "reason": "rule raised KeyError: 'X'",
        },
    ]
    job = jobs.create_job(kind="903", user=analyst, year=YEAR)
    seen = []
    jobs.ReturnJob.objects.filter(pk=job.pk).update(status="running")
    job.refresh_from_db()
    progress = jobs.Progress(job, interval=0)
    jobs.execute(job, progress=lambda p, m: (seen.append((int(p), m)), progress(p, m)))
    job.refresh_from_db()
    assert job.status == "done" and job.progress == 100 and job.message == "Done"
    percents = [p for p, _ in seen]
    assert percents == sorted(percents) and percents[0] < 10 and percents[-1] >= 95
    messages = " | ".join(m for _, m in seen)
    assert "Writing the SSDA903 tables" in messages and "Running DfE's SSDA903 rules" in messages
    assert progress.history, "progress was saved to the job as it went"
    with zipfile.ZipFile(job.result_path) as zf:
        names = zf.namelist()
    assert f"SSDA903_{YEAR}/Header.csv" in names and f"SSDA903_{YEAR}/Episodes.csv" in names
    assert job.summary["counts"] == {"passed": 1, "error": 0, "query": 0, "not_checked": 1}
    assert job.summary["checked_with"]["previous_year"] is True


def test_the_task_claims_a_queued_job_once(analyst, fake_rules):
    builders.small_la()
    job = jobs.start_job(jobs.create_job(kind="cin", user=analyst, year=YEAR))
    assert job.status == "done"
    assert job.started_at <= job.finished_at
    assert job.task_id
    assert jobs.run_return_job.call(job.pk) == "not queued"
    assert Path(job.result_path).name == f"CIN_{YEAR}.xml"


def test_a_failing_job_records_the_error(analyst, monkeypatch):
    def broken(**kwargs):
        raise ValueError("the census header has no LA number")

    monkeypatch.setattr("hearth.returns.cin.build_cin_xml", broken)
    job = jobs.start_job(jobs.create_job(kind="cin", user=analyst, year=YEAR))
    assert job.status == "failed"
    assert job.error == "ValueError: the census header has no LA number"
    assert job.finished_at is not None and not job.result_path


def test_without_the_validators_nothing_is_counted_as_passed(analyst, settings):
    settings.VALIDATORS_PYTHON = "/nonexistent/python"
    builders.small_la()
    job = jobs.start_job(jobs.create_job(kind="cin", user=analyst, year=YEAR))
    assert job.status == "done"
    assert job.summary["counts"]["passed"] == 0
    assert "make validators" in job.summary["unavailable"]


def test_validate_only_keeps_no_file(analyst, fake_rules):
    builders.small_la()
    job = jobs.start_job(jobs.create_job(kind="903", user=analyst, year=YEAR, validate_only=True))
    assert job.status == "done" and job.result_path == "" and job.summary["rules"] == []


def test_progress_never_goes_backwards_and_is_saved(analyst):
    job = jobs.create_job(kind="903", user=analyst, year=YEAR)
    progress = jobs.Progress(job, interval=0)
    progress(40, "Half way")
    progress(20, "Going back?")
    job.refresh_from_db()
    assert (job.progress, job.message) == (40, "Going back?")


def test_annex_a_job_runs_the_checks(analyst, settings):
    builders.small_la()
    job = jobs.start_job(jobs.create_job(kind="annex-a", user=analyst, as_of=dt.date(2026, 1, 31)))
    assert job.status == "done", job.error
    codes = {r["code"]: r["status"] for r in job.summary["rules"]}
    assert codes["HEARTH-LISTS"] == "passed"
    assert "liiatools:blanked" in codes
    assert Path(job.result_path).suffix == ".xlsx"


@pytest.mark.skipif(not HAS_VALIDATORS, reason="DfE validators' venv not built")
def test_real_903_job_runs_dfe_rules_with_last_year(analyst):
    builders.small_la()
    job = jobs.start_job(jobs.create_job(kind="903", user=analyst, year=YEAR))
    assert job.status == "done", job.error
    assert job.summary["counts"]["error"] == 0
    assert len(job.summary["rules"]) > 300
    statuses = {r["code"]: r["status"] for r in job.summary["rules"]}
    assert statuses["1008"] == "not_checked"  # no provider register loaded
