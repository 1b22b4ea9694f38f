"""The education of children in care: where each child is educated (a timeline that also says
when a child is missing education or electively home educated), personal education plans (with
attendance, attainment and SEN provision as the virtual school collects them each term) and
suspensions and permanent exclusions.

None of this is in the SSDA903 (DfE matches looked-after children to the school census and
exclusions data by UPN); it is what the virtual school head reports to the corporate parenting
board, and what inspectors ask about."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from hearth.core.models import ChildRecord, ends_after_start, one_open_per_child
from hearth.core.validators import validate_organisation_name


class EducationSetting(ChildRecord):
    class Kind(models.TextChoices):
        SCHOOL = "school", "On a school roll"
        ALTERNATIVE = "alternative", "Alternative provision"
        EHE = "ehe", "Electively home educated"
        CME = "cme", "Missing education (no school place or suitable education)"

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="education_settings"
    )
    kind = models.CharField("Where the child is educated", max_length=12, choices=Kind.choices)
    school_name = models.CharField(
        "School or provider", max_length=120, blank=True, validators=[validate_organisation_name]
    )
    school_urn = models.CharField("School URN", max_length=6, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["child", "start_date"])]
        constraints = [
            ends_after_start("educationsetting"),
            one_open_per_child("one_open_education_setting"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.start_date:%-d %b %Y}"

    def clean(self) -> None:
        self._check_not_before_birth(self.start_date, "start_date")
        if self.kind in (self.Kind.SCHOOL, self.Kind.ALTERNATIVE) and not self.school_name:
            raise ValidationError({"school_name": "Enter the school or provider."})
        if self.school_urn and not (self.school_urn.isdigit() and len(self.school_urn) == 6):
            raise ValidationError({"school_urn": "A school URN is 6 digits."})


class SenProvision(models.TextChoices):
    """School census SEN provision codes."""

    NONE = "N", "No special educational need"
    SUPPORT = "K", "SEN support"
    EHCP = "E", "Education, health and care plan"


class PersonalEducationPlan(ChildRecord):
    class Quality(models.TextChoices):
        GOOD = "good", "Good or better"
        REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
        INADEQUATE = "inadequate", "Inadequate"

    class Attainment(models.TextChoices):
        ABOVE = "above", "Working above the expected level"
        EXPECTED = "expected", "Working at the expected level"
        BELOW = "below", "Working below the expected level"
        UNKNOWN = "unknown", "Not known"

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="education_plans"
    )
    date = models.DateField("Date of the PEP meeting")
    quality = models.CharField(
        "Quality rating (virtual school)", max_length=22, choices=Quality.choices
    )
    attendance_percent = models.DecimalField(
        "Attendance this term (%)", max_digits=4, decimal_places=1, null=True, blank=True
    )
    attainment = models.CharField(max_length=10, choices=Attainment.choices)
    sen_provision = models.CharField("SEN provision", max_length=1, choices=SenProvision.choices)
    targets = models.TextField("Targets", max_length=4000)

    class Meta:
        ordering = ["-date"]
        verbose_name = "personal education plan"
        indexes = [models.Index(fields=["child", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(attendance_percent__isnull=True)
                | Q(attendance_percent__gte=0, attendance_percent__lte=100),
                name="pep_attendance_0_100",
            )
        ]

    def __str__(self) -> str:
        return f"Personal education plan {self.date:%-d %b %Y}"

    def clean(self) -> None:
        self._check_not_before_birth(self.date, "date")


class Exclusion(ChildRecord):
    class Kind(models.TextChoices):
        SUSPENSION = "suspension", "Suspension (fixed-period exclusion)"
        PERMANENT = "permanent", "Permanent exclusion"

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="exclusions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    start_date = models.DateField()
    days = models.PositiveSmallIntegerField("School days", null=True, blank=True)
    school_name = models.CharField(
        "School", max_length=120, blank=True, validators=[validate_organisation_name]
    )

    class Meta:
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["child", "start_date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start_date:%-d %b %Y}"

    def clean(self) -> None:
        self._check_not_before_birth(self.start_date, "start_date")
        if self.kind == self.Kind.SUSPENSION and not self.days:
            raise ValidationError({"days": "Enter how many school days the suspension lasts."})
