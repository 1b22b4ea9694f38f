from __future__ import annotations

from hearth.core.forms import GDSForm, GovDateField, choice, text
from hearth.core.validators import validate_organisation_name
from hearth.sharing.models import SharingDecision as S


class SharingDecisionForm(GDSForm):
    submit_label = "Record the decision"
    date = GovDateField(label="Date of the decision")
    decision = choice("Decision", S.Decision.choices, message="Select whether you shared")
    direction = choice(
        "How it started", S.Direction.choices, message="Select whether you disclosed or were asked"
    )
    agency = choice("Agency", S.Agency.choices, message="Select the agency")
    recipient = text(
        "Person or team",
        max_length=120,
        validators=[validate_organisation_name],
        help_text="Who received the information, or who asked for it",
    )
    information = text(
        "What information",
        long=True,
        max_length=2000,
        help_text="What was shared, or what was asked for",
        message="Enter what information was shared or asked for",
    )
    purpose = text(
        "Why",
        long=True,
        max_length=2000,
        help_text="The safeguarding purpose: what the partner needs it for",
        message="Enter why the information was shared or asked for",
    )
    lawful_basis = choice(
        "Lawful basis for sharing",
        S.LawfulBasis.choices,
        required=False,
        help_text="Needed when the information was shared",
    )
    consent = choice("Consent", S.Consent.choices, message="Select what happened about consent")
    consent_note = text(
        "Why consent was not sought, or what was said",
        long=True,
        required=False,
        max_length=1000,
        help_text="Seeking consent can place a child at risk: say so when that is the reason",
    )
    reason_not_shared = text(
        "Reason for not sharing",
        long=True,
        required=False,
        max_length=2000,
        help_text="Needed when you decided not to share",
    )


class PeriodForm(GDSForm):
    submit_label = "Show"
    start = GovDateField(label="From")
    end = GovDateField(label="To")

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The end of the period must be on or after its start")
        return data
