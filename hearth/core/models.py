"""Shared building blocks: the authority Hearth serves and the base for every case record."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q


class Authority(models.Model):
    """The local authority this Hearth instance serves (one row)."""

    name = models.CharField(max_length=100)
    ons_code = models.CharField("ONS code", max_length=9)
    dfe_number = models.PositiveSmallIntegerField("DfE LA number")
    population_0_17 = models.PositiveIntegerField("Children aged 0 to 17")
    region = models.CharField(max_length=60, blank=True)

    class Meta:
        verbose_name_plural = "authorities"

    def __str__(self) -> str:
        return f"{self.name} ({self.dfe_number})"


class RecordQuerySet(models.QuerySet):
    """Queries every record shares. `open_on` and `overlapping` take the names of the record's
    start and end fields (`start_date`/`end_date` unless told)."""

    def live(self) -> RecordQuerySet:
        """Records nobody has removed (archived records stay only for audit and retention)."""
        return self.filter(archived_at__isnull=True)

    def open_on(
        self, day: dt.date, *, start: str = "start_date", end: str = "end_date"
    ) -> RecordQuerySet:
        """Records running on `day`: started on or before it and not ended by it. The end day
        itself is not included (a record ending on `day` is closed on `day`)."""
        return self.filter(**{f"{start}__lte": day}).filter(
            Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day})
        )

    def overlapping(
        self,
        start: dt.date,
        end: dt.date,
        *,
        begin: str = "start_date",
        finish: str = "end_date",
    ) -> RecordQuerySet:
        """Records running at some point in the closed interval [start, end]."""
        return self.filter(**{f"{begin}__lte": end}).filter(
            Q(**{f"{finish}__isnull": True}) | Q(**{f"{finish}__gte": start})
        )


def live(qs: models.QuerySet) -> models.QuerySet:
    """`qs.live()` for querysets whose class is not a RecordQuerySet (`.values()` on a related
    manager still is; a raw `QuerySet` built elsewhere may not be)."""
    return qs.filter(archived_at__isnull=True)


class Record(models.Model):
    """Base for case records: who typed it, when, and a version for optimistic concurrency.

    `recorded_at` is when it was typed; each concrete record carries its own dates for when it
    happened. Records are never hard-deleted by users: `archived_at` + `archived_reason`.
    """

    recorded_at = models.DateTimeField(auto_now_add=True, db_index=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    archived_at = models.DateTimeField(null=True, blank=True)
    archived_reason = models.CharField(max_length=200, blank=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True


def ends_after_start(
    prefix: str, start: str = "start_date", end: str = "end_date", *, name: str = ""
) -> models.CheckConstraint:
    """The end (if any) is not before the start."""
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": F(start)}),
        name=name or f"{prefix}_{end}_not_before_{start}",
    )


class ChildRecord(Record):
    """A record about one child. Every case record carries the child directly so that access
    rules, chronologies and returns can start from the child without joins through parents."""

    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True

    def _check_same_child(self, parent, field: str) -> None:
        if parent is not None and self.child_id and parent.child_id != self.child_id:
            raise ValidationError({field: "This belongs to a different child."})

    def _check_not_before_birth(self, day, field: str) -> None:
        child = self.child if self.child_id else None
        if child and day and child.date_of_birth and day < child.date_of_birth:
            raise ValidationError({field: "This date is before the child was born."})


class FormSubmission(models.Model):
    """A one-time token issued with each rendered create form and spent when it is saved.

    The unique token makes a second POST of the same rendered form (double click, back and
    resubmit, a retry on a slow line) find the first save instead of creating a duplicate."""

    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)
    next_url = models.CharField(max_length=300)

    def __str__(self) -> str:
        return f"Form saved at {self.saved_at:%Y-%m-%d %H:%M}"


def one_open_per_child(
    name: str, *, end: str = "end_date", per: tuple[str, ...] = (), message: str | None = None
) -> models.UniqueConstraint:
    """At most one live record per child (and per each field in `per`) with no `end`: the
    database refuses a second open one even when two saves race past the service's own check.
    `message` is what model validation (`full_clean`) says when it finds one already open."""
    return models.UniqueConstraint(
        fields=["child", *per],
        condition=Q(**{f"{end}__isnull": True}, archived_at__isnull=True),
        name=name,
        violation_error_message=message,
    )


class ChildVersion(models.Model):
    """How many writes a child's record has had: moved by database triggers on every table that
    holds part of a child's record (`hearth.core.record_version`), never by Django, so a cached
    view of the record is keyed on it and cannot outlive a write made by any path. No foreign
    key: a trigger may count a write for a child being deleted in the same statement."""

    child_id = models.BigIntegerField(primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"child {self.child_id}: version {self.value}"


class RecordEpoch(models.Model):
    """One row, moved by triggers on every table shown on children's pages that is not about one
    child (workers, teams, providers, families, carers...): part of every cached view's key. It
    starts at a random number, so a database rebuilt from empty never meets an old cache key."""

    value = models.BigIntegerField()

    def __str__(self) -> str:
        return f"record epoch {self.value}"
