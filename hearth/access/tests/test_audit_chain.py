"""The tamper-evident audit log. Tampering tests act as a database superuser would, with the
append-only triggers switched off (`bypassing_the_database`); test_audit_append_only.py shows the
database refusing the same changes from Hearth's own connection."""

import json
import logging

import pytest
from django.core.management import call_command

from hearth.access import audit
from hearth.access.models import AuditEntry, AuditSeal
from hearth.access.tests.factories import UserFactory
from hearth.access.tests.tampering import bypassing_the_database
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def anchor_file(settings, tmp_path):
    path = tmp_path / "audit-anchor.log"
    settings.AUDIT_ANCHOR_FILE = str(path)
    return path


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
    with bypassing_the_database():
        AuditEntry.objects.filter(pk=target.pk).update(what="Nothing to see")
    result = audit.verify()
    assert not result.ok
    assert result.entry_id == target.pk
    assert "altered" in result.problem


def test_deleted_entry_breaks_the_chain_at_the_next_one(five_entries):
    with bypassing_the_database():
        AuditEntry.objects.filter(pk=five_entries[1].pk).delete()
    result = audit.verify()
    assert not result.ok
    assert result.entry_id == five_entries[2].pk
    assert "deleted or inserted" in result.problem


def test_deleted_last_entries_are_detected(five_entries):
    with bypassing_the_database():
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
    with bypassing_the_database() as cur:
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
    with bypassing_the_database():
        AuditEntry.objects.filter(pk=five_entries[3].pk).update(reason="edited")
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify")
    assert exit_info.value.code == 1
    assert f"#{five_entries[3].pk}" in capsys.readouterr().err


def test_verify_command_passes_on_an_intact_log(five_entries, capsys):
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out


# Anchoring outside the database --------------------------------------------------------------


def _write_and_seal(n: int, what: str = "Child record") -> list[AuditEntry]:
    user = UserFactory()
    entries = [audit.record(user=user, action="view", what=f"{what} {i}") for i in range(n)]
    audit.seal()
    return entries


def test_each_seal_is_appended_to_the_anchor_file_and_logged(anchor_file, caplog):
    caplog.set_level(logging.INFO, logger="hearth.audit.anchor")
    entries = _write_and_seal(3)
    _write_and_seal(2)
    lines = [json.loads(line) for line in anchor_file.read_text().splitlines()]
    assert [line["entries"] for line in lines] == [3, 5]
    assert [line["from_entries"] for line in lines] == [0, 3]
    assert lines[1]["from_chain_hash"] == lines[0]["chain_hash"]
    assert lines[0]["last_entry_id"] == entries[-1].pk
    assert lines[1]["chain_hash"] == AuditSeal.objects.get(pk=lines[1]["seal"]).chain_hash
    assert lines[1]["key_id"] == audit.current_key_id()
    assert sum("audit seal" in r.getMessage() for r in caplog.records) == 2


def test_an_untouched_anchored_log_verifies(anchor_file):
    _write_and_seal(3)
    _write_and_seal(2)
    result = audit.verify()
    assert result.ok, result.problem
    assert result.checked == 5


def test_truncating_the_tail_with_its_seals_is_detected_against_the_anchor(anchor_file):
    _write_and_seal(3)
    tail = _write_and_seal(2)
    with bypassing_the_database():
        AuditEntry.objects.filter(pk__in=[e.pk for e in tail]).delete()
        AuditSeal.objects.filter(last_entry_id=tail[-1].pk).delete()
    result = audit.verify()
    assert not result.ok
    assert f"5 entries were sealed up to entry #{tail[-1].pk}" in result.problem
    assert "truncated or wiped" in result.problem


def test_truncating_and_sealing_again_is_detected_against_the_anchor(anchor_file):
    """A fresh seal after the truncation does not hide it: it does not continue the last line."""
    _write_and_seal(3)
    tail = _write_and_seal(2)
    with bypassing_the_database():
        AuditEntry.objects.filter(pk__in=[e.pk for e in tail]).delete()
        AuditSeal.objects.filter(last_entry_id=tail[-1].pk).delete()
    _write_and_seal(4, what="After the truncation")
    result = audit.verify()
    assert not result.ok
    assert "continues from 3 entries, but the seal before it had sealed 5" in result.problem


def test_a_seal_that_cannot_be_anchored_is_not_made_and_the_page_still_works(
    settings, tmp_path, monkeypatch, caplog
):
    settings.AUDIT_ANCHOR_FILE = str(tmp_path)  # a directory: the append fails
    audit.record(user=None, action="search", what="Search")
    with pytest.raises(IsADirectoryError):
        audit.seal()
    assert AuditSeal.objects.count() == 0
    assert AuditEntry.objects.filter(chain_hash="").count() == 1
    monkeypatch.setattr(audit, "_last_seal", 0.0)
    audit.maybe_seal()  # after a request's commit: logged, not raised
    assert "Audit seal failed" in caplog.text


def test_wiping_the_log_is_detected_against_the_anchor(anchor_file):
    _write_and_seal(4)
    with bypassing_the_database() as cur:
        cur.execute("DELETE FROM access_auditentry")
        cur.execute("DELETE FROM access_auditseal")
    result = audit.verify()
    assert not result.ok
    assert "the audit log is empty" in result.problem


def test_wiping_the_log_fails_the_verify_command(anchor_file, capsys):
    _write_and_seal(2)
    with bypassing_the_database() as cur:
        cur.execute("DELETE FROM access_auditentry")
        cur.execute("DELETE FROM access_auditseal")
    with pytest.raises(SystemExit):
        call_command("audit", "verify")
    assert "truncated or wiped" in capsys.readouterr().err


def test_an_edited_anchor_line_is_detected(anchor_file):
    _write_and_seal(3)
    line = json.loads(anchor_file.read_text())
    line["entries"] = 2
    anchor_file.write_text(json.dumps(line) + "\n")
    result = audit.verify()
    assert not result.ok
    assert "anchor file was edited" in result.problem


# Audit keys ------------------------------------------------------------------------------------

OLD_KEY = "old-audit-key-" + "a" * 40
NEW_KEY = "new-audit-key-" + "b" * 40


def test_entries_record_the_id_of_the_key_that_made_them(settings):
    settings.AUDIT_HMAC_KEYS = {"k2": NEW_KEY, "k1": OLD_KEY}
    entry = _write_and_seal(1)[0]
    entry.refresh_from_db()
    assert entry.key_id == "k2"
    assert AuditSeal.objects.get().key_id == "k2"


def test_entries_written_under_the_old_key_verify_after_rotation(settings, anchor_file):
    settings.AUDIT_HMAC_KEYS = {"k1": OLD_KEY}
    before = _write_and_seal(3)
    settings.AUDIT_HMAC_KEYS = {"k2": NEW_KEY, "k1": OLD_KEY}
    after = _write_and_seal(2)
    assert {e.key_id for e in before} == {"k1"} and {e.key_id for e in after} == {"k2"}
    result = audit.verify()
    assert result.ok, result.problem
    assert result.checked == 5


def test_rotating_secret_key_leaves_the_audit_log_verifiable(settings):
    settings.AUDIT_HMAC_KEYS = {"k1": OLD_KEY}
    _write_and_seal(2)
    settings.SECRET_KEY = "a-completely-new-secret-key-" + "c" * 40
    assert audit.verify().ok


def test_a_removed_key_gives_a_clear_error(settings):
    settings.AUDIT_HMAC_KEYS = {"k1": OLD_KEY}
    first = _write_and_seal(1)[0]
    settings.AUDIT_HMAC_KEYS = {"k2": NEW_KEY}
    _write_and_seal(1)
    result = audit.verify()
    assert not result.ok
    assert result.entry_id == first.pk
    assert "audit key 'k1', which is not in AUDIT_HMAC_KEYS" in result.problem


def test_a_wrong_key_under_the_same_id_is_reported_as_altered(settings):
    settings.AUDIT_HMAC_KEYS = {"k1": OLD_KEY}
    first = _write_and_seal(1)[0]
    settings.AUDIT_HMAC_KEYS = {"k1": NEW_KEY}
    result = audit.verify()
    assert not result.ok and result.entry_id == first.pk


def test_entries_from_before_audit_keys_verify_under_secret_key_listed_as_legacy(settings):
    """Rows migrated from before AUDIT_HMAC_KEYS carry key id 'legacy' (SECRET_KEY)."""
    settings.AUDIT_HMAC_KEYS = {}
    entry = _write_and_seal(1)[0]
    assert entry.key_id == audit.LEGACY_KEY_ID
    settings.AUDIT_HMAC_KEYS = {"k2": NEW_KEY, "legacy": settings.SECRET_KEY}
    assert audit.verify().ok


def test_once_audit_keys_are_set_secret_key_alone_verifies_nothing(settings):
    settings.AUDIT_HMAC_KEYS = {}
    _write_and_seal(1)
    settings.AUDIT_HMAC_KEYS = {"k2": NEW_KEY}
    result = audit.verify()
    assert not result.ok
    assert "add legacy:<the SECRET_KEY it was written under>" in result.problem


def test_an_entry_signed_with_a_retired_key_after_newer_entries_is_detected(settings):
    """Someone holding an old key cannot slip entries in after the key was rotated."""
    settings.AUDIT_HMAC_KEYS = {"k1": OLD_KEY}
    _write_and_seal(1)
    settings.AUDIT_HMAC_KEYS = {"k2": NEW_KEY, "k1": OLD_KEY}
    _write_and_seal(1)
    settings.AUDIT_HMAC_KEYS = {"k1": OLD_KEY, "k2": NEW_KEY}  # forger writes with k1 ...
    forged = audit.record(user=None, action="search", what="Forged with the old key")
    settings.AUDIT_HMAC_KEYS = {"k2": NEW_KEY, "k1": OLD_KEY}  # ... the keyring as deployed
    result = audit.verify()
    assert not result.ok
    assert result.entry_id == forged.pk
    assert "older audit key 'k1' after entries signed with 'k2'" in result.problem


# Sealing promptly ------------------------------------------------------------------------------


@pytest.fixture
def timers(settings, monkeypatch):
    """Background seals scheduled by maybe_seal: (delay, function), not started."""
    settings.AUDIT_SEAL_IN_BACKGROUND = True
    scheduled = []

    class FakeTimer:
        def __init__(self, delay, function):
            scheduled.append((delay, function))
            self.daemon = False

        def start(self):
            pass

        def is_alive(self):
            return True

    monkeypatch.setattr(audit.threading, "Timer", FakeTimer)
    monkeypatch.setattr(audit, "_timer", None)
    return scheduled


def test_a_write_inside_the_seal_interval_schedules_a_seal_shortly(timers, monkeypatch):
    monkeypatch.setattr(audit, "_last_seal", audit.time.monotonic())
    audit.record(user=None, action="search", what="Search", detail={"q": "Smith"})
    audit.maybe_seal()
    audit.maybe_seal()  # a second write before the seal runs does not schedule another
    assert len(timers) == 1
    delay, function = timers[0]
    assert 0 < delay <= audit.SEAL_INTERVAL_SECONDS
    assert function is audit._timed_seal
    assert audit._seal_now() == 1
    assert not AuditEntry.objects.filter(chain_hash="").exists()


def test_a_write_after_the_interval_is_sealed_at_once(timers, monkeypatch):
    monkeypatch.setattr(audit, "_last_seal", 0.0)
    audit.record(user=None, action="search", what="Search", detail={"q": "Smith"})
    audit.maybe_seal()
    assert timers == []
    assert not AuditEntry.objects.filter(chain_hash="").exists()
