"""What every GOV.UK form in Hearth shares: an error summary whose links land on the input."""

from __future__ import annotations

from django import forms


def input_id(bound) -> str:
    """The id of the first input a person answers a question with (crispy-forms-gds numbers
    radios and checkboxes from 1, and the parts of a date from 0)."""
    if isinstance(bound.field, forms.MultiValueField):
        return f"{bound.auto_id}_0"
    if isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound.auto_id}_1"
    return bound.auto_id


class ErrorSummaryMixin:
    """For `templates/casework/_error_summary.html` (the GOV.UK error summary)."""

    def error_links(self) -> list[tuple[str, str]]:
        """(target id, message) for each error in the GOV.UK error summary. Each link goes to the
        first input of its question (the day of a date, the first radio or checkbox), so that
        following it puts the cursor where the answer goes; an error about the whole form links
        to the first question."""
        fields = self.visible_fields()
        first = input_id(fields[0]) if fields else ""
        links = [(first, str(error)) for error in self.non_field_errors()]
        for bound in fields:
            links.extend((input_id(bound), str(error)) for error in bound.errors)
        return links
