"""List the comparators, or merge a newer published file into them.

hearth insight_comparators
hearth insight_comparators --update figures-2025.csv
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hearth.insight import comparators
from hearth.insight.indicators import indicators


class Command(BaseCommand):
    help = "Show comparator figures, or load a newer published file (--update FILE)."

    def add_arguments(self, parser):
        parser.add_argument("--update", metavar="FILE", help="CSV or JSON of newer figures.")

    def handle(self, *args, **options):
        if options["update"]:
            path = Path(options["update"])
            if not path.exists():
                raise CommandError(f"No such file: {path}")
            try:
                changed = comparators.apply_update(path)
            except comparators.ComparatorError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"Updated {changed} figure(s) in {comparators.data_file()}")
            return
        data = comparators.load()
        for ind in indicators():
            for fig in comparators.for_indicator(ind.key, data=data):
                if fig.available:
                    self.stdout.write(
                        f"{ind.key:32} {fig.level:24} {fig.text(ind.unit):>14}  "
                        f"{fig.year:10} {fig.source}"
                    )
