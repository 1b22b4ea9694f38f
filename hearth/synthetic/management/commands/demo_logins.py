"""Print the demo logins as a table."""

from django.core.management.base import BaseCommand

from hearth.synthetic.demo import demo_logins


class Command(BaseCommand):
    help = "Print the demo logins (role, username, password)."

    def handle(self, *args, **options):
        rows = [("Role", "Username", "Password"), *demo_logins()]
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        for i, row in enumerate(rows):
            self.stdout.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
            if i == 0:
                self.stdout.write("  ".join("-" * w for w in widths))
