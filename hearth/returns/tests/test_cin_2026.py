"""CIN census 2026-27: pre-proceedings and family group decision-making
(``PreProceedingsandFGDM`` in ``CINdetails``), exported from 2026-27 only and imported back.

Element names and order: DfE's 2026-27 specification as carried by the csc-validator-be-cin
repository's 2026-27 rules (9005-9015Q, not yet in a released package) and its fake
``CIN_Census_2026.xml``; see docs/decisions.md."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from lxml import etree

from hearth.care.models import PreProceedings
from hearth.care.tests.factories import PreProceedingsFactory
from hearth.core.services import system_user
from hearth.people.models import Child
from hearth.returns.cin import build_cin_xml, write_cin
from hearth.returns.importers.cin import import_cin
from hearth.returns.importers.common import ImportFailed
from hearth.returns.tests import builders

pytestmark = pytest.mark.django_db
YEAR = "2026-27"
D = dt.date


def _child_in_pre_proceedings(**fields):
    child = builders.child_in_need()
    builders.authority()
    values = {
        "letter_date": D(2026, 9, 20),
        "fgdm_offered_date": D(2026, 9, 20),
        "fgdm_held_date": D(2026, 10, 2),
        "first_meeting_date": D(2026, 9, 28),
        "review_meetings": 3,
        "decision_date": D(2026, 12, 1),
        "outcome": PreProceedings.Outcome.COURT,
        "court_application_date": D(2026, 12, 18),
        "letter_of_issue_date": D(2027, 2, 5),
        **fields,
    }
    return PreProceedingsFactory(
        child=child, cin_episode=child.cin_episodes.get(), start_date=D(2026, 9, 9), **values
    )


def _block(xml: bytes, year_tag="PreProceedingsandFGDM") -> list[dict]:
    root = etree.fromstring(xml)
    return [{c.tag: c.text for c in el} for el in root.iter(year_tag)]


def test_2026_27_census_reports_pre_proceedings_in_the_episode():
    _child_in_pre_proceedings()
    assert _block(build_cin_xml(year=YEAR)) == [
        {
            "PPStartDate": "2026-09-09",
            "LBPSentDate": "2026-09-20",
            "FGDMMeetingOffer": "1",
            "FGDMMeetingFac": "1",
            "InitialPPMeetingDate": "2026-09-28",
            "ReviewMeetingsCount": "3",
            "StepDecisionDate": "2026-12-01",
            "PPOutcome": "A",
            "CourtAppDate": "2026-12-18",
            "LetterInitCPDate": "2027-02-05",
        }
    ]


def test_the_block_follows_the_cp_plans_in_cindetails():
    _child_in_pre_proceedings()
    root = etree.fromstring(build_cin_xml(year=YEAR))
    tags = [el.tag for el in root.find(".//CINdetails")]
    assert tags[-2:] == ["ChildProtectionPlans", "PreProceedingsandFGDM"]


def test_open_pre_proceedings_report_what_has_happened_so_far():
    _child_in_pre_proceedings(
        fgdm_offered_date=None,
        fgdm_held_date=None,
        first_meeting_date=None,
        decision_date=None,
        outcome="",
        court_application_date=None,
        letter_of_issue_date=None,
    )
    assert _block(build_cin_xml(year=YEAR)) == [
        {
            "PPStartDate": "2026-09-09",
            "LBPSentDate": "2026-09-20",
            "FGDMMeetingOffer": "0",
        }
    ]


def test_dates_after_the_year_are_left_out():
    _child_in_pre_proceedings(letter_of_issue_date=D(2027, 4, 2))
    assert "LetterInitCPDate" not in _block(build_cin_xml(year=YEAR))[0]


def test_pre_proceedings_begun_before_the_year_are_not_reported():
    # rule 9005: PPStartDate must fall in the reporting year
    record = _child_in_pre_proceedings()
    PreProceedings.objects.filter(pk=record.pk).update(start_date=D(2026, 3, 20))
    assert _block(build_cin_xml(year=YEAR)) == []


def test_2025_26_census_is_unchanged_by_pre_proceedings():
    record = _child_in_pre_proceedings()
    PreProceedings.objects.filter(pk=record.pk).update(start_date=D(2026, 1, 5))
    assert _block(build_cin_xml(year="2025-26")) == []


def _without_datetime(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    root.find(".//DateTime").text = ""
    return etree.tostring(root)


def test_import_of_the_2026_27_census_round_trips_to_the_same_return(tmp_path):
    _child_in_pre_proceedings(fgdm_held_date=None, fgdm_declined_date=D(2026, 9, 25))
    path = write_cin(year=YEAR, out_dir=tmp_path)
    before = build_cin_xml(year=YEAR)
    Child.objects.all().delete()
    import_cin(path, acting_user=system_user())
    (record,) = PreProceedings.objects.all()
    # the file says "offered" without a date: kept as stated, no date invented
    assert (record.fgdm_offered_date, record.fgdm_offered_stated) == (None, True)
    assert record.fgdm_held_stated is False
    assert _without_datetime(build_cin_xml(year=YEAR)) == _without_datetime(before)


def test_import_refuses_an_application_before_the_decision(tmp_path):
    _child_in_pre_proceedings()
    path = Path(write_cin(year=YEAR, out_dir=tmp_path))
    text = path.read_text().replace(
        "<CourtAppDate>2026-12-18</CourtAppDate>", "<CourtAppDate>2026-11-18</CourtAppDate>"
    )
    path.write_text(text)
    Child.objects.all().delete()
    with pytest.raises(ImportFailed) as failed:
        import_cin(path, acting_user=system_user())
    assert [(i.column, i.message) for i in failed.value.issues] == [
        ("CourtAppDate", "the application to court is before the decision to apply")
    ]


@pytest.mark.skipif(
    not Path(settings.VALIDATORS_PYTHON).exists(),
    reason="DfE validators' venv (.venv-validators) not built: run `make validators`",
)
def test_dfe_reader_and_2026_27_rules_accept_the_census_with_the_block():
    from hearth.returns.validate import validate_cin

    _child_in_pre_proceedings()
    report = validate_cin(year=YEAR, fast=False)
    assert report.ok, report.describe_failures()
    hearths = {r.code: r.status for r in report.rules if r.code.startswith("H")}
    assert hearths == dict.fromkeys(
        [
            "H9005",
            "H9006",
            "H9007",
            "H9008",
            "H9009",
            "H9010Q",
            "H9011",
            "H9012",
            "H9013",
            "H9015Q",
        ],
        "passed",
    )


def test_hearths_check_finds_an_application_before_the_decision():
    from hearth.returns.cin_2026_checks import pre_proceedings_rules

    record = _child_in_pre_proceedings()
    PreProceedings.objects.filter(pk=record.pk).update(court_application_date=D(2026, 11, 20))
    failed = {r["code"]: r for r in pre_proceedings_rules(year=YEAR) if r["status"] == "failed"}
    assert list(failed) == ["H9012"]
    assert [f["child_id"] for f in failed["H9012"]["failures"]] == [record.child.la_child_id]
    assert "Hearth's check for DfE rule 9012" in failed["H9012"]["message"]


def test_hearths_checks_do_not_run_before_2026_27():
    from hearth.returns.cin_2026_checks import pre_proceedings_rules

    _child_in_pre_proceedings()
    assert pre_proceedings_rules(year="2025-26") == []
