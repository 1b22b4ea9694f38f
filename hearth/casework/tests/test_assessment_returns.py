"""A manager returns an assessment to the worker with comments instead of authorising it; the
worker cannot change it while it waits, sees the comments, edits and resubmits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hearth.access.tests.signin import force_login_verified
from hearth.casework import services
from hearth.casework.models import AssessmentReturn
from hearth.casework.worklist import due_items

D = dt.date


def _completed(cin, worker, *, analysis="Neglect evident"):
    a = services.assessment_start(
        cin_episode=cin, start_date=D(2024, 1, 9), acting_user=worker.user
    )
    services.assessment_update(
        assessment=a,
        expected_version=a.version,
        analysis=analysis,
        factors=["2B"],
        child_seen=True,
        seen_alone=True,
        childs_views="I want Dad to stop shouting.",
        completed_date=D(2024, 2, 1),
        requires_support=True,
        acting_user=worker.user,
    )
    return a


def _return(a, manager, comments="Say what Mia's school told you."):
    return services.assessment_return(
        assessment=a, expected_version=a.version, comments=comments, acting_user=manager.user
    )


def _update(a, worker, **changes):
    values = {
        "assessment": a,
        "expected_version": a.version,
        "analysis": "Neglect evident; school reports hunger.",
        "factors": ["2B"],
        "child_seen": True,
        "seen_alone": True,
        "childs_views": "I want Dad to stop shouting.",
        "requires_support": True,
        "acting_user": worker.user,
    }
    values.update(changes)
    return services.assessment_update(**values)


def test_a_completed_assessment_cannot_be_changed_while_it_waits_for_authorisation(
    cin, social_worker
):
    a = _completed(cin, social_worker)
    with pytest.raises(ValidationError, match="waiting for your manager"):
        _update(a, social_worker)


def test_returning_reopens_the_assessment_and_keeps_the_comments(cin, social_worker, manager):
    a = _completed(cin, social_worker)
    returned = _return(a, manager)
    a.refresh_from_db()
    assert a.completed_date is None
    assert (returned.returned_by, returned.completed_date_returned) == (manager, D(2024, 2, 1))
    assert returned.comments == "Say what Mia's school told you."


def test_only_a_manager_can_return_an_assessment(cin, social_worker):
    a = _completed(cin, social_worker)
    with pytest.raises(ValidationError, match="Only a team manager"):
        _return(a, social_worker)


def test_a_return_needs_comments(cin, social_worker, manager):
    a = _completed(cin, social_worker)
    with pytest.raises(ValidationError) as exc:
        _return(a, manager, comments="  ")
    assert "comments" in exc.value.error_dict


def test_an_assessment_still_in_progress_cannot_be_returned(cin, social_worker, manager):
    a = services.assessment_start(
        cin_episode=cin, start_date=D(2024, 1, 9), acting_user=social_worker.user
    )
    with pytest.raises(ValidationError, match="Only a completed assessment"):
        _return(a, manager)


def test_resubmitting_marks_the_return_answered_and_keeps_every_return(cin, social_worker, manager):
    a = _completed(cin, social_worker)
    _return(a, manager, comments="First: more on the school.")
    _update(a, social_worker, completed_date=D(2024, 2, 5))
    _return(a, manager, comments="Second: the child's views on contact.")
    _update(a, social_worker, completed_date=D(2024, 2, 8))
    returns = list(AssessmentReturn.objects.filter(assessment=a).order_by("returned_at", "pk"))
    assert [r.comments for r in returns] == [
        "First: more on the school.",
        "Second: the child's views on contact.",
    ]
    assert all(r.resubmitted_at is not None for r in returns)
    services.assessment_authorise(
        assessment=a,
        expected_version=a.version,
        authorised_date=D(2024, 2, 9),
        acting_user=manager.user,
    )
    a.refresh_from_db()
    assert a.authorised_by == manager


def test_a_draft_save_does_not_count_as_resubmitting(cin, social_worker, manager):
    a = _completed(cin, social_worker)
    returned = _return(a, manager)
    _update(a, social_worker)
    returned.refresh_from_db()
    assert returned.resubmitted_at is None


def test_my_work_shows_the_managers_comments_on_a_returned_assessment(
    child, cin, social_worker, manager
):
    a = _completed(cin, social_worker)
    _return(a, manager)
    labels = [d.label for d in due_items(children=[child], now=timezone.now())]
    assert "Assessment returned for more work: “Say what Mia's school told you.”" in labels


def test_the_worker_sees_a_read_only_page_while_it_waits(client, child, cin, social_worker):
    a = _completed(cin, social_worker)
    force_login_verified(client, social_worker.user)
    url = reverse("assessment_edit", args=[child.pk, a.pk])
    page = client.get(url).content.decode()
    assert "waiting for your manager" in page
    assert 'name="analysis"' not in page
    response = client.post(url, {"version": a.version, "analysis": "Changed", "child_seen": "yes"})
    assert "waiting for your manager" in response.content.decode()
    a.refresh_from_db()
    assert a.analysis == "Neglect evident"


def test_the_worker_sees_the_comments_on_the_returned_assessment(
    client, child, cin, social_worker, manager
):
    a = _completed(cin, social_worker)
    _return(a, manager, comments="Add the health visitor's view.")
    force_login_verified(client, social_worker.user)
    page = client.get(reverse("assessment_edit", args=[child.pk, a.pk])).content.decode()
    assert "Add the health visitor&#x27;s view." in page
    assert 'name="analysis"' in page


def test_the_managers_page_shows_what_the_worker_answered(
    client, child, cin, social_worker, manager
):
    a = _completed(cin, social_worker)
    force_login_verified(client, manager.user)
    page = client.get(reverse("assessment_authorise", args=[child.pk, a.pk])).content.decode()
    assert "Child seen alone" in page
    assert "I want Dad to stop shouting." in page
    assert "Neglect evident" in page
    assert reverse("assessment_return", args=[child.pk, a.pk]) in page


def test_the_manager_returns_it_through_the_form(client, child, cin, social_worker, manager):
    a = _completed(cin, social_worker)
    force_login_verified(client, manager.user)
    url = reverse("assessment_return", args=[child.pk, a.pk])
    token = client.get(url).context["form_token"]
    response = client.post(
        url, {"version": a.version, "comments": "Needs the school's view.", "form_token": token}
    )
    assert response.status_code == 302
    assert AssessmentReturn.objects.get(assessment=a).comments == "Needs the school's view."


def test_the_return_comments_box_has_a_character_count(client, child, cin, social_worker, manager):
    a = _completed(cin, social_worker)
    force_login_verified(client, manager.user)
    page = client.get(reverse("assessment_return", args=[child.pk, a.pk])).content.decode()
    assert 'data-module="govuk-character-count"' in page
    assert 'data-maxlength="2000"' in page
