"""Posting the same rendered create form twice saves once (double click, back and resubmit)."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from hearth.access.tests.signin import force_login_verified
from hearth.casework.models import CaseNote
from hearth.core.models import FormSubmission
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.tests.factories import AllocationFactory, WorkerFactory


def _note_post(token: str) -> dict:
    today = timezone.localdate() - dt.timedelta(days=1)
    return {
        "occurred_at_0": today.day,
        "occurred_at_1": today.month,
        "occurred_at_2": today.year,
        "occurred_at_time": "09:30",
        "kind": CaseNote.Kind.CASE_NOTE,
        "subject": "Call from school",
        "text": "Attendance 60%.",
        "form_token": token,
    }


def _signed_in_worker_with_child(client):
    worker = WorkerFactory()
    child = ChildFactory()
    AllocationFactory(child=child, worker=worker)
    force_login_verified(client, worker.user)
    return child


def _token(html: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def test_posting_the_same_rendered_form_twice_saves_once(client, db):
    child = _signed_in_worker_with_child(client)
    url = reverse("case_note_add", args=[child.pk])
    token = _token(client.get(url).content.decode())
    first = client.post(url, _note_post(token))
    second = client.post(url, _note_post(token))
    assert CaseNote.objects.filter(child=child).count() == 1
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]


def test_two_renders_of_a_form_save_two_records(client, db):
    child = _signed_in_worker_with_child(client)
    url = reverse("case_note_add", args=[child.pk])
    for _ in range(2):
        client.post(url, _note_post(_token(client.get(url).content.decode())))
    assert CaseNote.objects.filter(child=child).count() == 2


def test_a_refused_form_does_not_spend_its_token(client, db):
    child = _signed_in_worker_with_child(client)
    url = reverse("case_note_add", args=[child.pk])
    token = _token(client.get(url).content.decode())
    refused = client.post(url, {**_note_post(token), "subject": ""})
    assert refused.status_code == 200
    assert _token(refused.content.decode()) == token
    assert not FormSubmission.objects.exists()
    client.post(url, _note_post(token))
    assert CaseNote.objects.filter(child=child).count() == 1


def test_submit_buttons_prevent_double_click(client, db):
    child = _signed_in_worker_with_child(client)
    html = client.get(reverse("case_note_add", args=[child.pk])).content.decode()
    buttons = re.findall(r'<input type="submit"[^>]*>', html)
    submits = [b for b in buttons if 'name="submit"' in b or 'name="save_draft"' in b]
    assert len(submits) == 2
    assert all('data-prevent-double-click="true"' in b for b in submits)
