"""Family Help forms: start, the family assessment and plan (a needs and a views question for
each child), a plan review, a child's step up or down, and the end of Family Help."""

from __future__ import annotations

from crispy_forms_gds.layout import Layout, Submit
from django import forms

from hearth.core import codes
from hearth.core.forms import GDSForm, GovDateField, choice, text, yes_no
from hearth.core.validators import validate_organisation_name, validate_person_name
from hearth.familyhelp.models import FamilyHelpEpisode as E
from hearth.familyhelp.models import FamilyHelpEvent, FamilyPlanReview, LeadAgency


def _relayout(form) -> None:
    """Lay the form out again after its fields changed (questions added or removed)."""
    form.helper.layout = Layout(
        *form._layout(), Submit("submit", form.submit_label, data_prevent_double_click="true")
    )


def _checkboxes(label: str, choices, *, required: bool, message: str = "", help_text: str = ""):
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
        error_messages={"required": message or f"Select the {label.lower()}"},
    )


def _select(label: str, choices, *, required: bool, message: str = "", help_text: str = ""):
    return forms.ChoiceField(
        label=label,
        choices=[("", "Select one"), *choices],
        required=required,
        widget=forms.Select,
        help_text=help_text,
        error_messages={"required": message or f"Select the {label[0].lower() + label[1:]}"},
    )


class FamilyHelpStartForm(GDSForm):
    submit_label = "Start Family Help"

    def __init__(self, *args, children, adults, leads, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].choices = [
            (
                str(c.pk),
                f"{c.full_name}"
                + (f", born {c.date_of_birth:%-d %b %Y}" if c.date_of_birth else ""),
            )
            for c in children
        ]
        self.fields["adults"].choices = [
            (str(a.pk), f"{a.first_name} {a.last_name} ({a.get_relationship_display()})")
            for a in adults
        ]
        if not adults:
            del self.fields["adults"]
        self.fields["lead_user"].choices = [
            ("", "Not a Hearth user: enter their name below"),
            *[
                (
                    str(u.pk),
                    f"{u.get_full_name() or u.username} ({u.get_role_display()}"
                    + (f", {u.organisation})" if getattr(u, "organisation", "") else ")"),
                )
                for u in leads
            ],
        ]
        self.fields["team"].choices = [("", "Select one"), *[(str(t.pk), t.name) for t in teams]]
        _relayout(self)

    family_name = text(
        "Family name",
        max_length=100,
        validators=[validate_organisation_name],
        help_text="How the family is known, for example the Ahmed family",
    )
    children = _checkboxes(
        "Children the help is for",
        [],
        required=True,
        message="Select the children the help is for",
        help_text="Brothers, sisters and other children linked in the family network that you can see",
    )
    adults = _checkboxes(
        "Adults the help is for",
        [],
        required=False,
        help_text="Parents and carers in the family network",
    )
    level = choice(
        "Level of Family Help",
        E.Level.choices,
        message="Select the level of Family Help",
        help_text="At the s17 level each child is a child in need (CIN census) from the start date",
    )
    start_date = GovDateField(label="Start date")
    primary_need = _select(
        "Main need", codes.PrimaryNeed.choices, required=True, message="Select the main need"
    )
    referral_source = _select(
        "Who asked for help",
        codes.ReferralSource.choices,
        required=True,
        message="Select who asked for help",
    )
    reason = text(
        "Why the family needs help",
        long=True,
        max_length=2000,
        message="Enter why the family needs help",
    )
    lead_user = forms.ChoiceField(
        label="Family Help Lead Practitioner",
        required=False,
        widget=forms.Select,
        help_text="Choose them if they sign in to Hearth",
    )
    lead_name = text(
        "Lead practitioner's name",
        required=False,
        max_length=100,
        validators=[validate_person_name],
        help_text="Only for a partner practitioner who does not sign in to Hearth",
    )
    lead_agency = choice(
        "Who the lead practitioner works for",
        LeadAgency.choices,
        message="Select who the lead practitioner works for",
    )
    lead_organisation = text(
        "Lead practitioner's organisation",
        required=False,
        max_length=120,
        validators=[validate_organisation_name],
        help_text="For a partner agency, for example Oakfield Primary School",
    )
    team = forms.ChoiceField(label="Family Help team", required=False, widget=forms.Select)
    stepped_down = yes_no("Is this a step down from child protection or care?")

    def clean(self):
        data = super().clean()
        if not data.get("lead_user") and not (data.get("lead_name") or "").strip():
            self.add_error(
                "lead_user",
                "Select the lead practitioner, or enter the name of a partner practitioner",
            )
        return data


def _per_child_fields(form, members, *, needs_label: str):
    for m in members:
        name = m.child.full_name
        form.fields[f"needs_{m.child_id}"] = text(
            f"{needs_label}: {name}",
            long=True,
            max_length=5000,
            message=f"Enter {name}'s needs",
        )
        form.fields[f"views_{m.child_id}"] = text(
            f"{name}'s views, in their own words",
            long=True,
            max_length=5000,
            message=f"Enter {name}'s views, in their own words",
            help_text="What the child said, or how they showed it if they do not talk",
        )


class _PerChildForm(GDSForm):
    needs_label = ""

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        _per_child_fields(self, members, needs_label=self.needs_label)
        _relayout(self)

    def per_child(self) -> dict[int, dict[str, str]]:
        return {
            m.child_id: {
                "needs": self.cleaned_data[f"needs_{m.child_id}"],
                "views": self.cleaned_data[f"views_{m.child_id}"],
            }
            for m in self.members
        }

    def common(self) -> dict:
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if not k.startswith(("needs_", "views_")) and k != "version"
        }


class FamilyAssessmentForm(_PerChildForm):
    submit_label = "Save the assessment"
    needs_label = "Needs"
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    start_date = GovDateField(label="Date the assessment started")
    completed_date = GovDateField(
        label="Date the assessment was completed",
        required=False,
        help_text="Leave blank until it is complete. For example, 27 3 2024",
    )
    family_strengths = text(
        "The family's strengths", long=True, max_length=5000, message="Enter the family's strengths"
    )
    family_needs = text(
        "What the family needs help with",
        long=True,
        max_length=5000,
        message="Enter what the family needs help with",
    )
    family_views = text(
        "What the parents and carers say", long=True, required=False, max_length=5000
    )


class FamilyPlanForm(_PerChildForm):
    submit_label = "Save the plan"
    needs_label = "What will change"
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    start_date = GovDateField(label="Date the plan started")
    outcomes = text(
        "What the family wants to change",
        long=True,
        max_length=5000,
        message="Enter what the family wants to change",
    )
    actions = text(
        "Who will do what, by when", long=True, max_length=5000, message="Enter who will do what"
    )
    review_due = GovDateField(
        label="Date the plan will be reviewed", required=False, not_future=False
    )


class FamilyPlanReviewForm(GDSForm):
    submit_label = "Record the review"
    date = GovDateField(label="Date of the review")
    progress = text(
        "What has changed for the family",
        long=True,
        max_length=5000,
        message="Enter what has changed for the family",
    )
    childrens_views = text(
        "What the children say, in their own words",
        long=True,
        max_length=5000,
        message="Enter what the children say",
    )
    outcome = choice("Outcome", FamilyPlanReview.Outcome.choices, message="Select the outcome")
    next_review_due = GovDateField(
        label="Date of the next review", required=False, not_future=False
    )


class FamilyHelpEventForm(GDSForm):
    submit_label = "Record"

    def __init__(self, *args, members, discussions, enquiries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].choices = [(str(m.child_id), m.child.full_name) for m in members]
        self.fields["strategy_discussion"].choices = [
            ("", "None"),
            *[
                (str(s.pk), f"{s.child.full_name}: strategy discussion {s.date:%-d %b %Y}")
                for s in discussions
            ],
        ]
        self.fields["section47"].choices = [
            ("", "None"),
            *[
                (
                    str(s.pk),
                    f"{s.child.full_name}: section 47 enquiry from {s.start_date:%-d %b %Y}",
                )
                for s in enquiries
            ],
        ]

    child = forms.ChoiceField(
        label="Child",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the child"},
    )
    kind = choice("What happened", FamilyHelpEvent.Kind.choices, message="Select what happened")
    date = GovDateField(label="Date")
    note = text(
        "What happened and why", long=True, max_length=2000, message="Enter what happened and why"
    )
    strategy_discussion = forms.ChoiceField(
        label="Strategy discussion", required=False, widget=forms.Select
    )
    section47 = forms.ChoiceField(label="Section 47 enquiry", required=False, widget=forms.Select)


class FamilyHelpEndForm(GDSForm):
    submit_label = "End Family Help"

    def __init__(self, *args, s17: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not s17:
            del self.fields["closure_reason"]
            _relayout(self)

    version = forms.IntegerField(widget=forms.HiddenInput)
    end_date = GovDateField(label="End date")
    end_reason = choice("Why Family Help ended", E.EndReason.choices, message="Select why it ended")
    closure_reason = _select(
        "Reason the child in need case closed (CIN census)",
        codes.CINClosureReason.choices,
        required=True,
        message="Select the reason the child in need case closed",
        help_text="Each child's case Family Help opened closes the same day, unless the child is now on a protection plan or looked after",
    )
