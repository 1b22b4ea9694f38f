"""`hearth ssd export --out DIR [--database-schema NAME] [--as-of YYYY-MM-DD]` and
`hearth ssd coverage`: the Standard Safeguarding Dataset from Hearth's records."""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = "Export Data to Insight's Standard Safeguarding Dataset (one CSV per SSD table)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Write one CSV per SSD table.")
        export.add_argument("--out", required=True, help="Directory for the CSV files")
        export.add_argument(
            "--database-schema",
            help="Also replace this PostgreSQL schema (e.g. ssd) with the SSD tables",
        )
        export.add_argument(
            "--as-of",
            help="Day for derived values (episodes, care leavers, caseloads), YYYY-MM-DD; default today",
        )
        sub.add_parser("coverage", help="Print the coverage table (Markdown).")

    def handle(self, *args, **opts):
        if opts["action"] == "coverage":
            from hearth.ssd.mapping import coverage_markdown

            self.stdout.write(coverage_markdown(), ending="")
            return
        from hearth.access import audit
        from hearth.access.models import AuditEntry
        from hearth.ssd.export import SchemaRefused, check_schema_name, load_schema, write_ssd

        as_of = timezone.localdate()
        if opts.get("as_of"):
            try:
                as_of = dt.date.fromisoformat(opts["as_of"])
            except ValueError as exc:
                raise CommandError("--as-of must be YYYY-MM-DD") from exc
        schema = opts.get("database_schema")
        started = time.perf_counter()
        try:
            if schema:
                from django.db import connection

                if connection.vendor != "postgresql":
                    raise SchemaRefused(
                        "--database-schema needs PostgreSQL (DATABASE_URL=postgres://…)."
                    )
                check_schema_name(schema)
            written = write_ssd(out_dir=opts["out"], as_of=as_of)
            for w in written:
                self.stdout.write(f"{w.table:<30} {w.rows:>8} rows  {w.path}")
            if schema:
                load_schema(schema=schema, written=written)
                self.stdout.write(f"Loaded {len(written)} tables into schema {schema!r}")
            audit.record(
                action=AuditEntry.Action.EXPORT,
                what="Standard Safeguarding Dataset (every child's records)",
                detail={
                    "as_of": as_of,
                    "out": opts["out"],
                    "database_schema": schema or "",
                    "rows": {w.table: w.rows for w in written if w.rows},
                    "username": "command",
                },
            )
        except SchemaRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Done in {time.perf_counter() - started:.1f}s")
