"""Correct an entry on a child's record: amend its answers, strike it through, or (managers) move
it to the right child. Thin views over `casework.corrections`; forms are built from the entry's
model so that every kind of entry has the same GOV.UK form."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import models
from django.urls import reverse

from hearth.access.selectors import access_child, children_visible_to
from hearth.casework import corrections
from hearth.core.child_pages import child_form
from hearth.core.child_pages import latest_values as _latest
from hearth.core.chronology import entries_of
from hearth.core.forms import GDSForm, GovDateField, as_yes_no, choice, text, yes_no

TEXT_MAX_CHARS = 10_000
TEMPLATE = "casework/entry_correct.html"


def _reason_field(label: str = "Reason for the correction"):
    return text(
        label,
        long=True,
        max_length=corrections.REASON_MAX_CHARS,
        message="Enter the reason for the correction",
        help_text="Say what was wrong. Everyone who reads the record will see this.",
    )


def _form_field(field: models.Field) -> forms.Field | None:
    label = corrections.field_label(field)
    required = not field.blank
    if isinstance(field, models.DateTimeField):
        words = str(field.verbose_name).removesuffix(" at")
        return GovDateField(label=f"Date {words}", required=required)
    if isinstance(field, models.DateField):
        return GovDateField(label=label, required=required, not_future=False)
    if isinstance(field, models.BooleanField):
        return yes_no(label, required=not field.null)
    if field.choices:
        return choice(label, field.choices, required=required)
    if isinstance(field, models.TextField):
        return text(label, long=True, required=required, max_length=TEXT_MAX_CHARS)
    if isinstance(field, models.CharField):
        return text(label, required=required, max_length=field.max_length)
    if isinstance(field, models.IntegerField):
        return forms.IntegerField(label=label, required=not field.null, min_value=0)
    if isinstance(field, models.DecimalField):
        return forms.DecimalField(
            label=label,
            required=not field.null,
            min_value=0,
            max_digits=field.max_digits,
            decimal_places=field.decimal_places,
        )
    return None


def amend_form_for(model: type[models.Model]) -> type[GDSForm]:
    """A GOV.UK form with the entry's amendable answers, the reason and the version read."""
    attrs: dict = {}
    names, datetime_fields = [], []
    for field in corrections.amendable_fields(model):
        form_field = _form_field(field)
        if form_field is None:
            continue
        attrs[field.name] = form_field
        names.append(field.name)
        if isinstance(field, models.DateTimeField):
            datetime_fields.append(field.name)
    attrs["reason"] = _reason_field()
    attrs["version"] = forms.IntegerField(widget=forms.HiddenInput)
    attrs["submit_label"] = "Save the correction"
    attrs["datetime_fields"] = tuple(datetime_fields)
    attrs["amended"] = tuple(names)
    return type(f"Amend{model.__name__}Form", (GDSForm,), attrs)


class StrikeForm(GDSForm):
    submit_label = "Strike through this entry"
    reason = _reason_field("Why should this entry be struck through?")
    version = forms.IntegerField(widget=forms.HiddenInput)


class MoveForm(GDSForm):
    submit_label = "Move this entry"
    la_child_id = text(
        "LA child ID of the right child",
        max_length=20,
        help_text="The entry moves to this child's record. You must be able to see their record.",
        message="Enter the LA child ID of the child the entry is about",
    )
    reason = text(
        "Why is this entry on the wrong child's record?",
        long=True,
        max_length=corrections.REASON_MAX_CHARS,
        message="Enter the reason for the correction",
        help_text="Both records show this reason: do not name either child in it.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_la_child_id(self):
        value = self.cleaned_data["la_child_id"].strip()
        child = children_visible_to(user=self.user).filter(la_child_id__iexact=value).first()
        if child is None:
            raise forms.ValidationError("Enter the LA child ID of a child whose record you can see")
        self.cleaned_data["to_child"] = child
        return value


def _initial(entry, form_class) -> dict:
    initial = {"version": entry.version}
    for name in form_class.amended:
        value = getattr(entry, name)
        if isinstance(value, bool) or (
            value is None and isinstance(entry._meta.get_field(name), models.BooleanField)
        ):
            value = as_yes_no(value)
        initial[name] = value
    return initial


def _changes(form, entry) -> dict:
    changes = {}
    for name in form.amended:
        new, old = form.cleaned_data.get(name), getattr(entry, name)
        if (
            isinstance(old, dt.datetime)
            and isinstance(new, dt.datetime)
            and old.replace(second=0, microsecond=0) == new
        ):
            continue
        if new is None and old == "":
            new = ""
        if new != old:
            changes[name] = new
    return changes


def _entry(request, pk: int, model: str, entry_pk: int):
    child = access_child(user=request.user, pk=pk)
    return child, corrections.access_entry(child=child, model=model, pk=entry_pk)


def _extra(request, child, entry, model: str, *, action: str) -> dict:
    args = [child.pk, model, entry.pk]
    return {
        "entry": entry,
        "entry_events": entries_of(entry),
        "history": [
            (c, corrections.note_for(c, child=child)) for c in corrections.history_of(entry)
        ],
        "action": action,
        "amend_url": reverse("entry_correct", args=args),
        "strike_url": reverse("entry_strike", args=args),
        "move_url": (
            reverse("entry_move", args=args)
            if corrections.may_move(user=request.user, entry=entry)
            else ""
        ),
        "authorised": corrections.is_authorised(entry),
    }


def _may_correct(request, entry) -> None:
    refusal = corrections.correction_refusal(user=request.user, entry=entry)
    if refusal:
        raise PermissionDenied(refusal)


def _done(child):
    return reverse("child_chronology", args=[child.pk])


def entry_correct(request, pk: int, model: str, entry_pk: int):
    child, entry = _entry(request, pk, model, entry_pk)
    _may_correct(request, entry)
    form_class = amend_form_for(type(entry))
    return child_form(
        request,
        child,
        form_class=form_class,
        title="Correct this entry",
        intro="Change what was recorded wrongly and say why. The original stays in the "
        "entry's history.",
        initial=_initial(entry, form_class),
        save=lambda f: corrections.entry_amend(
            entry=entry,
            changes=_changes(f, entry),
            reason=f.cleaned_data["reason"],
            expected_version=f.cleaned_data["version"],
            acting_user=request.user,
            request=request,
        ),
        latest=lambda: _latest(entry, form_class.amended),
        success="Entry corrected",
        next_url=_done(child),
        template=TEMPLATE,
        extra=_extra(request, child, entry, model, action="amend"),
    )


def entry_strike(request, pk: int, model: str, entry_pk: int):
    child, entry = _entry(request, pk, model, entry_pk)
    _may_correct(request, entry)
    return child_form(
        request,
        child,
        form_class=StrikeForm,
        title="Strike through this entry",
        intro="A struck-through entry stays in the record, shown struck through with your "
        "reason, and is no longer counted in reports or returns.",
        initial={"version": entry.version},
        save=lambda f: corrections.entry_strike(
            entry=entry,
            reason=f.cleaned_data["reason"],
            expected_version=f.cleaned_data["version"],
            acting_user=request.user,
            request=request,
        ),
        latest=lambda: _latest(entry, []),
        success="Entry struck through",
        next_url=_done(child),
        template=TEMPLATE,
        extra=_extra(request, child, entry, model, action="strike"),
    )


def entry_move(request, pk: int, model: str, entry_pk: int):
    child, entry = _entry(request, pk, model, entry_pk)
    if not corrections.may_move(user=request.user, entry=entry):
        raise PermissionDenied("Only a manager who oversees this child can move an entry.")
    blockers = corrections.move_blockers(entry)
    return child_form(
        request,
        child,
        form_class=MoveForm,
        form_kwargs={"user": request.user},
        title="Move this entry to another child's record",
        intro="Use this when the entry was recorded on the wrong child. Both records will "
        "show that it moved; this record will not name the other child.",
        aside="This entry cannot be moved.\n" + "\n".join(blockers) if blockers else "",
        initial={"version": entry.version},
        save=lambda f: corrections.entry_move(
            entry=entry,
            to_child=f.cleaned_data["to_child"],
            reason=f.cleaned_data["reason"],
            expected_version=f.cleaned_data["version"],
            acting_user=request.user,
            request=request,
        ),
        latest=lambda: _latest(entry, []),
        success="Entry moved to the right child's record",
        next_url=_done(child),
        template=TEMPLATE,
        extra=_extra(request, child, entry, model, action="move"),
    )
