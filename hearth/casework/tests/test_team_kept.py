"""The team manager's page keeps what it reads between requests (its overview under the teams'
children's versions and the epochs, the unallocated list's ids under the access and cases
epochs) and never shows a stale page after a write, whatever path wrote it, nor one user's
page to another."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hearth.access.models import AccessGrant
from hearth.access.tests.signin import force_login_verified
from hearth.casework.models import Assessment, CINEpisode
from hearth.casework.tests.factories import AssessmentFactory, CINEpisodeFactory
from hearth.core import record_version
from hearth.people.models import Child
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.models import Supervision
from hearth.workforce.tests.factories import AllocationFactory, TeamFactory, WorkerFactory

pytestmark = pytest.mark.django_db


def _team_page(client) -> str:
    response = client.get(reverse("my_team"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_view_reads_neither_the_assessments_nor_the_open_cases(tm_client, cin):
    AssessmentFactory(cin_episode=cin, completed_date=dt.date(2024, 2, 1))
    CINEpisodeFactory(child=ChildFactory(first_name="Olive", last_name="Open"))
    _team_page(tm_client)
    with CaptureQueriesContext(connection) as ctx:
        page = _team_page(tm_client)
    read = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "Authorise assessment: Mia Turner" in page and "Olive Open" in page
    assert "casework_assessment" not in read
    assert "casework_cpplan" not in read  # the open cases' ids were kept
    assert "access_auditentry" in read  # still audited every time
    assert len(ctx.captured_queries) <= 12


def test_an_unallocated_case_goes_as_soon_as_it_is_allocated(tm_client, social_worker):
    orphan = CINEpisodeFactory(child=ChildFactory(first_name="Olive", last_name="Open")).child
    assert "Olive Open" in _team_page(tm_client)
    AllocationFactory(child=orphan, worker=social_worker, start_date=dt.date(2024, 1, 2))
    assert "Olive Open" not in _team_page(tm_client)


def test_a_referral_opened_or_closed_without_the_services_shows_at_once(tm_client):
    child = ChildFactory(first_name="Olive", last_name="Open")
    assert "Olive Open" not in _team_page(tm_client)
    episode = CINEpisodeFactory(child=child, referral_date=dt.date(2024, 1, 8))
    assert "Olive Open" in _team_page(tm_client)
    CINEpisode.objects.filter(pk=episode.pk).update(
        closure_date=dt.date(2024, 3, 1), closure_reason="RC8"
    )
    assert "Olive Open" not in _team_page(tm_client)


def test_an_unallocated_childs_new_name_and_archiving_show_at_once(tm_client):
    child = CINEpisodeFactory(child=ChildFactory(first_name="Olive", last_name="Open")).child
    assert "Olive Open" in _team_page(tm_client)
    Child.objects.filter(pk=child.pk).update(first_name="Ola")
    assert "Ola Open" in _team_page(tm_client)
    Child.objects.filter(pk=child.pk).update(archived_at=timezone.now())
    assert "Ola Open" not in _team_page(tm_client)


def test_an_assessment_completed_without_the_services_waits_for_approval_at_once(tm_client, cin):
    assessment = AssessmentFactory(cin_episode=cin)
    assert "Authorise assessment" not in _team_page(tm_client)
    Assessment.objects.filter(pk=assessment.pk).update(completed_date=dt.date(2024, 2, 1))
    assert "Authorise assessment: Mia Turner" in _team_page(tm_client)
    Child.objects.filter(pk=cin.child_id).update(first_name="Maya")
    assert "Authorise assessment: Maya Turner" in _team_page(tm_client)


def test_a_write_to_one_childs_record_reads_that_childs_group_again_not_the_team(
    tm_client, cin, social_worker
):
    other = ChildFactory(first_name="Olive", last_name="Other")
    AllocationFactory(child=other, worker=social_worker, start_date=dt.date(2024, 1, 2))
    assert other.pk % 32 != cin.child_id % 32  # in another group
    _team_page(tm_client)
    assessment = AssessmentFactory(cin_episode=cin)  # a write to Mia's record only
    Assessment.objects.filter(pk=assessment.pk).update(completed_date=dt.date(2024, 2, 1))
    with CaptureQueriesContext(connection) as ctx:
        page = _team_page(tm_client)
    assert "Authorise assessment: Mia Turner" in page and "Olive Other" not in page
    children_read = [q["sql"] for q in ctx.captured_queries if 'FROM "people_child"' in q["sql"]]
    assert len(children_read) == 1
    assert re.search(rf"\b{cin.child_id}\b", children_read[0])
    assert not re.search(rf"\b{other.pk}\b", children_read[0])
    read = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "workforce_supervision" not in read  # the teams' own part was kept


def test_a_restricted_childs_approval_is_shown_only_to_a_manager_who_may_see_it(
    client, manager, social_worker, cin
):
    Child.objects.filter(pk=cin.child_id).update(restricted=True)
    AssessmentFactory(cin_episode=cin, completed_date=dt.date(2024, 2, 1))
    from hearth.access.tests.factories import UserFactory

    # A senior leader sees every team's page, but not a restricted record without a grant.
    leader = UserFactory(username="director", role="senior_leader")
    AccessGrant.objects.create(
        child_id=cin.child_id,
        user=manager.user,
        kind=AccessGrant.Kind.NAMED,
        reason="Named on the record",
        granted_at=timezone.now(),
    )
    force_login_verified(client, manager.user)
    assert "Authorise assessment: Mia Turner" in _team_page(client)  # fills what is kept
    leader_client = Client()
    force_login_verified(leader_client, leader)
    page = _team_page(leader_client)
    assert "Safeguarding East" in page and "Mia Turner" not in page


def test_a_supervision_recorded_shows_at_once(client, manager, social_worker, child):
    force_login_verified(client, manager.user)
    client.get(reverse("my_team"))
    Supervision.objects.create(worker=social_worker, supervisor=manager, date=dt.date(2024, 3, 10))
    workers = {w.pk: w for w in client.get(reverse("my_team")).context["workers"]}
    assert workers[social_worker.pk].last_supervision == dt.date(2024, 3, 10)


def test_a_worker_joining_the_team_shows_at_once(tm_client, team, child):
    assert "Kofi Mensah" not in _team_page(tm_client)
    WorkerFactory(team=team, first_name="Kofi", last_name="Mensah")
    assert "Kofi Mensah" in _team_page(tm_client)


def test_a_restricted_unallocated_child_one_manager_may_see_is_not_shown_to_another(
    client, manager
):
    other_team = TeamFactory(name="Safeguarding West")
    other = WorkerFactory(
        team=other_team, role="team_manager", user__username="tm.west", user__role="team_manager"
    )
    other_team.manager = other
    other_team.save()
    hidden = ChildFactory(first_name="Rita", last_name="Restricted", restricted=True)
    CINEpisodeFactory(child=hidden, referral_date=dt.date(2024, 1, 8))
    AccessGrant.objects.create(
        child=hidden,
        user=manager.user,
        kind=AccessGrant.Kind.NAMED,
        reason="Named on the record",
        granted_at=timezone.now(),
    )
    force_login_verified(client, manager.user)
    assert "Rita Restricted" in _team_page(client)  # fills what is kept
    other_client = Client()
    force_login_verified(other_client, other.user)
    assert "Restricted" not in _team_page(other_client)


def test_the_cases_epoch_moves_with_referrals_plans_and_care_only(child):
    from hearth.care.tests.factories import PeriodOfCareFactory
    from hearth.casework.tests.factories import VisitFactory

    def cases() -> int:
        return record_version.epochs()[record_version.CASES]

    before = cases()
    VisitFactory(child=child)
    assert cases() == before
    CINEpisodeFactory(child=child)
    after_referral = cases()
    assert after_referral > before
    PeriodOfCareFactory(child=child)
    assert cases() > after_referral


def _my_work(client) -> str:
    response = client.get(reverse("my_work"))
    assert response.status_code == 200
    return response.content.decode()


def test_my_work_read_again_reads_none_of_the_caseloads_records(sw_client, cin):
    _my_work(sw_client)
    with CaptureQueriesContext(connection) as ctx:
        page = _my_work(sw_client)
    read = " ".join(q["sql"] for q in ctx.captured_queries)
    assert "Mia Turner" in page
    assert "casework_cinepisode" not in read
    assert "workforce_allocation" not in read
    assert "access_auditentry" in read
    # The frame (session, user, device), the epochs and versions, one question for the user's
    # own lists (audit work, Family Help, drafts: none here, so none read), the audit entry;
    # however long the caseload.
    assert len(ctx.captured_queries) <= 11
    assert not any(
        q["sql"].startswith(('SELECT "casework_casenote"', 'SELECT "quality_'))
        for q in ctx.captured_queries
    )


def test_my_work_shows_a_new_allocation_an_ended_one_and_a_rename_at_once(
    sw_client, social_worker, child
):
    from hearth.workforce.models import Allocation

    assert "Mia Turner" in _my_work(sw_client)
    new = ChildFactory(first_name="Olive", last_name="Open")
    AllocationFactory(child=new, worker=social_worker, start_date=dt.date(2024, 5, 1))
    assert "Olive Open" in _my_work(sw_client)
    Child.objects.filter(pk=new.pk).update(first_name="Ola")
    assert "Ola Open" in _my_work(sw_client)
    Allocation.objects.filter(child=child).update(end_date=dt.date(2024, 6, 1))
    page = _my_work(sw_client)
    assert "Mia Turner" not in page and "Ola Open" in page


def test_a_name_with_markup_is_escaped_in_the_kept_team_page(tm_client, cin):
    Child.objects.filter(pk=cin.child_id).update(first_name="<b>Mia</b>")
    AssessmentFactory(cin_episode=cin, completed_date=dt.date(2024, 2, 1))
    for _ in range(2):  # built, then read from what is kept
        page = _team_page(tm_client)
        assert "<b>Mia</b>" not in page
        assert "Authorise assessment: &lt;b&gt;Mia&lt;/b&gt; Turner" in page
