"""Issue 18 in a real browser (axe on every page): the fostering team records and approves a
foster carer household; the child's social worker places a child with it, records where the
child goes to school and a personal education plan; the team manager sees the plan on the
virtual school page; the fostering team sees the child placed and one vacancy left."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD
from tests.browser.test_practice_journeys import ago, people, world  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture
def fostering(world):  # noqa: F811
    from hearth.access.tests.signin import totp_device_for
    from hearth.workforce.models import Team
    from hearth.workforce.tests.factories import TeamFactory, WorkerFactory

    worker = WorkerFactory(
        team=TeamFactory(name="Fostering", kind=Team.Kind.FOSTERING),
        first_name="Fola",
        last_name="Adebayo",
        user__first_name="Fola",
        user__last_name="Adebayo",
        user__username="fola.fostering",
        user__password=PASSWORD,
    )
    return ("fola.fostering", totp_device_for(worker.user))


def test_approve_a_household_place_a_child_and_see_the_pep_on_the_virtual_school(
    people,  # noqa: F811
    world,  # noqa: F811
    fostering,
):
    from hearth.carers.models import CarerHousehold

    fola = people(*fostering)
    fola.follow("Carers", within=fola.page.get_by_role("navigation", name="Menu"))
    fola.heading("Foster carers and adopters")
    fola.follow("Record a carer household")
    fola.submit("Save household", keyboard=True)
    fola.expect_errors(
        "Enter the household name",
        "Select the type of household",
        "Enter the date enquiry received",
    )
    fola.fix("Enter the household name", fola.page.get_by_label("Household name"))
    fola.fill("Household name", "The Nowak household", keyboard=True)
    fola.radio("Type of household", "In-house foster carers (mainstream)", keyboard=True)
    fola.date("Date enquiry received", ago(300))
    fola.fill("Postcode", "PE3 6AB")
    fola.submit("Save household")
    fola.banner("Household recorded")
    fola.heading("The Nowak household")
    household = CarerHousehold.objects.get(name="The Nowak household")

    fola.follow("Household member")
    fola.radio("Role in the household", "Carer (applicant)")
    fola.fill("First name", "Anna")
    fola.fill("Last name", "Nowak")
    fola.radio("Sex", "Female")
    fola.submit("Save household member")
    fola.banner("Household member added")

    fola.follow("Approval")
    fola.submit("Save approval")
    fola.expect_errors("Enter the date of approval")
    fola.fix("Enter the date of approval", fola.day_of("Date of approval"))
    fola.date("Date of approval", ago(30))
    fola.submit("Save approval")
    fola.expect_errors(
        "Enter how many children the household is approved for",
        "Select the types of care the household is approved for",
    )
    fola.fill("Number of children approved for", "2")
    fola.fill("Youngest age approved for", "5")
    fola.fill("Oldest age approved for", "16")
    fola.tick("Short-term")
    fola.tick("Long-term", keyboard=True)
    fola.submit("Save approval")
    fola.banner("Approval saved")
    expect(fola.page.locator(".govuk-summary-list").first).to_contain_text("Approved")
    fola.screenshot("18-household-approved")

    # The child's social worker places Noah (Year 10) with the household.
    sam = people(*world["sam"])
    noah = world["noah"]
    sam.record(noah, "Child becomes looked after")
    sam.date("Date the child became looked after", ago(10))
    sam.select("Legal status", "Interim care order")
    sam.radio("Category of need", "Abuse or neglect")
    sam.select("Placement type", "Foster placement with other foster carer - other")
    sam.radio("Placement provider", "Private provision")
    sam.select("Approved carer household", f"The Nowak household ({household.reference})")
    sam.submit("Save: child is looked after")
    sam.expect_errors("In-house carers are own local authority provision (PR1)")
    sam.radio("Placement provider", "Own local authority provision")
    sam.date("Date the child became looked after", ago(10))
    sam.submit("Save: child is looked after")
    sam.banner("Child recorded as looked after")

    sam.follow("School or education")
    sam.radio("Where the child is educated", "On a school roll")
    sam.fill("School or provider", "Jack Hunt School")
    sam.fill("School URN", "110822")
    sam.date("Date this started", ago(9))
    sam.submit("Save education")
    sam.banner("Education recorded")

    sam.follow("Personal education plan")
    sam.submit("Save personal education plan", keyboard=True)
    sam.expect_errors(
        "Enter the date of the PEP meeting",
        "Select the quality rating",
        "Select the attainment",
        "Select the SEN provision",
        "Enter the PEP's targets",
    )
    sam.fix("Select the quality rating", sam.first_radio("Quality rating (virtual school)"))
    sam.radio("Quality rating (virtual school)", "Good or better")
    sam.date("Date of the PEP meeting", ago(3))
    sam.fill("Attendance this term (%)", "93.5")
    sam.radio("Attainment", "Working at the expected level")
    sam.radio("SEN provision", "SEN support")
    sam.fill("Targets", "Settle at Jack Hunt; maths catch-up twice a week.", keyboard=True)
    expect(sam.page.locator(".govuk-character-count__status").first).to_be_visible()
    sam.submit("Save personal education plan")
    sam.banner("Personal education plan recorded")
    sam.expect_in_chronology(
        noah,
        f"Placed: Foster placement with other foster carer - other — The Nowak household "
        f"({household.reference})",
        "Personal education plan",
        "Education: on a school roll: Jack Hunt School",
    )

    # The team manager's virtual school page shows Noah's plan.
    tara = people(*world["manager"])
    tara.follow("Virtual school", within=tara.page.get_by_role("navigation", name="Menu"))
    tara.heading("Virtual school")
    row = tara.page.get_by_role("row").filter(has_text="Noah Pryce")
    expect(row).to_contain_text("Year 10")
    expect(row).to_contain_text("Jack Hunt School")
    expect(row).to_contain_text(f"{ago(3):%-d %b %Y}")
    expect(row).to_contain_text("93.5%")
    expect(row).to_contain_text("SEN support")
    tara.screenshot("18-virtual-school")

    # Back with the fostering team: the child is placed, one place is vacant.
    fola.open(f"/carers/{household.pk}/")
    expect(fola.page.get_by_role("table").filter(has_text="placed today")).to_contain_text(
        "Placed now"
    )
    fola.follow("All households")
    fola.follow("Fostering sufficiency")
    fola.heading("Fostering sufficiency")
    vacancies = fola.page.locator(".govuk-summary-list__row").filter(has_text="Vacancies")
    expect(vacancies.locator("dd")).to_have_text("1")
