"""Access journeys: two-factor sign-in, set-up, lockout, breaking the glass; axe on each page."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD
from tests.browser.pages import BreakGlassPage, CaseloadPage, SignInPage, TwoFactorPage

pytestmark = pytest.mark.browser


def _no_violations(axe, page):
    violations = axe(page)
    assert violations == [], f"axe found violations on {page.url}: {violations}"


@pytest.fixture
def bypass_csp() -> bool:
    return True  # axe-core is injected as an inline script


def test_sign_in_needs_a_code_from_the_authenticator_app(page, social_worker_world, axe):
    from hearth.access.tests.signin import current_code

    sign_in = SignInPage(page).open()
    sign_in.sign_in("sam.social", PASSWORD)
    two_factor = TwoFactorPage(page).expect_loaded()
    _no_violations(axe, page)
    page.goto("/")  # no way round the second step
    two_factor.expect_loaded()
    two_factor.enter_code("000000")
    expect(sign_in.error_summary).to_contain_text("The security code is not right")
    _no_violations(axe, page)
    page.wait_for_timeout(1100)  # django-otp makes the next attempt wait after a wrong code
    two_factor.enter_code(current_code(social_worker_world["device"]))
    CaseloadPage(page).expect_loaded()
    expect(page.locator("#hearth-timeout")).to_be_attached()
    expect(page.locator("#hearth-timeout")).to_be_hidden()


def test_a_new_starter_sets_up_two_factor_and_sees_recovery_codes_once(
    page, social_worker_world, axe, screenshot
):
    from hearth.access.tests.signin import current_code

    SignInPage(page).open().sign_in("new.starter", PASSWORD)
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    expect(page.locator(".hearth-qr svg")).to_be_visible()
    _no_violations(axe, page)
    screenshot(page, "20-two-factor-set-up")
    device = TOTPDevice.objects.get(user__username="new.starter", confirmed=False)
    page.get_by_label("Security code").fill(current_code(device))
    page.get_by_role("button", name="Set up two-factor").click()
    expect(page.get_by_role("heading", name="Two-factor authentication is set up")).to_be_visible()
    expect(page.get_by_role("list", name="Recovery codes").get_by_role("listitem")).to_have_count(
        10
    )
    _no_violations(axe, page)
    page.get_by_role("link", name="I have saved my recovery codes").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto("/two-factor/recovery-codes/")
    expect(page.get_by_role("list", name="Recovery codes")).to_have_count(0)


def test_five_wrong_passwords_lock_the_account(page, social_worker_world, axe):
    sign_in = SignInPage(page).open()
    for _ in range(5):
        sign_in.sign_in("sam.social", "not-the-password")
    expect(sign_in.error_summary).to_contain_text("You have tried to sign in too many times")
    _no_violations(axe, page)


def test_breaking_the_glass_with_a_reason_opens_the_record(
    page, social_worker_world, axe, screenshot
):
    SignInPage(page).open().sign_in_with_two_factor(
        "sam.social", PASSWORD, social_worker_world["device"]
    )
    CaseloadPage(page).expect_loaded()
    response = page.goto(f"/children/{social_worker_world['hidden'].pk}/")
    assert response.status == 403
    glass = BreakGlassPage(page).expect_loaded()
    _no_violations(axe, page)
    screenshot(page, "21-break-glass")
    glass.give_reason("too short")
    expect(page.get_by_role("alert")).to_contain_text("Reason must be 20 characters or more")
    _no_violations(axe, page)
    glass.give_reason("Out-of-hours call from the police about Jayden's brother")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Jayden Marsh")


@pytest.mark.parametrize(
    ("username", "path"),
    [
        ("lee.leader", "/access/break-glass/"),
        ("lee.leader", "/children/{pk}/viewers/"),
        ("ada.auditor", "/audit/"),
        ("ada.auditor", "/audit/?person=sam.social"),
        ("ada.auditor", "/audit/verify/"),
        ("alex.admin", "/access/users/"),
        ("alex.admin", "/access/restricted-records/"),
    ],
)
def test_oversight_pages_have_no_axe_violations(page, social_worker_world, axe, username, path):
    from hearth.access import services
    from hearth.access.models import User

    services.break_glass(
        user=User.objects.get(username="sam.social"),
        child=social_worker_world["hidden"],
        reason="Out-of-hours call from the police about a sibling",
    )
    SignInPage(page).open().sign_in_with_two_factor(
        username, PASSWORD, social_worker_world["devices"][username]
    )
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto(path.format(pk=social_worker_world["child"].pk))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    _no_violations(axe, page)
