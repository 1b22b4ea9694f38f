"""A social worker's evening: sign in, find a child, read their record and chronology."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD
from tests.browser.pages import CaseloadPage, SignInPage

pytestmark = pytest.mark.browser


def test_social_worker_finds_a_child_and_reads_their_chronology(
    page, social_worker_world, screenshot
):
    sign_in = SignInPage(page).open()
    screenshot(page, "01-sign-in")
    sign_in.sign_in_with_two_factor("sam.social", PASSWORD, social_worker_world["device"])

    caseload = CaseloadPage(page).expect_loaded()
    expect(page.get_by_role("table", name="My caseload")).to_contain_text("Jayden Whitmore")
    screenshot(page, "02-caseload")

    results = caseload.search("jayden")
    expect(results.results).to_contain_text("Jayden Whitmore")
    expect(results.results).not_to_contain_text("Marsh")  # another team's child
    expect(results.results).to_contain_text("Looked after")
    screenshot(page, "03-search-results")

    summary = results.open_child("Jayden Whitmore")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jayden Whitmore")
    assert summary.identifier("LA child ID") == "PB0042137"
    assert summary.identifier("NHS number") == "943 476 5919"
    expect(page.get_by_text("Mr and Mrs Adeyemi")).to_be_visible()
    screenshot(page, "04-child-summary")

    chronology = summary.open_chronology()
    expect(page.get_by_role("heading", name="Chronology")).to_be_visible()
    assert chronology.entries.count() >= 5
    screenshot(page, "05-chronology")

    chronology.filter_by("Visits (1)")
    expect(chronology.entries).to_have_count(1)
    expect(page.get_by_role("blockquote")).to_contain_text("I want to see my little brother more.")
    expect(page.get_by_role("checkbox", name="Visits (1)")).to_be_checked()
    expect(page.get_by_role("button", name="Print chronology")).to_be_visible()
    screenshot(page, "06-chronology-visits")

    assert page.console_errors == []  # no CSP violations, no script errors

    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print chronology")).to_be_hidden()
    screenshot(page, "07-chronology-print")


def test_bad_sign_in_shows_the_govuk_error_summary(page, social_worker_world, screenshot):
    sign_in = SignInPage(page).open()
    sign_in.sign_in("sam.social", "not-the-password")
    expect(sign_in.error_summary).to_contain_text("There is a problem")
    expect(sign_in.error_summary.get_by_role("link")).to_contain_text(
        "Enter a correct username and password"
    )
    expect(page).to_have_title(re.compile(r"^Error: "))
    screenshot(page, "08-sign-in-error")


def test_a_restricted_record_is_page_not_found_and_not_in_search(
    page, social_worker_world, screenshot
):
    SignInPage(page).open().sign_in_with_two_factor(
        "sam.social", PASSWORD, social_worker_world["device"]
    )
    results = CaseloadPage(page).expect_loaded().search("PB0099001")
    expect(page.get_by_text("Quill")).to_have_count(0)
    del results
    response = page.goto(f"/children/{social_worker_world['restricted'].pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_text("You are not working with this child")).to_have_count(0)
    screenshot(page, "09-not-found")


def test_govuk_styles_and_fonts_are_served_locally(page, social_worker_world):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    SignInPage(page).open()
    page.evaluate("document.fonts.ready")
    font = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "GDS Transport" in font
    assert page.evaluate("document.fonts.check('700 36px \"GDS Transport\"')")
    assert all(url.startswith(page.url.split("/sign-in")[0]) for url in requests)


def test_child_record_fits_a_portrait_tablet(page, social_worker_world, screenshot):
    SignInPage(page).open().sign_in_with_two_factor(
        "sam.social", PASSWORD, social_worker_world["device"]
    )
    CaseloadPage(page).expect_loaded()
    page.set_viewport_size({"width": 768, "height": 1024})
    for path, name in [
        ("/", "10-tablet-caseload"),
        ("/children/{pk}/", "11-tablet-summary"),
        ("/children/{pk}/chronology/", "12-tablet-chronology"),
    ]:
        page.goto(path.format(pk=social_worker_world["child"].pk))
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a tablet"
        screenshot(page, name)
