import datetime as dt

import pytest
from django.urls import reverse

from hearth.access.models import AuditEntry
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.tests.factories import AllocationFactory

pytestmark = pytest.mark.django_db


def _search(client, q):
    return client.get(reverse("child_search"), {"q": q})


def _found(response):
    return [row["child"] for row in response.context["rows"]]


def test_search_by_part_of_first_name_is_case_insensitive(client_a, child_a):
    assert _found(_search(client_a, "amel")) == [child_a]


def test_search_by_first_and_last_name(client_a, child_a):
    assert _found(_search(client_a, "Amelia Hartley")) == [child_a]


def test_search_by_last_name_then_first_name(client_a, child_a):
    assert _found(_search(client_a, "hartley amelia")) == [child_a]


def test_search_by_preferred_name(client_a, child_a):
    child_a.preferred_name = "Millie"
    child_a.save()
    assert _found(_search(client_a, "millie")) == [child_a]


@pytest.mark.parametrize(
    "typed", ["3/4/2015", "03/04/2015", "2015-04-03", "3 April 2015", "3 Apr 2015"]
)
def test_search_by_date_of_birth_in_the_ways_people_type_it(client_a, child_a, typed):
    assert _found(_search(client_a, typed)) == [child_a]


def test_search_by_upn(client_a, child_a):
    assert _found(_search(client_a, child_a.upn.lower())) == [child_a]


def test_search_by_former_upn(client_a, child_a, worker_a):
    other = ChildFactory()
    AllocationFactory(child=other, worker=worker_a, kind="iro")
    child_a.former_upn = other.upn
    child_a.save()
    assert set(_found(_search(client_a, other.upn))) == {child_a, other}


@pytest.mark.parametrize("typed", ["4857773456", "485 777 3456", "485-777-3456"])
def test_search_by_nhs_number_with_or_without_spaces(client_a, child_a, typed):
    assert _found(_search(client_a, typed)) == [child_a]


def test_search_by_la_child_id(client_a, child_a):
    assert _found(_search(client_a, "c0000101")) == [child_a]


def test_search_only_finds_children_visible_to_the_user(client_a, child_a, child_b):
    assert _found(_search(client_a, "Amelia")) == [child_a]


def test_search_does_not_find_another_teams_child_by_identifier(client_a, child_b):
    assert _found(_search(client_a, child_b.la_child_id)) == []


def test_search_does_not_find_restricted_child_allocated_to_a_colleague(client_a, team_a):
    from hearth.workforce.tests.factories import WorkerFactory

    colleague = WorkerFactory(team=team_a)
    hidden = ChildFactory(first_name="Zara", restricted=True)
    AllocationFactory(child=hidden, worker=colleague)
    assert _found(_search(client_a, "Zara")) == []


def test_search_writes_one_audit_entry_with_terms_and_result_count(client_a, child_a):
    before = AuditEntry.objects.count()
    _search(client_a, "Hartley")
    entries = AuditEntry.objects.order_by("-id")[: AuditEntry.objects.count() - before]
    assert len(entries) == 1
    assert entries[0].action == "search"
    assert entries[0].detail["q"] == "Hartley"
    assert entries[0].detail["results"] == 1


def test_search_results_show_status_age_and_allocated_worker(client_a, child_a):
    response = _search(client_a, "Hartley")
    row = response.context["rows"][0]
    assert row["status_label"] == "Not open to social care"
    assert row["allocation"].worker.last_name == "Shah"
    assert row["age"] is not None
    assert b"Priya Shah" in response.content


def test_empty_query_shows_an_error_message(client_a):
    response = _search(client_a, "   ")
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"Enter a name, date of birth or identifier" in response.content


def test_too_short_query_shows_an_error_and_is_not_audited(client_a):
    response = _search(client_a, "a")
    assert b"Search for at least 2 characters" in response.content
    assert not AuditEntry.objects.filter(action="search").exists()


def test_search_page_without_a_query_shows_the_form_only(client_a):
    response = client_a.get(reverse("child_search"))
    assert response.status_code == 200
    assert b"govuk-error-summary" not in response.content


def test_search_results_are_paginated(client_a, worker_a):
    for n in range(30):
        child = ChildFactory(
            last_name="Pagey", first_name=f"Kid{n:02d}", date_of_birth=dt.date(2016, 1, 1)
        )
        AllocationFactory(child=child, worker=worker_a)
    first = _search(client_a, "Pagey")
    second = client_a.get(reverse("child_search"), {"q": "Pagey", "page": 2})
    assert len(first.context["rows"]) == 25
    assert len(second.context["rows"]) == 5
    assert b'rel="next"' in first.content


def test_search_requires_sign_in(client):
    response = _search(client, "Amelia")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
