"""Practice journeys in a real browser: a social worker records a visit (error path first, by
keyboard), works an assessment citing the chronology, and a manager authorises it; the front
door records a contact that matches a known child. axe on every practice page; screenshots."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD
from tests.browser.pages import SignInPage

pytestmark = pytest.mark.browser


def _sign_in(page, world, username="sam.social"):
    device = world["devices"].get(username, world["device"]) or world["device"]
    SignInPage(page).open().sign_in_with_two_factor(username, PASSWORD, device)
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def _fill_date(page, legend: str, day: dt.date):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


@pytest.fixture
def practice_world(social_worker_world):
    return social_worker_world  # the child already has an open referral


def test_social_worker_records_a_visit_after_fixing_errors(page, practice_world, screenshot):
    _sign_in(page, practice_world)
    child = practice_world["child"]
    page.goto(f"/children/{child.pk}/")
    page.get_by_role("link", name="Record a visit").first.click()
    expect(page.get_by_role("heading", name="Record a visit")).to_be_visible()
    # Keyboard only: submit an incomplete form.
    page.get_by_role("group", name="Was the child seen?").get_by_label("Yes").press("Space")
    page.get_by_role("button", name="Save visit").press("Enter")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter the child's views")
    screenshot(page, "practice-01-visit-errors")
    # Mouse: follow the error link, then fix.
    summary.get_by_role(
        "link", name="Enter the child's views, wishes and feelings in their own words"
    ).click()
    expect(page.get_by_label("The child's views, wishes and feelings")).to_be_focused()
    page.get_by_label("The child's views, wishes and feelings").fill(
        "I want more time with my brother."
    )
    page.get_by_role("group", name="Was the child seen alone?").get_by_label("Yes").check()
    _fill_date(page, "Date of the visit", dt.date.today())
    page.get_by_role("button", name="Save visit").click()
    expect(page.get_by_text("Visit recorded")).to_be_visible()
    screenshot(page, "practice-02-child-work")
    page.get_by_role("navigation", name="Child's record").get_by_role(
        "link", name="Chronology"
    ).click()
    expect(page.get_by_text("I want more time with my brother.")).to_be_visible()
    assert page.console_errors == []


def test_assessment_cites_the_chronology_and_goes_for_authorisation(
    page, practice_world, screenshot
):
    _sign_in(page, practice_world)
    child = practice_world["child"]
    page.goto(f"/children/{child.pk}/work/")
    page.get_by_role("link", name="Start an assessment").click()
    page.get_by_role("button", name="Start assessment").click()
    expect(page.get_by_role("heading", name="Assessment", exact=True)).to_be_visible()
    page.get_by_role("group", name="Was the child seen during the assessment?").get_by_label(
        "Yes"
    ).check()
    page.get_by_label("Abuse or neglect - neglect", exact=True).check()
    page.get_by_label("Analysis").fill("Repeated concerns about home conditions.")
    page.get_by_label("Police protection").check()
    _fill_date(page, "Date completed", dt.date.today())
    screenshot(page, "practice-03-assessment")
    page.get_by_role("button", name="Save assessment").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Select whether the child needs social care support"
    )
    page.get_by_role("group", name="Does the child need social care support?").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("button", name="Save assessment").click()
    expect(page.get_by_text("Assessment saved")).to_be_visible()
    expect(page.get_by_text("waiting for authorisation")).to_be_visible()


def test_my_work_and_front_door(page, practice_world, screenshot):
    _sign_in(page, practice_world)
    page.goto("/my-work/")
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    expect(page.get_by_role("table", name="Due, overdue first")).to_contain_text("Jayden Whitmore")
    screenshot(page, "practice-04-my-work")
    page.goto("/front-door/contacts/new/")
    page.get_by_label("Child's first name").fill("Jayden")
    page.get_by_label("Child's last name").fill("Whitmore")
    _fill_date(page, "Child's date of birth", dt.date(2013, 9, 14))
    page.get_by_label("Male", exact=True).check()
    _fill_date(page, "Date the contact was received", dt.date.today())
    page.get_by_label("Time").fill("00:01")
    page.get_by_label("Who made the contact").select_option(label="School")
    page.get_by_label("What are they worried about?").fill("Arrived at school hungry.")
    page.get_by_role("group", name="Is the child at risk of significant harm?").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("button", name="Record contact").click()
    expect(page.get_by_text("may be the same child")).to_be_visible()
    screenshot(page, "practice-05-contact-match")
    page.get_by_label("Jayden Whitmore", exact=False).check()
    page.get_by_role("button", name="Record contact").click()
    expect(page.get_by_role("table")).to_contain_text("Child protection")
    screenshot(page, "practice-06-front-door-queue")


@pytest.fixture
def bypass_csp() -> bool:
    return True


@pytest.mark.parametrize(
    "path",
    [
        "/my-work/",
        "/front-door/",
        "/front-door/contacts/new/",
        "/children/{pk}/work/",
        "/children/{pk}/visits/new/",
        "/children/{pk}/assessments/new/",
        "/children/{pk}/strategy/new/",
        "/children/{pk}/conferences/new/",
        "/children/{pk}/care/start/",
        "/children/{pk}/missing/new/",
        "/children/{pk}/events/add/",
    ],
)
def test_practice_pages_have_no_axe_violations(page, practice_world, axe, path):
    _sign_in(page, practice_world)
    page.goto(path.format(pk=practice_world["child"].pk))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    violations = axe(page)
    assert violations == [], violations
    # And the same page after an empty submission (the error path).
    button = page.locator("main form[method=post] button.govuk-button")
    if button.count():
        button.first.click()
        violations = axe(page)
        assert violations == [], violations
