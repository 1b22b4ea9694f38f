"""`hearth returns export|validate cin|903 --year 2025-26 …`"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hearth.core.calendar import collection_year_bounds


class Command(BaseCommand):
    help = "Export the CIN census or SSDA903 return, or validate it with DfE's rules."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Write the return's files.")
        export.add_argument("which", choices=["cin", "903"])
        export.add_argument("--year", required=True, help='Collection year, e.g. "2025-26"')
        export.add_argument("--out", required=True, help="Directory to write into")
        validate = sub.add_parser("validate", help="Run DfE's rules; exit 1 on errors.")
        validate.add_argument("which", choices=["cin", "903"])
        validate.add_argument("--year", required=True, help='Collection year, e.g. "2025-26"')
        validate.add_argument(
            "--files",
            help="903: a directory of CSVs; CIN: an XML file (default: Hearth's own export)",
        )
        validate.add_argument(
            "--xml",
            action="store_true",
            help="CIN: validate through the XML, as DfE's tool would (slower)",
        )
        validate.add_argument(
            "--show", type=int, default=5, help="Children listed per failing rule"
        )

    def handle(self, *args, **opts):
        try:
            collection_year_bounds(opts["year"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if opts["action"] == "export":
            return self._export(opts)
        return self._validate(opts)

    def _export(self, opts):
        started = time.perf_counter()
        out = Path(opts["out"])
        if opts["which"] == "903":
            from hearth.returns.ssda903 import write_903

            paths = write_903(year=opts["year"], out_dir=out)
            for name, path in paths.items():
                rows = sum(1 for _ in path.open(encoding="utf-8")) - 1
                self.stdout.write(f"{name:<15} {rows:>7} rows  {path}")
        else:
            from hearth.returns.cin import write_cin

            path = write_cin(year=opts["year"], out_dir=out)
            self.stdout.write(f"CIN census XML  {path}")
        self.stdout.write(f"Done in {time.perf_counter() - started:.1f}s")

    def _validate(self, opts):
        from hearth.returns.validate import ValidatorsUnavailable, validate_903, validate_cin

        try:
            if opts["which"] == "903":
                report = validate_903(year=opts["year"], files_dir=opts["files"])
            else:
                report = validate_cin(
                    year=opts["year"], xml_file=opts["files"], fast=not opts["xml"]
                )
        except ValidatorsUnavailable as exc:
            raise CommandError(str(exc)) from exc
        show = opts["show"]
        failing = report.errors + report.queries
        if failing:
            self.stdout.write(f"{'rule':<10} {'type':<6} {'locations':>9} {'children':>8}  message")
        for r in failing:
            kids = r.children
            self.stdout.write(
                f"{r.code:<10} {r.type:<6} {len(r.failures):>9} {len(kids):>8}  {r.message[:90]}"
            )
            if kids and show:
                extra = f" … (+{len(kids) - show})" if len(kids) > show else ""
                self.stdout.write(f"{'':<37}children: {', '.join(kids[:show])}{extra}")
        for r in report.not_checked:
            self.stdout.write(f"{r.code:<10} not checked: {r.reason[:100]}")
        c = report.counts()
        self.stdout.write(
            f"{report.return_name} {report.year}: {len(report.rules)} rules — "
            f"{c['passed']} passed, {c['error']} with errors, {c['query']} with queries, "
            f"{c['not_checked']} not checked ({report.seconds:.1f}s)"
        )
        if report.errors:
            sys.exit(1)
