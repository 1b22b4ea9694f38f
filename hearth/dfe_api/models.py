"""The DfE feed's submission log and what DfE last accepted for each child.

``Submission``: one POST of a batch (at most 100 children) to DfE's children's social care
API, or one file of a dry run: which run, which children (and which were purges), when, how
many attempts, the HTTP status and the response body. Analysts read it on the DfE API page.

``ChildState``: for each child DfE has accepted, the hash of the payload it accepted and the
payload itself. A run sends a child only when the new payload's hash differs (or ``--full``),
and compares the two payloads to find what must now be purged.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Submission(models.Model):
    class Status(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        FAILED = "failed", "Failed"
        DRY_RUN = "dry_run", "Dry run (written to a file)"

    run = models.UUIDField(db_index=True)
    mode = models.CharField(max_length=20)  # changes / full / since YYYY-MM-DD
    batch = models.PositiveIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    children = models.JSONField(default=list)  # LA child ids in the batch
    purged = models.JSONField(default=list)  # LA child ids whose whole record was purged
    response_body = models.TextField(blank=True)
    dry_run_file = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-sent_at", "-batch", "-id"]

    def __str__(self) -> str:
        return f"DfE API batch {self.batch} of run {self.run} ({self.get_status_display()})"

    @property
    def child_count(self) -> int:
        return len(self.children)


class ChildState(models.Model):
    la_child_id = models.CharField(max_length=20, unique=True)
    payload_hash = models.CharField(max_length=64)
    payload = models.JSONField(default=dict)
    purged = models.BooleanField(default=False)
    submission = models.ForeignKey(
        Submission, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.la_child_id} accepted {self.accepted_at:%Y-%m-%d %H:%M}"
