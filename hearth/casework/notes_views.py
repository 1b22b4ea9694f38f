"""Case notes on a child's record: the list (final notes and the viewer's own drafts), writing a
note (save as a draft or finish it) and finishing a draft. Thin views over `casework.notes`."""

from __future__ import annotations

from crispy_forms_gds.layout import Layout, Submit
from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from hearth.access import audit
from hearth.access.models import AuditEntry
from hearth.access.permissions import RECORD, may
from hearth.access.selectors import access_child
from hearth.casework import corrections, notes
from hearth.casework.models import CaseNote
from hearth.core.child_pages import child_context, child_form
from hearth.core.child_pages import latest_values as _latest
from hearth.core.forms import GDSForm, GovDateField, choice, text

NOTE_MAX_CHARS = 10_000
DRAFT_BUTTON = "save_draft"


class CaseNoteForm(GDSForm):
    submit_label = "Save and finish"
    datetime_fields = ("occurred_at",)
    occurred_at = GovDateField(label="Date it happened")
    kind = choice("Type of note", CaseNote.Kind.choices, message="Select the type of note")
    subject = text("Subject", max_length=120, help_text="A few words, for example Call from school")
    text = text(
        "Note",
        long=True,
        max_length=NOTE_MAX_CHARS,
        help_text="What happened, who was involved, and what happens next.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            *self._layout(),
            Submit("submit", self.submit_label, data_prevent_double_click="true"),
            Submit(
                DRAFT_BUTTON,
                "Save as draft",
                css_class="govuk-button--secondary",
                data_prevent_double_click="true",
            ),
        )


def _finalise(request) -> bool:
    return DRAFT_BUTTON not in request.POST


@require_GET
def child_notes(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    rows = corrections.with_corrections(
        child=child, model=CaseNote, live=list(notes.notes_for(child=child, user=request.user))
    )
    rows.sort(key=lambda n: (n.occurred_at, n.pk), reverse=True)
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="Child record: case notes",
        child=child,
        detail={"notes": len(rows)},
    )
    context = child_context(request, child, section="notes")
    context["notes"] = rows
    manager = corrections.is_manager_for(user=request.user, child=child)
    involved = manager or may(request.user, RECORD, child=child)
    for note in rows:
        note.correctable = (
            involved
            and not note.struck
            and note.status == CaseNote.Status.FINAL
            and (manager or corrections.is_author(user=request.user, entry=note))
        )
    return render(request, "casework/child_notes.html", context)


def case_note_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    return child_form(
        request,
        child,
        form_class=CaseNoteForm,
        title="Add a case note",
        initial={"occurred_at": timezone.localdate(), "kind": CaseNote.Kind.CASE_NOTE},
        save=lambda f: notes.case_note_add(
            child=child,
            occurred_at=f.cleaned_data["occurred_at"],
            kind=f.cleaned_data["kind"],
            subject=f.cleaned_data["subject"],
            text=f.cleaned_data["text"],
            finalise=_finalise(request),
            acting_user=request.user,
            request=request,
        ),
        success="Case note saved" if _finalise(request) else "Draft saved: only you can see it",
        next_url=reverse("child_notes", args=[child.pk]),
    )


def case_note_edit(request, pk: int, note_pk: int):
    child = access_child(user=request.user, pk=pk)
    note = notes.access_draft(child=child, user=request.user, pk=note_pk)
    return child_form(
        request,
        child,
        form_class=CaseNoteForm,
        title="Finish a draft case note",
        intro="Only you can see this draft. Finish it to add it to the child's record.",
        initial={
            "occurred_at": timezone.localtime(note.occurred_at),
            "kind": note.kind,
            "subject": note.subject,
            "text": note.text,
            "version": note.version,
        },
        save=lambda f: notes.case_note_draft_update(
            note=note,
            expected_version=f.cleaned_data["version"] or note.version,
            occurred_at=f.cleaned_data["occurred_at"],
            kind=f.cleaned_data["kind"],
            subject=f.cleaned_data["subject"],
            text=f.cleaned_data["text"],
            finalise=_finalise(request),
            acting_user=request.user,
            request=request,
        ),
        latest=lambda: _latest(note, ["kind", "subject", "text"]),
        success="Case note saved" if _finalise(request) else "Draft saved: only you can see it",
        next_url=reverse("child_notes", args=[child.pk]),
    )
