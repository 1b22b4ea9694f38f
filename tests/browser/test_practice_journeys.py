"""The nine practice journeys of issue 5, walked in a real browser as practitioners would.

Each journey signs in once (a manager, where one is needed, in a second browser window), works
through its forms by mouse and, for part of every journey, by keyboard alone (Tab, Enter, Space,
arrow keys). Every form is first submitted with missing or wrong answers: the GOV.UK error
summary takes focus, and following its links puts the cursor in the question to fix. Every
record made is then found in the child's chronology.

The service's Content-Security-Policy stays in force: axe-core is evaluated through the browser's
developer protocol rather than injected as an inline script, and runs on every page a journey
lands on (the test fails if a page was reached without being checked). Screenshots of the key
pages are saved to var/screenshots/practice-*.png.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import AXE_JS, PASSWORD
from tests.browser.pages import SignInPage

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
TODAY = dt.date.today


def ago(days: int) -> dt.date:
    return TODAY() - dt.timedelta(days=days)


def ahead(days: int) -> dt.date:
    return TODAY() + dt.timedelta(days=days)


# --- Page objects ---------------------------------------------------------------------------------


class Practitioner:
    """One person at one browser window. Every page they land on is checked with axe."""

    def __init__(self, page: Page, screenshot):
        self.page = page
        self._screenshot = screenshot
        self.navigations = 0
        self.checked = 0
        page.on("framenavigated", self._navigated)

    def _navigated(self, frame) -> None:
        if frame == self.page.main_frame:
            self.navigations += 1

    # Arriving on a page -----------------------------------------------------------------------

    def arrive(self) -> Practitioner:
        """The page has loaded: check it with axe (CSP still in force) and count it checked."""
        self.page.wait_for_load_state("load")
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            self.page.evaluate(AXE_JS.read_text())
        result = self.page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            AXE_TAGS,
        )
        violations = [
            {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]
        assert violations == [], f"axe on {self.page.url}: {violations}"
        self.checked = self.navigations
        return self

    def all_pages_checked(self) -> None:
        assert self.navigations and self.checked == self.navigations, (
            f"{self.navigations - self.checked} page(s) were not checked with axe"
        )
        assert self.page.console_errors == [], self.page.console_errors

    def screenshot(self, name: str) -> None:
        self._screenshot(self.page, f"practice-{name}")

    def open(self, path: str) -> Practitioner:
        self.page.goto(path)
        return self.arrive()

    def sign_in(self, username: str, device) -> Practitioner:
        SignInPage(self.page).open().sign_in_with_two_factor(username, PASSWORD, device)
        expect(self.page.get_by_role("heading", level=1)).to_be_visible()
        return self.arrive()

    # Moving around ----------------------------------------------------------------------------

    def follow(self, name: str, *, within=None, keyboard: bool = False, exact=None) -> Practitioner:
        link = (within or self.page).get_by_role("link", name=name, exact=exact).first
        with self.page.expect_navigation():
            if keyboard:
                link.focus()
                self.page.keyboard.press("Enter")
            else:
                link.click()
        return self.arrive()

    def record(self, child, link: str, *, keyboard: bool = False) -> Practitioner:
        """From the child's work page, open one of the 'Record' links."""
        self.open(f"/children/{child.pk}/work/")
        aside = self.page.locator("main .govuk-grid-column-one-third")
        return self.follow(link, within=aside, keyboard=keyboard)

    def heading(self, text: str) -> None:
        expect(self.page.get_by_role("heading", name=text, exact=True)).to_be_visible()

    def submit(self, name: str, *, keyboard: bool = False) -> Practitioner:
        button = self.page.get_by_role("button", name=name)
        with self.page.expect_navigation():
            if keyboard:
                button.focus()
                self.page.keyboard.press("Enter")
            else:
                button.click()
        return self.arrive()

    def banner(self, text: str) -> None:
        expect(self.page.locator(".govuk-notification-banner")).to_contain_text(text)

    # Answering questions ----------------------------------------------------------------------

    def group(self, legend: str):
        return self.page.get_by_role("group", name=legend, exact=True)

    def date(self, legend: str, day: dt.date, *, keyboard: bool = False) -> None:
        group = self.group(legend)
        if keyboard:  # Tab from day to month to year, typing each
            group.get_by_label("Day").focus()
            for part, value in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
                expect(group.get_by_label(part)).to_be_focused()
                self.page.keyboard.press("ControlOrMeta+a")
                self.page.keyboard.type(str(value))
                if part != "Year":
                    self.page.keyboard.press("Tab")
            return
        group.get_by_label("Day").fill(str(day.day))
        group.get_by_label("Month").fill(str(day.month))
        group.get_by_label("Year").fill(str(day.year))

    def moment(self, legend: str, time_label: str, when: dt.datetime) -> None:
        self.date(legend, when.date())
        self.page.get_by_label(time_label, exact=True).fill(when.strftime("%H:%M"))

    def radio(self, legend: str, label: str, *, keyboard: bool = False) -> None:
        option = self.group(legend).get_by_label(label, exact=True)
        if keyboard:
            option.focus()
            self.page.keyboard.press("Space")
        else:
            option.check()
        expect(option).to_be_checked()

    def tick(self, label: str, *, within=None, keyboard: bool = False) -> None:
        box = (within or self.page).get_by_label(label, exact=True)
        if keyboard:
            box.focus()
            self.page.keyboard.press("Space")
        else:
            box.check()
        expect(box).to_be_checked()

    def select(self, label: str, option: str) -> None:
        self.page.get_by_label(label, exact=True).select_option(label=option)

    def fill(self, label: str, value: str, *, keyboard: bool = False) -> None:
        field = self.page.get_by_label(label, exact=True)
        if keyboard:
            field.focus()
            self.page.keyboard.type(value)
        else:
            field.fill(value)

    # The error path ---------------------------------------------------------------------------

    @property
    def error_summary(self):
        return self.page.locator(".govuk-error-summary")

    def expect_errors(self, *messages: str) -> None:
        """The GOV.UK error summary is shown, has focus, lists the messages, and the page title
        starts 'Error:'."""
        expect(self.error_summary).to_be_visible()
        expect(self.error_summary).to_be_focused()
        expect(self.error_summary.locator("[role=alert]")).to_have_count(1)
        expect(self.error_summary.get_by_role("heading")).to_have_text("There is a problem")
        for message in messages:
            expect(self.error_summary.get_by_role("link", name=message, exact=True)).to_be_visible()
        expect(self.page).to_have_title(re.compile(r"^Error: "))

    def fix(self, message: str, field, *, keyboard: bool = False) -> None:
        """Follow the error summary's link for `message`: the cursor lands in `field`. By
        keyboard: Tab through the summary's links to it, then Enter."""
        link = self.error_summary.get_by_role("link", name=message, exact=True)
        if keyboard:
            links = self.error_summary.get_by_role("link")
            expect(self.error_summary).to_be_focused()
            for i in range(links.count()):
                self.page.keyboard.press("Tab")
                if links.nth(i).evaluate("e => e === document.activeElement") and (
                    links.nth(i).inner_text().strip() == message
                ):
                    break
            expect(link).to_be_focused()
            self.page.keyboard.press("Enter")
        else:
            link.click()
        expect(field).to_be_focused()

    def first_radio(self, legend: str):
        return self.group(legend).get_by_role("radio").first

    def day_of(self, legend: str):
        return self.group(legend).get_by_label("Day")

    # The chronology ---------------------------------------------------------------------------

    def chronology(self, child) -> str:
        """Open the child's chronology from their record and return its text."""
        self.open(f"/children/{child.pk}/work/")
        self.follow("Chronology", within=self.page.get_by_role("navigation", name="Child's record"))
        self.heading("Chronology")
        return self.page.locator("ol.hearth-chronology").inner_text()

    def expect_in_chronology(self, child, *titles: str) -> str:
        text = self.chronology(child)
        listed = [t.strip() for t in self.page.locator(".moj-timeline__title").all_inner_texts()]
        for title in titles:
            assert any(title in t for t in listed), f"{title!r} not in chronology: {listed}"
        return text


@pytest.fixture
def people(browser, live_server, screenshot):
    """Sign people in, each in their own browser window (a social worker and their manager work
    side by side)."""
    contexts = []
    signed_in = []

    def sign_in(username: str, device) -> Practitioner:
        context = browser.new_context(
            viewport={"width": 1180, "height": 820}, base_url=live_server.url
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.console_errors = []
        page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
        page.on("pageerror", lambda e: page.console_errors.append(str(e)))
        person = Practitioner(page, screenshot).sign_in(username, device)
        signed_in.append(person)
        return person

    yield sign_in
    try:
        for person in signed_in:
            person.all_pages_checked()
    finally:
        for context in contexts:
            context.close()


# --- The world ------------------------------------------------------------------------------------


@pytest.fixture
def world(social_worker_world):
    """Sam's caseload, with a child at the start of each journey, Sam's team manager, and a
    front-door (MASH) practitioner."""
    from hearth.access.tests.signin import totp_device_for
    from hearth.care.tests.factories import PeriodOfCareFactory
    from hearth.casework.tests.factories import CINEpisodeFactory
    from hearth.people.tests.factories import ChildFactory
    from hearth.workforce.tests.factories import AllocationFactory, TeamFactory, WorkerFactory

    sam = social_worker_world["worker"]
    team = sam.team
    manager = WorkerFactory(
        team=team,
        role="team_manager",
        first_name="Tara",
        last_name="Mensah",
        user__first_name="Tara",
        user__last_name="Mensah",
        user__username="tara.manager",
        user__role="team_manager",
        user__password=PASSWORD,
    )
    team.manager = manager
    team.save()
    front_door = WorkerFactory(
        team=TeamFactory(name="Front door (MASH)"),
        role="front_door",
        first_name="Fran",
        last_name="Doyle",
        user__first_name="Fran",
        user__last_name="Doyle",
        user__username="fran.frontdoor",
        user__role="front_door",
        user__password=PASSWORD,
    )

    def child(first, last, born, **kwargs):
        c = ChildFactory(first_name=first, last_name=last, date_of_birth=born, **kwargs)
        AllocationFactory(child=c, worker=sam, start_date=ago(400))
        return c

    children = {
        "amelia": child("Amelia", "Hart", dt.date(2016, 3, 2), sex="F"),
        "ruby": child("Ruby", "Cole", dt.date(2014, 7, 19)),
        "noah": child("Noah", "Pryce", dt.date(2012, 1, 30)),
        "leo": child("Leo", "Barnes", dt.date(2017, 11, 5)),
        "mia": child("Mia", "Khan", dt.date(2011, 6, 12)),
        "kai": child("Kai", "Reid", dt.date(2010, 2, 8)),
        "chloe": child("Chloe", "Ward", ago(365 * 18 + 70)),
        "ellie": child("Ellie", "Shaw", ago(365 * 2)),
    }
    for name in ("leo", "mia", "kai"):
        CINEpisodeFactory(child=children[name], referral_date=ago(60))
    PeriodOfCareFactory(
        child=children["chloe"], start_date=ago(365 * 3), end_date=ago(70), reason_ceased="E17"
    )
    return {
        **social_worker_world,
        **children,
        "sam": (social_worker_world["worker"].user.username, social_worker_world["device"]),
        "manager": ("tara.manager", totp_device_for(manager.user)),
        "front_door": ("fran.frontdoor", totp_device_for(front_door.user)),
    }


# --- 1. Front door --------------------------------------------------------------------------------


def test_front_door_contact_matches_a_known_child_and_is_decided(people, world):
    fran = people(*world["front_door"])
    amelia = world["amelia"]
    fran.follow("Front door", within=fran.page.get_by_role("navigation", name="Menu"))
    fran.follow("Record a contact")
    fran.heading("Record a contact")

    # Keyboard only: submit the empty form, then Tab to an error and follow it.
    fran.submit("Record contact", keyboard=True)
    fran.expect_errors(
        "Enter the child's first name",
        "Select the child's sex",
        "Enter the date the contact was received",
        "Enter what the worry is",
        "Select yes or no: is the child at risk of significant harm?",
    )
    fran.screenshot("01-contact-errors")
    fran.fix("Select the child's sex", fran.first_radio("Sex"), keyboard=True)
    fran.page.keyboard.press("ArrowDown")  # from Male to Female, as a keyboard user would
    expect(fran.group("Sex").get_by_label("Female")).to_be_checked()
    fran.fix("Enter the child's first name", fran.page.get_by_label("Child's first name"))
    fran.fill("Child's first name", "Amelia", keyboard=True)
    fran.fill("Child's last name", "Hart")
    fran.date("Child's date of birth", amelia.date_of_birth, keyboard=True)
    received = timezone.localtime() - dt.timedelta(minutes=5)
    fran.moment("Date the contact was received", "Time the contact was received", received)
    fran.select("Who made the contact", "School")
    fran.fill("Name of the person making contact", "Mrs Patel, designated safeguarding lead")
    fran.fill("What are they worried about?", "Bruising to her arm; says her stepdad grabbed her.")
    fran.radio("Is the child at risk of significant harm?", "Yes", keyboard=True)
    fran.submit("Record contact")

    # Duplicate matching: a question first, then an error if it is not answered.
    expect(fran.page.get_by_text("may be the same child")).to_be_visible()
    fran.screenshot("02-contact-match")
    fran.submit("Record contact")
    message = "Select the child this contact is about, or that it is a different child"
    fran.expect_errors(message)
    fran.fix(message, fran.first_radio("Is this one of these children?"))
    fran.radio(
        "Is this one of these children?",
        f"Amelia Hart, born 2 Mar 2016, {amelia.la_child_id} (same date of birth; same family name; same first name)",
    )
    fran.submit("Record contact")

    # The queue: a child protection contact with its 4-hour countdown.
    fran.banner("Contact about Amelia Hart recorded")
    queue = fran.page.get_by_role("table", name=re.compile("Contacts waiting for a decision"))
    row = queue.get_by_role("row").filter(has_text="Amelia Hart")
    expect(row).to_contain_text("Child protection")
    expect(row).to_contain_text(re.compile(r"3 hours 5\d minutes left|Overdue by"))
    fran.screenshot("03-front-door-queue")

    fran.follow("Decide on the contact about Amelia Hart", keyboard=True)
    fran.heading("Front door decision")
    expect(fran.page.get_by_text(re.compile(r"Decision due by .* left\)"))).to_be_visible()
    fran.radio("Decision", "Referral to children's social care")
    fran.submit("Record decision")
    fran.expect_errors(
        "Select the primary need for a referral", "Enter the reason for the decision"
    )
    fran.fix(
        "Select the primary need for a referral",
        fran.page.get_by_label("Primary need (for a referral)"),
    )
    fran.select("Primary need (for a referral)", "Abuse or neglect")
    fran.fill(
        "Reason for the decision", "Injury disclosed to school: threshold for a referral met."
    )
    fran.submit("Record decision")
    fran.banner("Decision recorded")
    expect(fran.page.get_by_text("No contacts are waiting.")).to_be_visible()

    fran.expect_in_chronology(
        amelia,
        "Contact from school (child protection)",
        "Front door decision: Referral to children's social care",
        "Referral from school",
    )


# --- 2. Early help --------------------------------------------------------------------------------


def test_early_help_with_a_family_group_conference_steps_up(people, world):
    sam = people(*world["sam"])
    ruby = world["ruby"]
    sam.record(ruby, "Start early help", keyboard=True)
    sam.submit("Start early help", keyboard=True)
    sam.expect_errors(
        "Enter the start date", "Enter the lead professional's name", "Select the lead agency"
    )
    sam.fix("Enter the start date", sam.day_of("Start date"), keyboard=True)
    sam.date("Start date", ago(40), keyboard=True)
    sam.fill("Lead professional's name", "Grace Okafor")
    sam.radio("Lead agency", "School", keyboard=True)
    sam.submit("Start early help")
    sam.banner("Start early help: saved")

    sam.follow("Family group conference")
    sam.submit("Save family group conference")
    sam.expect_errors(
        "Enter the date of the family group conference",
        "Select yes or no: was a family plan agreed?",
    )
    sam.fix(
        "Select yes or no: was a family plan agreed?", sam.first_radio("Was a family plan agreed?")
    )
    sam.radio("Was a family plan agreed?", "Yes")
    sam.date("Date of the family group conference", ago(20))
    sam.submit("Save family group conference")

    sam.follow("End or step up early help")
    expect(sam.page.get_by_text("Stepping up opens a referral")).to_be_visible()
    sam.date("End date", ahead(3))
    sam.submit("End early help")
    sam.expect_errors("The end date must be today or in the past", "Select why early help ended")
    sam.fix("The end date must be today or in the past", sam.day_of("End date"))
    sam.date("End date", TODAY())
    sam.radio("Why did early help end?", "Stepped up to children's social care")
    sam.screenshot("04-early-help-step-up")
    sam.submit("End early help")
    expect(sam.page.get_by_text("Child in need", exact=False).first).to_be_visible()
    expect(sam.page.get_by_role("link", name="Start an assessment")).to_be_visible()

    sam.expect_in_chronology(
        ruby,
        "Early help started",
        "Family group conference",
        "Early help ended: stepped up to children's social care",
        "Referral from early help",
    )


# --- 3. Referral and assessment -------------------------------------------------------------------


def test_referral_and_assessment_citing_the_chronology_authorised_by_the_manager(people, world):
    from hearth.casework import clocks

    sam = people(*world["sam"])
    noah = world["noah"]
    referred = ago(20)
    sam.record(noah, "Record a referral")
    sam.submit("Record referral", keyboard=True)
    sam.expect_errors(
        "Enter the referral date", "Select the referral source", "Select the primary need"
    )
    sam.fix("Select the referral source", sam.page.get_by_label("Referral source"), keyboard=True)
    sam.select("Referral source", "Health - GP")
    sam.select("Primary need", "Family in acute stress")
    sam.date("Referral date", referred)
    sam.submit("Record referral")

    sam.follow("Start an assessment")
    due = clocks.assessment_due(referred)
    expect(sam.page.get_by_text(f"due by {due:%-d %b %Y} (45 working days)")).to_be_visible()
    sam.date("Assessment start date", ago(25))
    sam.submit("Start assessment")
    sam.expect_errors("The assessment cannot start before the referral")
    sam.fix("The assessment cannot start before the referral", sam.day_of("Assessment start date"))
    sam.date("Assessment start date", ago(18))
    sam.submit("Start assessment")
    sam.heading("Assessment")
    expect(sam.page.get_by_text(re.compile(r"working day \d+ of 45"))).to_be_visible()

    sam.tick("No factors identified")
    sam.tick("Domestic abuse - concerns about the child")
    sam.submit("Save assessment")
    message = "Select factors, or 'No factors identified', not both"
    sam.expect_errors(message)
    factors = sam.group("Factors identified")
    sam.fix(message, factors.get_by_role("checkbox").first, keyboard=True)
    sam.radio("Was the child seen during the assessment?", "Yes", keyboard=True)
    sam.radio("Was the child seen alone?", "Yes")
    sam.fill(
        "The child's views, wishes and feelings, in their own words",
        "I get scared when they shout.",
    )
    factors.get_by_label("No factors identified", exact=True).uncheck()
    sam.fill("Analysis", "Parental conflict is escalating; Noah is anxious about home.")
    cited = sam.group("Chronology entries this analysis relies on")
    sam.tick(f"{referred:%-d %b %Y} — Referral from health - gp", within=cited, keyboard=True)
    sam.date("Date completed", TODAY())
    sam.radio("Does the child need social care support?", "Yes")
    sam.screenshot("05-assessment")
    sam.submit("Save assessment")
    sam.banner("Assessment saved")
    expect(sam.page.get_by_text("waiting for authorisation")).to_be_visible()

    # The manager, in their own window: the approval waits on the team page.
    tara = people(*world["manager"])
    tara.follow("My team", within=tara.page.get_by_role("navigation", name="Menu"))
    tara.follow("Authorise assessment: Noah Pryce")
    tara.heading("Authorise assessment")
    expect(tara.page.get_by_text("Domestic abuse - concerns about the child")).to_be_visible()
    tara.page.get_by_label("Day").fill("31")
    tara.page.get_by_label("Month").fill("2")
    tara.submit("Authorise assessment")
    tara.expect_errors("The date authorised must be a real date")
    tara.fix("The date authorised must be a real date", tara.day_of("Date authorised"))
    tara.date("Date authorised", TODAY())
    tara.submit("Authorise assessment", keyboard=True)
    tara.banner("Assessment authorised")

    text = tara.expect_in_chronology(
        noah, "Assessment authorised", "Assessment completed", "Assessment started"
    )
    assert "Factors: Domestic abuse - concerns about the child" in text
    assert "Chronology entries cited:" in text and "Referral from health - gp" in text


def test_manager_returns_an_assessment_for_more_work_then_authorises_it(people, world):
    """The manager returns a completed assessment with comments; the worker cannot change it
    while it waits, sees the comments in My work and on the assessment, and resubmits."""
    from hearth.access.models import User
    from hearth.casework import services
    from hearth.casework.models import CINEpisode

    kai = world["kai"]
    sam_worker = User.objects.get(username=world["sam"][0]).worker
    assessment = services.assessment_start(
        cin_episode=CINEpisode.objects.get(child=kai),
        start_date=ago(50),
        acting_user=sam_worker.user,
    )
    services.assessment_update(
        assessment=assessment,
        expected_version=assessment.version,
        analysis="Kai is often late to school and hungry.",
        factors=["2B"],
        child_seen=True,
        seen_alone=False,
        childs_views="I like my school but I am hungry.",
        completed_date=ago(5),
        requires_support=True,
        acting_user=sam_worker.user,
    )

    # The manager reads what Sam answered and returns it instead of authorising.
    tara = people(*world["manager"])
    tara.open(f"/children/{kai.pk}/work/")
    tara.follow("Authorise or return")
    tara.heading("Authorise assessment")
    expect(tara.page.get_by_text("I like my school but I am hungry.")).to_be_visible()
    tara.follow("Return it to the worker with comments instead", keyboard=True)
    tara.heading("Return assessment for more work")
    tara.submit("Return to the worker", keyboard=True)
    tara.expect_errors("Enter what needs more work")
    tara.fix(
        "Enter what needs more work", tara.page.get_by_label("What needs more work"), keyboard=True
    )
    tara.page.keyboard.type("Please see Kai alone and ask the school about breakfast club.")
    expect(tara.page.locator(".govuk-character-count__status")).to_be_visible()
    tara.submit("Return to the worker", keyboard=True)
    tara.banner("Assessment returned to the worker")

    # Sam finds it at the top of My work with the comments, edits and resubmits.
    sam = people(*world["sam"])
    sam.open("/my-work/")
    sam.follow("Assessment returned for more work", keyboard=True)
    sam.heading("Assessment")
    expect(sam.page.locator("[data-return]")).to_contain_text("Please see Kai alone")
    sam.radio("Was the child seen during the assessment?", "Yes", keyboard=True)
    sam.radio("Was the child seen alone?", "Yes", keyboard=True)
    sam.fill("Analysis", " School confirms breakfast club helps.", keyboard=True)
    sam.date("Date completed", TODAY(), keyboard=True)
    sam.radio("Does the child need social care support?", "Yes")
    sam.submit("Save assessment", keyboard=True)
    sam.banner("Assessment saved")
    expect(sam.page.get_by_text("waiting for authorisation")).to_be_visible()

    # While it waits, Sam sees it but cannot change it.
    sam.open(f"/children/{kai.pk}/assessments/{assessment.pk}/")
    expect(sam.page.get_by_text("It cannot be changed unless they return it")).to_be_visible()
    expect(sam.page.get_by_role("button", name="Save assessment")).to_have_count(0)

    # The manager sees the history of the return and authorises.
    tara.open(f"/children/{kai.pk}/work/")
    tara.follow("Authorise or return")
    expect(tara.page.locator("[data-return]")).to_contain_text("sent back")
    tara.date("Date authorised", TODAY(), keyboard=True)
    tara.submit("Authorise assessment", keyboard=True)
    tara.banner("Assessment authorised")
    tara.expect_in_chronology(kai, "Assessment authorised", "Assessment returned for more work")


# --- 4. Child protection --------------------------------------------------------------------------


def test_child_protection_from_strategy_discussion_to_the_end_of_the_plan(people, world):
    sam = people(*world["sam"])
    leo = world["leo"]
    sam.record(leo, "Strategy discussion")
    sam.submit("Record strategy discussion", keyboard=True)
    sam.expect_errors(
        "Enter the date of the strategy discussion",
        "Select yes or no: did the police take part?",
        "Select yes or no: was a section 47 enquiry agreed?",
        "Enter the summary and actions",
    )
    sam.fix(
        "Select yes or no: did the police take part?",
        sam.first_radio("Did the police take part?"),
        keyboard=True,
    )
    sam.page.keyboard.press("Space")
    sam.radio("Did health take part?", "Yes", keyboard=True)
    sam.radio("Was a section 47 enquiry agreed?", "Yes")
    sam.date("Date of the strategy discussion", ago(14))
    sam.fill("Summary and actions", "Police and health agree a joint section 47 enquiry.")
    sam.submit("Record strategy discussion")

    sam.follow("Complete the section 47 enquiry")
    expect(sam.page.get_by_text("Initial conference due by")).to_be_visible()
    sam.submit("Complete enquiry")
    sam.expect_errors(
        "Enter the date the enquiry was completed",
        "Select the outcome",
        "Select yes or no: is an initial child protection conference needed?",
    )
    sam.fix("Select the outcome", sam.first_radio("Outcome"))
    sam.radio("Outcome", "Concerns substantiated: child at risk")
    sam.radio("Is an initial child protection conference needed?", "Yes")
    sam.date("Date the enquiry was completed", ago(10))
    sam.submit("Complete enquiry")
    due = sam.page.get_by_role("table", name="What is due")
    expect(due).to_contain_text("Initial child protection conference")

    sam.follow("Initial child protection conference", within=due)
    sam.radio("Does the child need (or still need) a child protection plan?", "Yes")
    sam.date("Date of the conference", ago(7))
    sam.submit("Record conference")
    sam.expect_errors("Select the category of abuse")
    sam.fix("Select the category of abuse", sam.first_radio("Category of abuse"))
    sam.radio("Category of abuse", "Neglect")
    sam.screenshot("06-initial-conference")
    sam.submit("Record conference")
    expect(due).to_contain_text("Child protection review conference")
    expect(due).to_contain_text("Child protection visit")

    sam.follow("Child protection review conference", within=due)
    expect(
        sam.group("Type of conference").get_by_label("Review child protection conference")
    ).to_be_checked()
    sam.radio("Does the child need (or still need) a child protection plan?", "Yes")
    sam.radio("Category of abuse", "Emotional abuse")
    sam.date("Date of the conference", ago(2))
    sam.submit("Record conference")

    sam.follow("End the plan")
    sam.submit("End plan", keyboard=True)
    sam.expect_errors("Enter the date the plan ended", "Select why the plan ended")
    sam.fix("Enter the date the plan ended", sam.day_of("Date the plan ended"), keyboard=True)
    sam.date("Date the plan ended", TODAY(), keyboard=True)
    sam.radio("Why did the plan end?", "Risk reduced: child in need plan")
    sam.submit("End plan")

    text = sam.expect_in_chronology(
        leo,
        "Strategy discussion: section 47 enquiry agreed",
        "Section 47 enquiry started",
        "Section 47 enquiry completed",
        "Child protection plan started (neglect)",
        "plan made",
        "plan continued",
        "Child protection plan ended",
    )
    assert "Risk reduced: child in need plan" in text
    sam.screenshot("07-cp-chronology")


# --- 5. Child in need plan and closure ------------------------------------------------------------


def test_child_in_need_plan_then_closure_with_a_reason(people, world):
    sam = people(*world["sam"])
    mia = world["mia"]
    sam.record(mia, "Start a child in need plan", keyboard=True)
    sam.date("Plan start date", ago(30))
    sam.date("First review date", ago(31))
    sam.submit("Start plan", keyboard=True)
    sam.expect_errors("The review must be after the plan starts")
    sam.fix("The review must be after the plan starts", sam.day_of("First review date"))
    sam.date("First review date", ahead(60), keyboard=True)
    sam.submit("Start plan")
    expect(sam.page.get_by_role("table", name="What is due")).to_contain_text(
        "Child in need plan review"
    )

    # The review: the child's words, what changed, and what happens next.
    sam.record(mia, "Review the child in need plan")
    sam.submit("Record review")
    sam.expect_errors(
        "Enter the date of the review",
        "Enter the child's views, or why they could not be gathered",
        "Enter what has changed for the child",
        "Select what happens next",
    )
    sam.date("Date of the review", ago(1))
    sam.fill(
        "What the child says about their plan, in their own words",
        "I like going to the club after school.",
    )
    sam.fill(
        "What has changed for the child since the plan started or was last reviewed",
        "Attendance is up; mum has started the parenting course.",
    )
    sam.radio("What happens next", "Continue the plan", keyboard=True)
    sam.submit("Record review")
    sam.expect_errors("Enter the date of the next review")
    sam.date("Next review date", ahead(90))
    sam.submit("Record review")
    sam.banner("Child in need plan review recorded")

    sam.follow("Close the case")
    sam.submit("Close case")
    sam.expect_errors("Enter the closure date", "Select the reason for closure")
    sam.fix("Select the reason for closure", sam.page.get_by_label("Reason for closure"))
    sam.select(
        "Reason for closure", "Services ceased for any other reason, including no longer in need"
    )
    sam.date("Closure date", TODAY())
    sam.submit("Close case")
    expect(sam.page.get_by_role("link", name="Record a referral")).to_be_visible()

    text = sam.expect_in_chronology(
        mia,
        "Child in need plan started",
        "Child in need plan review: continue the plan",
        "Child in need plan ended",
        "Case closed",
    )
    assert "I like going to the club after school." in text
    assert "Services ceased for any other reason" in text


# --- 6. Coming into care --------------------------------------------------------------------------


def test_coming_into_care_moves_reviews_health_missing_and_exploitation(people, world):
    sam = people(*world["sam"])
    kai = world["kai"]
    sam.record(kai, "Child becomes looked after")
    sam.submit("Save: child is looked after", keyboard=True)
    sam.expect_errors(
        "Enter the date the child became looked after",
        "Select the legal status",
        "Select the category of need",
        "Select the placement type",
        "Select the placement provider",
    )
    sam.fix("Select the legal status", sam.page.get_by_label("Legal status"), keyboard=True)
    sam.select("Legal status", "Section 20 - single period of accommodation")
    sam.date("Date the child became looked after", ago(30))
    sam.radio("Category of need", "Family dysfunction", keyboard=True)
    sam.fill("Home postcode", "pe1 2sn")
    sam.select("Placement type", "Foster placement with other foster carer - other")
    sam.radio("Placement provider", "Own local authority provision")
    sam.fill("Carer or home", "Mr and Mrs Nowak")
    sam.fill("Placement postcode", "PE3 6AB")
    sam.screenshot("08-care-start")
    sam.submit("Save: child is looked after")
    sam.banner("Child recorded as looked after")

    sam.follow("Placement move")
    sam.date("Date of the move", ago(31))
    sam.submit("Save placement move")
    sam.expect_errors(
        "Select the reason for the move",
        "Select the placement type",
        "Select the placement provider",
    )
    sam.select("Reason for the move", "Child asked for the placement to end")
    sam.select("Placement type", "Children's home subject to children's homes regulations")
    sam.radio("Placement provider", "Private provision")
    sam.fill("Carer or home", "Oakfield House")
    sam.submit("Save placement move")
    sam.expect_errors("The move must be after the current placement began")
    sam.fix("The move must be after the current placement began", sam.day_of("Date of the move"))
    sam.date("Date of the move", ago(20))
    sam.submit("Save placement move")
    sam.banner("Placement move recorded")

    sam.follow("Change of legal status")
    sam.select("New legal status", "Section 20 - single period of accommodation")
    sam.date("Date the legal status changed", ago(15))
    sam.submit("Save legal status")
    sam.expect_errors("That is the child's current legal status")
    sam.fix("That is the child's current legal status", sam.page.get_by_label("New legal status"))
    sam.select("New legal status", "Interim care order")
    sam.submit("Save legal status", keyboard=True)

    sam.follow("Looked-after review")
    expect(sam.page.get_by_text("This review was due by")).to_be_visible()
    sam.submit("Save review")
    sam.expect_errors("Enter the date of the review", "Select how the child took part")
    sam.fix("Select how the child took part", sam.first_radio("How the child took part"))
    sam.radio("How the child took part", "Child attended and spoke for themselves")
    sam.date("Date of the review", ago(5))
    sam.submit("Save review")

    sam.follow("Health assessment or dental check")
    sam.radio("Type of check", "Strengths and difficulties questionnaire")
    sam.date("Date of the check", ago(6))
    sam.fill("SDQ score (0 to 40)", "44")
    sam.submit("Save health check")
    sam.expect_errors("The SDQ score must be between 0 and 40")
    sam.fix("The SDQ score must be between 0 and 40", sam.page.get_by_label("SDQ score (0 to 40)"))
    sam.fill("SDQ score (0 to 40)", "14")
    sam.submit("Save health check")
    sam.follow("Health assessment or dental check")
    sam.radio("Type of check", "Health assessment")
    sam.date("Date of the check", ago(6))
    sam.submit("Save health check")

    # Missing, then the return and the return interview with push and pull factors.
    started = timezone.localtime() - dt.timedelta(days=3)
    started = started.replace(hour=21, minute=30)
    sam.follow("Missing episode")
    sam.submit("Save missing episode", keyboard=True)
    sam.expect_errors(
        "Select whether the child was missing or away",
        "Enter the date the child went missing",
        "Enter the time the child went missing",
        "Select yes or no: did the child go missing from their placement?",
    )
    sam.fix(
        "Enter the time the child went missing",
        sam.page.get_by_label("Time the child went missing"),
        keyboard=True,
    )
    sam.radio("Missing or away?", "Missing")
    sam.moment("Date the child went missing", "Time the child went missing", started)
    sam.radio("Did the child go missing from their placement?", "Yes")
    sam.radio("Was it reported to the police?", "Yes")
    sam.submit("Save missing episode")
    sam.heading("Return and return interview")

    returned = started + dt.timedelta(hours=11)
    sam.moment("Date the child returned", "Time the child returned", returned)
    sam.date("Date the interview took place", (returned + dt.timedelta(days=1)).date())
    sam.page.get_by_label("Time the interview took place").fill("16:00")
    sam.submit("Save return and interview")
    sam.expect_errors(
        "Enter when the interview was offered", "Enter what the child said in the interview"
    )
    sam.fix(
        "Enter when the interview was offered",
        sam.day_of("Date the return interview was offered"),
    )
    sam.moment(
        "Date the return interview was offered",
        "Time the return interview was offered",
        returned + dt.timedelta(hours=2),
    )
    sam.radio("Did the child accept the interview?", "Yes")
    push = sam.group("Push factors: what made the child leave")
    pull = sam.group("Pull factors: what drew the child away")
    sam.tick("Unhappy with rules or boundaries", within=push, keyboard=True)
    sam.tick("Seeing friends", within=pull)
    sam.tick("Older peers or adults", within=pull, keyboard=True)
    sam.radio("Is there a concern about exploitation?", "Yes")
    sam.fill("What the child said", "Went to a party in Wisbech with older lads; phone was taken.")
    sam.screenshot("09-return-interview")
    sam.submit("Save return and interview")
    sam.banner("Return interview saved")

    sam.follow("Exploitation risk assessment")
    sam.date("Date of the assessment", TODAY())
    sam.date("Review date", ago(1))
    sam.radio("Risk of child sexual exploitation", "Low")
    sam.radio("Risk of child criminal exploitation", "High", keyboard=True)
    sam.tick("Going missing")
    sam.tick("Older associates or unknown adults")
    sam.submit("Save risk assessment")
    sam.expect_errors("The review must be on or after the assessment")
    sam.fix("The review must be on or after the assessment", sam.day_of("Review date"))
    sam.date("Review date", ahead(90))
    sam.submit("Save risk assessment")
    expect(sam.page.get_by_role("table", name="What is due")).to_contain_text(
        "Exploitation risk review"
    )

    text = sam.expect_in_chronology(
        kai,
        "Became looked after",
        "Legal status: Section 20 - single period of accommodation",
        "Placed: Foster placement with other foster carer - other — Mr and Mrs Nowak",
        "Placement ended",
        "Placed: Children's home subject to children's homes regulations — Oakfield House",
        "Legal status: Interim care order",
        "Looked-after review",
        "Strengths and difficulties questionnaire",
        "Health assessment",
        "Missing from placement",
        "Returned",
        "Return interview offered",
        "Return interview completed",
        "Exploitation risk assessment",
    )
    assert "Push factors: unhappy with rules or boundaries" in text
    assert "Pull factors: seeing friends, older peers or adults" in text
    assert "CSE low, CCE high" in text
    sam.screenshot("10-care-chronology")


# --- 7. Care leavers ------------------------------------------------------------------------------


def test_care_leaver_pathway_plan_contact_and_entitlements(people, world):
    sam = people(*world["sam"])
    chloe = world["chloe"]
    sam.record(chloe, "Pathway plan")
    expect(sam.page.get_by_text("A pathway plan is due by")).to_be_visible()
    sam.submit("Save pathway plan", keyboard=True)
    sam.expect_errors("Enter the date of the plan", "Enter the review date")
    sam.fix("Enter the review date", sam.day_of("Review date"), keyboard=True)
    sam.date("Review date", ahead(180), keyboard=True)
    sam.date("Date of the plan", ago(3))
    sam.fill("Summary of the plan", "University in September; staying in supported lodgings.")
    sam.submit("Save pathway plan")

    sam.follow("Care leaver contact")
    sam.submit("Save contact")
    sam.expect_errors(
        "Enter the date of contact",
        "Select whether the young person is in touch",
        "Select yes or no: staying put with former foster carers?",
    )
    sam.fix("Select whether the young person is in touch", sam.first_radio("In touch"))
    sam.radio("In touch", "Yes, in touch")
    sam.date("Date of contact", ago(1))
    sam.select("Main activity", "Full-time higher education")
    sam.select("Accommodation", "Supported lodgings - suitable")
    sam.radio("Staying put with former foster carers?", "No", keyboard=True)
    sam.submit("Save contact")

    sam.follow("Entitlements checklist")
    sam.date("Date given", ago(1))
    sam.submit("Save checklist")
    sam.expect_errors(
        "Select what was explained and given",
        "Select yes or no: did the young person acknowledge it?",
    )
    given = sam.group("What was explained and given")
    sam.fix(
        "Select what was explained and given", given.get_by_role("checkbox").first, keyboard=True
    )
    sam.page.keyboard.press("Space")
    expect(given.get_by_label("Rights explained")).to_be_checked()
    sam.tick("Local offer for care leavers given", within=given, keyboard=True)
    sam.tick("How to get their health history explained", within=given)
    sam.radio("Did the young person acknowledge it?", "Yes")
    sam.screenshot("11-entitlements")
    sam.submit("Save checklist")

    text = sam.expect_in_chronology(
        chloe, "Pathway plan", "Care leaver contact", "Rights and entitlements explained"
    )
    assert "Yes, in touch; Full-time higher education; Supported lodgings - suitable" in text
    assert "Acknowledged by the young person" in text


# --- 8. Proceedings and adoption ------------------------------------------------------------------


def test_care_proceedings_with_the_26_week_clock_and_adoption_key_dates(people, world):
    from hearth.casework import clocks

    sam = people(*world["sam"])
    ellie = world["ellie"]
    issued = ago(70)
    sam.record(ellie, "Care proceedings")
    expect(sam.page.get_by_text("within 26 weeks of issue")).to_be_visible()
    sam.date("PLO meeting date", ago(60))
    sam.date("Date proceedings were issued", issued)
    sam.submit("Save proceedings", keyboard=True)
    sam.expect_errors("The PLO meeting must be before the proceedings were issued")
    sam.fix(
        "The PLO meeting must be before the proceedings were issued",
        sam.day_of("PLO meeting date"),
        keyboard=True,
    )
    sam.date("PLO meeting date", ago(100), keyboard=True)
    sam.submit("Save proceedings")

    due = sam.page.get_by_role("table", name="What is due")
    week26 = clocks.proceedings_due(issued)
    row = due.get_by_role("row").filter(has_text="Care proceedings (26 weeks)")
    expect(row).to_contain_text(f"{week26.day} {week26:%b %Y}")
    sam.screenshot("12-proceedings-clock")
    sam.follow("Care proceedings (26 weeks)", within=due)
    sam.heading("Final order")
    expect(
        sam.page.get_by_text(f"Issued {issued:%-d %b %Y}: 26 weeks ends {week26:%-d %b %Y}.")
    ).to_be_visible()
    sam.submit("Save final order")
    sam.expect_errors("Enter the date of the final order", "Select the final order")
    sam.fix("Select the final order", sam.first_radio("Final order"))
    sam.radio("Final order", "Care and placement orders")
    sam.date("Date of the final order", ago(30))
    sam.submit("Save final order")

    sam.follow("Adoption key dates")
    sam.date("Decision that the child should be placed for adoption", ago(50))
    sam.date("Placement order", ago(30))
    sam.date("Matched with adopters", ago(35))
    sam.submit("Save adoption key dates")
    sam.expect_errors("The match must follow the placement order")
    sam.fix("The match must follow the placement order", sam.day_of("Matched with adopters"))
    sam.date("Matched with adopters", ago(10))
    sam.date("Placed for adoption", ago(3))
    sam.submit("Save adoption key dates")

    sam.expect_in_chronology(
        ellie,
        "Pre-proceedings (PLO) meeting",
        "Care proceedings issued",
        "Final order: Care and placement orders",
        "Decision: should be placed for adoption",
        "Placement order made",
        "Matched with adopters",
        "Placed for adoption",
    )


# --- 9. Visits, management oversight and supervision ----------------------------------------------


def test_visit_with_the_childs_views_then_oversight_and_supervision(people, world):
    sam = people(*world["sam"])
    jayden = world["child"]
    sam.follow("My work", within=sam.page.get_by_role("navigation", name="Menu"))
    expect(sam.page.get_by_role("table", name="Due, overdue first")).to_contain_text(
        "Jayden Whitmore"
    )
    sam.screenshot("13-my-work")
    sam.open(f"/children/{jayden.pk}/")
    sam.follow("Record a visit", keyboard=True)
    sam.heading("Record a visit")
    sam.radio("Was the child seen?", "Yes", keyboard=True)
    sam.submit("Save visit", keyboard=True)
    sam.expect_errors(
        "Select yes or no: was the child seen alone?",
        "Enter the child's views, wishes and feelings in their own words",
    )
    sam.screenshot("14-visit-errors")
    sam.fix(
        "Enter the child's views, wishes and feelings in their own words",
        sam.page.get_by_label("The child's views, wishes and feelings"),
        keyboard=True,
    )
    sam.page.keyboard.type("I want more time with my brother.")
    sam.radio("Was the child seen alone?", "Yes")
    sam.fill("What you saw and did", "Bedroom tidy; Jay showed me his football medals.")
    sam.submit("Save visit")
    sam.banner("Visit recorded")
    sam.screenshot("15-child-work")

    tara = people(*world["manager"])
    tara.record(jayden, "Management oversight")
    tara.page.get_by_label("Day").fill("")
    tara.submit("Save management oversight", keyboard=True)
    tara.expect_errors("The date must include a day", "Enter your oversight of the case")
    tara.fix("Enter your oversight of the case", tara.page.get_by_label("Oversight"), keyboard=True)
    tara.page.keyboard.type("Visit within timescale; Jay's wish to see his brother needs a plan.")
    tara.date("Date", TODAY())
    tara.fill("Decisions and actions", "Sam to arrange sibling contact within 4 weeks.")
    tara.submit("Save management oversight")

    tara.follow("My team", within=tara.page.get_by_role("navigation", name="Menu"))
    tara.follow("Record supervision for Sam Osei", keyboard=True)
    tara.heading("Supervision: Sam Osei")
    tara.submit("Save supervision")
    tara.expect_errors(
        "Enter the date of supervision",
        "Select yes or no: was the worker's wellbeing discussed?",
    )
    tara.fix("Enter the date of supervision", tara.day_of("Date of supervision"))
    tara.date("Date of supervision", TODAY())
    tara.radio("Was the worker's wellbeing discussed?", "Yes", keyboard=True)
    tara.fill(
        f"Discussion: Jayden Whitmore ({jayden.la_child_id})",
        "Sibling contact to be arranged; placement stable.",
    )
    tara.fill("Actions: Jayden Whitmore", "Referral to contact centre by Friday.")
    tara.screenshot("16-supervision")
    tara.submit("Save supervision")
    tara.banner("Supervision of Sam Osei recorded")
    own_row = tara.page.get_by_role("row").filter(has_text="Tara Mensah")
    expect(own_row.get_by_role("link", name=re.compile("Record supervision"))).to_have_count(0)
    tara.screenshot("17-team")

    text = sam.expect_in_chronology(
        jayden,
        "Looked-after child visit by Sam Osei: child seen alone",
        "Management oversight by Tara Mensah",
        "Case discussed in supervision (Sam Osei with Tara Mensah)",
    )
    assert "I want more time with my brother." in text
    assert "Referral to contact centre by Friday." in text
    sam.screenshot("18-chronology")
