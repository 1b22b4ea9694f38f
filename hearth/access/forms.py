from __future__ import annotations

import datetime as dt

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from hearth.access.models import User
from hearth.access.services import BREAK_GLASS_REASON_MIN_LENGTH, NAMED_REASON_MIN_LENGTH
from hearth.core.forms import ErrorSummaryMixin
from hearth.core.query import EARLIEST_DATE, latest_date


class SignInForm(ErrorSummaryMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask your system administrator.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("username", field_width=20),
            Field.text("password", field_width=20),
            Submit("submit", "Sign in"),
        )


class TwoFactorCodeForm(ErrorSummaryMixin, forms.Form):
    code = forms.CharField(
        label="Security code",
        help_text="The 6-digit code from your authenticator app, or one of your recovery codes",
        max_length=20,
        error_messages={"required": "Enter the security code"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "inputmode": "text"}
        ),
    )

    def __init__(self, *args, submit_label: str = "Continue", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("code", field_width=10), Submit("submit", submit_label)
        )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split())


class BreakGlassForm(ErrorSummaryMixin, forms.Form):
    reason = forms.CharField(
        label="Why do you need to open this record?",
        help_text=(
            "Your reason is recorded and shown to the child's team manager. "
            f"Use {BREAK_GLASS_REASON_MIN_LENGTH} characters or more."
        ),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter why you need to open this record",
            "max_length": "Reason must be 300 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.textarea("reason", label_size="m", label_tag="h2"),
            Submit("submit", "Open the record"),
        )

    def clean_reason(self) -> str:
        reason = " ".join(self.cleaned_data["reason"].split())
        if len(reason) < BREAK_GLASS_REASON_MIN_LENGTH:
            raise forms.ValidationError(
                f"Reason must be {BREAK_GLASS_REASON_MIN_LENGTH} characters or more",
                code="too_short",
            )
        return reason


class NamedPersonForm(ErrorSummaryMixin, forms.Form):
    username = forms.CharField(
        label="Username of the person to name",
        max_length=150,
        error_messages={"required": "Enter the username of the person to name"},
    )
    reason = forms.CharField(
        label="Why does this person need the record?",
        help_text=(
            "A manager of the child's team, a senior leader or information governance must "
            f"approve before the person is named. Use {NAMED_REASON_MIN_LENGTH} characters or more."
        ),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Enter why this person needs the record",
            "max_length": "Reason must be 300 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("username", field_width=20),
            Field.textarea("reason"),
            Submit("submit", "Ask for approval"),
        )

    def clean_reason(self) -> str:
        reason = " ".join(self.cleaned_data["reason"].split())
        if len(reason) < NAMED_REASON_MIN_LENGTH:
            raise forms.ValidationError(
                f"Reason must be {NAMED_REASON_MIN_LENGTH} characters or more", code="too_short"
            )
        return reason

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError("Enter the username of an active user", code="unknown")
        return user


class AuditDateField(DateInputField):
    """A GOV.UK date input for searching the log: a real date between 2000 and next year (a
    year of 9999 or of twenty digits is an error on the form, not a server error)."""

    def compress(self, data_list):
        if not data_list or not all(data_list):
            return None
        day, month, year = data_list
        try:
            value = dt.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValidationError(f"The {self.label.lower()} date must be a real date") from None
        if not EARLIEST_DATE <= value <= latest_date():
            raise ValidationError(
                f"The {self.label.lower()} date must be between {EARLIEST_DATE.year} and "
                f"{latest_date().year}"
            )
        return value


class AuditSearchForm(ErrorSummaryMixin, forms.Form):
    person = forms.CharField(label="Username", max_length=150, required=False)
    child = forms.CharField(label="LA child ID", max_length=20, required=False)
    start = AuditDateField(
        label="From", required=False, help_text="For example, 1 4 2025", require_all_fields=False
    )
    end = AuditDateField(
        label="To", required=False, help_text="For example, 30 4 2025", require_all_fields=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.form_method = "get"
        self.helper.layout = Layout(
            Field.text("person", field_width=20),
            Field.text("child", field_width=10),
            Field("start", legend_size="s"),
            Field("end", legend_size="s"),
            Submit("submit", "Search the log"),
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date must be the same as or after the start date")
        return cleaned
