"""A few children with realistic records for the returns tests (until/besides the synthetic LA).

Everything the DfE rules check is real: postcodes from the ONS table, UPNs with correct check
letters, dates on working days."""

from __future__ import annotations

import datetime as dt

from hearth.care.tests.factories import (
    LegalStatusFactory,
    PeriodOfCareFactory,
    PlacementFactory,
)
from hearth.casework.models import AssessmentFactor, ChildProtectionConference
from hearth.casework.tests.factories import (
    AssessmentFactory,
    CINEpisodeFactory,
    CPPlanFactory,
)
from hearth.core.models import Authority
from hearth.people.tests.factories import ChildFactory
from hearth.workforce.models import Allocation
from hearth.workforce.tests.factories import AllocationFactory, WorkerFactory

HOME = "PE1 4TE"
FOSTER = "PE2 8QR"
HOME_2 = "PE3 9AU"

d = dt.date


def authority() -> Authority:
    return Authority.objects.get_or_create(
        name="Peterborough",
        defaults={"ons_code": "E06000031", "dfe_number": 874, "population_0_17": 50_000},
    )[0]


def looked_after_child(**child_kwargs):
    """In care since 2023 under a care order; placement move in 2025 (P with CARPL); legal
    status change on the same day as a later move (U); still looked after on 31 March 2026."""
    child = ChildFactory(date_of_birth=d(2012, 5, 14), **child_kwargs)
    period = PeriodOfCareFactory(
        child=child, start_date=d(2023, 6, 5), category_of_need="N1", home_postcode=HOME
    )
    LegalStatusFactory(period=period, code="C1", start_date=d(2023, 6, 5), end_date=d(2025, 9, 1))
    LegalStatusFactory(period=period, code="C2", start_date=d(2025, 9, 1))
    PlacementFactory(
        period=period,
        place="U6",
        provider="PR1",
        postcode=FOSTER,
        urn="XXXXXXX",
        carer_name="Mr and Mrs Khan",
        start_date=d(2023, 6, 5),
        end_date=d(2025, 6, 2),
        reason_changed="CARPL",
    )
    PlacementFactory(
        period=period,
        place="U4",
        provider="PR1",
        postcode=HOME_2,
        urn="XXXXXXX",
        carer_name="Ms Osei",
        start_date=d(2025, 6, 2),
        end_date=d(2025, 9, 1),
        reason_changed="CREQO",
    )
    PlacementFactory(
        period=period,
        place="U4",
        provider="PR4",
        postcode=FOSTER,
        urn="XXXXXXX",
        carer_name="Mr Doyle",
        start_date=d(2025, 9, 1),
    )
    worker = WorkerFactory(swe_number="SW123456")
    AllocationFactory(
        child=child, worker=worker, start_date=d(2023, 6, 5), kind=Allocation.Kind.SOCIAL_WORKER
    )
    return child


def child_in_need(**child_kwargs):
    """Referred in the year, assessed, on a CP plan after an ICPC."""
    child = ChildFactory(date_of_birth=d(2018, 2, 3), sex="F", **child_kwargs)
    episode = CINEpisodeFactory(
        child=child, referral_date=d(2025, 5, 6), referral_source="5A", primary_need="N1"
    )
    assessment = AssessmentFactory(
        cin_episode=episode,
        start_date=d(2025, 5, 6),
        completed_date=d(2025, 6, 10),
        authorised_date=d(2025, 6, 12),
    )
    AssessmentFactor.objects.create(assessment=assessment, code="2A")
    plan = CPPlanFactory(
        cin_episode=episode,
        start_date=d(2025, 7, 1),
        initial_category="NEG",
        latest_category="NEG",
    )
    ChildProtectionConference.objects.create(
        child=child, cin_episode=episode, cp_plan=plan, kind="initial", date=d(2025, 7, 1)
    )
    return child


def small_la() -> list:
    authority()
    return [looked_after_child(), child_in_need()]
