import datetime as dt
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hearth.access.models import AuditEntry
from hearth.care.tests.factories import LegalStatusFactory, PeriodOfCareFactory, PlacementFactory
from hearth.casework.tests.factories import (
    AssessmentFactory,
    CINEpisodeFactory,
    CPPlanFactory,
    SignificantEventFactory,
    VisitFactory,
)
from hearth.people.models import Professional
from hearth.people.tests.factories import AddressFactory, ChildFactory, FamilyMemberFactory

pytestmark = pytest.mark.django_db

CHILD_PAGES = ["child_summary", "child_chronology", "child_chronology_csv"]


def _url(name, child):
    return reverse(name, args=[child.pk])


@pytest.mark.parametrize("page", ["child_chronology", "child_chronology_csv"])
def test_child_page_is_404_for_another_teams_child(client_a, child_b, page):
    response = client_a.get(_url(page, child_b))
    assert response.status_code == 404


def test_another_teams_child_offers_break_the_glass_without_showing_the_record(client_a, child_b):
    response = client_a.get(_url("child_summary", child_b))
    assert response.status_code == 403
    assert b"You are not working with this child" in response.content
    assert b"Date of birth" not in response.content
    assert b"moj-sub-navigation" not in response.content


@pytest.mark.parametrize("page", CHILD_PAGES)
def test_child_page_is_404_for_a_child_that_does_not_exist(client_a, page):
    assert client_a.get(reverse(page, args=[999999])).status_code == 404


def _without_csrf_token(content: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", content)


def test_hidden_child_404_looks_like_any_404(client_a, child_b):
    child_b.restricted = True
    child_b.save(update_fields=["restricted"])
    hidden = client_a.get(_url("child_summary", child_b))
    missing = client_a.get(reverse("child_summary", args=[999999]))
    assert b"Page not found" in hidden.content
    assert _without_csrf_token(hidden.content) == _without_csrf_token(missing.content)


@pytest.mark.parametrize(
    ("page", "action", "what"),
    [
        ("child_summary", "view", "Child record: summary"),
        ("child_chronology", "view", "Child record: chronology"),
        ("child_chronology_csv", "export", "Child record: chronology (CSV)"),
    ],
)
def test_each_child_page_writes_exactly_one_audit_entry(client_a, child_a, page, action, what):
    before = AuditEntry.objects.count()
    response = client_a.get(_url(page, child_a))
    assert response.status_code == 200
    new = list(
        AuditEntry.objects.filter(id__gt=0).order_by("-id")[: AuditEntry.objects.count() - before]
    )
    assert len(new) == 1
    assert (new[0].action, new[0].what, new[0].child_id) == (action, what, child_a.pk)
    assert new[0].username == "sw.north"


def test_refused_child_page_records_the_refusal_not_a_view(client_a, child_b):
    client_a.get(_url("child_summary", child_b))
    assert list(AuditEntry.objects.filter(child=child_b).values_list("action", flat=True)) == [
        "refused"
    ]


def test_summary_shows_identifiers_with_nhs_number_formatted(client_a, child_a):
    content = client_a.get(_url("child_summary", child_a)).content.decode()
    assert "485 777 3456" in content
    assert child_a.upn in content
    assert "C0000101" in content
    assert "3 Apr 2015" in content


def test_summary_shows_the_childs_journey(client_a, child_a):
    cin = CINEpisodeFactory(child=child_a, referral_date=dt.date(2024, 1, 8))
    AssessmentFactory(cin_episode=cin, authorised_date=dt.date(2024, 2, 20))
    CPPlanFactory(cin_episode=cin, latest_category="EMO")
    response = client_a.get(_url("child_summary", child_a))
    journey = response.context["journey"]
    assert journey.status == "CP"
    assert journey.cp_plan is not None
    assert journey.latest_assessment.authorised_date == dt.date(2024, 2, 20)
    assert journey.social_worker.worker.last_name == "Shah"
    assert b"Child protection plan" in response.content


def test_summary_shows_placement_for_a_looked_after_child(client_a, child_a):
    period = PeriodOfCareFactory(child=child_a)
    LegalStatusFactory(period=period)
    PlacementFactory(period=period, carer_name="The Okafor family")
    response = client_a.get(_url("child_summary", child_a))
    assert response.context["journey"].status == "CLA"
    assert b"The Okafor family" in response.content


def test_summary_links_a_related_child_only_when_visible(client_a, child_a, child_b, worker_a):
    sibling = ChildFactory(first_name="Noah", last_name="Hartley")
    from hearth.workforce.tests.factories import AllocationFactory

    AllocationFactory(child=sibling, worker=worker_a)
    FamilyMemberFactory(
        child=child_a, first_name="Noah", relationship="sibling", related_child=sibling
    )
    FamilyMemberFactory(
        child=child_a, first_name="Ella", relationship="sibling", related_child=child_b
    )
    content = client_a.get(_url("child_summary", child_a)).content.decode()
    assert reverse("child_summary", args=[sibling.pk]) in content
    assert reverse("child_summary", args=[child_b.pk]) not in content
    assert "Ella" in content


def test_restricted_child_shows_a_warning(client_a, child_a):
    child_a.restricted = True
    child_a.save()
    response = client_a.get(_url("child_summary", child_a))
    assert b"This is a restricted record" in response.content


def _grow_record(child, n):
    """Add n of each kind of record the summary and chronology read."""
    for i in range(n):
        AddressFactory(child=child, postcode="PE1 1XX", start_date=dt.date(2015 + i, 6, 1))
        FamilyMemberFactory(child=child, first_name=f"Rel{i}")
        Professional.objects.create(
            child=child,
            name=f"Pro {i}",
            role="Teacher",
            agency="school",
            start_date=dt.date(2020, 1, 1),
        )
        VisitFactory(child=child, date=dt.date(2024, 1, 1) + dt.timedelta(days=i))
        SignificantEventFactory(child=child, date=dt.date(2023, 1, 1) + dt.timedelta(days=i))
        cin = CINEpisodeFactory(
            child=child,
            referral_date=dt.date(2010 + i, 1, 1),
            closure_date=dt.date(2010 + i, 6, 1),
            closure_reason="RC1",
        )
        AssessmentFactory(cin_episode=cin)


@pytest.mark.parametrize("page", ["child_summary", "child_chronology", "child_chronology_csv"])
def test_child_page_query_count_does_not_grow_with_the_record(client_a, child_a, page):
    def count(*, kept: bool):
        client_a.get(_url(page, child_a))  # steady state: the session was renewed just now
        if not kept:
            caches["records"].clear()  # what the page reads from the record, built afresh
        with CaptureQueriesContext(connection) as ctx:
            assert client_a.get(_url(page, child_a)).status_code == 200
        return len(ctx.captured_queries)

    _grow_record(child_a, 1)
    small = count(kept=False), count(kept=True)
    _grow_record(child_a, 8)
    assert (count(kept=False), count(kept=True)) == small


# Once read, a page about a child costs its frame only: the session and user, visibility, the
# record versions, the audit entry (and for the summary, the linked children the user may open).
KEPT_PAGE_QUERIES = {"child_summary": 10, "child_chronology": 10, "child_chronology_csv": 9}


@pytest.mark.parametrize("page", sorted(KEPT_PAGE_QUERIES))
def test_a_child_page_already_read_costs_a_few_queries(client_a, child_a, page):
    _grow_record(child_a, 3)
    client_a.get(_url(page, child_a))
    with CaptureQueriesContext(connection) as ctx:
        assert client_a.get(_url(page, child_a)).status_code == 200
    assert len(ctx.captured_queries) <= KEPT_PAGE_QUERIES[page]


def test_caseload_query_count_does_not_grow_with_the_caseload(client_a, worker_a):
    from hearth.workforce.tests.factories import AllocationFactory

    def count():
        client_a.get(reverse("home"))  # steady state: the session was renewed just now
        with CaptureQueriesContext(connection) as ctx:
            client_a.get(reverse("home"))
        return len(ctx.captured_queries)

    for _ in range(2):
        AllocationFactory(child=ChildFactory(), worker=worker_a)
    small = count()
    for _ in range(10):
        AllocationFactory(child=ChildFactory(), worker=worker_a)
    assert count() == small
