"""Information sharing (Children Act 2004 s16LA): every disclosure and every decision not to
share is recorded with its reason, shown on the child's record and chronology, audited, and
counted in the authority's log without showing anyone a child they may not see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hearth.access.models import AuditEntry
from hearth.access.tests.signin import force_login_verified
from hearth.casework.tests.conftest import date_parts
from hearth.core.chronology import chronology_for
from hearth.people.tests.factories import ChildFactory
from hearth.sharing import selectors, services
from hearth.sharing.models import SharingDecision
from hearth.workforce.tests.factories import AllocationFactory, TeamFactory, WorkerFactory

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - dt.timedelta(days=1)


@pytest.fixture
def team():
    team = TeamFactory(name="Safeguarding West")
    team.manager = WorkerFactory(team=team, role="team_manager", user__role="team_manager")
    team.save()
    return team


@pytest.fixture
def worker(team):
    return WorkerFactory(team=team, first_name="Priya", last_name="Shah")


@pytest.fixture
def child(worker):
    child = ChildFactory(first_name="Amelia", last_name="Hartley")
    AllocationFactory(child=child, worker=worker)
    return child


def _shared(**overrides) -> dict:
    values = {
        "date": YESTERDAY,
        "decision": "shared",
        "direction": "disclosed",
        "agency": "police",
        "recipient": "DC Morgan, child abuse investigation team",
        "information": "Disclosure of bruising made to the school on Monday.",
        "purpose": "Joint section 47 enquiry.",
        "lawful_basis": "s16la",
        "consent": "not_sought",
        "consent_note": "Seeking consent could place the child at risk.",
    }
    values.update(overrides)
    return values


def test_a_disclosure_is_recorded_shown_in_the_chronology_and_audited(child, worker):
    item = services.sharing_decision_record(child=child, acting_user=worker.user, **_shared())
    assert item.worker == worker
    (entry,) = [e for e in chronology_for(child=child) if e.kind == "sharing"]
    assert entry.title == "Information shared with police"
    assert "Lawful basis: Duty to share for safeguarding" in entry.detail
    assert AuditEntry.objects.filter(
        child=child, what="Recorded information shared (Police)"
    ).exists()


def test_sharing_needs_a_lawful_basis(child, worker):
    with pytest.raises(ValidationError) as err:
        services.sharing_decision_record(
            child=child, acting_user=worker.user, **_shared(lawful_basis="")
        )
    assert "lawful_basis" in err.value.error_dict
    assert not SharingDecision.objects.exists()


def test_a_decision_not_to_share_needs_its_reason(child, worker):
    values = _shared(decision="not_shared", direction="requested", lawful_basis="")
    with pytest.raises(ValidationError) as err:
        services.sharing_decision_record(child=child, acting_user=worker.user, **values)
    assert "reason_not_shared" in err.value.error_dict
    item = services.sharing_decision_record(
        child=child,
        acting_user=worker.user,
        **values,
        reason_not_shared="The request was for the mother's health history: not needed.",
    )
    assert item.decision == "not_shared"
    (entry,) = [e for e in chronology_for(child=child) if e.kind == "sharing"]
    assert entry.title == "Decided not to share with police"
    assert "Reason for not sharing: The request was for" in entry.detail


def test_consent_as_the_basis_means_consent_was_given(child, worker):
    with pytest.raises(ValidationError) as err:
        services.sharing_decision_record(
            child=child, acting_user=worker.user, **_shared(lawful_basis="consent")
        )
    assert "consent" in err.value.error_dict


def test_consent_not_sought_needs_the_reason(child, worker):
    with pytest.raises(ValidationError) as err:
        services.sharing_decision_record(
            child=child, acting_user=worker.user, **_shared(consent_note="")
        )
    assert "consent_note" in err.value.error_dict


def test_a_future_decision_is_refused(child, worker):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.sharing_decision_record(
            child=child, acting_user=worker.user, **_shared(date=tomorrow)
        )


def test_counts_split_disclosures_duty_and_refusals(child, worker):
    services.sharing_decision_record(child=child, acting_user=worker.user, **_shared())
    services.sharing_decision_record(
        child=child,
        acting_user=worker.user,
        **_shared(lawful_basis="s47", consent="given", consent_note=""),
    )
    services.sharing_decision_record(
        child=child,
        acting_user=worker.user,
        **_shared(decision="not_shared", lawful_basis="", reason_not_shared="Not proportionate."),
    )
    counts = selectors.sharing_counts(start=YESTERDAY, end=YESTERDAY)
    assert counts == {"shared": 2, "not_shared": 1, "duty": 1, "consent_not_sought": 1}
    assert (
        selectors.sharing_counts(
            start=YESTERDAY - dt.timedelta(days=9), end=YESTERDAY - dt.timedelta(days=1)
        )["shared"]
        == 0
    )


def test_the_form_shows_the_error_summary_and_saves_nothing(client, child, worker):
    force_login_verified(client, worker.user)
    response = client.post(
        reverse("sharing_add", args=[child.pk]),
        {**date_parts("date", YESTERDAY), "decision": "shared", "consent": "given"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert "Select the agency" in content
    assert not SharingDecision.objects.exists()


def test_the_form_records_a_decision_and_the_record_lists_it(client, child, worker):
    force_login_verified(client, worker.user)
    data = {k: v for k, v in _shared().items() if k != "date"}
    response = client.post(
        reverse("sharing_add", args=[child.pk]), {**data, **date_parts("date", YESTERDAY)}
    )
    assert response.status_code == 302
    page = client.get(reverse("child_sharing", args=[child.pk])).content.decode()
    assert "DC Morgan, child abuse investigation team" in page
    assert "Seeking consent could place the child at risk." in page


def test_the_log_shows_a_manager_only_the_children_they_may_see(client, team, child, worker):
    other_team = TeamFactory(name="Children in care East")
    elsewhere = ChildFactory(first_name="Zara", last_name="Quill")
    AllocationFactory(child=elsewhere, worker=WorkerFactory(team=other_team))
    services.sharing_decision_record(child=child, acting_user=worker.user, **_shared())
    services.sharing_decision_record(child=elsewhere, acting_user=worker.user, **_shared())
    force_login_verified(client, team.manager.user)
    page = client.get(reverse("sharing_log")).content.decode()
    assert "Amelia Hartley" in page
    assert "Zara Quill" not in page
    assert elsewhere.la_child_id not in page
    assert "1 decision" in page


def test_the_auditor_sees_every_decision_by_la_child_id_without_names_or_text(
    client, child, worker
):
    from hearth.access.tests.factories import UserFactory

    services.sharing_decision_record(child=child, acting_user=worker.user, **_shared())
    force_login_verified(client, UserFactory(role="auditor"))
    page = client.get(reverse("sharing_log")).content.decode()
    assert child.la_child_id in page
    assert "Amelia" not in page
    assert "bruising" not in page


def test_the_log_refuses_a_social_worker(client, worker):
    force_login_verified(client, worker.user)
    assert client.get(reverse("sharing_log")).status_code == 403


def test_a_bad_period_gets_the_error_summary(client, team):
    force_login_verified(client, team.manager.user)
    response = client.get(
        reverse("sharing_log"),
        {**date_parts("start", YESTERDAY), **date_parts("end", YESTERDAY - dt.timedelta(days=3))},
    )
    assert response.status_code == 200
    assert "The end of the period must be on or after its start" in response.content.decode()
