"""The ILACS register: load inspection outcomes from CSV, set the statistical neighbours, list.

hearth insight_ilacs --load outcomes.csv
hearth insight_ilacs --neighbours "874 Peterborough, 350 Bolton, Rochdale"
hearth insight_ilacs

The CSV has a header row with: la_code (optional 3-digit DfE LA number), la_name,
inspection_date (YYYY-MM-DD) or year (when the source gives no date), framework (ILACS or SIF),
impact_of_leaders, help_and_protection, children_in_care, overall_effectiveness (outstanding,
good, requires improvement or inadequate; "RI" accepted), source (where the judgement was
published), notes (optional). A file loads all or nothing: every problem is reported with its
line and column. ``hearth/insight/data/ilacs_2018_peterborough_cabinet.csv`` holds the 2018
outcomes published in a council's cabinet report, as an example of the format.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hearth.core.services import system_user
from hearth.insight import services
from hearth.insight.models import InspectionOutcome, StatisticalNeighbour


class Command(BaseCommand):
    help = "Load ILACS/SIF inspection outcomes from CSV (--load), set statistical neighbours."

    def add_arguments(self, parser):
        parser.add_argument("--load", metavar="FILE", help="CSV of inspection outcomes.")
        parser.add_argument(
            "--neighbours",
            metavar="LIST",
            help='Comma-separated statistical neighbours: names or "NNN Name" (DfE LA number).',
        )

    def handle(self, *args, **options):
        if options["load"]:
            path = Path(options["load"])
            if not path.is_file():
                raise CommandError(f"{path}: no such file")
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError as exc:
                raise CommandError(f"{path}: not UTF-8 text ({exc.reason})") from exc
            try:
                got = services.load_register(text, name=str(path), acting_user=system_user())
            except services.LoadFailed as exc:
                raise CommandError(f"Nothing loaded: {len(exc.errors)} problem(s)\n{exc}") from exc
            self.stdout.write(
                f"Loaded {path}: {got['created']} new, {got['updated']} replaced "
                f"({InspectionOutcome.objects.count()} in the register)"
            )
        if options["neighbours"] is not None:
            made = services.set_neighbours(
                options["neighbours"].split(","), acting_user=system_user()
            )
            self.stdout.write(f"Statistical neighbours: {', '.join(str(n) for n in made)}")
        if not options["load"] and options["neighbours"] is None:
            for o in InspectionOutcome.objects.all():
                grades = ", ".join(getattr(o, f) for f in InspectionOutcome.JUDGEMENTS)
                self.stdout.write(f"{o.la_name:30} {o.when:18} {o.framework:6} {grades}")
            names = ", ".join(str(n) for n in StatisticalNeighbour.objects.all())
            self.stdout.write(f"Statistical neighbours: {names or 'none set'}")
