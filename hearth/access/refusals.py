"""Refusals are audited and rate-limited, so probing is visible to the auditor and slow.

Every 403 or 404 a signed-in person gets writes an audit entry (naming the child when the path
is a child's record and the child exists) unless the view already audited the refusal (the
break-glass offer does). Refusals on children's records are counted per person per hour; past
``HEARTH_REFUSALS_PER_HOUR`` further child URLs answer 429 until the hour turns, so ids cannot
be walked to find who exists."""

from __future__ import annotations

import re
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from hearth.access import audit
from hearth.access.models import AuditEntry

CHILD_PATH = re.compile(r"^/(?:api/v1/)?children/(\d+)/")
REFUSED = (403, 404)


def _key(user_id: int) -> str:
    return f"hearth:refusals:{user_id}:{int(time.time() // 3600)}"


def refusals_this_hour(user) -> int:
    return int(cache.get(_key(user.pk), 0))


def count_refusal(user) -> None:
    key = _key(user.pk)
    cache.add(key, 0, timeout=3600)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)


def _child(match):
    from hearth.people.models import Child

    if match is None:
        return None
    pk = int(match.group(1))
    if pk > 2**31 - 1:
        return None
    return Child.objects.filter(pk=pk).first()


class RefusalAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        match = CHILD_PATH.match(request.path)
        if match and refusals_this_hour(user) >= settings.HEARTH_REFUSALS_PER_HOUR:
            audit.record(
                request=request,
                action=AuditEntry.Action.REFUSED,
                what="Held back: too many refused requests this hour",
                child=_child(match),
                detail={"status": 429},
            )
            response = render(request, "429.html", status=429)
            response["Retry-After"] = str(3600 - int(time.time()) % 3600)
            return response
        response = self.get_response(request)
        if response.status_code in REFUSED:
            if match:
                count_refusal(user)
            if not getattr(request, "_hearth_audited", False):
                audit.record(
                    request=request,
                    action=AuditEntry.Action.REFUSED,
                    what=f"Refused ({response.status_code})",
                    child=_child(match),
                    detail={"status": response.status_code},
                )
        return response
