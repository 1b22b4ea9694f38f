"""Imports write in bulk (a statement per model and batch, not per record), read what they have
written, and still name the file, row and column of a constraint the database refuses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from hearth.care.models import LegalStatus, PeriodOfCare, Placement
from hearth.casework.models import CINEpisode, CPPlan
from hearth.casework.tests.factories import CINEpisodeFactory
from hearth.core.services import system_user
from hearth.people.models import Child
from hearth.people.tests.factories import ChildFactory
from hearth.returns import cin, ssda903
from hearth.returns.importers.cin import import_cin
from hearth.returns.importers.common import ImportFailed, bulk_inserts, insert
from hearth.returns.importers.ssda903 import import_903
from hearth.returns.tests import builders

pytestmark = pytest.mark.django_db

YEAR = "2025-26"


@pytest.fixture
def many(tmp_path):
    """Twelve children in care and twelve in need, exported, then wiped (workers kept)."""
    builders.authority()
    for _ in range(12):
        builders.looked_after_child()
        builders.child_in_need()
    xml = Path(cin.write_cin(year=YEAR, out_dir=tmp_path))
    ssda903.write_903(year=YEAR, out_dir=tmp_path / "903")
    Child.objects.all().delete()
    return xml, tmp_path / "903"


def _inserts(queries) -> int:
    """Statements that write rows: INSERTs, and COPYs on PostgreSQL."""
    return sum(1 for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "COPY")))


def test_903_records_are_inserted_in_batches_not_one_by_one(many):
    _, directory = many
    with CaptureQueriesContext(connection) as ctx:
        result = import_903(directory, year=YEAR, acting_user=system_user())
    created = sum(result.created.values())
    assert created >= 100
    # an INSERT per model per batch, where row by row was one per record
    assert _inserts(ctx.captured_queries) * 5 <= sum(result.created.values())
    assert PeriodOfCare.objects.count() == 12
    assert Placement.objects.count() == 36
    assert LegalStatus.objects.count() == 24


def test_cin_records_are_inserted_in_batches_not_one_by_one(many):
    xml, _ = many
    with CaptureQueriesContext(connection) as ctx:
        result = import_cin(xml, acting_user=system_user())
    assert sum(result.created.values()) >= 72
    assert _inserts(ctx.captured_queries) * 5 <= sum(result.created.values())
    assert CPPlan.objects.count() == 12


def test_a_bulk_import_reads_what_it_has_written(many):
    """A query in the middle of an import sees the records still held for the bulk write."""
    builders.authority()
    with bulk_inserts():
        child = ChildFactory.build(la_child_id="T9999999")
        insert(child)
        assert child.pk is not None
        assert Child.objects.filter(la_child_id="T9999999").exists()


def test_ids_are_reserved_without_clashing_with_records_saved_normally(many):
    with bulk_inserts() as bulk:
        held = ChildFactory.build(la_child_id="T9999998")
        bulk.add(held)
        saved = ChildFactory(la_child_id="T9999997")
        later = ChildFactory.build(la_child_id="T9999996")
        bulk.add(later)
    assert len({held.pk, saved.pk, later.pk}) == 3
    assert Child.objects.filter(la_child_id__startswith="T999999").count() == 3


def test_a_constraint_found_by_a_bulk_write_is_reported_at_its_row(tmp_path):
    """The child is already open to Hearth on an episode the file does not know: the file's open
    episode breaks the one-open-episode constraint, which only the database can find. The import
    is retried record by record to say which element broke it, and keeps nothing."""
    builders.small_la()
    xml = Path(cin.write_cin(year=YEAR, out_dir=tmp_path))
    Child.objects.all().delete()
    tree = etree.parse(str(xml))
    details = tree.find(".//CINdetails")
    assert details.find("CINclosureDate") is None
    la_id = details.getparent().find("ChildIdentifiers/LAchildID").text
    child = ChildFactory(la_child_id=la_id, date_of_birth=dt.date(2018, 2, 3), sex="F")
    CINEpisodeFactory(child=child, referral_date=dt.date(2025, 1, 10), closure_date=None)
    before = CINEpisode.objects.count(), Child.objects.count()
    with pytest.raises(ImportFailed) as exc:
        import_cin(xml, acting_user=system_user())
    [issue] = exc.value.issues
    assert (issue.row, issue.column) == (details.sourceline, "CINdetails")
    assert (CINEpisode.objects.count(), Child.objects.count()) == before
