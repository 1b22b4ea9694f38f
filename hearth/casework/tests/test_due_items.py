"""The due work of one child: what it lists and what it asks the database."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db.models.sql.compiler import SQLCompiler
from django.urls import reverse
from django.utils import timezone

from hearth.care.models import MissingEpisode
from hearth.casework.tests.factories import AssessmentFactory, CINEpisodeFactory
from hearth.casework.worklist import due_items
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def _missing(child, *, returned: bool, accepted=None, completed: bool = False):
    started = timezone.now() - dt.timedelta(days=3)
    return MissingEpisode.objects.create(
        child=child,
        started_at=started,
        returned_at=started + dt.timedelta(hours=5) if returned else None,
        return_interview_accepted=accepted,
        return_interview_completed_at=started + dt.timedelta(days=1) if completed else None,
    )


def test_missing_episodes_give_each_list_its_own_episodes():
    child = ChildFactory()
    away = _missing(child, returned=False)
    back = _missing(child, returned=True)
    _missing(child, returned=True, accepted=False)  # declined: nothing to chase
    _missing(child, returned=True, accepted=True, completed=True)  # done

    listed = {(item.label, item.url) for item in due_items(children=[child])}

    assert listed == {
        ("Missing now: record the return", reverse("return_interview", args=[child.pk, away.pk])),
        ("Return interview", reverse("return_interview", args=[child.pk, back.pk])),
    }


def test_a_kind_the_child_has_none_of_is_not_built_as_a_query():
    """Building a query costs about as much as running it: for a child with only a referral,
    only the referral's own reads are built (not an empty query for each other kind)."""
    episode = CINEpisodeFactory(referral_date=timezone.localdate() - dt.timedelta(days=5))
    AssessmentFactory(cin_episode=episode)
    built = []
    real = SQLCompiler.execute_sql

    def spy(compiler, *args, **kwargs):
        built.append(compiler.query.model._meta.db_table)
        return real(compiler, *args, **kwargs)

    with mock.patch.object(SQLCompiler, "execute_sql", spy):
        items = due_items(children=[episode.child])

    assert [item.label for item in items] == ["Assessment"]
    assert set(built) <= {
        "casework_cinepisode",
        "casework_assessment",
        "casework_assessmentreturn",
        "familyhelp_familyhelpchild",
    }, built
