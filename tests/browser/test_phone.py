"""On a phone (375 px wide) no page scrolls sideways and every action in a table can be reached:
a wide table scrolls inside itself; a long unbroken word wraps."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD
from tests.browser.pages import SignInPage

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 740}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/my-work/",
        "/children/?q=jayden",
        "/children/{pk}/",
        "/children/{pk}/chronology/",
        "/children/{pk}/work/",
        "/children/{pk}/notes/",
        "/children/{pk}/documents/",
        "/children/{pk}/visits/new/",
    ],
)
def test_pages_fit_a_phone_and_table_actions_are_reachable(phone, social_worker_world, path):
    from hearth.casework.models import SignificantEvent

    child = social_worker_world["child"]
    SignificantEvent.objects.create(
        child=child,
        date=child.date_of_birth,
        title="Reference " + "X" * 100,  # one long unbroken word (the title holds 120)
        detail="",
    )
    SignInPage(phone).open().sign_in_with_two_factor(
        "sam.social", PASSWORD, social_worker_world["device"]
    )
    phone.goto(path.format(pk=child.pk))
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    page_width = phone.evaluate("document.documentElement.scrollWidth")
    wide = phone.evaluate(
        """w => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > w + 1)
            .slice(0, 5).map(e => e.tagName + '.' + e.className)""",
        PHONE["width"],
    )
    assert page_width <= PHONE["width"], f"{path} is {page_width}px wide on a phone: {wide}"
    for link in phone.locator(".govuk-table a").all()[:20]:
        link.scroll_into_view_if_needed()
        expect(link).to_be_in_viewport()
