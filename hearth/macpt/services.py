"""MACPT work on a child: who is in it (and so which partners may see the child), the Lead
Child Protection Practitioner, and each agency's contribution to the joint strategy discussion
and section 47 enquiry. Keyword-only actions, validated, saved and audited in one transaction."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.access import permissions
from hearth.access import services as access_services
from hearth.access.models import PARTNER_ROLES, Agency, PartnerInvolvement, User
from hearth.access.selectors import children_visible_to
from hearth.core.services import create_recorded, write_audit
from hearth.macpt.models import ChildMember, Contribution, MultiAgencyTeam
from hearth.people.models import Child

LEAD_ROLES = permissions.LEAD_CP_PRACTITIONER_ROLES


def _source(member: ChildMember) -> str:
    return f"macpt.childmember:{member.pk}"


def _check_date(day: dt.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: "The date must be today or in the past"})


def _has_cp_work(child: Child) -> bool:
    """A child's MACPT work runs within an open child-in-need episode (the strategy discussion,
    the section 47 enquiry and any child protection plan all belong to one)."""
    return child.cin_episodes.live().filter(closure_date__isnull=True).exists()


@transaction.atomic
def member_add(
    *,
    child: Child,
    user: User,
    start_date: dt.date,
    acting_user: User,
    team: MultiAgencyTeam | None = None,
    request=None,
) -> ChildMember:
    """Add a person to the child's MACPT work. A partner-agency member is given a
    `macpt_member` involvement: from now on they see the child's reduced record."""
    _check_date(start_date, "start_date")
    if not _has_cp_work(child):
        raise ValidationError("The child has no open child protection work to join")
    if not user.is_active:
        raise ValidationError({"user": "This account is disabled"})
    if child.macpt_members.live().filter(user=user, end_date__isnull=True).exists():
        raise ValidationError({"user": f"{user} is already working with this child"})
    if (
        user.role not in PARTNER_ROLES
        and not children_visible_to(user=user).filter(pk=child.pk).exists()
    ):
        raise ValidationError(
            {"user": f"{user} cannot see this child's record: allocate them first"}
        )
    member = ChildMember(
        child=child,
        team=team,
        user=user,
        agency=user.agency,
        role=ChildMember.Role.MEMBER,
        start_date=start_date,
    )
    member.full_clean()
    create_recorded(
        member,
        acting_user=acting_user,
        what=f"Added {user.get_username()} ({member.get_agency_display()}) to the MACPT work",
        request=request,
    )
    if user.role in PARTNER_ROLES:
        member.involvement = access_services.start_partner_involvement(
            user=user,
            child=child,
            purpose=PartnerInvolvement.Purpose.MACPT_MEMBER,
            started_on=start_date,
            granted_by=acting_user,
            source=_source(member),
            request=request,
        )
        member.save(update_fields=["involvement"])
    return member


@transaction.atomic
def member_end(
    *, member: ChildMember, end_date: dt.date, acting_user: User, request=None
) -> ChildMember:
    """End a person's part in the child's MACPT work; a partner's access ends with it."""
    _check_date(end_date, "end_date")
    if member.end_date is not None:
        raise ValidationError("This person's part in the work has already ended")
    if end_date < member.start_date:
        raise ValidationError({"end_date": "The end date cannot be before they joined"})
    member.end_date = end_date
    member.version += 1
    member.save(update_fields=["end_date", "version", "updated_at"])
    write_audit(
        acting_user=acting_user,
        action="update",
        what=f"Ended {member.user.get_username()}'s part in the MACPT work",
        child=member.child,
        records=[member],
        request=request,
    )
    access_services.end_partner_involvements(
        child=member.child,
        user=member.user,
        source=_source(member),
        ended_on=end_date,
        ended_by=acting_user,
        request=request,
    )
    return member


@transaction.atomic
def lead_appoint(
    *, child: Child, user: User, start_date: dt.date, acting_user: User, request=None
) -> ChildMember:
    """Name the child's Lead Child Protection Practitioner (an LA social worker who can see the
    child), ending the previous lead's term the same day."""
    _check_date(start_date, "start_date")
    if user.role not in LEAD_ROLES:
        raise ValidationError(
            {"user": "The lead child protection practitioner is a local authority social worker"}
        )
    if not _has_cp_work(child):
        raise ValidationError("The child has no open child protection work to lead")
    if not children_visible_to(user=user).filter(pk=child.pk).exists():
        raise ValidationError(
            {"user": f"{user} cannot see this child's record: allocate them first"}
        )
    current = child.macpt_members.live().filter(role=ChildMember.Role.LEAD, end_date__isnull=True)
    for previous in current:
        if previous.user_id == user.pk:
            raise ValidationError({"user": f"{user} is already the lead practitioner"})
        member_end(
            member=previous,
            end_date=max(start_date, previous.start_date),
            acting_user=acting_user,
            request=request,
        )
    lead = ChildMember(
        child=child, user=user, agency=Agency.LA, role=ChildMember.Role.LEAD, start_date=start_date
    )
    lead.full_clean()
    create_recorded(
        lead,
        acting_user=acting_user,
        what=f"Named {user.get_username()} lead child protection practitioner",
        request=request,
    )
    lead.involvement = access_services.start_partner_involvement(
        user=user,
        child=child,
        purpose=PartnerInvolvement.Purpose.LEAD_CP_PRACTITIONER,
        started_on=start_date,
        granted_by=acting_user,
        source=_source(lead),
        request=request,
    )
    lead.save(update_fields=["involvement"])
    return lead


@transaction.atomic
def contribution_add(
    *,
    child: Child,
    date: dt.date,
    shared: str,
    acting_user: User,
    strategy_discussion=None,
    section47=None,
    agency: str = "",
    person: str = "",
    confidential: bool = False,
    request=None,
) -> Contribution:
    """Record an agency's contribution. A partner records their own agency's, in their own
    name; an LA practitioner records the LA's or one given by another agency (naming them)."""
    _check_date(date, "date")
    if acting_user.role in PARTNER_ROLES:
        agency, person, contributor = acting_user.agency, str(acting_user), acting_user
    else:
        person = " ".join(person.split())
        contributor = acting_user if agency == Agency.LA and not person else None
        if not person:
            if agency != Agency.LA:
                raise ValidationError({"person": "Enter the name of the person contributing"})
            person = str(acting_user)
    if agency not in Agency.values:
        raise ValidationError({"agency": "Select the agency"})
    item = Contribution(
        child=child,
        strategy_discussion=strategy_discussion,
        section47=section47,
        agency=agency,
        person=person[:100],
        contributor=contributor,
        date=date,
        shared=shared.strip(),
        confidential=confidential,
    )
    item.clean()
    return create_recorded(
        item,
        acting_user=acting_user,
        what=f"Recorded a {item.get_agency_display().lower()} contribution"[:200],
        request=request,
    )


def referrer_involve(
    *, contact, partner: User, acting_user: User, request=None
) -> PartnerInvolvement:
    """Record that a partner-agency user made this contact: they then see the front door's
    decision on it and its date on their own page (nothing else about the child)."""
    if partner.role not in PARTNER_ROLES:
        raise ValidationError({"partner": "Only a partner agency's user is told the outcome"})
    return access_services.start_partner_involvement(
        user=partner,
        child=contact.child,
        purpose=PartnerInvolvement.Purpose.REFERRER,
        started_on=timezone.localtime(contact.received_at).date(),
        granted_by=acting_user,
        source=f"casework.contact:{contact.pk}",
        request=request,
    )
