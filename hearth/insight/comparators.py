"""National, regional and statistical-neighbour comparators for the indicators.

Held in ``hearth/insight/data/comparators.json`` (or ``settings.INSIGHT_COMPARATORS_FILE``):
each figure carries its source and reporting year. Levels with no figure are reported as not
available -- Hearth never fills a gap with an estimate. ``insight_comparators --update FILE``
merges a newer published file (same JSON shape, or a CSV with columns
``indicator,level,value,low,high,year,source,url,approximate``).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

LEVELS = {
    "national": "England",
    "regional": "Region",
    "statistical_neighbours": "Statistical neighbours",
}
DEFAULT_FILE = Path(__file__).parent / "data" / "comparators.json"


def data_file() -> Path:
    return Path(getattr(settings, "INSIGHT_COMPARATORS_FILE", "") or DEFAULT_FILE)


@dataclass(frozen=True)
class Figure:
    level: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    year: str = ""
    source: str = ""
    url: str = ""
    approximate: bool = False

    @property
    def available(self) -> bool:
        return self.value is not None or (self.low is not None and self.high is not None)

    @property
    def level_label(self) -> str:
        return LEVELS[self.level]

    def text(self, unit: str) -> str:
        if not self.available:
            return "Not available"
        suffix = "%" if unit == "%" else ""
        if self.value is not None:
            shown = f"{self.value:g}{suffix}"
        else:
            shown = f"{self.low:g} to {self.high:g}{suffix}"
        return ("about " if self.approximate else "") + shown

    def compare(self, value: float | None) -> str:
        """'higher', 'lower', 'similar' (within the published range) or '' when unknown."""
        if value is None or not self.available:
            return ""
        low = self.value if self.value is not None else self.low
        high = self.value if self.value is not None else self.high
        if value > high:
            return "higher"
        if value < low:
            return "lower"
        return "similar"


def load(path: Path | None = None) -> dict:
    with open(path or data_file(), encoding="utf-8") as fh:
        return json.load(fh)


def for_indicator(key: str, *, data: dict | None = None) -> list[Figure]:
    """The three comparator levels for an indicator, each available or not."""
    entry = (data or load())["figures"].get(key, {})
    out = []
    for level in LEVELS:
        raw = entry.get(level) or {}
        out.append(
            Figure(
                level,
                value=raw.get("value"),
                low=raw.get("low"),
                high=raw.get("high"),
                year=str(raw.get("year", "")),
                source=raw.get("source", ""),
                url=raw.get("url", ""),
                approximate=bool(raw.get("approximate", False)),
            )
        )
    return out


class ComparatorError(ValueError):
    pass


def _number(text, *, where: str) -> float | None:
    if text in (None, ""):
        return None
    try:
        return float(text)
    except (TypeError, ValueError) as exc:
        raise ComparatorError(f"{where}: {text!r} is not a number") from exc


def read_update(path: Path) -> dict[str, dict[str, dict]]:
    """Figures from a newer file: {indicator: {level: figure}}. Every figure needs a value (or
    low and high), a year and a source; indicators must be in the registry."""
    from hearth.insight.indicators import REGISTRY

    if path.suffix.lower() == ".json":
        with open(path, encoding="utf-8") as fh:
            raw = json.load(fh)["figures"]
        rows = [
            {"indicator": key, "level": level, **(fig or {})}
            for key, levels in raw.items()
            for level, fig in levels.items()
        ]
    else:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
    out: dict[str, dict[str, dict]] = {}
    for n, row in enumerate(rows, start=1):
        where = f"row {n}"
        key = (row.get("indicator") or "").strip()
        level = (row.get("level") or "").strip()
        if key not in REGISTRY:
            raise ComparatorError(f"{where}: unknown indicator {key!r}")
        if level not in LEVELS:
            raise ComparatorError(f"{where}: level must be one of {', '.join(LEVELS)}")
        fig = {
            "value": _number(row.get("value"), where=where),
            "low": _number(row.get("low"), where=where),
            "high": _number(row.get("high"), where=where),
            "year": str(row.get("year") or "").strip(),
            "source": (row.get("source") or "").strip(),
            "url": (row.get("url") or "").strip(),
            "approximate": str(row.get("approximate", "")).strip().lower() in {"1", "true", "yes"},
        }
        if fig["value"] is None and (fig["low"] is None or fig["high"] is None):
            raise ComparatorError(f"{where}: give a value, or low and high")
        if not fig["year"] or not fig["source"]:
            raise ComparatorError(f"{where}: every figure needs its year and source")
        out.setdefault(key, {})[level] = {k: v for k, v in fig.items() if v not in (None, "")}
    return out


def apply_update(path: Path, *, target: Path | None = None) -> int:
    """Merge the figures in ``path`` into the comparators file; returns how many changed."""
    import datetime as dt

    target = target or data_file()
    data = load(target)
    figures = read_update(path)
    changed = 0
    for key, levels in figures.items():
        for level, fig in levels.items():
            if data["figures"].setdefault(key, {}).get(level) != fig:
                data["figures"][key][level] = fig
                changed += 1
    data["updated"] = dt.date.today().isoformat()
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(target)
    return changed
