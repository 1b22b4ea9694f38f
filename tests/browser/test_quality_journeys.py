"""Issue 18 in a real browser: a case audit programme sampled, an audit graded and moderated,
its action in the social worker's My work and done; and a young person answering a survey by
link without signing in. axe runs on every page (the practice journeys' Practitioner)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser import test_practice_journeys as practice
from tests.browser.conftest import PASSWORD
from tests.browser.test_practice_journeys import Practitioner, ago, ahead

# The practice journeys' fixtures: people in their own browser windows, and Sam's caseload.
people = practice.people
world = practice.world

pytestmark = pytest.mark.browser


@pytest.fixture
def quality_world(world):
    from hearth.access.tests.signin import totp_device_for
    from hearth.workforce.tests.factories import TeamFactory, WorkerFactory

    auditor = WorkerFactory(
        team=TeamFactory(name="Safeguarding South"),
        role="team_manager",
        first_name="Omar",
        last_name="Aziz",
        user__first_name="Omar",
        user__last_name="Aziz",
        user__username="omar.auditor",
        user__role="team_manager",
        user__password=PASSWORD,
    )
    iro = WorkerFactory(
        team=TeamFactory(name="Reviewing"),
        role="iro",
        first_name="Ivy",
        last_name="Reid",
        user__first_name="Ivy",
        user__last_name="Reid",
        user__username="ivy.iro",
        user__role="iro",
        user__password=PASSWORD,
    )
    return {
        **world,
        "auditor": ("omar.auditor", totp_device_for(auditor.user)),
        "iro": ("ivy.iro", totp_device_for(iro.user)),
    }


def test_programme_sampled_audit_graded_moderated_and_action_done(people, quality_world):
    from hearth.quality.models import CaseAudit

    w = quality_world
    tara = people(*w["manager"])
    tara.follow("Quality and feedback", within=tara.page.get_by_role("navigation", name="Menu"))
    tara.follow("New audit programme")
    tara.submit("Create programme")
    tara.expect_errors("Enter the title", "Select how the sample is drawn")
    tara.fix("Enter the title", tara.page.get_by_label("Title", exact=True))
    tara.fill("Title", "Spring dip sample", keyboard=True)
    tara.fill("Theme", "The child's voice in plans")
    tara.date("Start date", ago(10))
    tara.date("End date", ahead(60))
    tara.radio("How is the sample drawn?", "Random sample of open cases")
    tara.fill("Number of children", "1")
    tara.submit("Create programme")
    tara.banner("Audit programme Spring dip sample created")
    tara.tick("Omar Aziz (Team manager)")
    tara.submit("Draw the sample")
    tara.banner("1 children sampled")
    tara.screenshot("quality-01-programme")
    audit = CaseAudit.objects.get()
    child = audit.child

    omar = people(*w["auditor"])
    omar.follow("My work", within=omar.page.get_by_role("navigation", name="Menu"))
    omar.follow("Case audit (Spring dip sample)")
    omar.heading(f"Case audit: {child.full_name}")
    omar.submit("Complete the audit")
    omar.expect_errors(
        "Select the grade for the child's voice and lived experience", "Select the overall grade"
    )
    for legend in (
        "The child's voice and lived experience",
        "Chronology and history",
        "Assessment and analysis",
        "Planning and review",
        "Safety and risk",
        "Management oversight and supervision",
    ):
        omar.radio(legend, "Requires improvement")
    omar.radio("Overall grade", "Requires improvement", keyboard=True)
    omar.radio("Did you review the child's chronology?", "Yes")
    omar.fill("Learning and what must improve", "The plan drifts; the chronology is not current.")
    omar.fill("Themes", "drift, chronology")
    omar.select("Moderator", "Ivy Reid (Independent reviewing officer / CP chair)")
    omar.submit("Complete the audit")
    omar.banner("Audit completed and sent for moderation")
    # Read-only access to the sampled child, recorded with the programme as the reason.
    omar.follow("Open the child's record")
    expect(omar.page.get_by_role("heading", level=1)).to_contain_text(child.last_name)
    omar.page.go_back()
    omar.arrive()
    omar.follow("Set an action")
    omar.submit("Set action")
    omar.expect_errors(
        "Enter what must be done", "Select who owns the action", "Enter the due date"
    )
    omar.fill("What must be done", "Update the chronology and share it with the manager")
    omar.select("Owner", "Sam Osei (Social worker)")
    omar.date("Due date", ahead(14))
    omar.submit("Set action")
    omar.banner("Action set")

    ivy = people(*w["iro"])
    ivy.follow("My work", within=ivy.page.get_by_role("navigation", name="Menu"))
    ivy.follow("Moderate case audit (Spring dip sample)")
    ivy.follow("Moderate this audit")
    ivy.radio("Do you agree with the overall grade?", "No")
    ivy.submit("Save moderation")
    ivy.expect_errors("Select the grade you would give", "Say why you disagree with the grade")
    ivy.radio("The grade you would give", "Inadequate")
    ivy.fill("Comment", "Risks at home were not followed up.")
    ivy.submit("Save moderation")
    ivy.banner("Moderation saved")
    expect(ivy.page.get_by_text("Disagreed: Inadequate")).to_be_visible()

    sam = people(*w["sam"])
    sam.follow("My work", within=sam.page.get_by_role("navigation", name="Menu"))
    row = sam.page.get_by_role("row").filter(has_text="Audit action")
    expect(row).to_contain_text("Update the chronology")
    sam.follow(re.compile("Audit action: Update the chronology"))
    sam.submit("Mark as done")
    sam.expect_errors("Enter what was done")
    sam.fill("What was done", "Chronology brought up to date and discussed in supervision.")
    sam.submit("Mark as done")
    sam.banner("Action marked as done")
    expect(sam.page.get_by_text("Audit action")).to_have_count(0)
    sam.screenshot("quality-02-my-work")

    tara.open(f"/quality/programmes/{audit.programme_id}/")
    expect(tara.page.get_by_text("0 of 1 (0%)")).to_be_visible()
    expect(tara.page.get_by_text("drift (1), chronology (1)")).to_be_visible()


def test_a_young_person_answers_a_survey_by_link(people, quality_world, browser, live_server):
    from hearth.quality.models import SurveyResponse
    from hearth.quality.services import survey_create

    w = quality_world
    survey_create(
        title="Your social worker",
        audience="children_in_care",
        introduction="",
        questions=[
            ("Are you happy with your social worker?", "agree", "happy_with_worker"),
            ("What would make things better?", "text", ""),
        ],
        acting_user=w["worker"].team.manager.user,
    )
    child = w["mia"]
    sam = people(*w["sam"])
    sam.follow("Quality and feedback", within=sam.page.get_by_role("navigation", name="Menu"))
    sam.follow("Children's and families' feedback surveys")
    sam.follow("Your social worker")
    sam.submit("Make a link")
    sam.expect_errors("Enter the young person's LA child ID")
    sam.fill("LA child ID of the young person", child.la_child_id)
    sam.submit("Make a link")
    url = sam.page.locator("#survey-link").inner_text().strip()

    from django.core.cache import cache

    cache.clear()  # the link page's rate limit counts by address (every test is 127.0.0.1)
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    young = Practitioner(page, lambda *a: None)
    page.console_errors = []
    young.page.goto(url)
    young.arrive()
    young.heading("Have your say")
    body = page.locator("body").inner_text()
    for secret in (child.first_name, child.last_name, child.la_child_id, "Sam"):
        assert secret not in body
    expect(page.get_by_role("radio", checked=True)).to_have_count(0)
    young.submit("Send")
    young.expect_errors("Answer at least one question")
    young.radio("Are you happy with your social worker?", "Yes")
    young.fill("What would make things better?", "More time to talk.")
    young.submit("Send")
    young.heading("Thank you")
    assert SurveyResponse.objects.get().child == child
    young.page.goto(url)
    young.arrive()
    young.heading("This link no longer works")
    context.close()
