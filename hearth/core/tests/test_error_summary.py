"""One GOV.UK error summary partial, used by every page that shows one."""

from pathlib import Path

from django import forms
from django.template.loader import render_to_string

import hearth
from hearth.core.forms import ErrorSummaryMixin

TEMPLATES = Path(hearth.__file__).parent / "templates"
PARTIAL = "_error_summary.html"
# The return job page's failure panel is a live status region the page's script fills in and
# shows when a background job fails; it is not a summary of form errors.
NOT_A_FORM_SUMMARY = {"returns/job.html"}


class _Form(ErrorSummaryMixin, forms.Form):
    name = forms.CharField(error_messages={"required": "Enter the name"})


def test_no_template_but_the_partial_writes_an_error_summary():
    hand_rolled = sorted(
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if "govuk-error-summary__title" in path.read_text()
        and str(path.relative_to(TEMPLATES)) not in {PARTIAL, *NOT_A_FORM_SUMMARY}
    )
    assert hand_rolled == []


def test_the_partial_links_each_form_error_to_its_input():
    html = render_to_string(PARTIAL, {"form": _Form({})})
    assert '<a href="#id_name">Enter the name</a>' in html


def test_the_partial_shows_nothing_for_a_form_without_errors():
    assert "govuk-error-summary" not in render_to_string(PARTIAL, {"form": _Form()})


def test_the_partial_shows_given_links_or_text():
    html = render_to_string(PARTIAL, {"summary_errors": [("as_of", "Enter a real date")]})
    assert '<a href="#as_of">Enter a real date</a>' in html
    html = render_to_string(PARTIAL, {"summary_text": "The file could not be read"})
    assert "The file could not be read" in html and "govuk-error-summary__list" not in html


def test_the_dashboards_date_error_links_to_the_as_at_date():
    html = render_to_string(
        "insight/_dates.html",
        {"date_error": "Enter a real date", "date_error_links": [("as_of", "Enter a real date")]},
    )
    assert '<a href="#as_of">Enter a real date</a>' in html


def test_an_error_message_is_shown_as_an_error_summary_without_the_pages_form_errors():
    class Message:
        level_tag = "error"

        def __str__(self):
            return "Select whether this is the same child"

    html = render_to_string("_messages.html", {"messages": [Message()], "form": _Form({})})
    assert "govuk-error-summary" in html and "Select whether this is the same child" in html
    assert "Enter the name" not in html
