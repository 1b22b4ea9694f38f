"""Data quality: each team manager sees their own team's children's failing rules from the
latest check, grouped by rule then child; other teams' children are neither listed nor counted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hearth.access.models import AuditEntry
from hearth.people.tests.factories import ChildFactory
from hearth.returns.models import ReturnJob
from hearth.returns.tests import builders
from hearth.returns.tests.samples import done_job
from hearth.returns.tests.test_views import summary_naming
from hearth.workforce.tests.factories import AllocationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def findings(world):
    team_b_child = ChildFactory(first_name="Oscar", last_name="Bell", la_child_id="C0000777")
    AllocationFactory(child=team_b_child, worker=world.team_b_worker.worker)
    second = ChildFactory(first_name="Ivy", last_name="Stone", la_child_id="C0000888")
    AllocationFactory(child=second, worker=world.users["social_worker"].worker)
    done_job(world.users["analyst"], summary=summary_naming(world.child, second, team_b_child))
    return team_b_child, second


def test_team_manager_sees_their_teams_children_grouped_by_rule(world, findings):
    _, second = findings
    client = world.client_for("team_manager")
    content = client.get(reverse("returns_data_quality")).content.decode()
    assert "Data quality: Safeguarding A" in content
    assert "1008" in content and "2 locations, 2 children" in content
    assert reverse("child_summary", args=[world.child.pk]) in content
    assert reverse("child_summary", args=[second.pk]) in content
    assert "Oscar" not in content and "not listed" not in content
    assert "1009" not in content  # a finding for no child of the team
    assert "2001Q" in content
    entry = AuditEntry.objects.filter(what__startswith="Data quality").latest("id")
    assert entry.detail["team"] == world.users["team_manager"].worker.team_id


def test_team_manager_cannot_see_another_teams_list(world, findings):
    team_b = world.team_b_worker.worker.team_id
    response = world.client_for("team_manager").get(
        reverse("returns_data_quality"), {"team": team_b}
    )
    assert response.status_code == 403


def test_senior_leader_chooses_a_team(world, findings):
    team_b_child, _ = findings
    team_b = world.team_b_worker.worker.team_id
    client = world.client_for("senior_leader")
    content = client.get(reverse("returns_data_quality")).content.decode()
    assert "Show team" in content and "1008" not in content
    content = client.get(reverse("returns_data_quality"), {"team": team_b}).content.decode()
    assert reverse("child_summary", args=[team_b_child.pk]) in content
    assert reverse("child_summary", args=[world.child.pk]) not in content


def test_no_check_yet_says_so(world):
    content = world.client_for("team_manager").get(reverse("returns_data_quality")).content.decode()
    assert content.count("Not checked yet") == 2


def test_team_manager_runs_a_check_on_demand(world, fake_rules):
    builders.authority()
    team = world.users["team_manager"].worker.team_id
    response = world.client_for("team_manager").post(
        reverse("returns_data_quality_run"), {"team": str(team)}
    )
    assert response.status_code == 302 and response.url.endswith(f"?team={team}")
    runs = ReturnJob.objects.filter(validate_only=True)
    assert sorted(runs.values_list("kind", flat=True)) == ["903", "cin"]
    assert set(runs.values_list("status", flat=True)) == {"done"}
    assert not any(runs.values_list("result_path", flat=True))
    content = world.client_for("team_manager").get(response.url).content.decode()
    assert "Not checked yet" not in content and "No failing rules" in content
