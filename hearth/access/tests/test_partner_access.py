"""Partner-agency users (issue 16), generated over the URLconf like the access matrix: every
partner role, every child URL, and a child they are involved with, one they are not, and a
restricted child (involved and not named; involved and named). A partner reaches only the
partner pages (`permissions.PARTNER_CHILD_URLS`), and only for children their involvement opens:
0 leaks. Every partner page they open is audited as a partner view."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from hearth.access import permissions, services
from hearth.access.models import AccessGrant, AuditEntry, PartnerInvolvement, User
from hearth.access.selectors import children_visible_to
from hearth.access.tests.test_access_matrix import ALL_PATTERNS, EXPECTED, sample_url
from hearth.casework.models import CaseNote, CINEpisode, StrategyDiscussion
from hearth.casework.tests.factories import CINEpisodeFactory
from hearth.macpt import services as macpt
from hearth.macpt.models import Contribution

pytestmark = pytest.mark.django_db

R = User.Role
PARTNERS = [R.PARTNER_POLICE, R.PARTNER_HEALTH, R.PARTNER_EDUCATION, R.PARTNER_VOLUNTARY]
DAY = dt.date(2024, 1, 9)
CHILD_PATTERNS = [
    (name, route, kw)
    for name, route, kw in ALL_PATTERNS
    if route.startswith("children/") and "pk" in kw
]


def _involve_all(world, child):
    CINEpisode.objects.filter(child=child).exists() or CINEpisodeFactory(child=child)
    CaseNote.objects.create(
        child=child,
        occurred_at=timezone.now(),
        author=world.users[R.SOCIAL_WORKER].worker,
        subject="Home visit",
        text="Case note text nobody outside the LA reads",
    )
    for role in PARTNERS:
        macpt.member_add(
            child=child,
            user=world.users[role],
            start_date=DAY,
            acting_user=world.users[R.TEAM_MANAGER],
        )


def _sample(world, name, kw):
    sample = EXPECTED[name][0]
    if sample == "restricted" or sample == "named_grant":
        return None
    return sample_url(world, name, sample, kw)


@pytest.mark.parametrize(("name", "route", "kw"), CHILD_PATTERNS, ids=lambda v: str(v))
def test_a_partner_involved_with_the_child_reaches_only_the_partner_pages(world, name, route, kw):
    _involve_all(world, world.child)
    url = _sample(world, name, kw)
    if url is None:
        pytest.skip("a restricted-record administration page: the matrix covers it")
    for role in PARTNERS:
        response = world.client_for(role).get(url)
        if name in permissions.PARTNER_CHILD_URLS:
            assert response.status_code == 200, (role, name)
        elif name == "child_summary":
            assert response.status_code == 302, (role, name)
            assert response.url == reverse("partner_child", args=[world.child.pk])
        else:
            assert response.status_code == 404, (role, name, response.status_code)
        assert b"Case note text nobody outside the LA reads" not in response.content


def _restricted_involvement(world, role):
    """An involvement made directly (as if the named grant had since been revoked)."""
    return PartnerInvolvement.objects.create(
        user=world.users[role],
        child=world.restricted,
        purpose=PartnerInvolvement.Purpose.MACPT_MEMBER,
        started_on=DAY,
    )


def test_a_restricted_child_is_a_404_everywhere_to_a_partner_involved_but_not_named(world):
    for role in PARTNERS:
        _restricted_involvement(world, role)
    for name, _route, kw in CHILD_PATTERNS:
        kwargs = dict.fromkeys(kw, 1) | {"pk": world.restricted.pk}
        url = reverse(name, kwargs=kwargs)
        for role in PARTNERS:
            response = world.client_for(role).get(url)
            assert response.status_code in (404, 405), (role, name, response.status_code)
            assert b"Quiet" not in response.content
    for role in PARTNERS:
        assert world.restricted not in children_visible_to(user=world.users[role])


def test_a_restricted_child_opens_to_a_partner_only_involved_and_named(world):
    police = world.users[R.PARTNER_POLICE]
    CINEpisodeFactory(child=world.restricted)
    with pytest.raises(Exception, match="restricted"):
        macpt.member_add(
            child=world.restricted, user=police, start_date=DAY, acting_user=world.team_b_worker
        )
    AccessGrant.objects.create(
        child=world.restricted,
        user=police,
        kind=AccessGrant.Kind.NAMED,
        reason="Named: the officer in the joint investigation",
        granted_at=timezone.now(),
    )
    client = world.client_for(R.PARTNER_POLICE)
    url = reverse("partner_child", args=[world.restricted.pk])
    assert client.get(url).status_code == 404  # named, not involved
    macpt.member_add(
        child=world.restricted, user=police, start_date=DAY, acting_user=world.team_b_worker
    )
    assert client.get(url).status_code == 200
    assert client.get(reverse("child_notes", args=[world.restricted.pk])).status_code == 404
    # Another partner, involved in nothing, still gets nothing.
    other = world.client_for(R.PARTNER_HEALTH)
    assert other.get(url).status_code == 404


def test_a_partner_not_involved_finds_nothing_in_search_or_by_url(world):
    _involve_all(world, world.child)
    other = world.team_b_worker  # a second child, not the partners'
    from hearth.people.tests.factories import ChildFactory

    stranger = ChildFactory(first_name="Zed", last_name="Stranger", la_child_id="C0000555")
    del other
    for role in PARTNERS:
        client = world.client_for(role)
        response = client.get(reverse("child_search"), {"q": "Stranger"})
        assert response.status_code == 200, (role, response.status_code, response.get("Location"))
        rows = response.context["rows"]
        assert stranger not in [r["child"] for r in rows]
        rows = client.get(reverse("child_search"), {"q": "Hartley"}).context["rows"]
        assert world.child in [r["child"] for r in rows]
        for name in ("child_summary", "partner_child", "macpt_child"):
            assert client.get(reverse(name, args=[stranger.pk])).status_code == 404


def test_every_partner_page_is_audited_as_a_partner_view(world):
    _involve_all(world, world.child)
    kwargs = {}
    for name, _route, kw in CHILD_PATTERNS:
        if name in permissions.PARTNER_CHILD_URLS:
            kwargs[name] = _sample(world, name, kw)
    for role in PARTNERS:
        client = world.client_for(role)
        for name, url in [*kwargs.items(), ("partner_home", reverse("partner_home"))]:
            last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()
            assert client.get(url).status_code == 200, (role, name)
            new = list(AuditEntry.objects.filter(id__gt=last))
            assert len(new) == 1, (role, name, [str(e) for e in new])
            assert new[0].user == world.users[role]
            assert new[0].action == AuditEntry.Action.VIEW
            assert new[0].detail["partner_view"] is True
            if name != "partner_home":
                assert new[0].child_id == world.child.pk
                assert new[0].detail["purposes"] == ["macpt_member"]


def test_the_partner_view_leaves_out_notes_and_other_agencies_confidential_work(world):
    _involve_all(world, world.child)
    cin = CINEpisode.objects.get(child=world.child)
    discussion = StrategyDiscussion.objects.create(
        child=world.child, cin_episode=cin, date=DAY, notes="Strategy notes for the LA only"
    )
    macpt.contribution_add(
        child=world.child,
        strategy_discussion=discussion,
        date=DAY,
        shared="Health visitor: missed appointments",
        confidential=True,
        acting_user=world.users[R.PARTNER_HEALTH],
    )
    macpt.contribution_add(
        child=world.child,
        strategy_discussion=discussion,
        date=DAY,
        shared="School: attendance 62%",
        acting_user=world.users[R.PARTNER_EDUCATION],
    )
    url = reverse("strategy_detail", args=[world.child.pk, discussion.pk])
    police = world.client_for(R.PARTNER_POLICE).get(url).content.decode()
    assert "School: attendance 62%" in police
    assert "missed appointments" not in police
    assert "Strategy notes for the LA only" not in police
    health = world.client_for(R.PARTNER_HEALTH).get(url).content.decode()
    assert "missed appointments" in health
    la = world.client_for(R.SOCIAL_WORKER).get(url).content.decode()
    assert "missed appointments" in la and "Strategy notes for the LA only" in la
    page = world.client_for(R.PARTNER_POLICE).get(reverse("partner_child", args=[world.child.pk]))
    text = page.content.decode()
    assert escape(str(world.users[R.PARTNER_POLICE])) in text
    assert "missed appointments" not in text
    assert "Strategy notes for the LA only" not in text


def test_a_partner_contribution_is_in_their_agency_and_name_and_the_la_sees_it(world):
    _involve_all(world, world.child)
    cin = CINEpisode.objects.get(child=world.child)
    discussion = StrategyDiscussion.objects.create(child=world.child, cin_episode=cin, date=DAY)
    client = world.client_for(R.PARTNER_POLICE)
    url = reverse("strategy_contribution_add", args=[world.child.pk, discussion.pk])
    form = client.get(url)
    assert form.status_code == 200
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "date_0": today.day,
            "date_1": today.month,
            "date_2": today.year,
            "shared": "Two call-outs to the address in October",
            "agency": "health",  # ignored: a partner records their own agency's
            "form_token": form.context["form_token"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = Contribution.objects.get()
    assert (item.agency, item.contributor) == ("police", world.users[R.PARTNER_POLICE])
    la = world.client_for(R.SOCIAL_WORKER)
    detail = la.get(reverse("strategy_detail", args=[world.child.pk, discussion.pk]))
    assert "Two call-outs to the address in October" in detail.content.decode()
    chronology = la.get(reverse("child_chronology", args=[world.child.pk])).content.decode()
    assert "Police contribution to the strategy discussion" in chronology


def test_partners_hold_only_contribution_capabilities_scoped_to_purpose(world):
    _involve_all(world, world.child)
    for role in PARTNERS:
        user = world.users[role]
        assert permissions.may(user, permissions.CONTRIBUTE, child=world.child)
        for cap in (
            permissions.RECORD,
            permissions.CLOSE,
            permissions.PLACEMENT,
            permissions.MANAGE,
            permissions.MACPT,
            permissions.ALLOCATE,
            permissions.FAMILY_HELP_LEAD,  # a MACPT member is not the family's lead
        ):
            assert not permissions.may(user, cap, child=world.child), (role, cap)
        response = world.client_for(role).post(reverse("case_close", args=[world.child.pk]))
        assert response.status_code == 404
        assert world.client_for(role).get(reverse("api_children")).status_code == 403


def test_ending_membership_ends_access(world):
    _involve_all(world, world.child)
    police = world.users[R.PARTNER_POLICE]
    client = world.client_for(R.PARTNER_POLICE)
    url = reverse("partner_child", args=[world.child.pk])
    assert client.get(url).status_code == 200
    member = world.child.macpt_members.get(user=police)
    macpt.member_end(
        member=member,
        end_date=timezone.localdate(),
        acting_user=world.users[R.SOCIAL_WORKER],
    )
    assert client.get(url).status_code == 404
    assert not PartnerInvolvement.objects.active().filter(user=police).exists()
    assert world.client_for(R.PARTNER_HEALTH).get(url).status_code == 200


def test_a_referrer_sees_the_outcome_of_their_referral_and_nothing_else(world):
    from hearth.casework.models import Contact, FrontDoorDecision

    police = world.users[R.PARTNER_POLICE]
    contact = Contact.objects.create(
        child=world.child,
        received_at=timezone.now() - dt.timedelta(days=2),
        source="6",
        reason="Domestic abuse incident reported by police: children present",
    )
    FrontDoorDecision.objects.create(
        contact=contact,
        decided_at=timezone.now() - dt.timedelta(days=1),
        outcome=FrontDoorDecision.Outcome.REFERRAL,
        rationale="Rationale for the LA only",
    )
    services.start_partner_involvement(
        user=police,
        child=world.child,
        purpose=PartnerInvolvement.Purpose.REFERRER,
        started_on=timezone.localdate(),
        granted_by=world.users[R.FRONT_DOOR],
        source=f"casework.contact:{contact.pk}",
    )
    client = world.client_for(R.PARTNER_POLICE)
    page = client.get(reverse("partner_home")).content.decode()
    assert "Referral to children&#x27;s social care" in page or "Referral to children" in page
    assert "Rationale for the LA only" not in page
    assert "Domestic abuse incident" not in page
    assert client.get(reverse("partner_child", args=[world.child.pk])).status_code == 404
    assert client.get(reverse("child_summary", args=[world.child.pk])).status_code == 404
    assert world.child not in children_visible_to(user=police)


def test_an_administrator_creates_a_partner_account_with_its_organisation(world):
    from hearth.access import accounts

    admin = world.users[R.ADMIN]
    common = {
        "first_name": "Sam",
        "last_name": "Jones",
        "email": "sam.jones@police.example",
        "role": R.PARTNER_POLICE,
        "password": "a-long-temporary-passphrase-9",
        "acting_user": admin,
    }
    with pytest.raises(Exception, match="agency or organisation"):
        accounts.user_create(username="dc.jones", **common)
    user = accounts.user_create(
        username="dc.jones", organisation="  Cambridgeshire   Constabulary ", **common
    )
    assert (user.organisation, user.agency, user.is_partner) == (
        "Cambridgeshire Constabulary",
        "police",
        True,
    )
    assert not children_visible_to(user=user).exists()
