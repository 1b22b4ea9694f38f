"""Indicator values for the dashboards, cached per (indicator, as-at date, period, scope).

Values (not the member lists) go in Django's cache for ``INSIGHT_CACHE_SECONDS``. Cold, each
indicator's points are computed together (``Indicator.compute_series``: one read of each
timeline for all 12 monthly points, shared between indicators); warm, the overview is one
``get_many``. Drill-downs always recompute, so the list of children is never stale against the record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from hearth.core.calendar import add_months
from hearth.insight.indicators import (
    Indicator,
    Scope,
    authority_population,
    default_period_start,
)
from hearth.insight.indicators.series import compute_series

CACHE_VERSION = 1


def _key(ind: Indicator, as_of: dt.date, start: dt.date, scope: Scope) -> str:
    return f"insight:{CACHE_VERSION}:{ind.key}:{as_of:%Y%m%d}:{start:%Y%m%d}:{scope.key}"


def values_for(
    inds: list[Indicator],
    *,
    as_of: dt.date,
    start: dt.date | None = None,
    scope: Scope | None = None,
    points: list[dt.date] | None = None,
) -> dict[tuple[str, dt.date], dict]:
    """{(key, as_of): summary} for each indicator at each as-at date in ``points`` (default
    just ``as_of``). Each point covers the 12 months to it unless ``start`` is given (used only
    for the point equal to ``as_of``)."""
    scope = scope or Scope.la()
    points = points or [as_of]
    wanted = {}
    for point in points:
        begin = start if (start and point == as_of) else default_period_start(point)
        for ind in inds:
            wanted[_key(ind, point, begin, scope)] = (ind, point, begin)
    found = cache.get_many(list(wanted))
    missing = {k: v for k, v in wanted.items() if k not in found}
    if missing:
        population = authority_population()
        by_indicator: dict[str, list[tuple[str, dt.date, dt.date]]] = {}
        for k, (ind, point, begin) in missing.items():
            by_indicator.setdefault(ind.key, []).append((k, point, begin))
        fresh = {}
        memo: dict = {}  # timelines shared between indicators
        for ind in inds:
            todo = by_indicator.pop(ind.key, [])
            if not todo:
                continue
            results = compute_series(
                ind,
                [(point, begin) for _k, point, begin in todo],
                scope=scope,
                population=population,
                memo=memo,
            )
            for (k, _p, _b), result in zip(todo, results, strict=True):
                fresh[k] = result.summary()
        cache.set_many(fresh, timeout=getattr(settings, "INSIGHT_CACHE_SECONDS", 900))
        found.update(fresh)
    return {(ind.key, point): found[k] for k, (ind, point, _b) in wanted.items()}


def month_ends(as_of: dt.date, *, months: int = 12) -> list[dt.date]:
    """The last ``months`` month ends up to ``as_of``, oldest first; the last point is
    ``as_of`` itself (which need not be a month end)."""
    out = [as_of]
    first_of_month = as_of.replace(day=1)
    for n in range(1, months):
        out.append(add_months(first_of_month, n=-(n - 1)) - dt.timedelta(days=1))
    return sorted(set(out))


@dataclass(frozen=True)
class Tile:
    indicator: Indicator
    value: dict
    trend: list[tuple[dt.date, float | None]]


def tiles(
    inds: list[Indicator],
    *,
    as_of: dt.date,
    start: dt.date | None = None,
    scope: Scope | None = None,
) -> list[Tile]:
    points = month_ends(as_of)
    got = values_for(inds, as_of=as_of, start=start, scope=scope, points=points)
    return [
        Tile(ind, got[(ind.key, as_of)], [(p, got[(ind.key, p)]["value"]) for p in points])
        for ind in inds
    ]
