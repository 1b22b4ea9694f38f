"""Inspection readiness pages: the ILACS register, the self-assessment and its action plans, and
the inspection pack.

Who may do what
    * Read (register, self-assessment, an action's history): analysts, senior leaders and team
      managers, as the dashboards.
    * Write the self-assessment and add actions: senior leaders and analysts (the performance
      team drafts it, leaders own it). An action's owner may also record progress on it.
    * The inspection pack (it holds Annex A, which is child-level): senior leaders and analysts,
      as the returns; each download is audited as an export.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from hearth.access import audit
from hearth.access.models import AuditEntry
from hearth.access.permissions import INSPECTION_LEAD_ROLES, PERFORMANCE_ROLES
from hearth.insight import forms, services
from hearth.insight.indicators import THEMES
from hearth.insight.models import (
    GRADE_ORDER,
    Action,
    InspectionOutcome,
    SelfAssessmentEntry,
    StatisticalNeighbour,
)
from hearth.insight.pack import build_pack, self_assessment_context


def _require(request, roles, message: str) -> None:
    if getattr(request.user, "role", None) not in roles:
        raise PermissionDenied(message)


def _read(request) -> None:
    _require(
        request, PERFORMANCE_ROLES, "Inspection readiness is for managers, leaders and analysts."
    )


def _edit(request) -> None:
    _require(
        request, INSPECTION_LEAD_ROLES, "Senior leaders and analysts keep the self-assessment."
    )


def _posted(request):
    """The submitted data on a POST (even an empty one), else None (an unbound form)."""
    return request.POST if request.method == "POST" else None


def _context(**extra) -> dict:
    return {"themes": THEMES, "query": "", **extra}


@require_GET
def inspection(request):
    _read(request)
    today = timezone.localdate()
    overdue = sum(
        a.is_overdue(today=today) for a in Action.objects.exclude(status=Action.Status.COMPLETE)
    )
    return render(
        request,
        "insight/inspection.html",
        _context(
            outcomes=InspectionOutcome.objects.count(),
            entries=SelfAssessmentEntry.objects.count(),
            overdue=overdue,
            can_pack=request.user.role in INSPECTION_LEAD_ROLES,
        ),
    )


# --- ILACS register ----------------------------------------------------------------------------


def _matches(outcome: InspectionOutcome, code: str, name: str) -> bool:
    if code and outcome.la_code:
        return code == outcome.la_code
    return outcome.la_name.strip().lower() == name.strip().lower()


def _latest(outcomes: list[InspectionOutcome], code: str, name: str):
    mine = [o for o in outcomes if _matches(o, code, name)]
    return max(mine, key=lambda o: o.sort_date) if mine else None


@require_GET
def register(request):
    _read(request)
    from hearth.core.models import Authority

    outcomes = list(InspectionOutcome.objects.all())
    authority = Authority.objects.first()
    comparison = []
    if authority is not None:
        code = f"{authority.dfe_number:03d}"
        comparison.append(
            {
                "name": authority.name,
                "this_la": True,
                "outcome": _latest(outcomes, code, authority.name),
            }
        )
    for n in StatisticalNeighbour.objects.all():
        comparison.append(
            {
                "name": n.la_name,
                "this_la": False,
                "outcome": _latest(outcomes, n.la_code, n.la_name),
            }
        )
    judged = [c["outcome"] for c in comparison if c["outcome"]]
    summary = []
    for field in InspectionOutcome.JUDGEMENTS:
        label = InspectionOutcome._meta.get_field(field).verbose_name
        grades = [getattr(o, field) for o in judged]
        summary.append(
            {
                "label": label,
                "good_or_better": sum(GRADE_ORDER[g] <= 2 for g in grades),
                "of": len(grades),
            }
        )
    return render(
        request,
        "insight/register.html",
        _context(
            outcomes=outcomes,
            comparison=comparison,
            neighbours=StatisticalNeighbour.objects.exists(),
            summary=summary,
            judgements=[
                InspectionOutcome._meta.get_field(f).verbose_name
                for f in InspectionOutcome.JUDGEMENTS
            ],
        ),
    )


# --- Self-assessment ---------------------------------------------------------------------------


@require_GET
def self_assessment(request):
    _read(request)
    today = timezone.localdate()
    context = self_assessment_context(as_of=today)
    context.update(_context(can_edit=request.user.role in INSPECTION_LEAD_ROLES, today=today))
    return render(request, "insight/self_assessment.html", context)


def _form_page(request, *, form, title: str, save, success: str, next_url: str, intro=""):
    if request.method == "POST" and form.is_valid():
        try:
            save(form)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, success)
            return redirect(next_url)
    return render(
        request,
        "insight/form.html",
        _context(form=form, title=title, intro=intro, cancel_url=next_url),
    )


@require_http_methods(["GET", "POST"])
def entry_add(request):
    _edit(request)
    form = forms.EntryForm(_posted(request))
    return _form_page(
        request,
        form=form,
        title="Add to the self-assessment",
        save=lambda f: services.entry_create(
            kind=f.cleaned_data["kind"],
            title=f.cleaned_data["title"],
            narrative=f.cleaned_data["narrative"],
            indicators=f.cleaned_data["indicators"],
            acting_user=request.user,
            request=request,
        ),
        success="Added to the self-assessment",
        next_url=reverse("insight_self_assessment"),
    )


@require_http_methods(["GET", "POST"])
def entry_edit(request, pk: int):
    _edit(request)
    entry = get_object_or_404(SelfAssessmentEntry, pk=pk)
    form = forms.EntryForm(
        _posted(request),
        initial={
            "kind": entry.kind,
            "title": entry.title,
            "narrative": entry.narrative,
            "indicators": entry.indicators,
            "version": entry.version,
        },
    )
    return _form_page(
        request,
        form=form,
        title=f"Change: {entry.title}",
        save=lambda f: services.entry_update(
            entry=entry,
            expected_version=f.cleaned_data.get("version") or entry.version,
            kind=f.cleaned_data["kind"],
            title=f.cleaned_data["title"],
            narrative=f.cleaned_data["narrative"],
            indicators=f.cleaned_data["indicators"],
            acting_user=request.user,
            request=request,
        ),
        success="Self-assessment entry changed",
        next_url=reverse("insight_self_assessment"),
    )


@require_http_methods(["GET", "POST"])
def action_add(request, pk: int):
    _edit(request)
    entry = get_object_or_404(SelfAssessmentEntry, pk=pk)
    form = forms.ActionForm(_posted(request))
    return _form_page(
        request,
        form=form,
        title=f"Add an action: {entry.title}",
        save=lambda f: services.action_create(
            entry=entry, acting_user=request.user, request=request, **f.cleaned_data
        ),
        success="Action added",
        next_url=reverse("insight_self_assessment"),
    )


@require_http_methods(["GET", "POST"])
def action(request, pk: int):
    _read(request)
    act = get_object_or_404(Action.objects.select_related("entry", "owner"), pk=pk)
    may_update = request.user.role in INSPECTION_LEAD_ROLES or act.owner_id == request.user.pk
    if request.method == "POST" and not may_update:
        raise PermissionDenied("Only the owner, senior leaders and analysts update an action.")
    form = forms.ActionUpdateForm(
        _posted(request),
        initial={
            "status": act.status,
            "due_date": act.due_date,
            "evidence": act.evidence,
            "version": act.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                action=act,
                expected_version=form.cleaned_data.get("version") or act.version,
                status=form.cleaned_data["status"],
                due_date=form.cleaned_data["due_date"],
                progress=form.cleaned_data["progress"],
                evidence=form.cleaned_data["evidence"],
                acting_user=request.user,
                request=request,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "Progress recorded")
            return redirect("insight_action", pk=act.pk)
    today = timezone.localdate()
    return render(
        request,
        "insight/action.html",
        _context(
            action=act,
            overdue=act.is_overdue(today=today),
            updates=list(act.updates.select_related("by")),
            form=form if may_update else None,
        ),
    )


# --- Inspection pack ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def pack(request):
    _require(
        request, INSPECTION_LEAD_ROLES, "The inspection pack is for senior leaders and analysts."
    )
    form = forms.PackForm(_posted(request), initial={"as_of": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        as_of = form.cleaned_data["as_of"]
        buffer = io.BytesIO()
        made = build_pack(as_of=as_of, out=buffer)
        audit.record(
            request=request,
            action=AuditEntry.Action.EXPORT,
            what="Inspection pack (Annex A, self-assessment, indicators)",
            detail={"as_of": as_of, "files": sorted(made["files"])},
        )
        response = HttpResponse(buffer.getvalue(), content_type="application/zip")
        response["Content-Disposition"] = (
            f'attachment; filename="inspection-pack-{as_of:%Y-%m-%d}.zip"'
        )
        return response
    return render(
        request,
        "insight/form.html",
        _context(
            form=form,
            title="Download the inspection pack",
            intro=(
                "One zip file with the Annex A workbook, the self-assessment (printable and as "
                "CSV) and every indicator as at the date (CSV and XLSX). Annex A lists children "
                "by name: store the file securely. The download is recorded in the audit log."
            ),
            cancel_url=reverse("insight_inspection"),
        ),
    )
