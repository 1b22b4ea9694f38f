"""`hearth returns_providers --load FILE.csv | --synthetic | --export FILE.csv | --lists DIR`:
Ofsted's register of social care providers (see ``hearth/returns/providers.py`` for the CSV
columns). Loading is all or nothing: every problem is listed with file, row and column."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from hearth.returns import providers
from hearth.returns.importers.common import ImportFailed
from hearth.returns.models import Provider


class Command(BaseCommand):
    help = "Load Ofsted's social care providers list (CSV), or build the synthetic LA's register."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--load", metavar="FILE.csv", help="Ofsted's providers list as CSV")
        group.add_argument(
            "--synthetic",
            action="store_true",
            help="Build the register from the URNs the LA's placements use",
        )
        group.add_argument("--export", metavar="FILE.csv", help="Write the register as CSV")
        group.add_argument(
            "--lists", metavar="DIR", help="Write Ofsted's two workbooks, as the 903 rules read"
        )

    def handle(self, *args, **opts):
        if opts["export"]:
            path = providers.write_providers_csv(opts["export"])
            self.stdout.write(f"{Provider.objects.count()} providers written to {path}")
            return
        if opts["lists"]:
            out = providers.write_provider_lists(opts["lists"])
            if out is None:
                raise CommandError("The register is empty: load it first")
            self.stdout.write(f"Wrote {out / providers.CH_FILE} and {out / providers.SCP_FILE}")
            return
        try:
            if opts["synthetic"]:
                result = providers.load_synthetic_register()
            else:
                result = providers.load_providers_csv(opts["load"])
        except ImportFailed as exc:
            for issue in exc.issues:
                self.stderr.write(str(issue))
            raise CommandError(f"{len(exc.issues)} problem(s): nothing was loaded") from exc
        self.stdout.write(
            f"Providers: {result.created} added, {result.updated} updated, "
            f"{result.removed} removed, {result.unchanged} unchanged "
            f"({Provider.objects.count()} on the register)"
        )
