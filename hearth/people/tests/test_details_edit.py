"""Changing a child's details beyond identity: addresses with history, disabilities and religion,
family members (and links to other children's records) and the professionals involved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from hearth.access.models import AuditEntry
from hearth.core.services import ConcurrentEditError
from hearth.people import details
from hearth.people.models import Address, FamilyMember, Professional
from hearth.people.tests.factories import (
    AddressFactory,
    ChildFactory,
    FamilyMemberFactory,
    ProfessionalFactory,
)
from hearth.workforce.tests.factories import AllocationFactory


def _date(prefix: str, value: dt.date) -> dict:
    return {f"{prefix}_0": value.day, f"{prefix}_1": value.month, f"{prefix}_2": value.year}


def _summary(client, child) -> str:
    return client.get(reverse("child_summary", args=[child.pk])).content.decode()


# --- Addresses ------------------------------------------------------------------------------------


def test_a_move_ends_the_current_address_on_the_move_date(child_a, worker_a):
    old = AddressFactory(child=child_a, postcode="PE1 1XX", start_date=dt.date(2020, 1, 1))
    new = details.address_move(
        child=child_a,
        line1="4 Mill Lane",
        town="Peterborough",
        postcode="pe2 5aa",
        start_date=dt.date(2025, 3, 10),
        acting_user=worker_a.user,
    )
    old.refresh_from_db()
    assert old.end_date == dt.date(2025, 3, 10)
    assert (new.postcode, new.end_date) == ("PE2 5AA", None)
    assert AuditEntry.objects.filter(what="Recorded a new address (a move)", child=child_a).exists()


def test_a_move_before_the_current_address_began_is_refused(child_a):
    AddressFactory(child=child_a, start_date=dt.date(2024, 1, 1))
    with pytest.raises(ValidationError) as exc:
        details.address_move(
            child=child_a,
            line1="",
            town="",
            postcode="PE2 5AA",
            start_date=dt.date(2023, 1, 1),
            acting_user=None,
        )
    assert "start_date" in exc.value.message_dict
    assert Address.objects.filter(child=child_a).count() == 1


def test_the_address_page_refuses_a_postcode_that_is_not_real(client_a, child_a):
    response = client_a.post(
        reverse("child_address_add", args=[child_a.pk]),
        {"postcode": "NOT A CODE", **_date("start_date", dt.date(2025, 1, 2))},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Enter a real postcode" in page
    assert not Address.objects.filter(child=child_a).exists()


def test_the_record_shows_address_history_newest_first(client_a, child_a):
    AddressFactory(child=child_a, postcode="PE1 1XX", start_date=dt.date(2019, 1, 1))
    response = client_a.post(
        reverse("child_address_add", args=[child_a.pk]),
        {"line1": "4 Mill Lane", "postcode": "PE2 5AA", **_date("start_date", dt.date(2025, 1, 2))},
    )
    assert response.status_code == 302
    page = _summary(client_a, child_a)
    assert page.index("PE2 5AA") < page.index("PE1 1XX")
    assert reverse("child_address_add", args=[child_a.pk]) in page


def test_correcting_an_address_keeps_its_dates_and_audits_the_old_postcode(client_a, child_a):
    address = AddressFactory(child=child_a, postcode="PE1 1XX", start_date=dt.date(2019, 1, 1))
    response = client_a.post(
        reverse("child_address_edit", args=[child_a.pk, address.pk]),
        {
            "postcode": "PE1 1XY",
            **_date("start_date", address.start_date),
            "version": address.version,
        },
    )
    assert response.status_code == 302
    address.refresh_from_db()
    assert (address.postcode, address.start_date, address.version) == (
        "PE1 1XY",
        dt.date(2019, 1, 1),
        2,
    )
    entry = AuditEntry.objects.get(what="Corrected an address")
    assert entry.detail["before"] == {"postcode": "PE1 1XX"}


def test_a_stale_address_correction_overwrites_nothing(child_a):
    address = AddressFactory(child=child_a, postcode="PE1 1XX")
    with pytest.raises(ConcurrentEditError):
        details.address_correct(
            address=address,
            expected_version=address.version + 1,
            line1="",
            town="",
            postcode="PE9 9ZZ",
            start_date=address.start_date,
            end_date=None,
            acting_user=None,
        )
    address.refresh_from_db()
    assert address.postcode == "PE1 1XX"


def test_a_past_address_cannot_be_made_current_beside_the_current_one(child_a):
    past = AddressFactory(
        child=child_a, start_date=dt.date(2019, 1, 1), end_date=dt.date(2022, 1, 1)
    )
    AddressFactory(child=child_a, start_date=dt.date(2022, 1, 1))
    with pytest.raises(ValidationError) as exc:
        details.address_correct(
            address=past,
            expected_version=past.version,
            line1="",
            town="",
            postcode=past.postcode,
            start_date=past.start_date,
            end_date=None,
            acting_user=None,
        )
    assert "end_date" in exc.value.message_dict


def test_an_address_of_another_child_is_404(client_a, child_a, child_b):
    address = AddressFactory(child=child_b)
    url = reverse("child_address_edit", args=[child_a.pk, address.pk])
    assert client_a.get(url).status_code == 404


# --- Disabilities and religion --------------------------------------------------------------------


def test_disabilities_are_added_and_removed_and_both_audited(child_a):
    child_a.disabilities.create(code="HEAR")
    details.child_details_update(
        child=child_a,
        expected_version=child_a.version,
        religion="Quaker",
        disabilities=["AUT", "COMM"],
        acting_user=None,
    )
    assert sorted(child_a.disabilities.values_list("code", flat=True)) == ["AUT", "COMM"]
    child_a.refresh_from_db()
    assert child_a.religion == "Quaker"
    entry = AuditEntry.objects.get(what="Changed the child's disabilities and religion")
    assert (entry.detail["added"], entry.detail["removed"]) == (["AUT", "COMM"], ["HEAR"])


def test_no_disability_cannot_be_combined_with_a_disability(client_a, child_a):
    response = client_a.post(
        reverse("child_details_edit", args=[child_a.pk]),
        {"disabilities": ["NONE", "VIS"], "religion": "", "version": child_a.version},
    )
    assert response.status_code == 200
    assert "Select No disability, or the disabilities" in response.content.decode()
    assert not child_a.disabilities.exists()


def test_the_record_shows_religion_and_disabilities_with_change_links(client_a, child_a):
    response = client_a.post(
        reverse("child_details_edit", args=[child_a.pk]),
        {"disabilities": ["VIS"], "religion": "Sikh", "version": child_a.version},
    )
    assert response.status_code == 302
    page = _summary(client_a, child_a)
    assert "Sikh" in page
    assert "Vision" in page
    assert 'Change<span class="govuk-visually-hidden"> religion</span>' in page


# --- Family members -------------------------------------------------------------------------------


def _member(**overrides) -> dict:
    data = {
        "first_name": "Dawn",
        "last_name": "Hartley",
        "relationship": "mother",
        "parental_responsibility": "yes",
        "lives_with_child": "yes",
        "address": "4 Mill Lane, PE2 5AA",
        "phone": "01733 000000",
        "email": "dawn@example.com",
        "related_child_id": "",
    }
    return data | overrides


def test_adding_a_family_member_shows_them_on_the_record_and_audits(client_a, child_a):
    response = client_a.post(reverse("family_member_add", args=[child_a.pk]), _member())
    assert response.status_code == 302
    member = FamilyMember.objects.get(child=child_a)
    assert (member.parental_responsibility, member.email) == (True, "dawn@example.com")
    assert AuditEntry.objects.filter(what="Added a family member", child=child_a).exists()
    page = _summary(client_a, child_a)
    assert "Dawn Hartley" in page
    assert "4 Mill Lane, PE2 5AA" in page
    assert reverse("family_member_edit", args=[child_a.pk, member.pk]) in page


def test_parental_responsibility_must_be_answered(client_a, child_a):
    response = client_a.post(
        reverse("family_member_add", args=[child_a.pk]), _member(parental_responsibility="")
    )
    assert response.status_code == 200
    assert "Select yes or no: do they have parental responsibility?" in response.content.decode()


def test_a_sibling_is_linked_and_the_sibling_record_shows_the_relationship(
    client_a, child_a, worker_a
):
    sibling = ChildFactory(first_name="Noah", last_name="Hartley")
    AllocationFactory(child=sibling, worker=worker_a)
    response = client_a.post(
        reverse("family_member_add", args=[child_a.pk]),
        _member(
            first_name="Noah",
            relationship="sibling",
            parental_responsibility="no",
            related_child_id=sibling.la_child_id.lower(),
        ),
    )
    assert response.status_code == 302
    assert FamilyMember.objects.get(child=child_a).related_child == sibling
    page = _summary(client_a, sibling)
    assert reverse("child_summary", args=[child_a.pk]) in page
    assert "records Noah as their sibling" in page


def test_linking_to_a_child_the_user_may_not_see_reveals_nothing(client_a, child_a, child_b):
    hidden = client_a.post(
        reverse("family_member_add", args=[child_a.pk]),
        _member(relationship="sibling", related_child_id=child_b.la_child_id),
    ).content.decode()
    missing = client_a.post(
        reverse("family_member_add", args=[child_a.pk]),
        _member(relationship="sibling", related_child_id="C9999999"),
    ).content.decode()
    assert escape(details.NOT_FOUND_LINK) in hidden
    assert escape(details.NOT_FOUND_LINK) in missing
    assert child_b.last_name not in hidden
    assert not FamilyMember.objects.exists()


def test_a_link_from_a_child_the_viewer_may_not_see_is_not_shown(
    client_a, child_a, child_b, worker_a
):
    FamilyMemberFactory(child=child_b, related_child=child_a, relationship="sibling")
    assert details.reciprocal_relationships(child=child_a, user=worker_a.user) == []
    assert reverse("child_summary", args=[child_b.pk]) not in _summary(client_a, child_a)


def test_an_edit_keeps_a_link_the_editor_may_not_see(child_a, child_b, worker_a):
    member = FamilyMemberFactory(child=child_a, related_child=child_b, relationship="sibling")
    details.family_member_update(
        member=member,
        expected_version=member.version,
        acting_user=worker_a.user,
        related_child_id="",
        **{n: getattr(member, n) for n in details.FAMILY_FIELDS} | {"phone": "07700 900000"},
    )
    member.refresh_from_db()
    assert (member.related_child_id, member.phone) == (child_b.pk, "07700 900000")


def test_ending_a_family_member_keeps_them_on_the_record_as_no_longer_involved(client_a, child_a):
    member = FamilyMemberFactory(child=child_a, first_name="Gary", relationship="partner")
    response = client_a.post(
        reverse("family_member_edit", args=[child_a.pk, member.pk]),
        _member(
            first_name="Gary",
            relationship="partner",
            parental_responsibility="no",
            lives_with_child="no",
            version=member.version,
            **_date("end_date", dt.date(2025, 6, 1)),
        ),
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.end_date == dt.date(2025, 6, 1)
    assert AuditEntry.objects.filter(what="Ended a family member's involvement").exists()
    assert "No longer involved from 1 Jun 2025" in _summary(client_a, child_a)


# --- Professionals --------------------------------------------------------------------------------


def _professional(**overrides) -> dict:
    data = {
        "name": "Sam Okafor",
        "role": "Health visitor",
        "agency": "health",
        "organisation": "Peterborough Community Health",
        "phone": "01733 111111",
        "email": "sam.okafor@example.com",
        **_date("start_date", dt.date(2025, 2, 1)),
    }
    return data | overrides


def test_adding_a_professional_shows_them_on_the_record(client_a, child_a):
    response = client_a.post(reverse("professional_add", args=[child_a.pk]), _professional())
    assert response.status_code == 302
    professional = Professional.objects.get(child=child_a)
    assert AuditEntry.objects.filter(what="Added a professional involved").exists()
    page = _summary(client_a, child_a)
    assert "Sam Okafor" in page
    assert "sam.okafor@example.com" in page
    assert reverse("professional_edit", args=[child_a.pk, professional.pk]) in page


def test_ending_a_professional_before_they_began_is_refused(child_a):
    professional = ProfessionalFactory(child=child_a, start_date=dt.date(2024, 1, 1))
    with pytest.raises(ValidationError) as exc:
        details.professional_update(
            professional=professional,
            expected_version=professional.version,
            acting_user=None,
            end_date=dt.date(2023, 1, 1),
        )
    assert "end_date" in exc.value.message_dict


def test_ending_a_professional_moves_them_to_past_involvement(client_a, child_a):
    professional = ProfessionalFactory(child=child_a, start_date=dt.date(2024, 1, 1))
    response = client_a.post(
        reverse("professional_edit", args=[child_a.pk, professional.pk]),
        _professional(
            name=professional.name,
            version=professional.version,
            **_date("start_date", dt.date(2024, 1, 1)),
            **_date("end_date", dt.date(2025, 7, 1)),
        ),
    )
    assert response.status_code == 302
    assert AuditEntry.objects.filter(what="Ended a professional's involvement").exists()
    assert "1 Jan 2024 to 1 Jul 2025" in _summary(client_a, child_a)


def test_a_stale_professional_edit_is_a_conflict(client_a, child_a):
    professional = ProfessionalFactory(child=child_a)
    details.professional_update(
        professional=Professional.objects.get(pk=professional.pk),
        expected_version=1,
        acting_user=None,
        role="Designated safeguarding lead",
    )
    response = client_a.post(
        reverse("professional_edit", args=[child_a.pk, professional.pk]),
        _professional(version=1),
    )
    assert response.status_code == 409
    professional.refresh_from_db()
    assert professional.role == "Designated safeguarding lead"
