"""Every place Hearth switches off autoescaping is listed and reviewed here.

The test reads every Python module and template Hearth ships (including the crispy-forms-gds
templates Hearth overrides, Django's and Jinja2's) and fails on any ``mark_safe``, ``format_html``, ``SafeString``,
``|safe``/``|safeseq`` or ``{% autoescape off %}`` that is not in ``REVIEWED``: a new one needs a
reason written down, and a reviewer, before it can ship.
"""

from __future__ import annotations

import re
from pathlib import Path

import hearth

ROOT = Path(hearth.__file__).resolve().parent

PATTERN = re.compile(
    r"mark_safe|format_html|SafeString|SafeText|html_safe|__html__|\|\s*safe\b|\|\s*safeseq\b"
    r"|autoescape\s+off|autoescape\s*=\s*False|Markup\("
)

# (path relative to hearth/, the line stripped) -> why it is safe.
REVIEWED: dict[tuple[str, str], str] = {
    (
        "people/views.py",
        "from django.utils.safestring import mark_safe",
    ): "import",
    (
        "people/views.py",
        '"timeline": mark_safe(timeline),  # rendered (and escaped) by the partial above',
    ): (
        "the chronology's entries, rendered by the Jinja2 partial people/_chronology_timeline.html "
        "(hearth.core.jinja: autoescape always on) and kept as HTML with the record's version "
        "(hearth.core.record_cache)"
    ),
    (
        "people/views.py",
        '"parts": {name: mark_safe(html) for name, html in parts.items()},',
    ): (
        "the summary's panels (where the child is, who they are, their professionals), rendered "
        "by people/_summary_*.html with autoescape on and kept as HTML with the record's version"
    ),
    (
        "casework/views.py",
        "from django.utils.safestring import mark_safe",
    ): "import",
    (
        "casework/views.py",
        '{"overview": mark_safe(overview), "unallocated": unallocated},  # the partial above',
    ): (
        "the team page's overview (approvals, caseloads, changes of worker), rendered by "
        "casework/_team_overview.html with autoescape on and kept as HTML under everything it "
        "reads and the user"
    ),
    (
        "access/views.py",
        "from django.utils.safestring import mark_safe",
    ): "import",
    (
        "access/views.py",
        '"qr_svg": mark_safe(qr),',
    ): "segno's SVG: paths and a constant title; the secret is encoded as modules, not text",
    (
        "insight/charts.py",
        "from django.utils.safestring import SafeString, mark_safe",
    ): "import",
    (
        "insight/charts.py",
        "def sparkline(points: list[tuple[dt.date, float | None]], *, label: str) -> SafeString:",
    ): "type hint",
    (
        "insight/charts.py",
        "def line_chart(points: list[tuple[dt.date, float | None]], *, label: str, unit: str) -> SafeString:",
    ): "type hint",
    ("insight/charts.py", 'return mark_safe("")'): "empty string",
    (
        "partnership/pdf.py",
        "from django.utils.safestring import SafeString, mark_safe",
    ): "import",
    (
        "partnership/pdf.py",
        "def _with_presentation_attributes(svg: str) -> SafeString:",
    ): "type hint",
    (
        "partnership/pdf.py",
        "return mark_safe(svg)  # the chart's own markup, with fixed attributes added",
    ): "insight.charts' SVG (numbers, dates, an escaped label) with constant attributes added",
    (
        "insight/charts.py",
        "return mark_safe(",
    ): "SVG built from numbers and dates; the only text (the label) goes through escape()",
    (
        "insight/charts.py",
        'return mark_safe("".join(parts))',
    ): "SVG built from numbers and dates; the label goes through escape()",
    (
        "templates/gds/layout/fieldset.html",
        "{{ fieldset.flat_attrs|safe }}>",
    ): "crispy's attribute string, built by Hearth's form code (flatatt escapes values)",
    (
        "templates/gds/layout/fieldset.html",
        "{{ fields|safe }}",
    ): "the fieldset's fields, already rendered (and escaped) by crispy templates",
}


def _uses() -> list[tuple[str, str]]:
    found = []
    for path in sorted(ROOT.rglob("*")):
        if path.suffix not in {".py", ".html", ".txt", ".xml"} or not path.is_file():
            continue
        rel = path.relative_to(ROOT).as_posix()
        if "/tests/" in f"/{rel}" or "/migrations/" in f"/{rel}" or rel.startswith("static/"):
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if PATTERN.search(line):
                found.append((rel, line.strip()))
    return found


def test_every_use_of_unescaped_markup_is_in_the_reviewed_allow_list():
    unreviewed = [use for use in _uses() if use not in REVIEWED]
    assert not unreviewed, "Unreviewed unescaped markup (escape it, or review and list it):\n" + (
        "\n".join(f"  {path}: {line}" for path, line in unreviewed)
    )


def test_the_allow_list_holds_nothing_that_is_gone():
    stale = set(REVIEWED) - set(_uses())
    assert not stale, f"Remove from REVIEWED (no longer in the code): {sorted(stale)}"


def test_hearth_overrides_every_crispy_template_that_marks_labels_or_hints_safe():
    import crispy_forms_gds

    library = Path(crispy_forms_gds.__file__).resolve().parent / "templates"
    risky = re.compile(r"\{\{\s*(field\.label|field\.help_text|legend)\s*\|\s*safe")
    for path in library.rglob("*.html"):
        if risky.search(path.read_text(encoding="utf-8")):
            rel = path.relative_to(library).as_posix()
            override = ROOT / "templates" / rel
            assert override.exists(), f"{rel} marks user text safe and Hearth does not override it"
            assert not risky.search(override.read_text(encoding="utf-8")), rel


def test_a_hostile_label_is_escaped_by_the_form_renderer():
    from django import forms
    from django.template import Context, Template

    class Hostile(forms.Form):
        note = forms.CharField(label='<meta http-equiv=refresh content="0;url=//evil">')
        choice = forms.ChoiceField(
            label="<b>legend</b>", choices=[("a", "<i>a</i>")], widget=forms.RadioSelect
        )
        ticks = forms.MultipleChoiceField(
            label="<u>ticks</u>",
            help_text="<img src=x onerror=alert(1)>",
            choices=[("a", "a")],
            widget=forms.CheckboxSelectMultiple,
        )

    html = Template("{% load crispy_forms_tags %}{% crispy form %}").render(
        Context({"form": Hostile()})
    )
    for raw in ("<meta http", "<b>legend", "<i>a</i>", "<u>ticks", "<img src=x"):
        assert raw not in html
    assert "&lt;meta http-equiv=refresh" in html
