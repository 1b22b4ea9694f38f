"""The "Correct this entry" pages: amend, strike through and move, with the GOV.UK error summary,
the optimistic concurrency check, and the chronology showing what was corrected."""

from __future__ import annotations

import datetime as dt

import pytest
from crispy_forms.utils import render_crispy_form
from django.urls import reverse
from django.utils.html import escape

from hearth.access.tests.signin import force_login_verified
from hearth.casework import corrections
from hearth.casework.corrections_views import amend_form_for
from hearth.casework.models import Correction, Visit
from hearth.casework.tests.conftest import date_parts
from hearth.casework.tests.factories import VisitFactory
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.tests.factories import AllocationFactory, WorkerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(child, social_worker):
    return VisitFactory(
        child=child,
        worker=social_worker,
        recorded_by=social_worker.user,
        date=dt.date(2024, 2, 5),
        observations="Bedroom was tidy.",
    )


def _url(name, visit):
    return reverse(name, args=[visit.child_id, "casework.visit", visit.pk])


def _amend_data(visit, **overrides):
    data = {
        **date_parts("date", visit.date),
        "kind": visit.kind,
        "child_seen": "yes",
        "seen_alone": "yes",
        "childs_views": visit.childs_views,
        "observations": "Bedroom was tidy; Mia showed me her drawings.",
        "reason": "Left out what Mia showed me",
        "version": visit.version,
    }
    return data | overrides


def test_the_form_shows_the_entry_and_its_answers(sw_client, visit):
    page = sw_client.get(_url("entry_correct", visit)).content.decode()
    assert "Correct this entry" in page
    assert "Bedroom was tidy." in page
    assert 'name="reason"' in page


def test_a_correction_without_a_reason_shows_the_error_summary(sw_client, visit):
    response = sw_client.post(_url("entry_correct", visit), _amend_data(visit, reason=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Enter the reason for the correction" in page
    visit.refresh_from_db()
    assert visit.observations == "Bedroom was tidy."


def test_a_correction_is_saved_and_shown_in_the_chronology(sw_client, visit, social_worker):
    response = sw_client.post(_url("entry_correct", visit), _amend_data(visit))
    assert response.status_code == 302
    assert response["Location"] == reverse("child_chronology", args=[visit.child_id])
    page = sw_client.get(response["Location"]).content.decode()
    assert "Corrected on" in page
    assert "Left out what Mia showed me" in page
    assert escape(social_worker.user.get_full_name()) in page
    assert Correction.objects.get().changes["observations"]["before"] == "Bedroom was tidy."


def test_a_correction_of_a_visit_changed_meanwhile_is_refused_with_the_latest(sw_client, visit):
    Visit.objects.filter(pk=visit.pk).update(version=2, observations="Changed by someone else")
    response = sw_client.post(_url("entry_correct", visit), _amend_data(visit))
    assert response.status_code == 409
    assert "Changed by someone else" in response.content.decode()
    assert not Correction.objects.exists()


def test_a_colleague_cannot_open_the_correction_form(client, visit, team, child):
    colleague = WorkerFactory(team=team)
    AllocationFactory(child=child, worker=colleague, kind="personal_adviser")
    force_login_verified(client, colleague.user)
    assert client.get(_url("entry_correct", visit)).status_code == 403


def test_striking_through_shows_the_entry_struck_in_the_chronology(sw_client, visit):
    response = sw_client.post(
        _url("entry_strike", visit), {"reason": "Recorded twice", "version": visit.version}
    )
    assert response.status_code == 302
    page = sw_client.get(response["Location"]).content.decode()
    assert "<del>" in page and "Struck through</strong>" in page
    assert "Recorded twice" in page


def test_striking_through_without_a_reason_shows_the_error_summary(sw_client, visit):
    page = sw_client.post(
        _url("entry_strike", visit), {"reason": "", "version": visit.version}
    ).content.decode()
    assert "govuk-error-summary" in page and "Enter the reason for the correction" in page
    visit.refresh_from_db()
    assert visit.archived_at is None


def test_the_chronology_offers_to_correct_an_entry(sw_client, visit):
    page = sw_client.get(reverse("child_chronology", args=[visit.child_id])).content.decode()
    assert _url("entry_correct", visit) in page


def test_a_social_worker_cannot_open_the_move_form(sw_client, visit):
    assert sw_client.get(_url("entry_move", visit)).status_code == 403


def test_a_manager_moves_a_visit_and_the_wrong_record_does_not_name_the_right_child(
    tm_client, visit, social_worker, child
):
    right = ChildFactory(first_name="Zebedee", last_name="Quill", date_of_birth=dt.date(2014, 3, 1))
    AllocationFactory(child=right, worker=social_worker, start_date=dt.date(2024, 1, 2))
    response = tm_client.post(
        _url("entry_move", visit),
        {"la_child_id": right.la_child_id, "reason": "Visit was to Leo", "version": 1},
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.child == right
    wrong_page = tm_client.get(reverse("child_chronology", args=[child.pk])).content.decode()
    assert "An entry was moved to another record" in wrong_page
    assert "Zebedee" not in wrong_page and right.la_child_id not in wrong_page
    right_page = tm_client.get(reverse("child_chronology", args=[right.pk])).content.decode()
    assert "Moved from another record" in right_page


def test_moving_to_a_child_the_manager_cannot_see_is_an_error_on_the_form(tm_client, visit):
    hidden = ChildFactory()
    page = tm_client.post(
        _url("entry_move", visit),
        {"la_child_id": hidden.la_child_id, "reason": "Wrong child", "version": 1},
    ).content.decode()
    assert "Enter the LA child ID of a child whose record you can see" in page
    visit.refresh_from_db()
    assert visit.child_id != hidden.pk


@pytest.mark.parametrize("label", sorted(corrections.correctable_models()))
def test_every_amendable_answer_of_every_entry_has_a_question_on_the_form(label):
    model = corrections.correctable_models()[label]
    form = amend_form_for(model)()
    wanted = {f.name for f in corrections.amendable_fields(model)}
    assert wanted <= set(form.fields), wanted - set(form.fields)
    assert {"reason", "version"} <= set(form.fields)
    html = render_crispy_form(form)
    assert all(f'name="{name}' in html for name in wanted)


@pytest.fixture
def final_note(child, social_worker):
    from django.utils import timezone

    from hearth.casework.models import CaseNote

    return CaseNote.objects.create(
        child=child,
        occurred_at=timezone.make_aware(dt.datetime(2024, 3, 4, 10, 30)),
        author=social_worker,
        recorded_by=social_worker.user,
        kind=CaseNote.Kind.PHONE,
        subject="Call from school",
        text="Attendance is 60%.",
    )


def _note_url(name, note):
    return reverse(name, args=[note.child_id, "casework.casenote", note.pk])


def test_a_final_case_note_is_corrected_through_its_date_and_time(sw_client, final_note):
    response = sw_client.post(
        _note_url("entry_correct", final_note),
        {
            **date_parts("occurred_at", dt.date(2024, 3, 4)),
            "occurred_at_time": "10:30",
            "kind": "phone",
            "subject": "Call from school",
            "text": "Attendance is 70%.",
            "reason": "Misheard the figure",
            "version": final_note.version,
        },
    )
    assert response.status_code == 302
    final_note.refresh_from_db()
    assert final_note.text == "Attendance is 70%."
    assert list(Correction.objects.get().changes) == ["text"]


def test_the_notes_list_shows_a_struck_note_struck_with_its_reason(sw_client, final_note):
    sw_client.post(_note_url("entry_strike", final_note), {"reason": "Wrong child", "version": 1})
    page = sw_client.get(reverse("child_notes", args=[final_note.child_id])).content.decode()
    assert "Struck through</strong>" in page and "<del>" in page
    assert "Wrong child" in page


def test_the_notes_list_offers_to_correct_a_final_note(sw_client, final_note):
    page = sw_client.get(reverse("child_notes", args=[final_note.child_id])).content.decode()
    assert _note_url("entry_correct", final_note) in page


def test_the_chronology_offers_no_correction_to_a_colleague_who_did_not_record_it(
    client, visit, team, child
):
    colleague = WorkerFactory(team=team)
    AllocationFactory(child=child, worker=colleague, kind="personal_adviser")
    force_login_verified(client, colleague.user)
    page = client.get(reverse("child_chronology", args=[child.pk])).content.decode()
    assert "Bedroom was tidy." in page
    assert _url("entry_correct", visit) not in page


def test_the_chronology_offers_the_childs_manager_to_correct_any_entry(tm_client, visit):
    page = tm_client.get(reverse("child_chronology", args=[visit.child_id])).content.decode()
    assert _url("entry_correct", visit) in page


def test_someone_who_cannot_see_the_child_cannot_correct_its_entries(client, visit):
    outsider = WorkerFactory()
    force_login_verified(client, outsider.user)
    response = client.post(
        _url("entry_strike", visit), {"reason": "Not mine to strike", "version": 1}
    )
    assert response.status_code == 404
    visit.refresh_from_db()
    assert visit.archived_at is None and not Correction.objects.exists()
