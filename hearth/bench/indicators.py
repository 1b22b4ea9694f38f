"""Time every indicator for one year, cold and warm, in one fresh process.

    python -m hearth.bench.indicators --as-of 2026-03-31

Prints JSON: {"cold": s, "warm": s, "cached": s}: cold is the first computation in a new process
with an empty cache; warm recomputes with the cache cleared (code loaded, database pages in
memory); cached reads the dashboard's cache as the overview does after the first visit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.settings")
    parser = argparse.ArgumentParser()
    parser.add_argument("--as-of", required=True, type=dt.date.fromisoformat)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.cache import cache

    from hearth.insight.evaluate import values_for
    from hearth.insight.indicators import indicators

    every = [ind for ind in indicators() if ind.computed]

    def run() -> float:
        start = time.perf_counter()
        values = values_for(every, as_of=args.as_of)
        assert len(values) == len(every)
        return time.perf_counter() - start

    cache.clear()
    cold = run()
    cache.clear()
    warm = run()
    cached = run()
    print(json.dumps({"cold": cold, "warm": warm, "cached": cached, "indicators": len(every)}))


if __name__ == "__main__":
    main()
