"""What a child's pages read from the record, kept between requests and never stale.

A page takes a `Stamp` for the child first (one small query: the database's record epoch and the
child's version, see `hearth.core.record_version`), then asks for each part it needs. A part is
built by the ordinary selector on a miss and stored under the stamp, the part's name and the day,
so any write to the child's record - by any path - or to a worker, team or provider shown on it
makes the next request build afresh. Reading the stamp before the record means a stored part is
never older than its key.

Only what every user allowed to see the child would see is kept here: who may see the child
(`access_child`), which related children they may see and what they may do are decided on every
request, outside the cache. Parts are Python values, not HTML, so templates escape as usual.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.core.cache import caches

from hearth.core.record_version import versions, versions_of

T = TypeVar("T")
_MISSING = object()


@dataclass(frozen=True)
class Stamp:
    child_id: int
    epoch: int
    version: int

    def key(self, part: str, on: dt.date) -> str:
        return f"child:{self.child_id}:{self.epoch}:{self.version}:{on.isoformat()}:{part}"


def stamp(child_id: int) -> Stamp:
    """The child's stamp: read it before anything about the child (the child's own row too)."""
    epoch, version = versions(child_id)
    return Stamp(child_id, epoch, version)


def part(stamp: Stamp, name: str, *, on: dt.date, build: Callable[[], T]) -> T:
    """The named part of the child's record as of ``on``: cached, or built and kept."""
    return kept(stamp.key(name, on), build=build)


def kept(key: str, *, build: Callable[[], T]) -> T:
    """The value kept under ``key``, or ``build()`` kept there. The key must hold every version
    the value is read from (`hearth.core.record_version`), each read before ``build`` runs."""
    store = caches["records"]
    value = store.get(key, _MISSING)
    if value is _MISSING:
        value = build()
        store.set(key, value)
    return value


def stamps(child_ids) -> dict[int, Stamp]:
    """Stamps for many children (one query), read before their records, as `stamp`."""
    epoch, found = versions_of(child_ids)
    return {pk: Stamp(pk, epoch, version) for pk, version in found.items()}


def parts_of(
    stamps: dict[int, Stamp], name: str, *, on: dt.date, build: Callable[[list[int]], dict]
) -> dict:
    """The named part for many children: those kept, and the rest built together by
    ``build(child ids)`` (which returns child id -> part for each) and kept."""
    store = caches["records"]
    keys = {pk: stamp.key(name, on) for pk, stamp in stamps.items()}
    found = store.get_many(list(keys.values()))
    out = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in stamps if pk not in out]
    if missing:
        built = build(missing)
        store.set_many({keys[pk]: built[pk] for pk in missing})
        out.update({pk: built[pk] for pk in missing})
    return out


def digest(versions) -> str:
    """A short digest of (child id, version) pairs, for a key that holds many children's
    versions."""
    pairs = sorted(versions.items() if isinstance(versions, dict) else versions)
    return hashlib.sha256(repr(pairs).encode()).hexdigest()[:24]


def grouped(
    epoch: int,
    versions: dict[int, int],
    name: str,
    *,
    on: dt.date,
    build: Callable[[list[int]], dict],
    groups: int = 32,
) -> dict:
    """`parts_of` for many children at once (a team's thousand), kept in ``groups`` entries by
    child id rather than one each: an entry is keyed by its children's ids and versions (read
    before ``build`` runs), so a write to one child works out that child's group again, and a
    read costs ``groups`` entries, not one per child. Returns child id -> part for each child."""
    store = caches["records"]
    members: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pk, version in sorted(versions.items()):
        members[pk % groups].append((pk, version))
    keys = {}
    for group, held in members.items():
        keys[group] = f"group:{name}:{epoch}:{on.isoformat()}:{group}:{digest(held)}"
    found = store.get_many(list(keys.values()))
    out: dict = {}
    missing = []
    for group, key in keys.items():
        if key in found:
            out.update(found[key])
        else:
            missing.append(group)
    if missing:
        built = build([pk for group in missing for pk, _ in members[group]])
        store.set_many(
            {keys[group]: {pk: built[pk] for pk, _ in members[group]} for group in missing}
        )
        out.update(built)
    return out
