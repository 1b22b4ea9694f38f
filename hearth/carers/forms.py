"""GOV.UK forms for carer households."""

from __future__ import annotations

from django import forms

from hearth.care.models import KinshipCarer
from hearth.carers.models import CarerHousehold, CarerReview, HouseholdMember
from hearth.core import codes
from hearth.core.forms import GDSForm, GovDateField, VersionedForm, choice, text
from hearth.core.validators import validate_organisation_name, validate_uk_postcode
from hearth.workforce.models import Worker

H = CarerHousehold


def _age(label: str, *, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=18,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": 2}),
        error_messages={
            "min_value": f"{label} must be between 0 and 18",
            "max_value": f"{label} must be between 0 and 18",
            "invalid": f"{label} must be a whole number",
            "required": f"Enter the {label[0].lower() + label[1:]}",
        },
    )


def _worker(pk):
    return Worker.objects.filter(pk=pk).first() if pk else None


def _worker_choices():
    workers = Worker.objects.filter(team__kind__in=["fostering", "adoption"]).select_related("team")
    return [("", "Not allocated"), *[(str(w.pk), f"{w} ({w.team})") for w in workers]]


class HouseholdForm(GDSForm):
    submit_label = "Save household"
    name = text(
        "Household name",
        max_length=120,
        validators=[validate_organisation_name],
        help_text="For example, the Okafor household.",
    )
    kind = choice("Type of household", H.Kind.choices)
    enquiry_date = GovDateField(label="Date enquiry received")
    agency_name = text(
        "Fostering agency",
        required=False,
        max_length=120,
        validators=[validate_organisation_name],
        help_text="For independent fostering agency carers only.",
    )
    address = text("Address", required=False, max_length=200)
    postcode = text("Postcode", required=False, max_length=8, validators=[validate_uk_postcode])
    supervising_worker = forms.ChoiceField(
        label="Supervising social worker", required=False, widget=forms.Select
    )
    kinship_carer = forms.ChoiceField(
        label="Kinship carer already known",
        required=False,
        widget=forms.Select,
        help_text="For connected person carers who already care for a child as kinship carers.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervising_worker"].choices = _worker_choices()
        self.fields["kinship_carer"].choices = [
            ("", "Not a known kinship carer"),
            *[(str(k.pk), str(k)) for k in KinshipCarer.objects.live()],
        ]

    def clean_supervising_worker(self):
        return _worker(self.cleaned_data.get("supervising_worker"))

    def clean_kinship_carer(self):
        pk = self.cleaned_data.get("kinship_carer")
        return KinshipCarer.objects.live().filter(pk=pk).first() if pk else None


class HouseholdEditForm(VersionedForm):
    submit_label = "Save household details"
    name = HouseholdForm.base_fields["name"]
    address = HouseholdForm.base_fields["address"]
    postcode = HouseholdForm.base_fields["postcode"]
    supervising_worker = forms.ChoiceField(
        label="Supervising social worker", required=False, widget=forms.Select
    )
    support_plan = text(
        "Support",
        required=False,
        long=True,
        max_length=4000,
        help_text="Training, support groups, short breaks and allowances agreed with the carers.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervising_worker"].choices = _worker_choices()

    def clean_supervising_worker(self):
        return _worker(self.cleaned_data.get("supervising_worker"))


class MemberForm(GDSForm):
    submit_label = "Save household member"
    role = choice("Role in the household", HouseholdMember.Role.choices)
    first_name = text("First name", max_length=60, validators=[validate_organisation_name])
    last_name = text("Last name", max_length=60, validators=[validate_organisation_name])
    date_of_birth = GovDateField(label="Date of birth", required=False)
    sex = choice("Sex", HouseholdMember.Sex.choices)
    ethnicity = choice("Ethnicity", codes.Ethnicity.choices, required=False)
    disability = forms.TypedChoiceField(
        label="Disability",
        required=False,
        choices=[("yes", "Yes"), ("no", "No"), ("unknown", "Not known")],
        coerce=lambda v: {"yes": True, "no": False}.get(v),
        empty_value=None,
        widget=forms.RadioSelect,
    )


class AssessmentForm(VersionedForm):
    submit_label = "Save assessment start"
    start_date = GovDateField(label="Date the assessment started")
    stage2_start = GovDateField(label="Stage 2 started (adopters)", required=False)


class ApprovalForm(VersionedForm):
    submit_label = "Save approval"
    approval_date = GovDateField(label="Date of approval")
    approved_places = forms.IntegerField(
        label="Number of children approved for",
        required=False,
        min_value=1,
        max_value=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": 2}),
        error_messages={
            "min_value": "The number of children must be between 1 and 6",
            "max_value": "The number of children must be between 1 and 6",
            "invalid": "The number of children must be a whole number",
        },
    )
    age_from = _age("Youngest age approved for")
    age_to = _age("Oldest age approved for")
    care_types = forms.MultipleChoiceField(
        label="Types of care approved for",
        required=False,
        choices=H.CareType.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("age_from"), cleaned.get("age_to")
        if low is not None and high is not None and high < low:
            self.add_error("age_to", "The oldest age must not be below the youngest")
        return cleaned


STATUS_CHANGES = [
    (H.Status.ON_HOLD, "Put on hold"),
    (H.Status.APPROVED, "Taken off hold (approved again)"),
    (H.Status.DEREGISTERED, "Deregistered (no longer approved)"),
]


class StatusForm(VersionedForm):
    submit_label = "Save registration status"
    status = choice("What has changed", STATUS_CHANGES, message="Select what has changed")
    date = GovDateField(label="Date of the change")
    reason = choice(
        "Reason for deregistration",
        H.DeregistrationReason.choices,
        required=False,
        help_text="Only when the household is deregistered.",
    )


class ReviewForm(GDSForm):
    submit_label = "Save annual review"
    date = GovDateField(label="Date of the review")
    outcome = choice("Outcome", CarerReview.Outcome.choices, message="Select the outcome")
    summary = text("Summary", required=False, long=True, max_length=4000)
