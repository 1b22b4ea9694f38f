"""Documents on a child's record: the list, upload, download and removal. Thin views over the
documents services and selectors; every page and download is audited with the child."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from hearth.access import audit
from hearth.access.models import AuditEntry
from hearth.access.selectors import access_child, can_oversee_child
from hearth.core.child_pages import child_context
from hearth.documents import selectors, services
from hearth.documents.forms import DocumentArchiveForm, DocumentUploadForm


def _may_remove(user, document) -> bool:
    """The person who added it or a manager overseeing the child."""
    return document.recorded_by_id == user.pk or can_oversee_child(user=user, child=document.child)


@require_GET
def child_documents(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    documents = list(selectors.documents_for(child=child))
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="Child record: documents",
        child=child,
        detail={"documents": len(documents)},
    )
    context = child_context(request, child, section="documents")
    context["documents"] = [
        {"document": d, "may_remove": _may_remove(request.user, d)} for d in documents
    ]
    return render(request, "documents/child_documents.html", context)


def document_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_upload(
                child=child,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                kind=form.cleaned_data["kind"],
                document_date=form.cleaned_data["document_date"],
                acting_user=request.user,
                request=request,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "Document added")
            return redirect("child_documents", pk=child.pk)
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="Form: Add a document",
        child=child,
        detail={"errors": True} if form.errors else None,
    )
    context = child_context(request, child, section="documents")
    context.update(
        {
            "form": form,
            "title": "Add a document",
            "cancel_url": reverse("child_documents", args=[child.pk]),
            "max_mb": services.max_bytes() // services.MB,
        }
    )
    return render(request, "documents/document_form.html", context)


@require_GET
def document_download(request, pk: int, document_pk: int):
    document = selectors.access_document(user=request.user, child_pk=pk, pk=document_pk)
    path = services.path_of(document)
    if not path.is_file():
        raise Http404("The file is missing from the store")
    audit.record(
        request=request,
        action=AuditEntry.Action.EXPORT,
        what=f"Downloaded document: {document.title}"[:200],
        child=document.child,
        detail={"document": document.pk, "sha256": document.sha256},
    )
    response = FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response


def document_remove(request, pk: int, document_pk: int):
    document = selectors.access_document(user=request.user, child_pk=pk, pk=document_pk)
    if not _may_remove(request.user, document):
        raise PermissionDenied("Only the person who added a document or a manager may remove it.")
    child = document.child
    form = DocumentArchiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_archive(
                document=document,
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
                request=request,
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "Document removed from the record")
            return redirect("child_documents", pk=child.pk)
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="Form: Remove a document",
        child=child,
    )
    context = child_context(request, child, section="documents")
    context.update(
        {
            "form": form,
            "title": f"Remove “{document.title}”",
            "cancel_url": reverse("child_documents", args=[child.pk]),
        }
    )
    return render(request, "documents/document_form.html", context)
