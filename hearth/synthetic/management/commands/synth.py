"""``hearth synth --seed N --size demo``: build a synthetic local authority with years of history."""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError

from hearth.people.models import Child
from hearth.synthetic.build import build, wipe
from hearth.synthetic.config import SIZES


class Command(BaseCommand):
    help = "Build a synthetic local authority (deterministic for a given seed, size and as-of)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--size", choices=sorted(SIZES), default="demo")
        parser.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            default=None,
            help="Last day of the simulated history (YYYY-MM-DD). Defaults to today; pass it "
            "explicitly for data identical across days.",
        )
        parser.add_argument("--la-name", default="Peterborough")
        parser.add_argument("--ons-code", default="E06000031")
        parser.add_argument("--la-number", type=int, default=874)
        parser.add_argument("--reset", action="store_true", help="Delete existing case data first.")
        parser.add_argument("--demo-users", action="store_true", help="Create demo logins.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **o):
        if Child.objects.exists():
            if not o["reset"]:
                raise CommandError(
                    "The database already holds children. Use --reset to replace them."
                )
            wipe()
        started = time.monotonic()
        builder = build(
            seed=o["seed"],
            size=o["size"],
            as_of=o["as_of"],
            la_name=o["la_name"],
            ons_code=o["ons_code"],
            la_number=o["la_number"],
            progress=not o["no_progress"],
        )
        if o["demo_users"]:
            from hearth.synthetic.demo import create_demo_users

            create_demo_users(as_of=builder.as_of)
        total = sum(builder.written.values())
        self.stdout.write(
            f"Built {o['la_name']} ({o['size']}, seed {o['seed']}, as of {builder.as_of}): "
            f"{len(builder.kids):,} children, {total:,} rows in {time.monotonic() - started:.1f}s"
        )
