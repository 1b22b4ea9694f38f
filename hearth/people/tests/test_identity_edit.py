"""Editing a child's identity and details, and recording the birth of an unborn child."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hearth.access.models import AuditEntry
from hearth.core import codes
from hearth.core.services import ConcurrentEditError
from hearth.people import services
from hearth.people.models import Child
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.tests.factories import AllocationFactory

VALID_NHS = "9434765919"


def _date(prefix: str, value: dt.date) -> dict:
    return {f"{prefix}_0": value.day, f"{prefix}_1": value.month, f"{prefix}_2": value.year}


def _identity_post(child: Child, **overrides) -> dict:
    data = {
        "first_name": child.first_name,
        "last_name": child.last_name,
        "preferred_name": child.preferred_name,
        "sex": child.sex,
        "ethnicity": child.ethnicity,
        "nhs_number": VALID_NHS,
        "upn": child.upn,
        "former_upn": "",
        "upn_unknown_reason": child.upn_unknown_reason,
        "first_language": child.first_language,
        "version": child.version,
    }
    if child.date_of_birth:
        data |= _date("date_of_birth", child.date_of_birth)
    if child.expected_date_of_birth:
        data |= _date("expected_date_of_birth", child.expected_date_of_birth)
    data.update(overrides)
    return data


def test_identity_edit_saves_names_and_audits(client_a, child_a):
    url = reverse("child_identity_edit", args=[child_a.pk])
    response = client_a.post(url, _identity_post(child_a, preferred_name="Millie"))
    assert response.status_code == 302
    child_a.refresh_from_db()
    assert child_a.preferred_name == "Millie"
    assert child_a.version == 2
    entry = AuditEntry.objects.filter(what="Changed the child's identity and details").get()
    assert entry.child_id == child_a.pk
    assert entry.detail["fields"] == ["nhs_number", "preferred_name"]


def test_identity_edit_refuses_an_nhs_number_with_a_wrong_check_digit(client_a, child_a):
    url = reverse("child_identity_edit", args=[child_a.pk])
    response = client_a.post(url, _identity_post(child_a, nhs_number="9434765918"))
    assert response.status_code == 200
    assert "Enter a valid NHS number" in response.content.decode()
    child_a.refresh_from_db()
    assert child_a.nhs_number == "4857773456"


def test_identity_edit_refuses_a_upn_with_a_wrong_check_letter(client_a, child_a):
    url = reverse("child_identity_edit", args=[child_a.pk])
    response = client_a.post(url, _identity_post(child_a, upn="A820200123456"))
    assert response.status_code == 200
    assert "valid UPN" in response.content.decode()


def test_a_stale_identity_edit_overwrites_nothing(client_a, child_a):
    url = reverse("child_identity_edit", args=[child_a.pk])
    stale = _identity_post(child_a, preferred_name="Stale")
    services.child_identity_update(
        child=Child.objects.get(pk=child_a.pk),
        expected_version=1,
        acting_user=None,
        preferred_name="Fresh",
        nhs_number=VALID_NHS,
    )
    response = client_a.post(url, stale)
    assert response.status_code == 409
    assert "govuk-error-summary" in response.content.decode()
    child_a.refresh_from_db()
    assert child_a.preferred_name == "Fresh"


def test_identity_edit_of_a_child_not_visible_is_404(client_a, child_b):
    url = reverse("child_identity_edit", args=[child_b.pk])
    assert client_a.get(url).status_code == 404
    assert client_a.post(url, _identity_post(child_b, preferred_name="X")).status_code == 404


def test_a_child_aged_36_is_refused():
    born = timezone.localdate().replace(year=timezone.localdate().year - 36)
    with pytest.raises(ValidationError) as exc:
        services.check_identity(
            date_of_birth=born, expected_date_of_birth=None, sex="F", nhs_number=""
        )
    assert "date_of_birth" in exc.value.message_dict


def test_an_unborn_child_must_have_sex_not_known():
    expected = timezone.localdate() + dt.timedelta(weeks=10)
    with pytest.raises(ValidationError) as exc:
        services.check_identity(
            date_of_birth=None, expected_date_of_birth=expected, sex="F", nhs_number=""
        )
    assert "sex" in exc.value.message_dict


def test_an_expected_date_of_birth_a_year_ahead_is_refused():
    expected = timezone.localdate() + dt.timedelta(weeks=52)
    with pytest.raises(ValidationError) as exc:
        services.check_identity(
            date_of_birth=None, expected_date_of_birth=expected, sex="U", nhs_number=""
        )
    assert "expected_date_of_birth" in exc.value.message_dict


@pytest.fixture
def unborn(worker_a):
    child = ChildFactory(
        first_name="Baby",
        last_name="Hartley",
        date_of_birth=None,
        expected_date_of_birth=timezone.localdate() + dt.timedelta(weeks=6),
        sex=codes.Sex.UNKNOWN,
        nhs_number="",
    )
    AllocationFactory(child=child, worker=worker_a)
    return child


def test_recording_the_birth_keeps_one_record(client_a, unborn):
    born = timezone.localdate() - dt.timedelta(days=2)
    count = Child.objects.count()
    response = client_a.post(
        reverse("child_birth_record", args=[unborn.pk]),
        {
            **_date("date_of_birth", born),
            "sex": "F",
            "first_name": "Isla",
            "last_name": "Hartley",
            "version": unborn.version,
        },
    )
    assert response.status_code == 302
    assert Child.objects.count() == count
    unborn.refresh_from_db()
    assert (unborn.date_of_birth, unborn.sex, unborn.first_name) == (born, "F", "Isla")
    assert not unborn.is_unborn
    assert AuditEntry.objects.filter(what="Recorded the child's birth", child=unborn).exists()


def test_the_birth_of_a_child_known_before_birth_is_in_the_chronology(client_a, unborn):
    from hearth.core.chronology import chronology_for

    expected = unborn.expected_date_of_birth
    assert [e for e in chronology_for(child=unborn) if e.title == "Born"] == []
    born = timezone.localdate() - dt.timedelta(days=2)
    services.child_birth_record(
        child=unborn,
        expected_version=unborn.version,
        date_of_birth=born,
        sex="M",
        first_name="Theo",
        last_name="Hartley",
        acting_user=unborn.allocations.first().worker.user,
    )
    (entry,) = [e for e in chronology_for(child=unborn) if e.title == "Born"]
    assert entry.date == born
    assert f"{expected:%-d %b %Y}" in entry.detail


def test_recording_the_birth_twice_is_refused(unborn):
    born = timezone.localdate()
    services.child_birth_record(
        child=unborn,
        expected_version=unborn.version,
        date_of_birth=born,
        sex="M",
        first_name="Leo",
        last_name="Hartley",
        acting_user=None,
    )
    with pytest.raises(ValidationError):
        services.child_birth_record(
            child=unborn,
            expected_version=unborn.version,
            date_of_birth=born,
            sex="M",
            first_name="Leo",
            last_name="Hartley",
            acting_user=None,
        )


def test_a_stale_birth_record_raises(unborn):
    with pytest.raises(ConcurrentEditError):
        services.child_birth_record(
            child=unborn,
            expected_version=unborn.version + 5,
            date_of_birth=timezone.localdate(),
            sex="M",
            first_name="Leo",
            last_name="Hartley",
            acting_user=None,
        )


def test_the_summary_offers_record_the_birth_only_for_an_unborn_child(client_a, unborn, child_a):
    page = client_a.get(reverse("child_summary", args=[unborn.pk])).content.decode()
    assert reverse("child_birth_record", args=[unborn.pk]) in page
    page = client_a.get(reverse("child_summary", args=[child_a.pk])).content.decode()
    assert reverse("child_birth_record", args=[child_a.pk]) not in page
    assert reverse("child_identity_edit", args=[child_a.pk]) in page
