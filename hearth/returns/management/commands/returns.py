"""`hearth returns export|validate cin|903 --year 2025-26 …`, `hearth returns export annex-a
--as-of YYYY-MM-DD --out FILE.xlsx`, `hearth returns validate annex-a --as-of …` (liiatools and
Hearth's cross-list checks) and `hearth returns import cin FILE.xml` / `import 903 DIR`."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hearth.core.calendar import collection_year_bounds
from hearth.core.services import system_user


class Command(BaseCommand):
    help = "Export the CIN census or SSDA903 return, or validate it with DfE's rules."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        export = sub.add_parser("export", help="Write the return's files.")
        export.add_argument("which", choices=["cin", "903", "annex-a"])
        export.add_argument("--year", help='Collection year, e.g. "2025-26" (cin, 903)')
        export.add_argument("--as-of", help="Annex A: the day before the inspection, YYYY-MM-DD")
        export.add_argument("--out", required=True, help="Directory (cin, 903) or .xlsx file")
        validate = sub.add_parser("validate", help="Run DfE's rules; exit 1 on errors.")
        validate.add_argument("which", choices=["cin", "903", "annex-a"])
        validate.add_argument("--year", help='Collection year, e.g. "2025-26" (cin, 903)')
        validate.add_argument("--as-of", help="Annex A: the day before the inspection")
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
        imp = sub.add_parser("import", help="Build records from another system's return.")
        imp.add_argument("which", choices=["cin", "903"])
        imp.add_argument("path", help="cin: the XML file; 903: the directory of CSV files")
        imp.add_argument("--year", help="903: collection year (default: from the files)")
        imp.add_argument(
            "--quarantine",
            action="store_true",
            help="Import every sound child and keep children whose rows break a rule in the "
            "'needs fixing' queue (default: all or nothing)",
        )

    def handle(self, *args, **opts):
        if opts["action"] == "import":
            return self._import(opts)
        if opts["which"] == "annex-a":
            return self._annex_a(opts)
        if not opts.get("year"):
            raise CommandError("--year is required for cin and 903")
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
        for r in report.rules:
            if r.defect_findings:
                self.stdout.write(
                    f"{r.code:<10} {len(r.defect_findings)} finding(s) not counted, a known "
                    f"defect of the rule: {r.defect[:120]}"
                )
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

    def _annex_a(self, opts):
        import datetime as dt
        import tempfile

        from hearth.returns import annex_a
        from hearth.returns.liiatools_check import LiiatoolsUnavailable, clean_annex_a

        try:
            as_of = dt.date.fromisoformat(opts.get("as_of") or "")
        except ValueError as exc:
            raise CommandError("--as-of YYYY-MM-DD is required for annex-a") from exc
        started = time.perf_counter()
        lists = annex_a.build_annex_a(as_of=as_of)
        if opts["action"] == "export":
            path = annex_a.write_annex_a(as_of=as_of, out=opts["out"], lists=lists)
            for name, rows in lists.items():
                self.stdout.write(f"{name:<8} {len(rows):>7} rows")
            self.stdout.write(f"Annex A  {path}  ({time.perf_counter() - started:.1f}s)")
            return
        problems = annex_a.annex_a_consistency(lists) + annex_a.annex_a_against_returns(
            lists, as_of=as_of
        )
        for p in problems:
            self.stdout.write(f"consistency  {p}")
        with tempfile.TemporaryDirectory() as tmp:
            path = annex_a.write_annex_a(as_of=as_of, out=Path(tmp) / "annex_a.xlsx", lists=lists)
            try:
                report = clean_annex_a(path)
            except LiiatoolsUnavailable as exc:
                raise CommandError(str(exc)) from exc
        for key in (
            "unmatched_sheets",
            "missing_lists",
            "extra_columns",
            "duplicate_columns",
            "blanked",
            "blank_errors",
            "changed",
            "dropped_rows",
        ):
            if report[key]:
                self.stdout.write(f"liiatools {key}: {report[key]}")
        for ext in report["extensions"]:
            self.stdout.write(f"liiatools code list extended: {ext}")
        self.stdout.write(
            f"Annex A {as_of}: {sum(report['lists'].values())} rows in {len(report['lists'])} "
            f"lists; liiatools {'clean' if report['clean'] else 'NOT clean'}; "
            f"{len(problems)} consistency problem(s)"
        )
        if problems or not report["clean"]:
            sys.exit(1)

    def _import_quarantine(self, opts):
        from hearth.returns.importers.common import ImportFailed
        from hearth.returns.importers.quarantine import (
            import_903_quarantine,
            import_cin_quarantine,
        )

        try:
            if opts["which"] == "cin":
                done = import_cin_quarantine(opts["path"], acting_user=system_user())
            else:
                done = import_903_quarantine(
                    opts["path"], year=opts.get("year"), acting_user=system_user()
                )
        except ImportFailed as exc:
            for issue in exc.issues:
                self.stderr.write(str(issue))
            raise CommandError(
                f"{len(exc.issues)} problem(s) with whole files: nothing was imported"
            ) from exc
        self.stdout.write(done.result.summary())
        for notice in done.result.notices:
            self.stdout.write(f"note: {notice}")
        batch = done.batch
        self.stdout.write(
            f"{batch.children_in_file} children in the file: {batch.children_imported} imported, "
            f"{batch.children_quarantined} kept in the needs-fixing queue (batch {batch.pk})"
        )
        for la_id, issues in sorted(done.quarantined.items()):
            for issue in issues:
                self.stdout.write(f"needs fixing: {la_id}: {issue}")

    def _import(self, opts):
        from hearth.returns.importers.common import ImportFailed

        if opts.get("quarantine"):
            return self._import_quarantine(opts)
        try:
            if opts["which"] == "cin":
                from hearth.returns.importers.cin import import_cin

                result = import_cin(opts["path"], acting_user=system_user())
            else:
                from hearth.returns.importers.ssda903 import import_903

                result = import_903(opts["path"], year=opts.get("year"), acting_user=system_user())
        except ImportFailed as exc:
            for issue in exc.issues:
                self.stderr.write(str(issue))
            raise CommandError(f"{len(exc.issues)} problem(s): nothing was imported") from exc
        self.stdout.write(result.summary())
        for notice in result.notices:
            self.stdout.write(f"note: {notice}")
        self.stdout.write(
            f"Imported in {result.seconds:.1f}s"
            + ("" if result.changed else " (nothing new: already imported)")
        )
