"""The "needs fixing" queue of a quarantine import: children kept out of the record, each
problem with its file, row and column in plain words; a named person marks a problem fixed or
accepts it with a reason. For those who prepare the returns."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hearth.access import audit
from hearth.access.models import AuditEntry
from hearth.core.forms import GDSForm, choice, text
from hearth.returns.importers.quarantine import quarantined_resolve
from hearth.returns.models import ImportBatch, QuarantinedRecord
from hearth.returns.views import _require_exports

PER_PAGE = 50


class ResolveForm(GDSForm):
    submit_label = "Save"
    status = choice(
        "What has happened?",
        [
            (
                QuarantinedRecord.Status.FIXED,
                "Fixed at source (it will come in with the next import)",
            ),
            (
                QuarantinedRecord.Status.ACCEPTED,
                "Accepted as it is: keep these rows out of the record",
            ),
        ],
        message="Select fixed or accepted",
    )
    reason = text("Reason", long=True, max_length=300, message="Enter the reason")


def quarantine(request):
    _require_exports(request)
    status = request.GET.get("status", QuarantinedRecord.Status.OPEN)
    if status not in QuarantinedRecord.Status.values:
        status = QuarantinedRecord.Status.OPEN
    records = QuarantinedRecord.objects.filter(status=status).select_related("batch", "resolved_by")
    page = Paginator(records, PER_PAGE).get_page(request.GET.get("page"))
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="Import quarantine queue",
        detail={"status": status, "page": page.number},
    )
    return render(
        request,
        "returns/quarantine.html",
        {
            "page": page,
            "status": status,
            "statuses": QuarantinedRecord.Status.choices,
            "batches": ImportBatch.objects.all()[:10],
            "form": ResolveForm(),
        },
    )


@require_POST
def quarantine_resolve(request, pk: int):
    _require_exports(request)
    record = get_object_or_404(QuarantinedRecord, pk=pk)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            quarantined_resolve(
                record=record,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
                request=request,
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, f"{record.la_child_id}: {record.get_status_display()}")
    else:
        errors = [str(e) for field in form.errors.values() for e in field]
        messages.error(request, f"{record.la_child_id}: {'; '.join(errors)}")
    return redirect("returns_quarantine")
