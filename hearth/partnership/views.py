"""Corporate parenting and partnership reports: a list, the report (HTML and PDF), generation
and the director's commentary. Aggregates only: no page here links to a child or a drill-down,
so elected members (who may see no child) read them."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from hearth.access import audit
from hearth.access.models import AuditEntry
from hearth.access.permissions import REPORT_COMMENTARY, REPORT_GENERATE, REPORTS, may
from hearth.core.services import ConcurrentEditError
from hearth.insight.indicators import default_period_start
from hearth.partnership import forms, services
from hearth.partnership.models import PartnershipReport
from hearth.partnership.pdf import report_pdf
from hearth.partnership.sections import BY_KEY
from hearth.partnership.selectors import report_sections


def _require(request, capability: str) -> None:
    if not may(request.user, capability):
        raise PermissionDenied("Corporate parenting reports are for members and senior leaders.")


def _audit(request, what: str, report=None, **detail) -> None:
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what=what,
        detail={"report": report.pk if report else None, **detail},
    )


def _la_name() -> str:
    return settings.HEARTH_LA_NAME


def reports(request):
    """The reports, newest first; leaders and analysts also generate a new one here."""
    _require(request, REPORTS)
    can_generate = may(request.user, REPORT_GENERATE)
    form = None
    if can_generate:
        today = timezone.localdate()
        initial = {"period_start": default_period_start(today), "period_end": today}
        if request.method == "POST":
            form = forms.ReportGenerateForm(request.POST)
            if form.is_valid():
                try:
                    report = services.generate_report(
                        acting_user=request.user, request=request, **form.cleaned_data
                    )
                except ValidationError as exc:
                    form.add_service_errors(exc)
                else:
                    messages.success(request, "Report generated")
                    return redirect("partnership_report", pk=report.pk)
        else:
            form = forms.ReportGenerateForm(initial=initial)
    elif request.method == "POST":
        raise PermissionDenied("Only senior leaders and analysts generate reports.")
    _audit(request, "Corporate parenting reports")
    return render(
        request,
        "partnership/reports.html",
        {
            "reports": PartnershipReport.objects.select_related("generated_by"),
            "form": form,
        },
    )


@require_GET
def report(request, pk: int):
    _require(request, REPORTS)
    item = get_object_or_404(PartnershipReport, pk=pk)
    _audit(request, f"Report: {item}", item, version=item.version)
    return render(
        request,
        "partnership/report.html",
        {
            "report": item,
            "sections": report_sections(item),
            "can_comment": may(request.user, REPORT_COMMENTARY),
        },
    )


@require_GET
def report_pdf_view(request, pk: int):
    _require(request, REPORTS)
    item = get_object_or_404(PartnershipReport, pk=pk)
    audit.record(
        request=request,
        action=AuditEntry.Action.EXPORT,
        what=f"Report PDF: {item}",
        detail={"report": item.pk, "version": item.version},
    )
    response = HttpResponse(report_pdf(item, la_name=_la_name()), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{item.audience}-{item.period_end:%Y-%m-%d}-v{item.version}.pdf"'
    )
    return response


def commentary(request, pk: int, section: str):
    _require(request, REPORT_COMMENTARY)
    item = get_object_or_404(PartnershipReport, pk=pk)
    if section not in BY_KEY:
        raise Http404("No such section")
    current = item.commentary.filter(section=section).order_by("-report_version").first()
    initial = {"version": item.version, "text": current.text if current else ""}
    if request.method == "POST":
        form = forms.CommentaryForm(request.POST, initial=initial)
        if form.is_valid():
            try:
                services.save_commentary(
                    report=item,
                    section=section,
                    text=form.cleaned_data["text"],
                    expected_version=form.cleaned_data["version"],
                    acting_user=request.user,
                    request=request,
                )
            except ConcurrentEditError as exc:
                form.add_error(None, str(exc))
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, "Commentary saved")
                return redirect(
                    reverse("partnership_report", args=[item.pk]) + f"#section-{section}"
                )
    else:
        form = forms.CommentaryForm(initial=initial)
    _audit(request, f"Form: commentary on {BY_KEY[section].title}", item)
    return render(
        request,
        "partnership/commentary_form.html",
        {"form": form, "report": item, "section": BY_KEY[section], "current": current},
    )
