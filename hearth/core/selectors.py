"""Reads every app shares."""

from __future__ import annotations

from django.db import models

from hearth.core.models import live


def records_of(model: type[models.Model], *, child) -> models.QuerySet:
    """One kind of a child's records as every page shows them: the child's own, without the
    archived ones (removed, or struck through as a correction: `casework.corrections`)."""
    qs = model._default_manager.filter(child=child)
    if hasattr(model, "archived_at"):
        qs = live(qs)
    return qs
