"""The API's journey records and returns jobs: the pages' visibility (a child the caller may
not see is the same 404 as no child), struck-through records left out, reads audited, and
returns jobs started through the page's own calls with its rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from hearth.access.models import AuditEntry, User
from hearth.api.tests.journey import ENDPOINTS, journey
from hearth.casework.tests.factories import CINEpisodeFactory
from hearth.returns.models import ReturnJob
from hearth.returns.tests.samples import done_job

pytestmark = pytest.mark.django_db
R = User.Role


def _ids(response) -> list[int]:
    return [r["id"] for r in response.json()["results"]]


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_each_journey_list_shows_the_live_records_and_never_the_struck(world, bearer, name):
    live, struck = journey(world.child, striker=world.users[R.TEAM_MANAGER])
    response = Client().get(reverse(name, args=[world.child.pk]), **bearer(R.SOCIAL_WORKER))
    assert response.status_code == 200
    assert _ids(response) == [live[ENDPOINTS[name]].pk]
    assert struck[ENDPOINTS[name]].pk not in _ids(response)
    entry = AuditEntry.objects.filter(what__startswith="API: ").latest("id")
    assert entry.child == world.child and entry.user == world.users[R.SOCIAL_WORKER]


def test_nested_records_are_the_live_ones_with_their_labels(world, bearer):
    live, _struck = journey(world.child, striker=world.users[R.TEAM_MANAGER])
    headers = bearer(R.SOCIAL_WORKER)
    [period] = (
        Client()
        .get(reverse("api_child_periods_of_care", args=[world.child.pk]), **headers)
        .json()["results"]
    )
    assert [p["id"] for p in period["placements"]] == [live["periodofcare"].placements.get().pk]
    assert [ls["code"] for ls in period["legal_statuses"]] == ["C2"]
    assert period["legal_statuses"][0]["code_label"]  # the words the page shows for the code
    [assessment] = (
        Client()
        .get(reverse("api_child_assessments", args=[world.child.pk]), **headers)
        .json()["results"]
    )
    assert assessment["factors"] == [
        {"code": "2B", "code_label": "Drug misuse - concerns about a parent or carer"}
    ]
    [plan] = (
        Client()
        .get(reverse("api_child_cin_plans", args=[world.child.pk]), **headers)
        .json()["results"]
    )
    assert [r["childs_views"] for r in plan["reviews"]] == ["Likes the new school"]
    [episode] = (
        Client()
        .get(reverse("api_child_cin_episodes", args=[world.child.pk]), **headers)
        .json()["results"]
    )
    assert episode["referral_date"] == "2024-01-08" and episode["closure_date"] == "2024-11-03"


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_a_child_the_caller_may_not_see_is_the_same_404_as_no_child(world, bearer, name):
    journey(world.restricted, striker=world.users[R.SENIOR_LEADER])
    headers = bearer(R.SOCIAL_WORKER)  # team A: neither the restricted child nor team B's
    missing = Client().get(reverse(name, args=[999_999]), **headers)
    hidden = Client().get(reverse(name, args=[world.restricted.pk]), **headers)
    assert missing.status_code == hidden.status_code == 404
    assert missing.json() == hidden.json()
    assert not AuditEntry.objects.filter(child=world.restricted, what__startswith="API: ").exists()
    named = Client().get(
        reverse(name, args=[world.restricted.pk]), **bearer("team_b_social_worker")
    )
    assert named.status_code == 200 and len(named.json()["results"]) == 1


def test_journey_lists_are_cursor_paginated(world, bearer):
    for year in (2021, 2022):
        CINEpisodeFactory(
            child=world.child,
            referral_date=dt.date(year, 1, 1),
            closure_date=dt.date(year, 6, 1),
            closure_reason="RC1",
        )
    headers = bearer(R.SOCIAL_WORKER)
    url = reverse("api_child_cin_episodes", args=[world.child.pk])
    first = Client().get(url + "?page_size=1", **headers).json()
    second = Client().get(first["next"], **headers).json()
    assert len(first["results"]) == len(second["results"]) == 1
    assert first["results"][0]["id"] < second["results"][0]["id"]


# --- Returns jobs -------------------------------------------------------------------------------


def test_returns_jobs_are_for_those_who_prepare_returns(world, bearer):
    done_job(world.users[R.ANALYST])
    for role in R:
        response = Client().get(reverse("api_return_jobs"), **bearer(role))
        expected = 200 if role in (R.ANALYST, R.SENIOR_LEADER) else 403
        assert response.status_code == expected, role


def test_starting_a_return_runs_the_pages_job_and_a_retry_starts_no_second(world, bearer):
    headers = bearer(R.ANALYST) | {"HTTP_IDEMPOTENCY_KEY": "annex-a-2026-01-31"}
    body = {"kind": "annex-a", "as_of": "2026-01-31"}
    first = Client().post(
        reverse("api_return_jobs"), body, content_type="application/json", **headers
    )
    again = Client().post(
        reverse("api_return_jobs"), body, content_type="application/json", **headers
    )
    assert first.status_code == again.status_code == 202
    assert first.json() == again.json()
    job = ReturnJob.objects.get()
    assert job.kind == "annex-a" and job.as_of == dt.date(2026, 1, 31)
    assert job.requested_by == world.users[R.ANALYST]
    assert first["Location"] == reverse("api_return_job", args=[job.pk])
    # Tests run tasks at once (django-tasks' immediate backend): the job has finished.
    status = Client().get(first["Location"], **bearer(R.ANALYST)).json()
    assert status["status"] == "done" and status["progress"] == 100
    assert status["download_name"].endswith(".xlsx")
    download = Client().get(reverse("api_return_job_download", args=[job.pk]), **bearer(R.ANALYST))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content)[:2] == b"PK"
    assert AuditEntry.objects.filter(action="export", detail__job=job.pk).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "annex-a"}, "as_of"),
        ({"kind": "annex-a", "as_of": "2999-01-01"}, "as_of"),
        ({"kind": "903"}, "year"),
        ({"kind": "cin", "year": "1999-00"}, "year"),
        ({"kind": "nonsense", "year": "2025-26"}, "kind"),
    ],
)
def test_a_return_is_refused_as_the_page_refuses_it(world, bearer, body, field):
    response = Client().post(
        reverse("api_return_jobs"), body, content_type="application/json", **bearer(R.ANALYST)
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]
    assert not ReturnJob.objects.exists()


def test_a_job_shows_its_validation_report_with_only_the_children_the_caller_may_see(world, bearer):
    summary = {
        "return": "903",
        "year": "2025-26",
        "rules": [
            {
                "code": "103",
                "message": "Ethnicity missing",
                "type": "error",
                "status": "failed",
                "reason": "",
                "failures": [
                    {"child_id": world.child.la_child_id, "child_pk": world.child.pk},
                    {"child_id": world.restricted.la_child_id, "child_pk": world.restricted.pk},
                ],
            },
            {"code": "104", "message": "", "type": "error", "status": "passed", "failures": []},
        ],
        "counts": {"passed": 1, "error": 1, "query": 0, "not_checked": 0},
        "tables": {},
    }
    job = done_job(world.users[R.ANALYST], summary=summary)
    response = Client().get(reverse("api_return_job", args=[job.pk]), **bearer(R.SENIOR_LEADER))
    validation = response.json()["validation"]
    assert validation["passed"] == 1 and response.json()["counts"]["error"] == 1
    [rule] = validation["errors"]
    assert rule["code"] == "103" and rule["locations"] == 2
    assert rule["children"] == [world.child.pk] and rule["hidden_children"] == 1
    assert world.restricted.la_child_id not in response.content.decode()
    assert AuditEntry.objects.filter(what__startswith="API: validation report").exists()


def test_a_validation_only_job_has_nothing_to_download(world, bearer):
    job = done_job(world.users[R.ANALYST])
    ReturnJob.objects.filter(pk=job.pk).update(result_path="", result_name="")
    headers = bearer(R.ANALYST)
    assert (
        Client().get(reverse("api_return_job", args=[job.pk]), **headers).json()["download_name"]
        == ""
    )
    response = Client().get(reverse("api_return_job_download", args=[job.pk]), **headers)
    assert response.status_code == 404
