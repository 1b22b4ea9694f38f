"""A run of the DfE feed: choose the children, build and validate their payloads, add purges,
send them in batches of at most 100, and log every batch (``hearth dfe-api send``).

Which children are sent
    * default (changes): every child in scope whose payload differs from the one DfE last
      accepted (a SHA-256 of the canonical JSON is kept per child in ``ChildState``), plus
      every child DfE holds who has left scope.
    * ``--full``: every child in scope, whatever DfE holds.
    * ``--changes-since DATE``: children any of whose feed records changed on or after DATE
      (``updated_at``), plus the purges.

Purges (the schema's ``purge`` flags; the reference client's "purge" semantics)
    A child DfE holds who is no longer in scope (the child record archived, e.g. struck off as
    a duplicate or created in error, or every CIN episode archived) is sent as
    ``{"la_child_id": ..., "purge": true}``: DfE removes all data for the child. Within a child
    still in scope, every episode, assessment, plan, enquiry or placement that DfE accepted
    before and that is no longer in the payload (archived, or moved to another child) is sent
    as ``{"<its id>": ..., "purge": true}``; a section (``child_details``,
    ``health_and_wellbeing``, ``adoption``, ``care_leavers``) that has gone is sent as
    ``{"purge": true}``. Purges are worked out from what DfE *accepted*, so they repeat until
    accepted and are never sent twice once they are.

Resuming
    Each accepted batch updates ``ChildState`` at once (in the same transaction as its log
    row). A failed batch (after the retries) stops the run; the next run rebuilds the list and
    finds the children of the accepted batches unchanged, so it sends only the rest: no child
    is sent twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from hearth.access import audit
from hearth.access.models import AuditEntry
from hearth.dfe_api import client, payloads, schema
from hearth.dfe_api.models import ChildState, Submission

# list in an episode → the id field of its items
EPISODE_LISTS = {
    "child_and_family_assessments": "child_and_family_assessment_id",
    "child_in_need_plans": "child_in_need_plan_id",
    "section_47_assessments": "section_47_assessment_id",
    "child_protection_plans": "child_protection_plan_id",
    "child_looked_after_placements": "child_looked_after_placement_id",
}
EPISODE_OBJECTS = ("adoption", "care_leavers")
CHILD_OBJECTS = ("child_details", "health_and_wellbeing")


class FeedNotConfigured(Exception):
    pass


@dataclass
class RunReport:
    run: uuid.UUID
    mode: str
    in_scope: int = 0
    sent: int = 0
    purged: int = 0
    unchanged: int = 0
    batches: int = 0
    failed_batch: Submission | None = None
    invalid: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.failed_batch is None


def payload_hash(payload: dict) -> str:
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def with_purges(*, new: dict, previous: dict | None) -> dict:
    """``new`` plus a purge object for everything in ``previous`` (accepted) that has gone."""
    if not previous:
        return new
    out = json.loads(json.dumps(new))
    for key in CHILD_OBJECTS:
        if key in previous and key not in out:
            out[key] = {"purge": True}
    now = {e["social_care_episode_id"]: e for e in out.get("social_care_episodes", [])}
    for old in previous.get("social_care_episodes", []):
        ep_id = old["social_care_episode_id"]
        ep = now.get(ep_id)
        if ep is None:
            out.setdefault("social_care_episodes", []).append(
                {"social_care_episode_id": ep_id, "purge": True}
            )
            continue
        for key, id_field in EPISODE_LISTS.items():
            current = {item[id_field] for item in ep.get(key, [])}
            for item in old.get(key, []):
                if item[id_field] not in current:
                    ep.setdefault(key, []).append({id_field: item[id_field], "purge": True})
        for key in EPISODE_OBJECTS:
            if key in old and key not in ep:
                ep[key] = {"purge": True}
    return out


@dataclass
class _Item:
    la_child_id: str
    body: dict  # what is sent (with purges)
    base: dict | None  # what is remembered as accepted (None for a child purge)
    hash: str


def _plan(*, mode: str, since: dt.date | None, report: RunReport) -> list[_Item]:
    scope = dict(payloads.children_in_scope().values_list("pk", "la_child_id"))
    report.in_scope = len(scope)
    ids = sorted(scope)
    if mode == "since":
        start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
        changed = payloads.children_changed_since(since=start)
        ids = [pk for pk in ids if pk in changed]
    states = {s.la_child_id: s for s in ChildState.objects.all()}
    items = []
    built = payloads.build_payloads(ids)
    for pk in ids:
        base = built[pk]
        digest = payload_hash(base)
        state = states.get(scope[pk])
        if mode == "changes" and state and not state.purged and state.payload_hash == digest:
            report.unchanged += 1
            continue
        previous = state.payload if state and not state.purged else None
        body = with_purges(new=base, previous=previous)
        errors = schema.child_errors(body)
        if errors:
            report.invalid[scope[pk]] = errors
            continue
        items.append(_Item(scope[pk], body, base, digest))
    in_scope_ids = set(scope.values())
    for la_child_id, state in sorted(states.items()):
        if not state.purged and la_child_id not in in_scope_ids:
            body = {"la_child_id": la_child_id, "purge": True}
            items.append(_Item(la_child_id, body, None, payload_hash(body)))
    return items


def send(
    *,
    mode: str = "changes",
    since: dt.date | None = None,
    dry_run_dir: str | Path | None = None,
    base_url: str | None = None,
    sleep=None,
) -> RunReport:
    """One run of the feed (see the module docstring). ``mode``: changes, full or since."""
    if mode not in {"changes", "full", "since"}:
        raise ValueError(f"Unknown mode {mode!r}")
    if mode == "since" and since is None:
        raise ValueError("A changes-since run needs a date")
    url = client.endpoint(base_url=base_url)
    if dry_run_dir is None and not url.startswith(("http://", "https://")):
        raise FeedNotConfigured("Set DFE_API_BASE_URL (or use --dry-run DIR).")
    mode_label = f"since {since:%Y-%m-%d}" if mode == "since" else mode
    report = RunReport(run=uuid.uuid4(), mode=mode_label)
    items = _plan(mode=mode, since=since, report=report)
    token = client.bearer_token() if dry_run_dir is None else ""
    headers = client.headers(token=token)
    out_dir = Path(dry_run_dir) if dry_run_dir is not None else None
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)

    for n, start in enumerate(range(0, len(items), schema.MAX_BATCH), start=1):
        batch = items[start : start + schema.MAX_BATCH]
        body = [i.body for i in batch]
        problems = schema.body_errors(body)
        if problems:  # cannot happen after the per-child checks; refuse rather than send
            raise ValueError(f"Batch {n} does not match the DfE schema: {problems[:3]}")
        data = json.dumps(body, ensure_ascii=False).encode()
        log = Submission(
            run=report.run,
            mode=mode_label,
            batch=n,
            children=[i.la_child_id for i in batch],
            purged=[i.la_child_id for i in batch if i.base is None],
        )
        if out_dir is not None:
            path = out_dir / f"dfe-api-batch-{n:04d}.json"
            path.write_bytes(json.dumps(body, ensure_ascii=False, indent=1).encode())
            log.status, log.dry_run_file = Submission.Status.DRY_RUN, str(path)
            log.save()
        else:
            kwargs = {"sleep": sleep} if sleep is not None else {}
            resp = client.post(url=url, body=data, headers=headers, **kwargs)
            log.http_status, log.attempts = resp.status, resp.attempts
            log.response_body = resp.body[:20_000]
            log.status = Submission.Status.ACCEPTED if resp.ok else Submission.Status.FAILED
            with transaction.atomic():
                log.save()
                if resp.ok:
                    _remember(batch, log)
            if not resp.ok:
                report.failed_batch = log
                break
        report.batches += 1
        report.sent += sum(1 for i in batch if i.base is not None)
        report.purged += sum(1 for i in batch if i.base is None)

    audit.record(
        user=None,
        action=AuditEntry.Action.EXPORT,
        what="DfE children's social care API feed" + (" (dry run)" if out_dir is not None else ""),
        detail={
            "username": "hearth dfe-api send",
            "run": str(report.run),
            "mode": mode_label,
            "children": report.sent,
            "purged": report.purged,
            "batches": report.batches,
            "failed": bool(report.failed_batch),
        },
    )
    return report


def _remember(batch: list[_Item], log: Submission) -> None:
    now = timezone.now()
    for item in batch:
        ChildState.objects.update_or_create(
            la_child_id=item.la_child_id,
            defaults={
                "payload_hash": item.hash,
                "payload": item.base or {},
                "purged": item.base is None,
                "submission": log,
                "accepted_at": now,
            },
        )


def latest_runs(*, limit: int = 200):
    """The submission log, newest first (for the analysts' page)."""
    return Submission.objects.all()[:limit]
