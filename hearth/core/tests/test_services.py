import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hearth.access.models import AuditEntry
from hearth.access.tests.factories import UserFactory
from hearth.casework.models import SignificantEvent
from hearth.casework.tests.factories import SignificantEventFactory
from hearth.core.chronology import chronology_for
from hearth.core.services import ConcurrentEditError, record_archive, record_create, record_update
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_second_editor_of_the_same_version_gets_a_conflict_not_an_overwrite():
    event = SignificantEventFactory(title="Moved house")
    alice, bob = UserFactory(), UserFactory()
    record_update(
        instance=event, expected_version=1, changes={"title": "Moved to Hampton"}, acting_user=alice
    )
    stale = SignificantEvent.objects.get(pk=event.pk)
    stale.version = 1  # Bob opened the form before Alice saved
    with pytest.raises(ConcurrentEditError):
        record_update(
            instance=stale,
            expected_version=1,
            changes={"title": "Moved to Bretton"},
            acting_user=bob,
        )
    assert SignificantEvent.objects.get(pk=event.pk).title == "Moved to Hampton"


def test_update_is_audited_with_before_and_after():
    event = SignificantEventFactory(title="Moved house")
    record_update(
        instance=event,
        expected_version=1,
        changes={"title": "Moved flat"},
        acting_user=UserFactory(),
    )
    entry = AuditEntry.objects.get(action="update")
    assert entry.detail["before"] == {"title": "Moved house"}
    assert entry.detail["after"] == {"title": "Moved flat"}
    assert entry.child_id == event.child_id


def test_invalid_update_is_refused_and_nothing_changes():
    event = SignificantEventFactory(title="Moved house")
    with pytest.raises(ValidationError):
        record_update(
            instance=event, expected_version=1, changes={"title": ""}, acting_user=UserFactory()
        )
    assert SignificantEvent.objects.get(pk=event.pk).title == "Moved house"
    assert not AuditEntry.objects.filter(action="update").exists()


def test_create_validates_and_audits():
    child = ChildFactory()
    event = record_create(
        instance=SignificantEvent(child=child, date=dt.date(2024, 1, 2), title="Started school"),
        acting_user=UserFactory(),
    )
    assert AuditEntry.objects.get(action="create").detail["pk"] == event.pk


def test_archive_is_soft_needs_a_reason_and_leaves_the_chronology():
    event = SignificantEventFactory()
    with pytest.raises(ValueError):
        record_archive(instance=event, reason=" ", acting_user=UserFactory())
    record_archive(instance=event, reason="Recorded on the wrong child", acting_user=UserFactory())
    assert SignificantEvent.objects.filter(pk=event.pk).exists()
    assert chronology_for(child=event.child) == []
    assert AuditEntry.objects.get(action="delete").reason == "Recorded on the wrong child"


def test_the_system_user_cannot_sign_in_and_is_one_row():
    from hearth.core.services import system_user

    user = system_user()
    assert not user.is_active and not user.has_usable_password()
    assert system_user().pk == user.pk


def test_a_command_writes_its_audit_entry_as_the_system_user():
    import io

    from django.core.management import call_command

    from hearth.core.services import SYSTEM_USERNAME

    call_command("insight_ilacs", neighbours="Bolton,Rochdale", stdout=io.StringIO())
    entry = AuditEntry.objects.filter(what="Statistical neighbours set").get()
    assert entry.username == SYSTEM_USERNAME
