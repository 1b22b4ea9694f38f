"""The Returns pages: start an export, the job page and its JSON status, the audited download
(analysts and senior leaders only) and the validation report (children linked only when the
viewer may see them; rules that could not run listed as not checked, never as passed)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hearth.access.models import AuditEntry
from hearth.people.tests.factories import ChildFactory
from hearth.returns.models import ReturnJob
from hearth.returns.tests import builders
from hearth.returns.tests.samples import done_job

pytestmark = pytest.mark.django_db
YEAR = "2025-26"


def summary_naming(*children, unknown_id="C9999999"):
    failures = [
        {
            "child_id": c.la_child_id,
            "child_pk": c.pk,
            "table": "Episodes",
            "row": i,
            "fields": ["URN"],
        }
        for i, c in enumerate(children)
    ]
    return {
        "return": "903",
        "year": YEAR,
        "rules": [
            {
                "code": "1008",
                "message": "Ofsted URN is not valid.",
                "type": "error",
                "status": "failed",
                "reason": "",
                "failures": failures,
            },
            {
                "code": "1009",
                "message": "Reason for placement change is not valid",
                "type": "error",
                "status": "failed",
                "reason": "",
                "failures": [
                    {
                        "child_id": unknown_id,
                        "child_pk": None,
                        "table": "Episodes",
                        "row": 7,
                        "fields": ["REASON"],
                    }
                ],
            },
            {
                "code": "2001Q",
                "message": "Check the postcode",
                "type": "query",
                "status": "failed",
                "reason": "",
                "failures": failures[:1],
            },
            {
                "code": "231",
                "message": "Placement episodes overlap",
                "type": "error",
                "status": "not_checked",
                "reason": "rule raised KeyError: 'DEC'",
                "failures": [],
            },
            {
                "code": "103",
                "message": "Ethnicity",
                "type": "error",
                "status": "passed",
                "reason": "",
                "failures": [],
            },
        ],
        "counts": {"passed": 1, "error": 2, "query": 1, "not_checked": 1},
        "tables": {},
    }


def test_analyst_starts_an_export_and_follows_it_to_the_download(world, fake_rules):
    builders.authority()
    client = world.client_for("analyst")
    page = client.get(reverse("returns_home"))
    assert b"Export the SSDA903" in page.content
    response = client.post(reverse("returns_start"), {"kind": "903", "year": YEAR})
    job = ReturnJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("returns_job", args=[job.pk])
    page = client.get(response.url)
    content = page.content.decode()
    assert "Finished" in content and f"SSDA903_{YEAR}.zip" in content
    assert 'http-equiv="refresh"' not in content  # finished: no refreshing
    status = client.get(reverse("returns_job_status", args=[job.pk])).json()
    assert status["status"] == "done" and status["progress"] == 100
    assert status["download_url"] == reverse("returns_download", args=[job.pk])
    before = AuditEntry.objects.filter(action="export").count()
    download = client.get(status["download_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content)[:2] == b"PK"
    entry = AuditEntry.objects.filter(action="export").latest("id")
    assert AuditEntry.objects.filter(action="export").count() == before + 1
    assert entry.user == world.users["analyst"] and entry.detail["job"] == job.pk


def test_a_running_job_page_refreshes_itself_without_javascript(world):
    job = ReturnJob.objects.create(
        kind="cin",
        year=YEAR,
        requested_by=world.users["analyst"],
        status="running",
        progress=42,
        message="Running DfE's CIN rules (3s)",
    )
    content = (
        world.client_for("analyst").get(reverse("returns_job", args=[job.pk])).content.decode()
    )
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in content
    assert 'value="42"' in content and "Running DfE&#x27;s CIN rules (3s)" in content
    assert "Refresh this page" in content


def test_a_failed_job_shows_its_error(world):
    job = ReturnJob.objects.create(
        kind="cin",
        year=YEAR,
        requested_by=world.users["analyst"],
        status="failed",
        error="ValueError: the census header has no LA number",
    )
    client = world.client_for("senior_leader")
    content = client.get(reverse("returns_job", args=[job.pk])).content.decode()
    assert "The return could not be made" in content
    assert "the census header has no LA number" in content
    assert client.get(reverse("returns_download", args=[job.pk])).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("analyst", 200),
        ("senior_leader", 200),
        ("team_manager", 403),
        ("social_worker", 403),
        ("auditor", 403),
        ("admin", 403),
    ],
)
def test_downloads_are_for_analysts_and_senior_leaders(world, role, status):
    job = done_job(world.users["analyst"])
    before = AuditEntry.objects.filter(action="export").count()
    response = world.client_for(role).get(reverse("returns_download", args=[job.pk]))
    assert response.status_code == status
    assert AuditEntry.objects.filter(action="export").count() == before + (status == 200)


def test_download_refuses_a_file_outside_the_returns_folder(world, tmp_path):
    job = done_job(world.users["analyst"])
    outside = tmp_path / "secret.txt"
    outside.write_text("no")
    ReturnJob.objects.filter(pk=job.pk).update(result_path=str(outside))
    response = world.client_for("analyst").get(reverse("returns_download", args=[job.pk]))
    assert response.status_code == 404


def test_report_groups_by_rule_and_links_only_children_the_viewer_may_see(world):
    other = ChildFactory(first_name="Noah", last_name="Pike", la_child_id="C0000555")
    job = done_job(
        world.users["analyst"], summary=summary_naming(world.child, world.restricted, other)
    )
    url = reverse("returns_report", args=[job.pk])
    child_url = reverse("child_summary", args=[world.child.pk])
    restricted_url = reverse("child_summary", args=[world.restricted.pk])

    leader = world.client_for("senior_leader").get(url).content.decode()
    assert "1008" in leader and "Ofsted URN is not valid." in leader
    assert "3 locations, 3 children" in leader
    assert child_url in leader and "Amelia Hartley" in leader
    assert reverse("child_summary", args=[other.pk]) in leader
    assert restricted_url not in leader and "Robin" not in leader
    assert "1 other child not listed" in leader
    assert "2001Q" in leader  # queries listed apart from errors
    assert "C9999999" in leader  # a finding with no Hearth child still shows its ID
    # Not checked, with its reason; never counted as passed.
    assert "1 rule not checked" in leader and "rule raised KeyError" in leader
    assert "<strong>1</strong> passed" in leader

    analyst = world.client_for("analyst").get(url).content.decode()
    assert child_url not in analyst and "Amelia" not in analyst
    assert "3 other children not listed" in analyst
    entry = AuditEntry.objects.filter(action="view", what__startswith="Validation report").latest(
        "id"
    )
    assert entry.detail == {"job": job.pk}


def test_start_form_errors_are_shown(world):
    response = world.client_for("analyst").post(reverse("returns_start"), {"kind": "annex-a"})
    assert response.status_code == 400
    assert b"Enter the date the lists run to" in response.content
    assert b'<a href="#annex-a-as_of">' in response.content  # the summary links to the input
    assert not ReturnJob.objects.exists()


def test_team_manager_sees_the_data_quality_link_not_the_export_forms(world):
    content = world.client_for("team_manager").get(reverse("returns_home")).content.decode()
    assert "Export the SSDA903" not in content
    assert reverse("returns_data_quality") in content
    response = world.client_for("team_manager").post(
        reverse("returns_start"), {"kind": "903", "year": YEAR}
    )
    assert response.status_code == 403


def test_returns_is_in_the_navigation_for_its_roles(world):
    for role, shown in [("analyst", True), ("team_manager", True), ("social_worker", False)]:
        content = world.client_for(role).get(reverse("home"), follow=True).content.decode()
        assert (f'href="{reverse("returns_home")}"' in content) is shown, role


def test_annex_a_takes_its_date_in_a_gov_uk_date_input(world):
    import datetime as dt

    response = world.client_for("analyst").post(
        reverse("returns_start"),
        {"kind": "annex-a", "as_of_0": "31", "as_of_1": "1", "as_of_2": "2026"},
    )
    assert response.status_code == 302
    assert ReturnJob.objects.get().as_of == dt.date(2026, 1, 31)


def test_annex_a_refuses_an_impossible_date_in_words(world):
    response = world.client_for("analyst").post(
        reverse("returns_start"),
        {"kind": "annex-a", "as_of_0": "30", "as_of_1": "2", "as_of_2": "2026"},
    )
    assert response.status_code == 400
    assert b"The date the lists run to must be a real date" in response.content
    assert b'name="as_of_0" type="text" inputmode="numeric" value="30"' in response.content
