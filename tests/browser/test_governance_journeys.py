"""Issue 18 journeys, axe-checked on every page: an elected member reads the corporate parenting
report and cannot open a child; a LADO referral is taken to an outcome; a private fostering
notification is recorded with its first visit."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD
from tests.browser.pages import SignInPage

pytestmark = pytest.mark.browser


@pytest.fixture
def bypass_csp() -> bool:
    return True  # axe-core is injected as an inline script


def _date(page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def _sign_in(page, user) -> None:
    from hearth.access.tests.signin import totp_device_for

    SignInPage(page).open().sign_in_with_two_factor(user.username, PASSWORD, totp_device_for(user))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_elected_member_reads_the_report_and_cannot_open_a_child(page, social_worker_world, axe):
    from hearth.access.models import User
    from hearth.access.tests.factories import UserFactory
    from hearth.partnership.services import generate_report

    leader = User.objects.get(username="lee.leader")
    report = generate_report(
        audience="corporate_parenting",
        period_start=dt.date(2024, 4, 1),
        period_end=dt.date(2025, 3, 31),
        acting_user=leader,
    )
    member = UserFactory(username="cllr.member", role=User.Role.ELECTED_MEMBER, password=PASSWORD)
    _sign_in(page, member)
    expect(
        page.get_by_role("heading", name="Corporate parenting and partnership reports", level=1)
    ).to_be_visible()
    assert axe(page) == []
    expect(page.get_by_role("link", name="Find a child")).to_have_count(0)
    page.get_by_role("link", name="Corporate parenting panel").click()
    expect(page.get_by_role("heading", name="Help and protection", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="Workforce", level=2)).to_be_visible()
    expect(
        page.get_by_role("table", name="Children in care: figures for the period")
    ).to_be_visible()
    assert axe(page) == []
    assert page.locator("a[href*='/children/']").count() == 0
    href = page.get_by_role("link", name="Download the report as PDF").get_attribute("href")
    pdf = page.request.get(href, timeout=120_000)  # rendering takes a few seconds
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    assert f"v{report.version}.pdf" in pdf.headers["content-disposition"]

    child = social_worker_world["child"]
    response = page.goto(f"/children/{child.pk}/")
    assert response.status == 404
    response = page.goto(f"/children/?q={child.last_name}")
    assert response.status == 403
    response = page.goto("/insight/indicator/cla-rate/children/")
    assert response.status == 403


def test_lado_referral_taken_to_an_outcome(page, social_worker_world, axe):
    from hearth.access.models import User
    from hearth.access.tests.factories import UserFactory

    lado = UserFactory(username="lado.officer", role=User.Role.FRONT_DOOR, password=PASSWORD)
    child = social_worker_world["child"]
    _sign_in(page, lado)
    page.goto("/lado/")
    expect(page.get_by_role("heading", name="LADO register", level=1)).to_be_visible()
    assert axe(page) == []
    page.get_by_role("link", name="Record a new referral").click()
    page.get_by_role("button", name="Save the referral").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert axe(page) == []
    _date(page, "Date the referral was received", dt.date.today() - dt.timedelta(days=20))
    page.get_by_label("Who referred").fill("Designated safeguarding lead")
    page.get_by_label("Name of the person the allegation is about").fill("Chris Coach")
    page.get_by_label("Their job or role").fill("Football coach")
    page.get_by_label("Employer or organisation").fill("Town Juniors FC")
    page.get_by_label("Sector").select_option(label="Sport, leisure and voluntary groups")
    page.get_by_label("Physical abuse").check()
    page.get_by_label("What is alleged").fill("Pushed a player to the ground at training.")
    page.get_by_role("button", name="Save the referral").click()
    expect(page.get_by_role("heading", name="LADO referral LADO-", level=1)).to_be_visible()
    assert axe(page) == []

    page.get_by_role("link", name="Link a child").click()
    page.get_by_label("The child's LA child ID").fill(child.la_child_id)
    page.get_by_role("button", name="Link the child").click()
    expect(page.get_by_role("link", name="Jayden Whitmore")).to_be_visible()

    page.get_by_role("link", name="Record the initial consideration").click()
    _date(page, "Date of the initial consideration", dt.date.today() - dt.timedelta(days=19))
    page.get_by_role("group", name="Is the harm threshold met?").get_by_label("Yes").check()
    _date(page, "Date of the strategy meeting", dt.date.today() - dt.timedelta(days=17))
    assert axe(page) == []
    page.get_by_role("button", name="Save the initial consideration").click()

    page.get_by_role("link", name="Record the outcome").click()
    page.get_by_label("Substantiated", exact=True).check()
    _date(page, "Date of the outcome", dt.date.today() - dt.timedelta(days=2))
    page.get_by_label("Outcome and actions").fill("Dismissed; referred to the DBS.")
    page.get_by_role("button", name="Save the outcome").click()
    expect(page.get_by_text("Substantiated on")).to_be_visible()
    expect(page.get_by_text("(within one month)")).to_be_visible()
    assert axe(page) == []

    from hearth.core.chronology import chronology_for

    titles = [e.title for e in chronology_for(child=child)]
    assert any(t.startswith("LADO outcome: substantiated") for t in titles)


def test_private_fostering_notification_with_its_first_visit(page, social_worker_world, axe):
    child = social_worker_world["child"]
    _sign_in(page, social_worker_world["worker"].user)
    page.goto(f"/children/{child.pk}/private-fostering/")
    expect(page.get_by_role("heading", name="Private fostering notification")).to_be_visible()
    assert axe(page) == []
    page.get_by_role("button", name="Save the notification").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert axe(page) == []
    notified = dt.date.today() - dt.timedelta(days=3)
    _date(page, "Date the local authority was notified", notified)
    _date(page, "Date the arrangement began (or will begin)", notified)
    page.get_by_label("A school").check()
    page.get_by_label("Private foster carer's name").fill("Grace Mensah")
    page.get_by_role("button", name="Save the notification").click()
    expect(page.get_by_role("heading", name="Private fostering", exact=True)).to_be_visible()
    expect(page.get_by_text("Next visit due")).to_be_visible()
    assert axe(page) == []

    page.get_by_role("link", name="Record a visit").click()
    _date(page, "Date of the visit", dt.date.today())
    page.get_by_role("group", name="Was the child spoken to alone?").get_by_label("Yes").check()
    page.get_by_label("What was seen and discussed").fill("Seen alone; settled at Grace's.")
    assert axe(page) == []
    page.get_by_role("button", name="Save the visit").click()
    expect(page.get_by_role("table", name="Visits")).to_contain_text(
        dt.date.today().strftime("%-d %b %Y")
    )
    page.goto(f"/children/{child.pk}/chronology/")
    expect(page.get_by_text("Private fostering notified by a school")).to_be_visible()
    expect(page.get_by_text("Private fostering visit: child spoken to alone")).to_be_visible()
