"""The key-information panel: statuses, each warning, who holds the case and what is due next,
from one selector (`key_information`) in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from hearth.care.models import ExploitationRiskAssessment, MissingEpisode
from hearth.care.tests.factories import PeriodOfCareFactory, PlacementFactory
from hearth.casework.tests.factories import CINEpisodeFactory, CPPlanFactory, VisitFactory
from hearth.people.models import ChildDisability
from hearth.people.selectors import key_information
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.tests.factories import AllocationFactory, WorkerFactory

ON = dt.date(2026, 11, 28)


def _missing(child, *, returned: bool = False, day: int = 20):
    started = dt.datetime(2026, 11, day, 18, 0, tzinfo=dt.UTC)
    return MissingEpisode.objects.create(
        child=child,
        started_at=started,
        returned_at=started + dt.timedelta(hours=20) if returned else None,
    )


def _era(child, *, cse="none", cce="none", day=dt.date(2026, 10, 1)):
    return ExploitationRiskAssessment.objects.create(
        child=child,
        date=day,
        sexual_exploitation=cse,
        criminal_exploitation=cce,
        review_date=day + dt.timedelta(days=90),
    )


def _codes(child):
    return [w.code for w in key_information(child=child, on=ON).warnings]


def test_a_child_with_nothing_open_has_no_warnings_and_is_not_open(db):
    child = ChildFactory()
    info = key_information(child=child, on=ON)
    assert info.warnings == []
    assert [label for label, _ in info.statuses] == ["Not open to social care"]


def test_every_current_status_is_listed_not_only_the_headline(db):
    child = ChildFactory()
    episode = CINEpisodeFactory(child=child, referral_date=dt.date(2026, 1, 5))
    CPPlanFactory(cin_episode=episode, start_date=dt.date(2026, 2, 1))
    labels = [label for label, _ in key_information(child=child, on=ON).statuses]
    assert labels == ["Child protection plan", "Child in need"]


def test_an_unborn_child_is_shown_as_unborn(db):
    child = ChildFactory(date_of_birth=None, expected_date_of_birth=dt.date(2027, 1, 10))
    CINEpisodeFactory(child=child, referral_date=dt.date(2026, 11, 1))
    labels = [label for label, _ in key_information(child=child, on=ON).statuses]
    assert labels == ["Unborn", "Child in need"]


def test_a_looked_after_child_is_shown_as_looked_after(db):
    child = ChildFactory()
    PeriodOfCareFactory(child=child, start_date=dt.date(2026, 3, 1))
    labels = [label for label, _ in key_information(child=child, on=ON).statuses]
    assert labels == ["Looked after"]


def test_a_child_missing_now_is_warned(db):
    child = ChildFactory()
    _missing(child)
    info = key_information(child=child, on=ON)
    assert info.has("missing")
    assert info.warnings[0].label == "Missing now"


def test_a_child_who_has_returned_is_not_warned_as_missing(db):
    child = ChildFactory()
    _missing(child, returned=True)
    assert "missing" not in _codes(child)


def test_a_child_protection_plan_is_warned_with_its_latest_category(db):
    child = ChildFactory()
    CPPlanFactory(
        cin_episode=CINEpisodeFactory(child=child, referral_date=dt.date(2026, 1, 5)),
        start_date=dt.date(2026, 2, 1),
        latest_category="EMO",
    )
    warning = next(w for w in key_information(child=child, on=ON).warnings if w.code == "cp_plan")
    assert "Emotional abuse" in warning.detail


def test_an_ended_child_protection_plan_is_not_warned(db):
    child = ChildFactory()
    CPPlanFactory(
        cin_episode=CINEpisodeFactory(child=child, referral_date=dt.date(2026, 1, 5)),
        start_date=dt.date(2026, 2, 1),
        end_date=dt.date(2026, 6, 1),
        end_reason="risk_reduced",
    )
    assert "cp_plan" not in _codes(child)


def test_exploitation_risk_is_taken_from_the_latest_assessment(db):
    child = ChildFactory()
    _era(child, cse="high", day=dt.date(2026, 3, 1))
    _era(child, cce="medium", day=dt.date(2026, 9, 1))
    warning = next(
        w for w in key_information(child=child, on=ON).warnings if w.code == "exploitation"
    )
    assert warning.label == "Exploitation risk: medium"


def test_a_latest_assessment_with_no_risk_gives_no_exploitation_warning(db):
    child = ChildFactory()
    _era(child, cse="high", day=dt.date(2026, 3, 1))
    _era(child, day=dt.date(2026, 9, 1))
    assert "exploitation" not in _codes(child)


def test_a_restricted_record_is_warned(db):
    assert _codes(ChildFactory(restricted=True)) == ["restricted"]


def test_a_disability_is_warned_with_what_it_is(db):
    child = ChildFactory()
    ChildDisability.objects.create(child=child, code="MOB")
    warning = key_information(child=child, on=ON).warnings[0]
    assert (warning.code, warning.detail) == ("disability", "Mobility - getting about.")


def test_a_current_uasc_is_warned_and_a_ceased_one_is_not(db):
    current = ChildFactory(uasc_from=dt.date(2025, 5, 1))
    ceased = ChildFactory(uasc_from=dt.date(2024, 5, 1), uasc_until=dt.date(2025, 5, 1))
    assert _codes(current) == ["uasc"]
    assert _codes(ceased) == []


def test_the_social_worker_and_their_team_manager_are_shown(db):
    child = ChildFactory()
    worker = WorkerFactory()
    manager = WorkerFactory(team=worker.team, role="team_manager")
    worker.team.manager = manager
    worker.team.save()
    AllocationFactory(child=child, worker=worker, team=worker.team, start_date=dt.date(2026, 1, 1))
    info = key_information(child=child, on=ON)
    assert info.social_worker.worker == worker
    assert info.team_manager == manager


def test_next_due_items_are_the_worklist_items_most_urgent_first(db):
    child = ChildFactory()
    CINEpisodeFactory(child=child, referral_date=timezone.localdate() - dt.timedelta(days=100))
    info = key_information(child=child)
    assert [d.label for d in info.next_due] == ["Assessment (not started)"]


def test_the_summary_page_shows_the_panel(client_a, child_a):
    ChildDisability.objects.create(child=child_a, code="MOB")
    page = client_a.get(reverse("child_summary", args=[child_a.pk])).content.decode()
    assert "Key information" in page
    assert 'data-warning="disability"' in page
    assert escape("Priya Shah") in page


def test_the_chronology_shows_the_compact_panel_without_due_items(client_a, child_a):
    child_a.restricted = True
    child_a.save()
    page = client_a.get(reverse("child_chronology", args=[child_a.pk])).content.decode()
    assert "hearth-key-info--compact" in page
    assert 'data-warning="restricted"' in page
    assert "Next due" not in page


def _queries(child) -> int:
    with CaptureQueriesContext(connection) as ctx:
        key_information(child=child, on=ON)
    return len(ctx.captured_queries)


def test_key_information_costs_the_same_however_long_the_history(db):
    child = ChildFactory()
    ChildDisability.objects.create(child=child, code="MOB")
    episode = CINEpisodeFactory(child=child, referral_date=dt.date(2026, 1, 5))
    CPPlanFactory(cin_episode=episode, start_date=dt.date(2026, 2, 1))
    period = PeriodOfCareFactory(child=child, start_date=dt.date(2026, 3, 1))
    PlacementFactory(period=period, start_date=dt.date(2026, 3, 1))
    _missing(child, returned=True, day=1)
    _era(child, cse="low")
    # One of each kind first: a kind the child has no rows of is not read at all (the page asks
    # which kinds there are), so the measure is a longer history, not a new kind.
    VisitFactory(child=child, date=dt.date(2026, 4, 1))
    small = _queries(child)
    for day in range(2, 12):
        _missing(child, returned=True, day=day)
        VisitFactory(child=child, date=dt.date(2026, 4, day))
        _era(child, cce="high", day=dt.date(2026, 4, day))
    ChildDisability.objects.create(child=child, code="HAND")
    assert _queries(child) == small
