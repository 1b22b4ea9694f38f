"""Pages of the access app that other apps' views show: the break-glass offer a practitioner
sees for an unrestricted child they are not working with."""

from __future__ import annotations

from django.shortcuts import render

from hearth.access import audit, services
from hearth.access.forms import BreakGlassForm
from hearth.access.models import AuditEntry


def break_glass_offer(request, child, *, form=None, status: int = 403):
    """The page a practitioner sees for an unrestricted child they are not working with."""
    if form is None:
        audit.record(
            request=request,
            action=AuditEntry.Action.REFUSED,
            what="Not working with this child: asked for a reason to open the record",
            child=child,
        )
    return render(
        request,
        "access/break_glass.html",
        {
            "child": child,
            "form": form or BreakGlassForm(),
            "hours": services.BREAK_GLASS_HOURS,
        },
        status=status,
    )
