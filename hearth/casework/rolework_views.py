"""The pages each role lands on (see `hearth.core.navigation.LANDING`): thin views over
`hearth.casework.rolework`, audited like every list of children."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hearth.access import audit
from hearth.access.models import AuditEntry, User
from hearth.casework import rolework
from hearth.people.forms import ChildSearchForm


def _only(request, *roles: str) -> None:
    if request.user.role not in roles:
        raise PermissionDenied


@require_GET
def iro_diary(request):
    _only(request, User.Role.IRO)
    diary = rolework.iro_diary(user=request.user)
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="My diary (reviews and conferences)",
        detail={"children": diary.children, "due": len(diary.upcoming)},
    )
    return render(
        request,
        "casework/iro_diary.html",
        {
            "diary": diary,
            "overdue": sum(1 for e in diary.upcoming if e.state == "overdue"),
            "has_worker": getattr(request.user, "worker", None) is not None,
            "search_form": ChildSearchForm(),
        },
    )


@require_GET
def care_leavers_mine(request):
    _only(request, User.Role.PERSONAL_ADVISER)
    rows = rolework.care_leavers_for(user=request.user)
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="My care leavers",
        detail={"children": len(rows)},
    )
    return render(
        request,
        "casework/care_leavers_mine.html",
        {
            "rows": rows,
            "overdue": sum(1 for r in rows if r.plan_state == "overdue"),
            "has_worker": getattr(request.user, "worker", None) is not None,
            "search_form": ChildSearchForm(),
        },
    )


@require_GET
def early_help_families(request):
    _only(request, User.Role.EARLY_HELP)
    rows = rolework.early_help_families(user=request.user)
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="My early help families",
        detail={"children": len(rows)},
    )
    return render(
        request,
        "casework/early_help_families.html",
        {
            "rows": rows,
            "has_worker": getattr(request.user, "worker", None) is not None,
            "search_form": ChildSearchForm(),
        },
    )
