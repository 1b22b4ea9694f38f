"""Pages to change a child's details beyond identity: addresses, disabilities and religion, family
members and the professionals involved. Thin forms and views over `hearth.people.details`; the
page frame, error summary, one-time form token and concurrent-edit handling are the casework
`child_form`'s."""

from __future__ import annotations

from django import forms
from django.shortcuts import get_object_or_404
from django.urls import reverse

from hearth.access.selectors import access_child
from hearth.core import codes
from hearth.core.child_pages import child_form
from hearth.core.child_pages import latest_values as _latest
from hearth.core.forms import GDSForm, GovDateField, choice, text, yes_no
from hearth.core.validators import (
    validate_no_formula,
    validate_organisation_name,
    validate_person_name,
    validate_uk_postcode,
)
from hearth.people import details
from hearth.people.models import Address, FamilyMember, Professional


def _summary(child, anchor: str) -> str:
    return reverse("child_summary", args=[child.pk]) + f"#{anchor}"


def _plain(label: str, *, required: bool = False, max_length: int, **kwargs) -> forms.CharField:
    field = text(label, required=required, max_length=max_length, **kwargs)
    field.validators.append(validate_no_formula)
    return field


def _name(label: str, *, max_length: int = 60) -> forms.CharField:
    field = text(label, max_length=max_length)
    field.validators.append(validate_person_name)
    return field


# --- Addresses ------------------------------------------------------------------------------------


class AddressForm(GDSForm):
    line1 = _plain("Address", max_length=100, help_text="House number and street")
    town = _plain("Town or city", max_length=60)
    postcode = text("Postcode", max_length=8, validators=[validate_uk_postcode])
    start_date = GovDateField(label="Date they moved in")


class AddressMoveForm(AddressForm):
    submit_label = "Save address"


class AddressCorrectForm(AddressForm):
    submit_label = "Save correction"
    end_date = GovDateField(
        label="Date they moved out",
        required=False,
        help_text="Leave blank if this is where they live now",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def child_address_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    current = details.current_addresses(child=child).first()
    return child_form(
        request,
        child,
        form_class=AddressMoveForm,
        title="Add a new address",
        intro=(
            f"The current address ({current.postcode}) will end on the date they moved in here."
            if current
            else ""
        ),
        save=lambda f: details.address_move(
            child=child,
            acting_user=request.user,
            request=request,
            **{n: f.cleaned_data[n] for n in ("line1", "town", "postcode", "start_date")},
        ),
        success="Address saved",
        next_url=_summary(child, "addresses"),
    )


ADDRESS_FIELDS = ["line1", "town", "postcode", "start_date", "end_date"]


def child_address_edit(request, pk: int, address_pk: int):
    child = access_child(user=request.user, pk=pk)
    address = get_object_or_404(Address.objects.live(), pk=address_pk, child=child)
    initial = {n: getattr(address, n) for n in ADDRESS_FIELDS} | {"version": address.version}
    return child_form(
        request,
        child,
        form_class=AddressCorrectForm,
        title="Correct an address",
        intro="Use this to put right a mistake. If the child has moved, add a new address.",
        initial=initial,
        save=lambda f: details.address_correct(
            address=address,
            expected_version=f.cleaned_data["version"] or address.version,
            acting_user=request.user,
            request=request,
            **{n: f.cleaned_data[n] for n in ADDRESS_FIELDS},
        ),
        latest=lambda: _latest(address, ADDRESS_FIELDS),
        success="Address corrected",
        next_url=_summary(child, "addresses"),
    )


# --- Disabilities and religion --------------------------------------------------------------------


class ChildDetailsForm(GDSForm):
    submit_label = "Save changes"
    disabilities = forms.MultipleChoiceField(
        label="Disabilities",
        help_text="As recorded for the children in need census. Select all that apply.",
        choices=codes.Disability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    religion = _plain("Religion or belief", max_length=60, help_text="As the family describes it")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def child_details_edit(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    initial = {
        "disabilities": list(child.disabilities.values_list("code", flat=True)),
        "religion": child.religion,
        "version": child.version,
    }
    return child_form(
        request,
        child,
        form_class=ChildDetailsForm,
        title="Change disabilities and religion",
        initial=initial,
        save=lambda f: details.child_details_update(
            child=child,
            expected_version=f.cleaned_data["version"] or child.version,
            religion=f.cleaned_data["religion"],
            disabilities=f.cleaned_data["disabilities"],
            acting_user=request.user,
            request=request,
        ),
        latest=lambda: _latest(child, ["religion"]),
        success="Disabilities and religion saved",
        next_url=_summary(child, "who"),
    )


# --- Family members -------------------------------------------------------------------------------


class FamilyMemberForm(GDSForm):
    submit_label = "Save family member"
    first_name = _name("First name")
    last_name = _name("Last name")
    relationship = choice("Relationship to the child", FamilyMember.Relationship.choices)
    date_of_birth = GovDateField(label="Date of birth", required=False)
    parental_responsibility = yes_no("Do they have parental responsibility?")
    lives_with_child = yes_no("Do they live with the child?")
    address = _plain("Address", max_length=200, help_text="Including the postcode")
    phone = _plain("Phone number", max_length=20)
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    related_child_id = _plain(
        "Their LA child ID, if they have a record in Hearth",
        max_length=20,
        help_text="For a brother, sister or other child known to children's services",
    )


class FamilyMemberEditForm(FamilyMemberForm):
    end_date = GovDateField(
        label="Date they stopped being involved",
        required=False,
        help_text="Only if they are no longer part of the child's network, for example 3 9 2025",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def family_member_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    return child_form(
        request,
        child,
        form_class=FamilyMemberForm,
        title="Add a family member",
        save=lambda f: details.family_member_add(
            child=child,
            acting_user=request.user,
            request=request,
            related_child_id=f.cleaned_data["related_child_id"],
            **{n: f.cleaned_data[n] for n in details.FAMILY_FIELDS},
        ),
        success="Family member added",
        next_url=_summary(child, "family"),
    )


def family_member_edit(request, pk: int, member_pk: int):
    child = access_child(user=request.user, pk=pk)
    member = get_object_or_404(FamilyMember.objects.live(), pk=member_pk, child=child)
    linked = details._visible_related(member=member, user=request.user)
    initial = {n: getattr(member, n) for n in details.FAMILY_FIELDS} | {
        "end_date": member.end_date,
        "related_child_id": linked.la_child_id if linked else "",
        "version": member.version,
    }
    return child_form(
        request,
        child,
        form_class=FamilyMemberEditForm,
        title="Change a family member",
        initial=initial,
        save=lambda f: details.family_member_update(
            member=member,
            expected_version=f.cleaned_data["version"] or member.version,
            acting_user=request.user,
            request=request,
            related_child_id=f.cleaned_data["related_child_id"],
            end_date=f.cleaned_data["end_date"],
            **{n: f.cleaned_data[n] for n in details.FAMILY_FIELDS},
        ),
        latest=lambda: _latest(member, [*details.FAMILY_FIELDS, "end_date"]),
        success="Family member saved",
        next_url=_summary(child, "family"),
    )


# --- Professionals --------------------------------------------------------------------------------


class ProfessionalForm(GDSForm):
    submit_label = "Save professional"
    name = _name("Name", max_length=100)
    role = _plain("Role", required=True, max_length=100, help_text="For example, class teacher")
    agency = choice("Agency", Professional.Agency.choices)
    organisation = text(
        "Organisation", required=False, max_length=120, validators=[validate_organisation_name]
    )
    phone = _plain("Phone number", max_length=20)
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    start_date = GovDateField(label="Date their involvement began")


class ProfessionalEditForm(ProfessionalForm):
    end_date = GovDateField(
        label="Date their involvement ended",
        required=False,
        help_text="Only if they are no longer involved, for example 3 9 2025",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


_PRO_FIELDS = [n for n in details.PROFESSIONAL_FIELDS if n != "end_date"]


def professional_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    return child_form(
        request,
        child,
        form_class=ProfessionalForm,
        title="Add a professional involved",
        save=lambda f: details.professional_add(
            child=child,
            acting_user=request.user,
            request=request,
            **{n: f.cleaned_data[n] for n in _PRO_FIELDS},
        ),
        success="Professional added",
        next_url=_summary(child, "professionals"),
    )


def professional_edit(request, pk: int, professional_pk: int):
    child = access_child(user=request.user, pk=pk)
    professional = get_object_or_404(Professional.objects.live(), pk=professional_pk, child=child)
    fields = list(details.PROFESSIONAL_FIELDS)
    initial = {n: getattr(professional, n) for n in fields} | {"version": professional.version}
    return child_form(
        request,
        child,
        form_class=ProfessionalEditForm,
        title="Change a professional involved",
        initial=initial,
        save=lambda f: details.professional_update(
            professional=professional,
            expected_version=f.cleaned_data["version"] or professional.version,
            acting_user=request.user,
            request=request,
            **{n: f.cleaned_data[n] for n in fields},
        ),
        latest=lambda: _latest(professional, fields),
        success="Professional saved",
        next_url=_summary(child, "professionals"),
    )
