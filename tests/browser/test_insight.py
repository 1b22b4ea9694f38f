"""A senior leader opens the performance overview and the children behind a figure: axe-clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD
from tests.browser.pages import SignInPage

pytestmark = pytest.mark.browser


@pytest.fixture
def bypass_csp() -> bool:
    return True  # axe-core is injected as an inline script


def test_leader_opens_overview_and_drill_down_with_no_axe_violations(
    page, social_worker_world, axe
):
    SignInPage(page).open().sign_in_with_two_factor(
        "lee.leader", PASSWORD, social_worker_world["devices"]["lee.leader"]
    )
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.goto("/insight/?as_of=2024-06-30")
    expect(page.get_by_role("heading", name="Performance overview", level=1)).to_be_visible()
    assert axe(page) == []

    expect(page.get_by_role("list", name="Headline indicators")).to_be_visible()

    page.goto("/insight/indicator/cla-rate/children/?as_of=2024-06-30")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Children behind: Children looked after rate"
    )
    assert axe(page) == []
    page.get_by_role("link", name="Jayden Whitmore").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert f"/children/{social_worker_world['child'].pk}/" in page.url
