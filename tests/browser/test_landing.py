"""Each role lands on its own work; an administrator creates and disables an account.
axe on every page visited."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD
from tests.browser.pages import SignInPage, UsersPage

pytestmark = pytest.mark.browser

# role → the heading of the page it lands on
LANDING_HEADINGS = {
    "social_worker": "My work",
    "team_manager": "Team",
    "front_door": "Front door",
    "iro": "My diary",
    "personal_adviser": "My care leavers",
    "early_help": "My early help families",
    "analyst": "Performance",
    "senior_leader": "Performance",
    "admin": "Users and roles",
    "auditor": "Audit log",
}


@pytest.fixture
def bypass_csp() -> bool:
    return True


@pytest.fixture
def people(transactional_db, static_built):
    from hearth.access.tests.signin import totp_device_for
    from hearth.workforce.tests.factories import TeamFactory, WorkerFactory

    team = TeamFactory(name="Safeguarding West")
    made = {}
    for role in LANDING_HEADINGS:
        worker = WorkerFactory(
            team=team,
            role=role if role not in ("admin", "auditor", "analyst") else "social_worker",
            user__username=role.replace("_", "."),
            user__role=role,
            user__password=PASSWORD,
            start_date=dt.date(2020, 1, 6),
        )
        if role == "team_manager":
            team.manager = worker
            team.save()
        made[role] = (worker.user, totp_device_for(worker.user))
    return made


@pytest.mark.parametrize("role", list(LANDING_HEADINGS))
def test_each_role_lands_on_its_own_work(page, people, axe, role):
    user, device = people[role]
    SignInPage(page).open().sign_in_with_two_factor(user.username, PASSWORD, device)
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(LANDING_HEADINGS[role])
    assert axe(page) == []


def test_admin_creates_and_disables_an_account(page, people, axe):
    user, device = people["admin"]
    SignInPage(page).open().sign_in_with_two_factor(user.username, PASSWORD, device)
    users = UsersPage(page).expect_loaded()
    users.create_account(
        **{
            "Username": "robin.new",
            "First name": "Robin",
            "Last name": "Adeyemi",
            "Email address": "robin@example.gov.uk",
            "Role": "Performance analyst",
            "Temporary password": "a-long-temporary-passphrase",
        }
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Robin Adeyemi")
    expect(page.get_by_text("Account created")).to_be_visible()
    assert axe(page) == []
    users.disable("Created by mistake during testing")
    expect(page.get_by_text("Account disabled")).to_be_visible()
    expect(page.get_by_text("Disabled", exact=True)).to_be_visible()
    assert axe(page) == []
