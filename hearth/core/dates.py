"""Small date helpers for display."""

from __future__ import annotations

import datetime as dt


def fmt(d: dt.date | None) -> str:
    return d.strftime("%-d %b %Y") if d else ""


def day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, the day after end 00:00) in local time, for index-friendly datetime ranges:
    `field__gte=lo, field__lt=hi` instead of `field__date__range`, which cannot use an index."""
    from django.utils import timezone

    tz = timezone.get_current_timezone()
    lo = timezone.make_aware(dt.datetime.combine(start, dt.time.min), tz)
    hi = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min), tz)
    return lo, hi
