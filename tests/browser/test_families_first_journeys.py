"""Families First journeys (issue 16), walked in a real browser with axe on every page:

* a family network meeting offered and held in pre-proceedings, then the letter before
  proceedings and the decision to apply to court; the worklist's reminder to offer a meeting
  goes once it is offered, and the application counts in the dashboard's "family network
  meeting offered before proceedings";
* a kinship arrangement with its carer recorded, seen on the record and in the kinship count;
* a duplicate record found by its NHS number when the front door searches before creating a
  child, then merged by the manager: both histories kept, the merge audited.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.pages import DueTable, KinshipPage, MergePage, PreProceedingsPage
from tests.browser.test_practice_journeys import ago, people, world  # noqa: F401

pytestmark = pytest.mark.browser

OFFER = "Offer a family network meeting before any application to court"


def test_family_network_meeting_before_pre_proceedings_decision(people, world):  # noqa: F811
    sam = people(*world["sam"])
    mia = world["mia"]  # open child in need episode from 60 days ago

    pp = PreProceedingsPage(sam).open(mia)
    expect(sam.page.get_by_text("it should be offered before any application")).to_be_visible()
    pp.save()
    label = "Decision to begin pre-proceedings (legal planning meeting)"
    sam.expect_errors(f"Enter the {label[0].lower() + label[1:]}")
    pp.begin(decided=ago(40))
    sam.banner("Pre-proceedings recorded")

    # The worklist reminds before any application to court that no meeting was offered.
    sam.open(f"/children/{mia.pk}/work/")
    assert OFFER in DueTable(sam.page).labels()
    sam.follow(OFFER, within=DueTable(sam.page).table)

    pp = PreProceedingsPage(sam)
    sam.heading(pp.TITLE)
    expect(sam.page.get_by_text("No family network meeting has been offered")).to_be_visible()
    # Held before it was offered: refused, with the error summary.
    pp.family_network_meeting(
        offered=ago(36),
        held=ago(37),
        plan="Grandparents to care for Mia on weekdays; aunt at weekends. [test]",
    )
    pp.save()
    sam.expect_errors("This date is before the meeting was offered.")
    sam.fix(
        "This date is before the meeting was offered.", sam.day_of("Family network meeting held")
    )
    sam.date("Family network meeting held", ago(30))
    pp.save()
    sam.banner("Pre-proceedings saved")
    sam.open(f"/children/{mia.pk}/work/")
    labels = DueTable(sam.page).labels()
    assert OFFER not in labels
    assert "Pre-proceedings decision (16 weeks)" in labels

    # The letter before proceedings, then the decision: first without an outcome.
    pp.open(mia)
    expect(sam.page.get_by_text("No family network meeting has been offered")).to_have_count(0)
    pp.letter_and_meeting(letter=ago(25), first_meeting=ago(20))
    pp.decision(decided=ago(5))
    pp.save()
    sam.expect_errors("Select the outcome of pre-proceedings.")
    sam.fix("Select the outcome of pre-proceedings.", sam.first_radio("Outcome"))
    pp.decision(
        decided=ago(5),
        outcome="Application to court for a care or supervision order",
        applied=ago(3),
    )
    pp.save()
    sam.banner("Pre-proceedings saved")
    sam.open(f"/children/{mia.pk}/work/")
    labels = DueTable(sam.page).labels()
    assert OFFER not in labels and "Pre-proceedings decision (16 weeks)" not in labels

    sam.expect_in_chronology(
        mia,
        "Decision to begin pre-proceedings",
        "Family network meeting offered",
        "Family network meeting held",
        "Letter before proceedings sent",
        "Pre-proceedings decision",
        "Application to court",
    )

    # The manager sees the application counted as offered a meeting first.
    tara = people(*world["manager"])
    tara.open("/insight/theme/adoption-proceedings/")
    row = tara.page.get_by_role("row").filter(
        has_text="Family network meeting offered before proceedings"
    )
    expect(row).to_contain_text("100.0%")
    expect(row).to_contain_text("1 of 1")
    tara.follow("List children behind Family network meeting offered before proceedings")
    listed = tara.page.get_by_role("row").filter(has_text=mia.full_name)
    expect(listed).to_contain_text(f"Offered {ago(36):%-d %b %Y}, held {ago(30):%-d %b %Y}")


def test_kinship_arrangement_on_the_record_and_in_the_count(people, world):  # noqa: F811
    sam = people(*world["sam"])
    leo = world["leo"]

    kin = KinshipPage(sam).open(leo)
    kin.save()
    sam.expect_errors(
        "Select the kind of arrangement",
        "Enter the date the child started living with the carer",
    )
    sam.fix("Select the kind of arrangement", sam.first_radio("Kind of arrangement"))
    kin.record(
        kind="Special guardianship order",
        started=ago(20),
        carer=("Maureen", "Barnes", "Grandmother"),
        postcode="PE1 2SN",
        viability=ago(120),
        support_plan="Special guardianship allowance and respite one weekend a month. [test]",
        allowance="185.50",
    )
    kin.save()
    sam.expect_errors("Enter the date the order was made")
    sam.fix("Enter the date the order was made", sam.day_of("Date the order was made"))
    sam.date("Date the order was made", ago(20))
    kin.save()
    sam.banner("Kinship arrangement recorded")

    # On the record: the open arrangement with its carer, and in the chronology.
    KinshipPage(sam).open(leo)
    expect(
        sam.page.get_by_text(
            f"Special guardianship order with Maureen Barnes (Grandmother) since {ago(20):%-d %b %Y}"
        )
    ).to_be_visible()
    text = sam.expect_in_chronology(leo, "Kinship arrangement started: special guardianship order")
    assert "Maureen Barnes (Grandmother)" in text

    # In the kinship count on the children in care dashboard, and behind it.
    tara = people(*world["manager"])
    tara.open("/insight/theme/children-in-care/")
    row = tara.page.get_by_role("row").filter(has_text="Children in kinship care")
    expect(row.get_by_role("cell").first).to_have_text("1")
    tara.follow("Children in kinship care")
    breakdown = tara.page.get_by_role("table", name="Breakdown")
    expect(
        breakdown.get_by_role("row").filter(has_text="Special guardianship order")
    ).to_contain_text("1")
    tara.follow("See the children behind this figure")
    expect(tara.page.get_by_role("row").filter(has_text=leo.full_name)).to_contain_text(
        "Special guardianship order"
    )


def test_duplicate_found_by_nhs_number_at_the_front_door_then_merged(people, world):  # noqa: F811
    from hearth.access.models import AuditEntry
    from hearth.casework.tests.factories import CINEpisodeFactory, SignificantEventFactory
    from hearth.people.models import Child
    from hearth.people.tests.factories import ChildFactory
    from hearth.workforce.tests.factories import AllocationFactory

    ruby = world["ruby"]
    ruby.nhs_number = "9990000026"
    ruby.save()
    # A second record of the same child, made before (a misspelt name, the same NHS number),
    # with its own history.
    duplicate = ChildFactory(
        first_name="Rubie",
        last_name="Coles",
        date_of_birth=ruby.date_of_birth,
        nhs_number="9990000026",
        la_child_id="XD0000777",
    )
    AllocationFactory(child=duplicate, worker=world["worker"], start_date=ago(300))
    CINEpisodeFactory(
        child=duplicate, referral_date=ago(700), closure_date=ago(600), closure_reason="RC7"
    )
    SignificantEventFactory(child=duplicate, date=ago(650), title="Missing overnight from home")
    CINEpisodeFactory(child=ruby, referral_date=ago(90))

    # The front door searches before creating: the NHS number finds both records.
    fran = people(*world["front_door"])
    fran.follow("Front door", within=fran.page.get_by_role("navigation", name="Menu"))
    fran.follow("Record a contact")
    fran.fill("Child's first name", "Ruby")
    fran.fill("Child's last name", "Cole-Smith")
    fran.radio("Sex", "Female")
    fran.fill("Child's NHS number", "999 000 0026")
    received = timezone.localtime() - dt.timedelta(minutes=5)
    fran.moment("Date the contact was received", "Time the contact was received", received)
    fran.select("Who made the contact", "School")
    fran.fill("What are they worried about?", "Ruby says she is scared to go home. [test]")
    fran.radio("Is the child at risk of significant harm?", "No")
    fran.submit("Record contact")
    expect(fran.page.get_by_text("We found 2 children who may be the same child")).to_be_visible()
    choices = fran.group("Is this one of these children?")
    for record in (ruby, duplicate):
        expect(
            choices.get_by_text(re.compile(f"{record.la_child_id}.*same NHS number", re.I))
        ).to_be_visible()
    choices.get_by_label(re.compile(ruby.la_child_id)).check()
    fran.submit("Record contact")
    fran.banner(f"Contact about {ruby.full_name} recorded")
    assert Child.objects.filter(nhs_number="9990000026").count() == 2  # no third record

    # The manager merges the duplicate into Ruby's record.
    tara = people(*world["manager"])
    merge = MergePage(tara).open(ruby)
    merge.find(duplicate.la_child_id)
    expect(merge.comparison()).to_contain_text("Rubie")
    merge.merge("Too short")
    tara.expect_errors("Explain in at least 20 characters why these are the same child")
    merge.merge("Same NHS number and date of birth; the name was misspelt on the old record.")
    tara.banner(f"{duplicate.la_child_id} merged into this record")
    expect(tara.page.get_by_text(f"Includes {duplicate.la_child_id}, merged on")).to_be_visible()

    # Both histories on the one record.
    text = tara.expect_in_chronology(ruby, "Missing overnight from home", "Contact from school")
    assert text.count("Referral") >= 2
    # The merge is audited on both records.
    whats = set(AuditEntry.objects.values_list("what", flat=True))
    assert f"Merged the duplicate record {duplicate.la_child_id} into this record" in whats
    assert f"Merged this record into {ruby.la_child_id} (a duplicate)" in whats
    duplicate.refresh_from_db()
    assert duplicate.merged_into_id == ruby.pk and duplicate.archived_at is not None
