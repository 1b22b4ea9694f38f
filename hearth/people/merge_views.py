"""Merging a duplicate record into this one: find the duplicate by its LA child ID, compare the
two side by side, give the reason, merge. Thin over `hearth.people.merge`."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from hearth.access import audit, permissions
from hearth.access.models import AuditEntry
from hearth.access.selectors import access_child, children_visible_to
from hearth.core.child_pages import child_context
from hearth.core.forms import GDSForm, text
from hearth.people import merge
from hearth.people.models import Child


class FindDuplicateForm(GDSForm):
    submit_label = "Compare the records"
    duplicate = text(
        "LA child ID of the duplicate record",
        max_length=20,
        help_text="The record to merge into this one. It will be archived and point here.",
        message="Enter the LA child ID of the duplicate record",
    )


class ConfirmMergeForm(GDSForm):
    submit_label = "Merge the records"
    duplicate = forms.CharField(widget=forms.HiddenInput, max_length=20)
    reason = text(
        "Why are these the same child?",
        long=True,
        max_length=1000,
        help_text="For example: same NHS number; the second record was made at the front door "
        "with a misspelt name",
        message="Enter why these are the same child",
    )


def _may_merge(user, child) -> bool:
    return permissions.may(user, permissions.MANAGE, child=child)


def _find(user, survivor: Child, la_child_id: str) -> Child:
    """The duplicate, if the user may see and manage it; a form error otherwise (an ID the user
    may not see reads as not found)."""
    la_child_id = la_child_id.strip().upper()
    duplicate = children_visible_to(user=user).filter(la_child_id__iexact=la_child_id).first()
    if duplicate is None:
        raise ValidationError({"duplicate": "No record you may see has that LA child ID"})
    if duplicate.pk == survivor.pk:
        raise ValidationError({"duplicate": "That is this record: enter the duplicate's ID"})
    if not _may_merge(user, duplicate):
        raise ValidationError(
            {"duplicate": "You are not managing the duplicate's case, so you cannot merge it"}
        )
    return duplicate


def child_merge(request, pk: int):
    survivor = access_child(user=request.user, pk=pk)
    if not _may_merge(request.user, survivor):
        raise PermissionDenied("Only a manager of the child's case may merge records.")
    step = "confirm" if "reason" in request.POST else "find"
    duplicate = None
    if step == "find":
        form = FindDuplicateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                duplicate = _find(request.user, survivor, form.cleaned_data["duplicate"])
                merge.check_merge(survivor=survivor, duplicate=duplicate)
            except ValidationError as exc:
                form.add_service_errors(exc)
                duplicate = None
            else:
                form = ConfirmMergeForm(initial={"duplicate": duplicate.la_child_id})
                step = "confirm"
    else:
        form = ConfirmMergeForm(request.POST)
        if form.is_valid():
            try:
                duplicate = _find(request.user, survivor, form.cleaned_data["duplicate"])
                done = merge.children_merge(
                    survivor=survivor,
                    duplicate=duplicate,
                    reason=form.cleaned_data["reason"],
                    acting_user=request.user,
                    request=request,
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                moved = sum(done.moved.values())
                messages.success(
                    request,
                    f"{duplicate.la_child_id} merged into this record: {moved} "
                    f"record{'s' if moved != 1 else ''} moved",
                )
                return redirect("child_summary", pk=survivor.pk)
        elif form.data.get("duplicate"):
            try:
                duplicate = _find(request.user, survivor, form.data["duplicate"])
            except ValidationError:
                duplicate = None
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="Form: merge a duplicate record",
        child=survivor,
        detail={"step": step, "duplicate": duplicate.la_child_id if duplicate else None},
    )
    if duplicate is not None:  # the duplicate's identity is shown: its record is read too
        audit.record(
            request=request,
            action=AuditEntry.Action.VIEW,
            what=f"Compared with {survivor.la_child_id} before a merge",
            child=duplicate,
        )
    context = child_context(request, survivor, section="summary")
    context.update(
        {
            "form": form,
            "step": step if duplicate else "find",
            "duplicate": duplicate,
            "rows": _comparison(survivor, duplicate) if duplicate else [],
            "differences": merge.differences(survivor=survivor, duplicate=duplicate)
            if duplicate
            else {},
        }
    )
    return render(request, "people/child_merge.html", context)


def _comparison(survivor: Child, duplicate: Child) -> list[dict]:
    def show(child, name):
        value = getattr(child, name)
        if name == "sex":
            return child.get_sex_display()
        if name == "ethnicity":
            return child.get_ethnicity_display()
        if hasattr(value, "strftime"):
            return f"{value:%-d %b %Y}"
        return value or "Not recorded"

    labels = {
        "first_name": "First name",
        "last_name": "Last name",
        "date_of_birth": "Date of birth",
        "expected_date_of_birth": "Expected date of birth",
        "sex": "Sex",
        "ethnicity": "Ethnicity",
        "nhs_number": "NHS number",
        "upn": "UPN",
        "la_child_id": "LA child ID",
    }
    return [
        {
            "label": label,
            "survivor": show(survivor, name),
            "duplicate": show(duplicate, name),
            "differ": show(survivor, name) != show(duplicate, name),
        }
        for name, label in labels.items()
    ]
