"""From the front door to child protection: contacts, early help, referrals (CIN episodes),
assessments, plans, strategy discussions, section 47 enquiries, conferences, and the practice
records around them (visits, case notes, management oversight, significant events)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from hearth.core import codes
from hearth.core.models import ChildRecord, Record, ends_after_start, one_open_per_child
from hearth.core.validators import validate_organisation_name

# --- Front door and early help -----------------------------------------------------------------


class Contact(ChildRecord):
    """Someone tells the LA about a child. The front door decides what happens next."""

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="contacts")
    received_at = models.DateTimeField()
    source = models.CharField(max_length=2, choices=codes.ReferralSource.choices)
    referrer_name = models.CharField(
        max_length=100, blank=True, validators=[validate_organisation_name]
    )
    reason = models.TextField()
    child_protection = models.BooleanField(
        "Child protection concern", default=False, help_text="Decision due within 4 hours."
    )

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["child", "received_at"]),
            models.Index(fields=["received_at"]),
        ]

    def __str__(self) -> str:
        return f"Contact {self.received_at:%-d %b %Y} ({self.get_source_display()})"


class FrontDoorDecision(Record):
    class Outcome(models.TextChoices):
        NFA = "nfa", "No further action"
        ADVICE = "advice", "Information and advice"
        EARLY_HELP = "early_help", "Early help"
        REFERRAL = "referral", "Referral to children's social care"

    contact = models.OneToOneField(Contact, on_delete=models.CASCADE, related_name="decision")
    decided_at = models.DateTimeField()
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    decided_by = models.ForeignKey(
        "workforce.Worker", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rationale = models.TextField(blank=True)

    class Meta:
        constraints = [
            # Enforced in clean() against the contact; the DB check needs the same row, so
            # the index below keeps look-ups fast and clean() keeps order.
        ]
        indexes = [models.Index(fields=["decided_at"])]

    def __str__(self) -> str:
        return self.get_outcome_display()

    def clean(self) -> None:
        if self.contact_id and self.decided_at and self.decided_at < self.contact.received_at:
            raise ValidationError({"decided_at": "The decision cannot be before the contact."})


class EarlyHelpEpisode(ChildRecord):
    class Agency(models.TextChoices):
        SCHOOL = "school", "School"
        HEALTH = "health", "Health"
        EARLY_YEARS = "early_years", "Early years / family hub"
        LA_EARLY_HELP = "la", "Local authority early help team"
        VOLUNTARY = "voluntary", "Voluntary sector"
        HOUSING = "housing", "Housing"
        POLICE = "police", "Police"

    class EndReason(models.TextChoices):
        NEEDS_MET = "needs_met", "Needs met"
        STEP_UP = "step_up", "Stepped up to children's social care"
        DISENGAGED = "disengaged", "Family did not engage"
        MOVED = "moved", "Moved away"
        OTHER = "other", "Other"

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="early_help_episodes"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stepped_down_from = models.ForeignKey(
        "CINEpisode",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="step_downs",
        help_text="The social care episode this was stepped down from.",
    )
    start_date = models.DateField()
    lead_professional = models.CharField(max_length=100)
    lead_agency = models.CharField(max_length=12, choices=Agency.choices)
    assessment_completed = models.DateField(
        "Early help assessment completed", null=True, blank=True
    )
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=12, choices=EndReason.choices, blank=True)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            ends_after_start("earlyhelp"),
            ends_after_start("earlyhelp", end="assessment_completed"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | ~Q(end_reason=""),
                name="earlyhelp_closed_with_reason",
            ),
            one_open_per_child(
                "one_open_early_help",
                message="This child already has early help open: end it before starting another",
            ),
        ]

    def __str__(self) -> str:
        return f"Early help from {self.start_date:%-d %b %Y}"


class FamilyGroupConference(ChildRecord):
    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="fgcs")
    early_help_episode = models.ForeignKey(
        EarlyHelpEpisode, null=True, blank=True, on_delete=models.CASCADE, related_name="fgcs"
    )
    date = models.DateField()
    family_plan_agreed = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"Family group conference {self.date:%-d %b %Y}"


# --- Children in need ---------------------------------------------------------------------------


class CINEpisode(ChildRecord):
    """A referral to children's social care and everything until the case closes.

    In CIN census terms, one <CINdetails> block."""

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="cin_episodes")
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="referrals"
    )
    stepped_up_from = models.ForeignKey(
        EarlyHelpEpisode, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    referral_date = models.DateField()
    referral_source = models.CharField(max_length=2, choices=codes.ReferralSource.choices)
    primary_need = models.CharField(max_length=2, choices=codes.PrimaryNeed.choices, blank=True)
    referral_nfa = models.BooleanField("Referral: no further action", default=False)
    closure_date = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(
        max_length=3, choices=codes.CINClosureReason.choices, blank=True
    )

    class Meta:
        ordering = ["-referral_date"]
        indexes = [
            models.Index(fields=["child", "referral_date"]),
            models.Index(fields=["referral_date"]),
            models.Index(fields=["closure_date"]),
        ]
        constraints = [
            ends_after_start("cinepisode", start="referral_date", end="closure_date"),
            models.CheckConstraint(
                condition=Q(closure_date__isnull=True) | ~Q(closure_reason=""),
                name="cinepisode_closed_with_reason",
            ),
            one_open_per_child("one_open_cin_episode", end="closure_date"),
        ]

    def __str__(self) -> str:
        return f"Referral {self.referral_date:%-d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.closure_date is None

    def clean(self) -> None:
        # A referral may come before birth (a pre-birth referral for an unborn child).
        if self.closure_date and self.closure_date < self.referral_date:
            raise ValidationError({"closure_date": "The case cannot close before the referral."})
        if self.closure_date and not self.closure_reason:
            raise ValidationError({"closure_reason": "Select the reason the case closed."})


class Assessment(ChildRecord):
    """A child and family assessment (45 working days from referral)."""

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="assessments")
    cin_episode = models.ForeignKey(
        CINEpisode, on_delete=models.CASCADE, related_name="assessments"
    )
    start_date = models.DateField()
    child_seen = models.BooleanField(default=True)
    seen_alone = models.BooleanField("Child seen alone", null=True, blank=True)
    childs_views = models.TextField(
        "The child's views, in their own words", blank=True, max_length=5000
    )
    completed_date = models.DateField(null=True, blank=True)
    authorised_date = models.DateField(null=True, blank=True)
    authorised_by = models.ForeignKey(
        "workforce.Worker", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    analysis = models.TextField(blank=True)
    requires_support = models.BooleanField(
        "Child assessed as needing social care support", null=True, blank=True
    )

    class Meta:
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["authorised_date"]), models.Index(fields=["start_date"])]
        constraints = [
            ends_after_start("assessment", end="authorised_date"),
            ends_after_start("assessment", end="completed_date"),
        ]

    def __str__(self) -> str:
        return f"Assessment from {self.start_date:%-d %b %Y}"

    def clean(self) -> None:
        self._check_same_child(self.cin_episode if self.cin_episode_id else None, "cin_episode")
        if self.authorised_date and self.authorised_date < self.start_date:
            raise ValidationError(
                {"authorised_date": "Authorisation must be on or after the start."}
            )

    @property
    def awaiting_authorisation(self) -> bool:
        """Completed and sent to the manager: the worker cannot change it until the manager
        authorises it or returns it for more work."""
        return self.completed_date is not None and self.authorised_date is None


class AssessmentReturn(ChildRecord):
    """A manager sending a completed assessment back to the worker for more work, with their
    comments. Kept as history: each return, and when the worker sent it back."""

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="assessment_returns"
    )
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="returns")
    returned_at = models.DateTimeField()
    returned_by = models.ForeignKey("workforce.Worker", on_delete=models.PROTECT, related_name="+")
    comments = models.TextField("What needs more work", max_length=2000)
    completed_date_returned = models.DateField(
        "Completion date the manager returned", null=True, blank=True
    )
    resubmitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["returned_at", "pk"]
        indexes = [models.Index(fields=["assessment", "resubmitted_at"])]

    def __str__(self) -> str:
        return f"Assessment returned {self.returned_at:%-d %b %Y}"

    def clean(self) -> None:
        self._check_same_child(self.assessment if self.assessment_id else None, "assessment")


class AssessmentFactor(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="factors")
    code = models.CharField(max_length=3, choices=codes.AssessmentFactor.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "code"], name="assessment_factor_once")
        ]

    def __str__(self) -> str:
        return self.get_code_display()


class CINPlan(ChildRecord):
    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="cin_plans")
    cin_episode = models.ForeignKey(CINEpisode, on_delete=models.CASCADE, related_name="cin_plans")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    review_due = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        constraints = [ends_after_start("cinplan")]

    def __str__(self) -> str:
        return f"Child in need plan from {self.start_date:%-d %b %Y}"

    def clean(self) -> None:
        self._check_same_child(self.cin_episode if self.cin_episode_id else None, "cin_episode")
        self._check_not_before_birth(self.start_date, "start_date")


class CINPlanReview(ChildRecord):
    """A review of the child in need plan with the family and the professionals: what has
    changed for the child, what the child says, and what happens next."""

    class Outcome(models.TextChoices):
        CONTINUE = "continue", "Continue the plan"
        STEP_DOWN = "step_down", "Step down to early help"
        CLOSE = "close", "Close: the child no longer needs the plan"
        STEP_UP = "step_up", "Step up: a strategy discussion is needed"

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="cin_plan_reviews"
    )
    plan = models.ForeignKey(CINPlan, on_delete=models.CASCADE, related_name="reviews")
    date = models.DateField()
    childs_views = models.TextField("The child's views, in their own words")
    progress = models.TextField("What has changed for the child since the last review")
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    next_review_due = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(next_review_due__isnull=True)
                | models.Q(next_review_due__gt=models.F("date")),
                name="cinplanreview_next_after_date",
            )
        ]

    def __str__(self) -> str:
        return f"Child in need plan review on {self.date:%-d %b %Y}"

    def clean(self) -> None:
        self._check_same_child(self.plan if self.plan_id else None, "plan")
        self._check_not_before_birth(self.date, "date")


class StrategyDiscussion(ChildRecord):
    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="strategy_discussions"
    )
    cin_episode = models.ForeignKey(
        CINEpisode, on_delete=models.CASCADE, related_name="strategy_discussions"
    )
    date = models.DateField()
    police_attended = models.BooleanField(default=True)
    health_attended = models.BooleanField(default=True)
    section47_agreed = models.BooleanField("Section 47 enquiry agreed", default=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"Strategy discussion {self.date:%-d %b %Y}"

    def clean(self) -> None:
        self._check_same_child(self.cin_episode if self.cin_episode_id else None, "cin_episode")


class Section47Enquiry(ChildRecord):
    class Outcome(models.TextChoices):
        CONCERNS_SUBSTANTIATED = "substantiated", "Concerns substantiated: child at risk"
        NOT_SUBSTANTIATED = "not_substantiated", "Concerns not substantiated"
        SUBSTANTIATED_NOT_AT_RISK = "not_at_risk", "Substantiated, not judged at continuing risk"

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="section47s")
    cin_episode = models.ForeignKey(CINEpisode, on_delete=models.CASCADE, related_name="section47s")
    strategy_discussion = models.ForeignKey(
        StrategyDiscussion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    start_date = models.DateField()
    icpc_target_date = models.DateField("ICPC target date", null=True, blank=True)
    icpc_not_required = models.BooleanField("Initial conference not required", default=False)
    end_date = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["start_date"])]
        constraints = [ends_after_start("s47")]

    def __str__(self) -> str:
        return f"Section 47 enquiry from {self.start_date:%-d %b %Y}"

    def clean(self) -> None:
        self._check_same_child(self.cin_episode if self.cin_episode_id else None, "cin_episode")


class CPPlan(ChildRecord):
    class EndReason(models.TextChoices):
        RISK_REDUCED = "risk_reduced", "Risk reduced: child in need plan"
        RISK_REDUCED_NFA = "no_further", "Risk reduced: no further social care"
        BECAME_LOOKED_AFTER = "looked_after", "Child became looked after"
        MOVED = "moved", "Moved to another local authority"
        AGE = "age", "Reached 18"
        OTHER = "other", "Other"

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="cp_plans")
    cin_episode = models.ForeignKey(CINEpisode, on_delete=models.CASCADE, related_name="cp_plans")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    initial_category = models.CharField(max_length=3, choices=codes.CategoryOfAbuse.choices)
    latest_category = models.CharField(max_length=3, choices=codes.CategoryOfAbuse.choices)
    end_reason = models.CharField(max_length=14, choices=EndReason.choices, blank=True)
    visit_frequency_days = models.PositiveSmallIntegerField(
        "Visits at least every (working days)", default=10
    )

    class Meta:
        ordering = ["-start_date"]
        indexes = [
            models.Index(fields=["start_date"]),
            models.Index(fields=["end_date"]),
            models.Index(fields=["child", "start_date"]),
        ]
        constraints = [
            ends_after_start("cpplan"),
            one_open_per_child("one_open_cp_plan"),
        ]

    def __str__(self) -> str:
        return f"Child protection plan from {self.start_date:%-d %b %Y}"

    def clean(self) -> None:
        self._check_same_child(self.cin_episode if self.cin_episode_id else None, "cin_episode")
        self._check_not_before_birth(self.start_date, "start_date")
        if self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The plan cannot end before it starts."})


class ChildProtectionConference(ChildRecord):
    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial child protection conference"
        REVIEW = "review", "Review child protection conference"
        TRANSFER_IN = "transfer_in", "Transfer-in conference"

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="conferences")
    cin_episode = models.ForeignKey(
        CINEpisode, on_delete=models.CASCADE, related_name="conferences"
    )
    section47 = models.ForeignKey(
        Section47Enquiry,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conferences",
    )
    cp_plan = models.ForeignKey(
        CPPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="conferences"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    date = models.DateField()
    plan_required = models.BooleanField("Child protection plan made or continued", default=True)
    chair = models.ForeignKey(
        "workforce.Worker", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-date"]
        indexes = [models.Index(fields=["kind", "date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%-d %b %Y}"

    def clean(self) -> None:
        self._check_same_child(self.cin_episode if self.cin_episode_id else None, "cin_episode")


# --- Practice records ----------------------------------------------------------------------------


class Visit(ChildRecord):
    class Kind(models.TextChoices):
        CP = "cp", "Child protection visit"
        CIN = "cin", "Child in need visit"
        CLA = "cla", "Looked-after child visit"
        ASSESSMENT = "assessment", "Assessment visit"
        CARE_LEAVER = "care_leaver", "Care leaver contact"
        OTHER = "other", "Other visit"

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="visits")
    worker = models.ForeignKey(
        "workforce.Worker", null=True, blank=True, on_delete=models.SET_NULL, related_name="visits"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    date = models.DateField()
    child_seen = models.BooleanField(default=True)
    seen_alone = models.BooleanField(default=False)
    childs_views = models.TextField("The child's views, in their own words", blank=True)
    observations = models.TextField(blank=True)

    class Meta:
        ordering = ["-date"]
        indexes = [models.Index(fields=["child", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(seen_alone=False) | Q(child_seen=True),
                name="visit_seen_alone_implies_seen",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%-d %b %Y}"

    def clean(self) -> None:
        if self.seen_alone and not self.child_seen:
            raise ValidationError({"seen_alone": "A child seen alone must have been seen."})
        self._check_not_before_birth(self.date, "date")


class CaseNote(ChildRecord):
    """A note of contact or work on the case. A draft is seen only by its author and is not part
    of the record (chronology, print, returns) until it is finalised; then it can only be
    corrected, never silently edited."""

    class Kind(models.TextChoices):
        CASE_NOTE = "case_note", "Case note"
        PHONE = "phone", "Telephone call"
        MEETING = "meeting", "Meeting"
        WRITTEN = "written", "Email or letter"
        DIRECT_WORK = "direct_work", "Direct work with the child"
        CONSULTATION = "consultation", "Consultation or advice"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Final"

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="case_notes")
    occurred_at = models.DateTimeField()
    author = models.ForeignKey(
        "workforce.Worker", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CASE_NOTE)
    status = models.CharField(max_length=5, choices=Status.choices, default=Status.FINAL)
    finalised_at = models.DateTimeField(null=True, blank=True)
    subject = models.CharField(max_length=120)
    text = models.TextField()

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["child", "status", "occurred_at"])]

    def __str__(self) -> str:
        return self.subject


class ManagementOversight(ChildRecord):
    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="management_oversights"
    )
    manager = models.ForeignKey("workforce.Worker", on_delete=models.PROTECT, related_name="+")
    date = models.DateField()
    summary = models.TextField()
    decisions = models.TextField(blank=True)

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"Management oversight {self.date:%-d %b %Y}"


class SignificantEvent(ChildRecord):
    """An event added to the chronology by hand (a house move, a bereavement, a court hearing)."""

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="significant_events"
    )
    date = models.DateField()
    title = models.CharField(max_length=120)
    detail = models.TextField(blank=True)
    source = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return self.title


class PossibleDuplicate(models.Model):
    """A contact held because its child may be one the recorder cannot see (restricted or out of
    their scope). The contact's new child is held restricted, so nobody else finds it, until a
    front-door manager (or someone who may see the existing child) resolves the match."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting to be resolved"
        SAME_CHILD = "same", "Same child: contact attached to the existing record"
        DIFFERENT = "different", "A different child"

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="duplicates")
    held_child = models.ForeignKey(
        "people.Child", on_delete=models.PROTECT, related_name="+", help_text="Made for the contact"
    )
    existing_child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="+")
    raised_by = models.ForeignKey(
        "access.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField()
    status = models.CharField(max_length=9, choices=Status.choices, default=Status.OPEN)
    resolved_by = models.ForeignKey(
        "access.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised_at", "id"]
        indexes = [models.Index(fields=["status", "raised_at"])]

    def __str__(self) -> str:
        return f"Possible duplicate for contact {self.contact_id}: {self.get_status_display()}"


class StatedHistory(ChildRecord):
    """A fact about a child's earlier history that an imported return states but for which
    Hearth holds no records (a count of earlier plans, care-leaver status, "in the year" flags).

    Kept with its source so that returns and indicators can use it until real records replace
    it: readers take the stated value only where the records Hearth holds say less. ``about``
    is the day the fact refers to (the plan it precedes, the day care ended, the end of the
    collection year it describes); blank when the file does not say."""

    class Fact(models.TextChoices):
        PREVIOUS_CP_PLANS = "previous_cp_plans", "Number of previous child protection plans"
        CARE_LEAVER = "care_leaver", "Care leaver status"
        HEALTH_ASSESSMENT = "health_assessment", "Health assessment in the year"
        DENTAL = "dental", "Dental check in the year"
        IMMUNISATIONS = "immunisations", "Immunisations up to date"
        DEVELOPMENT = "development", "Development assessment in the year (under 5)"

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="stated_history"
    )
    fact = models.CharField(max_length=30, choices=Fact.choices)
    value = models.CharField(max_length=20)
    about = models.DateField(null=True, blank=True)
    source_file = models.CharField(max_length=255)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "stated history"
        indexes = [models.Index(fields=["child", "fact"])]

    def __str__(self) -> str:
        return f"{self.get_fact_display()}: {self.value} (stated in {self.source_file})"


class Correction(models.Model):
    """A correction of an entry on a child's record, with its reason: fields amended (old and new
    values kept here), the entry struck through (archived, so returns and indicators leave it
    out), or the entry moved to the right child's record. Append-only: the history of an entry
    is its corrections in order. ``child`` is the record the entry was on when corrected; for a
    move, ``moved_to`` is the record it went to."""

    class Kind(models.TextChoices):
        AMEND = "amend", "Amended"
        STRIKE = "strike", "Struck through"
        MOVE = "move", "Moved to another record"

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="corrections")
    moved_to = models.ForeignKey(
        "people.Child", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=6, choices=Kind.choices)
    reason = models.TextField()
    changes = models.JSONField(
        default=dict, blank=True, help_text="Field name → [label, value before, value after]."
    )
    entry_label = models.CharField(max_length=200)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrected_at = models.DateTimeField()

    class Meta:
        ordering = ["corrected_at", "pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["child", "corrected_at"]),
            models.Index(fields=["moved_to"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="move", moved_to__isnull=False)
                | (~Q(kind="move") & Q(moved_to__isnull=True)),
                name="correction_moved_to_only_for_moves",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="correction_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.entry_label}"
