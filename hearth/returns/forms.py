"""The three ways to start a return from the Returns page."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone

from hearth.core.calendar import collection_year_bounds, collection_year_label
from hearth.core.forms import GovDateField
from hearth.returns.models import ReturnJob


def year_choices(today: dt.date | None = None, *, back: int = 3) -> list[tuple[str, str]]:
    """The current collection year and the ``back`` before it, newest first."""
    today = today or timezone.localdate()
    label = collection_year_label(today)
    start = collection_year_bounds(label)[0].year
    years = [f"{y}-{(y + 1) % 100:02d}" for y in range(start, start - back - 1, -1)]
    return [(y, y) for y in years]


def default_year(today: dt.date | None = None) -> str:
    """The census just closed: last collection year until its return is due (end of July)."""
    today = today or timezone.localdate()
    label = collection_year_label(today)
    if today.month in (4, 5, 6, 7):
        start = collection_year_bounds(label)[0].year - 1
        return f"{start}-{(start + 1) % 100:02d}"
    return label


class StartReturnForm(forms.Form):
    kind = forms.ChoiceField(choices=ReturnJob.Kind.choices)
    year = forms.ChoiceField(required=False, choices=())
    as_of = GovDateField(label="Date the lists run to", required=False, help_text="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = year_choices()

    def clean(self):
        data = super().clean()
        for name, message in start_errors(
            kind=data.get("kind"), year=data.get("year"), as_of=data.get("as_of")
        ).items():
            self.add_error(name, message)
        return data


def start_errors(*, kind: str | None, year: str | None, as_of: dt.date | None) -> dict[str, str]:
    """What a request to start a return is missing (field name → message): Annex A runs to a
    date no later than today, the two censuses need a collection year. The page's form and the
    API both ask this."""
    if kind == ReturnJob.Kind.ANNEX_A:
        if as_of is None:
            return {"as_of": "Enter the date the lists run to, for example 31 1 2026"}
        if as_of > timezone.localdate():
            return {"as_of": "The date must be today or in the past"}
    elif kind and not year:
        return {"year": "Select a collection year"}
    return {}
