"""Reading documents: always through the child's access check."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from hearth.access.selectors import access_child
from hearth.documents.models import Document
from hearth.people.models import Child


def documents_for(*, child: Child) -> QuerySet[Document]:
    return Document.objects.live().filter(child=child).select_related("recorded_by")


def access_document(*, user, child_pk: int, pk: int) -> Document:
    """Fetch a document on a child the user may see, or 404 (as for the child itself)."""
    child = access_child(user=user, pk=child_pk)
    try:
        return documents_for(child=child).get(pk=pk)
    except Document.DoesNotExist as exc:
        raise Http404("No document found") from exc
