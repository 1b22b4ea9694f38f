"""Reads every app shares."""

from __future__ import annotations

from django.db import connections, models

from hearth.core.models import live


def records_of(model: type[models.Model], *, child) -> models.QuerySet:
    """One kind of a child's records as every page shows them: the child's own, without the
    archived ones (removed, or struck through as a correction: `casework.corrections`)."""
    qs = model._default_manager.filter(child=child)
    if hasattr(model, "archived_at"):
        qs = live(qs)
    return qs


def models_with_rows(models_: list[type[models.Model]], *, child_ids) -> set[type[models.Model]]:
    """Those of ``models_`` (each with a ``child`` foreign key) holding any row, archived ones
    too, of any of ``child_ids``: one query of an index probe per table. A page about a child
    reads each kind of record with a query of its own, while most children have a few of the
    forty-odd kinds; asking first saves the rest."""
    ids = sorted({int(i) for i in child_ids})
    if not ids or not models_:
        return set()
    connection = connections["default"]
    qn = connection.ops.quote_name
    marks = ", ".join(["%s"] * len(ids))
    probes = " UNION ALL ".join(
        f"SELECT {i} WHERE EXISTS (SELECT 1 FROM {qn(m._meta.db_table)} "
        f"WHERE {qn(m._meta.get_field('child').column)} IN ({marks}))"
        for i, m in enumerate(models_)
    )
    with connection.cursor() as cursor:
        cursor.execute(probes, ids * len(models_))
        found = {row[0] for row in cursor.fetchall()}
    return {m for i, m in enumerate(models_) if i in found}
