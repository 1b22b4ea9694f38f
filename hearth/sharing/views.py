"""Information sharing: a child's decisions (list and record) and the authority's log. Thin views
over the sharing services and selectors; every page is audited."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from hearth.access import audit
from hearth.access.models import AuditEntry, User
from hearth.access.permissions import OVERSIGHT_LOG_ROLES
from hearth.access.selectors import access_child, children_visible_to
from hearth.core.child_pages import child_context, child_form
from hearth.sharing import selectors, services
from hearth.sharing.forms import PeriodForm, SharingDecisionForm

R = User.Role
"""Who reads the authority's log: managers and leaders (the children they may see, in full) and
the information-governance auditor (every decision, identified by LA child ID, no free text)."""


@require_GET
def child_sharing(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    decisions = list(selectors.decisions_for(child=child))
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="Child record: information sharing",
        child=child,
        detail={"decisions": len(decisions)},
    )
    context = child_context(request, child, section="sharing")
    context["decisions"] = decisions
    return render(request, "sharing/child_sharing.html", context)


def sharing_add(request, pk: int):
    child = access_child(user=request.user, pk=pk)
    return child_form(
        request,
        child,
        form_class=SharingDecisionForm,
        title="Record information sharing",
        intro=(
            "Record every disclosure to a partner and every decision not to share, with the "
            "reason. Sharing to keep a child safe is a duty (Children Act 2004 s16LA): "
            "data protection is not a reason not to share."
        ),
        initial={"date": timezone.localdate()},
        save=lambda f: services.sharing_decision_record(
            child=child, acting_user=request.user, request=request, **f.cleaned_data
        ),
        success="Information-sharing decision recorded",
        next_url=reverse("child_sharing", args=[child.pk]),
    )


@require_GET
def sharing_log(request):
    if request.user.role not in OVERSIGHT_LOG_ROLES:
        raise PermissionDenied("The information-sharing log is for managers and the IG auditor.")
    today = timezone.localdate()
    default = {"start": today - dt.timedelta(days=90), "end": today}
    form = PeriodForm(
        request.GET if "start_0" in request.GET else None,
        initial=default,
    )
    period = default
    if form.is_bound and form.is_valid():
        period = {"start": form.cleaned_data["start"], "end": form.cleaned_data["end"]}
    identified_only = request.user.role == R.AUDITOR
    children = None if identified_only else children_visible_to(user=request.user)
    scope = children if children is not None else _all_children()
    rows = list(selectors.sharing_log(children=scope, **period)[:500])
    counts = selectors.sharing_counts(children=children, **period)
    audit.record(
        request=request,
        action=AuditEntry.Action.VIEW,
        what="Information-sharing log",
        detail={
            "start": period["start"].isoformat(),
            "end": period["end"].isoformat(),
            "rows": len(rows),
        },
    )
    return render(
        request,
        "sharing/log.html",
        {
            "form": form,
            "rows": rows,
            "counts": counts,
            "period": period,
            "identified_only": identified_only,
        },
    )


def _all_children():
    from hearth.people.models import Child

    return Child.objects.all()
