"""Corporate parenting and safeguarding partnership reports: the figures of a period frozen when
the report is generated (from the indicator registry), and the director's commentary on each
section, kept as versions with who wrote them and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class PartnershipReport(models.Model):
    class Audience(models.TextChoices):
        CORPORATE_PARENTING = "corporate_parenting", "Corporate parenting panel"
        PARTNERSHIP = "partnership", "Safeguarding children partnership"

    audience = models.CharField(max_length=20, choices=Audience.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    # The figures as generated: sections of indicator rows, comparators and 12-month trends.
    figures = models.JSONField(default=dict)
    generated_at = models.DateTimeField()
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-period_end", "-generated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="partnership_report_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_audience_display()} report, {self.period_start:%-d %b %Y} to "
            f"{self.period_end:%-d %b %Y}"
        )


class ReportCommentary(models.Model):
    """One version of the director's commentary on one section. Never updated: a new version is
    a new row, and the report's version moves on with it."""

    report = models.ForeignKey(
        PartnershipReport, on_delete=models.CASCADE, related_name="commentary"
    )
    section = models.SlugField(max_length=40)
    text = models.TextField(max_length=6000)
    report_version = models.PositiveIntegerField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField()

    class Meta:
        ordering = ["report", "section", "-report_version"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "report_version"], name="commentary_one_per_report_version"
            )
        ]

    def __str__(self) -> str:
        return f"Commentary on {self.section} (report version {self.report_version})"
