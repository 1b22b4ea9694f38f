"""Dashboard pages: who may see them, audit of drill-downs and exports, what lists show."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from hearth.access.models import AuditEntry, User
from hearth.access.tests.signin import force_login_verified
from hearth.casework.tests.factories import CINEpisodeFactory
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.tests.factories import AllocationFactory, TeamFactory, WorkerFactory

pytestmark = pytest.mark.django_db
Q = "?as_of=2026-03-31"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world():
    north, south = TeamFactory(name="North"), TeamFactory(name="South")
    manager = WorkerFactory(
        team=north, role="team_manager", user__username="tm", user__role=User.Role.TEAM_MANAGER
    )
    ours, theirs = (
        ChildFactory(first_name="Ola", last_name="North"),
        ChildFactory(first_name="Tia", last_name="South"),
    )
    AllocationFactory(child=ours, worker=WorkerFactory(team=north), start_date=dt.date(2025, 4, 2))
    AllocationFactory(
        child=theirs, worker=WorkerFactory(team=south), start_date=dt.date(2025, 4, 2)
    )
    CINEpisodeFactory(child=ours, referral_date=dt.date(2025, 6, 1))
    CINEpisodeFactory(child=theirs, referral_date=dt.date(2025, 6, 1))
    return {"north": north, "south": south, "manager": manager, "ours": ours, "theirs": theirs}


def _client(client, role, username=None):
    from hearth.access.tests.factories import UserFactory

    user = UserFactory(username=username or role, role=role)
    force_login_verified(client, user)
    return client


@pytest.mark.parametrize("role", ["analyst", "senior_leader", "team_manager"])
@pytest.mark.parametrize(
    "path",
    [
        "/insight/",
        "/insight/theme/cin-cp/",
        "/insight/indicator/re-referrals/",
        "/insight/indicator/children-feedback/",
        "/insight/report/",
        "/insight/teams/",
    ],
)
def test_dashboards_open_for_managers_leaders_and_analysts(client, world, role, path):
    response = _client(client, role).get(path + Q)
    assert response.status_code == 200


@pytest.mark.parametrize("role", ["social_worker", "front_door", "admin", "auditor", "early_help"])
def test_other_roles_are_refused_the_dashboards(client, world, role):
    c = _client(client, role)
    assert c.get("/insight/" + Q).status_code == 403
    assert c.get("/insight/indicator/referrals/children/" + Q).status_code == 403


def test_unknown_theme_and_indicator_are_404(client, world):
    c = _client(client, "senior_leader")
    assert c.get("/insight/theme/nothing/").status_code == 404
    assert c.get("/insight/indicator/nothing/").status_code == 404
    assert c.get("/insight/indicator/nothing/children/").status_code == 404


def test_drill_down_lists_only_visible_children_links_them_and_is_audited(client, world):
    force_login_verified(client, world["manager"].user)
    response = client.get("/insight/indicator/referrals/children/" + Q)
    assert response.status_code == 200
    body = response.content.decode()
    assert f'href="/children/{world["ours"].pk}/"' in body
    assert "Tia South" not in body
    assert "1 child behind this figure is not listed" in body
    entry = AuditEntry.objects.get(action=AuditEntry.Action.VIEW)
    assert entry.what == "Insight drill-down: Referrals"
    assert entry.detail["listed"] == 1 and entry.detail["hidden"] == 1


def test_analyst_sees_pseudonymised_rows_without_names_or_links(client, world):
    response = _client(client, "analyst").get("/insight/indicator/referrals/children/" + Q)
    body = response.content.decode()
    i = body.find("Ola North")
    assert i == -1, body[i - 300 : i + 50]
    assert 'href="/children/' + str(world["ours"].pk) not in body
    assert body.count("P-") >= 2
    assert AuditEntry.objects.get(action="view").detail["pseudonymised"] is True


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_are_audited(client, world, fmt):
    c = _client(client, "senior_leader")
    response = c.get(f"/insight/indicator/referrals/children/{Q}&format={fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    response = c.get(f"/insight/theme/cin-cp/{Q}&format={fmt}")
    assert response.status_code == 200
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count() == 2


def test_csv_drill_down_lists_the_children(client, world):
    c = _client(client, "senior_leader")
    body = c.get(f"/insight/indicator/referrals/children/{Q}&format=csv").content.decode()
    assert world["ours"].la_child_id in body and world["theirs"].la_child_id in body


def test_team_page_for_its_manager_only(client, world):
    force_login_verified(client, world["manager"].user)
    assert client.get(f"/insight/team/{world['north'].pk}/" + Q).status_code == 200
    assert client.get(f"/insight/team/{world['south'].pk}/" + Q).status_code == 403
    assert client.get(f"/insight/?team={world['south'].pk}").status_code == 403


def test_overview_shows_national_comparison_and_a_trend_table(client, world):
    body = _client(client, "senior_leader").get("/insight/" + Q).content.decode()
    assert "England about 520" in body
    assert "<svg" in body and "Show the 12-month trends as a table" in body


def test_overview_is_cached(client, world, django_assert_max_num_queries):
    c = _client(client, "senior_leader")
    c.get("/insight/" + Q)
    with django_assert_max_num_queries(12):
        assert c.get("/insight/" + Q).status_code == 200


def test_the_dates_are_gov_uk_date_inputs_and_links_still_work(client, world):
    c = _client(client, User.Role.ANALYST)
    typed = c.get("/insight/?as_of_0=31&as_of_1=3&as_of_2=2026").content.decode()
    linked = c.get("/insight/?as_of=2026-03-31").content.decode()
    for page in (typed, linked):
        assert 'name="as_of_0" type="text" inputmode="numeric" value="31"' in page
        assert "Stocks as at 31 Mar 2026" in page
    assert 'type="date"' not in typed


def test_an_impossible_typed_date_is_in_the_error_summary(client, world):
    c = _client(client, User.Role.ANALYST)
    page = c.get("/insight/?as_of_0=31&as_of_1=2&as_of_2=2026").content.decode()
    assert "govuk-error-summary" in page
    assert "The date must be a real date, for example 31 3 2026" in page
