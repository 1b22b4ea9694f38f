"""A small authority for access tests: a signed-in user of every role, a child allocated to
team A, a restricted child allocated in team B with one named person, and team B's worker."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.utils import timezone

from hearth.access.models import AccessGrant, User
from hearth.access.tests.factories import UserFactory
from hearth.access.tests.signin import force_login_verified
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.models import Team
from hearth.workforce.tests.factories import AllocationFactory, TeamFactory, WorkerFactory

R = User.Role


@dataclass
class World:
    users: dict[str, User]
    child: object
    restricted: object
    named_grant: AccessGrant
    team_b_worker: User
    clients: dict[str, Client] = field(default_factory=dict)

    def client_for(self, key: str) -> Client:
        """A client signed in (password and two-factor) as the user for a role or key."""
        if key not in self.clients:
            client = Client()
            if key != "anonymous":
                user = self.team_b_worker if key == "team_b_social_worker" else self.users[key]
                force_login_verified(client, user)
            self.clients[key] = client
        return self.clients[key]


@pytest.fixture
def world(db) -> World:
    team_a = TeamFactory(name="Safeguarding A")
    team_b = TeamFactory(name="Safeguarding B")
    front_door = TeamFactory(name="MASH", kind=Team.Kind.FRONT_DOOR)
    iro_team = TeamFactory(name="Reviewing", kind=Team.Kind.IRO)

    def worker(role, team, username):
        return WorkerFactory(team=team, user__username=username, user__role=role).user

    users = {
        R.SOCIAL_WORKER: worker(R.SOCIAL_WORKER, team_a, "sw.a"),
        R.TEAM_MANAGER: worker(R.TEAM_MANAGER, team_a, "tm.a"),
        R.FRONT_DOOR: worker(R.FRONT_DOOR, front_door, "mash"),
        R.IRO: worker(R.IRO, iro_team, "iro"),
        R.PERSONAL_ADVISER: worker(R.PERSONAL_ADVISER, team_a, "pa.a"),
        R.EARLY_HELP: UserFactory(username="early.help", role=R.EARLY_HELP),
        R.ANALYST: UserFactory(username="analyst", role=R.ANALYST),
        R.SENIOR_LEADER: UserFactory(username="director", role=R.SENIOR_LEADER),
        R.ADMIN: UserFactory(username="admin", role=R.ADMIN),
        R.AUDITOR: UserFactory(username="auditor", role=R.AUDITOR),
        # Partner agencies, involved with no child here (`partner_world` involves them).
        R.PARTNER_POLICE: UserFactory(
            username="police", role=R.PARTNER_POLICE, organisation="Constabulary"
        ),
        R.PARTNER_HEALTH: UserFactory(
            username="health", role=R.PARTNER_HEALTH, organisation="NHS Trust"
        ),
        R.PARTNER_EDUCATION: UserFactory(
            username="school", role=R.PARTNER_EDUCATION, organisation="Academy"
        ),
        R.PARTNER_VOLUNTARY: UserFactory(
            username="charity", role=R.PARTNER_VOLUNTARY, organisation="Charity"
        ),
        R.ELECTED_MEMBER: UserFactory(username="councillor", role=R.ELECTED_MEMBER),
    }
    team_a.manager = users[R.TEAM_MANAGER].worker
    team_a.save()
    team_b_worker = worker(R.SOCIAL_WORKER, team_b, "sw.b")

    child = ChildFactory(first_name="Amelia", last_name="Hartley", la_child_id="C0000101")
    AllocationFactory(child=child, worker=users[R.SOCIAL_WORKER].worker)
    restricted = ChildFactory(
        first_name="Robin", last_name="Quiet", la_child_id="C0000909", restricted=True
    )
    AllocationFactory(child=restricted, worker=team_b_worker.worker)
    named = AccessGrant.objects.create(
        child=restricted,
        user=team_b_worker,
        kind=AccessGrant.Kind.NAMED,
        reason="Allocated worker on the adoption case",
        granted_at=timezone.now(),
    )
    return World(
        users=users,
        child=child,
        restricted=restricted,
        named_grant=named,
        team_b_worker=team_b_worker,
    )
