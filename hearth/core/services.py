"""The one write kernel for case records: create, update with optimistic concurrency, archive.

Every write validates (`full_clean`), writes its audit entry in the same transaction as the
record, and never hard-deletes. Each write names the person acting (`acting_user`, required);
commands and imports act as `system_user()`.

Two levels:
- `save_new`, `save_changes` and `write_audit` are the parts an action composes when it writes
  several records under one audit entry (`contact_record` writes a child and a contact);
- `record_create`, `record_update` and `record_archive` write one record with its own audit
  entry carrying the before and after values; `create_recorded` is `save_new` + one entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from hearth.access import audit
from hearth.access.models import AuditEntry, User

if TYPE_CHECKING:
    from hearth.people.models import Child

SYSTEM_USERNAME = "hearth-system"


class ConcurrentEditError(Exception):
    """Someone else saved this record after the editor opened it."""

    def __init__(self, instance: models.Model, current_version: int | None):
        self.instance = instance
        self.current_version = current_version
        super().__init__(
            f"{instance._meta.verbose_name.capitalize()} was changed by someone else while you were "
            "editing it. Your changes have not been saved: review the latest version and try again."
        )


def system_user() -> User:
    """The user that management commands and file imports act as: it cannot sign in (inactive,
    no usable password) and names "Hearth (system)" in the audit trail."""
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={
            "first_name": "Hearth",
            "last_name": "(system)",
            "is_active": False,
            "role": User.Role.ADMIN,
        },
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _child_of(instance: models.Model):
    if instance.__class__.__name__ == "Child":
        return instance
    return getattr(instance, "child", None)


def _snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    names = fields or [
        f.attname for f in instance._meta.concrete_fields if f.name not in {"updated_at", "version"}
    ]
    return {name: getattr(instance, name) for name in names}


# --- Parts an action composes ------------------------------------------------------------------


def save_new(instance: models.Model, *, acting_user: User) -> models.Model:
    """Validate and insert one record (no audit: the action writes one entry for everything)."""
    if hasattr(instance, "recorded_by_id"):
        instance.recorded_by = acting_user
    instance.full_clean()
    instance.save(force_insert=True)
    return instance


def save_changes(
    instance: models.Model, *, expected_version: int | None, changes: dict[str, Any]
) -> dict[str, Any]:
    """Apply `changes` if nobody has saved the record since `expected_version` was read (no
    check when it is None); return the values before.

    The version check and the write are one UPDATE … WHERE version = expected, so two editors
    racing cannot both succeed: the loser gets ConcurrentEditError and loses nothing silently."""
    model = type(instance)
    before = {name: getattr(instance, name) for name in changes}
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.full_clean()
    values = {
        model._meta.get_field(n).attname: getattr(instance, model._meta.get_field(n).attname)
        for n in changes
    }
    qs = model._default_manager.filter(pk=instance.pk)
    if expected_version is not None:
        qs = qs.filter(version=expected_version)
    updated = qs.update(**values, version=F("version") + 1, updated_at=timezone.now())
    if updated != 1:
        current = (
            model._default_manager.filter(pk=instance.pk).values_list("version", flat=True).first()
        )
        raise ConcurrentEditError(instance, current)
    instance.version = (expected_version or instance.version) + 1
    return before


def write_audit(
    *,
    acting_user: User,
    action: str,
    what: str,
    child: Child | None,
    records: Iterable[models.Model] = (),
    request=None,
    detail: dict[str, Any] | None = None,
) -> None:
    payload = {"records": [{"model": r._meta.label, "pk": r.pk} for r in records]}
    payload.update(detail or {})
    audit.record(
        request=request, user=acting_user, action=action, what=what, child=child, detail=payload
    )


def create_recorded(
    instance: models.Model, *, acting_user: User, what: str, child=None, request=None
) -> models.Model:
    """Save a new record and audit its creation (for the child, by default the record's own)."""
    save_new(instance, acting_user=acting_user)
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what=what,
        child=child if child is not None else instance.child,
        records=[instance],
        request=request,
    )
    return instance


# --- One record, one audit entry with before and after ----------------------------------------


@transaction.atomic
def record_create(*, instance: models.Model, acting_user: User, request=None) -> models.Model:
    save_new(instance, acting_user=acting_user)
    audit.record(
        request=request,
        user=acting_user,
        action=AuditEntry.Action.CREATE,
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
    acting_user: User,
    request=None,
) -> models.Model:
    """Apply `changes` if nobody has saved the record since `expected_version` was read."""
    before = save_changes(instance, expected_version=expected_version, changes=changes)
    audit.record(
        request=request,
        user=acting_user,
        action=AuditEntry.Action.UPDATE,
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
    *, instance: models.Model, reason: str, acting_user: User, request=None
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
        action=AuditEntry.Action.DELETE,
        what=f"Removed {instance._meta.verbose_name} #{instance.pk}",
        child=_child_of(instance),
        reason=reason,
        detail={"model": instance._meta.label, "pk": instance.pk, "before": _snapshot(instance)},
    )
    return instance
