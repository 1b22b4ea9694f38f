"""Small date helpers for display."""

from __future__ import annotations

import datetime as dt


def fmt(d: dt.date | None) -> str:
    return d.strftime("%-d %b %Y") if d else ""
