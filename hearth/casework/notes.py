"""Case notes: the actions (write a draft, save it, finalise it) and the reads (a child's notes as
the viewer may see them). A draft belongs to its author: nobody else sees it, and it is not part
of the record until finalised. A final note is never edited; it is corrected with a reason."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hearth.access.models import AuditEntry
from hearth.casework.models import CaseNote
from hearth.core.services import create_recorded, save_changes, write_audit
from hearth.people.models import Child


def notes_for(*, child: Child, user) -> QuerySet[CaseNote]:
    """The child's final notes and the viewer's own drafts, latest first."""
    return (
        CaseNote.objects.live()
        .filter(child=child)
        .filter(Q(status=CaseNote.Status.FINAL) | Q(recorded_by=user))
        .select_related("author")
        .order_by("-occurred_at", "-pk")
    )


def drafts_of(*, user) -> QuerySet[CaseNote]:
    """The user's unfinished notes on any child they may still see (for My work)."""
    from hearth.access.selectors import children_visible_to

    return (
        CaseNote.objects.live()
        .filter(
            recorded_by=user,
            status=CaseNote.Status.DRAFT,
            child__in=children_visible_to(user=user),
        )
        .select_related("child")
    )


def access_draft(*, child: Child, user, pk: int) -> CaseNote:
    """The user's own draft on this child, or 404 (another person's draft is not theirs to see)."""
    try:
        return CaseNote.objects.live().get(
            pk=pk,
            child=child,
            recorded_by=user,
            status=CaseNote.Status.DRAFT,
        )
    except CaseNote.DoesNotExist as exc:
        raise Http404("No draft found") from exc


@transaction.atomic
def case_note_add(
    *,
    child: Child,
    occurred_at: dt.datetime,
    kind: str,
    subject: str,
    text: str,
    finalise: bool,
    acting_user,
    request=None,
) -> CaseNote:
    now = timezone.now()
    note = CaseNote(
        child=child,
        occurred_at=occurred_at,
        author=getattr(acting_user, "worker", None),
        kind=kind,
        subject=subject,
        text=text,
        status=CaseNote.Status.FINAL if finalise else CaseNote.Status.DRAFT,
        finalised_at=now if finalise else None,
    )
    return create_recorded(
        note,
        acting_user=acting_user,
        what="Recorded a case note" if finalise else "Saved a draft case note",
        request=request,
    )


@transaction.atomic
def case_note_draft_update(
    *,
    note: CaseNote,
    expected_version: int,
    occurred_at: dt.datetime,
    kind: str,
    subject: str,
    text: str,
    finalise: bool,
    acting_user,
    request=None,
) -> CaseNote:
    """Change a draft (its author only) and optionally finalise it; a final note is refused."""
    if note.status != CaseNote.Status.DRAFT:
        raise ValidationError("This note is final: correct it with a reason instead.")
    if note.recorded_by_id != getattr(acting_user, "pk", None):
        raise PermissionDenied("Only the author can change a draft.")
    changes = {"occurred_at": occurred_at, "kind": kind, "subject": subject, "text": text}
    if finalise:
        changes |= {"status": CaseNote.Status.FINAL, "finalised_at": timezone.now()}
    save_changes(note, expected_version=expected_version, changes=changes)
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what="Finalised a case note" if finalise else "Saved a draft case note",
        child=note.child,
        records=[note],
        request=request,
    )
    return note
