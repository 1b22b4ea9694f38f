"""Family Help: a social worker starts Family Help for a brother and sister from the sister's
record with a lead practitioner from a school; the lead signs in, finds the family's assessment
due in My work, records the one family assessment and plan (each child's needs and words), and
reviews the plan. Every page is checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD
from tests.browser.test_practice_journeys import TODAY, ahead, people, world  # noqa: F401

pytestmark = pytest.mark.browser


def _saved(person, text: str) -> None:
    """The success banner (a partner's pages also carry the partner-access banner)."""
    expect(person.page.locator(".govuk-notification-banner--success")).to_contain_text(text)


@pytest.fixture
def school_lead(world):  # noqa: F811
    """A designated safeguarding lead at Oakfield Primary School who signs in to Hearth as an
    education partner; she sees no child until she leads a family's Family Help."""
    from hearth.access.tests.factories import UserFactory
    from hearth.access.tests.signin import totp_device_for

    user = UserFactory(
        username="jo.school",
        first_name="Jo",
        last_name="Bright",
        role="partner_education",
        organisation="Oakfield Primary School",
        password=PASSWORD,
    )
    return user, ("jo.school", totp_device_for(user))


def test_a_family_help_lead_from_a_school_runs_a_familys_plan(people, world, school_lead):  # noqa: F811
    from hearth.familyhelp.models import FamilyHelpEpisode
    from hearth.people.tests.factories import ChildFactory, FamilyMemberFactory
    from hearth.workforce.tests.factories import AllocationFactory

    amelia = world["amelia"]
    brother = ChildFactory(
        first_name="Oscar", last_name="Hart", date_of_birth=TODAY().replace(year=2019)
    )
    AllocationFactory(child=brother, worker=world["worker"], start_date=TODAY())
    FamilyMemberFactory(
        child=amelia,
        relationship="sibling",
        related_child=brother,
        first_name="Oscar",
        last_name="Hart",
    )
    FamilyMemberFactory(child=amelia, relationship="mother", first_name="Dawn", last_name="Hart")
    lead_user, lead_login = school_lead

    sam = people(*world["sam"])
    sam.record(amelia, "Start Family Help")
    sam.heading("Start Family Help")
    sam.submit("Start Family Help")
    sam.expect_errors(
        "Select the children the help is for",
        "Select the level of Family Help",
        "Enter the start date",
    )
    sam.fix(
        "Select the children the help is for",
        sam.group("Children the help is for").get_by_role("checkbox").first,
    )
    sam.tick(f"Amelia Hart, born {amelia.date_of_birth:%-d %b %Y}")
    sam.tick(f"Oscar Hart, born {brother.date_of_birth:%-d %b %Y}")
    sam.tick("Dawn Hart (Mother)")
    sam.radio("Level of Family Help", "Targeted Family Help (early help)", keyboard=True)
    sam.date("Start date", TODAY())
    sam.select("Main need", "Family in acute stress")
    sam.select("Who asked for help", "School")
    sam.fill("Why the family needs help", "Mum has lost her job; Amelia is missing school.")
    sam.select(
        "Family Help Lead Practitioner", "Jo Bright (Education partner, Oakfield Primary School)"
    )
    sam.radio("Who the lead practitioner works for", "School or education setting")
    sam.radio("Is this a step down from child protection or care?", "No")
    sam.submit("Start Family Help")
    sam.banner("Family Help started")
    sam.heading("The Hart family")
    sam.screenshot("family-help-started")
    episode = FamilyHelpEpisode.objects.get()
    assert episode.lead_user == lead_user and episode.children.count() == 2
    assert episode.lead_organisation == "Oakfield Primary School"

    jo = people(*lead_login)
    jo.open("/my-work/")
    jo.follow("Family Help assessment: The Hart family")
    jo.heading("Family Help assessment")
    jo.date("Date the assessment started", TODAY())
    jo.fill("The family's strengths", "Grandparents nearby; Dawn wants help.")
    jo.fill("What the family needs help with", "Money advice and a morning routine.")
    jo.fill("Needs: Amelia Hart", "Attendance below 80%.")
    jo.submit("Save the assessment")
    jo.expect_errors(
        "Enter Amelia Hart's views, in their own words",
        "Enter Oscar Hart's needs",
        "Enter Oscar Hart's views, in their own words",
    )
    jo.fix("Enter Oscar Hart's needs", jo.page.get_by_label("Needs: Oscar Hart"), keyboard=True)
    jo.fill("Needs: Oscar Hart", "Speech and language referral.")
    jo.fill(
        "Amelia Hart's views, in their own words", "I want to go to school but mornings are hard."
    )
    jo.fill("Oscar Hart's views, in their own words", "Pointed to his mum and smiled.")
    jo.date("Date the assessment was completed", TODAY())
    jo.submit("Save the assessment")
    _saved(jo, "Family Help assessment saved")

    jo.follow("Record the plan")
    jo.date("Date the plan started", TODAY())
    jo.fill("What the family wants to change", "Everyone out of the door by 8:15.")
    jo.fill("Who will do what, by when", "Jo: money advice referral this week. Dawn: alarm clock.")
    jo.fill("What will change: Amelia Hart", "Attendance above 90% by the review.")
    jo.fill("Amelia Hart's views, in their own words", "Breakfast club would help.")
    jo.fill("What will change: Oscar Hart", "Speech therapy started.")
    jo.fill("Oscar Hart's views, in their own words", "Nodded at the picture of nursery.")
    jo.date("Date the plan will be reviewed", ahead(42))
    jo.submit("Save the plan")
    _saved(jo, "Family Help plan saved")
    expect(jo.page.get_by_text("Breakfast club would help.")).to_be_visible()

    jo.follow("Review the plan")
    jo.date("Date of the review", TODAY())
    jo.fill("What has changed for the family", "Amelia has been on time every day this week.")
    jo.fill("What the children say, in their own words", "Amelia: breakfast club is fun.")
    jo.radio("Outcome", "Continue the plan")
    jo.submit("Record the review")
    jo.expect_errors("Enter when the plan will next be reviewed")
    jo.date("Date of the next review", ahead(90))
    jo.submit("Record the review")
    _saved(jo, "Family Help plan review recorded")
    jo.screenshot("family-help-plan-reviewed")

    # The partner lead sees the family's children (the reduced partner record, not the full
    # one), and no one else on Sam's caseload.
    assert jo.page.request.get(f"/children/{world['ruby'].pk}/").status == 404
    assert jo.page.request.get(f"/children/{brother.pk}/notes/").status == 404
    assert jo.page.request.get(f"/children/{brother.pk}/partner/").status == 200
    sam.expect_in_chronology(amelia, "Family Help started for The Hart family")
