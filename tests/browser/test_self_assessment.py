"""A senior leader adds an area for improvement to the self-assessment, adds an action and records
progress on it: each page axe-clean, the error summary shown for a missing answer."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD
from tests.browser.pages import SignInPage

pytestmark = pytest.mark.browser


@pytest.fixture
def bypass_csp() -> bool:
    return True  # axe-core is injected as an inline script


def test_leader_adds_to_the_self_assessment_and_updates_an_action(page, social_worker_world, axe):
    SignInPage(page).open().sign_in_with_two_factor(
        "lee.leader", PASSWORD, social_worker_world["devices"]["lee.leader"]
    )
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.goto("/insight/self-assessment/")
    expect(page.get_by_role("heading", name="Self-assessment", level=1)).to_be_visible()
    assert axe(page) == []
    page.get_by_role("link", name="Add a strength or area for improvement").click()

    # A missing answer: the GOV.UK error summary, linked to the question.
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a summary")
    assert axe(page) == []

    page.get_by_label("Area for improvement").check()
    page.get_by_label("Summary").fill("Visits to children on plans are not always on time")
    page.get_by_label(
        "Child protection visits on time (Children in need and child protection)"
    ).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Added to the self-assessment")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Child protection visits on time")).to_be_visible()

    page.get_by_role("link", name="Add an action for Visits to children on plans").click()
    page.get_by_label("Action", exact=True).fill("Weekly visit tracker for every team")
    leader = social_worker_world["devices"]["lee.leader"].user
    page.get_by_label("Owner").select_option(value=str(leader.pk))
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2020")
    assert axe(page) == []
    page.get_by_role("button", name="Add action").click()
    expect(page.get_by_text("Action added")).to_be_visible()
    expect(page.get_by_text("Overdue").first).to_be_visible()
    assert axe(page) == []

    page.get_by_role("link", name="Weekly visit tracker for every team").click()
    page.get_by_label("In progress").check()
    page.get_by_label("Progress made").fill("Tracker built; first report to leadership team")
    assert axe(page) == []
    page.get_by_role("button", name="Record progress").click()
    expect(page.get_by_text("Progress recorded")).to_be_visible()
    history = page.get_by_role("table", name="Every update to this action, latest first")
    expect(history).to_contain_text("Tracker built; first report to leadership team")
    expect(history).to_contain_text("Action added to the plan.")
    assert axe(page) == []
