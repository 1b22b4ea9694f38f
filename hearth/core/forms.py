"""What every GOV.UK form in Hearth shares: an error summary whose links land on the input, and
``GDSForm``, which lays every form out with the GOV.UK Design System through crispy-forms-gds: date
inputs (day, month, year), radios for yes/no and short choice lists, checkboxes for multiple
choices, and field errors that the error summary links to. A date-and-time is a date input plus
a time field, combined into a Europe/London datetime in ``clean``."""

from __future__ import annotations

import datetime as dt
import re

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.core.calendar import LONDON


def input_id(bound) -> str:
    """The id of the first input a person answers a question with (crispy-forms-gds numbers
    radios and checkboxes from 1, and the parts of a date from 0)."""
    if isinstance(bound.field, forms.MultiValueField):
        return f"{bound.auto_id}_0"
    if isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound.auto_id}_1"
    return bound.auto_id


class ErrorSummaryMixin:
    """For `templates/_error_summary.html` (the GOV.UK error summary)."""

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


_TIME_RE = re.compile(r"^\s*([01]?\d|2[0-3])[:.]?([0-5]\d)\s*$")


class GovDateField(DateInputField):
    """A GOV.UK date input whose messages name the question, and which refuses impossible dates
    ("31 2 2024") with a plain-English message."""

    def __init__(self, *, label: str, required: bool = True, not_future: bool = True, **kwargs):
        self.not_future = not_future
        name = label[0].lower() + label[1:]
        kwargs.setdefault("help_text", "For example, 27 3 2024")
        super().__init__(label=label, required=required, require_all_fields=False, **kwargs)
        self.error_messages["required"] = f"Enter the {name}"
        self.error_messages["incomplete"] = f"Enter the {name} with a day, month and year"
        self.name = name
        for sub, part in zip(self.fields, ("day", "month", "year"), strict=True):
            sub.error_messages["incomplete"] = f"The {name} must include a {part}"

    def compress(self, data_list):
        day, month, year = data_list
        if not (day and month and year):
            return None
        try:
            value = dt.date(day=int(day), month=int(month), year=int(year))
        except (ValueError, OverflowError) as exc:
            raise ValidationError(f"The {self.name} must be a real date") from exc
        if value.year < 1900:
            raise ValidationError(f"The {self.name} must be a real date")
        return value

    def validate(self, value):
        super().validate(value)
        if value and self.not_future and value > timezone.localdate():
            raise ValidationError(f"The {self.name} must be today or in the past")


def yes_no(label: str, *, required: bool = True, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
        error_messages={"required": f"Select yes or no: {label[0].lower() + label[1:]}"},
    )


def as_yes_no(value) -> str | None:
    return None if value is None else ("yes" if value else "no")


def choice(
    label: str, choices, *, required: bool = True, message: str = "", help_text: str = ""
) -> forms.ChoiceField:
    choices = list(choices)
    widget = forms.RadioSelect if len(choices) <= 8 else forms.Select
    if widget is forms.Select:
        choices = [("", "Select one"), *choices]
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=widget,
        help_text=help_text,
        error_messages={"required": message or f"Select the {label[0].lower() + label[1:]}"},
    )


LONG_TEXT_LIMIT = 10_000  # characters in a long answer, unless the question sets its own


def text(label: str, *, required: bool = True, long: bool = False, message: str = "", **kwargs):
    if long:
        kwargs.setdefault("max_length", LONG_TEXT_LIMIT)
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": 5}) if long else forms.TextInput,
        error_messages={"required": message or f"Enter the {label[0].lower() + label[1:]}"},
        **kwargs,
    )


class GDSForm(ErrorSummaryMixin, forms.Form):
    """Base form: a GOV.UK layout built from the fields, datetime pairs, and a version field for
    optimistic concurrency on edits."""

    submit_label = "Save"
    datetime_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.datetime_fields:
            date_field = self.fields[name]
            required = date_field.required
            # "Date the child returned" -> "Time the child returned": a label that makes sense
            # on its own, so forms with several times are clear to screen reader users.
            label = str(date_field.label)
            label = f"Time{label[4:]}" if label.startswith("Date ") else "Time"
            self.fields[f"{name}_time"] = forms.CharField(
                label=label,
                help_text="Use the 24-hour clock, for example 14:30",
                required=required,
                max_length=5,
                error_messages={"required": f"Enter the {label[0].lower() + label[1:]}"},
            )
            self.order_fields(self._ordered_with_time())
            if self.initial.get(name) and isinstance(self.initial[name], dt.datetime):
                local = self.initial[name].astimezone(LONDON)
                self.initial[name] = local.date()
                self.initial.setdefault(f"{name}_time", local.strftime("%H:%M"))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *self._layout(), Submit("submit", self.submit_label, data_prevent_double_click="true")
        )

    def _ordered_with_time(self) -> list[str]:
        order = []
        for name in self.fields:
            if name.endswith("_time") and name[:-5] in self.datetime_fields:
                continue
            order.append(name)
            if name in self.datetime_fields:
                order.append(f"{name}_time")
        return order

    def _layout(self):
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                # Rendered by Django, so the value is escaped (crispy's Hidden does not escape
                # it, which broke JSON values such as the worker form's "original").
                yield Field(name)
            elif isinstance(field, DateInputField):
                # Field(..., legend_size=) would become an HTML attribute: pass it as context.
                yield Field(name, context={"legend_size": Size.for_legend("s")})
            elif isinstance(widget, forms.CheckboxSelectMultiple):
                yield Field.checkboxes(name, legend_size="s", small=len(field.choices) > 4)
            elif isinstance(widget, forms.RadioSelect):
                yield Field.radios(name, legend_size="s", inline=len(field.choices) <= 2)
            elif isinstance(widget, forms.Select):
                yield Field(name, context={"label_size": Size.for_label("s")})
            elif isinstance(widget, forms.Textarea):
                # A limit is shown as a GOV.UK character count (it counts down as they type).
                limit = getattr(field, "max_length", None)
                if limit and not field.help_text:
                    # crispy-forms-gds reads this key for a character count without a hint.
                    widget.attrs.setdefault("aria-describedby", "")
                yield Field.textarea(name, label_size="s", max_characters=limit)
            elif name.endswith("_time"):
                yield Field.text(name, label_size="s", field_width=5)
            else:
                yield Field.text(name, label_size="s", field_width=widget.attrs.get("width"))

    def clean(self):
        cleaned = super().clean()
        for name in self.datetime_fields:
            day, raw = cleaned.get(name), cleaned.get(f"{name}_time")
            if raw in (None, ""):
                if day is not None and self.fields[f"{name}_time"].required is False:
                    self.add_error(f"{name}_time", "Enter the time, for example 14:30")
                continue
            match = _TIME_RE.match(raw)
            if not match:
                self.add_error(f"{name}_time", "Enter a real time, for example 14:30")
                continue
            if day is None:
                continue
            moment = dt.datetime.combine(day, dt.time(int(match[1]), int(match[2])), tzinfo=LONDON)
            if moment > timezone.now() + dt.timedelta(minutes=5):
                self.add_error(f"{name}_time", "The time must be now or in the past")
                continue
            cleaned[name] = moment
        return cleaned

    def add_service_errors(self, exc: ValidationError) -> None:
        """Put an action's validation errors on the fields they name (or the form)."""
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                target = field if field in self.fields else None
                for error in errors:
                    self.add_error(target, error)
        else:
            for error in exc.error_list:
                self.add_error(None, error)


class VersionedForm(GDSForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
