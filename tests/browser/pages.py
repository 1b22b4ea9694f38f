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
