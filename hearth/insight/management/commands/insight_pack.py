"""The inspection pack as a zip: Annex A, the self-assessment and the indicator pack.

hearth insight_pack --as-of 2026-03-31 --out pack.zip
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hearth.access import audit
from hearth.access.models import AuditEntry
from hearth.insight.pack import build_pack


class Command(BaseCommand):
    help = "Write the inspection pack (Annex A, self-assessment, indicators) as a zip file."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", required=True, help="YYYY-MM-DD")
        parser.add_argument("--out", required=True, help="The zip file to write.")

    def handle(self, *args, **options):
        try:
            as_of = dt.date.fromisoformat(options["as_of"])
        except ValueError as exc:
            raise CommandError("--as-of must be a date as YYYY-MM-DD") from exc
        out = Path(options["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        made = build_pack(as_of=as_of, out=out)
        audit.record(
            action=AuditEntry.Action.EXPORT,
            what="Inspection pack (Annex A, self-assessment, indicators)",
            detail={
                "as_of": as_of,
                "out": str(out),
                "files": sorted(made["files"]),
                "username": "command",
            },
        )
        for name, size in made["files"].items():
            self.stdout.write(f"  {name} ({size:,} bytes)")
        self.stdout.write(f"Wrote {out}")
