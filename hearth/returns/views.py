"""The Returns pages: start an export, watch it run, download it, read its validation report,
and each team's data-quality list.

Who may do what
    * Exports, job pages, downloads and validation reports: performance analysts and senior
      leaders (the roles that prepare and sign off returns). Every download is audited as an
      export.
    * Data quality: team managers for the teams they manage; senior leaders and analysts for
      any team. Team managers may start a validation run (no file is kept).
    * Children are linked only where the viewer may see them (``children_visible_to``); other
      children are counted. Every report and data-quality view writes an audit entry.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from hearth.access import audit, permissions
from hearth.access.models import AuditEntry, User
from hearth.core.calendar import collection_year_label
from hearth.core.query import query_id
from hearth.returns import dataquality, jobs
from hearth.returns.forms import StartReturnForm, default_year, year_choices
from hearth.returns.models import Provider, ReturnJob


def _require(request, roles: set[str], message: str) -> None:
    if getattr(request.user, "role", None) not in roles:
        raise PermissionDenied(message)


def _require_exports(request) -> None:
    _require(
        request,
        permissions.PREPARE_RETURNS_ROLES,
        "Statutory returns are prepared by analysts and leaders.",
    )


def _job(request, pk: int) -> ReturnJob:
    _require_exports(request)
    return get_object_or_404(ReturnJob.objects.select_related("requested_by"), pk=pk)


def _status(job: ReturnJob) -> dict:
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": job.get_status_display(),
        "progress": job.progress,
        "message": job.message,
        "finished": job.finished,
        "error": job.error if job.status == ReturnJob.Status.FAILED else "",
        "download_url": (
            reverse("returns_download", args=[job.pk])
            if job.status == ReturnJob.Status.DONE and job.result_path
            else ""
        ),
        "download_name": job.result_name if job.status == ReturnJob.Status.DONE else "",
        "report_url": (
            reverse("returns_report", args=[job.pk])
            if job.status == ReturnJob.Status.DONE and job.summary
            else ""
        ),
        "counts": job.summary.get("counts", {}) if job.status == ReturnJob.Status.DONE else {},
    }


@require_GET
def home(request):
    _require(
        request,
        permissions.PERFORMANCE_ROLES,
        "Returns are for analysts, leaders and team managers.",
    )
    can_export = request.user.role in permissions.PREPARE_RETURNS_ROLES
    context = {"can_export": can_export}
    if can_export:
        context.update(
            form=StartReturnForm(),
            years=year_choices(),
            default_year=default_year(),
            jobs=ReturnJob.objects.select_related("requested_by")[:20],
            providers=Provider.objects.count(),
            provider_loaded=Provider.objects.order_by("-loaded_at").first(),
        )
    return render(request, "returns/home.html", context)


@require_POST
def start(request):
    _require_exports(request)
    form = StartReturnForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "returns/home.html",
            {
                "can_export": True,
                "form": form,
                "years": year_choices(),
                "default_year": form.data.get("year") or default_year(),
                "jobs": ReturnJob.objects.select_related("requested_by")[:20],
                "providers": Provider.objects.count(),
                "provider_loaded": Provider.objects.order_by("-loaded_at").first(),
                "failed_kind": form.data.get("kind"),
                # Each kind's form on the page prefixes its inputs' ids with the kind.
                "error_links": [
                    (f"{form.data.get('kind') or 'kind'}-{field}", error)
                    for field, errors in form.errors.items()
                    for error in errors
                ],
            },
            status=400,
        )
    job = jobs.create_job(
        kind=form.cleaned_data["kind"],
        user=request.user,
        year=form.cleaned_data.get("year") or "",
        as_of=form.cleaned_data.get("as_of"),
    )
    jobs.start_job(job)
    return redirect("returns_job", pk=job.pk)


@require_GET
def job_page(request, pk: int):
    job = _job(request, pk)
    return render(request, "returns/job.html", {"job": job, "status": _status(job)})


@require_GET
def job_status(request, pk: int):
    job = _job(request, pk)
    response = JsonResponse(_status(job))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def download(request, pk: int):
    job = _job(request, pk)
    path = jobs.result_file(job)
    if path is None:
        raise Http404("This job has no file to download")
    audit.record(
        request=request,
        action=AuditEntry.Action.EXPORT,
        what=f"Downloaded {job.get_kind_display()} {job.period_label}",
        detail={"job": job.pk, "kind": job.kind, "file": job.result_name},
    )
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=job.result_name,
        content_type=jobs.content_type(path),
    )


@require_GET
def report(request, pk: int):
    job = _job(request, pk)
    if job.status != ReturnJob.Status.DONE:
        return redirect("returns_job", pk=job.pk)
    grouped = dataquality.group_findings(job.summary, user=request.user)
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what=f"Validation report: {job.get_kind_display()} {job.period_label}",
        detail={"job": job.pk},
    )
    return render(
        request,
        "returns/report.html",
        {"job": job, "grouped": grouped, "summary": job.summary},
    )


@require_GET
def data_quality(request):
    _require(
        request,
        permissions.PERFORMANCE_ROLES,
        "Data quality is for team managers, leaders and analysts.",
    )
    teams = dataquality.teams_for(request.user)
    team = None
    chosen = request.GET.get("team", "")
    if chosen.isdigit():
        team = next((t for t in teams if t.pk == query_id(chosen)), None)
        if team is None:
            raise PermissionDenied("You can see the data quality of the teams you manage.")
    elif request.user.role == User.Role.TEAM_MANAGER and teams:
        team = teams[0] if len(teams) == 1 else None
    runs = dataquality.latest_runs()
    sections = []
    if team is not None:
        children = dataquality.team_children({team.pk})
        for kind, job in runs.items():
            sections.append(
                {
                    "kind": ReturnJob.Kind(kind).label,
                    "job": job,
                    "grouped": (
                        dataquality.group_findings(
                            job.summary, user=request.user, only_children=children
                        )
                        if job
                        else None
                    ),
                }
            )
        audit.record(
            request=request,
            action=AuditEntry.Action.VIEW,
            what=f"Data quality: {team.name}",
            detail={"team": team.pk, "jobs": [j.pk for j in runs.values() if j]},
        )
    running = ReturnJob.objects.filter(
        validate_only=True, status__in=[ReturnJob.Status.QUEUED, ReturnJob.Status.RUNNING]
    )
    return render(
        request,
        "returns/data_quality.html",
        {
            "teams": teams,
            "team": team,
            "sections": sections,
            "running": list(running),
            "year": collection_year_label_today(),
        },
    )


def collection_year_label_today() -> str:
    from django.utils import timezone

    return collection_year_label(timezone.localdate())


@require_POST
def data_quality_run(request):
    """Validate this collection year's CIN census and SSDA903 now (no file is kept)."""
    _require(
        request,
        permissions.PERFORMANCE_ROLES,
        "Data quality is for team managers, leaders and analysts.",
    )
    year = collection_year_label_today()
    busy = ReturnJob.objects.filter(
        validate_only=True, status__in=[ReturnJob.Status.QUEUED, ReturnJob.Status.RUNNING]
    ).exists()
    if not busy:
        for kind in (ReturnJob.Kind.CIN, ReturnJob.Kind.SSDA903):
            jobs.start_job(
                jobs.create_job(kind=kind, user=request.user, year=year, validate_only=True)
            )
    url = reverse("returns_data_quality")
    team = request.POST.get("team", "")
    return redirect(f"{url}?team={team}" if team.isdigit() else url)
