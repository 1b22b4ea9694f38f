"""Server-rendered SVG charts: a sparkline for tiles and a line chart for an indicator's trend.

Each chart is decorative to assistive technology beyond its label (``role="img"`` with a text
summary); the page always shows the same numbers as a table. Colours come from classes in
``static/insight/insight.css`` (the CSP forbids inline styles).
"""

from __future__ import annotations

import datetime as dt

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _scale(values, lo, hi, size):
    span = (hi - lo) or 1
    return [size - (v - lo) / span * size for v in values]


def sparkline(points: list[tuple[dt.date, float | None]], *, label: str) -> SafeString:
    known = [(i, v) for i, (_d, v) in enumerate(points) if v is not None]
    width, height, pad = 120, 32, 3
    if len(known) < 2:
        return mark_safe("")
    values = [v for _i, v in known]
    lo, hi = min(values), max(values)
    step = (width - 2 * pad) / max(len(points) - 1, 1)
    ys = _scale(values, lo, hi, height - 2 * pad)
    coords = " ".join(
        f"{pad + i * step:.1f},{pad + y:.1f}" for (i, _v), y in zip(known, ys, strict=True)
    )
    last_x, last_y = coords.split(" ")[-1].split(",")
    return mark_safe(
        f'<svg class="insight-spark" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-label="{escape(label)}" focusable="false">'
        f'<polyline class="insight-spark__line" points="{coords}" fill="none"/>'
        f'<circle class="insight-spark__dot" cx="{last_x}" cy="{last_y}" r="2.5"/></svg>'
    )


def line_chart(points: list[tuple[dt.date, float | None]], *, label: str, unit: str) -> SafeString:
    known = [(i, v) for i, (_d, v) in enumerate(points) if v is not None]
    if not known:
        return mark_safe("")
    width, height = 640, 260
    left, right, top, bottom = 56, 16, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _i, v in known]
    lo = 0.0 if min(values) >= 0 else min(values)
    hi = max(values) or 1.0
    if unit == "%":
        hi = max(hi, 1.0)
    step = plot_w / max(len(points) - 1, 1)
    parts = [
        f'<svg class="insight-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(label)}" focusable="false" preserveAspectRatio="xMinYMin meet">'
    ]
    for n in range(5):
        v = lo + (hi - lo) * n / 4
        y = top + plot_h - (v - lo) / ((hi - lo) or 1) * plot_h
        parts.append(
            f'<line class="insight-chart__grid" x1="{left}" x2="{width - right}" '
            f'y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="insight-chart__axis" x="{left - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end">{v:.0f}{"%" if unit == "%" else ""}</text>'
        )
    for i, (day, _v) in enumerate(points):
        if i % 2 == len(points) % 2 or i == len(points) - 1:
            x = left + i * step
            parts.append(
                f'<text class="insight-chart__axis" x="{x:.1f}" y="{height - bottom + 18}" '
                f'text-anchor="middle">{day:%b %y}</text>'
            )
    coords = []
    for i, v in known:
        x = left + i * step
        y = top + plot_h - (v - lo) / ((hi - lo) or 1) * plot_h
        coords.append((x, y))
    parts.append(
        '<polyline class="insight-chart__line" fill="none" points="'
        + " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        + '"/>'
    )
    parts.extend(
        f'<circle class="insight-chart__dot" cx="{x:.1f}" cy="{y:.1f}" r="3.5"/>' for x, y in coords
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))
