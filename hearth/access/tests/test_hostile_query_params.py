"""Every page, with hostile query parameters, answers with a page (or a GOV.UK error), never a
500. Generated: the URLs come from the URLconf (via the access matrix, which covers every
pattern), the parameters from the source — every `request.GET.get("…")`/`request.GET["…"]`
and every field of a form bound to `request.GET` in the view's module — so a page that starts
reading a new parameter is covered without editing this file."""

from __future__ import annotations

import importlib
import re
from functools import cache
from pathlib import Path

import pytest
from django import forms
from django.urls import resolve

from hearth.access.tests.test_access_matrix import ALL_PATTERNS, EXPECTED, sample_url

pytestmark = pytest.mark.django_db
HEARTH = Path(__file__).resolve().parents[2]

DATE_VALUES = ["9999-12-31", "0001-01-01", "2025-02-30", "garbage", "31/12/2025"]
PART_VALUES = ["0", "-1", "32", "9999", "0001", "abcd", "99999999999999999999", "\x00"]
OTHER_VALUES = ["-1", "abcd", "99999999999999999999", "1e308", "\x00", "", "x" * 5000]

_GET_KEY = re.compile(r"""request\.GET(?:\.get\(|\[)\s*["'](\w+)["']""")
_GET_FORM = re.compile(r"""(\w+Form)\(\s*(?:data=)?request\.GET""")
_GET_DATE = re.compile(r"""query_date_from\(\s*request\.GET,\s*["'](\w+)["']""")


@cache
def form_classes() -> dict[str, type[forms.BaseForm]]:
    found = {}
    for path in HEARTH.rglob("forms.py"):
        module = importlib.import_module(
            ".".join(path.relative_to(HEARTH.parent).with_suffix("").parts)
        )
        for name, value in vars(module).items():
            if isinstance(value, type) and issubclass(value, forms.BaseForm):
                found.setdefault(name, value)
    return found


DATE, PART, OTHER = "date", "part", "other"


@cache
def params_read_by(module_name: str) -> dict[str, str]:
    """Query parameters the module reads -> DATE (YYYY-MM-DD), PART (day, month or year box
    of a GOV.UK date input: name_0, name_1, name_2) or OTHER."""
    source = Path(importlib.import_module(module_name).__file__).read_text()
    params = {
        key: DATE if key in {"as_of", "period_start"} or "date" in key else OTHER
        for key in _GET_KEY.findall(source)
    }
    for name in _GET_DATE.findall(source):  # a GOV.UK date input, or name=YYYY-MM-DD in links
        params[name] = DATE
        for i in range(3):
            params[f"{name}_{i}"] = PART
    for form_name in _GET_FORM.findall(source):
        for field_name, field in form_classes()[form_name].base_fields.items():
            if isinstance(field.widget, forms.MultiWidget):
                for suffix in field.widget.widgets_names:
                    params[field_name + suffix] = PART
            elif isinstance(field, forms.DateField | forms.DateTimeField):
                params[field_name] = DATE
            else:
                params[field_name] = OTHER
    return params


def test_the_parameter_finder_sees_the_insight_dates_and_the_audit_search_form():
    assert params_read_by("hearth.insight.views")["as_of"] == DATE
    assert params_read_by("hearth.insight.views")["as_of_2"] == PART
    assert params_read_by("hearth.access.views")["start_2"] == PART
    assert "page" in params_read_by("hearth.access.views")
    assert "team" in params_read_by("hearth.returns.views")


VALUES = {DATE: DATE_VALUES, PART: PART_VALUES, OTHER: OTHER_VALUES}


def hostile_queries(params: dict[str, str]) -> list[dict[str, str]]:
    queries = [dict.fromkeys(params, value) for value in DATE_VALUES + OTHER_VALUES]
    for name, kind in params.items():
        for value in VALUES[kind]:
            queries.append({name: value})
    date_inputs = {name[:-2] for name, kind in params.items() if kind == PART}
    for day, month, year in [("31", "12", "9999"), ("1", "1", "1"), ("29", "2", "2023")]:
        queries.append(
            {f"{n}_{i}": v for n in date_inputs for i, v in enumerate((day, month, year))}
        )
    return queries


READABLE = sorted(
    (name, route, kwargs)
    for name, route, kwargs in ALL_PATTERNS
    if name in EXPECTED and 200 in EXPECTED[name][1].values()
)


@pytest.mark.parametrize(("name", "route", "kwarg_names"), READABLE, ids=lambda v: str(v))
def test_hostile_query_parameters_never_give_a_server_error(world, name, route, kwarg_names):
    sample, expected = EXPECTED[name]
    url = sample_url(world, name, sample, kwarg_names)
    role = next(role for role, status in expected.items() if status == 200)
    client = world.client_for(role)
    client.raise_request_exception = False
    params = params_read_by(resolve(url).func.__module__)
    failures = []
    for query in hostile_queries(params) or [{}]:
        response = client.get(url, query)
        if response.status_code >= 500:
            failures.append((query if len(str(query)) < 200 else list(query), response.status_code))
    assert not failures, f"{name} as {role}: {failures}"


def test_a_date_far_in_the_future_on_an_insight_page_is_a_govuk_error(world):
    client = world.client_for("analyst")
    response = client.get("/insight/", {"as_of": "9999-12-31"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "The date must be between 1 Jan 2000 and" in content
    assert "Showing the 12 months to today" in content


def test_a_start_date_before_2000_on_an_insight_page_is_a_govuk_error(world):
    client = world.client_for("analyst")
    content = client.get("/insight/", {"period_start": "0001-01-01"}).content.decode()
    assert "The start of the period must be between 1 Jan 2000 and" in content


def test_an_impossible_year_in_the_audit_search_is_a_govuk_error(world):
    client = world.client_for("auditor")
    query = {"start_0": "1", "start_1": "1", "start_2": "99999999999999999999"}
    response = client.get("/audit/", query)
    assert response.status_code == 200
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "The from date must be a real date" in content


def test_year_9999_in_the_audit_search_is_out_of_range(world):
    client = world.client_for("auditor")
    query = {"end_0": "31", "end_1": "12", "end_2": "9999"}
    assert "The to date must be between 2000 and" in client.get("/audit/", query).content.decode()
