"""Documents in the child's chronology: when each was added, and what it is."""

from __future__ import annotations

from hearth.core.chronology import Kind, register
from hearth.documents.models import Document


def _document(d: Document):
    when = d.document_date or d.recorded_at
    detail = f"{d.get_kind_display()}: {d.original_name}"
    yield when, f"Document: {d.title}", detail


register(Document, kind=Kind.NOTE, events=_document)
