"""The child's record and chronology keep what they read between requests (hearth.core.
record_cache) and never show a stale record after a write, whatever path wrote it, nor one
user's view to another."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hearth.access.models import AccessGrant, User
from hearth.access.tests.factories import UserFactory
from hearth.access.tests.signin import force_login_verified
from hearth.casework.models import SignificantEvent, Visit
from hearth.casework.tests.factories import (
    CINEpisodeFactory,
    CPPlanFactory,
    SignificantEventFactory,
    VisitFactory,
)
from hearth.people.models import Child, Professional
from hearth.people.tests.factories import ChildFactory, FamilyMemberFactory, ProfessionalFactory
from hearth.workforce.models import Allocation, Worker
from hearth.workforce.tests.factories import AllocationFactory, WorkerFactory


def _summary(client, child) -> str:
    response = client.get(reverse("child_summary", args=[child.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _chronology(client, child) -> str:
    response = client.get(reverse("child_chronology", args=[child.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _tables_read(client, url: str) -> str:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return " ".join(q["sql"] for q in ctx.captured_queries)


def test_a_second_view_of_the_record_reads_none_of_the_childs_records(client_a, child_a):
    CINEpisodeFactory(child=child_a, referral_date=dt.date(2024, 1, 8))
    VisitFactory(child=child_a, date=dt.date(2024, 2, 1))
    url = reverse("child_summary", args=[child_a.pk])
    first = _tables_read(client_a, url)
    second = _tables_read(client_a, url)
    assert "casework_cinepisode" in first
    assert "casework_cinepisode" not in second
    assert "people_familymember" not in second
    # Not even the child's own row (kept under its version)...
    assert '"people_child"."date_of_birth"' not in second
    # ...but the version and the access epoch are read, and the view audited, every time.
    assert "core_childversion" in second
    assert "access_auditentry" in second


def test_a_child_restricted_past_the_services_is_hidden_at_once(client, child_a, team_a):
    # A colleague in the child's team sees the child through the team, not as its worker.
    colleague = WorkerFactory(team=team_a, user__username="sw.colleague")
    force_login_verified(client, colleague.user)
    _summary(client, child_a)  # kept, the child's row with it
    _chronology(client, child_a)
    Child.objects.filter(pk=child_a.pk).update(restricted=True)
    assert client.get(reverse("child_summary", args=[child_a.pk])).status_code == 404
    assert client.get(reverse("child_chronology", args=[child_a.pk])).status_code == 404


def test_a_child_whose_allocation_ended_is_hidden_at_once(client_a, child_a):
    _summary(client_a, child_a)
    Allocation.objects.filter(child=child_a).update(end_date=F("start_date"))
    page = client_a.get(reverse("child_summary", args=[child_a.pk]))
    assert page.status_code == 403  # asked for a reason to break the glass, not shown
    assert "Family and relationships" not in page.content.decode()


def test_a_first_view_asks_once_which_kinds_the_child_has_and_reads_its_version_once(
    client_a, child_a
):
    CINEpisodeFactory(child=child_a, referral_date=dt.date(2024, 1, 8))
    with CaptureQueriesContext(connection) as ctx:
        page = _summary(client_a, child_a)
    sqls = [q["sql"] for q in ctx.captured_queries]
    # Key information, the journey and the due work share one probe and the page's stamp.
    assert sum(sql.startswith("SELECT 0 WHERE EXISTS") for sql in sqls) == 1
    assert sum("core_childversion" in sql for sql in sqls) == 1
    assert "Assessment (not started)" in page  # the due work still worked out from it


def test_a_new_plan_shows_at_once_after_the_record_was_cached(client_a, child_a):
    cin = CINEpisodeFactory(child=child_a, referral_date=dt.date(2024, 1, 8))
    assert "Child protection plan" not in _summary(client_a, child_a)
    CPPlanFactory(cin_episode=cin, child=child_a, start_date=dt.date(2024, 2, 1))
    assert "Child protection plan" in _summary(client_a, child_a)


def test_an_update_that_bypasses_the_services_still_shows(client_a, child_a):
    event = SignificantEventFactory(child=child_a, title="School reported a concern")
    assert "School reported a concern" in _chronology(client_a, child_a)
    SignificantEvent.objects.filter(pk=event.pk).update(title="Police attended the home")
    page = _chronology(client_a, child_a)
    assert "Police attended the home" in page
    assert "School reported a concern" not in page


def test_a_deleted_record_disappears(client_a, child_a):
    visit = VisitFactory(child=child_a, date=dt.date(2024, 2, 1), childs_views="I like my school")
    assert "I like my school" in _chronology(client_a, child_a)
    Visit.objects.filter(pk=visit.pk).delete()
    assert "I like my school" not in _chronology(client_a, child_a)


def test_renaming_the_allocated_worker_shows_the_new_name(client_a, child_a, worker_a):
    assert "Priya Shah" in _summary(client_a, child_a)
    Worker.objects.filter(pk=worker_a.pk).update(last_name="Okafor")
    page = _summary(client_a, child_a)
    assert "Priya Okafor" in page
    assert "Priya Shah" not in page


def test_a_sibling_one_user_may_open_is_not_linked_for_another(client, client_a, child_a, worker_b):
    # The sibling is worked by the other team; its worker also holds a grant on child_a.
    sibling = ChildFactory(first_name="Noah", last_name="Hartley")
    AllocationFactory(child=sibling, worker=worker_b)
    FamilyMemberFactory(
        child=child_a, related_child=sibling, first_name="Noah", last_name="Hartley"
    )
    AccessGrant.objects.create(
        child=child_a,
        user=worker_b.user,
        kind=AccessGrant.Kind.BREAK_GLASS,
        reason="Test",
        granted_at=timezone.now(),
    )
    link = reverse("child_summary", args=[sibling.pk])
    other_client = Client()
    force_login_verified(other_client, worker_b.user)
    assert link in _summary(other_client, child_a)  # fills the cache
    page = _summary(client_a, child_a)
    assert "Noah Hartley" in page  # the family member as recorded on this child's record
    assert link not in page


def test_a_reciprocal_link_shows_the_other_childs_name_as_it_is_now(client_a, child_a, worker_a):
    other = ChildFactory(first_name="Mia", last_name="Hartley")
    AllocationFactory(child=other, worker=worker_a)
    FamilyMemberFactory(child=other, related_child=child_a, relationship="sibling")
    assert "Mia Hartley" in _summary(client_a, child_a)
    type(other).objects.filter(pk=other.pk).update(first_name="Maya")
    assert "Maya Hartley" in _summary(client_a, child_a)


def test_a_professional_added_without_the_services_shows_on_the_kept_summary(client_a, child_a):
    assert "No professionals recorded." in _summary(client_a, child_a)
    Professional.objects.create(
        child=child_a,
        name="Dr Imran Patel",
        role="GP",
        agency=Professional.Agency.HEALTH,
        start_date=dt.date(2024, 1, 1),
    )
    page = _summary(client_a, child_a)
    assert "Dr Imran Patel" in page
    assert "No professionals recorded." not in page


def test_the_merge_link_follows_the_user_not_whoever_filled_the_cache(client_a, child_a):
    """The summary's kept HTML holds the merge link for those who oversee the record only."""
    ProfessionalFactory(child=child_a, name="Ms Jo Reid")
    leader = UserFactory(role=User.Role.SENIOR_LEADER)
    leader_client = Client()
    force_login_verified(leader_client, leader)
    merge = reverse("child_merge", args=[child_a.pk])
    assert merge in _summary(leader_client, child_a)  # fills the cache first
    page = _summary(client_a, child_a)
    assert "Ms Jo Reid" in page
    assert merge not in page
    assert merge in _summary(leader_client, child_a)


def test_a_name_with_markup_is_escaped_in_the_kept_summary(client_a, child_a):
    ProfessionalFactory(child=child_a, name="<script>alert(1)</script>")
    for _ in range(2):  # built, then read back as kept HTML
        page = _summary(client_a, child_a)
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_markup_in_an_entry_is_escaped_in_the_kept_chronology(client_a, child_a):
    """The timeline is rendered by Jinja2 (hearth.core.jinja): escaped as Django would."""
    SignificantEventFactory(
        child=child_a, title="<b>Concern</b>", detail="<script>alert(1)</script>\nsecond line"
    )
    VisitFactory(child=child_a, date=dt.date(2024, 2, 1), childs_views='I said "<i>no</i>"')
    for _ in range(2):  # built, then read back as kept HTML
        page = _chronology(client_a, child_a)
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>second line" in page
        assert "&lt;b&gt;Concern&lt;/b&gt;" in page
        assert "&lt;i&gt;no&lt;/i&gt;" in page
        assert "<i>no</i>" not in page
