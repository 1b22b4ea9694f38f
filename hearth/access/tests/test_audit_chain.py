import pytest
from django.core.management import call_command
from django.db import connection

from hearth.access import audit
from hearth.access.models import AuditEntry
from hearth.access.tests.factories import UserFactory
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_entries():
    user = UserFactory()
    child = ChildFactory()
    entries = [
        audit.record(user=user, action="view", what=f"Child record: page {i}", child=child)
        for i in range(5)
    ]
    audit.seal()
    return entries


def test_untouched_log_verifies(five_entries):
    result = audit.verify()
    assert result.ok
    assert result.checked == 5


def test_altered_entry_is_named(five_entries):
    target = five_entries[2]
    AuditEntry.objects.filter(pk=target.pk).update(what="Nothing to see")
    result = audit.verify()
    assert not result.ok
    assert result.entry_id == target.pk
    assert "altered" in result.problem


def test_deleted_entry_breaks_the_chain_at_the_next_one(five_entries):
    AuditEntry.objects.filter(pk=five_entries[1].pk).delete()
    result = audit.verify()
    assert not result.ok
    assert result.entry_id == five_entries[2].pk
    assert "deleted or inserted" in result.problem


def test_deleted_last_entries_are_detected(five_entries):
    AuditEntry.objects.filter(pk=five_entries[4].pk).delete()
    result = audit.verify()
    assert not result.ok
    assert "deleted" in result.problem


def test_forged_entry_without_the_key_is_detected(five_entries):
    forged = AuditEntry.objects.get(pk=five_entries[0].pk)
    forged.pk = None
    forged.what = "Forged"
    forged.save(force_insert=True)
    result = audit.verify()
    assert not result.ok
    assert result.entry_id == forged.pk


def test_copied_entry_inserted_into_the_chain_is_detected(five_entries):
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE access_auditentry SET row_hash = %s, what = %s, at = %s WHERE id = %s",
            [
                five_entries[0].row_hash,
                five_entries[0].what,
                five_entries[0].at,
                five_entries[3].pk,
            ],
        )
    result = audit.verify()
    assert not result.ok
    assert result.entry_id == five_entries[3].pk


def test_entries_written_after_the_seal_verify_once_sealed(five_entries):
    audit.record(user=None, action="search", what="Search", detail={"q": "Smith"})
    assert audit.verify().ok
    assert audit.seal() == 1
    assert audit.verify().ok


def test_verify_command_fails_and_names_the_entry(five_entries, capsys):
    AuditEntry.objects.filter(pk=five_entries[3].pk).update(reason="edited")
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify")
    assert exit_info.value.code == 1
    assert f"#{five_entries[3].pk}" in capsys.readouterr().err


def test_verify_command_passes_on_an_intact_log(five_entries, capsys):
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out
