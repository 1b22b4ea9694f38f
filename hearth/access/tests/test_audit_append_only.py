"""The database itself refuses to change or remove audit rows (triggers from migration 0006),
on SQLite and PostgreSQL alike; only the sealer's filling-in of an unsealed chain_hash passes."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from hearth.access import audit
from hearth.access.models import AuditEntry, AuditSeal
from hearth.access.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def log():
    """Two sealed entries and one written after the seal, with maintenance off (as in
    production: the test runner turns it on so it can flush tables between tests)."""
    audit.set_maintenance(False)
    user = UserFactory()
    sealed = [audit.record(user=user, action="view", what=f"Sealed {i}") for i in range(2)]
    audit.seal()
    unsealed = audit.record(user=user, action="view", what="Not yet sealed")
    yield sealed, unsealed
    audit.set_maintenance(True)


def _refused(sql: str, params=()) -> str:
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql, params)
    return str(error.value)


def test_deleting_unsealed_rows_is_refused(log):
    _, unsealed = log
    message = _refused("DELETE FROM access_auditentry WHERE id = %s", [unsealed.pk])
    assert "append-only" in message
    assert AuditEntry.objects.filter(pk=unsealed.pk).exists()


def test_deleting_sealed_rows_through_the_orm_is_refused(log):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=log[0][0].pk).delete()
    assert AuditEntry.objects.count() == 3


def test_wiping_the_log_is_refused(log):
    assert "append-only" in _refused("DELETE FROM access_auditentry")
    assert "append-only" in _refused("DELETE FROM access_auditseal")
    assert AuditEntry.objects.count() == 3 and AuditSeal.objects.count() == 1


def test_truncating_the_audit_tables_is_refused(log):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE; DELETE without WHERE is refused above")
    with connection.cursor() as cur:  # fire the inserts' deferred FK checks, as a commit would
        cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert "append-only" in _refused("TRUNCATE access_auditentry")
    assert "append-only" in _refused("TRUNCATE access_auditseal")


def test_editing_an_entry_is_refused(log):
    message = _refused(
        "UPDATE access_auditentry SET what = 'Nothing' WHERE id = %s", [log[0][0].pk]
    )
    assert "append-only" in message


def test_editing_an_unsealed_entry_along_with_its_chain_hash_is_refused(log):
    _, unsealed = log
    _refused(
        "UPDATE access_auditentry SET chain_hash = %s, reason = 'x' WHERE id = %s",
        ["f" * 64, unsealed.pk],
    )


def test_re_chaining_a_sealed_entry_is_refused(log):
    _refused("UPDATE access_auditentry SET chain_hash = %s WHERE id = %s", ["f" * 64, log[0][0].pk])


def test_editing_a_seal_is_refused(log):
    _refused("UPDATE access_auditseal SET entries = 1")


def test_sealing_is_the_one_update_allowed(log):
    assert audit.seal() == 1
    assert audit.verify().ok


def test_a_maintenance_block_may_delete_rows_for_a_synthetic_wipe(log):
    with audit.maintenance():
        AuditEntry.objects.filter(pk=log[1].pk).delete()
    assert not AuditEntry.objects.filter(pk=log[1].pk).exists()
    _refused("DELETE FROM access_auditentry")


def test_wiping_a_synthetic_authority_removes_its_audit_rows_and_nothing_more(log):
    from hearth.people.tests.factories import ChildFactory
    from hearth.synthetic.build import wipe

    child = ChildFactory()
    about_child = audit.record(user=None, action="view", what="Child record", child=child)
    wipe()
    assert not AuditEntry.objects.filter(pk=about_child.pk).exists()
    assert AuditEntry.objects.filter(pk=log[1].pk).exists()
    _refused("DELETE FROM access_auditentry")  # the maintenance block ended with the wipe
