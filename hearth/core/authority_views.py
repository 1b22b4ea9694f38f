"""Administrators set the local authority Hearth serves (name, codes, population)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from hearth.access import audit
from hearth.access.models import AuditEntry, User
from hearth.core.authority import FIELDS, authority_update, current_authority
from hearth.core.forms import GDSForm, text


def _number(label: str, message: str, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        error_messages={"required": message, "invalid": message},
        **kwargs,
    )


class AuthorityForm(GDSForm):
    submit_label = "Save"
    name = text("Name", max_length=100, help_text="For example, Peterborough")
    ons_code = text(
        "ONS code", max_length=9, help_text="A letter and 8 digits, for example E06000031"
    )
    dfe_number = _number(
        "DfE LA number",
        "Enter the DfE LA number as 3 digits, like 874",
        help_text="The LEA number on CIN census and SSDA903 returns, for example 874",
    )
    population_0_17 = _number(
        "Children aged 0 to 17",
        "Enter the number of children aged 0 to 17, like 50000",
        help_text="ONS mid-year estimate, used for rates per 10,000 children",
    )
    region = text("Region", required=False, max_length=60)


def local_authority(request):
    if request.user.role != User.Role.ADMIN:
        raise PermissionDenied
    held = current_authority()
    initial = {k: getattr(held, k) for k in FIELDS} if held else {}
    form = AuthorityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            authority_update(acting_user=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, "Local authority saved")
            return redirect("local_authority")
    audit.record(request=request, action=AuditEntry.Action.VIEW, what="Local authority")
    return render(request, "core/local_authority.html", {"form": form, "authority": held})
