"""`hearth audit verify` recomputes the audit chain; `hearth audit seal` chains new entries."""

import sys

from django.core.management.base import BaseCommand

from hearth.access import audit


class Command(BaseCommand):
    help = "Seal or verify the tamper-evident audit log."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "seal"])

    def handle(self, *args, action: str, **options):
        if action == "seal":
            n = audit.seal()
            self.stdout.write(f"Sealed {n} audit entries.")
            return
        audit.seal()
        result = audit.verify()
        if result.ok:
            self.stdout.write(
                self.style.SUCCESS(f"Audit log intact: {result.checked} entries verified.")
            )
            return
        self.stderr.write(self.style.ERROR(f"AUDIT LOG TAMPERED: {result.problem}"))
        sys.exit(1)
