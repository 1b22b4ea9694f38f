"""Inspection readiness: the ILACS register, the self-assessment with action plans, the pack."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from hearth.access.models import AuditEntry, User
from hearth.access.tests.factories import UserFactory
from hearth.access.tests.signin import force_login_verified
from hearth.core.models import Authority
from hearth.core.services import system_user
from hearth.insight import services
from hearth.insight.models import (
    Action,
    ActionUpdate,
    Grade,
    InspectionOutcome,
    SelfAssessmentEntry,
)

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data"
HEADER = (
    "la_code,la_name,inspection_date,year,framework,impact_of_leaders,help_and_protection,"
    "children_in_care,overall_effectiveness,source,notes\n"
)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def leader():
    return UserFactory(username="leader", role=User.Role.SENIOR_LEADER)


def _signed_in(client, user):
    force_login_verified(client, user)
    return client


def _csv(*rows: str) -> str:
    return HEADER + "".join(r + "\n" for r in rows)


# --- ILACS register ----------------------------------------------------------------------------


def test_register_csv_loads_grades_dates_and_years():
    got = services.load_register(
        _csv(
            "874,Peterborough,2018-07-06,,ILACS,Good,Good,Good,Good,Ofsted report,",
            ",Rochdale,,2018,ILACS,RI,RI,Good,Requires improvement to be good,Cabinet paper,",
        ),
        name="outcomes.csv",
        acting_user=system_user(),
    )
    assert got == {"created": 2, "updated": 0}
    rochdale = InspectionOutcome.objects.get(la_name="Rochdale")
    assert (rochdale.inspection_date, rochdale.inspection_year) == (None, 2018)
    assert rochdale.impact_of_leaders == Grade.REQUIRES_IMPROVEMENT
    assert rochdale.children_in_care == Grade.GOOD
    assert InspectionOutcome.objects.get(la_code="874").inspection_year == 2018


def test_register_load_is_all_or_nothing_and_names_file_line_and_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        _csv(
            "874,Peterborough,2018-07-06,,ILACS,Good,Good,Good,Good,Ofsted report,",
            "35,Bolton,2018-13-01,,OFSTED,Great,Good,Good,Good,,",
        )
    )
    with pytest.raises(CommandError) as exc:
        call_command("insight_ilacs", "--load", str(path))
    message = str(exc.value)
    assert "Nothing loaded" in message
    assert f"{path}, line 3, column la_code" in message
    assert "line 3, column inspection_date" in message
    assert "line 3, column framework" in message
    assert "line 3, column impact_of_leaders" in message
    assert "line 3, column source: Required" in message
    assert InspectionOutcome.objects.count() == 0


def test_register_refuses_formulas_and_oversized_values_by_line_and_column():
    import csv

    text = _csv(
        '874,=HYPERLINK("//evil"),2018-07-06,,ILACS,Good,Good,Good,Good,@SUM(A1),',
        f"35,Bolton,2018-07-06,,ILACS,Good,Good,Good,Good,{'x' * (csv.field_size_limit() + 1)},",
    )
    with pytest.raises(services.LoadFailed) as exc:
        services.parse_register(text, name="x.csv")
    where = {(e.row, e.column) for e in exc.value.errors}
    assert {(2, "la_name"), (2, "source")} <= where
    assert any(e.row == 3 and "Cannot be read" in e.message for e in exc.value.errors)


def test_register_refuses_a_file_missing_a_column():
    with pytest.raises(services.LoadFailed) as exc:
        services.load_register(
            "la_name,year,framework\nBolton,2018,ILACS\n", name="x.csv", acting_user=system_user()
        )
    assert "Missing column(s): impact_of_leaders" in str(exc.value)


def test_loading_a_corrected_file_again_replaces_rows_not_duplicates():
    row = ",Bolton,,2018,ILACS,Good,Good,Good,{},Cabinet paper,"
    services.load_register(_csv(row.format("Good")), name="a.csv", acting_user=system_user())
    got = services.load_register(
        _csv(row.format("Outstanding")), name="b.csv", acting_user=system_user()
    )
    assert got == {"created": 0, "updated": 1}
    assert InspectionOutcome.objects.get().overall_effectiveness == Grade.OUTSTANDING


def test_shipped_register_file_is_the_published_2018_table_and_loads():
    call_command("insight_ilacs", "--load", str(DATA / "ilacs_2018_peterborough_cabinet.csv"))
    assert InspectionOutcome.objects.count() == 15
    wakefield = InspectionOutcome.objects.get(la_name="Wakefield")
    assert wakefield.overall_effectiveness == Grade.INADEQUATE
    assert all("Cabinet 26 September 2018" in o.source for o in InspectionOutcome.objects.all())


def test_register_page_compares_this_la_with_its_statistical_neighbours(client, leader):
    Authority.objects.create(
        name="Peterborough", ons_code="E06000031", dfe_number=874, population_0_17=48000
    )
    services.load_register(
        _csv(
            "874,Peterborough,2015-01-20,,SIF,RI,RI,RI,RI,Ofsted,",
            "874,Peterborough,2018-07-06,,ILACS,Good,Good,Good,Good,Ofsted,",
            ",Bolton,,2018,ILACS,Good,Good,Good,Good,Cabinet paper,",
            ",Wakefield,,2018,ILACS,Inadequate,Inadequate,Inadequate,Inadequate,Cabinet paper,",
        ),
        name="x.csv",
        acting_user=system_user(),
    )
    call_command("insight_ilacs", "--neighbours", "Bolton, 999 Nowhere")
    response = _signed_in(client, leader).get("/insight/inspection/register/")
    comparison = response.context["comparison"]
    assert [c["name"] for c in comparison] == ["Peterborough", "Bolton", "Nowhere"]
    assert comparison[0]["outcome"].framework == "ILACS"  # the latest inspection
    assert comparison[2]["outcome"] is None
    assert b"No inspection in the register" in response.content
    assert "Wakefield" not in [c["name"] for c in comparison]


# --- Self-assessment ---------------------------------------------------------------------------


def test_entry_links_indicators_and_the_page_shows_their_current_values(client, leader):
    from hearth.casework.tests.factories import CINEpisodeFactory

    CINEpisodeFactory(referral_date=dt.date(2024, 1, 8))
    services.entry_create(
        kind="strength",
        title="Children in need are known",
        narrative="",
        indicators=["cin", "children-feedback"],
        acting_user=leader,
    )
    response = _signed_in(client, leader).get("/insight/self-assessment/")
    evidence = response.context["strengths"][0]["evidence"]
    assert [(e["indicator"].key, e["display"]) for e in evidence] == [
        ("cin", "1"),
        ("children-feedback", "No data"),
    ]


def test_entry_with_an_unknown_indicator_is_refused(leader):
    with pytest.raises(ValidationError):
        services.entry_create(
            kind="strength", title="x", narrative="", indicators=["nope"], acting_user=leader
        )
    assert not SelfAssessmentEntry.objects.exists()


def test_adding_an_entry_through_the_form_is_audited(client, leader):
    response = _signed_in(client, leader).post(
        "/insight/self-assessment/add/",
        {"kind": "improvement", "title": "Visits on time", "indicators": ["cp-visits"]},
    )
    assert response.status_code == 302
    entry = SelfAssessmentEntry.objects.get()
    assert entry.indicators == ["cp-visits"]
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.CREATE, what__contains="Visits on time"
    ).exists()


def test_entry_form_errors_show_the_error_summary(client, leader):
    response = _signed_in(client, leader).post("/insight/self-assessment/add/", {})
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert "Enter a summary" in content
    assert "<title>Error:" in content


def _action(leader, *, due=dt.date(2026, 6, 30)):
    entry = services.entry_create(
        kind="improvement", title="Visits", narrative="", indicators=[], acting_user=leader
    )
    return services.action_create(
        entry=entry, description="Visit tracker", owner=leader, due_date=due, acting_user=leader
    )


def test_each_action_update_is_kept_as_progress_history_and_audited(leader):
    action = _action(leader)
    services.action_update(
        action=action,
        expected_version=1,
        status=Action.Status.IN_PROGRESS,
        due_date=dt.date(2026, 7, 31),
        progress="Tracker built",
        evidence="Screenshot",
        acting_user=leader,
    )
    action.refresh_from_db()
    assert (action.status, action.due_date, action.version) == (
        "in_progress",
        dt.date(2026, 7, 31),
        2,
    )
    history = list(ActionUpdate.objects.filter(action=action).values_list("progress", "status"))
    assert history == [
        ("Tracker built", "in_progress"),
        ("Action added to the plan.", "not_started"),
    ]
    assert AuditEntry.objects.filter(what__startswith="Self-assessment action updated").count() == 1


def test_a_stale_action_update_is_refused(leader):
    action = _action(leader)
    kwargs = {
        "status": "complete",
        "due_date": action.due_date,
        "progress": "Done",
        "evidence": "",
        "acting_user": leader,
    }
    services.action_update(action=action, expected_version=1, **kwargs)
    with pytest.raises(ValidationError):
        services.action_update(action=action, expected_version=1, **kwargs)


def test_overdue_actions_are_highlighted(client, leader):
    _action(leader, due=dt.date(2020, 1, 1))
    response = _signed_in(client, leader).get("/insight/self-assessment/")
    assert response.context["overdue"] == 1
    assert b"insight-overdue" in response.content
    assert b"1 action overdue" in response.content


def test_a_completed_action_past_its_date_is_not_overdue(leader):
    action = _action(leader, due=dt.date(2020, 1, 1))
    action.status = Action.Status.COMPLETE
    assert not action.is_overdue(today=dt.date(2026, 1, 1))


def test_an_actions_owner_may_record_progress_but_another_manager_may_not(client, leader):
    owner = UserFactory(username="tm1", role=User.Role.TEAM_MANAGER)
    other = UserFactory(username="tm2", role=User.Role.TEAM_MANAGER)
    entry = services.entry_create(
        kind="improvement", title="Visits", narrative="", indicators=[], acting_user=leader
    )
    action = services.action_create(
        entry=entry,
        description="Tracker",
        owner=owner,
        due_date=dt.date(2026, 6, 30),
        acting_user=leader,
    )
    data = {
        "status": "in_progress",
        "due_date_0": "30",
        "due_date_1": "6",
        "due_date_2": "2026",
        "progress": "Started",
        "version": "1",
    }
    url = f"/insight/self-assessment/actions/{action.pk}/"
    _signed_in(client, other)
    assert client.post(url, data).status_code == 403
    _signed_in(client, owner)
    assert client.post(url, data).status_code == 302
    assert ActionUpdate.objects.filter(action=action, progress="Started", by=owner).exists()


# --- Inspection pack ---------------------------------------------------------------------------


def test_pack_command_writes_annex_a_self_assessment_and_indicators(tmp_path, leader):
    _action(leader)
    out = tmp_path / "pack.zip"
    call_command("insight_pack", "--as-of", "2026-03-31", "--out", str(out), stdout=io.StringIO())
    names = set(zipfile.ZipFile(out).namelist())
    assert names == {
        "README.txt",
        "annex-a-2026-03-31.xlsx",
        "self-assessment-2026-03-31.html",
        "self-assessment-2026-03-31.csv",
        "indicators-2026-03-31.csv",
        "indicators-2026-03-31.xlsx",
        "fostering-sufficiency-2026-03-31.csv",
        "virtual-school-2026-03-31.csv",
        "quality-2026-03-31.csv",
        # Wider safeguarding evidence (issue 18); no corporate parenting report generated here.
        "lado-referrals-2026-03-31.csv",
        "private-fostering-2026-03-31.csv",
        "young-carers-2026-03-31.csv",
        "homeless-16-17-2026-03-31.csv",
    }
    assert "Complaints received" in zipfile.ZipFile(out).read("quality-2026-03-31.csv").decode()
    indicators_csv = zipfile.ZipFile(out).read("indicators-2026-03-31.csv").decode()
    assert "referral-rate" in indicators_csv
    assert "pep-in-date" in indicators_csv and "foster-vacancies" in indicators_csv
    sufficiency = zipfile.ZipFile(out).read("fostering-sufficiency-2026-03-31.csv").decode()
    assert sufficiency.startswith("Measure,Type of household,Value")
    assert "Vacancies,Independent fostering agency carers,0" in sufficiency
    school = zipfile.ZipFile(out).read("virtual-school-2026-03-31.csv").decode()
    assert "All (Reception to Year 11),0," in school
    assert "Visit tracker" in zipfile.ZipFile(out).read("self-assessment-2026-03-31.csv").decode()
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.EXPORT, what__startswith="Inspection pack"
    ).exists()


def test_pack_page_downloads_the_zip_and_audits_it_as_an_export(client, leader):
    response = _signed_in(client, leader).post(
        "/insight/inspection/pack/", {"as_of_0": "31", "as_of_1": "3", "as_of_2": "2026"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "inspection-pack-2026-03-31.zip" in response["Content-Disposition"]
    assert "annex-a-2026-03-31.xlsx" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert entry.detail["as_of"] == "2026-03-31"


def test_pack_page_refuses_a_future_date_with_an_error(client, leader):
    response = _signed_in(client, leader).post(
        "/insight/inspection/pack/", {"as_of_0": "1", "as_of_1": "1", "as_of_2": "2099"}
    )
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()
