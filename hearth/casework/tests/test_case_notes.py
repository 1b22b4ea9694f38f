"""Case notes with types and drafts: a draft is its author's alone and outside the record until
finished; a finished note is in the chronology and cannot be edited as a draft."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hearth.access.tests.signin import force_login_verified
from hearth.casework import notes
from hearth.casework.models import CaseNote
from hearth.core.chronology import chronology_for
from hearth.workforce.tests.factories import AllocationFactory, WorkerFactory

pytestmark = pytest.mark.django_db


def _form(**overrides):
    today = timezone.localdate()
    data = {
        "occurred_at_0": today.day,
        "occurred_at_1": today.month,
        "occurred_at_2": today.year,
        "occurred_at_time": "00:01",
        "kind": "phone",
        "subject": "Call from school",
        "text": "Head of year rang: attendance down to 60%.",
    }
    return data | overrides


def test_saving_as_draft_keeps_it_out_of_the_record(client, social_worker, child):
    force_login_verified(client, social_worker.user)
    client.post(reverse("case_note_add", args=[child.pk]), _form(save_draft="Save as draft"))
    note = CaseNote.objects.get()
    assert note.status == CaseNote.Status.DRAFT and note.finalised_at is None
    assert "Call from school" not in " ".join(e.title for e in chronology_for(child=child))


def test_a_draft_is_seen_only_by_its_author(client, social_worker, child, team):
    force_login_verified(client, social_worker.user)
    client.post(reverse("case_note_add", args=[child.pk]), _form(save_draft="Save as draft"))
    assert (
        "Call from school" in client.get(reverse("child_notes", args=[child.pk])).content.decode()
    )
    colleague = WorkerFactory(team=team)
    AllocationFactory(child=child, worker=colleague, kind="personal_adviser")
    force_login_verified(client, colleague.user)
    assert (
        "Call from school"
        not in client.get(reverse("child_notes", args=[child.pk])).content.decode()
    )
    note = CaseNote.objects.get()
    url = reverse("case_note_edit", args=[child.pk, note.pk])
    assert client.get(url).status_code == 404


def test_finishing_a_note_puts_it_in_the_chronology_with_its_type(client, social_worker, child):
    force_login_verified(client, social_worker.user)
    response = client.post(reverse("case_note_add", args=[child.pk]), _form())
    assert response.status_code == 302
    note = CaseNote.objects.get()
    assert note.status == CaseNote.Status.FINAL and note.finalised_at is not None
    assert "Telephone call: Call from school" in [e.title for e in chronology_for(child=child)]


def test_a_draft_is_finished_later_from_my_work(client, social_worker, child):
    force_login_verified(client, social_worker.user)
    client.post(reverse("case_note_add", args=[child.pk]), _form(save_draft="Save as draft"))
    note = CaseNote.objects.get()
    my_work = client.get(reverse("my_work")).content.decode()
    assert reverse("case_note_edit", args=[child.pk, note.pk]) in my_work
    client.post(
        reverse("case_note_edit", args=[child.pk, note.pk]),
        _form(text="Attendance 60%; meeting booked.", version=note.version),
    )
    note.refresh_from_db()
    assert note.status == CaseNote.Status.FINAL
    assert note.text == "Attendance 60%; meeting booked."


def test_a_final_note_cannot_be_changed_as_a_draft(social_worker, child):
    note = notes.case_note_add(
        child=child,
        occurred_at=timezone.now(),
        kind="case_note",
        subject="Seen at school",
        text="Fine",
        finalise=True,
        acting_user=social_worker.user,
    )
    with pytest.raises(ValidationError):
        notes.case_note_draft_update(
            note=note,
            expected_version=note.version,
            occurred_at=timezone.now(),
            kind="case_note",
            subject="Changed",
            text="Changed",
            finalise=True,
            acting_user=social_worker.user,
        )


def test_a_note_needs_its_text_with_a_govuk_error(client, social_worker, child):
    force_login_verified(client, social_worker.user)
    response = client.post(reverse("case_note_add", args=[child.pk]), _form(text=""))
    content = response.content.decode()
    assert "govuk-error-summary" in content and "Enter the note" in content
    assert not CaseNote.objects.exists()


def test_a_note_over_the_length_limit_is_refused(client, social_worker, child):
    force_login_verified(client, social_worker.user)
    response = client.post(reverse("case_note_add", args=[child.pk]), _form(text="x" * 10_001))
    assert "govuk-error-summary" in response.content.decode()
    assert not CaseNote.objects.exists()


def test_a_note_cannot_be_dated_in_the_future(client, social_worker, child):
    force_login_verified(client, social_worker.user)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    client.post(
        reverse("case_note_add", args=[child.pk]),
        _form(
            occurred_at_0=tomorrow.day, occurred_at_1=tomorrow.month, occurred_at_2=tomorrow.year
        ),
    )
    assert not CaseNote.objects.exists()
