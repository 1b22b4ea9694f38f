"""A senior leader starts the CIN census export, watches the progress bar fill (the page polls
the job's JSON status), downloads the file (audited) and reads the validation report; every
page axe-clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD
from tests.browser.pages import SignInPage

pytestmark = pytest.mark.browser


@pytest.fixture
def bypass_csp() -> bool:
    return True  # axe-core is injected as an inline script


def test_leader_exports_the_cin_census_watching_progress_then_downloads(
    page, social_worker_world, axe, monkeypatch, tmp_path, settings
):
    from hearth.access.models import AuditEntry
    from hearth.returns import jobs, views
    from hearth.returns.models import ReturnJob
    from hearth.returns.tests import builders

    settings.RETURNS_DIR = str(tmp_path / "returns")
    builders.authority()
    # Hold the job in the queue, as a worker that has not picked it up yet would.
    monkeypatch.setattr(views.jobs, "start_job", lambda job: job)

    SignInPage(page).open().sign_in_with_two_factor(
        "lee.leader", PASSWORD, social_worker_world["devices"]["lee.leader"]
    )
    page.get_by_role("link", name="Returns", exact=True).first.click()
    expect(page.get_by_role("heading", name="Statutory returns", level=1)).to_be_visible()
    assert axe(page) == []

    page.get_by_label("Collection year").first.select_option("2025-26")
    page.get_by_role("button", name="Export the CIN census").click()
    expect(page.get_by_role("heading", name="CIN census 2025-26", level=1)).to_be_visible()
    bar = page.locator("progress#returns-progress")
    expect(bar).to_be_visible()
    expect(page.get_by_text("Waiting to start")).to_be_visible()
    assert axe(page) == []

    # The worker picks the job up; the page follows it without being reloaded.
    job = ReturnJob.objects.get()
    page.evaluate("window.__sameDocument = true")
    jobs.run_return_job.call(job.pk)
    expect(page.get_by_role("heading", name="Finished")).to_be_visible()
    expect(bar).to_be_hidden()
    assert page.evaluate("window.__sameDocument") is True
    assert axe(page) == []

    with page.expect_download() as info:
        page.get_by_role("link", name="Download CIN_2025-26.xml").click()
    download = info.value
    assert download.suggested_filename == "CIN_2025-26.xml"
    with open(download.path(), "rb") as fh:
        assert b"<Message" in fh.read(2000)
    assert AuditEntry.objects.filter(action="export", detail__job=job.pk).count() == 1

    page.get_by_role("link", name="Read the validation report").click()
    expect(page.get_by_role("heading", name="CIN census 2025-26", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Errors", level=2)).to_be_visible()
    assert axe(page) == []
    assert page.console_errors == []
