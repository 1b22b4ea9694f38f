"""Record versions are kept by database triggers, whatever path writes (both databases)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.utils import timezone

from hearth.access.models import AuditEntry
from hearth.access.tests.factories import UserFactory
from hearth.casework.models import AssessmentFactor, Visit
from hearth.casework.tests.factories import AssessmentFactory, VisitFactory
from hearth.core import record_version
from hearth.core.record_version import versions
from hearth.people.tests.factories import ChildFactory, FamilyMemberFactory
from hearth.workforce.tests.factories import WorkerFactory

pytestmark = pytest.mark.django_db


def _version(child) -> int:
    return versions(child.pk)[1]


def _epoch() -> int:
    return versions(0)[0]


def _trigger_tables() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname LIKE 'hearth_%%'"
            )
        else:
            cursor.execute("SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()}


def test_every_table_of_a_childs_record_and_every_shown_table_has_its_triggers():
    per_child, epoch, skipped = record_version.classify()
    assert {t.table for t in per_child} | set(epoch) <= _trigger_tables()
    assert "casework_visit" in {t.table for t in per_child}
    assert "workforce_worker" in epoch
    assert "access_auditentry" in skipped


def test_tables_left_alone_are_named_models():
    for label in record_version.NOT_SHOWN:
        assert apps.get_model(label) is not None


def test_saving_a_record_moves_its_childs_version_only():
    child, other = ChildFactory(), ChildFactory()
    before, other_before = _version(child), _version(other)
    VisitFactory(child=child)
    assert _version(child) > before
    assert _version(other) == other_before


def test_a_queryset_update_and_a_delete_move_the_version():
    child = ChildFactory()
    visit = VisitFactory(child=child)
    before = _version(child)
    Visit.objects.filter(pk=visit.pk).update(childs_views="Changed without save()")
    after_update = _version(child)
    assert after_update > before
    Visit.objects.filter(pk=visit.pk).delete()
    assert _version(child) > after_update


def test_a_row_linked_through_another_record_moves_that_records_child():
    assessment = AssessmentFactory()
    before = _version(assessment.child)
    AssessmentFactor.objects.create(assessment=assessment, code="1C")
    assert _version(assessment.child) > before


def test_a_family_member_moves_both_children_it_links():
    child, sibling = ChildFactory(), ChildFactory()
    before = _version(sibling)
    FamilyMemberFactory(child=child, related_child=sibling)
    assert _version(sibling) > before


def test_editing_the_child_moves_its_own_version():
    child = ChildFactory()
    before = _version(child)
    type(child).objects.filter(pk=child.pk).update(first_name="Renamed")
    assert _version(child) > before


def test_renaming_a_worker_moves_the_epoch_and_signing_in_does_not():
    worker = WorkerFactory()
    user = UserFactory()
    before = _epoch()
    type(worker).objects.filter(pk=worker.pk).update(first_name="Renamed")
    assert _epoch() > before
    moved = _epoch()
    type(user).objects.filter(pk=user.pk).update(last_login=timezone.now())
    assert _epoch() == moved


def test_an_audit_entry_moves_nothing():
    child = ChildFactory()
    before, epoch = _version(child), _epoch()
    AuditEntry.objects.create(
        at=timezone.now(), username="x", action=AuditEntry.Action.VIEW, child=child, what="Test"
    )
    assert (_version(child), _epoch()) == (before, epoch)


def test_a_bulk_write_moves_the_epochs_once_at_the_end():
    """The synthetic generator's millions of rows: on PostgreSQL the triggers stand aside and
    both epochs move at the end, so nothing kept from before is read again."""
    child = ChildFactory()
    before = versions(child.pk)
    access_before = record_version.access_epoch()
    with transaction.atomic(), record_version.bulk_write():
        VisitFactory(child=child)
        if connection.vendor == "postgresql":
            assert versions(child.pk) == before
    assert versions(child.pk)[0] > before[0]
    assert record_version.access_epoch() > access_before


def test_installing_again_restores_a_lost_trigger():
    """SQLite drops a table's triggers when a migration rebuilds the table: the next install
    (after every migrate) notices one is missing and puts them back."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER hearth_rv_insert ON casework_visit")
        else:
            cursor.execute("DROP TRIGGER hearth_rv_insert_casework_visit")
    record_version.install()
    child = ChildFactory()
    before = _version(child)
    VisitFactory(child=child)
    assert _version(child) > before
