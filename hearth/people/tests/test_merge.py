"""Merging a duplicate record: both histories kept on one record, the duplicate archived and
pointing at the survivor, nothing merged that cannot be one child, every step audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hearth.access.models import AuditEntry
from hearth.access.tests.signin import force_login_verified
from hearth.care.models import PeriodOfCare
from hearth.care.tests.factories import PeriodOfCareFactory
from hearth.casework.models import Visit
from hearth.casework.tests.factories import CINEpisodeFactory, VisitFactory
from hearth.people import merge
from hearth.people.models import Address, Child, ChildMerge
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.tests.factories import AllocationFactory, TeamFactory, WorkerFactory

pytestmark = pytest.mark.django_db
d = dt.date
REASON = "Same NHS number: the second record was made at the front door by mistake."


@pytest.fixture
def manager():
    team = TeamFactory(name="Safeguarding West")
    manager = WorkerFactory(team=team, role="team_manager", user__role="team_manager")
    team.manager = manager
    team.save()
    return manager


@pytest.fixture
def worker(manager):
    return WorkerFactory(team=manager.team)


@pytest.fixture
def pair(worker):
    survivor = ChildFactory(
        first_name="Amelia", last_name="Hartley", date_of_birth=d(2015, 4, 3), nhs_number=""
    )
    duplicate = ChildFactory(
        first_name="Amelia",
        last_name="Hartly",
        date_of_birth=d(2015, 4, 3),
        nhs_number="9434765919",
        upn="",
    )
    for child in (survivor, duplicate):
        AllocationFactory(child=child, worker=worker)
    return survivor, duplicate


def test_everything_recorded_on_the_duplicate_moves_to_the_survivor(pair, manager):
    survivor, duplicate = pair
    VisitFactory(child=duplicate, date=d(2025, 3, 1))
    CINEpisodeFactory(child=duplicate, referral_date=d(2025, 1, 6))
    Address.objects.create(child=duplicate, postcode="PE1 4TE", start_date=d(2020, 1, 1))
    done = merge.children_merge(
        survivor=survivor, duplicate=duplicate, reason=REASON, acting_user=manager.user
    )
    assert Visit.objects.get().child == survivor
    assert survivor.cin_episodes.count() == 1
    assert survivor.addresses.count() == 1
    assert done.moved["casework.Visit"] == 1
    assert done.moved["workforce.Allocation"] == 1


def test_the_duplicate_is_archived_and_points_at_the_survivor(pair, manager):
    survivor, duplicate = pair
    merge.children_merge(
        survivor=survivor, duplicate=duplicate, reason=REASON, acting_user=manager.user
    )
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
    assert duplicate.archived_at is not None
    assert Child.objects.filter(pk=duplicate.pk).exists()  # never deleted


def test_gaps_in_the_survivors_identity_are_filled_and_differences_kept(pair, manager):
    survivor, duplicate = pair
    done = merge.children_merge(
        survivor=survivor, duplicate=duplicate, reason=REASON, acting_user=manager.user
    )
    survivor.refresh_from_db()
    assert survivor.nhs_number == "9434765919"
    assert done.filled == {"nhs_number": "9434765919"}
    assert done.differences == {"last_name": ["Hartley", "Hartly"]}


def test_the_merge_is_audited_on_both_records(pair, manager):
    survivor, duplicate = pair
    merge.children_merge(
        survivor=survivor, duplicate=duplicate, reason=REASON, acting_user=manager.user
    )
    assert AuditEntry.objects.filter(
        child=survivor, what__startswith="Merged the duplicate"
    ).exists()
    assert AuditEntry.objects.filter(
        child=duplicate, what__startswith="Merged this record"
    ).exists()


def test_different_nhs_numbers_are_different_children(pair, manager):
    survivor, duplicate = pair
    survivor.nhs_number = "4857773457"
    survivor.save()
    with pytest.raises(ValidationError, match="different NHS numbers"):
        merge.children_merge(
            survivor=survivor, duplicate=duplicate, reason=REASON, acting_user=manager.user
        )
    assert not ChildMerge.objects.exists()


def test_two_open_periods_of_care_are_refused_in_plain_words(pair, manager):
    survivor, duplicate = pair
    PeriodOfCareFactory(child=survivor, start_date=d(2024, 1, 8))
    PeriodOfCareFactory(child=duplicate, start_date=d(2024, 2, 8))
    with pytest.raises(ValidationError, match="Both records have an open period of care"):
        merge.children_merge(
            survivor=survivor, duplicate=duplicate, reason=REASON, acting_user=manager.user
        )
    assert PeriodOfCare.objects.filter(child=duplicate).count() == 1


def test_a_short_reason_is_refused(pair, manager):
    survivor, duplicate = pair
    with pytest.raises(ValidationError):
        merge.children_merge(
            survivor=survivor, duplicate=duplicate, reason="dup", acting_user=manager.user
        )


def test_every_link_to_a_child_moves_except_the_records_own_access_history():
    labels = {m._meta.label for m, _ in merge.child_links()}
    assert "casework.Visit" in labels and "care.Placement" in labels
    assert "documents.Document" in labels and "workforce.Allocation" in labels
    assert not labels & {"access.AccessGrant", "access.NamedAccessRequest", "access.AuditEntry"}


def test_a_manager_compares_then_merges_in_the_browser_form(client, pair, manager):
    survivor, duplicate = pair
    force_login_verified(client, manager.user)
    url = reverse("child_merge", args=[survivor.pk])
    compare = client.post(url, {"duplicate": duplicate.la_child_id.lower()})
    content = compare.content.decode()
    assert "Hartly" in content and "Differs" in content
    response = client.post(url, {"duplicate": duplicate.la_child_id, "reason": REASON})
    assert response.status_code == 302
    assert ChildMerge.objects.get().survivor == survivor
    # The duplicate's address now takes those who may see the survivor to it.
    followed = client.get(reverse("child_summary", args=[duplicate.pk]))
    assert followed.status_code == 302
    assert followed["Location"] == reverse("child_summary", args=[survivor.pk])


def test_a_duplicate_the_manager_may_not_see_reads_as_not_found(client, pair, manager):
    survivor, _ = pair
    stranger = ChildFactory(la_child_id="C9990001")
    AllocationFactory(child=stranger, worker=WorkerFactory(team=TeamFactory(name="East")))
    force_login_verified(client, manager.user)
    response = client.post(reverse("child_merge", args=[survivor.pk]), {"duplicate": "C9990001"})
    assert "No record you may see has that LA child ID" in response.content.decode()
    assert stranger.first_name not in response.content.decode()


def test_a_social_worker_cannot_merge(client, pair, worker):
    survivor, duplicate = pair
    force_login_verified(client, worker.user)
    response = client.post(
        reverse("child_merge", args=[survivor.pk]),
        {"duplicate": duplicate.la_child_id, "reason": REASON},
    )
    assert response.status_code == 403
    assert not ChildMerge.objects.exists()
