"""Sample return jobs for the access matrix and the view tests."""

from __future__ import annotations

from django.utils import timezone

from hearth.returns.jobs import results_dir
from hearth.returns.models import ReturnJob


def done_job(user, *, kind="903", year="2025-26", summary=None, content=b"CHILD,SEX\n"):
    """A finished job whose file exists (as ``execute`` leaves it)."""
    job = ReturnJob.objects.create(
        kind=kind,
        year=year,
        requested_by=user,
        status=ReturnJob.Status.DONE,
        progress=100,
        message="Done",
        started_at=timezone.now(),
        finished_at=timezone.now(),
        summary=summary
        or {"return": kind, "year": year, "rules": [], "counts": {"passed": 0}, "tables": {}},
    )
    folder = results_dir() / f"job-{job.pk}"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"SSDA903_{year}.zip" if kind == "903" else f"CIN_{year}.xml"
    (folder / name).write_bytes(content)
    ReturnJob.objects.filter(pk=job.pk).update(result_path=str(folder / name), result_name=name)
    job.refresh_from_db()
    return job


def job_for_matrix(world) -> dict:
    return {"pk": done_job(world.users["analyst"]).pk}
