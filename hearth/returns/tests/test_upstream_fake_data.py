"""The DfE validators' own fake returns (their repositories' test data, kept beside this test in
``upstream_fake_data/`` with its source; the packages do not ship it) imported in
quarantine mode, as an LA migrating rule-breaking legacy data would: every child's rows are
either imported or held in the "needs fixing" queue with the problem in plain words, and the
counts reconcile. A FormerUPN problem is a query for DfE, never a refusal.

The files belong to LA 201 (City of London) or 975: each test acts as that LA, since an import
from another LA is refused whole."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from lxml import etree

from hearth.core.models import Authority
from hearth.core.services import system_user
from hearth.people.models import Child
from hearth.returns.importers.quarantine import import_903_quarantine, import_cin_quarantine
from hearth.returns.models import QuarantinedRecord

FAKE_DATA = Path(__file__).parent / "upstream_fake_data"
pytestmark = pytest.mark.django_db
# What no person should have to read in the queue: constraint names, SQL errors, tracebacks.
NOT_PLAIN = re.compile(r"_not_before_|constraint|violates|IntegrityError|Traceback|\bNULL\b", re.I)


def _act_as(lea: int) -> None:
    Authority.objects.all().delete()
    Authority.objects.create(
        name=f"LA {lea}", ons_code="E09000001", dfe_number=lea, population_0_17=10_000
    )


def _children_in(path: Path) -> list[str]:
    root = etree.parse(str(path), etree.XMLParser(recover=True)).getroot()
    return [
        (child.findtext(".//LAchildID") or "").strip()
        for child in root.iter("Child")
        if child.find("ChildIdentifiers") is not None
    ]


def _assert_queue_is_plain(batch, quarantined: dict) -> None:
    records = list(QuarantinedRecord.objects.filter(batch=batch))
    assert {r.la_child_id for r in records} == {la[:20] for la in quarantined}
    for r in records:
        assert r.problem.strip(), r
        assert not NOT_PLAIN.search(r.problem), r.problem
        assert r.file and r.raw, r


@pytest.mark.parametrize("name", sorted(p.name for p in (FAKE_DATA / "cin").glob("*.xml")))
def test_each_cin_fake_return_is_imported_or_queued_child_by_child(name):
    path = FAKE_DATA / "cin" / name
    _act_as(int(re.search(rb"<LEA>\s*(\d+)", path.read_bytes())[1]))
    rows_in = _children_in(path)
    q = import_cin_quarantine(path, acting_user=system_user())
    imported = [la for la in rows_in if la not in q.quarantined]
    held = set(Child.objects.values_list("la_child_id", flat=True))
    assert set(imported) <= held
    assert not set(q.quarantined) & held
    assert len(rows_in) == len(imported) + sum(1 for la in rows_in if la in q.quarantined)
    assert (q.batch.children_in_file, q.batch.children_imported) == (
        len(set(rows_in)),
        len(set(imported)),
    )
    _assert_queue_is_plain(q.batch, q.quarantined)


def test_a_former_upn_problem_alone_does_not_hold_a_child_back(tmp_path):
    # CIN_Census_2021.xml's one child has an invalid UPN (a refusal) and an invalid FormerUPN
    # (a query): without the UPN, the child comes in and the FormerUPN is reported to DfE.
    text = (FAKE_DATA / "cin" / "CIN_Census_2021.xml").read_text()
    path = tmp_path / "CIN_Census_2021.xml"
    path.write_text(re.sub(r"<UPN>[^<]*</UPN>", "", text))
    _act_as(201)
    q = import_cin_quarantine(path, acting_user=system_user())
    assert [i.column for i in q.queries] == ["FormerUPN"]
    assert q.quarantined == {}
    assert Child.objects.filter(la_child_id="DfEX0000001").exists()


def _rows(directory: Path) -> dict[str, list[str]]:
    """Each CSV's data rows, by file: the CHILD of every row."""
    out = {}
    for path in sorted(directory.glob("*.csv")):
        with path.open(newline="", encoding="utf-8-sig") as f:
            out[path.name] = [(row.get("CHILD") or "").strip() for row in csv.DictReader(f)]
    return out


FIRST_CHILDREN = 150  # the file holds 2,675 children: the test takes the first 150, every row


def _first_children(source: Path, target: Path, n: int) -> None:
    """The upstream return cut to its first ``n`` children (in header.csv's order), keeping
    every row of theirs in every file, byte for byte."""
    with (source / "header.csv").open(newline="", encoding="utf-8-sig") as f:
        keep = {row["CHILD"].strip() for _, row in zip(range(n), csv.DictReader(f), strict=False)}
    target.mkdir()
    for path in sorted(source.glob("*.csv")):
        lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
        header = next(csv.reader([lines[0]]))
        index = header.index("CHILD")
        mine = [line for line in lines[1:] if next(csv.reader([line]))[index].strip() in keep]
        (target / path.name).write_text(lines[0] + "".join(mine), encoding="utf-8")


@pytest.mark.slow
def test_the_903_fake_return_is_imported_or_queued_row_by_row(tmp_path):
    directory = tmp_path / "903"
    _first_children(FAKE_DATA / "903", directory, FIRST_CHILDREN)
    _act_as(201)
    q = import_903_quarantine(directory, acting_user=system_user())
    held = set(Child.objects.values_list("la_child_id", flat=True))
    rows = _rows(directory)
    for name, children in rows.items():
        imported = [c for c in children if c in held]
        queued = [c for c in children if c in q.quarantined]
        assert len(children) == len(imported) + len(queued), name
    assert not set(q.quarantined) & held
    assert q.batch.children_in_file == q.batch.children_imported + q.batch.children_quarantined
    _assert_queue_is_plain(q.batch, q.quarantined)
    # the queue keeps every row of a held-back child, as the file had it
    kept = {
        (r.la_child_id, name): len(lines)
        for r in QuarantinedRecord.objects.filter(batch=q.batch)
        for name, lines in r.raw.items()
    }
    for name, children in rows.items():
        for la_id in set(children) & set(q.quarantined):
            assert kept[(la_id, name)] == children.count(la_id), (la_id, name)
