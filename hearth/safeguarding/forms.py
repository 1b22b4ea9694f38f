"""GOV.UK forms for the LADO, private fostering, young carers and homeless 16 and 17 year olds."""

from __future__ import annotations

from hearth.core.forms import GDSForm, GovDateField, VersionedForm, choice, text, yes_no
from hearth.core.validators import validate_organisation_name, validate_uk_postcode
from hearth.safeguarding.models import (
    LONG,
    HomelessPresentation,
    LadoReferral,
    PrivateFostering,
    YoungCarer,
)


def _name(label: str, **kwargs):
    return text(label, max_length=100, validators=[validate_organisation_name], **kwargs)


# --- LADO --------------------------------------------------------------------------------------


class LadoReferralForm(GDSForm):
    submit_label = "Save the referral"
    received_date = GovDateField(label="Date the referral was received")
    referrer = _name(
        "Who referred", help_text="The person and organisation, for example a headteacher"
    )
    person_name = _name("Name of the person the allegation is about")
    person_role = _name("Their job or role", help_text="For example teaching assistant, coach")
    employer = _name("Employer or organisation")
    sector = choice("Sector", LadoReferral.Sector.choices, message="Select the sector")
    category = choice(
        "Allegation category",
        LadoReferral.Category.choices,
        message="Select the category of the allegation",
    )
    summary = text("What is alleged", long=True, max_length=LONG)


class LadoConsiderationForm(VersionedForm):
    submit_label = "Save the initial consideration"
    initial_consideration_date = GovDateField(label="Date of the initial consideration")
    threshold_met = yes_no(
        "Is the harm threshold met?",
        help_text="The person may have harmed a child, committed an offence against or related "
        "to a child, behaved towards a child in a way that indicates they may pose a risk, or "
        "behaved in a way that indicates they may not be suitable to work with children",
    )
    strategy_meeting_date = GovDateField(
        label="Date of the strategy meeting",
        required=False,
        help_text="Leave blank if no strategy meeting was needed or it has not happened yet",
    )


class LadoOutcomeForm(VersionedForm):
    submit_label = "Save the outcome"
    outcome = choice("Outcome", LadoReferral.Outcome.choices, message="Select the outcome")
    outcome_date = GovDateField(label="Date of the outcome")
    outcome_notes = text("Outcome and actions", long=True, required=False, max_length=LONG)


class LadoLinkChildForm(GDSForm):
    submit_label = "Link the child"
    la_child_id = text(
        "The child's LA child ID",
        max_length=20,
        help_text="The child's record number, for example C0000101",
    )


# --- Private fostering -------------------------------------------------------------------------


class PrivateFosteringNotifyForm(GDSForm):
    submit_label = "Save the notification"
    notified_date = GovDateField(label="Date the local authority was notified")
    start_date = GovDateField(
        label="Date the arrangement began (or will begin)",
        not_future=False,
        help_text="A carer must notify at least 6 weeks before the arrangement begins",
    )
    notifier = choice(
        "Who notified", PrivateFostering.Notifier.choices, message="Select who notified"
    )
    carer_name = _name("Private foster carer's name")
    carer_postcode = text(
        "Private foster carer's postcode",
        required=False,
        max_length=8,
        validators=[validate_uk_postcode],
    )


class PrivateFosteringVisitForm(GDSForm):
    submit_label = "Save the visit"
    date = GovDateField(label="Date of the visit")
    child_seen_alone = yes_no("Was the child spoken to alone?")
    notes = text("What was seen and discussed", long=True, max_length=LONG)


class PrivateFosteringAssessForm(VersionedForm):
    submit_label = "Save the assessment"
    assessment_date = GovDateField(label="Date the suitability assessment was completed")
    assessment = choice(
        "Outcome of the assessment",
        PrivateFostering.Assessment.choices,
        message="Select the outcome of the assessment",
    )


class PrivateFosteringEndForm(VersionedForm):
    submit_label = "End the arrangement"
    end_date = GovDateField(label="Date the arrangement ended")
    end_reason = choice(
        "Why it ended", PrivateFostering.EndReason.choices, message="Select why it ended"
    )


# --- Young carers ------------------------------------------------------------------------------


class YoungCarerForm(GDSForm):
    submit_label = "Save"
    identified_date = GovDateField(label="Date identified as a young carer")
    identified_by = choice(
        "Who identified them", YoungCarer.IdentifiedBy.choices, message="Select who identified them"
    )
    cares_for = choice(
        "Who they care for", YoungCarer.CaresFor.choices, message="Select who they care for"
    )
    caring_role = text("What the caring involves", long=True, max_length=LONG)


class YoungCarerAssessForm(VersionedForm):
    submit_label = "Save"
    assessment_date = GovDateField(
        label="Date the young carer's needs assessment was completed", required=False
    )
    needs_identified = yes_no("Did the assessment identify support needs?", required=False)
    support = text(
        "Support provided",
        long=True,
        required=False,
        max_length=LONG,
        help_text="For example a young carers group, respite, school support, adult services for "
        "the person cared for",
    )
    end_date = GovDateField(
        label="Date they stopped being a young carer",
        required=False,
        help_text="Leave blank while they are still caring",
    )


# --- Homeless 16 and 17 year olds ------------------------------------------------------------


class HomelessPresentForm(GDSForm):
    submit_label = "Save"
    presented_date = GovDateField(label="Date the young person presented")
    presented_to = choice(
        "Who they presented to",
        HomelessPresentation.PresentedTo.choices,
        message="Select who they presented to",
    )
    accommodated_that_night = yes_no("Do they have somewhere safe to stay tonight?")
    circumstances = text("Circumstances", long=True, max_length=LONG)


class HomelessDecideForm(VersionedForm):
    submit_label = "Save the outcome"
    joint_assessment_date = GovDateField(
        label="Date the joint housing and children's services assessment was completed"
    )
    outcome = choice("Outcome", HomelessPresentation.Outcome.choices, message="Select the outcome")
    outcome_date = GovDateField(label="Date of the outcome")
    decision_notes = text(
        "The decision and why",
        long=True,
        max_length=LONG,
        help_text="Include the young person's wishes and whether they were told about the "
        "consequences of being accommodated under section 20",
    )
