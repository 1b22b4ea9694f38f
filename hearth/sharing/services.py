"""Recording information-sharing decisions: validated, saved and audited in one transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.core.services import create_recorded
from hearth.people.models import Child
from hearth.sharing.models import SharingDecision


@transaction.atomic
def sharing_decision_record(
    *,
    child: Child,
    date: dt.date,
    decision: str,
    direction: str,
    agency: str,
    recipient: str,
    information: str,
    purpose: str,
    consent: str,
    lawful_basis: str = "",
    consent_note: str = "",
    reason_not_shared: str = "",
    acting_user,
    request=None,
) -> SharingDecision:
    """Record that information about the child was shared with a partner, or that it was
    decided not to share it (with the reason)."""
    if date > timezone.localdate():
        raise ValidationError({"date": "The date of the decision must be today or in the past"})
    shared = decision == SharingDecision.Decision.SHARED
    item = SharingDecision(
        child=child,
        date=date,
        decision=decision,
        direction=direction,
        agency=agency,
        recipient=recipient.strip(),
        information=information.strip(),
        purpose=purpose.strip(),
        lawful_basis=lawful_basis if shared else "",
        consent=consent,
        consent_note=consent_note.strip(),
        reason_not_shared="" if shared else reason_not_shared.strip(),
        worker=getattr(acting_user, "worker", None),
    )
    item.clean()
    item._check_not_before_birth(date, "date")
    what = "Recorded information shared" if shared else "Recorded a decision not to share"
    return create_recorded(
        item, acting_user=acting_user, what=f"{what} ({item.get_agency_display()})", request=request
    )
