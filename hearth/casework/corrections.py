"""Correcting an entry on a child's record: amend it, strike it through, or move it to the right
child, always with a reason, never silently.

Any practitioner-recorded entry (every model built on `ChildRecord` in casework and care, except
facts imported from returns) can be corrected by the person who recorded it or by a manager who
oversees the child (`can_oversee_child`: the team manager of the child's team, or a senior
leader). An authorised entry (an assessment signed off by a manager) only by a manager. Only a
manager moves an entry, and only to a child they may see.

Each correction writes a `Correction` row (the values before and after, the reason, who and
when) and an audit entry with the reason, in the same transaction as the change. Striking
through archives the entry (``archived_at``), which is how every return, indicator and list
leaves records out; the chronology still shows it, struck, with its reason (`annotate`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import BigIntegerField, BooleanField, ExpressionWrapper, F, Q, Value
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import dateformat, timezone

from hearth.access import audit
from hearth.access.models import AuditEntry
from hearth.access.selectors import can_oversee_child, children_visible_to
from hearth.casework.models import CaseNote, Correction, StatedHistory
from hearth.core import chronology
from hearth.core.models import ChildRecord
from hearth.core.services import save_changes
from hearth.people.models import Child

REASON_MAX_CHARS = 1000
# Fields a correction never changes: the record's bookkeeping, who it is about (a move does
# that), the draft/final state of a note, and a manager's sign-off (authorising is its own act).
NOT_AMENDABLE = {
    "id",
    "child",
    "recorded_at",
    "recorded_by",
    "updated_at",
    "version",
    "archived_at",
    "archived_reason",
    "status",
    "finalised_at",
    "authorised_date",
    "return_interview_recorded",
}
# Questions whose model name is terse: the words the record shows them under.
FIELD_LABELS = {
    "casework.visit.observations": "What was seen and done",
    "casework.managementoversight.decisions": "Decisions and actions",
}
# Models whose rows are not typed by a practitioner (facts stated in an imported return).
NOT_CORRECTABLE = {StatedHistory}


# --- What can be corrected ----------------------------------------------------------------------


def correctable_models() -> dict[str, type[models.Model]]:
    """label ("casework.visit") → model, for every entry a practitioner records on a child."""
    found = {}
    for app in ("casework", "care"):
        for model in apps.get_app_config(app).get_models():
            if issubclass(model, ChildRecord) and model not in NOT_CORRECTABLE:
                found[model._meta.label_lower] = model
    return found


def amendable_fields(model: type[models.Model]) -> list[models.Field]:
    """The answers a correction may change: plain values, not links to other records."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable
        and not f.is_relation
        and f.name not in NOT_AMENDABLE
        and not isinstance(f, models.JSONField)
    ]


def field_label(field: models.Field) -> str:
    label = str(field.verbose_name)
    default = label[0].upper() + label[1:]
    return FIELD_LABELS.get(f"{field.model._meta.label_lower}.{field.name}", default)


def access_entry(*, child: Child, model: str, pk: int) -> models.Model:
    """A live, final entry on this child's record (the child already fetched through
    `access_child`), or 404. A draft note is its author's to edit, not to correct."""
    model_class = correctable_models().get(model)
    if model_class is None:
        raise Http404("No such kind of entry")
    qs = model_class._default_manager.live().filter(pk=pk, child=child)
    if model_class is CaseNote:
        qs = qs.filter(status=CaseNote.Status.FINAL)
    entry = qs.first()
    if entry is None:
        raise Http404("No entry found")
    return entry


# --- Who may correct ----------------------------------------------------------------------------


def is_authorised(entry: models.Model) -> bool:
    """Signed off by a manager (and so part of a statutory return as authorised)."""
    return getattr(entry, "authorised_date", None) is not None


def is_author(*, user, entry: models.Model) -> bool:
    if entry.recorded_by_id is not None and entry.recorded_by_id == user.pk:
        return True
    worker = getattr(user, "worker", None)
    if worker is None:
        return False
    return any(
        getattr(entry, f"{name}_id", None) == worker.pk
        for name in chronology.NAMED_WORKERS
        if hasattr(entry, f"{name}_id")
    )


def is_manager_for(*, user, child: Child) -> bool:
    """The child's team manager or a senior leader, holding MANAGE for the child."""
    from hearth.access.permissions import MANAGE, may

    return can_oversee_child(user=user, child=child) and may(user, MANAGE, child=child)


def correction_refusal(*, user, entry: models.Model) -> str:
    """Why the user may not correct the entry, or "" if they may: a manager overseeing the
    child may correct any entry; its author (still working with the child) one that no manager
    has authorised."""
    from hearth.access.permissions import RECORD, may

    if is_manager_for(user=user, child=entry.child):
        return ""
    if is_authorised(entry):
        return "This entry was authorised by a manager: only a manager can correct it."
    if not is_author(user=user, entry=entry):
        return "Only the person who recorded this entry or a manager can correct it."
    if not may(user, RECORD, child=entry.child):
        return "You are no longer working with this child: ask their manager to correct it."
    return ""


def _correctable_wanted(entries) -> dict[str, set[int]]:
    known = correctable_models()
    wanted: dict[str, set[int]] = defaultdict(set)
    for e in entries:
        if e.model in known and not e.struck and e.object_pk is not None:
            wanted[e.model].add(e.object_pk)
    return wanted


def authorship_of(*, child: Child, entries) -> dict[str, tuple[frozenset, frozenset, bool]]:
    """Entry key -> (users who recorded it, workers named as its author/worker/manager, whether
    a manager authorised it), for the correctable entries: one query for every kind of entry.
    The same for every user, so a page may keep it with the chronology."""
    known = correctable_models()
    columns = tuple(f"{name}_id" for name in chronology.NAMED_WORKERS)
    wanted = _correctable_wanted(entries)
    # Entries read with their records carry who recorded them (`chronology.recorded_by`): only
    # the others are asked of the database.
    out = {}
    for e in entries:
        if e.recorded is not None and e.object_pk in wanted.get(e.model, ()):
            recorded_by, named, authorised = e.recorded
            out[e.key] = (frozenset({recorded_by}) - {None}, named, authorised)
            wanted[e.model].discard(e.object_pk)
    parts = []
    for label, pks in wanted.items():
        if not pks:
            continue
        model = known[label]
        names = {f.name for f in model._meta.concrete_fields}
        parts.append(
            model._default_manager.filter(pk__in=pks, child=child)
            .annotate(
                hearth_kind=Value(label),
                **{
                    f"hearth_{c}": F(c) if c[:-3] in names else Cast(Value(None), BigIntegerField())
                    for c in columns
                },
                hearth_authorised=(
                    ExpressionWrapper(Q(authorised_date__isnull=False), BooleanField())
                    if "authorised_date" in names
                    else Value(False)
                ),
            )
            .values_list(
                "hearth_kind",
                "pk",
                "recorded_by_id",
                *(f"hearth_{c}" for c in columns),
                "hearth_authorised",
            )
            .order_by()
        )
    if not parts:
        return out
    # Every kind in one query (UNION ALL), not one query per kind.
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    out.update(
        {
            f"{label}:{pk}": (
                frozenset({recorded_by}) - {None},
                frozenset(named) - {None},
                bool(authorised),
            )
            for label, pk, recorded_by, *named, authorised in rows
        }
    )
    return out


def correctable_keys(*, user, child: Child, entries, authorship=None) -> set[str]:
    """The chronology entries (`Entry.key`) the user may correct (as `correction_refusal`):
    all live ones for a manager overseeing the child, otherwise those they recorded that were
    not authorised. ``authorship``: `authorship_of` the child's entries, if already known."""
    from hearth.access.permissions import RECORD, may

    wanted = {f"{label}:{pk}" for label, pks in _correctable_wanted(entries).items() for pk in pks}
    if is_manager_for(user=user, child=child):
        return wanted
    if not may(user, RECORD, child=child):
        return set()
    if authorship is None:
        authorship = authorship_of(child=child, entries=entries)
    worker = getattr(user, "worker", None)
    worker_id = worker.pk if worker is not None else None
    return {
        key
        for key in wanted
        if key in authorship
        and not authorship[key][2]
        and (
            user.pk in authorship[key][0]
            or (worker_id is not None and worker_id in authorship[key][1])
        )
    }


def may_move(*, user, entry: models.Model) -> bool:
    return is_manager_for(user=user, child=entry.child)


# --- What stands in the way --------------------------------------------------------------------


def _is_child_record(model) -> bool:
    return isinstance(model, type) and issubclass(model, ChildRecord)


def dependants(entry: models.Model) -> list[str]:
    """Live records on the child's record that hang off this entry ("2 assessments")."""
    found = []
    for rel in entry._meta.related_objects:
        if not _is_child_record(rel.related_model) or rel.many_to_many:
            continue
        count = rel.related_model._default_manager.live().filter(**{rel.field.name: entry}).count()
        if count:
            meta = rel.related_model._meta
            name = meta.verbose_name if count == 1 else meta.verbose_name_plural
            found.append(f"{count} {name}")
    return found


def parents(entry: models.Model) -> list[str]:
    """Records on the same child that this entry belongs to (an assessment's referral)."""
    found = []
    for field in entry._meta.concrete_fields:
        if field.is_relation and field.name != "child" and _is_child_record(field.related_model):
            parent = getattr(entry, field.name)
            if parent is not None:
                found.append(f"{field.related_model._meta.verbose_name} ({parent})")
    return found


def tied_to_children(entry: models.Model) -> list[str]:
    """Rows outside the record that link this entry to children (a possible duplicate held
    for a contact). Rows that only hang off the entry (a contact's decision, an assessment's
    factors) carry no child and move with it."""
    found = []
    for rel in entry._meta.related_objects:
        model = rel.related_model
        if _is_child_record(model) or rel.many_to_many:
            continue
        links_children = any(
            f.is_relation and f.related_model is Child for f in model._meta.concrete_fields
        )
        count = model._default_manager.filter(**{rel.field.name: entry}).count()
        if links_children and count:
            meta = model._meta
            found.append(f"{count} {meta.verbose_name if count == 1 else meta.verbose_name_plural}")
    return found


def move_blockers(entry: models.Model) -> list[str]:
    """Plain-English reasons a move would leave the records inconsistent (empty: it can move)."""
    problems = []
    hanging = dependants(entry)
    if hanging:
        problems.append(
            f"Other entries on this record belong to it ({', '.join(hanging)}). They would be "
            "left behind on the wrong child. Move or strike through those entries first."
        )
    tied = tied_to_children(entry)
    if tied:
        problems.append(
            f"It is linked to other children's records ({', '.join(tied)}). Resolve that first."
        )
    above = parents(entry)
    if above:
        problems.append(
            f"It is part of another entry on this record: {', '.join(above)}. Move that entry, "
            "or strike this one through and record it again on the right child."
        )
    return problems


# --- Actions ----------------------------------------------------------------------------------


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason for the correction"})
    if len(reason) > REASON_MAX_CHARS:
        raise ValidationError(
            {"reason": f"The reason must be {REASON_MAX_CHARS} characters or fewer"}
        )
    return reason


def _check_may_correct(*, user, entry) -> None:
    refusal = correction_refusal(user=user, entry=entry)
    if refusal:
        raise PermissionDenied(refusal)


def display(field: models.Field, value: Any) -> str:
    """A value as a person reads it (the option's label, Yes/No, 28 Nov 2026)."""
    if value in (None, ""):
        return "Not recorded"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return dateformat.format(timezone.localtime(value), "j M Y, H:i")
    if isinstance(value, dt.date):
        return dateformat.format(value, "j M Y")
    return str(value)


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _correction(*, entry, kind: str, child: Child, reason: str, acting_user, **extra) -> Correction:
    correction = Correction(
        content_type=ContentType.objects.get_for_model(type(entry)),
        object_id=entry.pk,
        child=child,
        kind=kind,
        reason=reason,
        entry_label=str(entry)[:200],
        corrected_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        corrected_at=timezone.now(),
        **extra,
    )
    correction.full_clean()
    correction.save(force_insert=True)
    return correction


def _audit(*, request, acting_user, what: str, child, reason: str, entry, correction) -> None:
    audit.record(
        request=request,
        user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what=what,
        child=child,
        reason=reason,
        detail={
            "records": [
                {"model": entry._meta.label, "pk": entry.pk},
                {"model": correction._meta.label, "pk": correction.pk},
            ],
            "correction": correction.kind,
            "fields": sorted(correction.changes),
        },
    )


@transaction.atomic
def entry_amend(
    *,
    entry: models.Model,
    changes: dict[str, Any],
    reason: str,
    expected_version: int,
    acting_user,
    request=None,
) -> Correction:
    """Change some answers of an entry, keeping the values before in the correction."""
    _check_may_correct(user=acting_user, entry=entry)
    reason = _reason(reason)
    allowed = {f.name: f for f in amendable_fields(type(entry))}
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"These answers cannot be corrected: {sorted(unknown)}")
    changes = {k: v for k, v in changes.items() if getattr(entry, k) != v}
    if not changes:
        raise ValidationError(
            "Change at least one answer, or strike the entry through if it should not be there."
        )
    before = save_changes(entry, expected_version=expected_version, changes=changes)
    recorded = {
        name: {
            "label": field_label(allowed[name]),
            "before": display(allowed[name], before[name]),
            "after": display(allowed[name], value),
            "before_value": _jsonable(before[name]),
            "after_value": _jsonable(value),
        }
        for name, value in changes.items()
    }
    correction = _correction(
        entry=entry,
        kind=Correction.Kind.AMEND,
        child=entry.child,
        reason=reason,
        acting_user=acting_user,
        changes=recorded,
    )
    _audit(
        request=request,
        acting_user=acting_user,
        what=f"Corrected an entry: {correction.entry_label}",
        child=entry.child,
        reason=reason,
        entry=entry,
        correction=correction,
    )
    return correction


@transaction.atomic
def entry_strike(
    *, entry: models.Model, reason: str, expected_version: int, acting_user, request=None
) -> Correction:
    """Strike an entry through: it stays in the history, struck, and leaves every count."""
    _check_may_correct(user=acting_user, entry=entry)
    reason = _reason(reason)
    hanging = dependants(entry)
    if hanging:
        raise ValidationError(
            f"Other entries belong to this one ({', '.join(hanging)}). Strike those through "
            "first, so that nothing is left pointing at a struck entry."
        )
    save_changes(
        entry,
        expected_version=expected_version,
        changes={
            "archived_at": timezone.now(),
            "archived_reason": f"Struck through: {reason}"[:200],
        },
    )
    correction = _correction(
        entry=entry,
        kind=Correction.Kind.STRIKE,
        child=entry.child,
        reason=reason,
        acting_user=acting_user,
    )
    _audit(
        request=request,
        acting_user=acting_user,
        what=f"Struck through an entry: {correction.entry_label}",
        child=entry.child,
        reason=reason,
        entry=entry,
        correction=correction,
    )
    return correction


@transaction.atomic
def entry_move(
    *,
    entry: models.Model,
    to_child: Child,
    reason: str,
    expected_version: int,
    acting_user,
    request=None,
) -> Correction:
    """Move an entry recorded on the wrong child to the right child's record (managers)."""
    if not may_move(user=acting_user, entry=entry):
        raise PermissionDenied("Only a manager who oversees this child can move an entry.")
    if not children_visible_to(user=acting_user).filter(pk=to_child.pk).exists():
        raise PermissionDenied("You can only move an entry to a child whose record you can see.")
    reason = _reason(reason)
    from_child = entry.child
    if to_child.pk == from_child.pk:
        raise ValidationError({"child": "The entry is already on this child's record"})
    problems = move_blockers(entry)
    if problems:
        raise ValidationError(["This entry cannot be moved.", *problems])
    save_changes(entry, expected_version=expected_version, changes={"child": to_child})
    correction = _correction(
        entry=entry,
        kind=Correction.Kind.MOVE,
        child=from_child,
        moved_to=to_child,
        reason=reason,
        acting_user=acting_user,
    )
    for child, what in (
        (from_child, "Moved an entry to another child's record"),
        (to_child, "Moved an entry to this record from another child's"),
    ):
        _audit(
            request=request,
            acting_user=acting_user,
            what=f"{what}: {correction.entry_label}",
            child=child,
            reason=reason,
            entry=entry,
            correction=correction,
        )
    return correction


# --- Reads ------------------------------------------------------------------------------------


def history_of(entry: models.Model) -> list[Correction]:
    """Every correction of the entry, oldest first."""
    return list(
        Correction.objects.filter(
            content_type=ContentType.objects.get_for_model(type(entry)), object_id=entry.pk
        ).select_related("corrected_by")
    )


def _by(correction: Correction) -> str:
    user = correction.corrected_by
    who = (user.get_full_name() or user.get_username()) if user else "the system"
    return f"on {dateformat.format(timezone.localtime(correction.corrected_at), 'j M Y')} by {who}"


def note_for(correction: Correction, *, child: Child) -> str:
    """How a correction reads beside the entry on `child`'s record (never naming the other
    child of a move)."""
    by = _by(correction)
    if correction.kind == Correction.Kind.AMEND:
        changed = "; ".join(
            f"{c['label']} was {c['before']}, now {c['after']}" for c in correction.changes.values()
        )
        return f"Corrected {by}: {correction.reason}" + (f" ({changed})" if changed else "")
    if correction.kind == Correction.Kind.STRIKE:
        return f"Struck through {by}: {correction.reason}"
    if correction.moved_to_id == child.pk:
        return f"Moved from another record {by}: {correction.reason}"
    return f"Moved to another record {by}: {correction.reason}"


def with_corrections(*, child: Child, model: type[models.Model], live: list) -> list:
    """A record page's list of `model` entries (``live``) with the struck-through ones added
    back, each carrying ``corrections`` (the notes to show beside it) and ``struck``."""
    content_type = ContentType.objects.get_for_model(model)
    rows = Correction.objects.filter(content_type=content_type).filter(
        Q(child=child) | Q(moved_to=child)
    )
    lines: dict[int, list[str]] = defaultdict(list)
    struck_ids = set()
    for c in rows.select_related("corrected_by"):
        if c.kind == Correction.Kind.MOVE and c.child_id == child.pk:
            continue  # moved away: no longer on this record
        lines[c.object_id].append(note_for(c, child=child))
        if c.kind == Correction.Kind.STRIKE:
            struck_ids.add(c.object_id)
    struck = list(
        model._default_manager.filter(child=child, pk__in=struck_ids, archived_at__isnull=False)
    )
    for obj in live:
        obj.corrections, obj.struck = lines.get(obj.pk, []), False
    for obj in struck:
        obj.corrections, obj.struck = lines.get(obj.pk, []), True
    return [*live, *struck]


def annotate(entries: list[chronology.Entry], *, child: Child) -> list[chronology.Entry]:
    """The chronology with its corrections: notes beside corrected entries, struck entries shown
    struck, and a line where an entry was moved away. Newest first, as `chronology_for`."""
    rows = list(
        Correction.objects.filter(Q(child=child) | Q(moved_to=child)).select_related(
            "content_type", "corrected_by"
        )
    )
    moved_in = [(c.content_type_id, c.object_id) for c in rows if c.moved_to_id == child.pk]
    if moved_in:
        earlier = Q()
        for ct, pk in moved_in:
            earlier |= Q(content_type_id=ct, object_id=pk)
        seen = {c.pk for c in rows}
        rows += [
            c
            for c in Correction.objects.filter(earlier).select_related(
                "content_type", "corrected_by"
            )
            if c.pk not in seen
        ]
    rows.sort(key=lambda c: (c.corrected_at, c.pk))
    notes: dict[tuple[str, int], list[str]] = defaultdict(list)
    struck: list[Correction] = []
    extra: list[chronology.Entry] = []
    for c in rows:
        key = (f"{c.content_type.app_label}.{c.content_type.model}", c.object_id)
        moved_away = c.kind == Correction.Kind.MOVE and c.child_id == child.pk
        if moved_away:
            extra.append(_moved_away_entry(c, child=child))
            continue
        notes[key].append(note_for(c, child=child))
        if c.kind == Correction.Kind.STRIKE and c.child_id == child.pk:
            struck.append(c)
    out = []
    for e in entries:
        key = (e.model, e.object_pk)
        out.append(_with_notes(e, notes.get(key, ())) if key in notes else e)
    for obj in _struck_records(struck, child=child):
        for e in chronology.entries_of(obj):
            out.append(_with_notes(e, notes[(e.model, e.object_pk)], struck=True))
    out.extend(extra)
    out.sort(reverse=True)
    return out


def _struck_records(struck: list[Correction], *, child: Child) -> list[models.Model]:
    """The struck-through records still on the child's record, one query per kind."""
    by_type: dict = defaultdict(set)
    for c in struck:
        by_type[c.content_type].add(c.object_id)
    found = []
    for content_type, pks in by_type.items():
        model = content_type.model_class()
        source = chronology.source_for(model)
        qs = model._default_manager.filter(pk__in=pks, child=child, archived_at__isnull=False)
        if source is not None and source.select_related:
            qs = qs.select_related(*source.select_related)
        if source is not None and source.prefetch_related:
            qs = qs.prefetch_related(*source.prefetch_related)
        found.extend(qs)
    return found


def _with_notes(entry: chronology.Entry, notes, *, struck: bool = False) -> chronology.Entry:
    from dataclasses import replace

    return replace(entry, notes=tuple(notes), struck=struck or entry.struck)


def _moved_away_entry(c: Correction, *, child: Child) -> chronology.Entry:
    model = c.content_type.model_class()
    source = chronology.source_for(model) if model else None
    local = timezone.localtime(c.corrected_at)
    title = "An entry was moved to another record"
    return chronology.Entry(
        sort_key=(local.date(), local.time(), title),
        date=local.date(),
        kind=source.kind if source else chronology.Kind.SIGNIFICANT,
        title=title,
        detail=f"{c.entry_label} was recorded on this record by mistake.",
        source=f"correction #{c.pk}",
        notes=(note_for(c, child=child),),
    )
