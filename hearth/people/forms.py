from __future__ import annotations

from django import forms

from hearth.core.chronology import Kind
from hearth.core.forms import ErrorSummaryMixin
from hearth.people.selectors import MIN_QUERY_LENGTH


class ChildSearchForm(ErrorSummaryMixin, forms.Form):
    q = forms.CharField(
        label="Search for a child",
        help_text="Name, date of birth (for example 3/4/2015), LA child ID, UPN or NHS number",
        max_length=100,
        error_messages={"required": "Enter a name, date of birth or identifier to search for"},
    )

    def clean_q(self) -> str:
        q = " ".join(self.cleaned_data["q"].split())
        if len(q) < MIN_QUERY_LENGTH:
            raise forms.ValidationError(
                f"Search for at least {MIN_QUERY_LENGTH} characters", code="too_short"
            )
        return q


class ChronologyFilterForm(forms.Form):
    kind = forms.MultipleChoiceField(
        label="Show only",
        choices=list(Kind.LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
