"""Browser journeys: Debian's Chromium driven by Playwright against pytest-django's live server.

Never runs `playwright install`: the browser is the system one at /usr/bin/chromium.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls from a thread
# with a running loop unless told this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("HEARTH_CHROMIUM", "/usr/bin/chromium")
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "screenshots"
PASSWORD = "correct-horse-battery"


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (make system-deps installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-gpu",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def bypass_csp() -> bool:
    """Keep the service's Content-Security-Policy in force; axe tests override this, because
    axe-core is injected as an inline script that the policy (rightly) refuses."""
    return False


@pytest.fixture
def page(browser, live_server, bypass_csp):
    # A tablet held landscape: the size a social worker on a home visit uses.
    context = browser.new_context(
        viewport={"width": 1180, "height": 820}, base_url=live_server.url, bypass_csp=bypass_csp
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    yield page
    context.close()


@pytest.fixture
def static_built():
    css = ROOT / "hearth" / "static" / "vendor" / "govuk" / "govuk-frontend.min.css"
    if not css.exists():
        pytest.fail("GOV.UK Frontend is not built: run scripts/build_static.sh (make static)")


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def axe():
    """Run axe-core in the page and return its violations (WCAG 2.2 A/AA and best practice)."""
    if not AXE_JS.exists():
        pytest.fail("axe-core is not installed: run scripts/build_static.sh (npm ci)")

    def run(page) -> list[dict]:
        page.add_script_tag(path=str(AXE_JS))
        result = page.evaluate(
            """async () => await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}
            })"""
        )
        return [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
            }
            for v in result["violations"]
        ]

    return run


@pytest.fixture
def social_worker_world(transactional_db, static_built):
    """A social worker with a child on their caseload whose record has some history, and a
    child in another team they must not see."""
    from hearth.care.tests.factories import (
        LegalStatusFactory,
        PeriodOfCareFactory,
        PlacementFactory,
    )
    from hearth.casework.tests.factories import (
        AssessmentFactory,
        CINEpisodeFactory,
        SignificantEventFactory,
        VisitFactory,
    )
    from hearth.people.tests.factories import AddressFactory, ChildFactory, FamilyMemberFactory
    from hearth.workforce.tests.factories import AllocationFactory, TeamFactory, WorkerFactory

    team = TeamFactory(name="Children in Care North")
    worker = WorkerFactory(
        team=team,
        user__username="sam.social",
        user__first_name="Sam",
        user__last_name="Osei",
        user__password=PASSWORD,
        first_name="Sam",
        last_name="Osei",
    )
    child = ChildFactory(
        first_name="Jayden",
        last_name="Whitmore",
        preferred_name="Jay",
        date_of_birth=dt.date(2013, 9, 14),
        nhs_number="9434765919",
        la_child_id="PB0042137",
    )
    AllocationFactory(child=child, worker=worker, start_date=dt.date(2023, 5, 2))
    AddressFactory(
        child=child,
        line1="12 Lincoln Road",
        town="Peterborough",
        postcode="PE1 2SN",
        start_date=dt.date(2013, 9, 14),
    )
    FamilyMemberFactory(child=child, first_name="Leanne", relationship="mother")
    cin = CINEpisodeFactory(child=child, referral_date=dt.date(2023, 4, 20))
    AssessmentFactory(cin_episode=cin, authorised_date=dt.date(2023, 6, 1))
    period = PeriodOfCareFactory(
        child=child, start_date=dt.date(2024, 4, 2), home_postcode="PE1 2SN"
    )
    LegalStatusFactory(period=period)
    PlacementFactory(period=period, carer_name="Mr and Mrs Adeyemi", postcode="PE7 8FA")
    VisitFactory(
        child=child,
        worker=worker,
        kind="cla",
        date=dt.date(2024, 5, 10),
        childs_views="I like it here. I want to see my little brother more.",
    )
    SignificantEventFactory(child=child, date=dt.date(2024, 3, 28), title="Police protection")

    other_team = TeamFactory(name="Assessment South")
    hidden = ChildFactory(first_name="Jayden", last_name="Marsh", la_child_id="PB0077001")
    AllocationFactory(child=hidden, worker=WorkerFactory(team=other_team))
    restricted = ChildFactory(
        first_name="Jayden", last_name="Quill", la_child_id="PB0099001", restricted=True
    )
    AllocationFactory(child=restricted, worker=WorkerFactory(team=other_team))

    # Everyone signs in with two-factor authentication: each has an authenticator app.
    from hearth.access.models import User
    from hearth.access.tests.factories import UserFactory
    from hearth.access.tests.signin import totp_device_for

    leader = UserFactory(username="lee.leader", role=User.Role.SENIOR_LEADER, password=PASSWORD)
    auditor = UserFactory(username="ada.auditor", role=User.Role.AUDITOR, password=PASSWORD)
    admin = UserFactory(username="alex.admin", role=User.Role.ADMIN, password=PASSWORD)
    UserFactory(username="new.starter", password=PASSWORD)  # has not set up two-factor yet
    return {
        "worker": worker,
        "child": child,
        "hidden": hidden,
        "restricted": restricted,
        "device": totp_device_for(worker.user),
        "devices": {
            "sam.social": None,
            "lee.leader": totp_device_for(leader),
            "ada.auditor": totp_device_for(auditor),
            "alex.admin": totp_device_for(admin),
        },
    }
