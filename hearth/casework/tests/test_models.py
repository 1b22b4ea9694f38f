import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hearth.casework.tests.factories import CINEpisodeFactory, CPPlanFactory, VisitFactory
from hearth.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db


def test_cin_episode_cannot_close_before_referral():
    with pytest.raises(IntegrityError), transaction.atomic():
        CINEpisodeFactory(
            referral_date=dt.date(2024, 5, 1),
            closure_date=dt.date(2024, 4, 1),
            closure_reason="RC1",
        )


def test_closed_cin_episode_needs_a_reason():
    with pytest.raises(IntegrityError), transaction.atomic():
        CINEpisodeFactory(closure_date=dt.date(2024, 6, 1), closure_reason="")


def test_child_has_at_most_one_open_cin_episode():
    child = ChildFactory()
    CINEpisodeFactory(child=child)
    with pytest.raises(IntegrityError), transaction.atomic():
        CINEpisodeFactory(child=child, referral_date=dt.date(2024, 3, 1))


def test_cp_plan_before_birth_fails_validation():
    child = ChildFactory(date_of_birth=dt.date(2024, 3, 1))
    episode = CINEpisodeFactory(child=child, referral_date=dt.date(2024, 3, 2))
    plan = CPPlanFactory.build(cin_episode=episode, child=child, start_date=dt.date(2024, 2, 1))
    with pytest.raises(ValidationError) as err:
        plan.full_clean()
    assert "start_date" in err.value.message_dict


def test_cp_plan_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        CPPlanFactory(start_date=dt.date(2024, 2, 1), end_date=dt.date(2024, 1, 1))


def test_two_open_cp_plans_are_refused():
    plan = CPPlanFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CPPlanFactory(cin_episode=plan.cin_episode, child=plan.child)


def test_record_for_another_childs_episode_fails_validation():
    plan = CPPlanFactory.build(cin_episode=CINEpisodeFactory(), child=ChildFactory())
    with pytest.raises(ValidationError):
        plan.full_clean()


def test_child_seen_alone_must_have_been_seen():
    with pytest.raises(IntegrityError), transaction.atomic():
        VisitFactory(child_seen=False, seen_alone=True)
