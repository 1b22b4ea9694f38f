"""GOV.UK forms for allocation, supervision and workforce administration."""

from __future__ import annotations

from django import forms

from hearth.core.forms import GDSForm, GovDateField, choice, text, yes_no
from hearth.core.validators import validate_organisation_name, validate_person_name
from hearth.workforce.models import Allocation, Team, Worker


class WorkerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Worker) -> str:
        return f"{obj.full_name} ({obj.get_role_display()}, {obj.team.name})"


class AllocationForm(GDSForm):
    submit_label = "Allocate"
    worker = WorkerChoiceField(
        label="Worker",
        queryset=Worker.objects.none(),
        error_messages={"required": "Select the worker"},
    )
    kind = choice(
        "Allocated as", Allocation.Kind.choices, message="Select what the worker is allocated as"
    )
    start_date = GovDateField(label="Start date", not_future=False)
    reason = choice(
        "Reason", Allocation.Reason.choices, message="Select the reason for the allocation"
    )

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers
        self.fields["worker"].empty_label = "Select a worker"


class SupervisionForm(GDSForm):
    submit_label = "Save supervision"
    date = GovDateField(label="Date of supervision")
    wellbeing_discussed = yes_no("Was the worker's wellbeing discussed?")
    reflective_notes = text("Reflective discussion", long=True, required=False)

    def __init__(self, *args, children=(), **kwargs):
        self.children = list(children)
        super().__init__(*args, **kwargs)
        for child in self.children:
            self.fields[f"case_{child.pk}"] = forms.CharField(
                label=f"Discussion: {child.full_name} ({child.la_child_id})",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text="Leave blank if this case was not discussed.",
            )
            self.fields[f"actions_{child.pk}"] = forms.CharField(
                label=f"Actions: {child.full_name}", required=False, max_length=2000
            )
            self.fields[f"chronology_{child.pk}"] = forms.MultipleChoiceField(
                label=f"Chronology: {child.full_name}",
                choices=[("yes", f"We reviewed {child.full_name}'s chronology")],
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        from crispy_forms_gds.layout import Layout, Submit

        self.helper.layout = Layout(*self._layout(), Submit("submit", self.submit_label))

    def discussions(self):
        return [
            (
                child,
                self.cleaned_data.get(f"case_{child.pk}", ""),
                self.cleaned_data.get(f"actions_{child.pk}", ""),
                None,
                "yes" in self.cleaned_data.get(f"chronology_{child.pk}", []),
            )
            for child in self.children
        ]


class TeamForm(GDSForm):
    submit_label = "Add team"
    name = text("Team name", max_length=80, validators=[validate_organisation_name])
    kind = choice("Kind of team", Team.Kind.choices)


class PostForm(GDSForm):
    submit_label = "Add post"
    title = text("Post title", max_length=80)
    role = choice("Role", Worker.Role.choices)
    fte = forms.DecimalField(
        label="FTE",
        min_value=0.1,
        max_value=1,
        decimal_places=2,
        initial=1,
        error_messages={"required": "Enter the FTE", "invalid": "Enter the FTE as a number"},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "width": 4}),
    )
    start_date = GovDateField(label="Date established", not_future=False)


class PostFillForm(GDSForm):
    submit_label = "Fill post"
    worker = WorkerChoiceField(
        label="Worker",
        queryset=Worker.objects.none(),
        error_messages={"required": "Select the worker"},
    )
    start_date = GovDateField(label="Start date in post", not_future=False)

    def __init__(self, *args, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = workers
        self.fields["worker"].empty_label = "Select a worker"


class WorkerForm(GDSForm):
    submit_label = "Save worker"
    staff_id = text("Staff ID", max_length=12)
    first_name = text("First name", max_length=60, validators=[validate_person_name])
    last_name = text("Last name", max_length=60, validators=[validate_person_name])
    role = choice("Role", Worker.Role.choices)
    qualification = choice("Qualification", Worker.Qualification.choices)
    employment = choice("Employment", Worker.Employment.choices)
    team = forms.ModelChoiceField(
        label="Team", queryset=Team.objects.all(), error_messages={"required": "Select the team"}
    )
    start_date = GovDateField(label="Start date", not_future=False)
    leave_date = GovDateField(label="Leave date", required=False, not_future=False)
    # The values the editor read, to detect someone else's change (workers have no version).
    original = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        start, leave = cleaned.get("start_date"), cleaned.get("leave_date")
        if start and leave and leave < start:
            self.add_error("leave_date", "The leave date must be on or after the start date")
        return cleaned
