"""The audit log: every look at a child's record, every search, export and change.

Writing (`record`) is one INSERT with an HMAC of the row's content — no lock, no read of the
previous entry — so auditing every request never serialises requests. Sealing (`seal`) then
links unsealed entries into a hash chain in id order (chain_n = SHA-256(chain_{n-1} | id |
row_hash_n)); only one sealer runs at a time and it is triggered opportunistically after writes
and by `hearth audit seal`. `verify` recomputes every row hash and the whole chain and names
the first entry that was altered, deleted or inserted.

Three further defences (docs/security.md):
- Row hashes are keyed by `AUDIT_HMAC_KEYS` (current first, then previous keys), not by
  SECRET_KEY; each row and seal stores the id of the key it was made with, so rotating the key
  never breaks verification of older entries.
- The database refuses UPDATE, DELETE and TRUNCATE on the audit tables (triggers installed by
  migration 0006); the one update allowed is sealing an unsealed entry.
- Each seal's head (last entry, count, chain hash, key id) is appended to a write-once anchor
  file (`AUDIT_ANCHOR_FILE`) and logged to `hearth.audit.anchor`, outside the database, so
  `verify` detects a log truncated or wiped together with its seals.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from hearth.access.models import AuditEntry, AuditSeal

GENESIS = "0" * 64
SEAL_INTERVAL_SECONDS = 2.0
LEGACY_KEY_ID = "legacy"
"""Entries written before AUDIT_HMAC_KEYS existed were keyed with SECRET_KEY under this id."""
MAINTENANCE_SETTING = "hearth.audit_maintenance"
_last_seal = 0.0
_seal_lock = threading.Lock()
anchor_log = logging.getLogger("hearth.audit.anchor")


class UnknownAuditKey(Exception):
    def __init__(self, key_id: str):
        self.key_id = key_id
        super().__init__(key_id)


def keyring() -> dict[str, str]:
    """Audit key id -> secret, the current key first, then older keys in order. Without
    AUDIT_HMAC_KEYS, SECRET_KEY under the id `legacy` (as before audit keys existed); with it,
    `legacy` verifies only if the operator lists it, so knowing SECRET_KEY forges nothing."""
    keys = dict(getattr(settings, "AUDIT_HMAC_KEYS", None) or {})
    if not keys:
        keys[LEGACY_KEY_ID] = getattr(settings, "AUDIT_HMAC_KEY", "") or settings.SECRET_KEY
    return keys


def current_key_id() -> str:
    return next(iter(keyring()))


def _key(key_id: str) -> bytes:
    secret = keyring().get(key_id)
    if secret is None:
        raise UnknownAuditKey(key_id)
    return hashlib.sha256(("hearth-audit:" + secret).encode()).digest()


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
    """The entry's HMAC under the key it names (`entry.key_id`)."""
    return hmac.new(_key(entry.key_id), _canonical(entry), hashlib.sha256).hexdigest()


def chain_step(previous: str, entry_id: int, entry_row_hash: str) -> str:
    return hashlib.sha256(f"{previous}|{entry_id}|{entry_row_hash}".encode()).hexdigest()


def client_ip(request) -> str | None:
    """The real client's address (see `hearth.access.client_ip`)."""
    from hearth.access.client_ip import client_ip as real_client_ip

    return real_client_ip(request)


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
        key_id=current_key_id(),
    )
    entry.row_hash = row_hash(entry)
    entry.save(force_insert=True)
    if request is not None:
        # The refusal middleware writes an entry for a 403/404 only when the view did not.
        request._hearth_audited = True
    transaction.on_commit(maybe_seal)
    return entry


def maybe_seal() -> None:
    """Seal if no seal ran in the last couple of seconds and nobody else is sealing; otherwise
    make sure a seal follows shortly, so no entry waits unsealed for the next write."""
    global _last_seal
    now = time.monotonic()
    wait = SEAL_INTERVAL_SECONDS - (now - _last_seal)
    if wait > 0 or not _seal_lock.acquire(blocking=False):
        _seal_later(max(wait, 0.1))
        return
    try:
        _last_seal = now
        if not seal(blocking=False) and AuditEntry.objects.filter(chain_hash="").exists():
            _seal_later(SEAL_INTERVAL_SECONDS)  # another process holds the sealer's lock
    except Exception:
        # After the request's commit: the page has been served; sealing catches up later.
        anchor_log.exception("Audit seal failed; it will be retried")
        _seal_later(SEAL_INTERVAL_SECONDS)
    finally:
        _seal_lock.release()


_timer: threading.Timer | None = None
_timer_lock = threading.Lock()


def _seal_later(delay: float) -> None:
    """One background seal per process, `delay` seconds from now (AUDIT_SEAL_IN_BACKGROUND)."""
    global _timer
    if not getattr(settings, "AUDIT_SEAL_IN_BACKGROUND", True):
        return
    with _timer_lock:
        if _timer is not None and _timer.is_alive():
            return
        _timer = threading.Timer(delay, _timed_seal)
        _timer.daemon = True
        _timer.start()


def _seal_now() -> int:
    global _last_seal
    with _seal_lock:
        _last_seal = time.monotonic()
        return seal(blocking=True)


def _timed_seal() -> None:
    from django.db import connections

    try:
        _seal_now()
    except Exception:
        anchor_log.exception("Background audit seal failed; `hearth audit seal` will catch up")
    finally:
        connections.close_all()


def _try_lock() -> bool:
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_try_advisory_xact_lock(%s)", [0x4A0D17])
            return bool(cur.fetchone()[0])
    return True


def seal(*, blocking: bool = True, batch: int = 5000) -> int:
    """Chain every unsealed entry, anchoring each new seal outside the database. Returns how
    many were sealed."""
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
            previous = start_hash = head.chain_hash if head else GENESIS
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
            new_seal = AuditSeal.objects.create(
                sealed_at=timezone.now(),
                last_entry_id=pending[-1][0],
                chain_hash=previous,
                entries=count + len(pending),
                key_id=current_key_id(),
            )
            # Still holding the sealer's lock, so anchor lines are in seal order.
            anchor(new_seal, from_entries=count, from_chain_hash=start_hash)
            sealed += len(pending)


# Anchoring outside the database ----------------------------------------------------------------


ANCHOR_FIELDS = (
    "seal",
    "from_entries",
    "from_chain_hash",
    "last_entry_id",
    "entries",
    "chain_hash",
    "key_id",
)


def _anchor_mac(fields: dict[str, Any]) -> str:
    message = "|".join(str(fields.get(k)) for k in ANCHOR_FIELDS)
    return hmac.new(_key(fields["key_id"]), message.encode(), hashlib.sha256).hexdigest()


def anchor(seal_row: AuditSeal, *, from_entries: int, from_chain_hash: str) -> None:
    """Append the seal's head, and the head it continued from, to the anchor file (opened for
    append only, one JSON line per seal) and log it, so a copy of the chain's head lives
    outside the database. Consecutive lines must link (each starts where the last ended), so a
    log truncated and then sealed again cannot hide behind a fresh line."""
    fields = {
        "seal": seal_row.pk,
        "sealed_at": seal_row.sealed_at.isoformat(),
        "from_entries": from_entries,
        "from_chain_hash": from_chain_hash,
        "last_entry_id": seal_row.last_entry_id,
        "entries": seal_row.entries,
        "chain_hash": seal_row.chain_hash,
        "key_id": seal_row.key_id,
    }
    fields["mac"] = _anchor_mac(fields)
    line = json.dumps(fields, separators=(",", ":"))
    anchor_log.info("audit seal %s", line)
    path = getattr(settings, "AUDIT_ANCHOR_FILE", "")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")
            handle.flush()


class AnchorProblem(Exception):
    pass


def read_anchor() -> dict[str, Any] | None:
    """Check every line of the anchor file (signature, and that each seal continues from the
    one before) and return the last, or None if there is no anchor file. Raises AnchorProblem
    with a message for the auditor."""
    path = getattr(settings, "AUDIT_ANCHOR_FILE", "")
    if not path or not Path(path).exists():
        return None
    last = None
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                fields = json.loads(line)
                signed = hmac.compare_digest(_anchor_mac(fields), str(fields.get("mac", "")))
            except UnknownAuditKey as missing:
                raise AnchorProblem(
                    f"Line {number} of the anchor file was signed with audit key "
                    f"'{missing.key_id}', which is not in AUDIT_HMAC_KEYS."
                ) from None
            except (ValueError, KeyError, TypeError):
                signed = False
            if not signed:
                raise AnchorProblem(
                    f"Line {number} of the anchor file does not carry a valid signature: the "
                    "anchor file was edited."
                )
            if last is not None and (
                fields["from_entries"] != last["entries"]
                or fields["from_chain_hash"] != last["chain_hash"]
            ):
                raise AnchorProblem(
                    f"Seal {fields['seal']} (anchor line {number}) continues from "
                    f"{fields['from_entries']} entries, but the seal before it had sealed "
                    f"{last['entries']}: entries were removed from the database and the log "
                    "sealed again."
                )
            last = fields
    return last


def _anchor_under_lock() -> dict[str, Any] | None:
    """Read the anchor while holding the sealer's lock, so every anchored seal has committed."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [0x4A0D17])
        return read_anchor()


# Append-only enforcement -----------------------------------------------------------------------


def _sqlite_maintenance_flag(conn) -> int:
    return 1 if getattr(conn, "hearth_audit_maintenance", False) else 0


def connection_setup(sender, connection, **kwargs) -> None:
    """On each new connection: SQLite's audit triggers call `hearth_audit_maintenance()`, which
    Hearth's connections define (false unless a maintenance block is open) and other clients
    lack, so their DELETE fails. Under HEARTH_TESTING the test runner's flush between
    transactional tests needs maintenance on; the append-only tests turn it off."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "hearth_audit_maintenance", 0, lambda: _sqlite_maintenance_flag(connection)
        )
        connection.hearth_audit_maintenance = bool(getattr(settings, "TESTING", False))
    elif connection.vendor == "postgresql" and getattr(settings, "TESTING", False):
        with connection.cursor() as cur:
            cur.execute("SELECT set_config(%s, 'on', false)", [MAINTENANCE_SETTING])


def set_maintenance(on: bool) -> None:
    """Allow (or stop allowing) this connection to delete or truncate audit rows.

    Only for wiping a synthetic authority and the test runner's flush: the production database
    role has no DELETE or TRUNCATE privilege on the audit tables, so this changes nothing there."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(
                "SELECT set_config(%s, %s, false)", [MAINTENANCE_SETTING, "on" if on else "off"]
            )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        connection.hearth_audit_maintenance = on


@contextmanager
def maintenance():
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT current_setting(%s, true)", [MAINTENANCE_SETTING])
            before = cur.fetchone()[0] == "on"
    else:
        connection.ensure_connection()
        before = getattr(connection, "hearth_audit_maintenance", False)
    set_maintenance(True)
    try:
        yield
    finally:
        set_maintenance(before)


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    problem: str = ""
    entry_id: int | None = None


def _unknown_key(entry_or_seal: str, key_id: str, checked: int, entry_id) -> VerifyResult:
    hint = (
        f"add {LEGACY_KEY_ID}:<the SECRET_KEY it was written under> at the end"
        if key_id == LEGACY_KEY_ID
        else "add that key back (after the current one)"
    )
    return VerifyResult(
        False,
        checked,
        f"{entry_or_seal} was written under audit key '{key_id}', which is not in "
        f"AUDIT_HMAC_KEYS: {hint} so older entries verify.",
        entry_id,
    )


def verify(*, chunk: int = 5000) -> VerifyResult:
    """Recompute every row hash and the chain; report the first entry that does not fit; then
    compare the latest seal anchored outside the database with what the database holds."""
    try:
        anchored = _anchor_under_lock()
    except AnchorProblem as problem:
        return VerifyResult(False, 0, str(problem))
    head = AuditSeal.objects.order_by("-last_entry_id").first()
    anchor_reached = None
    key_order = list(keyring())
    newest_key_seen = len(key_order)
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
            try:
                expected_row_hash = row_hash(entry)
            except UnknownAuditKey as missing:
                return _unknown_key(f"Entry #{entry.id}", missing.key_id, checked, entry.id)
            rank = key_order.index(entry.key_id)
            if rank > newest_key_seen:
                return VerifyResult(
                    False,
                    checked,
                    f"Entry #{entry.id} is signed with the older audit key '{entry.key_id}' after "
                    f"entries signed with '{key_order[newest_key_seen]}': it was inserted "
                    "with a retired key.",
                    entry.id,
                )
            newest_key_seen = rank
            if not hmac.compare_digest(expected_row_hash, entry.row_hash):
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
            if anchored is not None and entry.id == anchored["last_entry_id"]:
                anchor_reached = (chained, previous)
    if anchored is not None and anchor_reached != (anchored["entries"], anchored["chain_hash"]):
        found = (
            "the audit log is empty"
            if checked == 0
            else f"the database holds {chained} sealed entries"
        )
        return VerifyResult(
            False,
            checked,
            f"The anchor outside the database says {anchored['entries']} entries were sealed up to "
            f"entry #{anchored['last_entry_id']} (seal {anchored['seal']}, {anchored['sealed_at']}), "
            f"but {found} and they do not reach that seal: the log was truncated or wiped.",
            anchored["last_entry_id"],
        )
    if head is not None and (chained != head.entries or previous != head.chain_hash):
        return VerifyResult(
            False,
            checked,
            f"Entries up to #{head.last_entry_id} were sealed ({head.entries}) but {chained} chain to the seal: entries at the end were deleted.",
            head.last_entry_id,
        )
    return VerifyResult(True, checked)
