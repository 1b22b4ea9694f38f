"""Issue 14: a social worker keeps a child's record up to date in a real browser: corrects the
child's identity (known-as name and NHS number), adds a family member and records a move to a
new address, partly by keyboard alone, and sees each on the record. axe runs on every page
(the shared `Practitioner` fails the test if a page was reached without being checked)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.browser.pages import ChildDetailsSections
from tests.browser.test_practice_journeys import people  # noqa: F401  (the signed-in fixture)

pytestmark = pytest.mark.browser


def test_social_worker_edits_identity_adds_family_member_and_new_address(
    people,  # noqa: F811
    social_worker_world,
):
    sam = people(social_worker_world["worker"].user.username, social_worker_world["device"])
    child = social_worker_world["child"]
    sam.open(f"/children/{child.pk}/")
    record = ChildDetailsSections(sam.page)

    # Identity (the existing page), by keyboard: the known-as name.
    sam.follow("Change identity and details", keyboard=True)
    sam.heading("Change identity and details")
    known_as = sam.page.get_by_label("Known as", exact=True)
    known_as.fill("")
    sam.fill("Known as", "JJ", keyboard=True)
    sam.submit("Save changes", keyboard=True)
    sam.banner("Identity and details saved")
    expect(sam.page.get_by_role("heading", name="Who JJ is")).to_be_visible()

    # A family member: the empty form first, then the error summary leads to the question.
    sam.follow("Add a family member", within=sam.page.get_by_role("main"), keyboard=True)
    sam.heading("Add a family member")
    sam.submit("Save family member", keyboard=True)
    sam.expect_errors(
        "Enter the first name",
        "Select the relationship to the child",
        "Select yes or no: do they have parental responsibility?",
    )
    sam.fix("Enter the first name", sam.page.get_by_label("First name", exact=True), keyboard=True)
    sam.fill("First name", "Marcus", keyboard=True)
    sam.fill("Last name", "Whitmore")
    sam.select("Relationship to the child", "Father")
    sam.date("Date of birth", dt.date(1985, 2, 11), keyboard=True)
    sam.radio("Do they have parental responsibility?", "Yes", keyboard=True)
    sam.radio("Do they live with the child?", "No")
    sam.fill("Address", "3 Church Street, Whittlesey PE7 1DB")
    sam.fill("Phone number", "07700 900123")
    sam.submit("Save family member")
    sam.banner("Family member added")
    father = record.family_row("Marcus Whitmore")
    expect(father).to_contain_text("Father")
    expect(father).to_contain_text("3 Church Street, Whittlesey PE7 1DB")
    expect(father.get_by_role("link", name="Change Marcus Whitmore")).to_be_visible()

    # A move: a wrong postcode is refused, then the new address ends the old one.
    sam.follow("Add a new address", within=sam.page.get_by_role("main"))
    sam.heading("Add a new address")
    sam.fill("Address", "7 Fenland Way")
    sam.fill("Town or city", "Peterborough")
    sam.fill("Postcode", "PE99")
    moved = dt.date.today() - dt.timedelta(days=14)
    sam.date("Date they moved in", moved, keyboard=True)
    sam.submit("Save address", keyboard=True)
    sam.expect_errors("Enter a real postcode, like SW1A 1AA")
    sam.fix("Enter a real postcode, like SW1A 1AA", sam.page.get_by_label("Postcode"))
    sam.page.get_by_label("Postcode").fill("pe2 6xe")
    sam.submit("Save address")
    sam.banner("Address saved")
    rows = record.address_rows()
    assert rows[0].startswith("7 Fenland Way, Peterborough Current PE2 6XE"), rows
    assert "PE1 2SN" in rows[1] and moved.strftime("%-d %b %Y") in rows[1], rows
    sam.screenshot("details-record")


def test_details_pages_pass_axe_and_a_professional_is_added_and_ended(
    people,  # noqa: F811
    social_worker_world,
):
    from hearth.people.models import Address, FamilyMember

    sam = people(social_worker_world["worker"].user.username, social_worker_world["device"])
    child = social_worker_world["child"]
    address = Address.objects.get(child=child)
    mother = FamilyMember.objects.get(child=child)

    sam.open(f"/children/{child.pk}/details/")
    sam.heading("Change disabilities and religion")
    sam.tick("Hearing", keyboard=True)
    sam.tick("No disability")
    sam.submit("Save changes")
    sam.expect_errors("Select No disability, or the disabilities the child has, not both")
    sam.page.get_by_label("No disability", exact=True).uncheck()
    sam.fill("Religion or belief", "Christian")
    sam.submit("Save changes")
    sam.banner("Disabilities and religion saved")
    expect(sam.page.get_by_role("main")).to_contain_text("Christian")

    sam.open(f"/children/{child.pk}/addresses/{address.pk}/")
    sam.heading("Correct an address")
    sam.open(f"/children/{child.pk}/family/{mother.pk}/")
    sam.heading("Change a family member")

    sam.open(f"/children/{child.pk}/")
    sam.follow("Add a professional", within=sam.page.get_by_role("main"), keyboard=True)
    sam.submit("Save professional", keyboard=True)
    sam.expect_errors("Enter the name", "Enter the role", "Select the agency")
    sam.fix("Enter the name", sam.page.get_by_label("Name", exact=True), keyboard=True)
    sam.fill("Name", "Dr Helen Ashworth", keyboard=True)
    sam.fill("Role", "GP")
    sam.select("Agency", "GP")
    sam.fill("Organisation", "Lincoln Road Surgery")
    sam.date("Date their involvement began", dt.date(2023, 5, 1))
    sam.submit("Save professional")
    sam.banner("Professional added")
    sam.follow("Change Dr Helen Ashworth")
    sam.heading("Change a professional involved")
    sam.date("Date their involvement ended", dt.date.today(), keyboard=True)
    sam.submit("Save professional")
    sam.banner("Professional saved")
    network = sam.page.get_by_role("table", name="Professionals involved")
    expect(network.get_by_role("row").filter(has_text="Dr Helen Ashworth")).to_contain_text(
        "1 May 2023 to"
    )
