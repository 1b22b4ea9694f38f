"""Exit 0 when a local authority's records are loaded, 1 when the database is empty."""

import sys

from django.core.management.base import BaseCommand

from hearth.core.models import Authority
from hearth.people.models import Child


class Command(BaseCommand):
    help = "Report whether a (synthetic) local authority is loaded; exit 1 if not."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, quiet: bool = False, **options):
        authority = Authority.objects.first()
        children = Child.objects.count()
        if not quiet:
            name = authority.name if authority else "no authority"
            self.stdout.write(f"{name}: {children} children")
        if not children:
            sys.exit(1)
