"""The dashboards and the SSDA903 count the same children (issue #15): the ``cla`` indicator is
the 903 episodes open at 31 March (short breaks aside), the OC2 indicators' cohort is the OC2
table and the SDQ indicator asks for the SDQs the OC2 asks for. The children here sit on the
edges where earlier copies of these rules disagreed."""

from __future__ import annotations

import datetime as dt

import pytest

from hearth.care.models import HealthCheck
from hearth.care.tests.factories import (
    LegalStatusFactory,
    PeriodOfCareFactory,
    PlacementFactory,
)
from hearth.core import codes
from hearth.insight.indicators import REGISTRY
from hearth.people.tests.factories import ChildFactory
from hearth.returns.ssda903 import build_903

pytestmark = pytest.mark.django_db

d = dt.date
YEAR = "2025-26"
START, END = d(2025, 4, 1), d(2026, 3, 31)


def in_care(name, *, dob, start, end=None, statuses=None):
    child = ChildFactory(first_name=name, date_of_birth=dob, la_child_id=name)
    period = PeriodOfCareFactory(
        child=child, start_date=start, end_date=end, reason_ceased="E4A" if end else ""
    )
    for code, begun, ended in statuses or [("C2", start, end)]:
        LegalStatusFactory(period=period, code=code, start_date=begun, end_date=ended)
    PlacementFactory(period=period, start_date=start, end_date=end, reason_changed="")
    return child


@pytest.fixture
def children():
    return {
        "STAYS": in_care("STAYS", dob=d(2015, 6, 1), start=d(2023, 5, 2)),
        # Care ceased on 31 March: not looked after at 31 March, yet continuously looked after
        # for the year (DfE: only a period ending before 31 March breaks the 12 months).
        "LEFT3103": in_care("LEFT3103", dob=d(2022, 3, 31), start=d(2023, 5, 2), end=END),
        # Came into care on 1 April, the first day of the year.
        "FROM0104": in_care("FROM0104", dob=d(2008, 4, 1), start=START),
        "FROM0204": in_care("FROM0204", dob=d(2012, 1, 9), start=d(2025, 4, 2)),
        # A short break during the year, in care under a care order on 31 March.
        "BREAK": in_care(
            "BREAK",
            dob=d(2014, 2, 2),
            start=d(2023, 5, 2),
            statuses=[
                ("C2", d(2023, 5, 2), d(2025, 6, 2)),
                ("V3", d(2025, 6, 2), d(2025, 8, 4)),
                ("C2", d(2025, 8, 4), None),
            ],
        ),
        "SHORT": in_care(
            "SHORT", dob=d(2013, 7, 7), start=d(2023, 5, 2), statuses=[("V3", d(2023, 5, 2), None)]
        ),
    }


def _ids(children, names):
    return sorted(children[n].pk for n in names)


def _by_la_id(children, la_ids):
    pk = {c.la_child_id: c.pk for c in children.values()}
    return sorted(pk[x] for x in la_ids)


def test_cla_is_the_903_episodes_open_at_31_march_except_short_breaks(children):
    episodes = build_903(year=YEAR)["Episodes"]
    open_at_end = [
        e["CHILD"]
        for e in episodes
        if not e["DEC"] and e["LS"] not in codes.SHORT_BREAK_LEGAL_STATUSES
    ]
    cla = REGISTRY["cla"].compute(as_of=END, period_start=START)
    assert cla.value == len(open_at_end) == 4
    assert sorted(cla.child_ids) == _by_la_id(children, open_at_end)
    assert sorted(cla.child_ids) == _ids(children, ["STAYS", "FROM0104", "FROM0204", "BREAK"])


@pytest.mark.parametrize("key", ["cla-health-assessment", "cla-dental", "cla-immunisations"])
def test_the_oc2_indicators_count_the_oc2_table(children, key):
    oc2 = [row["CHILD"] for row in build_903(year=YEAR)["OC2"]]
    result = REGISTRY[key].compute(as_of=END, period_start=START)
    assert sorted(result.child_ids) == _by_la_id(children, oc2)
    assert sorted(result.child_ids) == _ids(children, ["STAYS", "LEFT3103", "FROM0104"])


def test_the_sdq_indicator_asks_for_the_sdqs_the_oc2_asks_for(children):
    HealthCheck.objects.create(
        child=children["STAYS"], kind=HealthCheck.Kind.SDQ, date=d(2025, 10, 1), sdq_score=12
    )
    asked = [
        row["CHILD"] for row in build_903(year=YEAR)["OC2"] if row["SDQ_SCORE"] or row["SDQ_REASON"]
    ]
    result = REGISTRY["cla-sdq"].compute(as_of=END, period_start=START)
    assert sorted(result.child_ids) == _by_la_id(children, asked)
    # 4 on 31 March and 17 on 1 April are both asked (DfE rules 188, 189, 197B).
    assert sorted(result.child_ids) == _ids(children, ["STAYS", "LEFT3103", "FROM0104"])
    assert result.numerator == 1


def test_the_team_pages_unallocated_cases_are_the_indicators():
    from hearth.casework import worklist
    from hearth.casework.tests.factories import CINEpisodeFactory
    from hearth.workforce.tests.factories import AllocationFactory

    in_need = CINEpisodeFactory(referral_date=d(2026, 1, 5)).child
    looked_after = in_care("NOCIN", dob=d(2014, 2, 2), start=d(2025, 9, 1))  # no CIN episode
    allocated = CINEpisodeFactory(referral_date=d(2026, 1, 5)).child
    AllocationFactory(child=allocated, start_date=d(2026, 1, 6))
    closed = CINEpisodeFactory(
        referral_date=d(2025, 5, 1), closure_date=d(2025, 9, 1), closure_reason="RC7"
    ).child

    team_page = sorted(worklist.unallocated_open_cases(on=END).values_list("pk", flat=True))
    indicator = REGISTRY["unallocated"].compute(as_of=END, period_start=START)
    assert sorted(indicator.child_ids) == team_page == sorted([in_need.pk, looked_after.pk])
    assert closed.pk not in team_page
