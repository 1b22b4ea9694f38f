"""Print the synthetic authority's figures beside the national ones."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand

from hearth.synthetic.build import last_31_march
from hearth.synthetic.calibration import calibration_report, format_report


class Command(BaseCommand):
    help = "Compare the loaded authority with national figures (through the selectors)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            default=None,
            help="Reference date (default: the last 31 March).",
        )

    def handle(self, *args, as_of=None, **options):
        as_of = as_of or last_31_march(dt.date.today())
        self.stdout.write(format_report(calibration_report(as_of=as_of)))
