"""An unborn child, kept on one record from a pre-birth contact to the birth: the front door
records the contact with the expected date of birth, the manager allocates, the social worker
completes a pre-birth assessment and later records the birth. Every page is checked with axe."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_practice_journeys import TODAY, ahead, people, world  # noqa: F401

pytestmark = pytest.mark.browser


def test_an_unborn_baby_from_a_pre_birth_contact_to_the_birth(people, world):  # noqa: F811
    from hearth.people.models import Child

    fran = people(*world["front_door"])
    fran.follow("Front door", within=fran.page.get_by_role("navigation", name="Menu"))
    fran.follow("Record a contact")
    fran.fill("Child's first name", "Baby")
    fran.fill("Child's last name", "Okoro")
    due = ahead(70)
    fran.date("Or, for an unborn baby, the expected date of birth", due, keyboard=True)
    fran.radio("Sex", "Female")
    received = timezone.localtime() - dt.timedelta(minutes=5)
    fran.moment("Date the contact was received", "Time the contact was received", received)
    fran.select("Who made the contact", "Health - other health services")
    fran.fill("What are they worried about?", "Midwife: two older siblings were removed in 2025.")
    fran.radio("Is the child at risk of significant harm?", "No")
    fran.submit("Record contact")
    fran.expect_errors("Select Not known for an unborn child")
    fran.fix("Select Not known for an unborn child", fran.first_radio("Sex"))
    fran.radio("Sex", "Not known", keyboard=True)
    fran.submit("Record contact")
    fran.banner("Contact about Baby Okoro recorded")
    fran.follow("Decide on the contact about Baby Okoro")
    fran.radio("Decision", "Referral to children's social care")
    fran.select("Primary need (for a referral)", "Abuse or neglect")
    fran.fill("Reason for the decision", "Pre-birth assessment needed before the baby is due.")
    fran.submit("Record decision")
    fran.banner("Decision recorded")

    baby = Child.objects.get(last_name="Okoro")
    assert baby.is_unborn and baby.expected_date_of_birth == due

    tara = people(*world["manager"])
    tara.open(f"/children/{baby.pk}/allocate/")
    sam_worker = world["worker"]
    tara.page.get_by_label("Worker", exact=True).select_option(value=str(sam_worker.pk))
    tara.radio("Allocated as", "Allocated social worker")
    tara.radio("Reason", "New case")
    tara.submit("Allocate")
    tara.banner("Case allocated")

    sam = people(*world["sam"])
    sam.open(f"/children/{baby.pk}/")
    expect(sam.page.get_by_text(f"{due:%-d %b %Y} (unborn)")).to_be_visible()
    sam.record(baby, "Start an assessment")
    sam.date("Assessment start date", TODAY())
    sam.submit("Start assessment")
    sam.heading("Assessment")
    sam.radio("Was the child seen during the assessment?", "No", keyboard=True)
    sam.tick("Domestic abuse - concerns about the child")
    sam.fill("Analysis", "Mother engaging with the midwife; father's history of violence.")
    sam.date("Date completed", TODAY())
    sam.radio("Does the child need social care support?", "Yes")
    sam.submit("Save assessment")
    sam.banner("Assessment saved")

    sam.open(f"/children/{baby.pk}/")
    sam.follow("Record the birth")
    sam.heading("Record the birth")
    sam.submit("Record the birth")
    sam.expect_errors("Enter the date of birth")
    sam.fix("Enter the date of birth", sam.day_of("Date of birth"))
    sam.date("Date of birth", TODAY(), keyboard=True)
    sam.radio("Sex", "Female")
    sam.page.get_by_label("First name", exact=True).fill("Grace")
    sam.submit("Record the birth")
    sam.screenshot("unborn-birth-recorded")

    baby.refresh_from_db()
    assert baby.date_of_birth == TODAY() and baby.first_name == "Grace"
    assert Child.objects.filter(last_name="Okoro").count() == 1
    sam.expect_in_chronology(
        baby,
        "Born",
        "Assessment completed",
        "Referral from health - other health services",
        "Contact from health - other health services",
    )
