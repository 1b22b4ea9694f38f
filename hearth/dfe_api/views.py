"""The DfE API feed's submission log, for the people who prepare returns (analysts and senior
leaders, as the Returns exports): every batch sent or written, newest first, with its HTTP
status and DfE's response. Children are named by LA child id only; every view is audited."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hearth.access import audit, permissions
from hearth.access.models import AuditEntry
from hearth.dfe_api import client, selectors

PER_PAGE = 50


@require_GET
def submission_log(request):
    if not permissions.may_prepare_returns(request.user):
        raise PermissionDenied("Statutory returns are prepared by analysts and leaders.")
    page = Paginator(selectors.submissions(), PER_PAGE).get_page(request.GET.get("page"))
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="DfE API submission log",
        detail={"page": page.number},
    )
    return render(
        request,
        "dfe_api/log.html",
        {
            "page": page,
            "summary": selectors.summary(),
            "endpoint": client.endpoint() if settings.DFE_API_BASE_URL else "",
        },
    )
