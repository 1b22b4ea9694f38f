import datetime as dt

import pytest

from hearth.care.tests.factories import PlacementFactory
from hearth.casework.tests.factories import (
    CINEpisodeFactory,
    CPPlanFactory,
    SignificantEventFactory,
    VisitFactory,
)
from hearth.core.chronology import Kind, chronology_for
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_chronology_is_built_from_the_records_newest_first():
    child = ChildFactory()
    episode = CINEpisodeFactory(child=child, referral_date=dt.date(2024, 1, 8))
    CPPlanFactory(cin_episode=episode, child=child, start_date=dt.date(2024, 2, 1))
    VisitFactory(child=child, date=dt.date(2024, 2, 5))

    entries = chronology_for(child=child)

    assert [e.date for e in entries] == sorted((e.date for e in entries), reverse=True)
    assert [e.kind for e in entries] == [Kind.VISIT, Kind.CHILD_PROTECTION, Kind.REFERRAL]


def test_chronology_filters_by_kind():
    child = ChildFactory()
    VisitFactory(child=child)
    SignificantEventFactory(child=child, title="Grandmother died")

    entries = chronology_for(child=child, kinds=[Kind.SIGNIFICANT])

    assert [e.title for e in entries] == ["Grandmother died"]


def test_chronology_excludes_other_childrens_records():
    child = ChildFactory()
    VisitFactory()  # someone else's visit
    assert chronology_for(child=child) == []


def test_archived_records_leave_the_chronology():
    event = SignificantEventFactory(archived_reason="Recorded on the wrong child")
    event.archived_at = event.recorded_at
    event.save()
    assert chronology_for(child=event.child) == []


def test_placement_appears_with_its_type():
    placement = PlacementFactory()
    titles = [e.title for e in chronology_for(child=placement.child, kinds=[Kind.LOOKED_AFTER])]
    assert any(t.startswith("Placed: ") for t in titles)
    assert "Became looked after" in titles


def test_a_child_with_one_kind_of_record_costs_the_probe_and_that_source():
    """Which sources hold the child's rows is asked once; the others are never read."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    child = ChildFactory()
    VisitFactory(child=child)
    with CaptureQueriesContext(connection) as ctx:
        entries = chronology_for(child=child)
    assert [e.kind for e in entries] == [Kind.VISIT]
    assert len(ctx.captured_queries) == 2


def test_models_with_rows_counts_archived_rows_and_ignores_other_children():
    from django.utils import timezone

    from hearth.casework.models import SignificantEvent, Visit
    from hearth.core.selectors import models_with_rows

    child, other = ChildFactory(), ChildFactory()
    VisitFactory(child=other)
    SignificantEventFactory(child=child, archived_at=timezone.now(), archived_reason="Wrong child")
    found = models_with_rows([Visit, SignificantEvent], child_ids=[child.pk])
    assert found == {SignificantEvent}
    assert models_with_rows([Visit, SignificantEvent], child_ids=[]) == set()
