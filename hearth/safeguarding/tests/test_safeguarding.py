"""Wider safeguarding: LADO referrals to an outcome, private fostering notifications and visits,
young carers and homeless 16 and 17 year olds -- records, timescales, chronology, pages and the
indicators built from them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from hearth.access.models import AuditEntry, User
from hearth.access.tests.factories import UserFactory
from hearth.access.tests.signin import force_login_verified
from hearth.casework import clocks
from hearth.casework.tests.conftest import date_parts
from hearth.core.chronology import chronology_for
from hearth.insight.indicators import REGISTRY
from hearth.people.tests.factories import ChildFactory
from hearth.safeguarding import services
from hearth.safeguarding.models import (
    HomelessPresentation,
    LadoReferral,
    PrivateFostering,
    YoungCarer,
)
from hearth.workforce.tests.factories import AllocationFactory, WorkerFactory

pytestmark = pytest.mark.django_db
d = dt.date


@pytest.fixture
def worker():
    return WorkerFactory()


@pytest.fixture
def child(worker):
    child = ChildFactory(date_of_birth=d(2014, 5, 1))
    AllocationFactory(child=child, worker=worker)
    return child


@pytest.fixture
def lado_user():
    return UserFactory(role=User.Role.FRONT_DOOR)


def _referral(user, **overrides) -> LadoReferral:
    values = {
        "received_date": d(2026, 1, 5),
        "referrer": "Headteacher, Ashfield Primary",
        "person_name": "Alex Example",
        "person_role": "Teaching assistant",
        "employer": "Ashfield Primary",
        "sector": LadoReferral.Sector.EDUCATION,
        "category": LadoReferral.Category.PHYSICAL,
        "summary": "A pupil said the assistant grabbed her arm.",
    }
    values.update(overrides)
    return services.lado_referral_create(acting_user=user, **values)


# --- Clocks ------------------------------------------------------------------------------------


def test_private_fostering_visits_follow_the_regulations():
    notified = d(2026, 1, 5)  # a Monday
    assert clocks.private_fostering_visit_due(notified) == d(2026, 1, 14)  # 7 working days
    assert clocks.private_fostering_visit_due(notified, last_visit=d(2026, 1, 12)) == d(
        2026, 2, 23
    )  # 6 weeks in the first year
    assert clocks.private_fostering_visit_due(notified, last_visit=d(2027, 2, 1)) == d(
        2027, 4, 26
    )  # 12 weeks after it
    assert clocks.private_fostering_first_visit_on_time(notified, visited=d(2026, 1, 14))
    assert not clocks.private_fostering_first_visit_on_time(notified, visited=d(2026, 1, 15))


def test_lado_resolution_is_one_month():
    assert clocks.lado_resolution_due(d(2026, 1, 31)) == d(2026, 2, 28)
    assert clocks.lado_resolved_on_time(d(2026, 1, 5), resolved=d(2026, 2, 5))
    assert not clocks.lado_resolved_on_time(d(2026, 1, 5), resolved=d(2026, 2, 6))


# --- LADO --------------------------------------------------------------------------------------


def test_a_lado_referral_is_taken_to_an_outcome_and_shown_on_the_linked_child(lado_user, child):
    referral = _referral(lado_user)
    services.lado_link_child(referral=referral, child=child, acting_user=lado_user)
    with pytest.raises(ValidationError):
        services.lado_outcome(
            referral=referral,
            expected_version=referral.version,
            outcome="unfounded",
            outcome_date=d(2026, 1, 20),
            outcome_notes="",
            acting_user=lado_user,
        )
    services.lado_consideration(
        referral=referral,
        expected_version=referral.version,
        initial_consideration_date=d(2026, 1, 6),
        threshold_met=True,
        strategy_meeting_date=d(2026, 1, 8),
        acting_user=lado_user,
    )
    services.lado_outcome(
        referral=referral,
        expected_version=referral.version,
        outcome="substantiated",
        outcome_date=d(2026, 1, 30),
        outcome_notes="Dismissed; referred to the DBS.",
        acting_user=lado_user,
    )
    titles = [e.title for e in chronology_for(child=child)]
    assert any(t.startswith("LADO referral about a person working with children") for t in titles)
    assert any(t.startswith("LADO outcome: substantiated") for t in titles)
    # The child's chronology never names the adult.
    assert all("Alex Example" not in e.title + e.detail for e in chronology_for(child=child))


def test_a_strategy_meeting_needs_the_threshold_met(lado_user):
    referral = _referral(lado_user)
    with pytest.raises(ValidationError) as exc:
        services.lado_consideration(
            referral=referral,
            expected_version=referral.version,
            initial_consideration_date=d(2026, 1, 6),
            threshold_met=False,
            strategy_meeting_date=d(2026, 1, 8),
            acting_user=lado_user,
        )
    assert "strategy_meeting_date" in exc.value.error_dict


def test_lado_pages_record_a_referral_link_a_child_and_audit(client, lado_user, child):
    force_login_verified(client, lado_user)
    add = reverse("lado_add")
    bad = client.post(add, {"sector": "education"}).content.decode()
    assert "govuk-error-summary" in bad
    assert "checked" not in client.get(add).content.decode()  # no radio starts answered
    response = client.post(
        add,
        {
            **date_parts("received_date", d(2026, 1, 5)),
            "referrer": "Head teacher at St Mary's & All Saints",
            "person_name": "Alex Example",
            "person_role": "Coach",
            "employer": "Town FC",
            "sector": "sport",
            "category": "suitability",
            "summary": "Messages to a player on social media.",
        },
    )
    assert response.status_code == 302
    referral = LadoReferral.objects.get()
    link = reverse("lado_link_child", args=[referral.pk])
    assert "No child you can see" in client.post(link, {"la_child_id": "NOPE"}).content.decode()
    assert client.post(link, {"la_child_id": child.la_child_id}).status_code == 302
    page = client.get(reverse("lado_detail", args=[referral.pk])).content.decode()
    assert escape(child.first_name) in page
    assert escape("Head teacher at St Mary's & All Saints") in page
    assert AuditEntry.objects.filter(what=f"LADO referral {referral.reference}").exists()
    # A social worker is not the LADO.
    force_login_verified(client, WorkerFactory().user)
    assert client.get(reverse("lado_list")).status_code == 403


# --- Private fostering -------------------------------------------------------------------------


def test_private_fostering_notification_visit_assessment_and_end(child, worker):
    arrangement = services.private_fostering_notify(
        child=child,
        acting_user=worker.user,
        notified_date=d(2026, 1, 5),
        start_date=d(2026, 1, 2),
        notifier=PrivateFostering.Notifier.SCHOOL,
        carer_name="Grace Family Friend",
        carer_postcode="",
    )
    with pytest.raises(ValidationError):
        services.private_fostering_visit(
            arrangement=arrangement,
            date=d(2026, 1, 1),
            child_seen_alone=True,
            notes="Before the notification",
            acting_user=worker.user,
        )
    services.private_fostering_visit(
        arrangement=arrangement,
        date=d(2026, 1, 9),
        child_seen_alone=True,
        notes="Seen alone in their room.",
        acting_user=worker.user,
    )
    services.private_fostering_assess(
        arrangement=arrangement,
        expected_version=arrangement.version,
        assessment_date=d(2026, 2, 1),
        assessment=PrivateFostering.Assessment.SUITABLE,
        acting_user=worker.user,
    )
    titles = [e.title for e in chronology_for(child=child)]
    assert "Private fostering notified by a school" in titles
    assert "Private fostering visit: child spoken to alone" in titles
    assert "Private fostering assessed: Suitable" in titles
    first = REGISTRY["private-fostering-first-visit"].compute(
        as_of=d(2026, 3, 31), period_start=d(2025, 4, 1)
    )
    assert (first.numerator, first.denominator) == (1, 1)
    up_to_date = REGISTRY["private-fostering-visits"].compute(as_of=d(2026, 3, 31))
    assert (up_to_date.numerator, up_to_date.denominator) == (0, 1)  # 6 weeks passed
    services.private_fostering_end(
        arrangement=arrangement,
        expected_version=arrangement.version,
        end_date=d(2026, 3, 1),
        end_reason=PrivateFostering.EndReason.RETURNED_HOME,
        acting_user=worker.user,
    )
    assert REGISTRY["private-fostering-visits"].compute(as_of=d(2026, 3, 31)).denominator == 0


def test_private_fostering_is_for_children_under_16(worker):
    older = ChildFactory(date_of_birth=d(2009, 1, 1))
    with pytest.raises(ValidationError):
        services.private_fostering_notify(
            child=older,
            acting_user=worker.user,
            notified_date=d(2026, 1, 5),
            start_date=d(2026, 1, 2),
            notifier="parent",
            carer_name="Someone",
        )


def test_private_fostering_pages(client, child, worker):
    force_login_verified(client, worker.user)
    url = reverse("private_fostering", args=[child.pk])
    assert client.get(reverse("private_fostering_visit", args=[child.pk])).status_code == 302
    assert "govuk-error-summary" in client.post(url, {"notifier": "carer"}).content.decode()
    response = client.post(
        url,
        {
            **date_parts("notified_date", d(2026, 1, 5)),
            **date_parts("start_date", d(2026, 2, 1)),
            "notifier": "carer",
            "carer_name": "Pat Neighbour",
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Next visit due" in page and "14 Jan 2026" in page
    visit = reverse("private_fostering_visit", args=[child.pk])
    assert 'class="govuk-character-count"' in client.get(visit).content.decode()
    response = client.post(
        visit,
        {**date_parts("date", d(2026, 1, 12)), "child_seen_alone": "yes", "notes": "Settled."},
    )
    assert response.status_code == 302
    assert "12 Jan 2026" in client.get(url).content.decode()


# --- Young carers and homeless 16 and 17 year olds -------------------------------------------


def test_young_carer_identified_then_assessed(client, child, worker):
    force_login_verified(client, worker.user)
    url = reverse("young_carer", args=[child.pk])
    response = client.post(
        url,
        {
            **date_parts("identified_date", d(2026, 1, 5)),
            "identified_by": "school",
            "cares_for": "parent",
            "caring_role": "Helps mum with medication and shopping.",
        },
    )
    assert response.status_code == 302
    record = YoungCarer.objects.get()
    assert "The needs assessment is due by" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "version": record.version,
            **date_parts("assessment_date", d(2026, 2, 2)),
            "needs_identified": "yes",
            "support": "Young carers group on Thursdays.",
        },
    )
    assert response.status_code == 302
    assessed = REGISTRY["young-carers-assessed"].compute(
        as_of=d(2026, 3, 31), period_start=d(2025, 4, 1)
    )
    assert (assessed.numerator, assessed.denominator) == (1, 1)
    assert REGISTRY["young-carers"].compute(as_of=d(2026, 3, 31)).value == 1
    assert "Young carer's needs assessment: support needs identified" in [
        e.title for e in chronology_for(child=child)
    ]


def test_homeless_16_17_presentation_and_joint_assessment(worker):
    young = ChildFactory(date_of_birth=d(2009, 6, 1))
    with pytest.raises(ValidationError):  # 15 on the date
        services.homeless_present(
            child=young,
            acting_user=worker.user,
            presented_date=d(2025, 5, 1),
            presented_to="housing",
            accommodated_that_night=True,
            circumstances="Asked to leave.",
        )
    presentation = services.homeless_present(
        child=young,
        acting_user=worker.user,
        presented_date=d(2026, 1, 5),
        presented_to="housing",
        accommodated_that_night=True,
        circumstances="Asked to leave after an argument.",
    )
    services.homeless_decide(
        presentation=presentation,
        expected_version=presentation.version,
        joint_assessment_date=d(2026, 1, 20),
        outcome=HomelessPresentation.Outcome.S20,
        outcome_date=d(2026, 1, 21),
        decision_notes="Wants to be accommodated; told what s20 means.",
        acting_user=worker.user,
    )
    count = REGISTRY["homeless-16-17"].compute(as_of=d(2026, 3, 31))
    assert count.value == 1
    assert count.breakdown == [("Accommodated under section 20 (looked after)", 1)]
    timely = REGISTRY["homeless-16-17-assessed"].compute(as_of=d(2026, 3, 31))
    assert (timely.numerator, timely.denominator) == (1, 1)
    assert "Joint housing and children's services assessment" in [
        e.title for e in chronology_for(child=young)
    ]


def test_lado_indicators(lado_user):
    on_time = _referral(lado_user, received_date=d(2026, 1, 5))
    late = _referral(lado_user, received_date=d(2025, 11, 3))
    for referral, outcome, day in (
        (on_time, "false", d(2026, 2, 2)),
        (late, "substantiated", d(2026, 1, 30)),
    ):
        services.lado_consideration(
            referral=referral,
            expected_version=referral.version,
            initial_consideration_date=referral.received_date,
            threshold_met=True,
            strategy_meeting_date=None,
            acting_user=lado_user,
        )
        services.lado_outcome(
            referral=referral,
            expected_version=referral.version,
            outcome=outcome,
            outcome_date=day,
            outcome_notes="",
            acting_user=lado_user,
        )
    as_of, start = d(2026, 3, 31), d(2025, 4, 1)
    assert REGISTRY["lado-referrals"].compute(as_of=as_of, period_start=start).value == 2
    resolved = REGISTRY["lado-resolved-1-month"].compute(as_of=as_of, period_start=start)
    assert (resolved.numerator, resolved.denominator) == (1, 2)
    substantiated = REGISTRY["lado-substantiated"].compute(as_of=as_of, period_start=start)
    assert substantiated.value == 50
    assert dict(substantiated.breakdown) == {"False": 1, "Substantiated": 1}
