"""Importing years of legacy returns that break rules: the quarantine mode.

The default import is all or nothing. A migration of an LA's history instead needs every child
whose rows are sound imported, and every child whose rows break a rule kept in a "needs fixing"
queue (`QuarantinedRecord`) with the file, row and column and the problem in plain words, until
the rows are fixed (a later import brings the child in cleanly) or accepted by a named person
with a reason. Nothing from a quarantined child enters the live record.

Problems with a whole file (missing columns, not UTF-8, a broken XML header) still refuse the
file: there is no child to keep apart. A FormerUPN problem is a query for DfE, never a refusal.
"""

from __future__ import annotations

import csv
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from hearth.access.models import User
from hearth.returns.importers.common import (
    ImportFailed,
    ImportResult,
    Issue,
    split_queries,
)

_ENDS = re.compile(r"(?P<model>[a-z]+)_(?P<end>[a-z_]+)_not_before_(?P<start>[a-z_]+)")
_ENDS_SHORT = re.compile(r"(?P<model>[a-z]+)_ends_after_start")
_ONE_OPEN = re.compile(r"one_open_(?P<thing>[a-z_]+)")
_UNIQUE = re.compile(r"UNIQUE constraint failed|duplicate key value violates unique constraint")


def plain_words(message: str) -> str:
    """A database constraint's name turned into what a person would say."""
    if m := _ONE_OPEN.search(message):
        thing = m["thing"].replace("_per_kind", "").replace("_", " ")
        return (
            f"a {thing} starts while the previous one is still open "
            "(an episode starts before the previous one ends)"
        )
    if m := _ENDS.search(message):
        return (
            f"{m['model']}: the {m['end'].replace('_', ' ')} is before the "
            f"{m['start'].replace('_', ' ')}"
        )
    if m := _ENDS_SHORT.search(message):
        return f"{m['model']}: it ends before it starts"
    if _UNIQUE.search(message):
        return "the same record twice (two rows with the same key, or one already held)"
    return message[:300]


@dataclass
class QuarantineResult:
    result: ImportResult
    batch: object
    quarantined: dict[str, list[Issue]] = field(default_factory=dict)
    queries: list[Issue] = field(default_factory=list)


def _record(*, kind: str, source: str, acting_user, children_in_file: int, imported: set[str],
            quarantined: dict[str, list[Issue]], raw: dict[str, dict]):  # fmt: skip
    from hearth.people.models import Child
    from hearth.returns.models import ImportBatch, QuarantinedRecord

    batch = ImportBatch.objects.create(
        kind=kind,
        source=source[:255],
        started_by=acting_user,
        children_in_file=children_in_file,
        children_imported=len(imported),
        children_quarantined=len(quarantined),
    )
    held = dict(
        Child.objects.filter(la_child_id__in=list(quarantined) + list(imported)).values_list(
            "la_child_id", "pk"
        )
    )
    QuarantinedRecord.objects.bulk_create(
        QuarantinedRecord(
            batch=batch,
            la_child_id=la_id[:20],
            child_id=held.get(la_id),
            file=issue.file[:255],
            row=issue.row,
            column=issue.column[:60],
            problem=plain_words(issue.message),
            raw=raw.get(la_id, {}),
        )
        for la_id, issues in quarantined.items()
        for issue in issues
    )
    # A child that came in cleanly now fixes what an earlier batch held back.
    now = timezone.now()
    QuarantinedRecord.objects.filter(
        la_child_id__in=imported, status=QuarantinedRecord.Status.OPEN
    ).exclude(batch=batch).update(
        status=QuarantinedRecord.Status.FIXED,
        resolved_at=now,
        resolution=f"Imported cleanly from {source[:200]}",
        child_id=None,
    )
    for la_id, pk in held.items():
        QuarantinedRecord.objects.filter(la_child_id=la_id, child__isnull=True).update(child_id=pk)
    from hearth.access import audit

    audit.record(
        user=acting_user,
        action="create",
        what=f"Imported {kind.upper()} {source[:120]} with quarantine",
        detail={
            "batch": batch.pk,
            "imported": len(imported),
            "quarantined": len(quarantined),
        },
    )
    return batch


# --- SSDA903 ----------------------------------------------------------------------------------


def _903_lines(directory: Path) -> dict[str, tuple[list[str], list[list[str]]]]:
    """Each CSV's header and raw rows (as the file has them), for the queue and for finding the
    child a problem belongs to."""
    out = {}
    for path in sorted(p for p in directory.iterdir() if p.suffix.lower() == ".csv"):
        try:
            text = path.read_bytes().decode("utf-8-sig")
            rows = list(csv.reader(text.splitlines()))
        except (UnicodeDecodeError, csv.Error):
            continue
        if rows:
            out[path.name] = ([h.strip() for h in rows[0]], rows)
    return out


def _903_child_of(lines, issue: Issue) -> str | None:
    header, rows = lines.get(issue.file, ([], []))
    if issue.row is None or issue.row < 2 or "CHILD" not in header or issue.row > len(rows):
        return None
    values = rows[issue.row - 1]
    index = header.index("CHILD")
    return values[index].strip() if index < len(values) else None


def import_903_quarantine(directory, *, acting_user: User, year: str | None = None):
    """Import an SSDA903 return, keeping each child whose rows break a rule out of the record
    and in the queue. Returns a `QuarantineResult`."""
    from hearth.returns.importers import ssda903 as imp

    started = time.perf_counter()
    directory = Path(directory)
    tables, issues = imp.read_903(directory)
    issues, queries = split_queries(issues)
    issues += imp.header_conflicts(tables)
    lines = _903_lines(directory)
    quarantined: dict[str, list[Issue]] = defaultdict(list)
    whole_file = []
    for issue in issues:
        child = _903_child_of(lines, issue)
        (quarantined[child] if child else whole_file).append(issue)
    if whole_file:
        raise ImportFailed(whole_file)
    everyone = {r.get("CHILD") for rows in tables.values() for r in rows if r.get("CHILD")}
    year = year or imp._infer_year(tables)
    # Each child is written in its own savepoint (as the CIN import does): a child whose rows
    # break a rule when written is rolled back and queued while the others go on, in one pass.
    by_child: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for name, rows in tables.items():
        for row in rows:
            by_child[row.get("CHILD")][name].append(row)
    result = ImportResult()
    with transaction.atomic():
        for la_id in sorted(everyone - set(quarantined)):
            mine = ImportResult()
            where: list = [None, "", ""]
            try:
                with transaction.atomic():
                    imp._Writer(
                        {name: by_child[la_id].get(name, []) for name in tables}, year, mine, where
                    ).run()
            except (IntegrityError, ValidationError, DatabaseError) as exc:
                message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                quarantined[la_id].append(Issue(where[0] or "", where[1], where[2], message[:300]))
                continue
            for counts in ("created", "updated", "unchanged"):
                getattr(result, counts).update(getattr(mine, counts))
    raw: dict[str, dict] = defaultdict(dict)
    for name, (header, rows) in lines.items():
        if "CHILD" not in header:
            continue
        index = header.index("CHILD")
        for n, values in enumerate(rows[1:], start=2):
            la_id = values[index].strip() if len(values) > index else None
            if la_id in quarantined:
                raw[la_id].setdefault(name, []).append(
                    {"line": n, **dict(zip(header, values, strict=False))}
                )
    imported = everyone - set(quarantined)
    with transaction.atomic():
        batch = _record(
            kind="903",
            source=directory.name,
            acting_user=acting_user,
            children_in_file=len(everyone | set(quarantined)),
            imported=imported,
            quarantined=quarantined,
            raw=raw,
        )
    result.notices += [str(q) + " (a query for DfE, not refused)" for q in queries]
    result.seconds = time.perf_counter() - started
    return QuarantineResult(result, batch, dict(quarantined), queries)


# --- CIN ----------------------------------------------------------------------------------------


def import_cin_quarantine(path, *, acting_user: User):
    """Import a CIN census file, each child in its own savepoint: a child whose elements break a
    rule (when read or when written) is kept out and queued. Returns a `QuarantineResult`."""
    from lxml import etree

    from hearth.returns.importers import cin as imp

    started = time.perf_counter()
    path = Path(path)
    _header, children, issues = imp.read_cin(path)
    issues, queries = split_queries(issues)
    issues += imp.child_conflicts(path.name, [c for c in children if c.la_child_id])
    starts = sorted((c.line, c.la_child_id) for c in children)
    quarantined: dict[str, list[Issue]] = defaultdict(list)
    whole_file = []
    for issue in issues:
        owner = None
        for line, la_id in starts:
            if issue.row is not None and line <= issue.row:
                owner = la_id
        (quarantined[owner] if owner else whole_file).append(issue)
    if whole_file or (issues and not children):
        raise ImportFailed(whole_file or issues)
    result = ImportResult()
    with transaction.atomic():
        caches = imp._preload([c.la_child_id for c in children if c.la_child_id not in quarantined])
        for row in children:
            if row.la_child_id in quarantined:
                continue
            where = [row.line, "Child"]
            try:
                with transaction.atomic():
                    imp._write_child(result, row, where, caches, source=path.name)
            except (IntegrityError, ValidationError, DatabaseError) as exc:
                message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                quarantined[row.la_child_id].append(
                    Issue(path.name, where[0], where[1], message[:300])
                )
                caches = imp._preload(
                    [c.la_child_id for c in children if c.la_child_id not in quarantined]
                )
    raw = {}
    if quarantined:
        root = etree.parse(str(path)).getroot()
        for element in root.iter("{*}Child", "Child"):
            ids = [e.text for e in element.iter("{*}LAchildID", "LAchildID")]
            if ids and ids[0] in quarantined:
                raw[ids[0]] = {
                    "line": element.sourceline,
                    "xml": etree.tostring(element, encoding="unicode")[:20_000],
                }
    everyone = {c.la_child_id for c in children}
    with transaction.atomic():
        batch = _record(
            kind="cin",
            source=path.name,
            acting_user=acting_user,
            children_in_file=len(everyone),
            imported=everyone - set(quarantined),
            quarantined=quarantined,
            raw=raw,
        )
    result.notices += [str(q) + " (a query for DfE, not refused)" for q in queries]
    result.seconds = time.perf_counter() - started
    return QuarantineResult(result, batch, dict(quarantined), queries)


def quarantined_resolve(*, record, status: str, reason: str, acting_user: User, request=None):
    """A named person marks a queued child's problem fixed or accepts it as it is, with a
    reason. Accepting does not import the rows: it records that the LA has decided to keep them
    out of the live record as they are."""
    from hearth.access import audit
    from hearth.returns.models import QuarantinedRecord

    reason = " ".join(reason.split())
    if len(reason) < 10:
        raise ValidationError({"reason": "Give the reason in at least 10 characters"})
    if status not in (QuarantinedRecord.Status.FIXED, QuarantinedRecord.Status.ACCEPTED):
        raise ValidationError({"status": "Choose fixed or accepted"})
    if record.status != QuarantinedRecord.Status.OPEN:
        raise ValidationError("This problem has already been resolved")
    with transaction.atomic():
        record.status = status
        record.resolved_by = acting_user
        record.resolved_at = timezone.now()
        record.resolution = reason[:300]
        record.save(update_fields=["status", "resolved_by", "resolved_at", "resolution"])
        audit.record(
            request=request,
            user=acting_user,
            action="update",
            what=f"Quarantined import row {record.get_status_display().lower()}",
            child=record.child,
            reason=record.resolution,
            detail={"record": record.pk, "la_child_id": record.la_child_id},
        )
    return record
