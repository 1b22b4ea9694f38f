from __future__ import annotations

from hearth.core.forms import GDSForm, GovDateField, VersionedForm, choice, text
from hearth.partnership.models import PartnershipReport


class ReportGenerateForm(GDSForm):
    submit_label = "Generate the report"
    audience = choice(
        "Who the report is for",
        PartnershipReport.Audience.choices,
        message="Select who the report is for",
    )
    period_start = GovDateField(label="Start of the period")
    period_end = GovDateField(label="End of the period")


class CommentaryForm(VersionedForm):
    submit_label = "Save the commentary"
    text = text(
        "Director's commentary",
        long=True,
        max_length=6000,
        help_text="What the figures show, what is being done and what members should ask about",
    )
