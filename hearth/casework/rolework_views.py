"""The pages each role lands on (see `hearth.core.navigation.LANDING`): thin views over
`hearth.casework.rolework`, audited like every list of children."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from hearth.access import audit
from hearth.access.models import AuditEntry, User
from hearth.access.selectors import managed_team_ids
from hearth.casework import clocks, rolework, worklist
from hearth.people import selectors as people
from hearth.people.forms import ChildSearchForm
from hearth.workforce.models import Worker


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


@require_GET
def worker_caseload(request, worker_pk: int):
    """A worker's caseload and what is due on it, for their manager (or a senior leader)."""
    worker = get_object_or_404(Worker.objects.select_related("team"), pk=worker_pk)
    if request.user.role != User.Role.SENIOR_LEADER and worker.team_id not in managed_team_ids(
        user=request.user
    ):
        raise PermissionDenied("Only the worker's manager sees their caseload.")
    children = list(people.worker_caseload(worker=worker, user=request.user))
    now = timezone.now()
    items = worklist.due_items(children=children, now=now)
    next_due = {}
    for item in items:
        next_due.setdefault(item.child.pk, (item, clocks.TAGS[item.state(now=now)]))
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what=f"Caseload of {worker.full_name}",
        detail={"worker": worker.pk, "children": len(children)},
    )
    return render(
        request,
        "casework/worker_caseload.html",
        {
            "worker": worker,
            "rows": [{"child": c, "next": next_due.get(c.pk)} for c in children],
            "overdue": sum(1 for i in items if i.state(now=now) == "overdue"),
        },
    )
