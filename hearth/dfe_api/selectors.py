"""Reads for the DfE feed's pages."""

from __future__ import annotations

from django.db.models import Count, Q

from hearth.dfe_api.models import ChildState, Submission


def submissions():
    return Submission.objects.all()


def summary() -> dict:
    held = ChildState.objects.aggregate(
        held=Count("pk", filter=Q(purged=False)), purged=Count("pk", filter=Q(purged=True))
    )
    last = Submission.objects.filter(status=Submission.Status.ACCEPTED).order_by("-sent_at").first()
    return {**held, "last_accepted": last.sent_at if last else None}
