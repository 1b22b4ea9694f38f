"""Statutory returns run as background jobs, and the register of Ofsted-registered providers.

``ReturnJob``: one export (CIN census, SSDA903 or Annex A) or validation run, queued from the
Returns page and run by the task in ``hearth.returns.jobs``; it carries its progress (0 to 100
and a message) so the page can show a progress bar, the path of the file it wrote, and the
validation summary (every rule with its status; failures with the LA child IDs and Hearth
child pks) that the report and data-quality pages read.

``Provider``: Ofsted's register of social care providers (URN, type, postcode, LA, dates),
loaded from Ofsted's list (``hearth returns_providers --load FILE.csv``) or built for the
synthetic LA, so the SSDA903 provider rules (1008, 219, 221, 224, 227, 228, 229) can run.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from hearth.core.validators import validate_no_formula, validate_uk_postcode


class ReturnJob(models.Model):
    class Kind(models.TextChoices):
        CIN = "cin", "CIN census"
        SSDA903 = "903", "SSDA903 (children looked after)"
        ANNEX_A = "annex-a", "Ofsted Annex A"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    year = models.CharField("Collection year", max_length=9, blank=True)
    as_of = models.DateField("As at", null=True, blank=True)
    validate_only = models.BooleanField(
        default=False, help_text="Run the rules without keeping a file to download."
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="return_jobs"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=200, blank=True)
    result_path = models.CharField(max_length=500, blank=True)
    result_name = models.CharField(max_length=120, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "status", "-finished_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_label} ({self.get_status_display()})"

    @property
    def period_label(self) -> str:
        if self.kind == self.Kind.ANNEX_A:
            return f"as at {self.as_of:%-d %b %Y}" if self.as_of else ""
        return self.year

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class Provider(models.Model):
    """One entry of Ofsted's register of social care providers."""

    class Source(models.TextChoices):
        OFSTED = "ofsted", "Ofsted's list"
        SYNTHETIC = "synthetic", "Synthetic register"

    urn = models.CharField("URN", max_length=8, unique=True)
    name = models.CharField(
        "Setting name", max_length=200, blank=True, validators=[validate_no_formula]
    )
    provider_type = models.CharField(max_length=100)
    postcode = models.CharField(max_length=10, blank=True, validators=[validate_uk_postcode])
    local_authority = models.CharField(max_length=100, blank=True)
    placement_codes = models.CharField(
        max_length=100, blank=True, help_text="SSDA903 placement types, comma-separated (K2,H5)."
    )
    provider_codes = models.CharField(
        max_length=50, blank=True, help_text="SSDA903 placement providers, comma-separated (PR4)."
    )
    registration_date = models.DateField(null=True, blank=True)
    deregistration_date = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.OFSTED)
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["urn"]

    def __str__(self) -> str:
        return f"{self.urn} {self.name}".strip()

    @property
    def is_childrens_home(self) -> bool:
        return "children's home" in self.provider_type.lower().replace("\u2019", "'")


class ImportBatch(models.Model):
    """One import of another system's return in quarantine mode: what came in, what was kept
    out for fixing (`QuarantinedRecord`), who ran it."""

    class Kind(models.TextChoices):
        CIN = "cin", "CIN census"
        SSDA903 = "903", "SSDA903"

    kind = models.CharField(max_length=3, choices=Kind.choices)
    source = models.CharField(max_length=255)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    children_in_file = models.PositiveIntegerField(default=0)
    children_imported = models.PositiveIntegerField(default=0)
    children_quarantined = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.source} ({self.started_at:%d %b %Y})"


class QuarantinedRecord(models.Model):
    """A child's rows from an imported return that broke a rule, kept out of the live record
    until fixed (a later import brings the child in cleanly) or accepted by a named person with
    a reason. ``raw`` holds the rows exactly as the file had them."""

    class Status(models.TextChoices):
        OPEN = "open", "Needs fixing"
        FIXED = "fixed", "Fixed"
        ACCEPTED = "accepted", "Accepted as it is"

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="records")
    la_child_id = models.CharField("LA child ID", max_length=20, db_index=True)
    child = models.ForeignKey(
        "people.Child", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.CharField(max_length=255)
    row = models.PositiveIntegerField(null=True, blank=True)
    column = models.CharField(max_length=60, blank=True)
    problem = models.CharField(max_length=300)
    raw = models.JSONField(default=dict)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["batch", "la_child_id", "file", "row"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open")
                | (models.Q(resolved_at__isnull=False) & ~models.Q(resolution="")),
                name="quarantine_resolved_with_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.la_child_id}: {self.problem}"
