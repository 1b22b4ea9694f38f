"""A senior leader opens the DfE API feed's submission log from the Returns pages and reads
a failed batch's response; the page is axe-clean."""

from __future__ import annotations

import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD
from tests.browser.pages import SignInPage

pytestmark = pytest.mark.browser


@pytest.fixture
def bypass_csp() -> bool:
    return True  # axe-core is injected as an inline script


def test_leader_reads_the_dfe_api_submission_log(page, social_worker_world, axe):
    from hearth.dfe_api.models import Submission

    Submission.objects.create(
        run=uuid.uuid4(),
        mode="changes",
        batch=3,
        status=Submission.Status.FAILED,
        http_status=500,
        attempts=6,
        children=["C0000101"],
        response_body='{"detail": "Internal error"}',
    )
    SignInPage(page).open().sign_in_with_two_factor(
        "lee.leader", PASSWORD, social_worker_world["devices"]["lee.leader"]
    )
    page.get_by_role("link", name="Returns", exact=True).first.click()
    page.get_by_role("link", name="DfE API feed").click()
    expect(
        page.get_by_role("heading", name="DfE children's social care API feed", level=1)
    ).to_be_visible()
    expect(page.get_by_text("HTTP 500, 6 attempts")).to_be_visible()
    page.get_by_text("Batch 3", exact=False).first.click()
    expect(page.get_by_text('{"detail": "Internal error"}')).to_be_visible()
    assert axe(page) == []
