"""Ofsted's Annex A (child-level data for an ILACS inspection), derived from Hearth's records.

``build_annex_a(as_of=…)`` gives Lists 1-11 as rows (one dict per row, keys the column headings);
``write_annex_a`` writes them as one workbook, one sheet per list, as an inspection team
receives it. Headings, their order and the coded values are those of the sector's cleaner
(liiatools 0.2.0, ``spec/annex_a/annex-a-merge.yml`` and ``data-map.yml``), which matches each
sheet by its headings and blanks any value it cannot place in its code lists.

Look-back periods (Ofsted's Annex A guidance: "the six months before the inspection" for the
front door and child protection lists, 12 months for adoption), with ``as_of`` the day before
the inspection and ``six`` / ``twelve`` the first day of the window:

    1  contacts received in the last 6 months
    2  early help assessments started or completed in the last 6 months
    3  referrals (CIN episodes) made in the last 6 months
    4  assessments in progress at some point in the last 6 months (not authorised before it)
    5  section 47 enquiries started in the last 6 months
    6  CIN episodes open at some point in the last 6 months (closed ones included)
    7  CP plans open at some point in the last 6 months (ended ones included)
    8  periods of care open at some point in the last 6 months (short-break-only care left out)
    9  care leavers on ``as_of`` (``care_leavers`` selector), aged 16-25
    10 adoption decisions in force at some point in the last 12 months
    11 adopters in the adoption process at some point in the last 12 months (their household
       records), and adopters named on List 10's adoption records that have none

"Last 12 months" counts in the columns (referrals, S47s, ICPCs, placements, missing episodes)
are over the 12 months to ``as_of``. Allocated team/worker: the child's social-worker allocation
open on ``as_of`` (personal adviser for List 9), else the last one before it, else "Unallocated".

Codes liiatools 0.2.0 does not know yet (DfE added them later: contact source 5D, closure
reason RC9, placement types K3 and Z11-Z14) are written in the same "code: label" style; English
"LA of Placement" values are ONS codes (liiatools lists only NIR/WAL/SCO/NUK/CON). The liiatools
runner (``hearth.returns.liiatools_check``) extends its code lists with exactly these and says so.
OC3 activities F4/F5 (P4/P5) are Annex A's "F3 (P3): training or employment".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.db.models import Q

from hearth.care.models import (
    Adoption,
    CareLeaverContact,
    HealthCheck,
    LACReview,
    LegalStatus,
    MissingEpisode,
    PeriodOfCare,
    Placement,
)
from hearth.care.selectors import care_leavers, placements_in_period_by_child
from hearth.carers.models import CarerHousehold, HouseholdMember
from hearth.casework.models import (
    Assessment,
    ChildProtectionConference,
    CINEpisode,
    CINPlan,
    CPPlan,
    EarlyHelpEpisode,
    Section47Enquiry,
    Visit,
)
from hearth.casework.selectors import contacts_in_period, previous_cp_plans, referrals_in_period
from hearth.core import codes
from hearth.core.calendar import add_months, age_on
from hearth.core.models import Authority
from hearth.core.models import live as _live
from hearth.core.spreadsheet import spreadsheet_safe
from hearth.people.models import Child, ChildDisability
from hearth.workforce.models import Allocation

CHILD = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
DISABILITY = "Does the Child have a Disability"
TEAM_WORKER = ["Allocated Team", "Allocated Worker"]

HEADINGS: dict[str, list[str]] = {
    "List 1": [*CHILD, "Date of Contact", "Contact Source"],
    "List 2": [
        *CHILD,
        "Assessment start date",
        "Assessment completion date",
        "Organisation completing assessment",
    ],
    "List 3": [
        *CHILD,
        "Date of referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        *TEAM_WORKER,
    ],
    "List 4": [
        *CHILD,
        DISABILITY,
        "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?",
        *TEAM_WORKER,
    ],
    "List 5": [
        *CHILD,
        DISABILITY,
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months",
        *TEAM_WORKER,
    ],
    "List 6": [
        *CHILD,
        DISABILITY,
        "CIN Start Date",
        "Primary Need Code",
        "Date Child Was Last Seen",
        "CIN Closure Date",
        "Reason for Closure",
        "Case Status",
        *TEAM_WORKER,
    ],
    "List 7": [
        *CHILD,
        DISABILITY,
        "Child Protection Plan Start Date",
        "Initial Category of Abuse",
        "Latest Category of Abuse",
        "Date of the Last Statutory Visit",
        "Was the Child Seen Alone?",
        "Date of latest review conference",
        "Child Protection Plan End Date",
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six "
        "Months (Y/N)",
        "Number of Previous Child Protection Plans",
        *TEAM_WORKER,
    ],
    "List 8": [
        *CHILD,
        "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
        DISABILITY,
        "Date Started to be Looked After",
        "Child's Category of Need",
        "Is this a second or subsequent period of being a Looked After Child within the last "
        "12 months (Y/N)",
        "Start date of current legal status",
        "Child's Legal Status",
        "Date of Latest Statutory Review",
        "Date of Last Social Work Visit",
        "What is the permanence plan for this child?",
        "Date of Last IRO Visit / Contact to the Child",
        "Date of Last Health Assessment",
        "Date of Last Dental Check",
        "Number of Placements in the Last 12 months",
        "Date Ceased to be Looked After",
        "Reason Ceased to be Looked After",
        "Start Date of Most Recent Placement",
        "Placement Type",
        "Placement Provider",
        "Placement postcode",
        "URN of Placement",
        "Placement Location",
        "LA of Placement",
        "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 "
        "months",
        "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
        "Was the child offered a Return Interview after their last missing episode (Y/N)?",
        "Did the child accept a Return Interview after their last missing episode (Y/N)?",
        *TEAM_WORKER,
    ],
    "List 9": [
        *CHILD,
        DISABILITY,
        *TEAM_WORKER,
        "Eligibility Category",
        "LA in Touch",
        "Type of Accommodation",
        "Suitability of Accommodation",
        "Activity Status",
    ],
    "List 10": [
        "Child Unique ID",
        "Family identifier",
        "Gender",
        "Ethnicity",
        "Date of Birth",
        "Age of Child (Years)",
        DISABILITY,
        "Date the Child Entered Care",
        "Date of Decision that Child Should be Placed for Adoption",
        "Date of Placement Order",
        "Date of Matching Child and Prospective Adopters",
        "Date Placed for Adoption",
        "Date of Adoption Order",
        "Date of Decision that Child Should No Longer be Placed for Adoption",
        "Reason Why Child No Longer Placed for Adoption",
        "Date the child was placed for fostering in FFA or concurrent planning placement",
    ],
    "List 11": [
        "Individual adopter identifier",
        "Family identifier",
        "Gender",
        "Ethnicity",
        "Disability",
        "Is the (prospective) adopter fostering for adoption?",
        "Date enquiry received",
        "Date Stage 1 started",
        "Date Stage 1 ended",
        "Date Stage 2 started",
        "Date Stage 2 ended",
        "Date application submitted",
        "Date application approved",
        "Date adopter matched with child(ren)",
        "Date child/children placed with adopter(s)",
        "No. of children placed",
        "Date of Adoption Order",
        "Date of leaving adoption process",
        "Reason for leaving adoption process",
    ],
}
"""Each list's column headings, in Ofsted's order (liiatools 0.2.0 ``annex-a-merge.yml``)."""

# --- Annex A's code values (liiatools data-map.yml) -------------------------------------------

YES, NO, UNKNOWN = "a) Yes", "b) No", "c) Unknown"
GENDER = {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded"}
ETHNICITY = {
    code: f"{letter}) {code}"
    for letter, code in zip(
        "abcdefghijklmnopqrs",
        [
            "WBRI",
            "WIRI",
            "WIRT",
            "WOTH",
            "WROM",
            "MWBC",
            "MWBA",
            "MWAS",
            "MOTH",
            "AIND",
            "APKN",
            "ABAN",
            "AOTH",
            "BCRB",
            "BAFR",
            "BOTH",
            "CHNE",
            "OOTH",
            "REFU",
        ],
        strict=True,
    )
} | {"NOBT": "s) NOBT"}
SOURCE = {
    "1A": "a) 1A: Individual",
    "1B": "b) 1B: Individual",
    "1C": "c) 1C: Individual",
    "1D": "d) 1D: Individual",
    "2A": "e) 2A: Schools",
    "2B": "f) 2B: Education services",
    "3A": "g) 3A: Health services",
    "3B": "h) 3B: Health services",
    "3C": "i) 3C: Health services",
    "3D": "j) 3D: Health services",
    "3E": "k) 3E: Health services",
    "3F": "l) 3F: Health services",
    "4": "m) 4: Housing",
    "5A": "n) 5A: LA services",
    "5B": "o) 5B: LA services",
    "5C": "p) 5C: LA services",
    "5D": "5D: LA services - early help",
    "6": "q) 6: Police",
    "7": "r) 7: Other legal agency",
    "8": "s) 8: Other",
    "9": "t) 9: Anonymous",
    "10": "u) 10: Unknown",
}
NEED = {
    "N0": "N0 - Not stated",
    "N1": "N1 - Abuse or neglect",
    "N2": "N2 - Child's disability",
    "N3": "N3 - Parental disability or illness",
    "N4": "N4 - Family in acute stress",
    "N5": "N5 - Family dysfunction",
    "N6": "N6 - Socially unacceptable behaviour",
    "N7": "N7 - Low income",
    "N8": "N8 - Absent parenting",
    "N9": "N9 - Cases other than children in need",
}
CLOSURE = {
    "RC1": "RC1 - Adopted",
    "RC2": "RC2 - Died",
    "RC3": "RC3 - Child arrangements order",
    "RC4": "RC4 - Special guardianship order",
    "RC5": "RC5 - Transferred to services of another local authority",
    "RC6": "RC6 - Transferred to adult social care services",
    "RC7": "RC7 - Services ceased for any other reason, including child no longer in need",
    "RC8": "RC8 - Case closed after assessment, no further action",
    "RC9": "RC9 - Case closed after assessment, referred to early help",
}
CASE_STATUS = {
    "cla": "a) Looked after child",
    "cp": "b) Child Protection plan",
    "cin": "c) Child in need plan",
    "assessment": "d) Open assessment",
    "closed": "e) Closed episode",
}
ABUSE = {
    "NEG": "a) Neglect",
    "PHY": "b) Physical abuse",
    "SAB": "c) Sexual abuse",
    "EMO": "d) Emotional abuse",
    "MUL": "e) Multiple/not recommended",
}
LEGAL_STATUS = {
    "E1": "E1: Placement order",
    "C1": "C1: ICO",
    "C2": "C2: FCO",
    "D1": "D1: Freeing order",
    "V2": "V2: Single period under S20",
    "L1": "L1: Police protection LA accommodation",
    "L2": "L2: EPO",
    "L3": "L3: Child assessment order LA accommodation",
    "J1": "J1: Remanded to LA or youth detention",
    "J2": "J2: LA accommodation under PACE",
    "J3": "J3: Youth rehabilitation order",
    "V3": "V3: Short term breaks, episodes recorded",
    "V4": "V4: Short term breaks, agreements recorded",
}
REASON_CEASED = {
    "E11": "a) E11: Adopted - application unopposed",
    "E12": "b) E12: Adopted - consent dispensed",
    "E2": "c) E2: Died",
    "E3": "d) E3: Care taken by another LA",
    "E4A": "e) E4A: Returned home to live with parents or relatives - part of planning",
    "E4B": "f) E4B: Returned home to live with parents or relatives - not part of planning",
    "E13": "g) E13: Parents, relatives or other with no parental responsibility",
    "E41": "h) E41: Residence order granted",
    "E45": "i) E45: Special Guardianship Orders - former carer relative/friend",
    "E46": "j) E46: Special Guardianship Orders - former carer other",
    "E47": "k) E47: Special Guardianship Orders - relative/friend",
    "E48": "l) E48: Special Guardianship Orders - other",
    "E5": "m) E5: Moved into independent living - supported",
    "E6": "n) E6: Moved into independent living - no support",
    "E7": "o) E7: Transferred to residential care funded by adult social services",
    "E9": "p) E9: Sentenced to custody",
    "E14": "q) E14: Accommodation on remand ended",
    "E15": "r) E15: Age assessment determined child was 18 or over",
    "E16": "s) E16: Child moved abroad",
    "E8": "t) E8: Care ceased for any other reason",
    "E17": "v) E17: Aged 18+ and remained with current carers",
}
PLACEMENT_TYPE = {
    "U1": "a) U1: Foster placement - relatives - long term",
    "U2": "b) U2: Foster placement - relative - FFA",
    "U3": "c) U3: Foster placement - relative - not FFA",
    "U4": "d) U4: Foster placement - long term",
    "U5": "e) U5: Foster placement - FFA",
    "U6": "f) U6: Foster placement - not FFA",
    "A3": "g) A3: Placed for adoption - consent - current foster",
    "A4": "h) A4: Placed for adoption - consent - not foster",
    "A5": "i) A5: Placed for adoption - order - foster",
    "A6": "j) A6: Placed for adoption - order - not foster",
    "P1": "k) P1: Placed with parents",
    "P2": "l) P2: Independent living",
    "P3": "m) P3: Residential employment",
    "H5": "n) H5: Residential accommodation",
    "K1": "o) K1: Secure Children's Homes",
    "K2": "p) K2: Children's Homes",
    "K3": "K3: Supported accommodation",
    "R1": "q) R1: Residential Care Home",
    "R2": "r) R2: NHS/Health Trust",
    "R3": "s) R3: Family Centre or Mother and Baby Unit",
    "R5": "t) R5: Young Offender Institution",
    "S1": "u) S1: Residential school",
    "Z1": "v) Z1: Other placements",
    "Z11": "Z11: Other placement (Z11)",
    "Z12": "Z12: Other placement (Z12)",
    "Z13": "Z13: Other placement (Z13)",
    "Z14": "Z14: Other placement (Z14)",
    "T0": "w) T0: Temporary placement",
    "T1": "x) T1: Temporary placement - hospital",
    "T2": "y) T2: Temporary placement - holiday",
    "T3": "z) T3: Temporary placement - carer holiday",
    "T4": "zz) T4: Temporary placement - seven days or less",
}
PROVIDER = {
    "PR0": "a) PR0: Parents/Parental responsibility",
    "PR1": "b) PR1: Own provision",
    "PR2": "c) PR2: Other LA provision",
    "PR3": "d) PR3: Other public provision",
    "PR4": "e) PR4: Private provision",
    "PR5": "f) PR5: Voluntary/third sector",
}
LA_OUTSIDE_ENGLAND = {
    "NIR": "NIR - Child placed in Northern Ireland",
    "WAL": "WAL - Child placed in Wales",
    "SCO": "SCO - Child placed in Scotland",
    "NUK": "NUK - Child placed outside the UK",
    "CON": "CON - Child placed in confidential placement",
}
IN_TOUCH = {
    "YES": "a) Yes",
    "NO": "b) No",
    "DIED": "c) Died",
    "REFU": "d) Refu",
    "NREQ": "e) NREQ",
    "RHOM": "f) Rhom",
}
ACCOMMODATION = {
    "B": "B: Parents/relatives",
    "C": "C: Community home/residential care",
    "D": "D: Semi-independent, transitional accommodation and self-contained accommodation",
    "E": "E: Supported lodgings",
    "G": "G: Abroad",
    "H": "H: Deported",
    "K": "K: Ordinary lodgings, without formal support",
    "R": "R: Residence not known",
    "S": "S: No fixed adobe/homeless",
    "T": "T: Foyers and similar supported accommodation",
    "U": "U: Independent living",
    "V": "V: Emergency accommodation",
    "W": "W: Bed and breakfast",
    "X": "X: In custody",
    "Y": "Y: Other accommodation",
    "Z": "Z: With former foster carers",
}
ACTIVITY = {
    "F1": "F1: Full time in higher education",
    "P1": "P1: Part time in higher education",
    "F2": "F2: Full time in education other than higher",
    "P2": "P2: Part time in education other than higher",
    "F4": "F3: Full time in training or employment",
    "F5": "F3: Full time in training or employment",
    "P4": "P3: Part time in training or employment",
    "P5": "P3: Part time in training or employment",
    "G4": "G4: Not in education, employment or training - illness or disability",
    "G5": "G5: Not in education, employment or training - other",
    "G6": "G6: Not in education, employment or training - pregnancy or parenting",
}
NO_LONGER_ADOPTION = {
    "RD1": "RD1 - The child’s needs changed subsequent to the decision",  # noqa: RUF001 (liiatools spells it so)
    "RD2": "RD2 - The Court did not make a placement order",
    "RD3": "RD3 - Prospective adopters could not be found",
    "RD4": "RD4 - Any other reason",
}
ADOPTER_SEXES = {"M1": "M", "F1": "F", "MM": "MM", "FF": "FF", "MF": "MF"}
UNALLOCATED = "Unallocated"


def yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return YES if value else NO


def _latest_by_child(rows, day_key: str = "date") -> dict[int, dict]:
    """The latest row per child (rows in any order)."""
    out: dict[int, dict] = {}
    for r in rows:
        prior = out.get(r["child_id"])
        if prior is None or r[day_key] >= prior[day_key]:
            out[r["child_id"]] = r
    return out


class _Context:
    """What every list needs about a set of children, fetched once per build."""

    def __init__(self, as_of: dt.date):
        self.as_of = as_of
        self.six = add_months(as_of, n=-6) + dt.timedelta(days=1)
        self.twelve = add_months(as_of, n=-12) + dt.timedelta(days=1)
        self._children: dict[int, dict] = {}
        self._disabled: set[int] = set()
        self._allocations: dict[str, dict[int, tuple[str, str]]] = {}

    def load_children(self, ids) -> None:
        missing = [i for i in set(ids) if i not in self._children]
        if not missing:
            return
        for c in Child.objects.filter(pk__in=missing).values(
            "pk", "la_child_id", "sex", "ethnicity", "date_of_birth"
        ):
            self._children[c["pk"]] = c
        self._disabled |= set(
            ChildDisability.objects.filter(child_id__in=missing)
            .exclude(code=codes.Disability.NONE)
            .values_list("child_id", flat=True)
        )

    def child(self, pk: int, *, disability: bool = False) -> dict:
        c = self._children[pk]
        row = {
            "Child Unique ID": c["la_child_id"],
            "Gender": GENDER.get(c["sex"], GENDER["U"]),
            "Ethnicity": ETHNICITY.get(c["ethnicity"], ETHNICITY["NOBT"]),
            "Date of Birth": c["date_of_birth"],
            "Age of Child (Years)": age_on(c["date_of_birth"], self.as_of),
        }
        if disability:
            row[DISABILITY] = yes_no(pk in self._disabled)
        return row

    def allocated(self, pk: int, kind: str = Allocation.Kind.SOCIAL_WORKER) -> dict:
        if kind not in self._allocations:
            by_child: dict[int, tuple] = {}
            rows = (
                _live(Allocation.objects.filter(kind=kind, start_date__lte=self.as_of))
                .order_by("start_date", "id")
                .values_list(
                    "child_id",
                    "end_date",
                    "team__name",
                    "worker__first_name",
                    "worker__last_name",
                )
            )
            for child_id, end, team, first, last in rows:
                current = end is None or end > self.as_of
                prior = by_child.get(child_id)
                if prior is None or current or not prior[0]:
                    by_child[child_id] = (current, team, f"{first} {last}")
            self._allocations[kind] = {c: (t, w) for c, (_cur, t, w) in by_child.items()}
        team, worker = self._allocations[kind].get(pk, (UNALLOCATED, UNALLOCATED))
        return {"Allocated Team": team, "Allocated Worker": worker}


# --- The lists --------------------------------------------------------------------------------


def _list1(ctx: _Context) -> list[dict]:
    rows = list(
        contacts_in_period(start=ctx.six, end=ctx.as_of)
        .order_by("received_at", "id")
        .values("child_id", "received_at", "source")
    )
    ctx.load_children(r["child_id"] for r in rows)
    from django.utils import timezone

    return [
        ctx.child(r["child_id"])
        | {
            "Date of Contact": timezone.localtime(r["received_at"]).date(),
            "Contact Source": SOURCE[r["source"]],
        }
        for r in rows
    ]


def _list2(ctx: _Context) -> list[dict]:
    rows = list(
        _live(EarlyHelpEpisode.objects.filter(start_date__lte=ctx.as_of))
        .filter(
            Q(start_date__gte=ctx.six)
            | Q(assessment_completed__gte=ctx.six, assessment_completed__lte=ctx.as_of)
        )
        .order_by("start_date", "id")
        .values("child_id", "start_date", "assessment_completed", "lead_agency")
    )
    ctx.load_children(r["child_id"] for r in rows)
    agencies = dict(EarlyHelpEpisode.Agency.choices)
    return [
        ctx.child(r["child_id"])
        | {
            "Assessment start date": r["start_date"],
            "Assessment completion date": r["assessment_completed"]
            if r["assessment_completed"] and r["assessment_completed"] <= ctx.as_of
            else None,
            "Organisation completing assessment": agencies[r["lead_agency"]],
        }
        for r in rows
    ]


def _count_in_window(days_by_child: dict[int, list[dt.date]], pk: int, start, end) -> int:
    return sum(start <= d <= end for d in days_by_child.get(pk, ()))


def _days_by_child(qs, field: str) -> dict[int, list[dt.date]]:
    out: dict[int, list[dt.date]] = defaultdict(list)
    for child_id, day in qs.values_list("child_id", field):
        out[child_id].append(day)
    return out


def _list3(ctx: _Context) -> list[dict]:
    rows = list(
        referrals_in_period(start=ctx.six, end=ctx.as_of)
        .order_by("referral_date", "id")
        .values("child_id", "referral_date", "referral_source", "referral_nfa")
    )
    ctx.load_children(r["child_id"] for r in rows)
    history = _days_by_child(referrals_in_period(start=ctx.twelve, end=ctx.as_of), "referral_date")
    return [
        ctx.child(r["child_id"])
        | {
            "Date of referral": r["referral_date"],
            "Referral Source": SOURCE[r["referral_source"]],
            "Referral NFA?": yes_no(r["referral_nfa"]),
            "Number of Referrals in Last 12 Months": _count_in_window(
                history, r["child_id"], ctx.twelve, ctx.as_of
            ),
        }
        | ctx.allocated(r["child_id"])
        for r in rows
    ]


def _list4(ctx: _Context) -> list[dict]:
    rows = list(
        _live(Assessment.objects.filter(start_date__lte=ctx.as_of))
        .filter(Q(authorised_date__isnull=True) | Q(authorised_date__gte=ctx.six))
        .order_by("start_date", "id")
        .values("child_id", "start_date", "child_seen", "authorised_date", "requires_support")
    )
    ctx.load_children(r["child_id"] for r in rows)
    out = []
    for r in rows:
        authorised = (
            r["authorised_date"]
            if r["authorised_date"] and r["authorised_date"] <= ctx.as_of
            else None
        )
        out.append(
            ctx.child(r["child_id"], disability=True)
            | {
                "Continuous Assessment Start Date": r["start_date"],
                "Child Seen During Continuous Assessment": yes_no(r["child_seen"]),
                "Continuous Assessment Date of Authorisation": authorised,
                "Was the child assessed as requiring LA children's social care support?": (
                    yes_no(r["requires_support"]) if authorised else ""
                ),
            }
            | ctx.allocated(r["child_id"])
        )
    return out


def _list5(ctx: _Context) -> list[dict]:
    rows = list(
        _live(Section47Enquiry.objects.filter(start_date__gte=ctx.six, start_date__lte=ctx.as_of))
        .order_by("start_date", "id")
        .values("id", "child_id", "start_date", "icpc_not_required")
    )
    ctx.load_children(r["child_id"] for r in rows)
    icpcs = {}
    for s47_id, day, plan in _live(
        ChildProtectionConference.objects.filter(
            section47_id__in=[r["id"] for r in rows],
            kind=ChildProtectionConference.Kind.INITIAL,
            date__lte=ctx.as_of,
        )
    ).values_list("section47_id", "date", "plan_required"):
        icpcs.setdefault(s47_id, (day, plan))
    s47_days = _days_by_child(
        _live(Section47Enquiry.objects.filter(start_date__gte=ctx.twelve)), "start_date"
    )
    icpc_days = _days_by_child(
        _live(
            ChildProtectionConference.objects.filter(
                kind=ChildProtectionConference.Kind.INITIAL, date__gte=ctx.twelve
            )
        ),
        "date",
    )
    out = []
    for r in rows:
        icpc = icpcs.get(r["id"])
        out.append(
            ctx.child(r["child_id"], disability=True)
            | {
                "Strategy discussion initiating Section 47 Enquiry Start Date": r["start_date"],
                "Was an Initial Child Protection Conference deemed unnecessary?": yes_no(
                    r["icpc_not_required"]
                ),
                "Date of Initial Child Protection Conference": icpc[0] if icpc else None,
                "Did the Initial Child Protection Conference Result in a Child Protection Plan": (
                    yes_no(icpc[1]) if icpc else ""
                ),
                "Number of Section 47 Enquiries in the last 12 months": _count_in_window(
                    s47_days, r["child_id"], ctx.twelve, ctx.as_of
                ),
                "Number of ICPCs in the last 12 months": _count_in_window(
                    icpc_days, r["child_id"], ctx.twelve, ctx.as_of
                ),
            }
            | ctx.allocated(r["child_id"])
        )
    return out


def _open_on(rows, day: dt.date, begin: str = "start_date", finish: str = "end_date") -> bool:
    return any(r[begin] <= day and (r[finish] is None or r[finish] > day) for r in rows)


def _list6(ctx: _Context) -> list[dict]:
    episodes = list(
        CINEpisode.objects.live()
        .overlapping(ctx.six, ctx.as_of, begin="referral_date", finish="closure_date")
        .order_by("referral_date", "id")
        .values(
            "id",
            "child_id",
            "referral_date",
            "primary_need",
            "closure_date",
            "closure_reason",
        )
    )
    ids = {e["child_id"] for e in episodes}
    ep_ids = [e["id"] for e in episodes]
    ctx.load_children(ids)
    seen = _latest_by_child(
        _live(Visit.objects.filter(child_id__in=ids, child_seen=True, date__lte=ctx.as_of))
        .values("child_id", "date")
        .order_by()
    )
    cla = set(
        _live(PeriodOfCare.objects.filter(child_id__in=ids))
        .filter(start_date__lte=ctx.as_of)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=ctx.as_of))
        .values_list("child_id", flat=True)
    )

    def by_episode(model, finish: str = "end_date"):
        out = defaultdict(list)
        for r in (
            _live(model.objects.filter(cin_episode_id__in=ep_ids, start_date__lte=ctx.as_of))
            .values("cin_episode_id", "start_date", finish)
            .order_by()
        ):
            out[r["cin_episode_id"]].append(r)
        return out

    cp = by_episode(CPPlan)
    cin_plans = by_episode(CINPlan)
    assessments = by_episode(Assessment, "authorised_date")
    out = []
    for e in episodes:
        closed = e["closure_date"] if e["closure_date"] and e["closure_date"] <= ctx.as_of else None
        if closed:
            status = "closed"
        elif e["child_id"] in cla:
            status = "cla"
        elif _open_on(cp[e["id"]], ctx.as_of):
            status = "cp"
        elif _open_on(cin_plans[e["id"]], ctx.as_of):
            status = "cin"
        elif _open_on(assessments[e["id"]], ctx.as_of, finish="authorised_date"):
            status = "assessment"
        else:
            status = "assessment" if not assessments[e["id"]] else "cin"
        last_seen = seen.get(e["child_id"])
        out.append(
            ctx.child(e["child_id"], disability=True)
            | {
                "CIN Start Date": e["referral_date"],
                "Primary Need Code": NEED[e["primary_need"] or "N0"],
                "Date Child Was Last Seen": last_seen["date"] if last_seen else None,
                "CIN Closure Date": closed,
                "Reason for Closure": CLOSURE[e["closure_reason"]] if closed else "",
                "Case Status": CASE_STATUS[status],
            }
            | ctx.allocated(e["child_id"])
        )
    return out


def _list7(ctx: _Context) -> list[dict]:
    plans = list(
        CPPlan.objects.live()
        .overlapping(ctx.six, ctx.as_of)
        .order_by("start_date", "id")
        .values("id", "child_id", "start_date", "end_date", "initial_category", "latest_category")
    )
    ids = {p["child_id"] for p in plans}
    ctx.load_children(ids)
    previous = previous_cp_plans(child_ids=ids)
    visits = defaultdict(list)
    for v in (
        _live(
            Visit.objects.filter(
                child_id__in=ids, kind=Visit.Kind.CP, child_seen=True, date__lte=ctx.as_of
            )
        )
        .values("child_id", "date", "seen_alone")
        .order_by("date", "id")
    ):
        visits[v["child_id"]].append(v)
    reviews = defaultdict(list)
    for plan_id, day in _live(
        ChildProtectionConference.objects.filter(
            cp_plan_id__in=[p["id"] for p in plans],
            kind=ChildProtectionConference.Kind.REVIEW,
            date__lte=ctx.as_of,
        )
    ).values_list("cp_plan_id", "date"):
        reviews[plan_id].append(day)
    protected = set(
        LegalStatus.objects.live()
        .filter(child_id__in=ids, code__in=("L1", "L2"))
        .overlapping(ctx.six, ctx.as_of)
        .values_list("child_id", flat=True)
    )
    out = []
    for p in plans:
        ended = p["end_date"] if p["end_date"] and p["end_date"] <= ctx.as_of else None
        during = [
            v
            for v in visits[p["child_id"]]
            if p["start_date"] <= v["date"] and (ended is None or v["date"] <= ended)
        ]
        last = during[-1] if during else None
        out.append(
            ctx.child(p["child_id"], disability=True)
            | {
                "Child Protection Plan Start Date": p["start_date"],
                "Initial Category of Abuse": ABUSE[p["initial_category"]],
                "Latest Category of Abuse": ABUSE[p["latest_category"]],
                "Date of the Last Statutory Visit": last["date"] if last else None,
                "Was the Child Seen Alone?": yes_no(last["seen_alone"]) if last else "",
                "Date of latest review conference": max(reviews[p["id"]], default=None),
                "Child Protection Plan End Date": ended,
                HEADINGS["List 7"][13]: yes_no(p["child_id"] in protected),
                "Number of Previous Child Protection Plans": previous[p["id"]],
            }
            | ctx.allocated(p["child_id"])
        )
    return out


def _list8(ctx: _Context) -> list[dict]:
    from hearth.care.selectors import cla_during_period

    periods = list(
        cla_during_period(start=ctx.six, end=ctx.as_of)
        .order_by("start_date", "id")
        .values("id", "child_id", "start_date", "end_date", "reason_ceased", "category_of_need")
    )
    ids = {p["child_id"] for p in periods}
    ctx.load_children(ids)
    authority = Authority.objects.first()
    home_la = authority.ons_code if authority else ""
    uasc = {
        c["pk"]: c for c in Child.objects.filter(pk__in=ids).values("pk", "uasc_from", "uasc_until")
    }
    earlier_ends = _days_by_child(
        _live(PeriodOfCare.objects.filter(child_id__in=ids, end_date__isnull=False)), "end_date"
    )
    statuses = defaultdict(list)
    for s in (
        _live(LegalStatus.objects.filter(child_id__in=ids, start_date__lte=ctx.as_of))
        .order_by("start_date", "id")
        .values("period_id", "code", "start_date")
    ):
        statuses[s["period_id"]].append(s)
    placements = defaultdict(list)
    for p in (
        _live(Placement.objects.filter(child_id__in=ids, start_date__lte=ctx.as_of))
        .order_by("start_date", "id")
        .values(
            "period_id", "place", "provider", "postcode", "urn", "la_of_placement", "start_date"
        )
    ):
        placements[p["period_id"]].append(p)
    reviews = _latest_by_child(
        _live(LACReview.objects.filter(child_id__in=ids, date__lte=ctx.as_of))
        .values("child_id", "date")
        .order_by()
    )
    iro = _latest_by_child(
        _live(LACReview.objects.filter(child_id__in=ids, date__lte=ctx.as_of, iro__isnull=False))
        .values("child_id", "date")
        .order_by()
    )
    visits = _latest_by_child(
        _live(Visit.objects.filter(child_id__in=ids, kind=Visit.Kind.CLA, date__lte=ctx.as_of))
        .values("child_id", "date")
        .order_by()
    )
    health = {
        kind: _latest_by_child(
            _live(HealthCheck.objects.filter(child_id__in=ids, kind=kind, date__lte=ctx.as_of))
            .values("child_id", "date")
            .order_by()
        )
        for kind in (HealthCheck.Kind.HEALTH_ASSESSMENT, HealthCheck.Kind.DENTAL)
    }
    moves = placements_in_period_by_child(start=ctx.twelve, end=ctx.as_of)
    missing = defaultdict(list)
    for m in (
        _live(MissingEpisode.objects.filter(child_id__in=ids, started_at__date__lte=ctx.as_of))
        .order_by("started_at", "id")
        .values(
            "child_id",
            "kind",
            "started_at",
            "return_interview_recorded",
            "return_interview_offered_at",
            "return_interview_accepted",
        )
    ):
        missing[m["child_id"]].append(m)
    out = []
    for p in periods:
        cid = p["child_id"]
        ceased = p["end_date"] if p["end_date"] and p["end_date"] <= ctx.as_of else None
        status = statuses[p["id"]][-1] if statuses[p["id"]] else None
        placement = placements[p["id"]][-1] if placements[p["id"]] else None
        u = uasc[cid]
        was_uasc = bool(
            u["uasc_from"]
            and u["uasc_from"] <= ctx.as_of
            and (u["uasc_until"] is None or u["uasc_until"] >= ctx.twelve)
        )
        again = any(ctx.twelve <= end < p["start_date"] for end in earlier_ends.get(cid, ()))
        in_window = [m for m in missing[cid] if m["started_at"].date() >= ctx.twelve]
        last_missing = next(
            (m for m in reversed(missing[cid]) if m["kind"] == MissingEpisode.Kind.MISSING),
            None,
        )
        la = placement["la_of_placement"] if placement else ""
        out.append(
            ctx.child(cid, disability=True)
            | {
                HEADINGS["List 8"][5]: yes_no(was_uasc),
                "Date Started to be Looked After": p["start_date"],
                "Child's Category of Need": NEED[p["category_of_need"]],
                HEADINGS["List 8"][9]: yes_no(again),
                "Start date of current legal status": status["start_date"] if status else None,
                "Child's Legal Status": LEGAL_STATUS[status["code"]] if status else "",
                "Date of Latest Statutory Review": (reviews.get(cid) or {}).get("date"),
                "Date of Last Social Work Visit": (visits.get(cid) or {}).get("date"),
                "What is the permanence plan for this child?": "",
                "Date of Last IRO Visit / Contact to the Child": (iro.get(cid) or {}).get("date"),
                "Date of Last Health Assessment": (
                    health[HealthCheck.Kind.HEALTH_ASSESSMENT].get(cid) or {}
                ).get("date"),
                "Date of Last Dental Check": (health[HealthCheck.Kind.DENTAL].get(cid) or {}).get(
                    "date"
                ),
                "Number of Placements in the Last 12 months": moves.get(cid, 0),
                "Date Ceased to be Looked After": ceased,
                "Reason Ceased to be Looked After": (
                    REASON_CEASED.get(p["reason_ceased"], "") if ceased else ""
                ),
                "Start Date of Most Recent Placement": placement["start_date"]
                if placement
                else None,
                "Placement Type": PLACEMENT_TYPE[placement["place"]] if placement else "",
                "Placement Provider": PROVIDER[placement["provider"]] if placement else "",
                "Placement postcode": placement["postcode"] if placement else "",
                "URN of Placement": (
                    placement["urn"] if placement and placement["urn"] != "XXXXXXX" else ""
                ),
                "Placement Location": "a) In" if not la or la == home_la else "b) Out",
                "LA of Placement": LA_OUTSIDE_ENGLAND.get(la, la or home_la),
                HEADINGS["List 8"][28]: sum(
                    m["kind"] == MissingEpisode.Kind.MISSING for m in in_window
                ),
                HEADINGS["List 8"][29]: sum(
                    m["kind"] == MissingEpisode.Kind.ABSENT for m in in_window
                ),
                # Blank, not "No", where nothing about the interview was recorded (imported).
                HEADINGS["List 8"][30]: (
                    yes_no(last_missing["return_interview_offered_at"] is not None)
                    if last_missing and last_missing["return_interview_recorded"]
                    else ""
                ),
                HEADINGS["List 8"][31]: (
                    yes_no(last_missing["return_interview_accepted"])
                    if last_missing and last_missing["return_interview_offered_at"]
                    else ""
                ),
            }
            | ctx.allocated(cid)
        )
    return out


def _list9(ctx: _Context) -> list[dict]:
    leavers = care_leavers(day=ctx.as_of)
    ids = [c for c, (dob, _left) in leavers.items() if (age_on(dob, ctx.as_of) or 0) <= 25]
    ctx.load_children(ids)
    latest = _latest_by_child(
        _live(CareLeaverContact.objects.filter(child_id__in=ids, date__lte=ctx.as_of))
        .values("child_id", "date", "in_touch", "activity", "accommodation")
        .order_by()
    )
    out = []
    for cid in sorted(ids, key=lambda c: ctx._children[c]["la_child_id"]):
        dob, _left = leavers[cid]
        contact = latest.get(cid) or {}
        accommodation = contact.get("accommodation") or ""
        suitable = ""
        if accommodation[1:] in ("1", "2"):
            suitable = "a) Suitable" if accommodation[1:] == "1" else "b) Unsuitable"
        out.append(
            ctx.child(cid, disability=True)
            | ctx.allocated(cid, Allocation.Kind.PERSONAL_ADVISER)
            | {
                "Eligibility Category": (
                    "a) Relevant child"
                    if (age_on(dob, ctx.as_of) or 0) < 18
                    else "b) Former relevant child"
                ),
                "LA in Touch": IN_TOUCH.get(contact.get("in_touch", "NO"), IN_TOUCH["NO"]),
                "Type of Accommodation": ACCOMMODATION.get(accommodation[:1], ""),
                "Suitability of Accommodation": suitable,
                "Activity Status": ACTIVITY.get(contact.get("activity") or "", ""),
            }
        )
    return out


def _adoptions(ctx: _Context) -> list[dict]:
    return list(
        _live(Adoption.objects.filter(decision_date__lte=ctx.as_of))
        .exclude(adoption_order_date__lt=ctx.twelve)
        .exclude(no_longer_placed_date__lt=ctx.twelve)
        .order_by("decision_date", "id")
        .values()
    )


def _in(day: dt.date | None, ctx: _Context) -> dt.date | None:
    return day if day and day <= ctx.as_of else None


def _list10(ctx: _Context, adoptions: list[dict]) -> list[dict]:
    ids = {a["child_id"] for a in adoptions}
    ctx.load_children(ids)
    periods = defaultdict(list)
    for p in _live(PeriodOfCare.objects.filter(child_id__in=ids)).values(
        "id", "child_id", "start_date"
    ):
        periods[p["child_id"]].append(p)
    out = []
    for a in adoptions:
        entered = next(
            (p["start_date"] for p in periods[a["child_id"]] if p["id"] == a["period_id"]), None
        )
        if entered is None:
            entered = max(
                (
                    p["start_date"]
                    for p in periods[a["child_id"]]
                    if p["start_date"] <= a["decision_date"]
                ),
                default=None,
            )
        child = ctx.child(a["child_id"], disability=True)
        ceased = _in(a["no_longer_placed_date"], ctx)
        out.append(
            {
                "Child Unique ID": child["Child Unique ID"],
                "Family identifier": a["family_id"],
            }
            | child
            | {
                "Date the Child Entered Care": entered,
                "Date of Decision that Child Should be Placed for Adoption": a["decision_date"],
                "Date of Placement Order": _in(a["placement_order_date"], ctx),
                "Date of Matching Child and Prospective Adopters": _in(a["match_date"], ctx),
                "Date Placed for Adoption": _in(a["placed_date"], ctx),
                "Date of Adoption Order": _in(a["adoption_order_date"], ctx),
                "Date of Decision that Child Should No Longer be Placed for Adoption": ceased,
                "Reason Why Child No Longer Placed for Adoption": (
                    NO_LONGER_ADOPTION.get(a["no_longer_reason"], "") if ceased else ""
                ),
                HEADINGS["List 10"][15]: _in(a["ffa_date"], ctx),
            }
        )
    return out


LEAVING_ADOPTION = {
    "adopter_withdrew": "1 - Adopter withdrew from process",
    "on_hold": "2 - Process put on hold",
    "refused": "3 - Application refused",
}
"""Annex A List 11 "Reason for leaving adoption process" (liiatools data-map.yml) by the
household's deregistration reason (or being on hold); other reasons are left blank."""


def _list11(ctx: _Context, adoptions: list[dict]) -> list[dict]:
    """Adopters in the adoption process at some point in the last 12 months: one row per adopter.

    From the adopters' own records (``carers.CarerHousehold`` of kind adopters, one row per
    member recorded as a carer) with their recruitment stages, approval, the children matched
    with and placed with them (adoption records linked to the household) and when and why they
    left the process. Adoption records that name a family with no household record (imported
    before the LA recorded its adopters) still give one row per adopter from the adoption record,
    with only the enquiry date of the recruitment stages."""
    households = list(
        CarerHousehold.objects.live()
        .filter(kind=CarerHousehold.Kind.ADOPTERS)
        .overlapping(ctx.twelve, ctx.as_of, begin="enquiry_date", finish="deregistration_date")
        .order_by("reference")
    )
    refs = {h.reference for h in households}
    members = defaultdict(list)
    for m in _live(
        HouseholdMember.objects.filter(
            household__in=households, role=HouseholdMember.Role.CARER
        ).order_by("pk")
    ):
        members[m.household_id].append(m)
    linked = defaultdict(list)
    for a in _live(Adoption.objects.filter(adopters__in=households)).values():
        linked[a["adopters_id"]].append(a)
    out = []
    for h in households:
        out.extend(_household_rows(ctx, h, members[h.pk], linked[h.pk]))
    families: dict[str, list[dict]] = defaultdict(list)
    for a in adoptions:
        if (
            a["family_id"]
            and a["adopters_sex"]
            and a["adopters_id"] is None
            and a["family_id"] not in refs
            and _in(a["match_date"], ctx)
        ):
            families[a["family_id"]].append(a)
    for family, rows in sorted(families.items()):
        first = rows[0]
        placed = [r["placed_date"] for r in rows if _in(r["placed_date"], ctx)]
        orders = [r["adoption_order_date"] for r in rows if _in(r["adoption_order_date"], ctx)]
        for n, sex in enumerate(ADOPTER_SEXES[first["adopters_sex"]], start=1):
            out.append(
                dict.fromkeys(HEADINGS["List 11"])
                | {
                    "Individual adopter identifier": f"{family}-{n}",
                    "Family identifier": family,
                    "Gender": GENDER[sex],
                    "Ethnicity": ETHNICITY["NOBT"],
                    "Disability": UNKNOWN,
                    "Is the (prospective) adopter fostering for adoption?": yes_no(
                        any(r["ffa_date"] for r in rows)
                    ),
                    "Date enquiry received": min(
                        (
                            r["adopters_enquiry_date"]
                            for r in rows
                            if _in(r["adopters_enquiry_date"], ctx)
                        ),
                        default=None,
                    ),
                    "Date adopter matched with child(ren)": min(r["match_date"] for r in rows),
                    "Date child/children placed with adopter(s)": min(placed, default=None),
                    "No. of children placed": len(placed) or None,
                    "Date of Adoption Order": min(orders, default=None),
                }
            )
    return out


def _household_rows(ctx: _Context, h, members: list, adoptions: list[dict]) -> list[dict]:
    matched = [a["match_date"] for a in adoptions if _in(a["match_date"], ctx)]
    placed = [a["placed_date"] for a in adoptions if _in(a["placed_date"], ctx)]
    orders = [a["adoption_order_date"] for a in adoptions if _in(a["adoption_order_date"], ctx)]
    left = _in(h.deregistration_date, ctx)
    reason = LEAVING_ADOPTION.get(h.deregistration_reason, "") if left else ""
    if not left and h.status == h.Status.ON_HOLD and _in(h.on_hold_date, ctx):
        left, reason = h.on_hold_date, LEAVING_ADOPTION["on_hold"]
    family = {
        "Family identifier": h.reference,
        "Is the (prospective) adopter fostering for adoption?": yes_no(
            "ffa" in (h.care_types or []) or any(a["ffa_date"] for a in adoptions)
        ),
        "Date enquiry received": _in(h.enquiry_date, ctx),
        "Date Stage 1 started": _in(h.stage1_start, ctx),
        "Date Stage 1 ended": _in(h.stage1_end, ctx),
        "Date Stage 2 started": _in(h.stage2_start, ctx),
        "Date Stage 2 ended": _in(h.stage2_end, ctx),
        "Date application submitted": _in(h.application_date, ctx),
        "Date application approved": _in(h.approval_date, ctx),
        "Date adopter matched with child(ren)": min(matched, default=None),
        "Date child/children placed with adopter(s)": min(placed, default=None),
        "No. of children placed": len(placed) or None,
        "Date of Adoption Order": min(orders, default=None),
        "Date of leaving adoption process": left,
        "Reason for leaving adoption process": reason,
    }
    people = members or [None]
    return [
        dict.fromkeys(HEADINGS["List 11"])
        | family
        | {
            "Individual adopter identifier": f"{h.reference}-{n}",
            "Gender": GENDER.get(m.sex, GENDER["U"]) if m else GENDER["U"],
            "Ethnicity": ETHNICITY.get(m.ethnicity or "NOBT", ETHNICITY["NOBT"])
            if m
            else ETHNICITY["NOBT"],
            "Disability": (UNKNOWN if m is None or m.disability is None else yes_no(m.disability)),
        }
        for n, m in enumerate(people, start=1)
    ]


def build_annex_a(*, as_of: dt.date) -> dict[str, list[dict]]:
    """Lists 1-11 for an inspection the day after ``as_of``: ``{"List 1": [row, …], …}``,
    each row a dict keyed by the list's headings (dates as ``date``, counts as ``int``)."""
    ctx = _Context(as_of)
    adoptions = _adoptions(ctx)
    lists = {
        "List 1": _list1(ctx),
        "List 2": _list2(ctx),
        "List 3": _list3(ctx),
        "List 4": _list4(ctx),
        "List 5": _list5(ctx),
        "List 6": _list6(ctx),
        "List 7": _list7(ctx),
        "List 8": _list8(ctx),
        "List 9": _list9(ctx),
        "List 10": _list10(ctx, adoptions),
        "List 11": _list11(ctx, adoptions),
    }
    return {
        name: [{h: row.get(h) for h in HEADINGS[name]} for row in rows]
        for name, rows in lists.items()
    }


def write_annex_a(*, as_of: dt.date, out: str | Path, lists: dict | None = None) -> Path:
    """Write the workbook (one sheet per list, Ofsted's headings in row 1, dates as dates).

    Streamed (openpyxl write-only, so a large LA's lists are not held twice), but shaped like a
    workbook Excel saves, because the sector's readers need it: each sheet declares its
    ``<dimension>`` and every row has a cell in every column, blank cells included (liiatools
    builds its cleaned tables from the cells a row has, and crashes on a short row).
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    lists = build_annex_a(as_of=as_of) if lists is None else lists
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    # A blank cell is written only when styled; a top alignment is invisible in every reader.
    blank_style = Alignment(vertical="top")
    for name, headings in HEADINGS.items():
        rows = lists.get(name, ())
        ws = wb.create_sheet(name)
        ref = f"A1:{get_column_letter(len(headings))}{len(rows) + 1}"
        ws.calculate_dimension = lambda ref=ref: ref  # read by openpyxl's sheet writer
        ws.freeze_panes = "A2"
        heads = []
        for h in headings:
            cell = WriteOnlyCell(ws, value=h)
            cell.font = bold
            heads.append(cell)
        ws.append(heads)
        for row in rows:
            cells = []
            for h in headings:
                value = row.get(h)
                value = None if value == "" else spreadsheet_safe(value)
                cell = WriteOnlyCell(ws, value=value)
                if isinstance(value, dt.date):
                    cell.number_format = "dd/mm/yyyy"
                elif value is None:
                    cell.alignment = blank_style
                cells.append(cell)
            ws.append(cells)
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


# --- Hearth's own cross-list consistency checks ------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One disagreement: where (list, child, column) and what."""

    list: str
    child: str
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.list} child {self.child} [{self.column}]: {self.message}"


def _by_child(rows: list[dict], key: str = "Child Unique ID") -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        out[str(r[key])].append(r)
    return out


def _within(day, start, end) -> bool:
    return bool(day and start and start <= day and (not end or day <= end))


def annex_a_consistency(lists: dict[str, list[dict]]) -> list[Problem]:
    """Where the same child's facts disagree between lists (an empty list when they agree).

    * the child's gender, ethnicity and date of birth are the same in every list;
    * every referral in List 3 starts a CIN episode in List 6 (same date);
    * every assessment in List 4 and CP plan in List 7 starts within one of the child's
      List 6 CIN episodes (between its start and closure);
    * an ICPC in List 5 that resulted in a plan is the start date of a List 7 plan;
    * List 6 "Looked after child" status means an open period of care in List 8, and
      "Child Protection plan" an open plan in List 7;
    * List 10's date the child entered care is a List 8 start date (when the child is there).
    """
    problems: list[Problem] = []
    demographics: dict[str, tuple[str, dict]] = {}
    for name in (f"List {n}" for n in range(1, 11)):
        for r in lists.get(name, ()):
            cid = str(r["Child Unique ID"])
            facts = {k: r.get(k) for k in ("Gender", "Ethnicity", "Date of Birth")}
            if cid not in demographics:
                demographics[cid] = (name, facts)
                continue
            first_list, first = demographics[cid]
            for k, v in facts.items():
                if v != first[k]:
                    problems.append(
                        Problem(name, cid, k, f"{v!r} here but {first[k]!r} in {first_list}")
                    )
    cin = _by_child(lists.get("List 6", []))
    cla = _by_child(lists.get("List 8", []))
    cp = _by_child(lists.get("List 7", []))

    def in_cin(cid: str, day) -> bool:
        return any(
            _within(day, e["CIN Start Date"], e["CIN Closure Date"]) for e in cin.get(cid, ())
        )

    for r in lists.get("List 3", []):
        cid, day = str(r["Child Unique ID"]), r["Date of referral"]
        if not any(e["CIN Start Date"] == day for e in cin.get(cid, ())):
            problems.append(
                Problem("List 3", cid, "Date of referral", f"{day} is no CIN start in List 6")
            )
    for r in lists.get("List 4", []):
        cid, day = str(r["Child Unique ID"]), r["Continuous Assessment Start Date"]
        if not in_cin(cid, day):
            problems.append(
                Problem(
                    "List 4",
                    cid,
                    "Continuous Assessment Start Date",
                    f"{day} is outside every List 6 CIN episode",
                )
            )
    for r in lists.get("List 7", []):
        cid, day = str(r["Child Unique ID"]), r["Child Protection Plan Start Date"]
        if not in_cin(cid, day):
            problems.append(
                Problem(
                    "List 7",
                    cid,
                    "Child Protection Plan Start Date",
                    f"{day} is outside every List 6 CIN episode",
                )
            )
    for r in lists.get("List 5", []):
        cid, day = str(r["Child Unique ID"]), r["Date of Initial Child Protection Conference"]
        resulted = r[
            "Did the Initial Child Protection Conference Result in a Child Protection Plan"
        ]
        if (
            day
            and resulted == YES
            and not any(p["Child Protection Plan Start Date"] == day for p in cp.get(cid, ()))
        ):
            problems.append(
                Problem(
                    "List 5",
                    cid,
                    "Date of Initial Child Protection Conference",
                    f"plan made at the ICPC on {day} but no List 7 plan starts then",
                )
            )
    for r in lists.get("List 6", []):
        cid, status = str(r["Child Unique ID"]), r["Case Status"]
        if status == CASE_STATUS["cla"] and not any(
            not p["Date Ceased to be Looked After"] for p in cla.get(cid, ())
        ):
            problems.append(
                Problem("List 6", cid, "Case Status", "looked after, but not open in List 8")
            )
        if status == CASE_STATUS["cp"] and not any(
            not p["Child Protection Plan End Date"] for p in cp.get(cid, ())
        ):
            problems.append(
                Problem("List 6", cid, "Case Status", "on a CP plan, but none open in List 7")
            )
    for r in lists.get("List 10", []):
        cid, day = str(r["Child Unique ID"]), r["Date the Child Entered Care"]
        if cid in cla and not any(p["Date Started to be Looked After"] == day for p in cla[cid]):
            problems.append(
                Problem(
                    "List 10",
                    cid,
                    "Date the Child Entered Care",
                    f"{day} is not a List 8 start date for this child",
                )
            )
    return problems


def annex_a_against_returns(lists: dict[str, list[dict]], *, as_of: dt.date) -> list[Problem]:
    """The Annex A against the CIN census and SSDA903 of the collection year containing
    ``as_of``: each List 7 plan running in that year is a ``CPPstartDate`` of the child's CIN
    census record, and each List 8 period of care starting in that year begins with an "S"
    episode on the same ``DECOM`` in the SSDA903 (one started earlier: the child is in it)."""
    from hearth.core.calendar import collection_year_bounds, collection_year_label
    from hearth.returns.cin import iter_children
    from hearth.returns.ssda903 import build_903

    year = collection_year_label(as_of)
    start, end = collection_year_bounds(year)
    census: dict[str, set[dt.date]] = defaultdict(set)
    for child in iter_children(year=year):
        for ep in child.episodes:
            for p in ep.cp_plans:
                census[child.la_child_id].add(p.start)
    episodes: dict[str, list[dict]] = defaultdict(list)
    for e in build_903(year=year)["Episodes"]:
        episodes[e["CHILD"]].append(e)
    problems = []
    for r in lists.get("List 7", []):
        cid, day = str(r["Child Unique ID"]), r["Child Protection Plan Start Date"]
        ended = r["Child Protection Plan End Date"]
        if day <= end and (not ended or ended >= start) and day not in census.get(cid, ()):
            problems.append(
                Problem(
                    "List 7",
                    cid,
                    "Child Protection Plan Start Date",
                    f"{day} is no CPPstartDate in the {year} CIN census",
                )
            )
    for r in lists.get("List 8", []):
        cid, day = str(r["Child Unique ID"]), r["Date Started to be Looked After"]
        if start <= day <= end:
            decom = day.strftime("%d/%m/%Y")
            if not any(e["RNE"] == "S" and e["DECOM"] == decom for e in episodes.get(cid, ())):
                problems.append(
                    Problem(
                        "List 8",
                        cid,
                        "Date Started to be Looked After",
                        f"{day} is no 'S' episode in the {year} SSDA903",
                    )
                )
        elif day < start and cid not in episodes:
            problems.append(
                Problem(
                    "List 8", cid, "Date Started to be Looked After", f"not in the {year} SSDA903"
                )
            )
    return problems
