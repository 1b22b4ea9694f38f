"""Wider safeguarding: allegations against people who work with children (LADO), private
fostering, young carers and homeless 16 and 17 year olds.

Each concerns children (the LADO's through the children linked to an allegation) and appears in
their chronologies (`hearth.safeguarding.chronology`); timescales are in
`hearth.casework.clocks`; the indicators are in `hearth.insight.indicators.safeguarding`."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from hearth.core.models import ChildRecord, Record, ends_after_start, one_open_per_child
from hearth.core.validators import validate_organisation_name, validate_uk_postcode

LONG = 4000


# --- LADO --------------------------------------------------------------------------------------


class LadoReferral(Record):
    """An allegation (or concern) about an adult who works or volunteers with children, referred
    to the local authority designated officer (Working Together 2023 ch. 2; Keeping children safe
    in education part 4). The person is an adult, not a child: no child URL holds it."""

    class Sector(models.TextChoices):
        EDUCATION = "education", "Education (school or college)"
        EARLY_YEARS = "early_years", "Early years and childcare"
        HEALTH = "health", "Health"
        SOCIAL_CARE = "social_care", "Social care (including residential)"
        FOSTER_CARE = "foster_care", "Foster care"
        POLICE = "police", "Police"
        FAITH = "faith", "Faith groups"
        SPORT = "sport", "Sport, leisure and voluntary groups"
        TRANSPORT = "transport", "Transport"
        OTHER = "other", "Other"

    class Category(models.TextChoices):
        PHYSICAL = "physical", "Physical abuse"
        SEXUAL = "sexual", "Sexual abuse"
        EMOTIONAL = "emotional", "Emotional abuse"
        NEGLECT = "neglect", "Neglect"
        SUITABILITY = "suitability", "Behaviour suggesting unsuitability to work with children"

    class Outcome(models.TextChoices):
        # Keeping children safe in education 2024, part 4 (definitions of outcomes).
        SUBSTANTIATED = "substantiated", "Substantiated"
        FALSE = "false", "False"
        MALICIOUS = "malicious", "Malicious"
        UNSUBSTANTIATED = "unsubstantiated", "Unsubstantiated"
        UNFOUNDED = "unfounded", "Unfounded"

    received_date = models.DateField("Date the referral was received")
    referrer = models.CharField(
        "Who referred", max_length=100, validators=[validate_organisation_name]
    )
    person_name = models.CharField(
        "Name of the person the allegation is about",
        max_length=100,
        validators=[validate_organisation_name],
    )
    person_role = models.CharField(
        "Their job or role", max_length=100, validators=[validate_organisation_name]
    )
    employer = models.CharField(
        "Employer or organisation", max_length=100, validators=[validate_organisation_name]
    )
    sector = models.CharField(max_length=12, choices=Sector.choices)
    category = models.CharField("Allegation category", max_length=12, choices=Category.choices)
    summary = models.TextField("What is alleged", max_length=LONG)
    initial_consideration_date = models.DateField(null=True, blank=True)
    threshold_met = models.BooleanField("Harm threshold met", null=True, blank=True)
    strategy_meeting_date = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True)
    outcome_date = models.DateField(null=True, blank=True)
    outcome_notes = models.TextField("Outcome and actions", max_length=LONG, blank=True)

    class Meta:
        ordering = ["-received_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome_date__isnull=True) | Q(outcome_date__gte=F("received_date")),
                name="lado_outcome_not_before_referral",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome_date__isnull=False),
                name="lado_outcome_has_its_date",
            ),
        ]

    def __str__(self) -> str:
        return f"LADO referral {self.pk} received {self.received_date:%-d %b %Y}"

    @property
    def reference(self) -> str:
        return f"LADO-{self.pk:05d}" if self.pk else "LADO (not yet saved)"


class LadoChild(ChildRecord):
    """A child linked to an allegation (the child the allegation concerns, or one the person
    works with). The link is what puts the allegation in the child's chronology."""

    referral = models.ForeignKey(LadoReferral, on_delete=models.CASCADE, related_name="links")
    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="lado_links")

    class Meta:
        ordering = ["referral", "child"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "child"],
                condition=Q(archived_at__isnull=True),
                name="lado_child_once_per_referral",
            )
        ]

    def __str__(self) -> str:
        return f"Child {self.child_id} on LADO referral {self.referral_id}"


# --- Private fostering -------------------------------------------------------------------------


class PrivateFostering(ChildRecord):
    """A child under 16 (18 if disabled) cared for 28 days or more by someone who is not a
    parent, a person with parental responsibility or a close relative (Children Act 1989 s66),
    notified to the local authority (Children (Private Arrangements for Fostering) Regulations
    2005). The arrangement is deemed to begin when the authority becomes aware of it (reg 8(6))."""

    class Notifier(models.TextChoices):
        CARER = "carer", "The private foster carer"
        PARENT = "parent", "A parent or person with parental responsibility"
        SCHOOL = "school", "A school"
        HEALTH = "health", "Health services"
        OTHER_AGENCY = "other_agency", "Another agency"
        OTHER = "other", "Someone else"

    class Assessment(models.TextChoices):
        SUITABLE = "suitable", "Suitable"
        REQUIREMENTS = "requirements", "Suitable with requirements (s70 requirements imposed)"
        UNSUITABLE = "unsuitable", "Not suitable (arrangement prohibited)"

    class EndReason(models.TextChoices):
        RETURNED_HOME = "returned_home", "Returned to a parent"
        AGE = "age", "Reached 16 (18 if disabled)"
        LOOKED_AFTER = "looked_after", "Became looked after"
        MOVED_AWAY = "moved_away", "Moved to another local authority's area"
        PROHIBITED = "prohibited", "Arrangement prohibited"
        OTHER = "other", "Other"

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="private_fostering"
    )
    notified_date = models.DateField("Date the local authority was notified")
    start_date = models.DateField("Date the arrangement began (or will begin)")
    notifier = models.CharField("Who notified", max_length=14, choices=Notifier.choices)
    carer_name = models.CharField(
        "Private foster carer's name", max_length=100, validators=[validate_organisation_name]
    )
    carer_postcode = models.CharField(
        "Private foster carer's postcode",
        max_length=8,
        blank=True,
        validators=[validate_uk_postcode],
    )
    assessment_date = models.DateField("Suitability assessment completed", null=True, blank=True)
    assessment = models.CharField(max_length=14, choices=Assessment.choices, blank=True)
    end_date = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=14, choices=EndReason.choices, blank=True)

    class Meta:
        ordering = ["-notified_date", "-id"]
        constraints = [
            ends_after_start("private_fostering", start="notified_date"),
            one_open_per_child("private_fostering_one_open_per_child"),
        ]

    def __str__(self) -> str:
        return f"Private fostering notified {self.notified_date:%-d %b %Y}"


class PrivateFosteringVisit(ChildRecord):
    """A visit by an officer of the authority (reg 4/7: the first; reg 8: every 6 weeks in the
    first year, every 12 weeks after), speaking to the child alone unless inappropriate."""

    arrangement = models.ForeignKey(
        PrivateFostering, on_delete=models.CASCADE, related_name="visits"
    )
    date = models.DateField("Date of the visit")
    child_seen_alone = models.BooleanField("Child spoken to alone")
    notes = models.TextField("What was seen and discussed", max_length=LONG)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"Private fostering visit {self.date:%-d %b %Y}"


# --- Young carers ------------------------------------------------------------------------------


class YoungCarer(ChildRecord):
    """A child who provides or intends to provide care for another person (Children Act 1989
    s17ZA-17ZC, inserted by the Children and Families Act 2014 s96): identified, offered a young
    carer's needs assessment, and the support that follows."""

    class IdentifiedBy(models.TextChoices):
        SCHOOL = "school", "School or college"
        HEALTH = "health", "Health services"
        SOCIAL_CARE = "social_care", "Children's social care"
        ADULT_SERVICES = "adult_services", "Adult social care"
        FAMILY = "family", "The child or their family"
        OTHER = "other", "Someone else"

    class CaresFor(models.TextChoices):
        PARENT = "parent", "A parent"
        SIBLING = "sibling", "A brother or sister"
        GRANDPARENT = "grandparent", "A grandparent"
        OTHER = "other", "Someone else"

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="young_carer")
    identified_date = models.DateField("Date identified as a young carer")
    identified_by = models.CharField(max_length=14, choices=IdentifiedBy.choices)
    cares_for = models.CharField("Who they care for", max_length=12, choices=CaresFor.choices)
    caring_role = models.TextField("What the caring involves", max_length=LONG)
    assessment_date = models.DateField(
        "Young carer's needs assessment completed", null=True, blank=True
    )
    needs_identified = models.BooleanField("Support needs identified", null=True, blank=True)
    support = models.TextField("Support provided", max_length=LONG, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-identified_date", "-id"]
        constraints = [
            ends_after_start("young_carer", start="identified_date"),
            one_open_per_child("young_carer_one_open_per_child"),
        ]

    def __str__(self) -> str:
        return f"Young carer from {self.identified_date:%-d %b %Y}"


# --- Homeless 16 and 17 year olds ------------------------------------------------------------


class HomelessPresentation(ChildRecord):
    """A 16 or 17 year old who presents as homeless (or at risk), jointly assessed by children's
    services and housing (R (G) v Southwark [2009] UKHL 26; Prevention of homelessness and
    provision of accommodation for 16 and 17 year old young people, MHCLG/DfE 2018)."""

    class PresentedTo(models.TextChoices):
        HOUSING = "housing", "Housing services"
        CHILDRENS = "childrens", "Children's services"

    class Outcome(models.TextChoices):
        S20 = "s20", "Accommodated under section 20 (looked after)"
        HOUSING_ACT = "housing_act", "Supported under the Housing Act 1996 Part 7"
        RETURNED_HOME = "returned_home", "Returned home or to family"
        CHILD_IN_NEED = "child_in_need", "Supported at home as a child in need (s17)"
        OTHER = "other", "Other"

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="homeless_presentations"
    )
    presented_date = models.DateField("Date the young person presented")
    presented_to = models.CharField(max_length=10, choices=PresentedTo.choices)
    accommodated_that_night = models.BooleanField("Somewhere safe to stay that night")
    circumstances = models.TextField("Circumstances", max_length=LONG)
    joint_assessment_date = models.DateField(
        "Joint housing and children's services assessment completed", null=True, blank=True
    )
    outcome = models.CharField(max_length=14, choices=Outcome.choices, blank=True)
    outcome_date = models.DateField(null=True, blank=True)
    decision_notes = models.TextField("The decision and why", max_length=LONG, blank=True)

    class Meta:
        ordering = ["-presented_date", "-id"]
        constraints = [
            ends_after_start("homeless", start="presented_date", end="outcome_date"),
            one_open_per_child("homeless_one_open_per_child", end="outcome_date"),
        ]

    def __str__(self) -> str:
        return f"Presented as homeless {self.presented_date:%-d %b %Y}"
