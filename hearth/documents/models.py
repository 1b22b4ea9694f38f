"""Documents kept on a child's record: letters, reports, plans, court papers.

The file itself lives outside the database, under ``settings.HEARTH_DOCUMENTS_DIR``, named by a
random id (never by the name the user gave it) and only ever served through the download view,
which checks access like the record and audits each download."""

from __future__ import annotations

from django.db import models

from hearth.core.models import ChildRecord


class Document(ChildRecord):
    class Kind(models.TextChoices):
        LETTER = "letter", "Letter"
        REPORT = "report", "Report"
        ASSESSMENT = "assessment", "Assessment"
        PLAN = "plan", "Plan"
        MINUTES = "minutes", "Meeting minutes"
        COURT = "court", "Court document"
        CONSENT = "consent", "Consent or agreement"
        OTHER = "other", "Other"

    class Scan(models.TextChoices):
        CLEAN = "clean", "Checked for viruses: none found"
        NOT_SCANNED = "not_scanned", "Not checked for viruses (no scanner installed)"

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=120)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    document_date = models.DateField("Date of the document", null=True, blank=True)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    stored_name = models.CharField(max_length=100, unique=True)
    scan_status = models.CharField(max_length=12, choices=Scan.choices)
    scan_detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-recorded_at"]
        indexes = [models.Index(fields=["child", "recorded_at"])]

    def __str__(self) -> str:
        return self.title
