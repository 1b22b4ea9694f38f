"""`__among`: membership in a long list of ids, as one parameter."""

from __future__ import annotations

import pytest

from hearth.people.models import Child, ChildDisability
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_among_finds_exactly_the_listed_ids():
    a, b, c = ChildFactory(), ChildFactory(), ChildFactory()
    found = set(
        Child.objects.filter(pk__among=frozenset({a.pk, c.pk})).values_list("pk", flat=True)
    )
    assert found == {a.pk, c.pk}
    assert b.pk not in found


def test_among_an_empty_set_matches_nothing():
    ChildFactory()
    assert not Child.objects.filter(pk__among=frozenset()).exists()


def test_among_works_on_a_foreign_key_with_thousands_of_ids():
    child = ChildFactory()
    ChildDisability.objects.create(child=child, code="HAND")
    ids = frozenset(range(1_000_000, 1_005_000)) | {child.pk}
    assert ChildDisability.objects.filter(child_id__among=ids).count() == 1
