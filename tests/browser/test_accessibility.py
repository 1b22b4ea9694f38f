"""axe-core finds no accessibility violations on the pages a social worker uses most."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD
from tests.browser.pages import SignInPage

pytestmark = pytest.mark.browser


@pytest.fixture
def bypass_csp() -> bool:
    return True


def _assert_no_violations(axe, page):
    violations = axe(page)
    assert violations == [], f"axe found violations on {page.url}: {violations}"


def test_sign_in_page_has_no_axe_violations(page, social_worker_world, axe):
    SignInPage(page).open()
    _assert_no_violations(axe, page)


def test_sign_in_error_page_has_no_axe_violations(page, social_worker_world, axe):
    SignInPage(page).open().sign_in("sam.social", "wrong")
    _assert_no_violations(axe, page)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/children/",
        "/children/?q=jayden",
        "/children/?q=x",
        "/children/?q=nobody+here",
        "/children/{pk}/",
        "/children/{pk}/chronology/",
        "/children/{pk}/chronology/?kind=visit",
        "/children/{pk}/documents/",
        "/children/{pk}/documents/new/",
        "/children/999999/",
    ],
)
def test_signed_in_pages_have_no_axe_violations(page, social_worker_world, axe, path):
    SignInPage(page).open().sign_in_with_two_factor(
        "sam.social", PASSWORD, social_worker_world["device"]
    )
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(path.format(pk=social_worker_world["child"].pk))
    _assert_no_violations(axe, page)
