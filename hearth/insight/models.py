"""Inspection readiness: the ILACS register, statistical neighbours and the self-assessment.

* ``InspectionOutcome`` -- one Ofsted inspection of one LA's children's services (ILACS since
  2018, the single inspection framework before): the four judgements, the date (or only the year
  when the source gives no date) and where the judgement was published. Loaded from CSV by
  ``hearth insight_ilacs --load FILE``; Hearth never invents a judgement.
* ``StatisticalNeighbour`` -- the LAs this LA compares itself with (DfE's statistical neighbour
  list, set by ``hearth insight_ilacs --neighbours``).
* ``SelfAssessmentEntry`` -- a strength or an area for improvement, linked to the indicators
  (registry keys) that evidence it; ``Action`` -- an action plan step with owner, due date,
  status and evidence; ``ActionUpdate`` -- every change to an action, kept as its progress
  history. All writes go through ``hearth.insight.services`` and are audited.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models


class Grade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement to be good"
    INADEQUATE = "inadequate", "Inadequate"


GRADE_ORDER = {
    Grade.OUTSTANDING: 1,
    Grade.GOOD: 2,
    Grade.REQUIRES_IMPROVEMENT: 3,
    Grade.INADEQUATE: 4,
}


class InspectionOutcome(models.Model):
    class Framework(models.TextChoices):
        ILACS = "ILACS", "ILACS (inspection of local authority children's services)"
        SIF = "SIF", "SIF (single inspection framework)"

    la_code = models.CharField("DfE LA number", max_length=3, blank=True)
    la_name = models.CharField("Local authority", max_length=100)
    inspection_date = models.DateField(null=True, blank=True)
    inspection_year = models.PositiveSmallIntegerField()
    framework = models.CharField(max_length=5, choices=Framework.choices)
    impact_of_leaders = models.CharField(
        "Impact of leaders on social work practice", max_length=20, choices=Grade.choices
    )
    help_and_protection = models.CharField(
        "Experiences and progress of children who need help and protection",
        max_length=20,
        choices=Grade.choices,
    )
    children_in_care = models.CharField(
        "Experiences and progress of children in care and care leavers",
        max_length=20,
        choices=Grade.choices,
    )
    overall_effectiveness = models.CharField(
        "Overall effectiveness", max_length=20, choices=Grade.choices
    )
    source = models.CharField(max_length=300)
    notes = models.CharField(max_length=300, blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    JUDGEMENTS = (
        "impact_of_leaders",
        "help_and_protection",
        "children_in_care",
        "overall_effectiveness",
    )

    class Meta:
        ordering = ["la_name", "-inspection_year", "-inspection_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["la_name", "inspection_year", "framework"],
                name="insight_outcome_one_per_la_year_framework",
            )
        ]

    def __str__(self) -> str:
        return f"{self.la_name} {self.when} ({self.framework})"

    @property
    def when(self) -> str:
        if self.inspection_date:
            return f"{self.inspection_date:%-d %b %Y}"
        return str(self.inspection_year)

    @property
    def sort_date(self) -> dt.date:
        return self.inspection_date or dt.date(self.inspection_year, 1, 1)


class StatisticalNeighbour(models.Model):
    """One of this LA's statistical neighbours, matched to the register by LA number when both
    have one, otherwise by name."""

    position = models.PositiveSmallIntegerField()
    la_code = models.CharField("DfE LA number", max_length=3, blank=True)
    la_name = models.CharField("Local authority", max_length=100)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.la_name


class SelfAssessmentEntry(models.Model):
    class Kind(models.TextChoices):
        STRENGTH = "strength", "Strength"
        IMPROVEMENT = "improvement", "Area for improvement"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    title = models.CharField(max_length=200)
    narrative = models.TextField(blank=True)
    indicators = models.JSONField(default=list, blank=True)  # registry keys
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name_plural = "self-assessment entries"

    def __str__(self) -> str:
        return self.title


class Action(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        BLOCKED = "blocked", "Blocked"
        COMPLETE = "complete", "Complete"

    entry = models.ForeignKey(SelfAssessmentEntry, on_delete=models.PROTECT, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    evidence = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.description

    def is_overdue(self, *, today: dt.date) -> bool:
        return self.status != self.Status.COMPLETE and self.due_date < today


class ActionUpdate(models.Model):
    """One change to an action: what its status, due date and evidence became, and why."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=Action.Status.choices)
    due_date = models.DateField()
    progress = models.TextField()
    evidence = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} at {self.at:%d %b %Y %H:%M}: {self.get_status_display()}"
