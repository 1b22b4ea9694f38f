"""The local authority this instance serves (the one ``Authority`` row): made from the
``HEARTH_LA_*`` settings at migrate time, so a fresh install checks returns against its own LA
from the start, and kept up to date by an administrator on the "Local authority" page."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from hearth.access import audit
from hearth.core.models import Authority

ONS_CODE = re.compile(r"^[ENSW]\d{8}$")
FIELDS = ("name", "ons_code", "dfe_number", "population_0_17", "region")


def current_authority() -> Authority | None:
    return Authority.objects.order_by("pk").first()


def _check(values: dict) -> None:
    errors = {}
    if not str(values.get("name") or "").strip():
        errors["name"] = "Enter the local authority's name"
    if not ONS_CODE.match(str(values.get("ons_code") or "")):
        errors["ons_code"] = "Enter the ONS code as a letter and 8 digits, like E06000031"
    number = values.get("dfe_number")
    if not isinstance(number, int) or not 100 <= number <= 999:
        errors["dfe_number"] = "Enter the DfE LA number as 3 digits, like 874"
    population = values.get("population_0_17")
    if not isinstance(population, int) or population < 0:
        errors["population_0_17"] = "Enter the number of children aged 0 to 17, like 50000"
    if errors:
        raise ValidationError(errors)


def authority_from_settings() -> Authority:
    """Create the authority from the ``HEARTH_LA_*`` settings, or bring the one held into line
    with them (a population or region only where the settings give one)."""
    values = {
        "name": settings.HEARTH_LA_NAME,
        "ons_code": settings.HEARTH_LA_ONS_CODE,
        "dfe_number": settings.HEARTH_LA_NUMBER,
        "population_0_17": settings.HEARTH_LA_POPULATION_0_17,
        "region": settings.HEARTH_LA_REGION,
    }
    _check(values)
    held = current_authority()
    if held is None:
        return Authority.objects.create(**values)
    changes = {
        k: v
        for k, v in values.items()
        if getattr(held, k) != v and (v or k not in ("population_0_17", "region"))
    }
    if changes:
        for k, v in changes.items():
            setattr(held, k, v)
        held.save(update_fields=list(changes))
    return held


def authority_update(*, acting_user, request=None, **values) -> Authority:
    """An administrator sets the authority's details; audited with before and after."""
    values = {k: values[k] for k in FIELDS}
    _check(values)
    with transaction.atomic():
        held = current_authority()
        before = {k: getattr(held, k) for k in FIELDS} if held else {}
        if held is None:
            held = Authority.objects.create(**values)
        else:
            for k, v in values.items():
                setattr(held, k, v)
            held.save()
        audit.record(
            request=request,
            user=acting_user,
            action="update" if before else "create",
            what=f"Local authority: {held}",
            detail={"before": before, "after": values},
        )
    return held


def ensure_authority(**kwargs) -> None:
    """``post_migrate`` (core app): make or update the authority from the settings. Test
    databases are left empty: each test makes the authority it needs."""
    if settings.TESTING:
        return
    authority_from_settings()
