"""MACPT work: members and the access they give, the lead practitioner, contributions, the
indicator, and the demo's partner work."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from hearth.access.models import AuditEntry, PartnerInvolvement, User
from hearth.access.selectors import children_visible_to
from hearth.access.tests.factories import UserFactory
from hearth.casework.models import Contact, FrontDoorDecision, Section47Enquiry, StrategyDiscussion
from hearth.casework.tests.factories import CINEpisodeFactory
from hearth.insight.indicators import REGISTRY
from hearth.macpt import services
from hearth.macpt.models import ChildMember, Contribution
from hearth.macpt.selectors import contributions_visible_to, lead_practitioner
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.tests.factories import AllocationFactory, WorkerFactory

pytestmark = pytest.mark.django_db

R = User.Role
DAY = dt.date(2026, 1, 12)


@pytest.fixture
def case():
    sw = WorkerFactory(user__role=R.SOCIAL_WORKER).user
    child = ChildFactory(date_of_birth=dt.date(2015, 5, 1))
    AllocationFactory(child=child, worker=sw.worker)
    cin = CINEpisodeFactory(child=child, referral_date=dt.date(2026, 1, 5))
    police = UserFactory(role=R.PARTNER_POLICE, organisation="Constabulary")
    health = UserFactory(role=R.PARTNER_HEALTH, organisation="Trust")
    return {"sw": sw, "child": child, "cin": cin, "police": police, "health": health}


def test_adding_a_partner_involves_them_and_ending_it_ends_their_access(case):
    child, police = case["child"], case["police"]
    assert child not in children_visible_to(user=police)
    member = services.member_add(child=child, user=police, start_date=DAY, acting_user=case["sw"])
    assert member.agency == "police"
    assert member.involvement.purpose == PartnerInvolvement.Purpose.MACPT_MEMBER
    assert member.involvement.source == f"macpt.childmember:{member.pk}"
    assert list(children_visible_to(user=police)) == [child]
    assert AuditEntry.objects.filter(
        child=child, action="permission", detail__involvement=member.involvement.pk
    ).exists()
    with pytest.raises(ValidationError):
        services.member_add(child=child, user=police, start_date=DAY, acting_user=case["sw"])
    services.member_end(member=member, end_date=DAY, acting_user=case["sw"])
    member.involvement.refresh_from_db()
    assert member.involvement.ended_on == DAY
    assert child not in children_visible_to(user=police)


def test_no_member_without_open_child_protection_work(case):
    child = case["child"]
    case["cin"].closure_date = dt.date(2026, 1, 10)
    case["cin"].closure_reason = "RC8"
    case["cin"].save()
    with pytest.raises(ValidationError, match="no open child protection work"):
        services.member_add(
            child=child, user=case["police"], start_date=DAY, acting_user=case["sw"]
        )


def test_the_lead_is_one_la_social_worker_at_a_time(case):
    child, sw = case["child"], case["sw"]
    with pytest.raises(ValidationError):
        services.lead_appoint(child=child, user=case["police"], start_date=DAY, acting_user=sw)
    stranger = WorkerFactory(user__role=R.SOCIAL_WORKER).user
    with pytest.raises(ValidationError, match="cannot see"):
        services.lead_appoint(child=child, user=stranger, start_date=DAY, acting_user=sw)
    first = services.lead_appoint(child=child, user=sw, start_date=DAY, acting_user=sw)
    assert lead_practitioner(child=child) == first
    other = WorkerFactory(team=sw.worker.team, user__role=R.SOCIAL_WORKER).user
    second = services.lead_appoint(
        child=child, user=other, start_date=DAY + dt.timedelta(days=3), acting_user=sw
    )
    first.refresh_from_db()
    assert first.end_date == DAY + dt.timedelta(days=3)
    assert lead_practitioner(child=child) == second
    assert ChildMember.objects.filter(role="lead", end_date__isnull=True).count() == 1


def test_a_partner_contributes_for_their_own_agency_and_confidential_stays_with_the_la(case):
    child = case["child"]
    sd = StrategyDiscussion.objects.create(child=child, cin_episode=case["cin"], date=DAY)
    for who in ("police", "health"):
        services.member_add(child=child, user=case[who], start_date=DAY, acting_user=case["sw"])
    mine = services.contribution_add(
        child=child,
        strategy_discussion=sd,
        date=DAY,
        shared="Call-outs",
        agency="health",  # ignored for a partner
        person="Someone else",
        acting_user=case["police"],
    )
    assert (mine.agency, mine.person, mine.contributor) == (
        "police",
        str(case["police"]),
        case["police"],
    )
    secret = services.contribution_add(
        child=child,
        strategy_discussion=sd,
        date=DAY,
        shared="Mother's mental health history",
        confidential=True,
        acting_user=case["health"],
    )
    assert secret not in contributions_visible_to(user=case["police"], child=child)
    assert secret in contributions_visible_to(user=case["health"], child=child)
    assert secret in contributions_visible_to(user=case["sw"], child=child)
    with pytest.raises(ValidationError):
        services.contribution_add(
            child=child,
            strategy_discussion=sd,
            date=DAY,
            shared="x",
            agency="police",
            acting_user=case["sw"],
        )  # the LA names the person for another agency
    la = services.contribution_add(
        child=child,
        strategy_discussion=sd,
        date=DAY,
        shared="Visit done",
        agency="la",
        acting_user=case["sw"],
    )
    assert la.person == str(case["sw"])
    other_child = ChildFactory()
    with pytest.raises(ValidationError):
        services.contribution_add(
            child=other_child,
            strategy_discussion=sd,
            date=DAY,
            shared="x",
            agency="la",
            acting_user=case["sw"],
        )


def test_indicator_strategy_discussions_with_police_and_health(case):
    child, cin = case["child"], case["cin"]
    both = StrategyDiscussion.objects.create(child=child, cin_episode=cin, date=DAY)
    police_only = StrategyDiscussion.objects.create(child=child, cin_episode=cin, date=DAY)
    StrategyDiscussion.objects.create(child=child, cin_episode=cin, date=DAY)  # nobody
    StrategyDiscussion.objects.create(
        child=child, cin_episode=cin, date=dt.date(2025, 3, 1)
    )  # before the period
    for sd, agency in ((both, "police"), (both, "health"), (police_only, "police")):
        Contribution.objects.create(
            child=child, strategy_discussion=sd, agency=agency, person="P", date=DAY, shared="s"
        )
    result = REGISTRY["strategy-police-health"].compute(
        as_of=dt.date(2026, 3, 31), period_start=dt.date(2025, 4, 1)
    )
    assert result.numerator == 1 and result.denominator == 3


def test_the_demo_partner_work_involves_the_demo_partners(case):
    from hearth.synthetic.partners import create_partner_work

    child, sw = case["child"], case["sw"]
    Section47Enquiry.objects.create(child=child, cin_episode=case["cin"], start_date=DAY)
    school = UserFactory(role=R.PARTNER_EDUCATION)
    charity = UserFactory(role=R.PARTNER_VOLUNTARY)
    referred = ChildFactory()
    contact = Contact.objects.create(
        child=referred,
        received_at=timezone.now() - dt.timedelta(days=3),
        source="6",
        reason="Police protection notice",
    )
    FrontDoorDecision.objects.create(
        contact=contact, decided_at=timezone.now() - dt.timedelta(days=2), outcome="advice"
    )
    users = {
        "social.worker": sw,
        "police.partner": case["police"],
        "health.partner": case["health"],
        "school.partner": school,
        "charity.partner": charity,
    }
    assert create_partner_work(as_of=timezone.localdate(), users=users) == 1
    assert lead_practitioner(child=child).user == sw
    for partner in (case["police"], case["health"], school, charity):
        assert child in children_visible_to(user=partner), partner.role
    referral = PartnerInvolvement.objects.get(user=case["police"], purpose="referrer")
    assert referral.child == referred
    assert referred not in children_visible_to(user=case["police"])
