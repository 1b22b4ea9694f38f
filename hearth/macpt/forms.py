from __future__ import annotations

from django import forms

from hearth.access.models import Agency, User
from hearth.core.forms import GDSForm, GovDateField, choice, text


class ContributionForm(GDSForm):
    """An LA practitioner records the LA's contribution or one given by another agency."""

    submit_label = "Record the contribution"
    agency = choice("Agency", Agency.choices, message="Select the agency")
    person = text(
        "Person contributing",
        required=False,
        max_length=100,
        help_text="Their name and role, for example DC Sam Jones, Child Abuse Investigation Team",
    )
    date = GovDateField(label="Date shared")
    shared = text(
        "What they shared",
        long=True,
        max_length=5000,
        message="Enter what the agency shared",
    )
    confidential = forms.BooleanField(
        label="Confidential to the local authority and this agency",
        required=False,
        help_text="Other partner agencies will not see it",
    )


class PartnerContributionForm(GDSForm):
    """A partner records their own agency's contribution, in their own name."""

    submit_label = "Record your contribution"
    date = GovDateField(label="Date shared")
    shared = text(
        "What you shared",
        long=True,
        max_length=5000,
        message="Enter what you shared",
        help_text="What your agency knows, what it has done and what it will do",
    )
    confidential = forms.BooleanField(
        label="Confidential to the local authority and my agency",
        required=False,
        help_text="Other partner agencies will not see it",
    )


class _PersonForm(GDSForm):
    """A person chosen from the users the view offers (`users=`)."""

    def __init__(self, *args, users=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users if users is not None else User.objects.none()


class MemberForm(_PersonForm):
    submit_label = "Add to the team"
    user = forms.ModelChoiceField(
        label="Person",
        queryset=User.objects.none(),
        empty_label="Select one",
        help_text="Police, health, education, voluntary sector or local authority",
        error_messages={"required": "Select the person to add"},
    )
    start_date = GovDateField(label="Joined on")


class LeadForm(_PersonForm):
    submit_label = "Name the lead practitioner"
    user = forms.ModelChoiceField(
        label="Lead child protection practitioner",
        queryset=User.objects.none(),
        empty_label="Select one",
        help_text="A local authority social worker",
        error_messages={"required": "Select the lead practitioner"},
    )
    start_date = GovDateField(label="From")


class EndForm(GDSForm):
    submit_label = "End their part in the work"
    end_date = GovDateField(label="Ended on")
