"""The shared record queries: live, open on a day, overlapping a period; and the one-open
constraint the database enforces."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from hearth.casework.models import CINEpisode
from hearth.casework.tests.factories import CINEpisodeFactory
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

D = dt.date


def _episode(child, start, end=None):
    return CINEpisodeFactory(
        child=child, referral_date=start, closure_date=end, closure_reason="RC1" if end else ""
    )


def _ids(qs):
    return set(qs.values_list("pk", flat=True))


def test_live_leaves_out_archived_records():
    child = ChildFactory()
    kept, removed = _episode(child, D(2023, 1, 1), D(2023, 6, 1)), _episode(child, D(2024, 2, 1))
    CINEpisode.objects.filter(pk=removed.pk).update(archived_at=timezone.now())
    assert _ids(CINEpisode.objects.live()) == {kept.pk}


def test_live_works_through_a_related_manager():
    child = ChildFactory()
    kept, removed = _episode(child, D(2023, 1, 1), D(2023, 6, 1)), _episode(child, D(2024, 2, 1))
    CINEpisode.objects.filter(pk=removed.pk).update(archived_at=timezone.now())
    assert _ids(child.cin_episodes.live()) == {kept.pk}


def test_open_on_includes_the_start_day_and_excludes_the_end_day():
    child = ChildFactory()
    ep = _episode(child, D(2024, 1, 10), D(2024, 1, 20))
    fields = {"start": "referral_date", "end": "closure_date"}
    qs = CINEpisode.objects.all()
    assert _ids(qs.open_on(D(2024, 1, 9), **fields)) == set()
    assert _ids(qs.open_on(D(2024, 1, 10), **fields)) == {ep.pk}
    assert _ids(qs.open_on(D(2024, 1, 19), **fields)) == {ep.pk}
    assert _ids(qs.open_on(D(2024, 1, 20), **fields)) == set()


def test_open_on_counts_a_record_with_no_end_as_open():
    ep = _episode(ChildFactory(), D(2024, 1, 10))
    qs = CINEpisode.objects.open_on(D(2030, 1, 1), start="referral_date", end="closure_date")
    assert _ids(qs) == {ep.pk}


def test_overlapping_is_inclusive_at_both_ends_of_the_period():
    before = _episode(ChildFactory(), D(2023, 1, 1), D(2023, 3, 31))
    touching_start = _episode(ChildFactory(), D(2023, 2, 1), D(2023, 4, 1))
    touching_end = _episode(ChildFactory(), D(2024, 3, 31))
    after = _episode(ChildFactory(), D(2024, 4, 1))
    qs = CINEpisode.objects.overlapping(
        D(2023, 4, 1), D(2024, 3, 31), begin="referral_date", finish="closure_date"
    )
    assert _ids(qs) == {touching_start.pk, touching_end.pk}
    assert before.pk not in _ids(qs) and after.pk not in _ids(qs)


def test_database_refuses_a_second_open_record_where_one_open_per_child_is_declared():
    child = ChildFactory()
    _episode(child, D(2024, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        _episode(child, D(2024, 2, 1))


def test_a_removed_open_record_does_not_block_a_new_open_one():
    child = ChildFactory()
    removed = _episode(child, D(2023, 7, 1))
    CINEpisode.objects.filter(pk=removed.pk).update(archived_at=timezone.now())
    assert _episode(child, D(2024, 1, 1)).pk
