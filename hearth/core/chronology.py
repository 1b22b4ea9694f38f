"""The chronology: one mechanism, built from the records themselves.

Each kind of record declares how it appears in a child's chronology (`register`); the
chronology is the union of those declarations, newest first. Nothing is copied into a second
table, so a corrected record corrects the chronology at once.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

from hearth.core.selectors import models_with_rows, records_of


class Kind:
    FRONT_DOOR = "front_door"
    EARLY_HELP = "early_help"
    REFERRAL = "referral"
    CHILD_PROTECTION = "child_protection"
    LOOKED_AFTER = "looked_after"
    HEALTH = "health"
    EDUCATION = "education"
    MISSING = "missing"
    COURT = "court"
    CARE_LEAVER = "care_leaver"
    VISIT = "visit"
    NOTE = "note"
    OVERSIGHT = "oversight"
    ALLOCATION = "allocation"
    SIGNIFICANT = "significant"
    SHARING = "sharing"

    LABELS = {
        FRONT_DOOR: "Front door",
        EARLY_HELP: "Early help",
        REFERRAL: "Referral and assessment",
        CHILD_PROTECTION: "Child protection",
        LOOKED_AFTER: "Looked after",
        HEALTH: "Health",
        EDUCATION: "Education",
        MISSING: "Missing and exploitation",
        COURT: "Court and adoption",
        CARE_LEAVER: "Leaving care",
        VISIT: "Visits",
        NOTE: "Case notes",
        OVERSIGHT: "Management oversight",
        ALLOCATION: "Allocation",
        SIGNIFICANT: "Significant events",
        SHARING: "Information sharing",
    }


@dataclass(frozen=True, order=True)
class Entry:
    sort_key: tuple = field(repr=False)
    date: dt.date
    kind: str
    title: str
    detail: str = ""
    source: str = ""
    # The record behind the entry (app_label.model_name and pk), so a page can link to it; a
    # struck-through entry is shown struck with its corrections as notes (`casework.corrections`).
    model: str = field(default="", compare=False)
    object_pk: int | None = field(default=None, compare=False)
    struck: bool = field(default=False, compare=False)
    notes: tuple[str, ...] = field(default=(), compare=False)
    # Who recorded the record, the workers it names as its author, worker or manager, and
    # whether a manager authorised it, as read with it (`recorded_by`): what deciding who may
    # correct the entry needs (`casework.corrections.authorship_of`), so it is not read again.
    recorded: tuple[int | None, frozenset[int], bool] | None = field(
        default=None, compare=False, repr=False
    )

    @property
    def key(self) -> str:
        """ "app_label.model:pk" of the record behind the entry ("" for a derived line)."""
        return f"{self.model}:{self.object_pk}" if self.model else ""

    @property
    def kind_label(self) -> str:
        return Kind.LABELS.get(self.kind, self.kind)


EventFn = Callable[[models.Model], Iterable[tuple[dt.date | dt.datetime | None, str, str]]]


@dataclass(frozen=True)
class Source:
    model: type[models.Model]
    kind: str
    events: EventFn
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()


_SOURCES: list[Source] = []


def register(
    model: type[models.Model],
    *,
    kind: str,
    events: EventFn,
    select_related: tuple[str, ...] = (),
    prefetch_related: tuple[str, ...] = (),
) -> None:
    """Declare how `model` appears in a chronology. `events(obj)` yields (when, title, detail)."""
    _SOURCES.append(Source(model, kind, events, select_related, prefetch_related))


def sources() -> list[Source]:
    return list(_SOURCES)


def _as_date(value: dt.date | dt.datetime) -> tuple[dt.date, tuple]:
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return local.date(), (local.date(), local.time())
    return value, (value, dt.time.max)


def chronology_for(*, child, kinds: Iterable[str] | None = None) -> list[Entry]:
    """Every significant event in the child's records, newest first, optionally by kind."""
    wanted = set(kinds) if kinds else None
    entries: list[Entry] = []
    chosen = [src for src in _SOURCES if wanted is None or src.kind in wanted]
    for src in with_rows_for(chosen, child_id=child.pk):
        qs = records_of(src.model, child=child)
        if src.select_related:
            qs = qs.select_related(*src.select_related)
        if src.prefetch_related:
            qs = qs.prefetch_related(*src.prefetch_related)
        entries.extend(_entries(src, qs))
    if wanted is None or Kind.SIGNIFICANT in wanted:
        entries.extend(_birth(child))
    entries.sort(reverse=True)
    return entries


def with_rows_for(chosen: list[Source], *, child_id: int) -> list[Source]:
    """Those of ``chosen`` whose table holds any row of the child's (`models_with_rows`: one
    query, where reading each source is a query of its own)."""
    if len(chosen) < 2:
        return chosen
    present = models_with_rows([src.model for src in chosen], child_ids=[child_id])
    return [src for src in chosen if src.model in present]


def _birth(child) -> Iterator[Entry]:
    """A child first known before birth: the birth is an event on the same record."""
    born, expected = child.date_of_birth, child.expected_date_of_birth
    if born is None or expected is None:
        return
    yield Entry(
        sort_key=(born, dt.time.min, "Born"),
        date=born,
        kind=Kind.SIGNIFICANT,
        title="Born",
        detail=f"Known before birth; the expected date of birth was {expected:%-d %b %Y}",
        source=f"child #{child.pk}",
    )


def entries_of(obj: models.Model) -> list[Entry]:
    """The chronology entries of one record (archived or not), as its source declares them."""
    for src in _SOURCES:
        if src.model is type(obj):
            return list(_entries(src, [obj]))
    return []


def source_for(model: type[models.Model]) -> Source | None:
    return next((src for src in _SOURCES if src.model is model), None)


# The fields by which a record names the workers who wrote it (`casework.corrections`: its
# authors may correct it).
NAMED_WORKERS = ("author", "worker", "manager")


@functools.cache
def _field_names(model: type[models.Model]) -> frozenset[str]:
    return frozenset(f.name for f in model._meta.concrete_fields)


def recorded_by(obj: models.Model) -> tuple[int | None, frozenset[int], bool]:
    """(the user who recorded ``obj``, the workers it names as author, worker or manager,
    whether a manager authorised it), from the row as read."""
    names = _field_names(type(obj))
    named = {getattr(obj, f"{name}_id") for name in NAMED_WORKERS if name in names}
    named.discard(None)
    authorised = "authorised_date" in names and obj.authorised_date is not None
    return getattr(obj, "recorded_by_id", None), frozenset(named), authorised


def _entries(src: Source, objects: Iterable[models.Model]) -> Iterator[Entry]:
    label = src.model._meta.verbose_name
    for obj in objects:
        recorded = recorded_by(obj)
        for when, title, detail in src.events(obj):
            if when is None:
                continue
            day, key = _as_date(when)
            yield Entry(
                sort_key=(*key, title),
                date=day,
                kind=src.kind,
                title=title,
                detail=detail,
                source=f"{label} #{obj.pk}",
                model=src.model._meta.label_lower,
                object_pk=obj.pk,
                recorded=recorded,
            )
