"""Allocation history, supervision and posts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hearth.casework.worklist import team_overview
from hearth.workforce import services
from hearth.workforce.models import Allocation, Post
from hearth.workforce.tests.factories import WorkerFactory

pytestmark = pytest.mark.django_db
D = dt.date


def test_reallocation_ends_the_previous_allocation(child, social_worker, manager):
    new = WorkerFactory(team=social_worker.team)
    services.allocation_change(
        child=child,
        worker=new,
        start_date=D(2024, 6, 3),
        reason="caseload",
        acting_user=manager.user,
    )
    old = Allocation.objects.get(child=child, worker=social_worker)
    assert old.end_date == D(2024, 6, 3)
    with pytest.raises(ValidationError):
        services.allocation_change(
            child=child,
            worker=new,
            start_date=D(2024, 6, 4),
            reason="caseload",
            acting_user=manager.user,
        )


def test_three_changes_in_a_year_are_flagged_for_the_manager(child, social_worker, manager):
    today = dt.date.today()
    for days in (300, 200, 100):
        services.allocation_change(
            child=child,
            worker=WorkerFactory(team=social_worker.team),
            start_date=today - dt.timedelta(days=days),
            reason="caseload",
            acting_user=manager.user,
        )
    overview = team_overview(team_ids={social_worker.team_id}, user=manager.user)
    assert [row["child"].pk for row in overview["many_changes"]] == [child.pk]


def test_supervision_records_case_discussions(child, social_worker, manager):
    session = services.supervision_record(
        worker=social_worker,
        date=D(2024, 6, 3),
        reflective_notes="",
        wellbeing_discussed=True,
        discussions=[(child, "Plan is working", "Visit school", None)],
        acting_user=manager.user,
    )
    assert session.case_discussions.get().child == child
    with pytest.raises(ValidationError):
        services.supervision_record(
            worker=manager,
            date=D(2024, 6, 3),
            reflective_notes="",
            wellbeing_discussed=True,
            discussions=[],
            acting_user=manager.user,
        )


def test_filling_a_post_ends_the_previous_holding(social_worker, manager):
    post = services.post_create(
        team=social_worker.team,
        title="SW 1",
        role="social_worker",
        fte=1,
        start_date=D(2020, 1, 1),
        acting_user=manager.user,
    )
    services.post_fill(
        post=post, worker=social_worker, start_date=D(2021, 1, 1), acting_user=manager.user
    )
    services.post_fill(
        post=post, worker=manager, start_date=D(2022, 1, 1), acting_user=manager.user
    )
    assert Post.objects.get(pk=post.pk).holdings.filter(end_date=D(2022, 1, 1)).count() == 1
