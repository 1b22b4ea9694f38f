"""One payload per child from the live records, matching DfE's published schema."""

import datetime as dt

import pytest
from django.utils import timezone

from hearth.care.models import Adoption, CareLeaverContact, HealthCheck
from hearth.care.tests.factories import PeriodOfCareFactory, PlacementFactory
from hearth.casework.models import ChildProtectionConference, Section47Enquiry
from hearth.casework.tests.factories import AssessmentFactory, CINEpisodeFactory, CPPlanFactory
from hearth.dfe_api import payloads, schema
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.tests.factories import AllocationFactory

pytestmark = pytest.mark.django_db


def _one(child):
    return payloads.build_payloads([child.pk])[child.pk]


def test_a_child_with_an_open_referral_is_in_scope_and_one_without_is_not():
    referred = CINEpisodeFactory().child
    ChildFactory()
    assert list(payloads.children_in_scope()) == [referred]


def test_an_archived_episode_takes_the_child_out_of_scope():
    ep = CINEpisodeFactory(archived_at=timezone.now(), archived_reason="Created in error")
    assert ep.child not in payloads.children_in_scope()


def test_a_child_protection_journey_is_mapped_episode_by_episode():
    ep = CINEpisodeFactory(referral_date=dt.date(2024, 1, 8))
    assessment = AssessmentFactory(cin_episode=ep, authorised_date=dt.date(2024, 1, 30))
    s47 = Section47Enquiry.objects.create(
        child=ep.child, cin_episode=ep, start_date=dt.date(2024, 1, 10)
    )
    ChildProtectionConference.objects.create(
        child=ep.child, cin_episode=ep, section47=s47, kind="initial", date=dt.date(2024, 1, 24)
    )
    plan = CPPlanFactory(cin_episode=ep, start_date=dt.date(2024, 1, 24))
    episode = _one(ep.child)["social_care_episodes"][0]
    assert episode["social_care_episode_id"] == f"CIN{ep.pk}"
    assert episode["child_and_family_assessments"][0] == {
        "child_and_family_assessment_id": f"ASM{assessment.pk}",
        "start_date": "2024-01-08",
        "authorisation_date": "2024-01-30",
    }
    assert episode["section_47_assessments"][0]["icpc_date"] == "2024-01-24"
    assert episode["child_protection_plans"][0]["child_protection_plan_id"] == f"CPP{plan.pk}"


def test_workers_are_identified_by_social_work_england_number_and_others_left_out():
    ep = CINEpisodeFactory()
    AllocationFactory(child=ep.child, worker__swe_number="SW123456", end_date=dt.date(2024, 3, 1))
    AllocationFactory(child=ep.child, worker__swe_number="", start_date=dt.date(2024, 3, 1))
    workers = _one(ep.child)["social_care_episodes"][0]["care_worker_details"]
    assert [w["worker_id"] for w in workers] == ["SW123456"]


def test_a_period_of_care_is_sent_on_the_episode_open_when_it_started():
    ep = CINEpisodeFactory(referral_date=dt.date(2024, 1, 8))
    period = PeriodOfCareFactory(
        child=ep.child,
        start_date=dt.date(2024, 4, 2),
        end_date=dt.date(2024, 9, 1),
        reason_ceased="E41",
    )
    first = PlacementFactory(period=period, end_date=dt.date(2024, 6, 1), reason_changed="CARPL")
    second = PlacementFactory(
        period=period, start_date=dt.date(2024, 6, 1), end_date=dt.date(2024, 9, 1)
    )
    placements = _one(ep.child)["social_care_episodes"][0]["child_looked_after_placements"]
    assert [(p["child_looked_after_placement_id"], p["start_reason"]) for p in placements] == [
        (f"PL{first.pk}", "S"),
        (f"PL{second.pk}", "P"),
    ]
    assert [p["end_reason"] for p in placements] == ["X1", "E41"]


def test_adoption_care_leaver_and_sdq_sections_are_filled_from_their_records():
    ep = CINEpisodeFactory(referral_date=dt.date(2020, 1, 8))
    period = PeriodOfCareFactory(child=ep.child, start_date=dt.date(2020, 2, 1))
    Adoption.objects.create(child=ep.child, period=period, decision_date=dt.date(2020, 6, 1))
    CareLeaverContact.objects.create(
        child=ep.child, date=dt.date(2024, 5, 1), in_touch="YES", activity="F1", accommodation="B"
    )
    HealthCheck.objects.create(child=ep.child, kind="sdq", date=dt.date(2023, 3, 1), sdq_score=14)
    payload = _one(ep.child)
    episode = payload["social_care_episodes"][0]
    assert episode["adoption"] == {"initial_decision_date": "2020-06-01"}
    assert episode["care_leavers"]["accommodation"] == "B"
    assert payload["health_and_wellbeing"] == {
        "sdq_assessments": [{"date": "2023-03-01", "score": 14}]
    }


def test_a_full_payload_matches_the_published_schema():
    ep = CINEpisodeFactory()
    AssessmentFactory(cin_episode=ep)
    CPPlanFactory(cin_episode=ep)
    PlacementFactory(period__child=ep.child)
    assert schema.child_errors(_one(ep.child)) == []


def test_the_schema_check_finds_a_child_id_dfe_would_refuse():
    assert schema.child_errors({"la_child_id": "C-01"}) != []


def test_a_change_to_a_record_puts_the_child_in_the_changes_since_list():
    ep = CINEpisodeFactory()
    other = CINEpisodeFactory()
    cutoff = timezone.now()
    AssessmentFactory(cin_episode=ep)
    changed = payloads.children_changed_since(since=cutoff)
    assert ep.child_id in changed and other.child_id not in changed
