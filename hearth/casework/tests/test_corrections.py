"""Correcting an entry on a child's record (issue 14): amend or strike through with a reason,
never silently; only the author or a manager; an authorised entry only by a manager; a manager
moves an entry recorded on the wrong child, and both records show it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hearth.access.models import AuditEntry
from hearth.casework import corrections, selectors
from hearth.casework.models import Correction, Visit
from hearth.casework.tests.factories import (
    AssessmentFactory,
    CINEpisodeFactory,
    VisitFactory,
)
from hearth.core.chronology import chronology_for
from hearth.core.services import ConcurrentEditError
from hearth.people.tests.factories import ChildFactory
from hearth.returns import cin as cin_return
from hearth.workforce.tests.factories import AllocationFactory, TeamFactory, WorkerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(child, social_worker):
    return VisitFactory(
        child=child, worker=social_worker, recorded_by=social_worker.user, date=dt.date(2024, 2, 5)
    )


def _amend(visit, user, **changes):
    return corrections.entry_amend(
        entry=visit,
        changes=changes or {"date": dt.date(2024, 2, 6)},
        reason="Typed the wrong day",
        expected_version=visit.version,
        acting_user=user,
    )


def _annotated(child):
    return corrections.annotate(chronology_for(child=child), child=child)


def test_amending_keeps_the_original_values_in_the_correction(visit, social_worker):
    correction = _amend(visit, social_worker.user, childs_views="I miss my nan.")
    visit.refresh_from_db()
    assert visit.childs_views == "I miss my nan."
    change = correction.changes["childs_views"]
    assert change["before"] == "I like my new school but I miss my nan."
    assert change["after"] == "I miss my nan."
    assert (
        correction.kind == Correction.Kind.AMEND and correction.corrected_by == social_worker.user
    )


def test_amending_bumps_the_version(visit, social_worker):
    _amend(visit, social_worker.user)
    visit.refresh_from_db()
    assert visit.version == 2


def test_a_correction_needs_a_reason(visit, social_worker):
    with pytest.raises(ValidationError) as exc:
        corrections.entry_amend(
            entry=visit,
            changes={"date": dt.date(2024, 2, 6)},
            reason="  ",
            expected_version=visit.version,
            acting_user=social_worker.user,
        )
    assert "reason" in exc.value.error_dict
    assert not Correction.objects.exists()


def test_an_amendment_that_changes_nothing_is_refused(visit, social_worker):
    with pytest.raises(ValidationError):
        _amend(visit, social_worker.user, date=visit.date)


def test_a_correction_of_an_entry_edited_meanwhile_is_refused(visit, social_worker):
    stale = Visit.objects.get(pk=visit.pk)
    _amend(visit, social_worker.user)
    with pytest.raises(ConcurrentEditError):
        _amend(stale, social_worker.user, childs_views="Other words")
    assert Correction.objects.count() == 1


def test_a_colleague_who_did_not_record_it_cannot_correct_it(visit, team, child):
    colleague = WorkerFactory(team=team)
    AllocationFactory(child=child, worker=colleague, kind="personal_adviser")
    with pytest.raises(PermissionDenied):
        _amend(visit, colleague.user)


def test_the_childs_team_manager_can_correct_anyones_entry(visit, manager):
    _amend(visit, manager.user)
    assert Correction.objects.get().corrected_by == manager.user


def test_an_authorised_assessment_is_corrected_only_by_a_manager(cin, social_worker, manager):
    assessment = AssessmentFactory(
        cin_episode=cin,
        recorded_by=social_worker.user,
        completed_date=dt.date(2024, 2, 1),
        authorised_date=dt.date(2024, 2, 2),
        analysis="Needs support",
    )

    def amend(user):
        return corrections.entry_amend(
            entry=assessment,
            changes={"analysis": "Needs support with school"},
            reason="Analysis left out the school",
            expected_version=assessment.version,
            acting_user=user,
        )

    with pytest.raises(PermissionDenied, match="authorised"):
        amend(social_worker.user)
    amend(manager.user)
    assessment.refresh_from_db()
    assert assessment.analysis == "Needs support with school"


def test_every_correction_is_audited_with_who_and_why(visit, social_worker, child):
    _amend(visit, social_worker.user)
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).get()
    assert entry.user == social_worker.user
    assert entry.child == child
    assert entry.reason == "Typed the wrong day"
    assert entry.detail["fields"] == ["date"]


def test_the_chronology_shows_the_correction_beside_the_entry(visit, social_worker, child):
    _amend(visit, social_worker.user)
    entry = next(e for e in _annotated(child) if e.model == "casework.visit")
    assert entry.date == dt.date(2024, 2, 6)
    assert entry.notes[0].startswith("Corrected on ")
    assert "Typed the wrong day" in entry.notes[0]
    assert "was 5 Feb 2024, now 6 Feb 2024" in entry.notes[0]


def _strike(entry, user, reason="Recorded twice"):
    return corrections.entry_strike(
        entry=entry, reason=reason, expected_version=entry.version, acting_user=user
    )


def test_a_struck_entry_stays_in_the_chronology_struck_with_its_reason(visit, social_worker, child):
    _strike(visit, social_worker.user)
    entry = next(e for e in _annotated(child) if e.model == "casework.visit")
    assert entry.struck
    assert "Struck through on" in entry.notes[0] and "Recorded twice" in entry.notes[0]


def test_a_struck_visit_leaves_the_visit_indicators(visit, social_worker):
    period = {"start": dt.date(2024, 1, 1), "end": dt.date(2024, 12, 31)}
    assert list(selectors.visits_in_period(**period)) == [visit]
    _strike(visit, social_worker.user)
    assert not selectors.visits_in_period(**period).exists()


def test_a_struck_referral_leaves_the_cin_census(child, manager):
    referral = CINEpisodeFactory(child=child, referral_date=dt.date(2024, 6, 3))
    year = "2024-25"
    assert [c.pk for c in cin_return.iter_children(year=year)] == [child.pk]
    _strike(referral, manager.user, reason="Referral was for another child in the family")
    assert list(cin_return.iter_children(year=year)) == []


def test_an_entry_others_belong_to_cannot_be_struck(cin, manager):
    AssessmentFactory(cin_episode=cin)
    with pytest.raises(ValidationError, match="1 assessment"):
        _strike(cin, manager.user)


# --- Moving an entry to the right child ---------------------------------------------------------


@pytest.fixture
def right_child(social_worker):
    other = ChildFactory(first_name="Leo", last_name="Turner", date_of_birth=dt.date(2014, 3, 1))
    AllocationFactory(child=other, worker=social_worker, start_date=dt.date(2024, 1, 2))
    return other


def _move(entry, user, to_child):
    return corrections.entry_move(
        entry=entry,
        to_child=to_child,
        reason="Visit was to Leo, not Mia",
        expected_version=entry.version,
        acting_user=user,
    )


def test_a_manager_moves_an_entry_to_the_right_child(visit, manager, right_child):
    _move(visit, manager.user, right_child)
    visit.refresh_from_db()
    assert visit.child == right_child


def test_both_chronologies_show_the_move(visit, manager, child, right_child):
    _move(visit, manager.user, right_child)
    wrong = [e for e in _annotated(child) if e.title == "An entry was moved to another record"]
    assert len(wrong) == 1 and "Visit was to Leo, not Mia" in wrong[0].notes[0]
    assert "Leo" not in wrong[0].detail + wrong[0].notes[0].replace("Visit was to Leo", "")
    moved = next(e for e in _annotated(right_child) if e.model == "casework.visit")
    assert moved.notes[0].startswith("Moved from another record on ")


def test_a_move_is_audited_on_both_children(visit, manager, child, right_child):
    _move(visit, manager.user, right_child)
    children = set(
        AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).values_list("child", flat=True)
    )
    assert children == {child.pk, right_child.pk}


def test_the_author_who_is_not_a_manager_cannot_move_an_entry(visit, social_worker, right_child):
    with pytest.raises(PermissionDenied):
        _move(visit, social_worker.user, right_child)


def test_a_manager_cannot_move_an_entry_to_a_child_they_cannot_see(visit, manager):
    elsewhere = ChildFactory()
    AllocationFactory(child=elsewhere, worker=WorkerFactory(team=TeamFactory(name="West")))
    with pytest.raises(PermissionDenied):
        _move(visit, manager.user, elsewhere)
    visit.refresh_from_db()
    assert visit.child_id != elsewhere.pk


def test_a_referral_with_assessments_cannot_be_moved(cin, manager, right_child):
    AssessmentFactory(cin_episode=cin)
    with pytest.raises(ValidationError, match=r"would be\s+left behind"):
        _move(cin, manager.user, right_child)


def test_an_assessment_that_belongs_to_a_referral_cannot_be_moved_alone(cin, manager, right_child):
    assessment = AssessmentFactory(cin_episode=cin)
    with pytest.raises(ValidationError, match="part of another entry"):
        _move(assessment, manager.user, right_child)


def test_every_child_record_model_can_be_corrected():
    labels = set(corrections.correctable_models())
    assert {
        "casework.visit",
        "casework.casenote",
        "care.missingepisode",
        "care.lacreview",
    } <= labels
    assert "casework.statedhistory" not in labels


def test_a_contact_held_as_a_possible_duplicate_cannot_be_moved(child, manager, right_child):
    from django.utils import timezone

    from hearth.casework.models import PossibleDuplicate
    from hearth.casework.tests.factories import ContactFactory

    contact = ContactFactory(child=child)
    PossibleDuplicate.objects.create(
        contact=contact, held_child=child, existing_child=right_child, raised_at=timezone.now()
    )
    with pytest.raises(ValidationError, match="1 possible duplicate"):
        _move(contact, manager.user, right_child)


def test_a_contact_moves_with_its_front_door_decision(child, manager, right_child):
    from django.utils import timezone

    from hearth.casework.models import FrontDoorDecision
    from hearth.casework.tests.factories import ContactFactory

    contact = ContactFactory(child=child)
    FrontDoorDecision.objects.create(
        contact=contact, decided_at=timezone.now(), outcome=FrontDoorDecision.Outcome.NFA
    )
    _move(contact, manager.user, right_child)
    moved = [e for e in _annotated(right_child) if e.model == "casework.contact"]
    assert {e.title for e in moved} >= {"Front door decision: No further action"}


def test_a_senior_leader_may_correct_any_entry(visit):
    from hearth.access.tests.factories import UserFactory

    leader = UserFactory(role="senior_leader")
    _strike(visit, leader)
    visit.refresh_from_db()
    assert visit.archived_at is not None


def test_an_author_no_longer_working_with_the_child_cannot_correct(visit, social_worker, child):
    from hearth.workforce.models import Allocation

    Allocation.objects.filter(child=child).update(end_date=dt.date(2024, 6, 1))
    with pytest.raises(PermissionDenied, match="no longer working"):
        _amend(visit, social_worker.user)


def test_the_chronology_with_struck_entries_costs_the_same_for_one_or_five(child, social_worker):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def cost():
        with CaptureQueriesContext(connection) as ctx:
            _annotated(child)
        return len(ctx.captured_queries)

    first = VisitFactory(child=child, worker=social_worker, recorded_by=social_worker.user)
    _strike(first, social_worker.user)
    one = cost()
    for _ in range(4):
        more = VisitFactory(child=child, worker=social_worker, recorded_by=social_worker.user)
        _strike(more, social_worker.user)
    assert cost() == one


def test_who_recorded_each_kind_of_entry_is_read_in_one_query(cin, visit, social_worker, manager):
    """Entries that do not carry who recorded them are read in one query for every kind."""
    from dataclasses import replace

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assessment = AssessmentFactory(
        cin_episode=cin,
        recorded_by=manager.user,
        completed_date=dt.date(2024, 2, 1),
        authorised_date=dt.date(2024, 2, 2),
    )
    carried = chronology_for(child=cin.child)
    entries = [replace(e, recorded=None) for e in carried]
    with CaptureQueriesContext(connection) as ctx:
        authorship = corrections.authorship_of(child=cin.child, entries=entries)
    assert len(ctx.captured_queries) == 1
    # Whichever kind comes first (one with no worker columns too), the same answer.
    assert corrections.authorship_of(child=cin.child, entries=entries[::-1]) == authorship
    # The chronology's own entries carry it, as read with their records: no query, same answer.
    with CaptureQueriesContext(connection) as ctx:
        assert corrections.authorship_of(child=cin.child, entries=carried) == authorship
    assert ctx.captured_queries == []
    label = type(visit)._meta.label_lower
    assert authorship[f"{label}:{visit.pk}"] == (
        frozenset({social_worker.user.pk}),
        frozenset({social_worker.pk}),
        False,
    )
    recorded, _, authorised = authorship[f"{type(assessment)._meta.label_lower}:{assessment.pk}"]
    assert recorded == {manager.user.pk} and authorised is True
    assert any(key.startswith("casework.cinepisode:") for key in authorship)
