"""Generic writes for case records: create, update with optimistic concurrency, archive.

Every write validates (`full_clean`), writes its audit entry with before/after values in the
same transaction, and never hard-deletes. Domain services (`assessment_authorise`, …) build on
these so the rules about concurrency and audit live in one place.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from hearth.access import audit


class ConcurrentEditError(Exception):
    """Someone else saved this record after the editor opened it."""

    def __init__(self, instance: models.Model, current_version: int | None):
        self.instance = instance
        self.current_version = current_version
        super().__init__(
            f"{instance._meta.verbose_name.capitalize()} was changed by someone else while you were "
            "editing it. Your changes have not been saved: review the latest version and try again."
        )


def _child_of(instance: models.Model):
    if instance.__class__.__name__ == "Child":
        return instance
    return getattr(instance, "child", None)


def _snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    names = fields or [
        f.attname for f in instance._meta.concrete_fields if f.name not in {"updated_at", "version"}
    ]
    return {name: getattr(instance, name) for name in names}


@transaction.atomic
def record_create(*, instance: models.Model, acting_user, request=None) -> models.Model:
    if hasattr(instance, "recorded_by_id") and acting_user is not None:
        instance.recorded_by = acting_user
    instance.full_clean()
    instance.save(force_insert=True)
    audit.record(
        request=request,
        user=acting_user,
        action="create",
        what=f"Created {instance._meta.verbose_name} #{instance.pk}",
        child=_child_of(instance),
        detail={"model": instance._meta.label, "pk": instance.pk, "after": _snapshot(instance)},
    )
    return instance


@transaction.atomic
def record_update(
    *,
    instance: models.Model,
    expected_version: int,
    changes: dict[str, Any],
    acting_user,
    request=None,
) -> models.Model:
    """Apply `changes` if nobody has saved the record since `expected_version` was read.

    The version check and the write are one UPDATE … WHERE version = expected, so two editors
    racing cannot both succeed: the loser gets ConcurrentEditError and loses nothing silently."""
    model = type(instance)
    before = _snapshot(instance, list(changes))
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.full_clean()
    attnames = [model._meta.get_field(name).attname for name in changes]
    values = {attname: getattr(instance, attname) for attname in attnames}
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    if updated != 1:
        current = (
            model._default_manager.filter(pk=instance.pk).values_list("version", flat=True).first()
        )
        raise ConcurrentEditError(instance, current)
    instance.version = expected_version + 1
    audit.record(
        request=request,
        user=acting_user,
        action="update",
        what=f"Updated {instance._meta.verbose_name} #{instance.pk}",
        child=_child_of(instance),
        detail={
            "model": instance._meta.label,
            "pk": instance.pk,
            "before": before,
            "after": _snapshot(instance, list(changes)),
        },
    )
    return instance


@transaction.atomic
def record_archive(
    *, instance: models.Model, reason: str, acting_user, request=None
) -> models.Model:
    """Soft-delete: the record leaves every list and chronology but stays for audit and retention."""
    if not reason.strip():
        raise ValueError("A reason is needed to remove a record.")
    model = type(instance)
    now = timezone.now()
    model._default_manager.filter(pk=instance.pk).update(
        archived_at=now, archived_reason=reason[:200], version=F("version") + 1
    )
    instance.archived_at, instance.archived_reason = now, reason[:200]
    audit.record(
        request=request,
        user=acting_user,
        action="delete",
        what=f"Removed {instance._meta.verbose_name} #{instance.pk}",
        child=_child_of(instance),
        reason=reason,
        detail={"model": instance._meta.label, "pk": instance.pk, "before": _snapshot(instance)},
    )
    return instance
