"""Page objects: what a person sees and does on each page, through accessible locators only."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect


class SignInPage:
    def __init__(self, page: Page):
        self.page = page

    def open(self) -> SignInPage:
        self.page.goto("/sign-in/")
        expect(self.page.get_by_role("heading", name="Sign in to Hearth")).to_be_visible()
        return self

    def sign_in(self, username: str, password: str) -> None:
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()

    def sign_in_with_two_factor(self, username: str, password: str, device) -> None:
        """Password, then the code the user's authenticator app shows now."""
        from hearth.access.tests.signin import current_code

        self.sign_in(username, password)
        TwoFactorPage(self.page).expect_loaded().enter_code(current_code(device))

    @property
    def error_summary(self):
        return self.page.get_by_role("alert")


class TwoFactorPage:
    def __init__(self, page: Page):
        self.page = page

    def expect_loaded(self) -> TwoFactorPage:
        expect(self.page.get_by_role("heading", name="Enter your security code")).to_be_visible()
        return self

    def enter_code(self, code: str) -> None:
        self.page.get_by_label("Security code").fill(code)
        self.page.get_by_role("button", name="Continue").click()


class BreakGlassPage:
    def __init__(self, page: Page):
        self.page = page

    def expect_loaded(self) -> BreakGlassPage:
        expect(
            self.page.get_by_role("heading", name="You are not working with this child")
        ).to_be_visible()
        return self

    def give_reason(self, reason: str) -> None:
        self.page.get_by_label("Why do you need to open this record?").fill(reason)
        self.page.get_by_role("button", name="Open the record").click()


class CaseloadPage:
    def __init__(self, page: Page):
        self.page = page

    def expect_loaded(self) -> CaseloadPage:
        # Home is My work for a social worker: what is due, then the caseload.
        expect(self.page.get_by_role("heading", name="My work", level=1)).to_be_visible()
        return self

    def search(self, query: str) -> SearchResultsPage:
        self.page.get_by_label("Search for a child").fill(query)
        self.page.get_by_role("button", name="Search").click()
        return SearchResultsPage(self.page)


class SearchResultsPage:
    def __init__(self, page: Page):
        self.page = page

    @property
    def results(self):
        return self.page.get_by_role("table", name="Search results")

    def open_child(self, name: str) -> ChildSummaryPage:
        self.results.get_by_role("link", name=name).click()
        return ChildSummaryPage(self.page)


class ChildSummaryPage:
    def __init__(self, page: Page):
        self.page = page

    def identifier(self, label: str) -> str:
        """The value of the row `label` in the Identifiers list (found by its heading, not its
        position: panels above it come and go)."""
        identifiers = self.page.locator(
            "h2:has-text('Identifiers') + dl.govuk-summary-list, "
            "h2:has-text('Identifiers') ~ dl.govuk-summary-list"
        ).first
        row = identifiers.locator(".govuk-summary-list__row").filter(
            has=self.page.get_by_text(label, exact=True)
        )
        return row.locator(".govuk-summary-list__value").first.inner_text().strip()

    def open_chronology(self) -> ChronologyPage:
        self.page.get_by_role("navigation", name="Child's record").get_by_role(
            "link", name="Chronology"
        ).click()
        return ChronologyPage(self.page)


class ChronologyPage:
    def __init__(self, page: Page):
        self.page = page

    def filter_by(self, *kinds: str) -> ChronologyPage:
        for kind in kinds:
            self.page.get_by_role("checkbox", name=kind).check()
        self.page.get_by_role("button", name="Apply filters").click()
        return self

    @property
    def entries(self):
        return self.page.locator("ol.hearth-chronology > li")

    @property
    def entry_titles(self) -> list[str]:
        return [t.strip() for t in self.page.locator(".moj-timeline__title").all_inner_texts()]

    def entry(self, title: str):
        """The chronology entry whose title contains `title`."""
        return self.entries.filter(has=self.page.get_by_role("heading", name=title))

    def correct_entry(self, title: str) -> CorrectEntryPage:
        """Follow the entry's "Correct this entry" link by keyboard (focus it, press Enter)."""
        link = self.entry(title).get_by_role("link", name=re.compile("^Correct this entry"))
        link.focus()
        self.page.keyboard.press("Enter")
        return CorrectEntryPage(self.page).expect_loaded()


class CorrectEntryPage:
    """Correct an entry on a child's record: change its answers and give the reason."""

    def __init__(self, page: Page):
        self.page = page

    def expect_loaded(self) -> CorrectEntryPage:
        expect(self.page.get_by_role("heading", name="Correct this entry")).to_be_visible()
        return self

    def answer(self, label: str, value: str) -> CorrectEntryPage:
        field = self.page.get_by_label(label, exact=True)
        field.focus()
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(value)
        return self

    def save(self) -> None:
        self.page.get_by_role("button", name="Save the correction").focus()
        self.page.keyboard.press("Enter")

    @property
    def error_summary(self):
        return self.page.get_by_role("alert")

    def fix_from_error_summary(self, message: str, value: str) -> CorrectEntryPage:
        """Follow the error summary's link to the question (keyboard) and type the answer."""
        link = self.error_summary.get_by_role("link", name=message)
        link.focus()
        self.page.keyboard.press("Enter")
        self.page.keyboard.type(value)
        return self


class UsersPage:
    """The administrator's accounts pages: the list, an account, and its forms."""

    def __init__(self, page: Page):
        self.page = page

    def expect_loaded(self) -> UsersPage:
        expect(self.page.get_by_role("heading", name="Users and roles", level=1)).to_be_visible()
        return self

    def create_account(self, **answers: str) -> None:
        self.page.get_by_role("link", name="Create an account").click()
        for label, value in answers.items():
            field = self.page.get_by_label(label, exact=True)
            if field.evaluate("e => e.tagName") == "SELECT":
                field.select_option(label=value)
            elif field.get_attribute("type") == "radio":
                field.check()
            else:
                field.fill(value)
        self.page.get_by_role("button", name="Create account").click()

    def disable(self, reason: str) -> None:
        self.page.get_by_role("link", name="Disable account").click()
        self.page.get_by_label("Why are you disabling this account?").fill(reason)
        self.page.get_by_role("button", name="Disable account").press("Enter")


class ChildDetailsSections:
    """The record summary's sections a practitioner keeps up to date: who the child is,
    addresses, family and the professionals involved, each with its Change and Add links."""

    def __init__(self, page: Page):
        self.page = page

    def section_link(self, name: str):
        return self.page.get_by_role("main").get_by_role("link", name=name, exact=True)

    @property
    def addresses(self):
        return self.page.get_by_role("table", name="Current and past addresses")

    @property
    def family(self):
        return self.page.get_by_role("table", name="Family and significant adults")

    def address_rows(self) -> list[str]:
        rows = self.addresses.locator("tbody tr")
        return [" ".join(t.split()) for t in rows.all_inner_texts()]

    def family_row(self, name: str):
        return self.family.get_by_role("row").filter(has_text=name)


# --- Families First: pre-proceedings, kinship and merging duplicates ------------------------------
# These drive a practitioner object (``test_practice_journeys.Practitioner``): every page they
# land on is checked with axe by it.


class DueTable:
    """The child's work page 'What is due' table: the worklist for one child."""

    def __init__(self, page: Page):
        self.table = page.get_by_role("table", name="What is due")

    def labels(self) -> list[str]:
        return [t.strip() for t in self.table.locator("tbody td:first-child").all_inner_texts()]


class PreProceedingsPage:
    LINK = "Pre-proceedings and family network meeting"
    TITLE = "Pre-proceedings (Public Law Outline)"

    def __init__(self, person):
        self.person = person
        self.page = person.page

    def open(self, child) -> PreProceedingsPage:
        self.person.record(child, self.LINK)
        self.person.heading(self.TITLE)
        return self

    def begin(self, *, decided) -> None:
        self.person.date("Decision to begin pre-proceedings (legal planning meeting)", decided)
        self.person.submit("Save pre-proceedings")

    def family_network_meeting(self, *, offered, held, plan: str) -> None:
        self.person.date("Family network meeting offered to the family", offered)
        self.person.date("Family network meeting held", held)
        self.person.fill("What the family network meeting decided (the family plan)", plan)

    def letter_and_meeting(self, *, letter, first_meeting) -> None:
        self.person.date("Letter before proceedings sent", letter)
        self.person.date("First pre-proceedings meeting", first_meeting)

    def decision(self, *, decided, outcome: str | None = None, applied=None) -> None:
        self.person.date("Decision to step up to court or down", decided)
        if outcome:
            self.person.radio("Outcome", outcome)
        if applied:
            self.person.date("Application to court", applied)

    def save(self) -> None:
        self.person.submit("Save pre-proceedings")


class KinshipPage:
    LINK = "Kinship arrangement"

    def __init__(self, person):
        self.person = person
        self.page = person.page

    def open(self, child) -> KinshipPage:
        self.person.record(child, self.LINK)
        self.person.heading("Kinship arrangement")
        return self

    def record(
        self,
        *,
        kind: str,
        started,
        carer: tuple[str, str, str],
        order=None,
        postcode: str = "",
        viability=None,
        support_plan: str = "",
        allowance: str = "",
    ) -> None:
        p = self.person
        p.radio("Kind of arrangement", kind)
        p.date("Date the child started living with the carer", started)
        if order:
            p.date("Date the order was made", order)
        first, last, relationship = carer
        p.fill("Carer's first name", first)
        p.fill("Carer's last name", last)
        p.fill("Carer's relationship to the child", relationship)
        if postcode:
            p.fill("Carer's postcode", postcode)
        if viability:
            p.date("Viability assessment", viability)
        if support_plan:
            p.fill("Support plan", support_plan)
        if allowance:
            p.fill("Weekly allowance (£)", allowance)

    def save(self) -> None:
        self.person.submit("Save kinship arrangement")


class MergePage:
    """A manager merges a duplicate record into the one they are on: find it by LA child ID,
    compare the two, give the reason."""

    def __init__(self, person):
        self.person = person
        self.page = person.page

    def open(self, child) -> MergePage:
        self.person.open(f"/children/{child.pk}/")
        self.person.follow("Merge a duplicate record")
        return self

    def find(self, la_child_id: str) -> None:
        self.person.fill("LA child ID of the duplicate record", la_child_id)
        self.person.submit("Compare the records")

    def comparison(self):
        return self.page.get_by_role("table").filter(has_text="Duplicate (merged in)")

    def merge(self, reason: str) -> None:
        self.person.fill("Why are these the same child?", reason)
        self.person.submit("Merge the records")
