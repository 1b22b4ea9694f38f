"""GOV.UK forms for the self-assessment, its action plans and the inspection pack."""

from __future__ import annotations

from django import forms

from hearth.access.models import User
from hearth.core.forms import GDSForm, GovDateField, choice, text
from hearth.insight.indicators import indicators
from hearth.insight.models import Action, SelfAssessmentEntry


def _indicator_choices():
    return [(i.key, f"{i.title} ({i.theme_title})") for i in indicators()]


class EntryForm(GDSForm):
    submit_label = "Save"
    kind = choice(
        "Is this a strength or an area for improvement?",
        SelfAssessmentEntry.Kind.choices,
        message="Select whether this is a strength or an area for improvement",
    )
    title = text("Summary", max_length=200, message="Enter a summary")
    narrative = text("What the evidence shows", long=True, required=False)
    indicators = forms.MultipleChoiceField(
        label="Indicators that evidence it",
        help_text="Select all that apply. Their current values are shown beside the entry.",
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = _indicator_choices()


class OwnerField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        name = obj.get_full_name() or obj.get_username()
        return f"{name} ({obj.get_role_display()})"


def _owners():
    return User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")


class ActionForm(GDSForm):
    submit_label = "Add action"
    description = text("Action", max_length=300, message="Enter the action")
    owner = OwnerField(
        label="Owner",
        queryset=User.objects.none(),
        empty_label="Select the owner",
        error_messages={"required": "Select the owner"},
    )
    due_date = GovDateField(label="Due date", not_future=False)
    evidence = text("Evidence so far", long=True, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _owners()


class ActionUpdateForm(GDSForm):
    submit_label = "Record progress"
    status = choice("Status", Action.Status.choices, message="Select the status")
    due_date = GovDateField(label="Due date", not_future=False)
    progress = text("Progress made", long=True, message="Enter the progress made")
    evidence = text("Evidence", long=True, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class PackForm(GDSForm):
    submit_label = "Download the inspection pack"
    as_of = GovDateField(label="As at date", not_future=True)
