"""The audit log: every look at a child's record, every search, export and change.

Writing (`record`) is one INSERT with an HMAC of the row's content — no lock, no read of the
previous entry — so auditing every request never serialises requests. Sealing (`seal`) then
links unsealed entries into a hash chain in id order (chain_n = SHA-256(chain_{n-1} | id |
row_hash_n)); only one sealer runs at a time and it is triggered opportunistically after writes
and by `hearth audit seal`. `verify` recomputes every row hash and the whole chain and names
the first entry that was altered, deleted or inserted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from hearth.access.models import AuditEntry, AuditSeal

GENESIS = "0" * 64
SEAL_INTERVAL_SECONDS = 2.0
_last_seal = 0.0
_seal_lock = threading.Lock()


def _key() -> bytes:
    key = getattr(settings, "AUDIT_HMAC_KEY", "") or settings.SECRET_KEY
    return hashlib.sha256(("hearth-audit:" + key).encode()).digest()


def _canonical(entry: AuditEntry) -> bytes:
    at = entry.at
    if timezone.is_aware(at):
        at = at.astimezone(dt.UTC)
    payload = {
        "at": at.isoformat(timespec="microseconds"),
        "user": entry.user_id,
        "username": entry.username,
        "action": entry.action,
        "child": entry.child_id,
        "what": entry.what,
        "path": entry.path,
        "ip": entry.ip_address,
        "reason": entry.reason,
        "detail": entry.detail,
    }
    return json.dumps(
        payload, sort_keys=True, cls=DjangoJSONEncoder, separators=(",", ":")
    ).encode()


def row_hash(entry: AuditEntry) -> str:
    return hmac.new(_key(), _canonical(entry), hashlib.sha256).hexdigest()


def chain_step(previous: str, entry_id: int, entry_row_hash: str) -> str:
    return hashlib.sha256(f"{previous}|{entry_id}|{entry_row_hash}".encode()).hexdigest()


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def record(
    *,
    request=None,
    user=None,
    action: str,
    what: str,
    child=None,
    reason: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    user = user if user is not None else getattr(request, "user", None)
    authenticated = bool(user is not None and getattr(user, "is_authenticated", False))
    entry = AuditEntry(
        at=timezone.now(),
        user=user if authenticated else None,
        username=user.get_username() if authenticated else (detail or {}).get("username", ""),
        action=action,
        child=child,
        what=what[:200],
        path=(request.get_full_path()[:300] if request is not None else ""),
        ip_address=client_ip(request) if request is not None else None,
        reason=reason,
        detail=json.loads(json.dumps(detail or {}, cls=DjangoJSONEncoder)),
    )
    entry.row_hash = row_hash(entry)
    entry.save(force_insert=True)
    if request is not None:
        # The refusal middleware writes an entry for a 403/404 only when the view did not.
        request._hearth_audited = True
    transaction.on_commit(maybe_seal)
    return entry


def maybe_seal() -> None:
    """Seal if no seal ran in the last couple of seconds and nobody else is sealing."""
    global _last_seal
    now = time.monotonic()
    if now - _last_seal < SEAL_INTERVAL_SECONDS or not _seal_lock.acquire(blocking=False):
        return
    try:
        _last_seal = now
        seal(blocking=False)
    finally:
        _seal_lock.release()


def _try_lock() -> bool:
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_try_advisory_xact_lock(%s)", [0x4A0D17])
            return bool(cur.fetchone()[0])
    return True


def seal(*, blocking: bool = True, batch: int = 5000) -> int:
    """Chain every unsealed entry. Returns how many were sealed."""
    sealed = 0
    while True:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cur:
                    if blocking:
                        cur.execute("SELECT pg_advisory_xact_lock(%s)", [0x4A0D17])
                    elif not _try_lock():
                        return sealed
            head = AuditSeal.objects.order_by("-last_entry_id").first()
            previous = head.chain_hash if head else GENESIS
            last_id = head.last_entry_id if head else 0
            count = head.entries if head else 0
            pending = list(
                AuditEntry.objects.filter(id__gt=last_id, chain_hash="")
                .order_by("id")
                .values_list("id", "row_hash")[:batch]
            )
            if not pending:
                return sealed
            updates = []
            for entry_id, entry_row_hash in pending:
                previous = chain_step(previous, entry_id, entry_row_hash)
                updates.append(AuditEntry(id=entry_id, chain_hash=previous))
            AuditEntry.objects.bulk_update(updates, ["chain_hash"], batch_size=1000)
            AuditSeal.objects.create(
                sealed_at=timezone.now(),
                last_entry_id=pending[-1][0],
                chain_hash=previous,
                entries=count + len(pending),
            )
            sealed += len(pending)


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    problem: str = ""
    entry_id: int | None = None


def verify(*, chunk: int = 5000) -> VerifyResult:
    """Recompute every row hash and the chain; report the first entry that does not fit."""
    head = AuditSeal.objects.order_by("-last_entry_id").first()
    previous = GENESIS
    checked = 0
    chained = 0
    last_id = 0
    while True:
        rows = list(AuditEntry.objects.filter(id__gt=last_id).order_by("id")[:chunk])
        if not rows:
            break
        for entry in rows:
            checked += 1
            last_id = entry.id
            if not hmac.compare_digest(row_hash(entry), entry.row_hash):
                return VerifyResult(
                    False,
                    checked,
                    f"Entry #{entry.id} was altered or inserted: its content does not match its hash.",
                    entry.id,
                )
            if head is None or entry.id > head.last_entry_id:
                if entry.chain_hash:
                    return VerifyResult(
                        False,
                        checked,
                        f"Entry #{entry.id} claims a chain position past the last seal.",
                        entry.id,
                    )
                continue
            expected = chain_step(previous, entry.id, entry.row_hash)
            if entry.chain_hash != expected:
                return VerifyResult(
                    False,
                    checked,
                    f"The chain breaks at entry #{entry.id}: an entry before it was deleted or inserted, or it was re-chained.",
                    entry.id,
                )
            previous = expected
            chained += 1
    if head is not None and (chained != head.entries or previous != head.chain_hash):
        return VerifyResult(
            False,
            checked,
            f"Entries up to #{head.last_entry_id} were sealed ({head.entries}) but {chained} chain to the seal: entries at the end were deleted.",
            head.last_entry_id,
        )
    return VerifyResult(True, checked)
