"""Foster carers and adopters as records: households, approval, registration status, annual
reviews, placements made with them (and only with fitting, approved households), fostering
sufficiency and Annex A List 11."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from hearth.access.models import AuditEntry
from hearth.access.tests.signin import force_login_verified
from hearth.care import services as care_services
from hearth.care.forms import CareStartForm
from hearth.care.models import Placement
from hearth.care.tests.factories import PeriodOfCareFactory, PlacementFactory
from hearth.carers import selectors, services
from hearth.carers.models import CarerHousehold
from hearth.carers.tests.factories import (
    CarerHouseholdFactory,
    CarerReviewFactory,
    HouseholdMemberFactory,
)
from hearth.casework.tests.conftest import date_parts
from hearth.core.chronology import chronology_for
from hearth.returns.annex_a import build_annex_a
from hearth.workforce.models import Team
from hearth.workforce.tests.factories import TeamFactory, WorkerFactory

pytestmark = pytest.mark.django_db
d = dt.date
H = CarerHousehold


@pytest.fixture
def fostering_worker():
    team = TeamFactory(name="Fostering", kind=Team.Kind.FOSTERING)
    return WorkerFactory(team=team, user__username="fostering.sw")


@pytest.fixture
def fostering_client(client, fostering_worker):
    force_login_verified(client, fostering_worker.user)
    return client


def _placement(**overrides):
    values = {
        "place": "U6",
        "provider": "PR1",
        "carer_name": "",
        "postcode": "",
        "urn": "XXXXXXX",
    }
    return values | overrides


# --- The household's life ---------------------------------------------------------------------


def test_a_household_is_recorded_assessed_approved_and_its_reference_follows_its_kind(
    fostering_worker,
):
    user = fostering_worker.user
    h = services.household_create(
        name="The Okafor household",
        kind=H.Kind.MAINSTREAM,
        enquiry_date=d(2025, 1, 6),
        acting_user=user,
    )
    assert h.reference == f"FC{h.pk:05d}" and h.status == H.Status.ENQUIRY
    services.household_assessment_start(
        household=h, expected_version=h.version, start_date=d(2025, 2, 3), acting_user=user
    )
    services.household_approve(
        household=h,
        expected_version=h.version,
        approval_date=d(2025, 7, 1),
        approved_places=2,
        age_from=5,
        age_to=12,
        care_types=["short_term", "emergency"],
        acting_user=user,
    )
    h.refresh_from_db()
    assert (h.status, h.approval_date, h.approved_places) == (H.Status.APPROVED, d(2025, 7, 1), 2)
    assert h.care_type_labels() == ["Short-term", "Emergency"]
    entries = AuditEntry.objects.filter(what__endswith=h.reference)
    assert entries.count() == 3 and not entries.exclude(child__isnull=True).exists()


def test_a_fostering_household_is_not_approved_without_its_terms(fostering_worker):
    h = CarerHouseholdFactory(status=H.Status.ASSESSMENT, approval_date=None)
    with pytest.raises(ValidationError) as err:
        services.household_approve(
            household=h,
            expected_version=h.version,
            approval_date=d(2025, 7, 1),
            approved_places=None,
            age_from=None,
            age_to=None,
            care_types=[],
            acting_user=fostering_worker.user,
        )
    assert {"approved_places", "care_types"} <= set(err.value.message_dict)


def test_deregistration_needs_a_reason_and_no_child_placed(fostering_worker):
    h = CarerHouseholdFactory()
    PlacementFactory(carer_household=h, start_date=d(2025, 1, 1))
    with pytest.raises(ValidationError) as err:
        services.household_status_change(
            household=h,
            expected_version=h.version,
            status=H.Status.DEREGISTERED,
            date=d(2025, 9, 1),
            acting_user=fostering_worker.user,
        )
    assert set(err.value.message_dict) == {"reason", "date"}


def test_on_hold_and_back(fostering_worker):
    h = CarerHouseholdFactory()
    services.household_status_change(
        household=h,
        expected_version=h.version,
        status=H.Status.ON_HOLD,
        date=d(2025, 9, 1),
        acting_user=fostering_worker.user,
    )
    assert h.status == H.Status.ON_HOLD and h.on_hold_date == d(2025, 9, 1)
    services.household_status_change(
        household=h,
        expected_version=h.version,
        status=H.Status.APPROVED,
        date=d(2025, 10, 1),
        acting_user=fostering_worker.user,
    )
    assert h.status == H.Status.APPROVED and h.on_hold_date is None


def test_the_annual_review_falls_due_a_year_after_approval_then_after_each_review():
    h = CarerHouseholdFactory(approval_date=d(2024, 7, 1))
    assert selectors.review_due(h) == d(2025, 7, 1)
    CarerReviewFactory(household=h, date=d(2025, 6, 20))
    assert selectors.review_due(h) == d(2026, 6, 20)
    assert selectors.review_due(CarerHouseholdFactory(kind=H.Kind.ADOPTERS)) is None


# --- Placements with households ----------------------------------------------------------------


def test_a_child_comes_into_care_with_an_approved_in_house_household(child, social_worker):
    h = CarerHouseholdFactory(name="The Adeyemi household", postcode="PE7 8FA")
    period = care_services.care_start(
        child=child,
        start_date=d(2025, 3, 3),
        category_of_need="N1",
        legal_status="C2",
        placement=_placement(carer_household=h),
        acting_user=social_worker.user,
    )
    placement = Placement.objects.get(period=period)
    assert placement.carer_household == h and placement.postcode == "PE7 8FA"
    titles = [e.title for e in chronology_for(child=child)]
    assert f"Placed: {placement.get_place_display()} — The Adeyemi household ({h.reference})" in (
        titles
    )


@pytest.mark.parametrize(
    ("household", "placement", "field"),
    [
        ({"approval_date": d(2025, 6, 1)}, {}, "carer_household"),  # not yet approved
        (
            {
                "deregistration_date": d(2025, 1, 1),
                "status": "deregistered",
                "deregistration_reason": "retired",
            },
            {},
            "carer_household",
        ),
        ({"kind": "adopters"}, {}, "carer_household"),  # adopters are not foster carers
        ({"kind": "mainstream"}, {"place": "U3"}, "carer_household"),  # connected person
        ({}, {"provider": "PR4"}, "provider"),  # in-house carers are PR1
        ({"kind": "agency", "agency_name": "Fen Valley Fostering"}, {}, "provider"),
    ],
)
def test_a_placement_refuses_a_household_that_does_not_fit(
    child, social_worker, household, placement, field
):
    h = CarerHouseholdFactory(**household)
    with pytest.raises(ValidationError) as err:
        care_services.care_start(
            child=child,
            start_date=d(2025, 3, 3),
            category_of_need="N1",
            legal_status="C2",
            placement=_placement(carer_household=h, **placement),
            acting_user=social_worker.user,
        )
    assert field in err.value.message_dict
    assert not Placement.objects.filter(child=child).exists()


def test_the_placement_form_offers_approved_households_grouped_by_kind():
    CarerHouseholdFactory(name="The Adeyemi household")
    CarerHouseholdFactory(name="The Patel household", kind=H.Kind.CONNECTED)
    CarerHouseholdFactory(name="The Brown household", status="enquiry", approval_date=None)
    choices = CareStartForm().fields["carer_household"].choices
    groups = dict(choices[1:])
    assert next(label for _pk, label in groups["In-house foster carers (mainstream)"]).startswith(
        "The Adeyemi household"
    )
    assert "Connected person foster carers (family and friends)" in groups
    assert not any("Brown" in label for g in groups.values() for _pk, label in g)


def test_moving_a_child_to_an_agency_household(child, social_worker):
    period = PeriodOfCareFactory(child=child, start_date=d(2025, 1, 6))
    PlacementFactory(period=period, start_date=d(2025, 1, 6))
    h = CarerHouseholdFactory(kind=H.Kind.AGENCY, agency_name="Fen Valley Fostering")
    new = care_services.placement_change(
        period=period,
        start_date=d(2025, 4, 1),
        reason_changed="CARPL",
        placement=_placement(carer_household=h, provider="PR4"),
        acting_user=social_worker.user,
    )
    assert new.carer_household == h


# --- Sufficiency ---------------------------------------------------------------------------------


def test_fostering_sufficiency_counts_households_places_vacancies_and_sources():
    day = d(2025, 10, 1)
    full = CarerHouseholdFactory(approved_places=1)
    half = CarerHouseholdFactory(approved_places=2)
    CarerHouseholdFactory(approved_places=3, status="on_hold", on_hold_date=d(2025, 9, 1))
    agency = CarerHouseholdFactory(kind=H.Kind.AGENCY, agency_name="Anglia", approved_places=2)
    CarerHouseholdFactory(
        status="deregistered", deregistration_date=d(2025, 5, 1), deregistration_reason="retired"
    )
    CarerHouseholdFactory(approval_date=d(2025, 11, 1))  # not yet approved on the day
    for h, provider in ((full, "PR1"), (half, "PR1"), (agency, "PR4")):
        PlacementFactory(carer_household=h, provider=provider, start_date=d(2025, 2, 1))
    PlacementFactory(provider="PR4", place="U6", start_date=d(2025, 2, 1))  # no household
    s = selectors.fostering_sufficiency(day=day, year_start=d(2024, 10, 2))
    assert (s.approved_households, s.approved_places, s.children_placed) == (4, 8, 3)
    assert s.vacancies == 0 + 1 + 1  # full, half, agency; on hold offers none
    assert (s.in_house_placements, s.agency_placements) == (2, 2)
    assert s.in_house_share == 50
    assert s.deregistrations == 1


# --- Annex A List 11 ---------------------------------------------------------------------------


def test_list_11_is_one_row_per_adopter_from_their_household_with_matches():
    from hearth.care.models import Adoption
    from hearth.people.tests.factories import ChildFactory

    h = CarerHouseholdFactory(
        reference="AD00042",
        kind=H.Kind.ADOPTERS,
        enquiry_date=d(2025, 1, 10),
        stage1_start=d(2025, 2, 1),
        stage1_end=d(2025, 4, 1),
        stage2_start=d(2025, 4, 1),
        stage2_end=d(2025, 8, 1),
        application_date=d(2025, 4, 1),
        approval_date=d(2025, 8, 1),
        care_types=[],
    )
    HouseholdMemberFactory(household=h, sex="F", ethnicity="BAFR")
    HouseholdMemberFactory(household=h, sex="M", ethnicity="WBRI", first_name="Tom")
    HouseholdMemberFactory(household=h, role="child", sex="M")  # not an adopter
    Adoption.objects.create(
        child=ChildFactory(),
        decision_date=d(2025, 3, 1),
        match_date=d(2025, 9, 1),
        placed_date=d(2025, 9, 20),
        adopters=h,
        family_id=h.reference,
    )
    rows = build_annex_a(as_of=d(2026, 3, 31))["List 11"]
    mine = [r for r in rows if r["Family identifier"] == "AD00042"]
    assert [r["Individual adopter identifier"] for r in mine] == ["AD00042-1", "AD00042-2"]
    assert {r["Gender"] for r in mine} == {"a) Male", "b) Female"}
    first = mine[0]
    assert first["Date Stage 2 ended"] == d(2025, 8, 1)
    assert first["Date application approved"] == d(2025, 8, 1)
    assert first["Date adopter matched with child(ren)"] == d(2025, 9, 1)
    assert first["No. of children placed"] == 1


def test_list_11_leaves_out_adopters_who_left_before_the_year_and_gives_the_reason_for_others():
    CarerHouseholdFactory(
        reference="AD00001",
        kind="adopters",
        enquiry_date=d(2023, 1, 1),
        approval_date=None,
        status="deregistered",
        deregistration_date=d(2024, 1, 1),
        deregistration_reason="adopter_withdrew",
    )
    CarerHouseholdFactory(
        reference="AD00002",
        kind="adopters",
        enquiry_date=d(2025, 6, 1),
        approval_date=None,
        status="deregistered",
        deregistration_date=d(2025, 9, 1),
        deregistration_reason="refused",
    )
    rows = build_annex_a(as_of=d(2026, 3, 31))["List 11"]
    assert [r["Family identifier"] for r in rows] == ["AD00002"]
    assert rows[0]["Reason for leaving adoption process"] == "3 - Application refused"
    assert rows[0]["Gender"] == "c) Not stated/recorded"  # nobody recorded in the household


def test_an_adoption_linked_to_adopters_takes_their_reference_and_makeup(child, social_worker):
    h = CarerHouseholdFactory(kind=H.Kind.ADOPTERS, approval_date=d(2025, 1, 1))
    HouseholdMemberFactory(household=h, sex="F")
    HouseholdMemberFactory(household=h, sex="M")
    adoption = care_services.adoption_record(
        child=child,
        decision_date=d(2025, 2, 1),
        match_date=d(2025, 6, 1),
        adopters=h,
        acting_user=social_worker.user,
    )
    assert (adoption.family_id, adoption.number_of_adopters, adoption.adopters_sex) == (
        h.reference,
        2,
        "MF",
    )


# --- Pages ---------------------------------------------------------------------------------------


def test_the_fostering_team_sees_households(fostering_client):
    h = CarerHouseholdFactory(name="The O'Neill household")
    page = fostering_client.get(reverse("carer_households"))
    assert page.status_code == 200 and escape(h.name) in page.content.decode()
    assert fostering_client.get(reverse("carer_household", args=[h.pk])).status_code == 200
    assert AuditEntry.objects.filter(what="Carer household", action="view").exists()


def test_a_safeguarding_social_worker_is_refused_household_pages(sw_client):
    h = CarerHouseholdFactory()
    assert sw_client.get(reverse("carer_household", args=[h.pk])).status_code == 403
    assert sw_client.post(reverse("carer_approve", args=[h.pk]), {}).status_code == 403


def test_recording_and_approving_a_household_through_the_pages(fostering_client):
    response = fostering_client.post(reverse("carer_household_add"), {})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    response = fostering_client.post(
        reverse("carer_household_add"),
        {
            "name": "The Shah household",
            "kind": "mainstream",
            **date_parts("enquiry_date", d(2025, 1, 2)),
        },
    )
    h = H.objects.get(name="The Shah household")
    assert response.status_code == 302 and response.url == reverse("carer_household", args=[h.pk])
    response = fostering_client.post(
        reverse("carer_approve", args=[h.pk]),
        {
            "version": h.version,
            **date_parts("approval_date", d(2025, 6, 2)),
            "approved_places": "2",
            "age_from": "0",
            "age_to": "10",
            "care_types": ["short_term"],
        },
    )
    assert response.status_code == 302
    h.refresh_from_db()
    assert h.status == H.Status.APPROVED and h.age_to == 10


def test_the_sufficiency_page_shows_figures_and_refuses_a_wrong_date(tm_client):
    CarerHouseholdFactory(approved_places=3)
    page = tm_client.get(reverse("fostering_sufficiency"), {"as_of": "2025-10-01"})
    assert page.status_code == 200 and page.context["s"].approved_places == 3
    wrong = tm_client.get(
        reverse("fostering_sufficiency"), {"as_of_0": "31", "as_of_1": "2", "as_of_2": "2025"}
    )
    assert "There is a problem" in wrong.content.decode()
