"""GOV.UK forms for children looked after, missing episodes, care leavers and court."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from hearth.care.models import (
    CareProceedings,
    ExploitationRiskAssessment,
    HealthCheck,
    KinshipArrangement,
    MissingEpisode,
    PreProceedings,
)
from hearth.carers.models import CarerHousehold
from hearth.carers.selectors import placement_choices
from hearth.core import codes
from hearth.core.forms import GDSForm, GovDateField, VersionedForm, choice, text, yes_no
from hearth.core.validators import (
    normalise_postcode,
    validate_organisation_name,
    validate_uk_postcode,
)

EXPLOITATION_INDICATORS = [
    ("missing", "Going missing"),
    ("older_associates", "Older associates or unknown adults"),
    ("unexplained_money", "Unexplained money, phones or gifts"),
    ("school", "Not in school or excluded"),
    ("substances", "Drugs or alcohol"),
    ("online", "Risky online contact"),
    ("travel", "Found out of area"),
    ("injuries", "Unexplained injuries"),
    ("offending", "Arrests or offending"),
]


def _household_choices():
    """Read when the form is shown or checked, not when it is built."""
    return [
        ("", "Not placed with a recorded household"),
        *placement_choices(day=timezone.localdate()),
    ]


class PlacementFields(forms.Form):
    place = choice("Placement type", codes.PlacementType.choices)
    provider = choice("Placement provider", codes.PlacementProvider.choices)
    carer_household = forms.ChoiceField(
        label="Approved carer household",
        required=False,
        choices=_household_choices,
        widget=forms.Select,
        help_text="Foster carers and adopters approved today, by type. Leave as it is for a "
        "children's home or other placement.",
    )
    carer_name = text(
        "Carer or home",
        required=False,
        max_length=120,
        validators=[validate_organisation_name],
        help_text="Only when the carers are not a recorded household.",
    )

    def clean_carer_household(self):
        pk = self.cleaned_data.get("carer_household")
        if not pk:
            return None
        household = CarerHousehold.objects.live().filter(pk=pk).first()
        if household is None:
            raise forms.ValidationError("Select an approved carer household from the list")
        return household

    postcode = text(
        "Placement postcode", required=False, max_length=8, validators=[validate_uk_postcode]
    )
    urn = text("Ofsted URN", required=False, max_length=8, help_text="XXXXXXX where not applicable")

    PLACEMENT_FIELDS = ("place", "provider", "carer_household", "carer_name", "postcode", "urn")

    def placement(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.PLACEMENT_FIELDS}
        data["postcode"] = normalise_postcode(data["postcode"])
        data["urn"] = data["urn"].upper().strip()
        return data


class CareStartForm(GDSForm, PlacementFields):
    submit_label = "Save: child is looked after"
    # The placement's questions follow the period's (they would otherwise come first).
    field_order = [
        "start_date",
        "legal_status",
        "category_of_need",
        "home_postcode",
        *PlacementFields.PLACEMENT_FIELDS,
    ]
    start_date = GovDateField(label="Date the child became looked after")
    legal_status = choice("Legal status", codes.LegalStatus.choices)
    category_of_need = choice("Category of need", codes.CategoryOfNeed903.choices)
    home_postcode = text(
        "Home postcode",
        required=False,
        max_length=8,
        help_text="Where the child lived before.",
        validators=[validate_uk_postcode],
    )


class PlacementChangeForm(GDSForm, PlacementFields):
    submit_label = "Save placement move"
    field_order = ["start_date", "reason_changed", *PlacementFields.PLACEMENT_FIELDS]
    start_date = GovDateField(label="Date of the move")
    reason_changed = choice("Reason for the move", codes.ReasonPlaceChange.choices)


class LegalStatusForm(GDSForm):
    submit_label = "Save legal status"
    start_date = GovDateField(label="Date the legal status changed")
    code = choice("New legal status", codes.LegalStatus.choices)


class CareEndForm(VersionedForm):
    submit_label = "Save: child has left care"
    end_date = GovDateField(label="Date the child left care")
    reason_ceased = choice(
        "Reason",
        codes.ReasonEpisodeCeased.choices,
        message="Select the reason the child left care",
    )


class LACReviewForm(GDSForm):
    submit_label = "Save review"
    date = GovDateField(label="Date of the review")
    participation = choice(
        "How the child took part",
        codes.ReviewCode.choices,
        message="Select how the child took part",
    )


class HealthCheckForm(GDSForm):
    submit_label = "Save health check"
    kind = choice("Type of check", HealthCheck.Kind.choices)
    date = GovDateField(label="Date of the check")
    sdq_score = forms.IntegerField(
        label="SDQ score (0 to 40)",
        required=False,
        min_value=0,
        max_value=40,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": 3}),
        error_messages={
            "min_value": "The SDQ score must be between 0 and 40",
            "max_value": "The SDQ score must be between 0 and 40",
            "invalid": "The SDQ score must be a whole number",
        },
    )
    sdq_reason = choice("Reason there is no SDQ score", codes.SDQReason.choices, required=False)


class MissingForm(GDSForm):
    submit_label = "Save missing episode"
    datetime_fields = ("started_at",)
    kind = choice(
        "Missing or away?",
        MissingEpisode.Kind.choices,
        message="Select whether the child was missing or away",
    )
    started_at = GovDateField(label="Date the child went missing")
    from_placement = yes_no("Did the child go missing from their placement?")
    reported_to_police = yes_no("Was it reported to the police?")


class ReturnInterviewForm(VersionedForm):
    submit_label = "Save return and interview"
    datetime_fields = ("returned_at", "offered_at", "completed_at")
    returned_at = GovDateField(label="Date the child returned")
    offered_at = GovDateField(
        label="Date the return interview was offered",
        required=False,
        help_text="Within 72 hours of the return.",
    )
    accepted = yes_no("Did the child accept the interview?", required=False)
    completed_at = GovDateField(label="Date the interview took place", required=False)
    push_factors = forms.MultipleChoiceField(
        label="Push factors: what made the child leave",
        choices=MissingEpisode.PUSH_FACTORS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pull_factors = forms.MultipleChoiceField(
        label="Pull factors: what drew the child away",
        choices=MissingEpisode.PULL_FACTORS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    exploitation_concern = yes_no("Is there a concern about exploitation?", required=False)
    summary = text("What the child said", long=True, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("offered_at_time", "completed_at_time"):
            self.fields[name].required = False


class ExploitationForm(GDSForm):
    submit_label = "Save risk assessment"
    date = GovDateField(label="Date of the assessment")
    sexual_exploitation = choice(
        "Risk of child sexual exploitation", ExploitationRiskAssessment.Level.choices
    )
    criminal_exploitation = choice(
        "Risk of child criminal exploitation", ExploitationRiskAssessment.Level.choices
    )
    indicators = forms.MultipleChoiceField(
        label="Indicators present",
        choices=EXPLOITATION_INDICATORS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    review_date = GovDateField(label="Review date", not_future=False)


class PathwayPlanForm(GDSForm):
    submit_label = "Save pathway plan"
    date = GovDateField(label="Date of the plan")
    review_due = GovDateField(label="Review date", not_future=False)
    summary = text("Summary of the plan", long=True, required=False)


class CareLeaverContactForm(GDSForm):
    submit_label = "Save contact"
    date = GovDateField(label="Date of contact")
    in_touch = choice(
        "In touch",
        codes.InTouch.choices,
        message="Select whether the young person is in touch",
    )
    activity = choice("Main activity", codes.CareLeaverActivity.choices, required=False)
    accommodation = choice("Accommodation", codes.CareLeaverAccommodation.choices, required=False)
    staying_put = yes_no("Staying put with former foster carers?")


class EntitlementsForm(GDSForm):
    submit_label = "Save checklist"
    date = GovDateField(label="Date given")
    given = forms.MultipleChoiceField(
        label="What was explained and given",
        choices=[
            ("rights_explained", "Rights explained"),
            ("local_offer_given", "Local offer for care leavers given"),
            ("health_history_explained", "How to get their health history explained"),
        ],
        required=True,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select what was explained and given"},
    )
    acknowledged_by_young_person = yes_no("Did the young person acknowledge it?")


class ProceedingsForm(GDSForm):
    submit_label = "Save proceedings"
    pre_proceedings_date = GovDateField(label="PLO meeting date", required=False)
    issued_date = GovDateField(label="Date proceedings were issued")


class ProceedingsConcludeForm(VersionedForm):
    submit_label = "Save final order"
    final_order_date = GovDateField(label="Date of the final order")
    final_order = choice("Final order", CareProceedings.Order.choices)


class AdoptionForm(GDSForm):
    submit_label = "Save adoption key dates"
    decision_date = GovDateField(label="Decision that the child should be placed for adoption")
    placement_order_date = GovDateField(label="Placement order", required=False)
    match_date = GovDateField(label="Matched with adopters", required=False)
    placed_date = GovDateField(label="Placed for adoption", required=False)
    adoption_order_date = GovDateField(label="Adoption order", required=False)
    adopters = forms.ChoiceField(
        label="Adopters",
        required=False,
        widget=forms.Select,
        help_text="The adoptive family's household record, when the authority holds it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        households = CarerHousehold.objects.live().filter(kind=CarerHousehold.Kind.ADOPTERS)
        self.fields["adopters"].choices = [
            ("", "Not recorded"),
            *[
                (str(h.pk), f"{h.name} ({h.reference})")
                for h in households.exclude(status=CarerHousehold.Status.DEREGISTERED)
            ],
        ]

    def clean_adopters(self):
        pk = self.cleaned_data.get("adopters")
        if not pk:
            return None
        return CarerHousehold.objects.live().filter(pk=pk).first()


class DeprivationOfLibertyForm(GDSForm):
    submit_label = "Save order"
    start_date = GovDateField(label="Date the order was made")
    court = text(
        "Court",
        required=False,
        max_length=200,
        validators=[validate_organisation_name],
        help_text="For example, the High Court (Family Division) or the Court of Protection.",
    )
    review_date = GovDateField(label="Next court review", required=False, not_future=False)
    expiry_date = GovDateField(
        label="Order expires unless renewed", required=False, not_future=False
    )


class DeprivationOfLibertyUpdateForm(VersionedForm):
    submit_label = "Save order"
    review_date = GovDateField(label="Next court review", required=False, not_future=False)
    expiry_date = GovDateField(
        label="Order expires unless renewed", required=False, not_future=False
    )
    end_date = GovDateField(label="Date the order ended (blank while in force)", required=False)


class PreProceedingsStartForm(GDSForm):
    submit_label = "Save pre-proceedings"
    start_date = GovDateField(label="Decision to begin pre-proceedings (legal planning meeting)")
    letter_date = GovDateField(label="Letter before proceedings sent", required=False)
    fgdm_offered_date = GovDateField(
        label="Family network meeting offered to the family", required=False
    )
    first_meeting_date = GovDateField(label="First pre-proceedings meeting", required=False)


class PreProceedingsForm(VersionedForm):
    submit_label = "Save pre-proceedings"
    letter_date = GovDateField(label="Letter before proceedings sent", required=False)
    fgdm_offered_date = GovDateField(
        label="Family network meeting offered to the family", required=False
    )
    fgdm_declined_date = GovDateField(label="Family declined the meeting", required=False)
    fgdm_held_date = GovDateField(label="Family network meeting held", required=False)
    fgdm_outcome = text(
        "What the family network meeting decided (the family plan)", required=False, long=True
    )
    first_meeting_date = GovDateField(label="First pre-proceedings meeting", required=False)
    review_meetings = forms.IntegerField(
        label="Review meetings held since the first meeting",
        min_value=0,
        max_value=99,
        error_messages={
            "required": "Enter the number of review meetings held (0 if none)",
            "min_value": "The number of review meetings must be 0 or more",
            "max_value": "The number of review meetings must be 99 or fewer",
            "invalid": "Enter the number of review meetings as a whole number, like 2",
        },
    )
    decision_date = GovDateField(label="Decision to step up to court or down", required=False)
    outcome = choice("Outcome", PreProceedings.Outcome.choices, required=False)
    court_application_date = GovDateField(label="Application to court", required=False)
    letter_of_issue_date = GovDateField(
        label="Letter to parents that care proceedings have begun", required=False
    )


class KinshipStartForm(GDSForm):
    submit_label = "Save kinship arrangement"
    kind = choice(
        "Kind of arrangement",
        KinshipArrangement.Kind.choices,
        message="Select the kind of arrangement",
    )
    start_date = GovDateField(label="Date the child started living with the carer")
    order_date = GovDateField(
        label="Date the order was made",
        required=False,
        help_text="For a special guardianship or child arrangements order",
    )
    carer_first_name = text(
        "Carer's first name", max_length=60, validators=[validate_organisation_name]
    )
    carer_last_name = text(
        "Carer's last name", max_length=60, validators=[validate_organisation_name]
    )
    carer_relationship = text(
        "Carer's relationship to the child",
        max_length=60,
        validators=[validate_organisation_name],
        help_text="For example grandmother, aunt, family friend",
    )
    carer_postcode = text(
        "Carer's postcode", required=False, max_length=8, validators=[validate_uk_postcode]
    )
    viability_assessment_date = GovDateField(label="Viability assessment", required=False)
    full_assessment_date = GovDateField(label="Full kinship assessment", required=False)
    support_plan = text(
        "Support plan",
        long=True,
        required=False,
        max_length=4000,
        help_text="What the local authority provides: money, respite, therapy, training, contact",
    )
    weekly_allowance = forms.DecimalField(
        label="Weekly allowance (£)",
        required=False,
        max_digits=7,
        decimal_places=2,
        min_value=0,
        error_messages={"invalid": "Enter the allowance as an amount, like 185.50"},
    )


class KinshipEndForm(VersionedForm):
    submit_label = "End the arrangement"
    end_date = GovDateField(label="Date the arrangement ended")
