"""GOV.UK forms for the practice journeys, built on ``hearth.core.forms.GDSForm``."""

from __future__ import annotations

from crispy_forms_gds.layout import Layout, Submit
from django import forms
from django.core.exceptions import ValidationError

from hearth.casework.models import (
    ChildProtectionConference,
    CINPlanReview,
    CPPlan,
    EarlyHelpEpisode,
    FrontDoorDecision,
    Section47Enquiry,
    Visit,
)
from hearth.core import codes
from hearth.core.forms import (
    GDSForm,
    GovDateField,
    VersionedForm,
    choice,
    text,
    yes_no,
)
from hearth.core.validators import (
    normalise_postcode,
    validate_organisation_name,
    validate_person_name,
    validate_uk_postcode,
)

NO_FACTORS = "21"  # DfE assessment factor code: no factors identified


# --- Front door ------------------------------------------------------------------------------------


def _match_label(child) -> str:
    """ "Amelia Hart, born 2 Mar 2016, H0000012 (same NHS number)": who, and why offered."""
    if child.date_of_birth:
        label = f"{child.full_name}, born {child.date_of_birth:%-d %b %Y}, {child.la_child_id}"
    elif child.expected_date_of_birth:
        label = (
            f"{child.full_name}, unborn, expected {child.expected_date_of_birth:%-d %b %Y}, "
            f"{child.la_child_id}"
        )
    else:
        label = f"{child.full_name}, {child.la_child_id}"
    reason = getattr(child, "match_reason", "")
    return f"{label} ({reason[0].lower()}{reason[1:]})" if reason else label


class ContactForm(GDSForm):
    submit_label = "Record contact"
    datetime_fields = ("received_at",)

    first_name = text("Child's first name", max_length=60, validators=[validate_person_name])
    last_name = text("Child's last name", max_length=60, validators=[validate_person_name])
    date_of_birth = GovDateField(label="Child's date of birth", required=False)
    expected_date_of_birth = GovDateField(
        label="Or, for an unborn baby, the expected date of birth",
        required=False,
        not_future=False,
        help_text="A pre-birth contact. Use the baby's family name; for example 14 6 2027",
    )
    sex = choice(
        "Sex",
        codes.Sex.choices,
        message="Select the child's sex",
        help_text="Select Not known for an unborn baby",
    )
    nhs_number = text(
        "Child's NHS number",
        required=False,
        max_length=12,
        help_text="If known: it finds the child's record first. 10 digits, for example 943 476 5919",
    )
    postcode = text(
        "Child's home postcode",
        required=False,
        max_length=8,
        validators=[validate_uk_postcode],
        help_text="If known",
    )
    received_at = GovDateField(label="Date the contact was received")
    source = choice(
        "Who made the contact", codes.ReferralSource.choices, message="Select who made the contact"
    )
    referrer_name = text(
        "Name of the person making contact",
        required=False,
        max_length=100,
        validators=[validate_organisation_name],
    )
    reason = text("What are they worried about?", long=True, message="Enter what the worry is")
    child_protection = yes_no(
        "Is the child at risk of significant harm?",
        help_text="A child protection contact must be decided within 4 hours.",
    )
    match = forms.ChoiceField(
        label="Is this one of these children?", required=False, widget=forms.RadioSelect
    )

    def clean_nhs_number(self):
        from hearth.people.upn import is_valid_nhs_number

        value = self.cleaned_data["nhs_number"].replace(" ", "")
        if value and not is_valid_nhs_number(value):
            raise ValidationError("Enter a valid NHS number: 10 digits with a correct check digit")
        return value

    def clean_postcode(self):
        value = self.cleaned_data["postcode"]
        return normalise_postcode(value) if value else ""

    def clean(self):
        data = super().clean()
        if data.get("date_of_birth") and data.get("expected_date_of_birth"):
            self.add_error(
                "expected_date_of_birth",
                "Enter either the date of birth or, for an unborn baby, the expected date of birth",
            )
        return data

    def __init__(self, *args, matches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.matches = list(matches)
        if self.matches:
            self.fields["match"].choices = [(str(c.pk), _match_label(c)) for c in self.matches] + [
                ("new", "No, this is a different child")
            ]
            self.fields["match"].required = True
            self.fields["match"].error_messages["required"] = (
                "Select the child this contact is about, or that it is a different child"
            )
            self.order_fields(["match"])
        else:
            del self.fields["match"]
        self.helper.layout = Layout(
            *self._layout(), Submit("submit", self.submit_label, data_prevent_double_click="true")
        )


class DecisionForm(GDSForm):
    submit_label = "Record decision"
    datetime_fields = ("decided_at",)

    outcome = choice("Decision", FrontDoorDecision.Outcome.choices, message="Select the decision")
    primary_need = choice(
        "Primary need (for a referral)", codes.PrimaryNeed.choices, required=False
    )
    rationale = text("Reason for the decision", long=True)
    decided_at = GovDateField(label="Date of the decision")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == FrontDoorDecision.Outcome.REFERRAL and not cleaned.get(
            "primary_need"
        ):
            self.add_error("primary_need", "Select the primary need for a referral")
        return cleaned


# --- Early help and children in need ----------------------------------------------------------------


class EarlyHelpForm(GDSForm):
    submit_label = "Start early help"
    start_date = GovDateField(label="Start date")
    lead_professional = text("Lead professional's name", max_length=100)
    lead_agency = choice("Lead agency", EarlyHelpEpisode.Agency.choices)


class FamilyGroupConferenceForm(GDSForm):
    submit_label = "Save family group conference"
    date = GovDateField(label="Date of the family group conference")
    family_plan_agreed = yes_no("Was a family plan agreed?")


class EarlyHelpEndForm(VersionedForm):
    submit_label = "End early help"
    end_date = GovDateField(label="End date")
    end_reason = choice(
        "Why did early help end?",
        EarlyHelpEpisode.EndReason.choices,
        message="Select why early help ended",
    )


class ReferralForm(GDSForm):
    submit_label = "Record referral"
    referral_date = GovDateField(label="Referral date")
    referral_source = choice("Referral source", codes.ReferralSource.choices)
    primary_need = choice("Primary need", codes.PrimaryNeed.choices)


class AssessmentStartForm(GDSForm):
    submit_label = "Start assessment"
    start_date = GovDateField(label="Assessment start date")


class AssessmentForm(VersionedForm):
    submit_label = "Save assessment"
    child_seen = yes_no("Was the child seen during the assessment?")
    seen_alone = yes_no("Was the child seen alone?", required=False)
    childs_views = text(
        "The child's views, wishes and feelings, in their own words",
        long=True,
        required=False,
        max_length=5000,
        help_text="Needed to complete the assessment when the child was seen.",
    )
    factors = forms.MultipleChoiceField(
        label="Factors identified",
        # "No factors identified" last, as GOV.UK places a 'none of these' option.
        choices=sorted(codes.AssessmentFactor.choices, key=lambda c: c[0] == NO_FACTORS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    analysis = text(
        "Analysis",
        long=True,
        required=False,
        help_text="What the assessment found, and why. Cite the chronology entries you rely on below.",
    )
    cited = forms.MultipleChoiceField(
        label="Chronology entries this analysis relies on",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    completed_date = GovDateField(
        label="Date completed",
        required=False,
        help_text="Leave blank to save a draft. Enter a date to send it to your manager.",
    )
    requires_support = yes_no("Does the child need social care support?", required=False)

    def __init__(self, *args, entries=(), **kwargs):
        self.entries = {f"{e.source}|{e.date:%Y-%m-%d}|{e.title}": e for e in entries}
        super().__init__(*args, **kwargs)
        self.fields["cited"].choices = [
            (key, f"{e.date:%-d %b %Y} — {e.title}") for key, e in self.entries.items()
        ]

    def clean_factors(self):
        factors = self.cleaned_data["factors"]
        if NO_FACTORS in factors and len(factors) > 1:
            raise ValidationError("Select factors, or 'No factors identified', not both")
        return factors

    def cited_entries(self):
        return [self.entries[k] for k in self.cleaned_data.get("cited", []) if k in self.entries]


class AuthoriseForm(VersionedForm):
    submit_label = "Authorise assessment"
    authorised_date = GovDateField(label="Date authorised")


class AssessmentReturnForm(VersionedForm):
    submit_label = "Return to the worker"
    comments = text(
        "What needs more work",
        long=True,
        max_length=2000,
        message="Enter what needs more work",
        help_text="The worker sees this on the assessment and in My work.",
    )


class CINPlanForm(GDSForm):
    submit_label = "Start plan"
    start_date = GovDateField(label="Plan start date")
    review_due = GovDateField(label="First review date", not_future=False)


class CINPlanReviewForm(GDSForm):
    submit_label = "Record review"
    date = GovDateField(label="Date of the review")
    childs_views = text(
        "What the child says about their plan, in their own words",
        long=True,
        message="Enter the child's views, or why they could not be gathered",
    )
    progress = text(
        "What has changed for the child since the plan started or was last reviewed",
        long=True,
        message="Enter what has changed for the child",
    )
    outcome = choice(
        "What happens next", CINPlanReview.Outcome.choices, message="Select what happens next"
    )
    next_review_due = GovDateField(
        label="Next review date",
        required=False,
        not_future=False,
        help_text="Needed when the plan continues or the child is stepped up. "
        "For example, 27 3 2025",
    )


class CloseCaseForm(VersionedForm):
    submit_label = "Close case"
    closure_date = GovDateField(label="Closure date")
    closure_reason = choice("Reason for closure", codes.CINClosureReason.choices)


# --- Child protection ------------------------------------------------------------------------------


class StrategyDiscussionForm(GDSForm):
    submit_label = "Record strategy discussion"
    date = GovDateField(label="Date of the strategy discussion")
    police_attended = yes_no("Did the police take part?")
    health_attended = yes_no("Did health take part?")
    section47_agreed = yes_no(
        "Was a section 47 enquiry agreed?",
        help_text="The initial child protection conference will be due 15 working days later.",
    )
    notes = text("Summary and actions", long=True)


class Section47CompleteForm(VersionedForm):
    submit_label = "Complete enquiry"
    end_date = GovDateField(label="Date the enquiry was completed")
    outcome = choice("Outcome", Section47Enquiry.Outcome.choices)
    icpc_needed = yes_no("Is an initial child protection conference needed?")


class ConferenceForm(GDSForm):
    submit_label = "Record conference"
    kind = choice(
        "Type of conference",
        [
            (ChildProtectionConference.Kind.INITIAL, "Initial child protection conference"),
            (ChildProtectionConference.Kind.REVIEW, "Review child protection conference"),
        ],
    )
    date = GovDateField(label="Date of the conference")
    plan_required = yes_no("Does the child need (or still need) a child protection plan?")
    category = choice("Category of abuse", codes.CategoryOfAbuse.choices, required=False)
    visit_frequency_days = forms.IntegerField(
        label="Visits at least every (working days)",
        min_value=1,
        max_value=30,
        initial=10,
        error_messages={"required": "Enter how often the child must be visited"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": 3}),
    )
    participation = choice(
        "How did the child take part?",
        codes.ReviewCode.choices,
        required=False,
        help_text="The codes used for looked-after reviews. Leave blank if not known.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("plan_required") and not cleaned.get("category"):
            self.add_error("category", "Select the category of abuse")
        return cleaned


class CPPlanEndForm(VersionedForm):
    submit_label = "End plan"
    end_date = GovDateField(label="Date the plan ended")
    end_reason = choice(
        "Why did the plan end?", CPPlan.EndReason.choices, message="Select why the plan ended"
    )


# --- Practice records --------------------------------------------------------------------------------


class VisitForm(GDSForm):
    submit_label = "Save visit"
    kind = choice("Type of visit", Visit.Kind.choices)
    date = GovDateField(label="Date of the visit")
    child_seen = yes_no("Was the child seen?")
    seen_alone = yes_no("Was the child seen alone?")
    childs_views = text(
        "The child's views, wishes and feelings",
        long=True,
        required=False,
        help_text="In the child's own words where you can.",
    )
    observations = text("What you saw and did", long=True, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("seen_alone") and cleaned.get("child_seen") is False:
            self.add_error("seen_alone", "A child who was not seen cannot have been seen alone")
        if cleaned.get("child_seen") and not (cleaned.get("childs_views") or "").strip():
            self.add_error(
                "childs_views", "Enter the child's views, wishes and feelings in their own words"
            )
        return cleaned


class OversightForm(GDSForm):
    submit_label = "Save management oversight"
    date = GovDateField(label="Date")
    summary = text("Oversight", long=True, message="Enter your oversight of the case")
    decisions = text("Decisions and actions", long=True, required=False)


class SignificantEventForm(GDSForm):
    submit_label = "Add to chronology"
    date = GovDateField(label="Date of the event")
    title = text("What happened", max_length=120, message="Enter what happened")
    detail = text("Detail", long=True, required=False)
    source = text("Source of the information", required=False, max_length=100)
