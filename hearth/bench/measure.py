"""Run one `hearth` management command in this process and print its wall time and peak RSS.

    python -m hearth.bench.measure returns export 903 --year 2025-26 --out /tmp/x

The last line of stdout is JSON: {"seconds": …, "peak_mib": …}. Each measured command runs in
its own process so peak memory belongs to that command alone.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import sys
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings")
    import django

    django.setup()
    from django.core.management import call_command

    args = sys.argv[1:]
    start = time.perf_counter()
    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(io.StringIO()):
        try:
            call_command(*args)
        except SystemExit as exit_:  # validate exits 1 on errors: still a timing
            if exit_.code not in (0, 1, None):
                raise
    seconds = time.perf_counter() - start
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mib": peak_mib}))


if __name__ == "__main__":
    main()
