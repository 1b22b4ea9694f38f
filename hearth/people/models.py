"""Children, their family and the professionals around them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from hearth.core import codes
from hearth.core.models import Record
from hearth.core.validators import validate_person_name, validate_uk_postcode


class Child(Record):
    la_child_id = models.CharField("LA child ID", max_length=20, unique=True)
    first_name = models.CharField(max_length=60, validators=[validate_person_name])
    last_name = models.CharField(max_length=60, validators=[validate_person_name])
    preferred_name = models.CharField(max_length=60, blank=True, validators=[validate_person_name])
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=codes.Sex.choices)
    ethnicity = models.CharField(max_length=4, choices=codes.Ethnicity.choices)
    upn = models.CharField("UPN", max_length=13, blank=True, db_index=True)
    former_upn = models.CharField("Former UPN", max_length=13, blank=True)
    upn_unknown_reason = models.CharField(
        "Reason UPN unknown", max_length=4, blank=True, choices=codes.UPNUnknownReason.choices
    )
    nhs_number = models.CharField("NHS number", max_length=10, blank=True, db_index=True)
    date_of_death = models.DateField(null=True, blank=True)
    uasc_from = models.DateField("UASC from", null=True, blank=True)
    uasc_until = models.DateField("UASC status ceased", null=True, blank=True)
    first_language = models.CharField(max_length=40, blank=True, default="English")
    religion = models.CharField(max_length=60, blank=True)
    restricted = models.BooleanField(
        default=False, help_text="Hidden from search and lists except for named people."
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_records",
        help_text="Set when this record was found to duplicate another and merged into it.",
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            models.Index(fields=["date_of_birth"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=False) | Q(expected_date_of_birth__isnull=False),
                name="child_has_birth_or_expected_date",
            ),
            models.CheckConstraint(
                condition=Q(date_of_death__isnull=True)
                | Q(date_of_birth__isnull=True)
                | Q(date_of_death__gte=F("date_of_birth")),
                name="child_death_not_before_birth",
            ),
            models.CheckConstraint(
                condition=Q(uasc_until__isnull=True) | Q(uasc_until__gte=F("uasc_from")),
                name="child_uasc_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None

    def clean(self) -> None:
        from hearth.people.upn import is_valid_upn

        errors = {}
        if self.date_of_birth is None and self.expected_date_of_birth is None:
            errors["date_of_birth"] = "Enter a date of birth or an expected date of birth."
        if self.date_of_death and self.date_of_birth and self.date_of_death < self.date_of_birth:
            errors["date_of_death"] = "Date of death must be on or after the date of birth."
        if self.upn and not is_valid_upn(self.upn):
            errors["upn"] = "Enter a valid UPN: 13 characters with a correct check letter."
        if self.former_upn and not is_valid_upn(self.former_upn):
            errors["former_upn"] = "Enter a valid former UPN."
        if self.uasc_until and not self.uasc_from:
            errors["uasc_until"] = "Enter when UASC status began before when it ceased."
        if errors:
            raise ValidationError(errors)


class ChildDisability(models.Model):
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="disabilities")
    code = models.CharField(max_length=4, choices=codes.Disability.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["child", "code"], name="child_disability_once")
        ]

    def __str__(self) -> str:
        return self.get_code_display()


class Address(Record):
    """Where the child lived, with dates: a postcode history (home postcode for returns)."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="addresses")
    line1 = models.CharField(max_length=100, blank=True)
    town = models.CharField(max_length=60, blank=True)
    postcode = models.CharField(max_length=8, validators=[validate_uk_postcode])
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["child", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="address_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.postcode


class FamilyMember(Record):
    """A relative or significant adult in the child's network."""

    class Relationship(models.TextChoices):
        MOTHER = "mother", "Mother"
        FATHER = "father", "Father"
        STEP_PARENT = "step_parent", "Step-parent"
        PARENTS_PARTNER = "partner", "Parent's partner"
        SIBLING = "sibling", "Sibling"
        HALF_SIBLING = "half_sibling", "Half-sibling"
        GRANDPARENT = "grandparent", "Grandparent"
        AUNT_UNCLE = "aunt_uncle", "Aunt or uncle"
        FAMILY_FRIEND = "friend", "Family friend"
        OTHER = "other", "Other"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="family")
    first_name = models.CharField(max_length=60, validators=[validate_person_name])
    last_name = models.CharField(max_length=60, validators=[validate_person_name])
    date_of_birth = models.DateField(null=True, blank=True)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    parental_responsibility = models.BooleanField(default=False)
    lives_with_child = models.BooleanField(default=False)
    related_child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    address = models.CharField(max_length=200, blank=True)
    end_date = models.DateField(
        "No longer involved from",
        null=True,
        blank=True,
        help_text="When they stopped being part of the child's network (the record is kept).",
    )

    class Meta:
        ordering = ["child", "relationship"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.get_relationship_display()})"


class Professional(Record):
    """A professional involved with the child (GP, teacher, health visitor, police, …)."""

    class Agency(models.TextChoices):
        SCHOOL = "school", "School"
        HEALTH = "health", "Health"
        GP = "gp", "GP"
        POLICE = "police", "Police"
        EARLY_YEARS = "early_years", "Early years"
        HOUSING = "housing", "Housing"
        YOUTH_JUSTICE = "youth_justice", "Youth justice"
        MENTAL_HEALTH = "camhs", "Child and adolescent mental health"
        VOLUNTARY = "voluntary", "Voluntary sector"
        CAFCASS = "cafcass", "Cafcass"
        OTHER = "other", "Other"

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="professionals")
    name = models.CharField(max_length=100, validators=[validate_person_name])
    role = models.CharField(max_length=100)
    agency = models.CharField(max_length=20, choices=Agency.choices)
    organisation = models.CharField(max_length=120, blank=True)
    phone = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["child", "agency"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="professional_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.role}"


class ChildMerge(models.Model):
    """Two records found to be the same child, merged: every record moved from `merged` to
    `survivor`, what moved and which identity details filled gaps kept here, the merged record
    archived (never deleted) and pointing at the survivor."""

    survivor = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="merges_in")
    merged = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="merges_out")
    reason = models.TextField(max_length=1000)
    merged_by = models.ForeignKey(
        "access.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField()
    moved = models.JSONField(default=dict, help_text="Model label -> number of records moved")
    filled = models.JSONField(default=dict, help_text="Identity field -> value taken")
    differences = models.JSONField(
        default=dict, help_text="Identity field -> [survivor's, merged record's] where they differ"
    )

    class Meta:
        ordering = ["-merged_at"]
        constraints = [
            models.UniqueConstraint(fields=["merged"], name="child_merged_once"),
            models.CheckConstraint(
                condition=~models.Q(survivor=models.F("merged")), name="child_merge_two_records"
            ),
        ]

    def __str__(self) -> str:
        return f"Merged {self.merged_id} into {self.survivor_id}"
