"""Importing CIN census and SSDA903 returns made by another system: all or nothing,
idempotent, and a round trip that reproduces the files."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Min

from hearth.care.models import PeriodOfCare, Placement
from hearth.casework.models import CINEpisode, CPPlan
from hearth.core.calendar import collection_year_label
from hearth.core.services import system_user
from hearth.people.models import Child
from hearth.returns import cin, ssda903
from hearth.returns.importers.cin import import_cin
from hearth.returns.importers.common import ImportFailed
from hearth.returns.importers.ssda903 import import_903
from hearth.returns.tests import builders
from hearth.workforce.models import Allocation, Worker

pytestmark = pytest.mark.django_db

YEAR = "2025-26"


def _counts() -> dict[str, int]:
    from hearth.care.models import LegalStatus
    from hearth.casework.models import Assessment, ChildProtectionConference

    models = (Child, CINEpisode, Assessment, CPPlan, ChildProtectionConference, PeriodOfCare,
              LegalStatus, Placement, Allocation, Worker)  # fmt: skip
    return {m.__name__: m.objects.count() for m in models}


@pytest.fixture
def files(tmp_path):
    """The small hand-built LA's returns, then the case records wiped (workers kept)."""
    builders.small_la()
    xml = Path(cin.write_cin(year=YEAR, out_dir=tmp_path))
    ssda903.write_903(year=YEAR, out_dir=tmp_path / "903")
    Child.objects.all().delete()
    return xml, tmp_path / "903"


def _edit_csv(path: Path, row: int, column: str, value: str) -> None:
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[row - 1][rows[0].index(column)] = value
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)


def _fails(fn, *args, **kwargs):
    user = system_user()
    before = _counts()
    with pytest.raises(ImportFailed) as exc:
        fn(*args, acting_user=user, **kwargs)
    assert _counts() == before, "a failed import must change nothing"
    return exc.value.issues


# --- CIN -----------------------------------------------------------------------------------


def test_cin_import_builds_the_records(files):
    xml, _ = files
    result = import_cin(xml, acting_user=system_user())
    child = Child.objects.get()
    plan = CPPlan.objects.get(child=child)
    assert plan.initial_category == "NEG"
    assert child.assessments.get().factors.get().code == "2A"
    assert result.created["CINEpisode"] == 1


def test_cin_import_twice_changes_nothing(files):
    xml, _ = files
    import_cin(xml, acting_user=system_user())
    before = _counts()
    again = import_cin(xml, acting_user=system_user())
    assert not again.changed
    assert _counts() == before


def test_cin_broken_xml_is_reported_with_its_line(files):
    xml, _ = files
    xml.write_text(xml.read_text().replace("</CINdetails>", "</CINdetail>", 1))
    [issue] = _fails(import_cin, xml)
    assert issue.file == xml.name and issue.row and "well-formed" in issue.message


def test_cin_bad_code_and_bad_date_name_line_and_element(files):
    xml, _ = files
    text = xml.read_text()
    text = text.replace(
        "<ReferralSource>5A</ReferralSource>", "<ReferralSource>ZZ</ReferralSource>"
    )
    text = text.replace("<CPPstartDate>2025-07-01", "<CPPstartDate>2025-13-01")
    xml.write_text(text)
    issues = _fails(import_cin, xml)
    by_column = {i.column: i for i in issues if i.message != "is required"}
    assert "'ZZ' is not a valid code" in by_column["ReferralSource"].message
    assert "not a date" in by_column["CPPstartDate"].message
    line = next(n for n, s in enumerate(text.splitlines(), 1) if "<ReferralSource>" in s)
    assert by_column["ReferralSource"].row == line


def test_cin_duplicate_child_ids_are_refused(files):
    xml, _ = files
    text = xml.read_text()
    start, end = text.index("<Child>"), text.index("</Child>") + len("</Child>")
    xml.write_text(text[:end] + text[start:end] + text[end:])
    issues = _fails(import_cin, xml)
    assert any(i.column == "LAchildID" and "duplicate" in i.message for i in issues)


def test_cin_unexpected_element_is_refused(files):
    xml, _ = files
    xml.write_text(xml.read_text().replace("<ReferralNFA>", "<Nonsense>1</Nonsense><ReferralNFA>"))
    [issue] = _fails(import_cin, xml)
    assert issue.column == "Nonsense"


def test_cin_bad_encoding_is_refused(files):
    xml, _ = files
    xml.write_bytes(xml.read_bytes().replace(b"<Ethnicity>", b"<Ethnicity>\xff", 1))
    [issue] = _fails(import_cin, xml)
    assert issue.file == xml.name and issue.row


# --- SSDA903 -------------------------------------------------------------------------------


def test_903_import_builds_the_timelines_and_placeholder_workers(files):
    _, directory = files
    import_903(directory, year=YEAR, acting_user=system_user())
    child = Child.objects.get()
    period = PeriodOfCare.objects.get(child=child)
    assert [(s.code, s.end_date is None) for s in period.legal_statuses.order_by("start_date")] == [
        ("C1", False),
        ("C2", True),
    ]
    assert period.placements.count() == 3
    allocation = Allocation.objects.get(child=child)
    assert allocation.worker.swe_number == "SW123456"


def test_903_import_twice_changes_nothing(files):
    _, directory = files
    import_903(directory, year=YEAR, acting_user=system_user())
    before = _counts()
    assert not import_903(directory, year=YEAR, acting_user=system_user()).changed
    assert _counts() == before


def test_903_wrong_columns_are_reported(files):
    _, directory = files
    path = directory / "Episodes.csv"
    path.write_text(path.read_text().replace("PLACE_PROVIDER", "PROVIDER", 1))
    [issue] = _fails(import_903, directory, year=YEAR)
    assert (issue.file, issue.row) == ("Episodes.csv", 1) and "PROVIDER" in issue.column


def test_903_bad_code_and_date_name_file_row_column(files):
    _, directory = files
    _edit_csv(directory / "Episodes.csv", 2, "LS", "Q9")
    _edit_csv(directory / "Episodes.csv", 3, "DECOM", "31/02/2025")
    issues = _fails(import_903, directory, year=YEAR)
    where = {(i.file, i.row, i.column) for i in issues}
    assert ("Episodes.csv", 2, "LS") in where
    assert ("Episodes.csv", 3, "DECOM") in where


def test_903_duplicate_rows_are_refused(files):
    _, directory = files
    path = directory / "Header.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n")
    issues = _fails(import_903, directory, year=YEAR)
    assert any(i.file == "Header.csv" and i.row == 3 and "duplicate" in i.message for i in issues)


def test_903_bad_encoding_is_refused(files):
    _, directory = files
    path = directory / "Header.csv"
    path.write_bytes(path.read_bytes() + b"X\xe9,F,01/01/2010,WBRI,,,\n")
    issues = _fails(import_903, directory, year=YEAR)
    assert any(i.file == "Header.csv" and "UTF-8" in i.message for i in issues)


def test_903_a_constraint_breach_rolls_everything_back(files):
    _, directory = files
    header = next(csv.reader((directory / "Header.csv").open(encoding="utf-8")))
    first = next(r for r in csv.DictReader((directory / "Header.csv").open()) if r)
    assert header[0] == "CHILD"
    with (directory / "Reviews.csv").open("a", encoding="utf-8") as f:
        f.write(f"{first['CHILD']},{first['DOB']},01/01/2001,PN1\n")  # not while in care
    [issue] = _fails(import_903, directory, year=YEAR)
    assert (issue.file, issue.row, issue.column) == ("Reviews.csv", 2, "REVIEW")


def test_the_command_reports_problems_and_imports_nothing(files):
    from django.core.management.base import CommandError

    _, directory = files
    _edit_csv(directory / "Episodes.csv", 2, "PLACE", "??")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("returns", "import", "903", str(directory))
    assert not Child.objects.exists()


# --- Round trip ----------------------------------------------------------------------------


def _years() -> list[str]:
    first = min(
        CINEpisode.objects.aggregate(m=Min("referral_date"))["m"],
        PeriodOfCare.objects.aggregate(m=Min("start_date"))["m"],
    )
    start = int(collection_year_label(first)[:4])
    end = int(YEAR[:4])
    return [f"{y}-{(y + 1) % 100:02d}" for y in range(start, end + 1)]


def _export(years: list[str], out: Path) -> None:
    for y in years:
        cin.write_cin(year=y, out_dir=out / y)
        ssda903.write_903(year=y, out_dir=out / y / "903")


def _normalised(out: Path, year: str) -> dict[str, list]:
    """The files' content: CSV rows as a sorted multiset (row order follows database keys),
    the XML with the header's run-specific DateTime taken out."""
    from lxml import etree

    content: dict[str, list] = {}
    for path in sorted((out / year / "903").glob("*.csv")):
        rows = list(csv.reader(path.open(encoding="utf-8")))
        content[path.name] = [rows[0], *sorted(rows[1:])]
    root = etree.parse(str(out / year / f"CIN_{year}.xml")).getroot()
    for el in root.iter("DateTime"):
        el.text = ""
    content["cin"] = etree.tostring(root).decode().splitlines()
    return content


@pytest.mark.slow
def test_round_trip_export_import_export_reproduces_the_synthetic_las_returns(tmp_path):
    call_command(
        "synth", seed=1, size="small", reset=True, as_of=dt.date(2026, 3, 31), no_progress=True
    )
    years = _years()
    _export(years, tmp_path / "first")
    Child.objects.all().delete()
    for y in years:  # oldest first: each year completes the history the next one builds on
        import_cin(tmp_path / "first" / y / f"CIN_{y}.xml", acting_user=system_user())
        import_903(tmp_path / "first" / y / "903", year=y, acting_user=system_user())
    _export(years, tmp_path / "second")
    for y in years:
        assert _normalised(tmp_path / "second", y) == _normalised(tmp_path / "first", y), y
    # and the last year once more changes nothing
    assert not import_cin(
        tmp_path / "first" / YEAR / f"CIN_{YEAR}.xml", acting_user=system_user()
    ).changed
    assert not import_903(
        tmp_path / "first" / YEAR / "903", year=YEAR, acting_user=system_user()
    ).changed
    shutil.rmtree(tmp_path, ignore_errors=True)


# --- Hostile and oversized values, conflicts with records already held (issue 12) -------------


def test_903_a_value_over_the_csv_field_limit_is_reported_by_row_and_column(files):
    _, directory = files
    _edit_csv(directory / "Episodes.csv", 2, "HOME_POST", "X" * (csv.field_size_limit() + 10))
    issues = _fails(import_903, directory, year=YEAR)
    [issue] = [i for i in issues if "longer than" in i.message]
    assert (issue.file, issue.row, issue.column) == ("Episodes.csv", 2, "HOME_POST")


def test_903_an_over_long_postcode_is_reported_under_its_own_column(files):
    _, directory = files
    _edit_csv(directory / "Episodes.csv", 2, "HOME_POST", "PE1 1XXXXXXXX")
    issues = _fails(import_903, directory, year=YEAR)
    assert [(i.file, i.row, i.column) for i in issues] == [("Episodes.csv", 2, "HOME_POST")]
    assert "not a postcode" in issues[0].message


@pytest.mark.parametrize(("column", "value"), [("URN", '=HYPERLINK("//evil")'), ("PL_POST", "@A1")])
def test_903_formula_values_are_refused_with_file_row_and_column(files, column, value):
    _, directory = files
    _edit_csv(directory / "Episodes.csv", 2, column, value)
    issues = _fails(import_903, directory, year=YEAR)
    assert [(i.file, i.row, i.column) for i in issues] == [("Episodes.csv", 2, column)]


def test_cin_a_huge_bad_value_is_cut_short_in_the_message(files):
    xml, _ = files
    huge = "Z" * 5_000_000
    xml.write_text(
        xml.read_text().replace(
            "<ReferralSource>5A</ReferralSource>", f"<ReferralSource>{huge}</ReferralSource>"
        )
    )
    [issue] = _fails(import_cin, xml)
    assert issue.column == "ReferralSource"
    assert len(issue.message) < 120
    assert "Z" * 60 + "…" in issue.message


def test_cin_a_formula_child_id_is_refused(files):
    xml, _ = files
    text = xml.read_text()
    la_id = text.split("<LAchildID>", 1)[1].split("<", 1)[0]
    xml.write_text(text.replace(f"<LAchildID>{la_id}<", "<LAchildID>=1+1<"))
    issues = _fails(import_cin, xml)
    assert any(i.column == "LAchildID" and "formula" in i.message for i in issues)


def _held_child(xml):
    import_cin(xml, acting_user=system_user())
    return Child.objects.get()


def test_cin_reimport_refuses_to_change_a_childs_date_of_birth_or_sex(files):
    xml, _ = files
    child = _held_child(xml)
    text = xml.read_text()
    dob = f"{child.date_of_birth:%Y-%m-%d}"
    other = f"{child.date_of_birth.year - 1}-01-01"
    text = text.replace(f"<PersonBirthDate>{dob}<", f"<PersonBirthDate>{other}<")
    sex_from, sex_to = ("M", "F") if child.sex == "M" else ("F", "M")
    text = text.replace(f"<Sex>{sex_from}</Sex>", f"<Sex>{sex_to}</Sex>")
    xml.write_text(text)
    issues = _fails(import_cin, xml)
    by_column = {i.column: i.message for i in issues}
    assert set(by_column) == {"PersonBirthDate", "Sex"}
    assert child.la_child_id in by_column["PersonBirthDate"]
    assert f"{child.date_of_birth:%d/%m/%Y}" in by_column["PersonBirthDate"]
    assert "01/01/" in by_column["PersonBirthDate"]
    assert f"'{sex_from}'" in by_column["Sex"] and f"'{sex_to}'" in by_column["Sex"]
    child.refresh_from_db()
    assert (f"{child.date_of_birth:%Y-%m-%d}", child.sex) == (dob, sex_from)


def test_cin_reimport_completes_a_date_of_birth_hearth_lacks(files):
    xml, _ = files
    child = _held_child(xml)
    dob = child.date_of_birth
    Child.objects.filter(pk=child.pk).update(date_of_birth=None, expected_date_of_birth=dob)
    import_cin(xml, acting_user=system_user())
    child.refresh_from_db()
    assert child.date_of_birth == dob


def test_903_reimport_refuses_to_change_a_childs_date_of_birth(files):
    _, directory = files
    import_903(directory, year=YEAR, acting_user=system_user())
    row = next(csv.DictReader((directory / "Header.csv").open(encoding="utf-8")))
    _edit_csv(directory / "Header.csv", 2, "DOB", "01/01/2001")
    issues = _fails(import_903, directory, year=YEAR)
    assert [(i.file, i.row, i.column) for i in issues] == [("Header.csv", 2, "DOB")]
    assert row["CHILD"] in issues[0].message and row["DOB"] in issues[0].message
