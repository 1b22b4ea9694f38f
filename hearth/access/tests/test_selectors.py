import datetime as dt

import pytest
from django.http import Http404
from django.utils import timezone

from hearth.access.models import AccessGrant, User
from hearth.access.selectors import access_child, children_visible_to
from hearth.access.tests.factories import UserFactory
from hearth.workforce.tests.factories import AllocationFactory, TeamFactory, WorkerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_teams():
    team_a, team_b = TeamFactory(), TeamFactory()
    worker_a = WorkerFactory(team=team_a)
    colleague_a = WorkerFactory(team=team_a)
    worker_b = WorkerFactory(team=team_b)
    mine = AllocationFactory(worker=worker_a).child
    colleagues = AllocationFactory(worker=colleague_a).child
    theirs = AllocationFactory(worker=worker_b).child
    return worker_a, mine, colleagues, theirs


def test_social_worker_sees_own_and_team_children_only(two_teams):
    worker, mine, colleagues, _ = two_teams
    visible = set(children_visible_to(user=worker.user))
    assert visible == {mine, colleagues}


def test_other_teams_child_is_a_404(two_teams):
    worker, _, _, theirs = two_teams
    with pytest.raises(Http404):
        access_child(user=worker.user, pk=theirs.pk)


def test_restricted_team_child_is_hidden_unless_allocated_personally(two_teams):
    worker, mine, colleagues, _ = two_teams
    colleagues.restricted = True
    colleagues.save()
    mine.restricted = True
    mine.save()
    assert set(children_visible_to(user=worker.user)) == {mine}


def test_named_grant_opens_a_restricted_record(two_teams):
    worker, _, _, theirs = two_teams
    theirs.restricted = True
    theirs.save()
    AccessGrant.objects.create(
        child=theirs,
        user=worker.user,
        kind="named",
        reason="Adoption panel member",
        granted_at=timezone.now(),
    )
    assert access_child(user=worker.user, pk=theirs.pk) == theirs


def test_expired_grant_no_longer_opens_the_record(two_teams):
    worker, _, _, theirs = two_teams
    AccessGrant.objects.create(
        child=theirs,
        user=worker.user,
        kind="break_glass",
        reason="Out-of-hours duty",
        granted_at=timezone.now() - dt.timedelta(days=2),
        expires_at=timezone.now() - dt.timedelta(days=1),
    )
    with pytest.raises(Http404):
        access_child(user=worker.user, pk=theirs.pk)


def test_administrator_has_no_case_access_by_default(two_teams):
    admin = UserFactory(role=User.Role.ADMIN, is_superuser=True)
    assert not children_visible_to(user=admin).exists()


def test_front_door_sees_unrestricted_children_across_the_authority(two_teams):
    _, mine, colleagues, theirs = two_teams
    theirs.restricted = True
    theirs.save()
    front_door = UserFactory(role=User.Role.FRONT_DOOR)
    assert set(children_visible_to(user=front_door)) == {mine, colleagues}


def test_inactive_user_sees_nobody(two_teams):
    worker, *_ = two_teams
    worker.user.is_active = False
    assert not children_visible_to(user=worker.user).exists()
