"""GOV.UK forms for audit programmes, audits, moderation, actions, surveys and complaints."""

from __future__ import annotations

from django import forms

from hearth.access.models import User
from hearth.core.forms import GDSForm, GovDateField, choice, text, yes_no
from hearth.quality.models import (
    AGREE_CHOICES,
    DOMAIN_QUESTIONS,
    AuditProgramme,
    Complaint,
    Domain,
    Grade,
    Survey,
    SurveyQuestion,
)


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.get_role_display()})"


class ProgrammeForm(GDSForm):
    submit_label = "Create programme"
    title = text("Title", max_length=120)
    theme = text("Theme", max_length=200, help_text="For example, the child's voice in CP plans")
    start_date = GovDateField(label="Start date", not_future=False)
    end_date = GovDateField(label="End date", not_future=False)
    method = choice(
        "How is the sample drawn?",
        AuditProgramme.Method.choices,
        message="Select how the sample is drawn",
    )
    risk = choice(
        "Risk rule",
        AuditProgramme.Risk.choices,
        required=False,
        help_text="Only for a risk-based sample",
    )
    indicator = forms.ChoiceField(
        label="Indicator",
        required=False,
        choices=[],
        help_text="Only for a sample from an indicator's drill-down",
    )
    sample_size = forms.IntegerField(
        label="Number of children",
        min_value=1,
        max_value=200,
        error_messages={
            "required": "Enter the number of children",
            "invalid": "Enter the number of children as a whole number",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": 3}),
    )

    def __init__(self, *args, indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [("", "Select one"), *indicators]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("method") == AuditProgramme.Method.RISK and not cleaned.get("risk"):
            self.add_error("risk", "Select the risk rule")
        if cleaned.get("method") == AuditProgramme.Method.INDICATOR and not cleaned.get(
            "indicator"
        ):
            self.add_error("indicator", "Select the indicator")
        return cleaned


class SampleForm(GDSForm):
    submit_label = "Draw the sample"
    auditors = forms.ModelMultipleChoiceField(
        label="Auditors",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one auditor"},
    )

    def __init__(self, *args, auditors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["auditors"].queryset = auditors
        self.fields["auditors"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username} ({u.get_role_display()})"
        )
        from crispy_forms_gds.layout import Layout, Submit

        self.helper.layout = Layout(*self._layout(), Submit("submit", self.submit_label))


class AuditForm(GDSForm):
    submit_label = "Complete the audit"

    def __init__(self, *args, moderators, **kwargs):
        super().__init__(*args, **kwargs)
        fields = {}
        for value, label in Domain.choices:
            fields[f"grade_{value}"] = choice(
                label,
                Grade.choices,
                help_text=DOMAIN_QUESTIONS[value],
                message=f"Select the grade for {label[0].lower() + label[1:]}",
            )
            fields[f"comment_{value}"] = text(
                f"Evidence: {label[0].lower() + label[1:]}",
                long=True,
                required=False,
                max_length=2000,
            )
        fields["overall_grade"] = choice("Overall grade", Grade.choices)
        fields["chronology_reviewed"] = yes_no("Did you review the child's chronology?")
        fields["strengths"] = text("Strengths", long=True, required=False, max_length=4000)
        fields["learning"] = text(
            "Learning and what must improve", long=True, required=False, max_length=4000
        )
        fields["themes"] = text(
            "Themes",
            required=False,
            max_length=300,
            help_text="Separate themes with commas, for example: drift, voice of the child",
        )
        fields["moderator"] = UserChoiceField(
            label="Moderator",
            queryset=moderators,
            error_messages={"required": "Select the second auditor to moderate"},
        )
        fields["moderator"].empty_label = "Select a moderator"
        self.fields.update(fields)
        from crispy_forms_gds.layout import Layout, Submit

        self.helper.layout = Layout(*self._layout(), Submit("submit", self.submit_label))

    def grades(self) -> dict[str, tuple[str, str]]:
        return {
            value: (self.cleaned_data[f"grade_{value}"], self.cleaned_data[f"comment_{value}"])
            for value in Domain.values
        }


class ModerationForm(GDSForm):
    submit_label = "Save moderation"
    agrees = yes_no("Do you agree with the overall grade?")
    moderated_grade = choice(
        "The grade you would give", Grade.choices, required=False, help_text="Only if you disagree"
    )
    comment = text("Comment", long=True, required=False, max_length=2000)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("agrees") is False:
            if not cleaned.get("moderated_grade"):
                self.add_error("moderated_grade", "Select the grade you would give")
            if not (cleaned.get("comment") or "").strip():
                self.add_error("comment", "Say why you disagree with the grade")
        return cleaned


class ActionForm(GDSForm):
    submit_label = "Set action"
    description = text(
        "What must be done", long=True, max_length=1000, message="Enter what must be done"
    )
    owner = UserChoiceField(
        label="Owner",
        queryset=User.objects.none(),
        error_messages={"required": "Select who owns the action"},
    )
    due_date = GovDateField(label="Due date", not_future=False)

    def __init__(self, *args, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        self.fields["owner"].empty_label = "Select the owner"


class ActionCompleteForm(GDSForm):
    submit_label = "Mark as done"
    note = text("What was done", long=True, max_length=2000, message="Enter what was done")


MEASURE_CHOICES = [("happy_with_worker", "Yes: it asks if they are happy with their social worker")]


class SurveyForm(GDSForm):
    submit_label = "Create survey"
    title = text("Title", max_length=120)
    audience = choice("Who is it for?", Survey.Audience.choices, message="Select who it is for")
    introduction = text("Introduction", long=True, required=False, max_length=1000)
    questions = text(
        "Questions with yes, sometimes or no answers",
        long=True,
        max_length=3000,
        help_text="One question on each line",
    )
    happy_question = forms.IntegerField(
        label="Which question asks if they are happy with their social worker?",
        required=False,
        min_value=1,
        help_text="Its number in the list above, counted from 1. Leave blank if none.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "width": 2}),
        error_messages={"invalid": "Enter the question's number as a whole number"},
    )
    text_question = text(
        "A question with a written answer",
        required=False,
        max_length=300,
        help_text="For example, what would make things better for you? Leave blank if none.",
    )

    def clean(self):
        cleaned = super().clean()
        lines = [ln.strip() for ln in (cleaned.get("questions") or "").splitlines() if ln.strip()]
        if any(len(ln) > 300 for ln in lines):
            self.add_error("questions", "Each question must be 300 characters or fewer")
        n = cleaned.get("happy_question")
        if n and n > len(lines):
            self.add_error("happy_question", f"There are only {len(lines)} questions")
        cleaned["question_list"] = [
            (ln, SurveyQuestion.Kind.AGREE, "happy_with_worker" if i == n else "")
            for i, ln in enumerate(lines, start=1)
        ]
        if cleaned.get("text_question"):
            cleaned["question_list"].append(
                (cleaned["text_question"], SurveyQuestion.Kind.TEXT, "")
            )
        return cleaned


class SurveyAnswersForm(GDSForm):
    """The survey's questions: for staff entering a paper form, and for the young person."""

    submit_label = "Send"

    def __init__(self, *args, survey, with_date=False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_date:
            self.fields["date"] = GovDateField(label="Date on the form")
            self.fields["la_child_id"] = text(
                "LA child ID",
                required=False,
                max_length=20,
                help_text="Only if the young person put their name on the form",
            )
        for q in survey.questions.all():
            if q.kind == SurveyQuestion.Kind.AGREE:
                self.fields[f"q_{q.pk}"] = choice(q.text, AGREE_CHOICES, required=False)
            else:
                self.fields[f"q_{q.pk}"] = text(q.text, long=True, required=False, max_length=2000)
        from crispy_forms_gds.layout import Layout, Submit

        self.helper.layout = Layout(*self._layout(), Submit("submit", self.submit_label))

    def answers(self) -> dict[int, str]:
        return {
            int(name[2:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("q_") and value
        }

    def clean(self):
        cleaned = super().clean()
        if not any(v for k, v in cleaned.items() if k.startswith("q_")):
            raise forms.ValidationError("Answer at least one question")
        return cleaned


class SurveyLinkForm(GDSForm):
    submit_label = "Make a link"
    la_child_id = text(
        "LA child ID of the young person",
        max_length=20,
        message="Enter the young person's LA child ID",
    )


class ComplaintForm(GDSForm):
    submit_label = "Save"
    kind = choice(
        "Is it a complaint or a compliment?",
        Complaint.Kind.choices,
        message="Select if it is a complaint or a compliment",
    )
    made_by = choice("Who made it?", Complaint.From.choices, message="Select who made it")
    received_date = GovDateField(label="Date received")
    la_child_id = text(
        "LA child ID", required=False, max_length=20, help_text="If it is about one child"
    )
    summary = text("Summary", long=True, max_length=2000)


class ComplaintResponseForm(GDSForm):
    submit_label = "Record the response"
    responded_date = GovDateField(label="Date of the response")
    outcome = choice("Outcome", Complaint.Outcome.choices)
    extended = yes_no("Was the timescale extended with the complainant's agreement?")


class ComplaintEscalateForm(GDSForm):
    submit_label = "Move to the next stage"
    start = GovDateField(label="Date the complainant asked for the next stage")
