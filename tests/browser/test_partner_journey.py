"""A police partner in a multi-agency child protection team (issue 16), in a real browser.

The officer signs in, sees the child the MACPT work gives them and no other (search and a
direct address to another child both give nothing), records the police's contribution to the
strategy discussion (the error path first), and the child's social worker, in a second window,
sees it on the strategy discussion. axe runs on every page either of them lands on."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD
from tests.browser.test_practice_journeys import people  # noqa: F401  (the sign-in fixture)

pytestmark = pytest.mark.browser


@pytest.fixture
def macpt_world(social_worker_world):
    from django.utils import timezone

    from hearth.access.models import User
    from hearth.access.tests.factories import UserFactory
    from hearth.access.tests.signin import totp_device_for
    from hearth.casework.models import CINEpisode, StrategyDiscussion
    from hearth.macpt import services

    child = social_worker_world["child"]
    sam = social_worker_world["worker"].user
    cin = CINEpisode.objects.get(child=child)
    today = timezone.localdate()
    discussion = StrategyDiscussion.objects.create(
        child=child,
        cin_episode=cin,
        date=today - dt.timedelta(days=1),
        notes="Agreed a joint section 47 enquiry.",
    )
    officer = UserFactory(
        username="dc.partner",
        first_name="Priya",
        last_name="Nandra",
        role=User.Role.PARTNER_POLICE,
        organisation="Cambridgeshire Constabulary",
        password=PASSWORD,
    )
    services.member_add(child=child, user=officer, start_date=today, acting_user=sam)
    return {
        **social_worker_world,
        "discussion": discussion,
        "officer": ("dc.partner", totp_device_for(officer)),
        "sam": (sam.username, social_worker_world["device"]),
    }


def test_a_police_partner_sees_their_child_only_and_contributes_to_the_strategy_discussion(
    people,  # noqa: F811
    macpt_world,
):
    child, hidden = macpt_world["child"], macpt_world["hidden"]
    discussion = macpt_world["discussion"]
    on = f"{discussion.date.day} {discussion.date:%b %Y}"

    officer = people(*macpt_world["officer"])
    officer.heading("My children and referrals")
    main = officer.page.locator("main")
    expect(main.get_by_role("link", name="Jayden Whitmore")).to_be_visible()
    expect(main).not_to_contain_text("Marsh")
    expect(main).not_to_contain_text("Quill")

    # Search finds only their child; another child's address is a plain "not found".
    officer.open("/children/?q=Jayden")
    expect(main.get_by_role("link", name="Jayden Whitmore")).to_be_visible()
    expect(main).not_to_contain_text("Marsh")
    expect(main).not_to_contain_text("Quill")
    officer.open("/children/?q=Marsh")
    expect(main).not_to_contain_text("Jayden Marsh")
    response = officer.page.goto(f"/children/{hidden.pk}/")
    assert response.status == 404
    officer.page.console_errors.clear()  # the browser logs the 404 itself
    officer.arrive()
    expect(main).not_to_contain_text("Marsh")
    response = officer.page.goto(f"/children/{child.pk}/notes/")
    assert response.status == 404
    officer.page.console_errors.clear()
    officer.arrive()

    # Their child: the reduced record, then the strategy discussion.
    officer.open("/partner/")
    officer.follow("Jayden Whitmore")
    officer.heading("Child protection work")
    expect(main).not_to_contain_text("Leanne")  # family members are not shown to partners
    expect(main).not_to_contain_text("12 Lincoln Road")
    officer.follow(f"Strategy discussion on {on}")
    officer.heading(f"Strategy discussion on {on}")
    expect(main).not_to_contain_text("Agreed a joint section 47 enquiry.")  # the LA's notes
    officer.follow("Record a contribution")
    officer.submit("Record your contribution")
    officer.expect_errors("Enter what you shared")
    officer.fix("Enter what you shared", officer.page.get_by_label("What you shared"))
    officer.fill(
        "What you shared",
        "Two domestic abuse call-outs to the home in October; police will join the visit.",
    )
    officer.submit("Record your contribution")
    officer.banner("Contribution recorded")
    expect(main).to_contain_text("Police: Priya Nandra")
    expect(main).to_contain_text("Two domestic abuse call-outs to the home in October")
    officer.screenshot("partner-police-contribution")

    # The child's social worker sees it on the strategy discussion.
    sam = people(*macpt_world["sam"])
    sam.open(f"/children/{child.pk}/work/")
    sam.follow("Multi-agency team, lead practitioner and agencies' contributions")
    sam.heading("Multi-agency child protection")
    expect(sam.page.locator("main")).to_contain_text("Priya Nandra")
    sam.follow(f"Strategy discussion on {on}")
    sam_main = sam.page.locator("main")
    expect(sam_main).to_contain_text("Police: Priya Nandra")
    expect(sam_main).to_contain_text("Two domestic abuse call-outs to the home in October")
    expect(sam_main).to_contain_text("Agreed a joint section 47 enquiry.")
