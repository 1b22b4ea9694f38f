"""Editing a child's identity and details, and recording the birth of an unborn child.

Thin forms and views over `hearth.people.services`; the page frame, error summary and concurrent
edit handling are the casework `child_form`'s."""

from __future__ import annotations

from django import forms
from django.urls import reverse

from hearth.access.selectors import access_child
from hearth.core import codes
from hearth.core.child_pages import child_form
from hearth.core.child_pages import latest_values as _latest
from hearth.core.forms import GDSForm, GovDateField, choice, text
from hearth.core.validators import validate_person_name
from hearth.people import services


def _name(label: str, *, required: bool = True) -> forms.CharField:
    field = text(label, required=required, max_length=60)
    field.validators.append(validate_person_name)
    return field


class ChildIdentityForm(GDSForm):
    submit_label = "Save changes"
    first_name = _name("First name")
    last_name = _name("Last name")
    preferred_name = _name("Known as", required=False)
    date_of_birth = GovDateField(label="Date of birth", required=False)
    expected_date_of_birth = GovDateField(
        label="Expected date of birth",
        required=False,
        not_future=False,
        help_text="Only for an unborn child, for example 14 6 2027",
    )
    sex = choice("Sex", codes.Sex.choices)
    ethnicity = choice("Ethnicity", codes.Ethnicity.choices)
    nhs_number = text(
        "NHS number", required=False, max_length=12, help_text="10 digits, for example 943 476 5919"
    )
    upn = text("UPN", required=False, max_length=13, help_text="Unique pupil number, 13 characters")
    former_upn = text("Former UPN", required=False, max_length=13)
    upn_unknown_reason = choice(
        "Reason UPN unknown",
        [("", "Not applicable"), *codes.UPNUnknownReason.choices],
        required=False,
    )
    first_language = text("First language", required=False, max_length=40)
    uasc_from = GovDateField(label="Date UASC status began", required=False)
    uasc_until = GovDateField(label="Date UASC status ceased", required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        data = super().clean()
        for name in ("upn_unknown_reason",):
            data[name] = data.get(name) or ""
        return data


class RecordBirthForm(GDSForm):
    submit_label = "Record the birth"
    date_of_birth = GovDateField(label="Date of birth")
    sex = choice("Sex", [c for c in codes.Sex.choices if c[0] != codes.Sex.UNKNOWN])
    first_name = _name("First name")
    last_name = _name("Last name")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def child_identity_edit(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    initial = {name: getattr(child, name) for name in services.IDENTITY_FIELDS}
    initial["version"] = child.version
    return child_form(
        request,
        child,
        form_class=ChildIdentityForm,
        title="Change identity and details",
        initial=initial,
        save=lambda f: services.child_identity_update(
            child=child,
            expected_version=f.cleaned_data["version"] or child.version,
            acting_user=request.user,
            request=request,
            **{n: f.cleaned_data[n] for n in services.IDENTITY_FIELDS},
        ),
        latest=lambda: _latest(child, list(services.IDENTITY_FIELDS)),
        success="Identity and details saved",
        next_url=reverse("child_summary", args=[child.pk]),
    )


def child_birth_record(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    return child_form(
        request,
        child,
        form_class=RecordBirthForm,
        title="Record the birth",
        intro=(
            "The child's referrals, assessments and plans stay on this record. "
            f"Expected date of birth: {child.expected_date_of_birth:%-d %b %Y}."
            if child.expected_date_of_birth
            else ""
        ),
        initial={
            "first_name": child.first_name,
            "last_name": child.last_name,
            "version": child.version,
        },
        save=lambda f: services.child_birth_record(
            child=child,
            expected_version=f.cleaned_data["version"] or child.version,
            date_of_birth=f.cleaned_data["date_of_birth"],
            sex=f.cleaned_data["sex"],
            first_name=f.cleaned_data["first_name"],
            last_name=f.cleaned_data["last_name"],
            acting_user=request.user,
            request=request,
        ),
        latest=lambda: _latest(child, ["date_of_birth", "sex", "first_name", "last_name"]),
        success="Birth recorded",
        next_url=reverse("child_summary", args=[child.pk]),
    )
