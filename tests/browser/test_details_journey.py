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
