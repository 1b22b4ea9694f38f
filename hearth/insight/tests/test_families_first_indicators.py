"""The Families First indicators on hand-built scenarios, worked out by hand: family network
meetings offered before applications to court, pre-proceedings open and ended, kinship care by
type, and information disclosed or not shared. The reporting year is 1 April 2025 to 31 March
2026."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone
from django.utils.html import escape

from hearth.access.models import AuditEntry
from hearth.access.tests.factories import UserFactory
from hearth.access.tests.signin import force_login_verified
from hearth.care import kinship
from hearth.care.models import CareProceedings, KinshipArrangement, KinshipCarer
from hearth.care.tests.factories import (
    PeriodOfCareFactory,
    PlacementFactory,
    PreProceedingsFactory,
)
from hearth.core.models import Authority
from hearth.insight.evaluate import month_ends
from hearth.insight.indicators import REGISTRY, default_period_start, indicators
from hearth.insight.indicators.series import compute_series
from hearth.insight.pack import indicator_rows
from hearth.people.tests.factories import ChildFactory
from hearth.sharing import selectors as sharing
from hearth.sharing.models import SharingDecision

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 3, 31)
START = dt.date(2025, 4, 1)
D = dt.date
KEYS = (
    "fgdm-before-proceedings",
    "pre-proceedings-open",
    "pre-proceedings-outcomes",
    "pre-proceedings-diverted",
    "kinship-open",
    "kinship-started",
    "sharing-disclosures",
    "sharing-not-shared",
)


def value(key, *, as_of=AS_OF, start=START):
    return REGISTRY[key].compute(as_of=as_of, period_start=start, population=10_000)


# --- Scenarios --------------------------------------------------------------------------------


@pytest.fixture
def applications():
    kids = {name: ChildFactory(first_name=name, last_name="Court") for name in "ABCDEFGH"}
    # A: offered and held in pre-proceedings; the application made on 4 Aug and issued on 6 Aug
    # is one application, dated 4 Aug.
    PreProceedingsFactory(
        child=kids["A"],
        start_date=D(2025, 6, 1),
        letter_date=D(2025, 6, 5),
        fgdm_offered_date=D(2025, 6, 5),
        fgdm_held_date=D(2025, 6, 20),
        decision_date=D(2025, 8, 1),
        outcome="A",
        court_application_date=D(2025, 8, 4),
    )
    CareProceedings.objects.create(child=kids["A"], issued_date=D(2025, 8, 6))
    # B: an emergency application with no pre-proceedings.
    CareProceedings.objects.create(child=kids["B"], issued_date=D(2025, 10, 10))
    # C: an offer 366 days before the application is too old; D: 365 days is not (declined).
    PreProceedingsFactory(
        child=kids["C"], start_date=D(2024, 8, 30), fgdm_offered_date=D(2024, 8, 30)
    )
    CareProceedings.objects.create(child=kids["C"], issued_date=D(2025, 8, 31))
    PreProceedingsFactory(
        child=kids["D"],
        start_date=D(2024, 8, 31),
        fgdm_offered_date=D(2024, 8, 31),
        fgdm_declined_date=D(2024, 9, 10),
    )
    CareProceedings.objects.create(child=kids["D"], issued_date=D(2025, 8, 31))
    # E: the meeting was offered the day after the application.
    PreProceedingsFactory(
        child=kids["E"], start_date=D(2025, 10, 1), fgdm_offered_date=D(2025, 11, 2)
    )
    CareProceedings.objects.create(child=kids["E"], issued_date=D(2025, 11, 1))
    # F: applied for on 25 March 2025 (before the year), issued in April: not in the year.
    PreProceedingsFactory(
        child=kids["F"],
        start_date=D(2025, 1, 5),
        fgdm_offered_date=D(2025, 1, 10),
        decision_date=D(2025, 3, 20),
        outcome="A",
        court_application_date=D(2025, 3, 25),
    )
    CareProceedings.objects.create(child=kids["F"], issued_date=D(2025, 4, 10))
    # G: issued after the year.
    CareProceedings.objects.create(child=kids["G"], issued_date=D(2026, 4, 5))
    # H: imported from a census that states an offer and a meeting without dates.
    PreProceedingsFactory(
        child=kids["H"],
        start_date=D(2025, 12, 1),
        fgdm_offered_stated=True,
        fgdm_held_stated=True,
        decision_date=D(2026, 1, 5),
        outcome="A",
        court_application_date=D(2026, 1, 10),
    )
    # An archived application is not counted.
    gone = CareProceedings.objects.create(child=ChildFactory(), issued_date=D(2025, 9, 9))
    gone.archived_at = timezone.now()
    gone.save()
    return kids


@pytest.fixture
def pre_proceedings():
    kids = {name: ChildFactory(first_name=name, last_name="Plo") for name in ("P", "Q", "R", "S")}
    PreProceedingsFactory(
        child=kids["P"], start_date=D(2026, 1, 10), fgdm_offered_date=D(2026, 1, 12)
    )
    PreProceedingsFactory(
        child=kids["Q"],
        start_date=D(2025, 12, 1),
        fgdm_offered_date=D(2025, 12, 3),
        fgdm_held_date=D(2025, 12, 20),
        decision_date=D(2026, 3, 31),
        outcome="B",
    )
    PreProceedingsFactory(child=kids["R"], start_date=D(2026, 3, 31))
    PreProceedingsFactory(child=kids["S"], start_date=D(2026, 4, 1))
    PreProceedingsFactory(
        child=kids["S"],
        start_date=D(2025, 1, 2),
        decision_date=D(2025, 4, 1),
        outcome="C",
    )
    PreProceedingsFactory(
        child=kids["P"], start_date=D(2024, 12, 1), decision_date=D(2025, 3, 31), outcome="B"
    )
    return kids


def _arrangement(child, kind, start, end=None):
    carer = KinshipCarer.objects.create(first_name="Nan", last_name="Ives", relationship="Aunt")
    return KinshipArrangement.objects.create(
        child=child,
        carer=carer,
        kind=kind,
        start_date=start,
        end_date=end,
        order_date=start if kind in ("sgo", "cao") else None,
    )


@pytest.fixture
def kinship_care():
    kids = {
        name: ChildFactory(first_name=name, last_name="Kin")
        for name in ("K1", "K2", "K3", "K4", "K5")
    }
    _arrangement(kids["K1"], "sgo", D(2025, 5, 1))
    _arrangement(kids["K2"], "informal", D(2025, 1, 1), D(2026, 3, 31))
    _arrangement(kids["K3"], "la_supported", D(2026, 3, 31))
    period = PeriodOfCareFactory(child=kids["K4"], start_date=D(2025, 6, 1))
    PlacementFactory(period=period, place="U1", start_date=D(2025, 6, 1), end_date=D(2025, 9, 1))
    PlacementFactory(period=period, place="U2", start_date=D(2025, 9, 1))
    stranger = PeriodOfCareFactory(child=kids["K5"], start_date=D(2025, 7, 1))
    PlacementFactory(period=stranger, place="U4", start_date=D(2025, 7, 1))
    return kids


def _decision(child, day, decision, **kw):
    values = {
        "direction": "disclosed",
        "agency": "police",
        "recipient": "DC Hale",
        "information": "Chronology",
        "purpose": "Strategy discussion",
        "consent": "not_sought",
        "consent_note": "Would place the child at risk.",
        **kw,
    }
    return SharingDecision.objects.create(child=child, date=day, decision=decision, **values)


@pytest.fixture
def shared():
    child = ChildFactory(first_name="Sia", last_name="Share")
    _decision(child, D(2025, 4, 1), "shared", lawful_basis="s16la")
    _decision(
        child, D(2026, 3, 31), "shared", lawful_basis="consent", agency="education", consent="given"
    )
    _decision(child, D(2025, 3, 31), "shared", lawful_basis="s47")
    gone = _decision(child, D(2025, 6, 1), "shared", lawful_basis="s47")
    gone.archived_at = timezone.now()
    gone.save()
    _decision(
        child,
        D(2025, 11, 5),
        "not_shared",
        agency="health",
        direction="requested",
        consent="refused",
        reason_not_shared="Not necessary for the request; the GP holds it already.",
    )
    return child


# --- Family network meetings before proceedings ----------------------------------------------


def test_fgdm_offered_before_applications_to_court(applications):
    got = value("fgdm-before-proceedings")
    by_child = {m.child_id: m for m in got.members}
    kids = applications
    assert set(by_child) == {kids[n].pk for n in "ABCDEH"}
    assert [n for n in "ABCDEH" if by_child[kids[n].pk].counted] == ["A", "D", "H"]
    assert got.value == 50 and (got.numerator, got.denominator) == (3, 6)
    # One application for A, dated by the application made rather than the issue.
    assert by_child[kids["A"].pk].date == D(2025, 8, 4)
    assert by_child[kids["A"].pk].detail == "Offered 5 Jun 2025, held 20 Jun 2025"
    assert dict(got.breakdown) == {
        "No family network meeting offered": 3,
        "Family network meeting held": 2,
        "Family network meeting offered, declined": 1,
    }
    # F's application falls in the year before, once, dated 25 March.
    before = value("fgdm-before-proceedings", as_of=D(2025, 3, 31), start=D(2024, 4, 1))
    assert [(m.child_id, m.date, m.counted) for m in before.members] == [
        (kids["F"].pk, D(2025, 3, 25), True)
    ]


def test_pre_proceedings_open_by_stage_and_ended_by_outcome(pre_proceedings):
    kids = pre_proceedings
    got = value("pre-proceedings-open")
    assert sorted(m.child_id for m in got.members) == sorted([kids["P"].pk, kids["R"].pk])
    assert dict(got.breakdown) == {
        "Family network meeting offered": 1,
        "No family network meeting offered": 1,
    }
    # The day before Q's decision it was open, with its meeting held.
    earlier = value("pre-proceedings-open", as_of=D(2026, 3, 30))
    assert dict(earlier.breakdown)["Family network meeting held"] == 1
    ended = value("pre-proceedings-outcomes")
    assert sorted(m.child_id for m in ended.members) == sorted([kids["Q"].pk, kids["S"].pk])
    assert dict(ended.breakdown) == {
        "Stepped down: proceedings not needed": 1,
        "Ended for another reason": 1,
    }
    diverted = value("pre-proceedings-diverted")
    assert (diverted.numerator, diverted.denominator, diverted.value) == (1, 2, 50)


# --- Kinship ---------------------------------------------------------------------------------


def test_kinship_open_by_type_agrees_with_the_kinship_count(kinship_care):
    kids = kinship_care
    got = value("kinship-open")
    assert sorted(m.child_id for m in got.members) == sorted(
        [kids["K1"].pk, kids["K3"].pk, kids["K4"].pk]
    )
    assert dict(got.breakdown) == {
        "Special guardianship order": 1,
        "Family and friends care with local authority support": 1,
        "Connected-person foster care (looked after)": 1,
    }
    counts = kinship.kinship_on(on=AS_OF)
    assert sum(counts.values()) == got.value
    assert counts["informal"] == 0
    # On 30 March the informal arrangement was still open and K3's not yet begun.
    assert dict(value("kinship-open", as_of=D(2026, 3, 30)).breakdown) == {
        "Connected-person foster care (looked after)": 1,
        "Informal family and friends care": 1,
        "Special guardianship order": 1,
    }


def test_kinship_started_counts_a_continued_connected_person_placement_once(kinship_care):
    kids = kinship_care
    got = value("kinship-started")
    assert sorted((m.child_id, m.date) for m in got.members) == sorted(
        [
            (kids["K1"].pk, D(2025, 5, 1)),
            (kids["K3"].pk, D(2026, 3, 31)),
            (kids["K4"].pk, D(2025, 6, 1)),
        ]
    )


# --- Information sharing ---------------------------------------------------------------------


def test_disclosures_by_lawful_basis_and_decisions_not_to_share(shared):
    disclosed = value("sharing-disclosures")
    assert disclosed.value == 2
    assert dict(disclosed.breakdown) == {
        "Duty to share for safeguarding (Children Act 2004 s16LA)": 1,
        "Consent": 1,
    }
    refused = value("sharing-not-shared")
    assert refused.value == 1
    assert dict(refused.breakdown) == {"Health (GP, hospital, health visitor, midwife)": 1}
    assert refused.members[0].detail == "A partner asked us; Consent refused"
    counts = sharing.sharing_counts(start=START, end=AS_OF)
    assert (counts["shared"], counts["not_shared"]) == (disclosed.value, refused.value)


# --- Trends, themes, the pack and the drill-down ---------------------------------------------


def test_the_trends_equal_the_per_date_values(applications, pre_proceedings, kinship_care, shared):
    windows = [(p, default_period_start(p)) for p in month_ends(AS_OF)]
    for key in KEYS:
        ind = REGISTRY[key]
        assert ind.series is not None, key
        fast = compute_series(ind, windows, population=10_000)
        for (as_of, start), got in zip(windows, fast, strict=True):
            want = ind.compute(as_of=as_of, period_start=start, population=10_000)
            assert got.summary() == want.summary(), (key, as_of)
            assert sorted(map(repr, got.members)) == sorted(map(repr, want.members)), (key, as_of)
    trend = [r.value for r in compute_series(REGISTRY["kinship-open"], windows)]
    assert len(set(trend)) > 2


def test_on_the_theme_pages_and_in_the_inspection_pack(applications):
    themes = {key: REGISTRY[key].theme for key in KEYS}
    assert themes["fgdm-before-proceedings"] == "adoption-proceedings"
    assert themes["kinship-open"] == "children-in-care"
    assert themes["sharing-disclosures"] == "cin-cp"
    for key, theme in themes.items():
        assert key in {i.key for i in indicators(theme)}
    rows = {row[0]: row for row in indicator_rows(as_of=AS_OF)}
    assert rows["fgdm-before-proceedings"][6] == 50
    assert rows["fgdm-before-proceedings"][7:9] == [3, 6]


def test_theme_page_and_drill_down_list_the_children(client, applications):
    cache.clear()
    Authority.objects.create(
        name="Testshire", ons_code="E0600001", dfe_number=999, population_0_17=4500
    )
    force_login_verified(client, UserFactory(role="senior_leader"))
    page = client.get("/insight/theme/adoption-proceedings/?as_of=2026-03-31").content.decode()
    assert "Family network meeting offered before proceedings" in page
    response = client.get("/insight/indicator/fgdm-before-proceedings/children/?as_of=2026-03-31")
    body = response.content.decode()
    for name in "ABCDEH":
        assert escape(applications[name].full_name) in body
    assert escape(applications["F"].full_name) not in body
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.VIEW).latest("pk")
    assert entry.what == "Insight drill-down: Family network meeting offered before proceedings"
    cache.clear()
