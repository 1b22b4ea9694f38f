"""The `hearth` console script: Django's management commands under one operator-facing name.

hearth synth --seed 1 --size demo
hearth migrate
hearth serve
hearth dfe-api send --dry-run out/
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")  # `hearth dfe-api send` runs the dfe_api command
    execute_from_command_line(["hearth", *args])


if __name__ == "__main__":
    main()
