"""Service-wide views: health check and error pages."""

from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """Liveness: the process answers. (No database hit, so a load balancer never stampedes it.)"""
    return HttpResponse("ok", content_type="text/plain")
