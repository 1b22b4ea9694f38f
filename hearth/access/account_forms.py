"""GOV.UK forms for administering accounts."""

from __future__ import annotations

from django import forms

from hearth.access.models import User
from hearth.core.forms import GDSForm, choice, text
from hearth.core.validators import validate_person_name
from hearth.workforce.models import Worker


class WorkerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Worker) -> str:
        return f"{obj.full_name} ({obj.get_role_display()}, {obj.team.name})"


def _worker_field() -> WorkerChoice:
    return WorkerChoice(
        label="Worker record",
        help_text="The worker whose caseload and team this account acts for. Leave blank for "
        "accounts that hold no cases (administrators, auditors, analysts).",
        queryset=Worker.objects.filter(leave_date__isnull=True)
        .select_related("team")
        .order_by("last_name", "first_name"),
        required=False,
        empty_label="No worker",
    )


class UserCreateForm(GDSForm):
    submit_label = "Create account"
    username = forms.RegexField(
        label="Username",
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        help_text="Letters, digits and . @ + - _ only",
        error_messages={
            "required": "Enter a username",
            "invalid": "Username can only contain letters, digits and . @ + - _",
        },
    )
    first_name = text("First name", max_length=150, validators=[validate_person_name])
    last_name = text("Last name", max_length=150, validators=[validate_person_name])
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter an email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )
    role = choice("Role", User.Role.choices, message="Select the role")
    organisation = text(
        "Agency or organisation",
        required=False,
        max_length=100,
        help_text="For a partner agency's account: the force, trust, school or charity",
    )
    password = forms.CharField(
        label="Temporary password",
        help_text="At least 12 characters. Give it to the person separately; they set up "
        "two-factor authentication when they first sign in.",
        widget=forms.PasswordInput(render_value=False),
        error_messages={"required": "Enter a temporary password"},
    )
    worker = _worker_field()


class UserWorkerForm(GDSForm):
    submit_label = "Save worker link"
    worker = _worker_field()


class UserDisableForm(GDSForm):
    submit_label = "Disable account"
    reason = text(
        "Why are you disabling this account?",
        long=True,
        max_length=500,
        message="Enter why you are disabling this account",
    )
