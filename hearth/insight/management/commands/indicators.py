"""Print every indicator for an as-at date, for the LA, a team or a worker.

hearth indicators --as-of 2026-03-31 [--period-start 2025-04-01] [--team 3] --format json|csv
"""

from __future__ import annotations

import csv
import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from hearth.core.spreadsheet import safe_row
from hearth.insight.indicators import Scope, authority_population, default_period_start, indicators


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Not a date (YYYY-MM-DD): {text}") from exc


class Command(BaseCommand):
    help = "Print every indicator (value, numerator, denominator) as JSON or CSV."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", required=True)
        parser.add_argument("--period-start")
        parser.add_argument("--team", type=int, help="Team id (default: the whole LA).")
        parser.add_argument("--worker", type=int, help="Worker id.")
        parser.add_argument("--theme")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args, **options):
        as_of = _date(options["as_of"])
        start = _date(options["period_start"]) if options["period_start"] else None
        start = start or default_period_start(as_of)
        if start > as_of:
            raise CommandError("--period-start must be on or before --as-of")
        scope = Scope.la()
        if options["team"]:
            scope = Scope.team(options["team"])
        elif options["worker"]:
            scope = Scope.worker(options["worker"])
        population = authority_population()
        rows = []
        for ind in indicators(options["theme"]):
            result = ind.compute(
                as_of=as_of, period_start=start, scope=scope, population=population
            )
            rows.append(
                {
                    "key": ind.key,
                    "title": ind.title,
                    "theme": ind.theme,
                    "unit": ind.unit,
                    "status": "computed" if ind.computed else "not yet recorded",
                    "value": None if result.value is None else round(result.value, 2),
                    "numerator": result.numerator,
                    "denominator": result.denominator,
                    "breakdown": dict(result.breakdown),
                }
            )
        if options["format"] == "json":
            payload = {
                "as_of": as_of.isoformat(),
                "period_start": start.isoformat(),
                "scope": scope.key,
                "indicators": rows,
            }
            self.stdout.write(json.dumps(payload, indent=2, default=str))
            return
        writer = csv.writer(self.stdout)
        fields = ["key", "title", "theme", "unit", "status", "value", "numerator", "denominator"]
        writer.writerow(["as_of", "period_start", "scope", *fields])
        for row in rows:
            writer.writerow(safe_row([as_of, start, scope.key, *(row[f] for f in fields)]))
