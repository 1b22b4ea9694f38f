"""Family Help (Families First Partnership programme guide, March 2025; Children's Wellbeing and
Schools Act 2026): one service that merges targeted early help and child-in-need (s17) work.

A `Family` is the children and adults the help is for: each child is linked to their own
record, each adult to the child's `people.FamilyMember` where one exists. A `FamilyHelpEpisode`
is one period of Family Help for the family, with a Family Help Lead Practitioner (an LA user,
or a practitioner from a partner agency), one proportionate family assessment and one family
plan (each child's needs and the child's own words recorded per child), and plan reviews.

The statutory records are derived, never typed twice: for each child, Family Help at the s17
level opens (or links) the child's `casework.CINEpisode` and targeted Family Help opens a
`casework.EarlyHelpEpisode`, in the same transaction (`FamilyHelpChild` keeps the link), so the
CIN census, early help counts and every indicator keep reading the records they read today."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from hearth.core import codes
from hearth.core.models import ChildRecord, Record, ends_after_start
from hearth.core.validators import validate_organisation_name, validate_person_name


class Family(Record):
    name = models.CharField(
        "Family name",
        max_length=100,
        help_text="How the family is known, for example the Ahmed family",
        validators=[validate_organisation_name],
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "families"

    def __str__(self) -> str:
        return self.name


class FamilyAdult(Record):
    """An adult the help is for (a parent, carer or other adult in the household)."""

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="adults")
    family_member = models.ForeignKey(
        "people.FamilyMember", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    first_name = models.CharField(max_length=60, validators=[validate_person_name])
    last_name = models.CharField(max_length=60, validators=[validate_person_name])
    relationship = models.CharField(max_length=60, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class LeadAgency(models.TextChoices):
    """Who employs the Family Help Lead Practitioner: the local authority or a partner."""

    LA = "la", "Local authority Family Help team"
    SCHOOL = "school", "School or education setting"
    HEALTH = "health", "Health (health visitor, school nurse, GP)"
    EARLY_YEARS = "early_years", "Early years or family hub"
    POLICE = "police", "Police"
    VOLUNTARY = "voluntary", "Voluntary or community organisation"
    HOUSING = "housing", "Housing"
    OTHER = "other", "Other partner agency"


# The early help record's agency for a Family Help lead agency (targeted Family Help is counted
# where early help is counted today, so its derived early help episode carries the lead).
EARLY_HELP_AGENCY = {
    LeadAgency.LA: "la",
    LeadAgency.SCHOOL: "school",
    LeadAgency.HEALTH: "health",
    LeadAgency.EARLY_YEARS: "early_years",
    LeadAgency.POLICE: "police",
    LeadAgency.VOLUNTARY: "voluntary",
    LeadAgency.HOUSING: "housing",
    LeadAgency.OTHER: "voluntary",
}


class FamilyHelpEpisode(Record):
    class Level(models.TextChoices):
        TARGETED = "targeted", "Targeted Family Help (early help)"
        S17 = "s17", "Family Help for children in need (Children Act 1989 s17)"

    class EndReason(models.TextChoices):
        NEEDS_MET = "needs_met", "The family's needs are met"
        STEP_UP_CP = "step_up_cp", "Stepped up to child protection"
        STEP_UP_CARE = "step_up_care", "A child came into care"
        DISENGAGED = "disengaged", "The family did not engage"
        MOVED = "moved", "The family moved away"
        OTHER = "other", "Other"

    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="episodes")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=14, choices=EndReason.choices, blank=True)
    level = models.CharField(max_length=8, choices=Level.choices)
    primary_need = models.CharField("Main need", max_length=2, choices=codes.PrimaryNeed.choices)
    referral_source = models.CharField(
        "Who asked for help", max_length=2, choices=codes.ReferralSource.choices
    )
    reason = models.TextField("Why the family needs help", max_length=2000)
    lead_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="family_help_leads",
        help_text="The Family Help Lead Practitioner, when they sign in to Hearth",
    )
    lead_name = models.CharField(
        "Lead practitioner's name",
        max_length=100,
        blank=True,
        validators=[validate_person_name],
        help_text="A partner practitioner who does not sign in to Hearth",
    )
    lead_agency = models.CharField(max_length=12, choices=LeadAgency.choices)
    lead_organisation = models.CharField(
        "Lead practitioner's organisation",
        max_length=120,
        blank=True,
        validators=[validate_organisation_name],
    )
    team = models.ForeignKey(
        "workforce.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stepped_down_from_cp = models.BooleanField(
        "Stepped down from child protection or care", default=False
    )

    class Meta:
        ordering = ["-start_date", "-pk"]
        indexes = [models.Index(fields=["start_date"]), models.Index(fields=["end_date"])]
        constraints = [
            ends_after_start("familyhelp"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | ~Q(end_reason=""),
                name="familyhelp_closed_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(lead_user__isnull=False) | ~Q(lead_name=""),
                name="familyhelp_has_lead",
            ),
        ]

    def __str__(self) -> str:
        return f"Family Help from {self.start_date:%-d %b %Y}"

    @property
    def is_open(self) -> bool:
        return self.end_date is None

    @property
    def lead_display(self) -> str:
        return self.lead_user.get_full_name() if self.lead_user_id else self.lead_name

    @property
    def lead_is_partner(self) -> bool:
        return self.lead_agency != LeadAgency.LA


class FamilyHelpChild(ChildRecord):
    """A child in a Family Help episode, with the statutory record Family Help opened or
    linked for them: the CIN episode (s17) or the early help episode (targeted)."""

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="family_help")
    episode = models.ForeignKey(
        FamilyHelpEpisode, on_delete=models.CASCADE, related_name="children"
    )
    cin_episode = models.ForeignKey(
        "casework.CINEpisode", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cin_opened_here = models.BooleanField(default=False)
    early_help_episode = models.ForeignKey(
        "casework.EarlyHelpEpisode",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["episode", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "child"], name="familyhelp_child_once")
        ]

    def __str__(self) -> str:
        return f"{self.child} in {self.episode}"


class FamilyAssessment(Record):
    """The one proportionate assessment of the family for an episode."""

    episode = models.OneToOneField(
        FamilyHelpEpisode, on_delete=models.CASCADE, related_name="assessment"
    )
    start_date = models.DateField()
    completed_date = models.DateField(null=True, blank=True)
    family_strengths = models.TextField("The family's strengths", max_length=5000)
    family_needs = models.TextField("What the family needs help with", max_length=5000)
    family_views = models.TextField("What the parents and carers say", max_length=5000, blank=True)

    class Meta:
        constraints = [ends_after_start("familyassessment", end="completed_date")]

    def __str__(self) -> str:
        return f"Family assessment from {self.start_date:%-d %b %Y}"


class FamilyAssessmentChild(ChildRecord):
    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="+")
    assessment = models.ForeignKey(
        FamilyAssessment, on_delete=models.CASCADE, related_name="children"
    )
    needs = models.TextField("This child's needs", max_length=5000)
    views = models.TextField("The child's views, in their own words", max_length=5000)
    # The child's s17 assessment for the CIN census, derived from this one (s17 level only).
    cin_assessment = models.ForeignKey(
        "casework.Assessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "child"], name="familyassessment_child_once"
            )
        ]


class FamilyPlan(Record):
    """The one family plan for an episode: what will change, who does what, by when."""

    episode = models.OneToOneField(FamilyHelpEpisode, on_delete=models.CASCADE, related_name="plan")
    start_date = models.DateField()
    outcomes = models.TextField("What the family wants to change", max_length=5000)
    actions = models.TextField("Who will do what, by when", max_length=5000)
    review_due = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(review_due__isnull=True) | Q(review_due__gt=models.F("start_date")),
                name="familyplan_review_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"Family plan from {self.start_date:%-d %b %Y}"


class FamilyPlanChild(ChildRecord):
    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(FamilyPlan, on_delete=models.CASCADE, related_name="children")
    needs = models.TextField("What will change for this child", max_length=5000)
    views = models.TextField("The child's views, in their own words", max_length=5000)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "child"], name="familyplan_child_once")
        ]


class FamilyPlanReview(Record):
    class Outcome(models.TextChoices):
        CONTINUE = "continue", "Continue the plan"
        CHANGE = "change", "Change the plan"
        END = "end", "End Family Help: the family's needs are met"
        STEP_UP = "step_up", "Step up: a strategy discussion is needed"

    plan = models.ForeignKey(FamilyPlan, on_delete=models.CASCADE, related_name="reviews")
    date = models.DateField()
    progress = models.TextField("What has changed for the family", max_length=5000)
    childrens_views = models.TextField("What the children say, in their own words", max_length=5000)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    next_review_due = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_due__isnull=True) | Q(next_review_due__gt=models.F("date")),
                name="familyplanreview_next_after_date",
            )
        ]

    def __str__(self) -> str:
        return f"Family plan review on {self.date:%-d %b %Y}"


class FamilyHelpEvent(ChildRecord):
    """A child's step up to child protection or into care, or step down back to Family Help:
    dated, on the child's chronology, linked to the strategy discussion or section 47 enquiry
    it led to where there is one."""

    class Kind(models.TextChoices):
        STEP_UP_CP = "step_up_cp", "Stepped up to child protection"
        STEP_UP_CARE = "step_up_care", "Stepped up into care"
        STEP_DOWN = "step_down", "Stepped down to Family Help"

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="family_help_events"
    )
    episode = models.ForeignKey(FamilyHelpEpisode, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    date = models.DateField()
    note = models.TextField("What happened and why", max_length=2000)
    strategy_discussion = models.ForeignKey(
        "casework.StrategyDiscussion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    section47 = models.ForeignKey(
        "casework.Section47Enquiry",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.date:%-d %b %Y}"
