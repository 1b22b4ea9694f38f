"""``hearth dfe-api send [--full | --changes-since DATE] [--dry-run DIR]``: the daily feed to
DfE's children's social care API (see hearth.dfe_api.services and docs/dfe-api.md).

Exit status 0 when every batch was accepted (or written), 1 when a batch failed after its
retries (the next run resumes) or a child's payload did not match the schema.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from hearth.dfe_api import services


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as e:
        raise CommandError(f"--changes-since takes a date like 2026-04-01, not {value!r}") from e


class Command(BaseCommand):
    help = "Send children's social care data to DfE's API (only what changed, in batches of 100)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser("send", help="Send the feed")
        which = send.add_mutually_exclusive_group()
        which.add_argument("--full", action="store_true", help="Send every child in scope")
        which.add_argument(
            "--changes-since",
            type=_date,
            metavar="DATE",
            help="Send children whose records changed on or after DATE (YYYY-MM-DD)",
        )
        send.add_argument(
            "--dry-run", metavar="DIR", help="Write the batches to DIR as JSON; send nothing"
        )
        send.add_argument("--base-url", help="Override DFE_API_BASE_URL")

    def handle(self, *args, **o):
        mode = "full" if o["full"] else "since" if o["changes_since"] else "changes"
        try:
            report = services.send(
                mode=mode,
                since=o["changes_since"],
                dry_run_dir=o["dry_run"],
                base_url=o["base_url"],
            )
        except services.FeedNotConfigured as e:
            raise CommandError(str(e)) from e
        for la_child_id, errors in sorted(report.invalid.items()):
            self.stderr.write(f"Not sent, {la_child_id} does not match the DfE schema:")
            for error in errors[:10]:
                self.stderr.write(f"  {error}")
        verb = "written" if o["dry_run"] else "sent"
        where = f" in {o['dry_run']}" if o["dry_run"] else ""
        self.stdout.write(
            f"DfE API run {report.run} ({report.mode}): {report.in_scope} children in scope, "
            f"{report.sent} {verb}, {report.purged} purged, {report.unchanged} unchanged, "
            f"{report.batches} batches{where}."
        )
        if report.failed_batch is not None:
            b = report.failed_batch
            raise CommandError(
                f"Batch {b.batch} failed (HTTP {b.http_status or 'no answer'} after "
                f"{b.attempts} attempts): {b.response_body[:300]}. Earlier batches were "
                "accepted; run again to send the rest."
            )
        if report.invalid:
            raise CommandError(f"{len(report.invalid)} children did not match the DfE schema.")
