"""The demo's multi-agency child protection team and its partner-agency logins at work.

Only the demo logins have accounts, so MACPT membership is made for the demo social worker's
children on a section 47 enquiry or child protection plan (as every such child has a lead
practitioner and police and health in the work, per the Families First guide): the social
worker leads, the police and health partners are members, the school partner joins for a child
of school age and the charity partner for one in four. The police partner also referred some of
the authority's recent police contacts, and sees their outcomes. Through the services, so every
involvement is made as in practice (and audited)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from hearth.access.models import User
from hearth.access.selectors import children_visible_to
from hearth.casework.models import Contact, CPPlan, Section47Enquiry
from hearth.core.calendar import years_since
from hearth.core.codes import ReferralSource
from hearth.core.services import system_user
from hearth.macpt import services
from hearth.macpt.models import MultiAgencyTeam, TeamMembership

DEMO_ORGANISATIONS = {
    User.Role.PARTNER_POLICE: "Cambridgeshire Constabulary, Child Abuse Investigation Team",
    User.Role.PARTNER_HEALTH: "North West Anglia NHS Foundation Trust, 0-19 service",
    User.Role.PARTNER_EDUCATION: "City Academy (designated safeguarding lead)",
    User.Role.PARTNER_VOLUNTARY: "Family Support Charity",
}
CHILDREN = 8  # the demo MACPT's children: a realistic share of one social worker's caseload
REFERRALS = 3


def _cp_children(*, user: User, on: dt.date):
    open_s47 = Section47Enquiry.objects.live().filter(
        Q(end_date__isnull=True) | Q(end_date__gt=on), start_date__lte=on
    )
    open_plan = CPPlan.objects.live().open_on(on)
    return (
        children_visible_to(user=user)
        .filter(
            Q(pk__in=open_s47.values("child_id")) | Q(pk__in=open_plan.values("child_id")),
            cin_episodes__closure_date__isnull=True,
        )
        .exclude(macpt_members__role="lead", macpt_members__end_date__isnull=True)
        .distinct()
        .order_by("pk")
    )


def create_partner_work(*, as_of: dt.date, users: dict[str, User]) -> int:
    """Make the demo MACPT, its members and its children's work; returns the children in it."""
    social_worker = users.get("social.worker")
    partners = {u.role: u for u in users.values() if u.is_partner}
    if social_worker is None or getattr(social_worker, "worker", None) is None or not partners:
        return 0
    day = min(as_of, timezone.localdate())
    acting = system_user()
    team, _ = MultiAgencyTeam.objects.get_or_create(
        name="Multi-agency child protection team", defaults={"area": "City"}
    )
    members = [social_worker, users.get("team.manager"), *partners.values()]
    for user in [m for m in members if m is not None]:
        TeamMembership.objects.get_or_create(
            team=team,
            user=user,
            defaults={"agency": user.agency, "start_date": day - dt.timedelta(days=180)},
        )
    done = 0
    for index, child in enumerate(_cp_children(user=social_worker, on=day)[:CHILDREN]):
        services.lead_appoint(child=child, user=social_worker, start_date=day, acting_user=acting)
        joining = [User.Role.PARTNER_POLICE, User.Role.PARTNER_HEALTH]
        age = years_since(child.date_of_birth, day) if child.date_of_birth else 0
        if 5 <= age < 16:
            joining.append(User.Role.PARTNER_EDUCATION)
        if index % 4 == 0:
            joining.append(User.Role.PARTNER_VOLUNTARY)
        for role in joining:
            if role in partners:
                services.member_add(
                    child=child, user=partners[role], start_date=day, acting_user=acting, team=team
                )
        done += 1
    police = partners.get(User.Role.PARTNER_POLICE)
    if police is not None:
        contacts = (
            Contact.objects.live()
            .filter(source=ReferralSource.POLICE, received_at__date__lte=day)
            .exclude(child__restricted=True)
            .order_by("-received_at")[:REFERRALS]
        )
        for contact in contacts:
            services.referrer_involve(contact=contact, partner=police, acting_user=acting)
    return done
