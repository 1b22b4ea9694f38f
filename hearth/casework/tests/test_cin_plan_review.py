"""Reviewing a child in need plan: the child's words, what changed, and what happens next."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hearth.access.models import AuditEntry
from hearth.casework import services, worklist
from hearth.casework.models import CINPlanReview
from hearth.core.chronology import chronology_for

D = dt.date


@pytest.fixture
def plan(cin, social_worker):
    return services.cin_plan_start(
        cin_episode=cin,
        start_date=D(2024, 2, 1),
        review_due=D(2024, 5, 1),
        acting_user=social_worker.user,
    )


def _review(plan, user, **overrides):
    data = {
        "plan": plan,
        "date": D(2024, 4, 28),
        "childs_views": "I want to stay at my school.",
        "progress": "School attendance is up to 92%.",
        "outcome": CINPlanReview.Outcome.CONTINUE,
        "next_review_due": D(2024, 7, 28),
        "acting_user": user,
    }
    data.update(overrides)
    return services.cin_plan_review_record(**data)


def test_continuing_moves_the_plans_review_date(plan, social_worker):
    _review(plan, social_worker.user)
    plan.refresh_from_db()
    assert plan.review_due == D(2024, 7, 28)
    assert plan.end_date is None


def test_continuing_needs_the_next_review_date(plan, social_worker):
    with pytest.raises(ValidationError) as exc:
        _review(plan, social_worker.user, next_review_due=None)
    assert exc.value.message_dict == {"next_review_due": ["Enter the date of the next review"]}


def test_the_next_review_must_come_after_this_one(plan, social_worker):
    with pytest.raises(ValidationError) as exc:
        _review(plan, social_worker.user, next_review_due=D(2024, 4, 28))
    assert "next_review_due" in exc.value.message_dict


def test_a_review_before_the_plan_started_is_refused(plan, social_worker):
    with pytest.raises(ValidationError) as exc:
        _review(plan, social_worker.user, date=D(2024, 1, 31))
    assert "date" in exc.value.message_dict


def test_stepping_down_ends_the_plan_on_the_review_date(plan, social_worker):
    review = _review(
        plan,
        social_worker.user,
        outcome=CINPlanReview.Outcome.STEP_DOWN,
        next_review_due=None,
    )
    plan.refresh_from_db()
    assert (plan.end_date, plan.review_due) == (D(2024, 4, 28), None)
    assert review.next_review_due is None


def test_an_ended_plan_cannot_be_reviewed(plan, social_worker):
    _review(plan, social_worker.user, outcome=CINPlanReview.Outcome.CLOSE, next_review_due=None)
    plan.refresh_from_db()
    with pytest.raises(ValidationError):
        _review(plan, social_worker.user, date=D(2024, 5, 2), next_review_due=D(2024, 8, 1))


def test_the_review_is_audited_and_in_the_chronology_with_the_childs_words(plan, social_worker):
    _review(plan, social_worker.user)
    assert AuditEntry.objects.filter(
        child=plan.child, what="Reviewed the child in need plan"
    ).exists()
    entries = [e for e in chronology_for(child=plan.child) if "plan review" in e.title]
    assert [(e.date, e.title, e.detail) for e in entries] == [
        (
            D(2024, 4, 28),
            "Child in need plan review: continue the plan",
            "I want to stay at my school.",
        )
    ]


def test_the_due_review_links_to_the_review_form(plan):
    items = worklist.due_items(
        children=[plan.child], now=dt.datetime(2024, 4, 1, 12, tzinfo=dt.UTC)
    )
    review = next(i for i in items if i.label == "Child in need plan review")
    assert review.url == reverse("cin_plan_review_add", args=[plan.child.pk])


def test_the_review_form_shows_what_the_last_review_found(plan, social_worker, client):
    from hearth.access.tests.signin import force_login_verified

    _review(plan, social_worker.user)
    force_login_verified(client, social_worker.user)
    content = client.get(reverse("cin_plan_review_add", args=[plan.child.pk])).content.decode()
    assert "Last review, 28 Apr 2024: School attendance is up to 92%." in content
    assert "I want to stay at my school." in content
    assert "It was due by 28 Jul 2024." in content
