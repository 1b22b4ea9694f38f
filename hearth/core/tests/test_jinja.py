"""The Jinja2 environment's helpers give the same text as Django's own."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import engines
from django.template.defaultfilters import date as django_date

from hearth.core.jinja import _date


@pytest.mark.parametrize("fmt", ["j M Y", "Y-m-d", "D j F Y"])
@pytest.mark.parametrize(
    "value",
    [
        dt.date(2024, 1, 8),
        dt.date(1999, 12, 31),
        dt.date(2026, 9, 30),
        dt.datetime(2024, 5, 6, 7, 8),
    ],
)
def test_the_date_filter_writes_what_django_writes(value, fmt):
    assert _date(value, fmt) == django_date(value, fmt)


def test_nothing_for_no_date():
    assert _date(None, "j M Y") == ""


def test_autoescape_is_on_and_line_breaks_are_escaped_first():
    template = engines["jinja2"].from_string("{{ text }}|{{ text|linebreaksbr }}")
    assert template.render({"text": "<b>a</b>\nb"}) == (
        "&lt;b&gt;a&lt;/b&gt;\nb|&lt;b&gt;a&lt;/b&gt;<br>b"
    )
