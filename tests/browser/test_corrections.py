"""Correct a visit with a reason (issue 14): a social worker opens the chronology, corrects the
visit they recorded by keyboard, is stopped by the error summary when the reason is missing, and
sees the correction beside the visit in the chronology. axe on every page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD
from tests.browser.pages import ChronologyPage, SignInPage

pytestmark = pytest.mark.browser

VISIT_TITLE = "Child in need visit by Priya Shah: child seen alone"


@pytest.fixture
def bypass_csp() -> bool:
    return True


@pytest.fixture
def worker_with_a_visit(transactional_db, static_built):
    from hearth.access.tests.signin import totp_device_for
    from hearth.casework.tests.factories import VisitFactory
    from hearth.people.tests.factories import ChildFactory
    from hearth.workforce.tests.factories import AllocationFactory, TeamFactory, WorkerFactory

    worker = WorkerFactory(
        team=TeamFactory(name="Children in Need East"),
        first_name="Priya",
        last_name="Shah",
        user__username="priya.shah",
        user__first_name="Priya",
        user__last_name="Shah",
        user__password=PASSWORD,
    )
    child = ChildFactory(first_name="Ellie", last_name="Norris", date_of_birth=dt.date(2015, 6, 2))
    AllocationFactory(child=child, worker=worker, start_date=dt.date(2024, 1, 2))
    VisitFactory(
        child=child,
        worker=worker,
        recorded_by=worker.user,
        date=dt.date(2024, 2, 5),
        observations="Kitchen was clean.",
    )
    return worker.user, totp_device_for(worker.user), child


def test_a_social_worker_corrects_a_visit_with_a_reason(page, worker_with_a_visit, axe):
    user, device, child = worker_with_a_visit
    SignInPage(page).open().sign_in_with_two_factor(user.username, PASSWORD, device)
    page.goto(reverse("child_chronology", args=[child.pk]))
    chronology = ChronologyPage(page)
    expect(chronology.entry(VISIT_TITLE)).to_be_visible()
    assert axe(page) == []

    correcting = chronology.correct_entry(VISIT_TITLE)
    assert axe(page) == []
    correcting.answer("What was seen and done", "Kitchen was clean; Ellie showed me her room.")
    correcting.save()
    expect(correcting.error_summary).to_contain_text("Enter the reason for the correction")
    assert axe(page) == []

    correcting.fix_from_error_summary(
        "Enter the reason for the correction", "Left out that Ellie showed me her room"
    )
    correcting.answer("What was seen and done", "Kitchen was clean; Ellie showed me her room.")
    correcting.save()

    expect(page.get_by_text("Entry corrected")).to_be_visible()
    entry = ChronologyPage(page).entry(VISIT_TITLE)
    expect(entry).to_contain_text("Corrected on")
    expect(entry).to_contain_text("by Priya Shah: Left out that Ellie showed me her room")
    expect(entry).to_contain_text("Ellie showed me her room.")
    assert axe(page) == []
