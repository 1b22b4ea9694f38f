"""GOV.UK forms for a child's education."""

from __future__ import annotations

from django import forms

from hearth.core.forms import GDSForm, GovDateField, choice, text
from hearth.core.validators import validate_organisation_name
from hearth.education.models import (
    EducationSetting,
    Exclusion,
    PersonalEducationPlan,
    SenProvision,
)


class SettingForm(GDSForm):
    submit_label = "Save education"
    kind = choice(
        "Where the child is educated",
        EducationSetting.Kind.choices,
        message="Select where the child is educated",
    )
    school_name = text(
        "School or provider",
        required=False,
        max_length=120,
        validators=[validate_organisation_name],
        help_text="For a school or alternative provision.",
    )
    school_urn = text(
        "School URN", required=False, max_length=6, help_text="6 digits, for example 110123"
    )
    start_date = GovDateField(label="Date this started")

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind in ("school", "alternative") and not cleaned.get("school_name"):
            self.add_error("school_name", "Enter the school or provider")
        urn = (cleaned.get("school_urn") or "").strip()
        if urn and not (urn.isdigit() and len(urn) == 6):
            self.add_error("school_urn", "A school URN is 6 digits, for example 110123")
        return cleaned


class PEPForm(GDSForm):
    submit_label = "Save personal education plan"
    date = GovDateField(label="Date of the PEP meeting")
    quality = choice(
        "Quality rating (virtual school)",
        PersonalEducationPlan.Quality.choices,
        message="Select the quality rating",
    )
    attendance_percent = forms.DecimalField(
        label="Attendance this term (%)",
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=1,
        max_digits=4,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "width": 4}),
        error_messages={
            "min_value": "Attendance must be between 0 and 100",
            "max_value": "Attendance must be between 0 and 100",
            "invalid": "Attendance must be a number, for example 94.5",
            "max_decimal_places": "Attendance has at most one decimal place, for example 94.5",
            "max_digits": "Attendance must be between 0 and 100",
            "max_whole_digits": "Attendance must be between 0 and 100",
        },
    )
    attainment = choice(
        "Attainment", PersonalEducationPlan.Attainment.choices, message="Select the attainment"
    )
    sen_provision = choice(
        "SEN provision", SenProvision.choices, message="Select the SEN provision"
    )
    targets = text("Targets", long=True, max_length=4000, message="Enter the PEP's targets")


class ExclusionForm(GDSForm):
    submit_label = "Save exclusion"
    kind = choice("Type", Exclusion.Kind.choices, message="Select the type of exclusion")
    start_date = GovDateField(label="Date the exclusion started")
    days = forms.IntegerField(
        label="School days (suspensions)",
        required=False,
        min_value=1,
        max_value=45,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": 2}),
        error_messages={
            "min_value": "A suspension lasts between 1 and 45 school days",
            "max_value": "A suspension lasts between 1 and 45 school days",
            "invalid": "Enter the school days as a whole number",
        },
    )
    school_name = text(
        "School", required=False, max_length=120, validators=[validate_organisation_name]
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == "suspension" and not cleaned.get("days"):
            self.add_error("days", "Enter how many school days the suspension lasts")
        return cleaned
