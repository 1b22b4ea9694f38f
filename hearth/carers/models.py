"""Foster carers and adopters as records: the household, its members, its approval and
registration, its annual reviews, and (through ``care.Placement.carer_household``) the children
placed with it.

A household's approval runs from ``approval_date`` to ``deregistration_date``: whether it was
approved on a day, how many places it offered and who was living there are date queries, so the
fostering sufficiency figures for any day (and Annex A List 11 for any inspection) are derived,
never stored."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from hearth.core import codes
from hearth.core.models import Record
from hearth.core.validators import validate_organisation_name, validate_uk_postcode


class CarerHousehold(Record):
    class Kind(models.TextChoices):
        MAINSTREAM = "mainstream", "In-house foster carers (mainstream)"
        CONNECTED = "connected", "Connected person foster carers (family and friends)"
        AGENCY = "agency", "Independent fostering agency carers"
        ADOPTERS = "adopters", "Adopters"

    class Status(models.TextChoices):
        ENQUIRY = "enquiry", "Enquiry"
        ASSESSMENT = "assessment", "In assessment"
        APPROVED = "approved", "Approved"
        ON_HOLD = "on_hold", "On hold"
        DEREGISTERED = "deregistered", "Deregistered"

    class CareType(models.TextChoices):
        SHORT_TERM = "short_term", "Short-term"
        LONG_TERM = "long_term", "Long-term"
        EMERGENCY = "emergency", "Emergency"
        SHORT_BREAKS = "short_breaks", "Short breaks (respite)"
        PARENT_AND_CHILD = "parent_and_child", "Parent and child"
        FFA = "ffa", "Fostering for adoption"
        REMAND = "remand", "Remand"

    class DeregistrationReason(models.TextChoices):
        RETIRED = "retired", "Carers retired or chose to stop"
        CIRCUMSTANCES = "circumstances", "Change in the carers' circumstances"
        TRANSFERRED = "transferred", "Moved to another fostering service"
        PERMANENCE = "permanence", "Became the child's special guardians or adopters"
        STANDARDS = "standards", "Concerns about standards of care"
        ADOPTER_WITHDREW = "adopter_withdrew", "Adopters withdrew from the process"
        REFUSED = "refused", "Application refused (not approved)"
        ADOPTION_COMPLETE = "adoption_complete", "Adoption complete: no longer adopting"
        OTHER = "other", "Other reason"

    FOSTERING = (Kind.MAINSTREAM, Kind.CONNECTED, Kind.AGENCY)
    IN_HOUSE = (Kind.MAINSTREAM, Kind.CONNECTED)

    reference = models.CharField("Household reference", max_length=12, unique=True)
    name = models.CharField(
        "Household name", max_length=120, validators=[validate_organisation_name]
    )
    kind = models.CharField("Type of household", max_length=12, choices=Kind.choices)
    agency_name = models.CharField(
        "Fostering agency", max_length=120, blank=True, validators=[validate_organisation_name]
    )
    address = models.CharField(max_length=200, blank=True, validators=[validate_organisation_name])
    postcode = models.CharField(max_length=8, blank=True, validators=[validate_uk_postcode])
    status = models.CharField(
        "Registration status", max_length=12, choices=Status.choices, default=Status.ENQUIRY
    )
    enquiry_date = models.DateField("Date enquiry received")
    assessment_start_date = models.DateField("Assessment started", null=True, blank=True)
    # Adopters' two-stage process (Annex A List 11).
    stage1_start = models.DateField("Stage 1 started", null=True, blank=True)
    stage1_end = models.DateField("Stage 1 ended", null=True, blank=True)
    stage2_start = models.DateField("Stage 2 started", null=True, blank=True)
    stage2_end = models.DateField("Stage 2 ended", null=True, blank=True)
    application_date = models.DateField("Application submitted", null=True, blank=True)
    approval_date = models.DateField(null=True, blank=True)
    approved_places = models.PositiveSmallIntegerField(
        "Number of children approved for", null=True, blank=True
    )
    age_from = models.PositiveSmallIntegerField("Youngest age approved for", null=True, blank=True)
    age_to = models.PositiveSmallIntegerField("Oldest age approved for", null=True, blank=True)
    care_types = models.JSONField("Types of care approved for", default=list, blank=True)
    on_hold_date = models.DateField("Placed on hold", null=True, blank=True)
    deregistration_date = models.DateField(null=True, blank=True)
    deregistration_reason = models.CharField(
        max_length=20, choices=DeregistrationReason.choices, blank=True
    )
    supervising_worker = models.ForeignKey(
        "workforce.Worker",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised_households",
        verbose_name="Supervising social worker",
    )
    kinship_carer = models.ForeignKey(
        "care.KinshipCarer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="households",
        help_text="For connected person carers already known as kinship carers.",
    )
    support_plan = models.TextField("Support", max_length=4000, blank=True)

    class Meta:
        ordering = ["name", "reference"]
        indexes = [models.Index(fields=["kind", "approval_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(approval_date__isnull=True) | Q(approval_date__gte=F("enquiry_date")),
                name="household_approved_after_enquiry",
            ),
            models.CheckConstraint(
                condition=Q(deregistration_date__isnull=True)
                | Q(deregistration_date__gte=F("enquiry_date")),
                name="household_deregistered_after_enquiry",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "on_hold"]) | Q(approval_date__isnull=False),
                name="household_approved_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="deregistered")
                | Q(deregistration_date__isnull=False) & ~Q(deregistration_reason=""),
                name="household_deregistered_has_date_and_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.reference})"

    def clean(self) -> None:
        errors = {}
        if self.approval_date and self.approval_date < self.enquiry_date:
            errors["approval_date"] = "Approval cannot be before the enquiry."
        if self.deregistration_date and self.deregistration_date < self.enquiry_date:
            errors["deregistration_date"] = "Deregistration cannot be before the enquiry."
        if self.age_from is not None and self.age_to is not None and self.age_to < self.age_from:
            errors["age_to"] = "The oldest age must not be below the youngest."
        if self.kind == self.Kind.AGENCY and not self.agency_name:
            errors["agency_name"] = "Enter the fostering agency."
        unknown = set(self.care_types or []) - set(self.CareType.values)
        if unknown:
            errors["care_types"] = "Select types of care from the list."
        if errors:
            raise ValidationError(errors)

    @property
    def is_fostering(self) -> bool:
        return self.kind in self.FOSTERING

    def approved_on(self, day) -> bool:
        return bool(
            self.approval_date
            and self.approval_date <= day
            and (self.deregistration_date is None or self.deregistration_date > day)
        )

    def care_type_labels(self) -> list[str]:
        labels = dict(self.CareType.choices)
        return [labels.get(c, c) for c in self.care_types or []]


class HouseholdMember(Record):
    class Role(models.TextChoices):
        CARER = "carer", "Carer (applicant)"
        ADULT = "adult", "Other adult in the household"
        CHILD = "child", "Child of the household"

    class Sex(models.TextChoices):
        MALE = "M", "Male"
        FEMALE = "F", "Female"
        NOT_STATED = "U", "Not stated"

    household = models.ForeignKey(CarerHousehold, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(max_length=8, choices=Role.choices)
    first_name = models.CharField(max_length=60, validators=[validate_organisation_name])
    last_name = models.CharField(max_length=60, validators=[validate_organisation_name])
    date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=Sex.choices, default=Sex.NOT_STATED)
    ethnicity = models.CharField(max_length=4, choices=codes.Ethnicity.choices, blank=True)
    disability = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["household_id", "role", "last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class CarerReview(Record):
    """The annual review of a foster carer's approval (Fostering Services Regulations 2011,
    reg. 28): at least once a year, the first one presented to the fostering panel."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", "Approval continues on the same terms"
        CHANGE = "change", "Approval continues on changed terms"
        DEREGISTER = "deregister", "Recommend deregistration"

    household = models.ForeignKey(CarerHousehold, on_delete=models.CASCADE, related_name="reviews")
    date = models.DateField()
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    summary = models.TextField(max_length=4000, blank=True)

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"Annual review {self.date:%-d %b %Y}"
