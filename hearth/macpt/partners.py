"""What a partner-agency user sees: the one place that decides the fields of a partner's
reduced record and of a referrer's outcome list, so no template can add more.

A partner sees: the child's identifying details (the banner), the statuses and warnings of the
key-information panel (not what is due for the LA), the allocated social worker and the people
in the MACPT work, the child protection work (strategy discussions, section 47 enquiries, the
plan's dates and category, conference dates) and the contributions they may read. Never case
notes, assessments, documents, family members, addresses or other agencies' confidential
contributions. A referrer sees only the front door's decision on their contact and its date."""

from __future__ import annotations

from django.utils import timezone

from hearth.access.models import PartnerInvolvement, User
from hearth.access.selectors import partner_involvements
from hearth.casework.models import (
    ChildProtectionConference,
    Contact,
    CPPlan,
    Section47Enquiry,
    StrategyDiscussion,
)
from hearth.macpt import selectors
from hearth.people.models import Child
from hearth.people.selectors import key_information

# The key-information warnings a partner is shown (not, for instance, the restricted-record
# warning's internal wording or anything added later without deciding).
PARTNER_WARNINGS = frozenset({"missing", "cp_plan", "exploitation", "disability", "uasc"})


def partner_record(*, user: User, child: Child) -> dict:
    today = timezone.localdate()
    info = key_information(child=child, on=today)
    allocation = info.social_worker
    return {
        "involvements": list(partner_involvements(user=user, child=child)),
        "statuses": info.statuses,
        "warnings": [w for w in info.warnings if w.code in PARTNER_WARNINGS],
        "social_worker": allocation.worker if allocation is not None else None,
        "lead": selectors.lead_practitioner(child=child),
        "members": list(selectors.current_members(child=child)),
        "strategy_discussions": list(
            StrategyDiscussion.objects.live().filter(child=child).order_by("-date")[:10]
        ),
        "section47s": list(
            Section47Enquiry.objects.live().filter(child=child).order_by("-start_date")[:10]
        ),
        "cp_plan": CPPlan.objects.live()
        .filter(child=child, end_date__isnull=True)
        .order_by("-start_date")
        .first(),
        "conferences": list(
            ChildProtectionConference.objects.live().filter(child=child).order_by("-date")[:5]
        ),
        "own_contributions": list(
            selectors.contributions_visible_to(user=user, child=child).filter(agency=user.agency)
        ),
    }


def referral_outcomes(*, user: User) -> list[dict]:
    """The contacts the partner made (their `referrer` involvements) and, for each, the front
    door's decision and its date: nothing else about the child or the case."""
    rows = []
    items = PartnerInvolvement.objects.filter(
        user=user,
        purpose=PartnerInvolvement.Purpose.REFERRER,
        source__startswith="casework.contact:",
    ).select_related("child")
    contact_ids = {}
    for item in items:
        try:
            contact_ids[int(item.source.split(":", 1)[1])] = item
        except ValueError:
            continue
    contacts = (
        Contact.objects.live()
        .filter(pk__in=contact_ids)
        .select_related("decision", "child")
        .order_by("-received_at")
    )
    for contact in contacts:
        decision = getattr(contact, "decision", None)
        rows.append(
            {
                "received_at": contact.received_at,
                "child_name": f"{contact.child.first_name} {contact.child.last_name}",
                "outcome": decision.get_outcome_display() if decision else "",
                "decided_at": decision.decided_at if decision else None,
            }
        )
    return rows
