"""Ofsted's Annex A workbook, Hearth's cross-list checks and the liiatools cleaner."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from hearth.returns import annex_a
from hearth.returns.liiatools_check import clean_annex_a, cleanfile_annex_a, liiatools_python
from hearth.returns.tests import builders

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2025, 12, 31)
needs_liiatools = pytest.mark.skipif(
    not __import__("pathlib").Path(liiatools_python()).exists(),
    reason="liiatools venv not built (requirements-liiatools.txt)",
)


def test_workbook_has_lists_1_to_11_with_ofsteds_headings_in_order(tmp_path):
    builders.small_la()
    path = annex_a.write_annex_a(as_of=AS_OF, out=tmp_path / "a.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [f"List {n}" for n in range(1, 12)]
    for name, headings in annex_a.HEADINGS.items():
        assert [c.value for c in wb[name][1]] == headings


def test_lists_carry_the_childs_records_in_annex_a_codes():
    cla, cin = builders.small_la()
    lists = annex_a.build_annex_a(as_of=AS_OF)
    [cp] = lists["List 7"]
    assert cp["Child Unique ID"] == cin.la_child_id
    assert cp["Child Protection Plan Start Date"] == dt.date(2025, 7, 1)
    assert cp["Initial Category of Abuse"] == "a) Neglect"
    assert cp["Gender"] == "b) Female"
    [looked_after] = lists["List 8"]
    assert looked_after["Child Unique ID"] == cla.la_child_id
    assert looked_after["Child's Legal Status"] == "C2: FCO"
    assert looked_after["Start date of current legal status"] == dt.date(2025, 9, 1)
    assert looked_after["Placement Type"] == "d) U4: Foster placement - long term"
    assert looked_after["Number of Placements in the Last 12 months"] == 3
    [episode] = [r for r in lists["List 6"] if r["Child Unique ID"] == cin.la_child_id]
    assert episode["Case Status"] == "b) Child Protection plan"


def test_look_back_leaves_out_what_ended_before_the_window():
    builders.small_la()
    lists = annex_a.build_annex_a(as_of=dt.date(2027, 12, 31))
    assert lists["List 4"] == []  # assessment authorised in 2025: more than 6 months before
    assert lists["List 3"] == []


def test_hearths_lists_agree_with_each_other_and_with_the_returns():
    builders.small_la()
    lists = annex_a.build_annex_a(as_of=AS_OF)
    assert annex_a.annex_a_consistency(lists) == []
    assert annex_a.annex_a_against_returns(lists, as_of=AS_OF) == []


def test_consistency_names_the_list_child_and_column_that_disagree():
    builders.small_la()
    lists = annex_a.build_annex_a(as_of=AS_OF)
    cp = lists["List 7"][0]
    cp["Child Protection Plan Start Date"] = dt.date(2024, 1, 1)
    lists["List 7"][0]["Gender"] = "c) Not stated/recorded"
    problems = annex_a.annex_a_consistency(lists)
    where = {(p.list, p.child, p.column) for p in problems}
    assert ("List 7", cp["Child Unique ID"], "Child Protection Plan Start Date") in where
    assert ("List 7", cp["Child Unique ID"], "Gender") in where


def test_against_returns_finds_a_plan_the_census_does_not_have():
    builders.small_la()
    lists = annex_a.build_annex_a(as_of=AS_OF)
    lists["List 7"][0]["Child Protection Plan Start Date"] = dt.date(2025, 7, 2)
    [problem] = annex_a.annex_a_against_returns(lists, as_of=AS_OF)
    assert problem.list == "List 7" and "CIN census" in problem.message


def test_an_icpc_that_made_a_plan_must_start_one_in_list_7():
    lists = {name: [] for name in annex_a.HEADINGS}
    lists["List 5"] = [
        {
            "Child Unique ID": "C1",
            "Gender": "a) Male",
            "Ethnicity": "a) WBRI",
            "Date of Birth": None,
            "Date of Initial Child Protection Conference": dt.date(2025, 5, 1),
            "Did the Initial Child Protection Conference Result in a Child Protection Plan": (
                annex_a.YES
            ),
        }
    ]
    [problem] = annex_a.annex_a_consistency(lists)
    assert (problem.list, problem.child) == ("List 5", "C1")


@needs_liiatools
def test_liiatools_cleans_hearths_workbook_without_blanking_or_flagging(tmp_path):
    builders.small_la()
    path = annex_a.write_annex_a(as_of=AS_OF, out=tmp_path / "a.xlsx")
    report = clean_annex_a(path)
    assert report["clean"], report
    assert report["lists"]["List 8"] == 1


@needs_liiatools
def test_the_liiatools_runner_reports_blanked_and_changed_cells(tmp_path):
    builders.small_la()
    lists = annex_a.build_annex_a(as_of=AS_OF)
    lists["List 7"][0]["Initial Category of Abuse"] = "Neglect?"  # liiatools: "a) Neglect"
    lists["List 8"][0]["Placement Type"] = "XX: nonsense"
    path = annex_a.write_annex_a(as_of=AS_OF, out=tmp_path / "a.xlsx", lists=lists)
    report = clean_annex_a(path)
    assert not report["clean"]
    assert report["blanked"] == {"List 8": {"Placement Type": 1}}
    assert report["changed"] == {"List 7": {"Initial Category of Abuse": 1}}


@needs_liiatools
def test_without_extensions_english_la_codes_are_liiatools_known_quirk(tmp_path):
    builders.small_la()
    path = annex_a.write_annex_a(as_of=AS_OF, out=tmp_path / "a.xlsx")
    report = clean_annex_a(path, extend_codes=False)
    assert report["blanked"] == {"List 8": {"LA of Placement": 1}}


def _lists_with_blank_tails():
    """small_la's lists with the last three columns blank, plus in every list a row holding
    only its first column: the shapes that a short-row writer leaves ragged."""
    builders.small_la()
    lists = annex_a.build_annex_a(as_of=AS_OF)
    for name, headings in annex_a.HEADINGS.items():
        for row in lists[name]:
            for h in headings[-3:]:
                row[h] = None
        lists[name].append({headings[0]: f"TAIL-{name}"})
    return lists


def test_every_sheet_declares_its_size_and_every_row_is_full_width(tmp_path):
    lists = _lists_with_blank_tails()
    path = annex_a.write_annex_a(as_of=AS_OF, out=tmp_path / "a.xlsx", lists=lists)
    wb = openpyxl.load_workbook(path, read_only=True)
    for name, headings in annex_a.HEADINGS.items():
        ws = wb[name]
        assert (ws.max_row, ws.max_column) == (len(lists[name]) + 1, len(headings)), name
        assert {len(r) for r in ws.iter_rows()} == {len(headings)}, name
    wb.close()


def test_openpyxl_in_normal_mode_reads_blank_cells_as_blank(tmp_path):
    lists = _lists_with_blank_tails()
    path = annex_a.write_annex_a(as_of=AS_OF, out=tmp_path / "a.xlsx", lists=lists)
    ws = openpyxl.load_workbook(path)["List 8"]
    headings = annex_a.HEADINGS["List 8"]
    first = [c.value for c in ws[2]]
    assert first[0] == lists["List 8"][0]["Child Unique ID"]
    assert first[-3:] == [None, None, None]
    assert ws.cell(row=2, column=headings.index("Date of Birth") + 1).is_date
    assert [c.value for c in ws[3]] == ["TAIL-List 8"] + [None] * (len(headings) - 1)


@needs_liiatools
def test_liiatools_cleanfile_runs_end_to_end_on_hearths_workbook(tmp_path):
    """liiatools' own ``annex-a cleanfile`` (read, clean, degrade, add IDs, write), as an LA
    runs it, on a workbook with blank trailing cells in every list."""
    lists = _lists_with_blank_tails()
    path = annex_a.write_annex_a(as_of=AS_OF, out=tmp_path / "a.xlsx", lists=lists)
    report = cleanfile_annex_a(path, out_dir=tmp_path / "out", la_code="BAR")
    assert report["error"] is None, report["error"]
    [written] = report["outputs"]
    cleaned = report["cleaned"][written]
    # liiatools leaves out rows whose key date is blank (the TAIL rows, bar List 2/4/6-8).
    assert cleaned["List 8"] == len(lists["List 8"])
    assert cleaned["List 7"] == len(lists["List 7"])


@pytest.mark.skipif(
    not (__import__("shutil").which("soffice") or __import__("shutil").which("libreoffice")),
    reason="LibreOffice is not installed on this machine (Debian package libreoffice-calc)",
)
def test_libreoffice_converts_the_workbook_headless(tmp_path):
    import shutil
    import subprocess

    lists = _lists_with_blank_tails()
    path = annex_a.write_annex_a(as_of=AS_OF, out=tmp_path / "a.xlsx", lists=lists)
    office = shutil.which("soffice") or shutil.which("libreoffice")
    done = subprocess.run(
        [office, "--headless", "--convert-to", "xlsx", "--outdir", str(tmp_path / "lo"), path],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    wb = openpyxl.load_workbook(tmp_path / "lo" / "a.xlsx")
    assert wb.sheetnames == list(annex_a.HEADINGS)
    assert wb["List 8"].max_row == len(lists["List 8"]) + 1


@needs_liiatools
def test_liiatools_cleans_list_11_from_adopter_households(tmp_path):
    from hearth.carers.tests.factories import CarerHouseholdFactory, HouseholdMemberFactory

    builders.small_la()
    waiting = CarerHouseholdFactory(
        reference="AD00007",
        kind="adopters",
        enquiry_date=dt.date(2025, 1, 6),
        stage1_start=dt.date(2025, 2, 1),
        stage1_end=dt.date(2025, 4, 1),
        stage2_start=dt.date(2025, 4, 1),
        stage2_end=dt.date(2025, 8, 1),
        application_date=dt.date(2025, 4, 1),
        approval_date=dt.date(2025, 8, 1),
        care_types=["ffa"],
    )
    HouseholdMemberFactory(household=waiting, sex="F", ethnicity="BAFR", disability=False)
    HouseholdMemberFactory(household=waiting, sex="M", ethnicity="WBRI", disability=None)
    CarerHouseholdFactory(
        reference="AD00008",
        kind="adopters",
        enquiry_date=dt.date(2025, 3, 1),
        approval_date=None,
        status="deregistered",
        deregistration_date=dt.date(2025, 6, 1),
        deregistration_reason="adopter_withdrew",
    )
    lists = annex_a.build_annex_a(as_of=AS_OF)
    assert {r["Family identifier"] for r in lists["List 11"]} >= {"AD00007", "AD00008"}
    path = annex_a.write_annex_a(as_of=AS_OF, out=tmp_path / "a.xlsx", lists=lists)
    report = clean_annex_a(path)
    assert report["clean"], report
