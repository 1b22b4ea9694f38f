"""Children looked after, care leavers and adoption.

Three timelines per child — periods of care, legal statuses and placements — from which SSDA903
episodes are *derived* (a new episode whenever legal status or placement changes). Nobody types
an episode."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from hearth.core import codes
from hearth.core.models import ChildRecord, Record, ends_after_start, one_open_per_child
from hearth.core.validators import validate_organisation_name, validate_uk_postcode


class PeriodOfCare(ChildRecord):
    """A continuous period of being looked after (DECOM of the first episode → DEC of the last)."""

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="periods_of_care"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reason_ceased = models.CharField(
        max_length=3, choices=codes.ReasonEpisodeCeased.choices, blank=True
    )
    category_of_need = models.CharField(max_length=2, choices=codes.CategoryOfNeed903.choices)
    home_postcode = models.CharField(
        "Home postcode",
        max_length=8,
        blank=True,
        help_text="Blank for UASC.",
        validators=[validate_uk_postcode],
    )
    previous_permanence = models.CharField(max_length=2, choices=codes.PrevPerm.choices, blank=True)
    previous_permanence_la = models.CharField(max_length=3, blank=True)
    previous_permanence_date = models.CharField(
        max_length=10, blank=True, help_text="DD/MM/YYYY, or with zz for unknown parts."
    )

    class Meta:
        ordering = ["-start_date"]
        indexes = [
            models.Index(fields=["start_date"]),
            models.Index(fields=["end_date"]),
            models.Index(fields=["child", "start_date"]),
        ]
        constraints = [
            ends_after_start("periodofcare"),
            one_open_per_child("one_open_period_of_care"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | ~Q(reason_ceased=""),
                name="periodofcare_ended_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Looked after from {self.start_date:%-d %b %Y}"

    def clean(self) -> None:
        self._check_not_before_birth(self.start_date, "start_date")
        if self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The period of care cannot end before it starts."})
        if self.end_date and not self.reason_ceased:
            raise ValidationError(
                {"reason_ceased": "Select why the child stopped being looked after."}
            )
        if self.child_id and self.end_date is None:
            clash = (
                PeriodOfCare.objects.filter(child_id=self.child_id, end_date__isnull=True)
                .exclude(pk=self.pk)
                .exists()
            )
            if clash:
                raise ValidationError("This child already has an open period of care.")


class LegalStatus(ChildRecord):
    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="legal_statuses"
    )
    period = models.ForeignKey(
        PeriodOfCare, on_delete=models.CASCADE, related_name="legal_statuses"
    )
    code = models.CharField(max_length=2, choices=codes.LegalStatus.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        verbose_name_plural = "legal statuses"
        indexes = [models.Index(fields=["child", "start_date"])]
        constraints = [ends_after_start("legalstatus")]

    def __str__(self) -> str:
        return self.get_code_display()

    def clean(self) -> None:
        self._check_same_child(self.period if self.period_id else None, "period")


class Placement(ChildRecord):
    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="placements")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="placements")
    place = models.CharField("Placement type", max_length=3, choices=codes.PlacementType.choices)
    provider = models.CharField(max_length=3, choices=codes.PlacementProvider.choices)
    carer_name = models.CharField(
        "Carer or home", max_length=120, blank=True, validators=[validate_organisation_name]
    )
    # The approved household the child lives with (foster carers or adopters recorded in
    # hearth.carers). Optional: placements in homes, and old or imported placements, carry only
    # the free-text name above.
    carer_household = models.ForeignKey(
        "carers.CarerHousehold",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="placements",
        verbose_name="Carer household",
    )
    postcode = models.CharField(max_length=8, blank=True, validators=[validate_uk_postcode])
    urn = models.CharField(
        "Ofsted URN", max_length=8, blank=True, help_text="XXXXXXX where not applicable."
    )
    la_of_placement = models.CharField(max_length=9, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reason_changed = models.CharField(
        "Reason for placement change",
        max_length=6,
        choices=codes.ReasonPlaceChange.choices,
        blank=True,
    )

    class Meta:
        ordering = ["-start_date"]
        indexes = [
            models.Index(fields=["child", "start_date"]),
            models.Index(fields=["start_date"]),
        ]
        constraints = [ends_after_start("placement")]

    def __str__(self) -> str:
        return f"{self.get_place_display()} from {self.start_date:%-d %b %Y}"

    def clean(self) -> None:
        self._check_same_child(self.period if self.period_id else None, "period")
        if self.period_id and self.start_date and self.start_date < self.period.start_date:
            raise ValidationError(
                {"start_date": "A placement cannot start before the child's care."}
            )


class LACReview(ChildRecord):
    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="lac_reviews")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="reviews")
    date = models.DateField()
    participation = models.CharField(max_length=3, choices=codes.ReviewCode.choices)
    iro = models.ForeignKey(
        "workforce.Worker", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-date"]
        indexes = [models.Index(fields=["child", "date"])]

    def __str__(self) -> str:
        return f"Looked-after review {self.date:%-d %b %Y}"


class HealthCheck(ChildRecord):
    class Kind(models.TextChoices):
        HEALTH_ASSESSMENT = "health_assessment", "Health assessment"
        DENTAL = "dental", "Dental check"
        IMMUNISATIONS = "immunisations", "Immunisations up to date"
        DEVELOPMENT = "development", "Development assessment (under 5)"
        SDQ = "sdq", "Strengths and difficulties questionnaire"

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="health_checks"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    date = models.DateField()
    sdq_score = models.PositiveSmallIntegerField(null=True, blank=True)
    sdq_reason = models.CharField(max_length=4, choices=codes.SDQReason.choices, blank=True)

    class Meta:
        ordering = ["-date"]
        indexes = [models.Index(fields=["child", "kind", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(sdq_score__isnull=True) | Q(sdq_score__lte=40),
                name="healthcheck_sdq_score_0_40",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%-d %b %Y}"


class SubstanceMisuse(ChildRecord):
    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="substance_misuse"
    )
    identified_on = models.DateField()
    intervention_offered = models.BooleanField(default=True)
    intervention_received = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Substance misuse identified {self.identified_on:%-d %b %Y}"


class Offence(ChildRecord):
    class Outcome(models.TextChoices):
        CAUTION = "caution", "Caution"
        CONVICTION = "conviction", "Conviction"
        YOUTH_CAUTION = "youth_caution", "Youth caution"
        YOUTH_CONDITIONAL = "youth_conditional", "Youth conditional caution"

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="offences")
    date = models.DateField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.date:%-d %b %Y}"


class MissingEpisode(ChildRecord):
    """A child missing (or absent) from home or care, and the return interview that follows."""

    class Kind(models.TextChoices):
        MISSING = "M", "Missing"
        ABSENT = "A", "Away from placement without authorisation"

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="missing_episodes"
    )
    kind = models.CharField(max_length=1, choices=Kind.choices, default=Kind.MISSING)
    started_at = models.DateTimeField()
    returned_at = models.DateTimeField(null=True, blank=True)
    from_placement = models.BooleanField(default=True)
    reported_to_police = models.BooleanField(default=True)
    return_interview_recorded = models.BooleanField(
        default=True,
        help_text="False when imported from a return that says nothing about a return "
        "interview: whether one was offered is unknown, not 'no'.",
    )
    return_interview_offered_at = models.DateTimeField(null=True, blank=True)
    return_interview_accepted = models.BooleanField(null=True, blank=True)
    return_interview_completed_at = models.DateTimeField(null=True, blank=True)
    push_factors = models.JSONField(default=list, blank=True)
    pull_factors = models.JSONField(default=list, blank=True)
    exploitation_concern = models.BooleanField(default=False)
    interview_summary = models.TextField(blank=True)

    PUSH_FACTORS = [
        ("conflict_home", "Conflict at home or placement"),
        ("boundaries", "Unhappy with rules or boundaries"),
        ("bullying", "Bullying"),
        ("abuse", "Abuse or neglect"),
        ("mental_health", "Emotional or mental health"),
        ("placement_unsettled", "Unsettled in placement"),
    ]
    PULL_FACTORS = [
        ("friends", "Seeing friends"),
        ("family", "Seeing family"),
        ("partner", "Boyfriend or girlfriend"),
        ("older_peers", "Older peers or adults"),
        ("substances", "Drugs or alcohol"),
        ("county_lines", "Criminal exploitation (county lines)"),
        ("sexual_exploitation", "Sexual exploitation"),
    ]

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["child", "started_at"]),
            models.Index(fields=["started_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True) | Q(returned_at__gte=F("started_at")),
                name="missing_returns_after_start",
            ),
            models.CheckConstraint(
                condition=Q(return_interview_completed_at__isnull=True)
                | Q(returned_at__isnull=False),
                name="missing_interview_after_return",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%-d %b %Y}"

    def clean(self) -> None:
        if self.returned_at and self.returned_at < self.started_at:
            raise ValidationError({"returned_at": "The child cannot return before going missing."})
        if self.return_interview_completed_at and (
            not self.returned_at or self.return_interview_completed_at < self.returned_at
        ):
            raise ValidationError(
                {"return_interview_completed_at": "The return interview must follow the return."}
            )


class ExploitationRiskAssessment(ChildRecord):
    class Level(models.TextChoices):
        NONE = "none", "No identified risk"
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="exploitation_assessments"
    )
    date = models.DateField()
    tool = models.CharField(max_length=60, default="Hearth exploitation screening tool v1")
    sexual_exploitation = models.CharField("CSE risk", max_length=6, choices=Level.choices)
    criminal_exploitation = models.CharField("CCE risk", max_length=6, choices=Level.choices)
    indicators = models.JSONField(default=list, blank=True)
    review_date = models.DateField()

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_date__gte=F("date")), name="exploitation_review_after_date"
            )
        ]

    def __str__(self) -> str:
        return f"Exploitation risk assessment {self.date:%-d %b %Y}"


class CareProceedings(ChildRecord):
    class Order(models.TextChoices):
        CARE_ORDER = "care_order", "Care order"
        SUPERVISION = "supervision", "Supervision order"
        SGO = "sgo", "Special guardianship order"
        CAO = "cao", "Child arrangements order"
        PLACEMENT = "placement", "Care and placement orders"
        NO_ORDER = "no_order", "No order / withdrawn"

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="care_proceedings"
    )
    pre_proceedings_date = models.DateField("PLO meeting", null=True, blank=True)
    issued_date = models.DateField()
    final_order_date = models.DateField(null=True, blank=True)
    final_order = models.CharField(max_length=12, choices=Order.choices, blank=True)

    class Meta:
        ordering = ["-issued_date"]
        verbose_name_plural = "care proceedings"
        constraints = [ends_after_start("proceedings", start="issued_date", end="final_order_date")]

    def __str__(self) -> str:
        return f"Care proceedings issued {self.issued_date:%-d %b %Y}"


class Adoption(ChildRecord):
    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="adoptions")
    period = models.ForeignKey(
        PeriodOfCare, null=True, blank=True, on_delete=models.SET_NULL, related_name="adoptions"
    )
    decision_date = models.DateField("Should be placed for adoption (ADM decision)")
    placement_order_date = models.DateField(null=True, blank=True)
    match_date = models.DateField(null=True, blank=True)
    placed_date = models.DateField(null=True, blank=True)
    ffa_date = models.DateField("Placed in FFA / concurrent planning", null=True, blank=True)
    adoption_order_date = models.DateField(null=True, blank=True)
    no_longer_placed_date = models.DateField(null=True, blank=True)
    no_longer_reason = models.CharField(
        max_length=4, choices=codes.ReasonPlacedCeased.choices, blank=True
    )
    placed_with_foster_carers = models.BooleanField(default=False)
    number_of_adopters = models.PositiveSmallIntegerField(null=True, blank=True)
    adopters_sex = models.CharField(max_length=2, choices=codes.SexAdopter.choices, blank=True)
    adopters_legal_status = models.CharField(
        max_length=3, choices=codes.LegalStatusAdopter.choices, blank=True
    )
    family_id = models.CharField("Adoptive family identifier", max_length=12, blank=True)
    # The adopters' own record (hearth.carers), when the LA holds it: Annex A List 11 then
    # reads their recruitment from it. Adoptions imported without one keep ``family_id``.
    adopters = models.ForeignKey(
        "carers.CarerHousehold",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adoptions",
    )
    adopters_enquiry_date = models.DateField(
        "Date the adopters' first enquiry was received",
        null=True,
        blank=True,
        help_text="When the matched adopters first enquired about adopting (Annex A list 11).",
    )

    class Meta:
        ordering = ["-decision_date"]
        constraints = [
            ends_after_start("adoption", start="decision_date", end="match_date"),
            ends_after_start("adoption", start="decision_date", end="adoption_order_date"),
            models.CheckConstraint(
                condition=Q(adoption_order_date__isnull=True)
                | Q(placed_date__isnull=False) & Q(adoption_order_date__gte=F("placed_date")),
                name="adoption_order_after_placement",
            ),
        ]

    def __str__(self) -> str:
        return f"Adoption plan from {self.decision_date:%-d %b %Y}"


class PathwayPlan(ChildRecord):
    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="pathway_plans"
    )
    date = models.DateField()
    review_due = models.DateField()
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_due__gte=F("date")), name="pathwayplan_review_after_date"
            )
        ]

    def __str__(self) -> str:
        return f"Pathway plan {self.date:%-d %b %Y}"


class CareLeaverContact(ChildRecord):
    """The LA's contact with a care leaver: in touch, activity (EET) and accommodation (OC3)."""

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="care_leaver_contacts"
    )
    date = models.DateField()
    in_touch = models.CharField(max_length=4, choices=codes.InTouch.choices)
    activity = models.CharField(max_length=2, choices=codes.CareLeaverActivity.choices, blank=True)
    accommodation = models.CharField(
        max_length=2, choices=codes.CareLeaverAccommodation.choices, blank=True
    )
    staying_put = models.BooleanField(default=False)

    class Meta:
        ordering = ["-date"]
        indexes = [models.Index(fields=["child", "date"])]

    def __str__(self) -> str:
        return f"Care leaver contact {self.date:%-d %b %Y}"


class EntitlementsInformation(ChildRecord):
    """The local offer: rights and entitlements explained to a care leaver, and acknowledged."""

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="entitlements_given"
    )
    date = models.DateField()
    rights_explained = models.BooleanField(default=True)
    local_offer_given = models.BooleanField(default=True)
    health_history_explained = models.BooleanField(default=True)
    acknowledged_by_young_person = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Entitlements information {self.date:%-d %b %Y}"


class DeprivationOfLibertyOrder(ChildRecord):
    """A court order authorising the deprivation of a looked-after child's liberty (inherent
    jurisdiction or, from 16, the Court of Protection): SSDA903 DoLo table from 2026-27."""

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="deprivation_of_liberty_orders"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    court = models.CharField(max_length=200, blank=True)
    # What the court set when it made (or last renewed) the order: the date it will next review
    # the order and the date the order lapses unless renewed. Practice dates for the worklist,
    # not part of the return; unknown (blank) for orders imported from a 903.
    review_date = models.DateField("Next court review", null=True, blank=True)
    expiry_date = models.DateField("Order expires", null=True, blank=True)

    class Meta:
        ordering = ["child_id", "start_date"]
        constraints = [ends_after_start("dolo")]

    def clean(self) -> None:
        self._check_not_before_birth(self.start_date, "start_date")
        if self.child_id and self.start_date:
            later = self.end_date or self.start_date
            clash = (
                DeprivationOfLibertyOrder.objects.live()
                .filter(child_id=self.child_id, start_date__lte=later)
                .filter(Q(end_date__isnull=True) | Q(end_date__gte=self.start_date))
            )
            if self.pk:
                clash = clash.exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError(
                    {"start_date": "This order overlaps another order for this child."}
                )
        errors = {}
        for name in ("review_date", "expiry_date"):
            day = getattr(self, name)
            if day and self.start_date and day < self.start_date:
                errors[name] = "This date is before the order was made."
        if errors:
            raise ValidationError(errors)


class PreProceedings(ChildRecord):
    """Pre-proceedings under the Public Law Outline, with family group decision-making: from
    the decision to begin (a legal planning meeting) through the letter before proceedings and
    the family network meeting offered in it, to the decision to step up to court or down.

    The CIN census 2026-27 reports it in ``CINdetails`` as ``PreProceedingsandFGDM``, so it
    belongs to the child in need episode it happened in."""

    class Outcome(models.TextChoices):
        # PPOutcome (DfE code set CS131, values A, B, C). The meanings below are Hearth's
        # reading, not DfE's published words: see docs/decisions.md ("CIN 2026-27 PPOutcome").
        COURT = "A", "Application to court for a care or supervision order"
        STEP_DOWN = "B", "Stepped down: proceedings not needed"
        OTHER = "C", "Ended for another reason"

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="pre_proceedings"
    )
    cin_episode = models.ForeignKey(
        "casework.CINEpisode",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pre_proceedings",
    )
    start_date = models.DateField("Decision to begin pre-proceedings")
    letter_date = models.DateField("Letter before proceedings sent", null=True, blank=True)
    fgdm_offered_date = models.DateField("Family network meeting offered", null=True, blank=True)
    fgdm_declined_date = models.DateField("Family network meeting declined", null=True, blank=True)
    fgdm_held_date = models.DateField("Family network meeting held", null=True, blank=True)
    fgdm_outcome = models.TextField("What the family network meeting decided", blank=True)
    # What a return states when Hearth holds no date (a CIN census imported: FGDMMeetingOffer,
    # FGDMMeetingFac are yes/no): None where nothing is stated. The dates above, when held,
    # say the same and more.
    fgdm_offered_stated = models.BooleanField(null=True, blank=True)
    fgdm_held_stated = models.BooleanField(null=True, blank=True)
    first_meeting_date = models.DateField("First pre-proceedings meeting", null=True, blank=True)
    review_meetings = models.PositiveSmallIntegerField("Review meetings held", default=0)
    decision_date = models.DateField("Decision to step up or down", null=True, blank=True)
    outcome = models.CharField(max_length=1, choices=Outcome.choices, blank=True)
    court_application_date = models.DateField("Application to court", null=True, blank=True)
    letter_of_issue_date = models.DateField(
        "Letter to parents that care proceedings have begun", null=True, blank=True
    )

    class Meta:
        ordering = ["-start_date"]
        verbose_name_plural = "pre-proceedings"
        constraints = [
            ends_after_start("preproceedings", end="decision_date"),
            ends_after_start("preproceedings", end="letter_date"),
        ]

    def __str__(self) -> str:
        return f"Pre-proceedings from {self.start_date:%-d %b %Y}"

    def clean(self) -> None:
        self._check_not_before_birth(self.start_date, "start_date")
        errors = {}
        start = self.start_date
        for name in (
            "letter_date",
            "fgdm_offered_date",
            "first_meeting_date",
            "decision_date",
            "court_application_date",
        ):
            day = getattr(self, name)
            if day and start and day < start:
                errors[name] = "This date is before pre-proceedings began."
        if self.fgdm_declined_date and self.fgdm_held_date:
            errors["fgdm_declined_date"] = "The meeting cannot be both declined and held."
        for name in ("fgdm_declined_date", "fgdm_held_date"):
            day = getattr(self, name)
            if day and not self.fgdm_offered_date:
                if not self.fgdm_offered_stated:
                    errors[name] = "Enter when the family network meeting was offered first."
            elif day and day < self.fgdm_offered_date:
                errors[name] = "This date is before the meeting was offered."
        if self.decision_date and not self.outcome:
            errors["outcome"] = "Select the outcome of pre-proceedings."
        if self.outcome and not self.decision_date:
            errors["decision_date"] = "Enter the date of the decision."
        if self.court_application_date:
            if self.outcome != self.Outcome.COURT:
                errors["court_application_date"] = (
                    "An application to court follows a decision to go to court."
                )
            elif self.decision_date and self.court_application_date < self.decision_date:
                errors["court_application_date"] = "The application follows the decision."
        if self.letter_of_issue_date and (
            not self.court_application_date
            or self.letter_of_issue_date < self.court_application_date
        ):
            errors["letter_of_issue_date"] = (
                "The letter that proceedings have begun follows the application to court."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def is_open(self) -> bool:
        return self.decision_date is None

    @property
    def fgdm_offered(self) -> bool:
        return bool(self.fgdm_offered_date) or bool(self.fgdm_offered_stated)

    @property
    def fgdm_held(self) -> bool:
        return bool(self.fgdm_held_date) or bool(self.fgdm_held_stated)


class KinshipCarer(Record):
    """A relative or friend caring for a child (kinship care): a person with their own record,
    assessments and support, who may care for more than one child."""

    first_name = models.CharField(max_length=60, validators=[validate_organisation_name])
    last_name = models.CharField(max_length=60, validators=[validate_organisation_name])
    relationship = models.CharField(
        "Relationship to the child", max_length=60, validators=[validate_organisation_name]
    )
    postcode = models.CharField(max_length=8, blank=True, validators=[validate_uk_postcode])
    viability_assessment_date = models.DateField(null=True, blank=True)
    full_assessment_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.relationship})"


class KinshipArrangement(ChildRecord):
    """A child living with a relative or friend outside care (informal, or under an order), with
    the support the LA gives. Connected-person foster care is a *placement* (PLACE U1-U3) and is
    counted from placements, not typed twice."""

    class Kind(models.TextChoices):
        INFORMAL = "informal", "Informal family and friends care"
        LA_SUPPORTED = "la_supported", "Family and friends care with local authority support"
        SGO = "sgo", "Special guardianship order"
        CAO = "cao", "Child arrangements order (lives with)"

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="kinship_arrangements"
    )
    carer = models.ForeignKey(KinshipCarer, on_delete=models.PROTECT, related_name="arrangements")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    order_date = models.DateField(null=True, blank=True)
    support_plan = models.TextField("Support plan", max_length=4000, blank=True)
    weekly_allowance = models.DecimalField(
        "Weekly allowance (£)", max_digits=7, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            ends_after_start("kinship"),
            one_open_per_child("kinship_one_open_per_child"),
            models.CheckConstraint(
                condition=Q(kind__in=["informal", "la_supported"]) | Q(order_date__isnull=False),
                name="kinship_order_has_its_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.start_date:%-d %b %Y}"
