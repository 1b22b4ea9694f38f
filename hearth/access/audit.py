"""Writing the audit log. Every look at a child's record goes through `record`."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from hearth.access.models import AuditEntry


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def record(
    *,
    request=None,
    user=None,
    action: str,
    what: str,
    child=None,
    reason: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    user = user if user is not None else getattr(request, "user", None)
    authenticated = bool(user is not None and getattr(user, "is_authenticated", False))
    return AuditEntry.objects.create(
        at=timezone.now(),
        user=user if authenticated else None,
        username=user.get_username() if authenticated else (detail or {}).get("username", ""),
        action=action,
        child=child,
        what=what[:200],
        path=(request.get_full_path()[:300] if request is not None else ""),
        ip_address=client_ip(request) if request is not None else None,
        reason=reason,
        detail=detail or {},
    )
