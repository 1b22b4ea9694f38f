"""Quarantine mode for legacy returns: every sound child imported, every child whose rows break a
rule kept in the "needs fixing" queue with file, row, column and the problem in plain words;
nothing of a quarantined child in the live record; counts reconcile; fixed by a clean re-import
or accepted by a named person with a reason. FormerUPN problems are DfE queries, not refusals."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from hearth.access.models import AuditEntry
from hearth.care.models import PeriodOfCare
from hearth.casework.models import CINEpisode
from hearth.core.services import system_user
from hearth.people.models import Child
from hearth.returns import cin, ssda903
from hearth.returns.importers.cin import import_cin
from hearth.returns.importers.quarantine import (
    import_903_quarantine,
    import_cin_quarantine,
    plain_words,
    quarantined_resolve,
)
from hearth.returns.models import QuarantinedRecord
from hearth.returns.tests import builders

pytestmark = pytest.mark.django_db
YEAR = "2025-26"


@pytest.fixture
def files(tmp_path):
    builders.small_la()
    xml = Path(cin.write_cin(year=YEAR, out_dir=tmp_path))
    ssda903.write_903(year=YEAR, out_dir=tmp_path / "903")
    Child.objects.all().delete()
    return xml, tmp_path / "903"


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(path.open(encoding="utf-8")))


def _write(path: Path, rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)


def _two_cin_children(xml: Path, *, break_second: bool) -> str:
    """Copy the file's child as a second child (another LA child ID, its CP plan start date
    made impossible when ``break_second``); returns the second child's ID."""
    import re

    text = xml.read_text()
    start, end = text.index("<Child>"), text.index("</Child>") + len("</Child>")
    block = text[start:end]
    first_id = re.search(r"<LAchildID>([^<]+)</LAchildID>", block)[1]
    second_id = first_id[:-3] + "999"
    copy = block.replace(
        f"<LAchildID>{first_id}</LAchildID>", f"<LAchildID>{second_id}</LAchildID>"
    )
    if break_second:
        at = copy.index("<CPPstartDate>") + len("<CPPstartDate>")
        copy = copy[:at] + "2025-13-01" + copy[at + 10 :]
    xml.write_text(text[:end] + copy + text[end:])
    return second_id


def _903_children(directory: Path) -> set[str]:
    rows = _rows(directory / "Header.csv")
    return {r[rows[0].index("CHILD")] for r in rows[1:] if r}


def test_903_a_bad_row_keeps_only_its_child_out(files):
    _, directory = files
    everyone = _903_children(directory)
    episodes = _rows(directory / "Episodes.csv")
    header = episodes[0]
    bad = episodes[1][header.index("CHILD")]
    episodes[1][header.index("PLACE")] = "??"
    _write(directory / "Episodes.csv", episodes)

    done = import_903_quarantine(directory, year=YEAR, acting_user=system_user())

    assert set(done.quarantined) == {bad}
    imported = set(Child.objects.values_list("la_child_id", flat=True))
    assert imported == everyone - {bad}
    assert not PeriodOfCare.objects.filter(child__la_child_id=bad).exists()
    [record] = QuarantinedRecord.objects.all()
    assert (record.file, record.row, record.column) == ("Episodes.csv", 2, "PLACE")
    assert "'??' is not a valid code" in record.problem
    assert record.raw["Episodes.csv"][0]["PLACE"] == "??"
    batch = done.batch
    assert batch.children_in_file == len(everyone)
    assert batch.children_imported + batch.children_quarantined == batch.children_in_file


def test_903_a_row_the_database_refuses_is_queued_in_plain_words(files):
    _, directory = files
    header = _rows(directory / "Header.csv")
    child = header[1][header[0].index("CHILD")]
    dob = header[1][header[0].index("DOB")]
    with (directory / "Reviews.csv").open("a", encoding="utf-8") as f:
        f.write(f"{child},{dob},01/01/2001,PN1\n")  # a review while not in care

    done = import_903_quarantine(directory, year=YEAR, acting_user=system_user())

    assert set(done.quarantined) == {child}
    assert not Child.objects.filter(la_child_id=child).exists()
    assert Child.objects.count() == len(_903_children(directory)) - 1
    record = QuarantinedRecord.objects.get(la_child_id=child)
    assert record.file == "Reviews.csv" and "_not_before_" not in record.problem


def test_cin_a_bad_child_is_kept_out_and_the_rest_imported(files):
    xml, _ = files
    bad = _two_cin_children(xml, break_second=True)
    done = import_cin_quarantine(xml, acting_user=system_user())
    assert list(done.quarantined) == [bad]
    assert not Child.objects.filter(la_child_id=bad).exists()
    assert Child.objects.count() == 1
    record = QuarantinedRecord.objects.get(column="CPPstartDate", problem__contains="not a date")
    assert record.column == "CPPstartDate" and "not a date" in record.problem
    assert "<LAchildID>" in record.raw["xml"]
    assert done.batch.children_imported + 1 == done.batch.children_in_file


def test_a_clean_reimport_marks_the_queued_problem_fixed(files):
    xml, _ = files
    original = xml.read_text()
    bad = _two_cin_children(xml, break_second=True)
    done = import_cin_quarantine(xml, acting_user=system_user())
    xml.write_text(original)
    _two_cin_children(xml, break_second=False)
    import_cin_quarantine(xml, acting_user=system_user())
    records = QuarantinedRecord.objects.filter(la_child_id=bad, batch=done.batch)
    assert records and {r.status for r in records} == {QuarantinedRecord.Status.FIXED}
    record = records[0]
    assert record.child == Child.objects.get(la_child_id=bad)


def test_accepting_needs_a_named_person_and_a_reason(files, django_user_model):
    xml, _ = files
    text = xml.read_text()
    first = text.index("<CPPstartDate>")
    xml.write_text(text[:first] + "<CPPstartDate>2025-13-01" + text[first + 24 :])
    import_cin_quarantine(xml, acting_user=system_user())
    record = QuarantinedRecord.objects.get(column="CPPstartDate", problem__contains="not a date")
    analyst = django_user_model.objects.create(username="analyst.q", role="analyst")
    with pytest.raises(ValidationError):
        quarantined_resolve(record=record, status="accepted", reason="ok", acting_user=analyst)
    quarantined_resolve(
        record=record,
        status="accepted",
        reason="Plan dates lost in the 2019 migration; confirmed with the team",
        acting_user=analyst,
    )
    record.refresh_from_db()
    assert record.status == "accepted" and record.resolved_by == analyst
    assert AuditEntry.objects.filter(user=analyst, what__contains="accepted").exists()


def test_a_problem_with_a_whole_file_still_refuses_it(files):
    from hearth.returns.importers.common import ImportFailed

    _, directory = files
    rows = _rows(directory / "Episodes.csv")
    rows[0][rows[0].index("PLACE")] = "PLACEMENT"
    _write(directory / "Episodes.csv", rows)
    with pytest.raises(ImportFailed):
        import_903_quarantine(directory, year=YEAR, acting_user=system_user())
    assert not Child.objects.exists()


def test_a_former_upn_problem_is_a_query_not_a_refusal(files):
    xml, _ = files
    text = xml.read_text()
    assert "<UPN>" in text
    at = text.index("</UPN>") + len("</UPN>")
    xml.write_text(text[:at] + "<FormerUPN>X99999999999Z</FormerUPN>" + text[at:])
    result = import_cin(xml, acting_user=system_user())
    assert CINEpisode.objects.exists()
    assert any("FormerUPN" in n and "query" in n for n in result.notices)


def test_the_command_imports_with_quarantine(files, capsys):
    _, directory = files
    episodes = _rows(directory / "Episodes.csv")
    episodes[1][episodes[0].index("PLACE")] = "??"
    _write(directory / "Episodes.csv", episodes)
    call_command("returns", "import", "903", str(directory), "--year", YEAR, "--quarantine")
    out = capsys.readouterr().out
    assert "kept in the needs-fixing queue" in out and "needs fixing:" in out


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("CHECK constraint failed: placement_end_date_not_before_start_date", "before the start"),
        ('violates unique constraint "one_open_period_of_care"', "still open"),
        ("UNIQUE constraint failed: care_lacreview.child_id", "the same record twice"),
    ],
)
def test_constraint_names_become_plain_words(raw, expected):
    assert expected in plain_words(raw)
