"""The children in need (CIN) census, derived from Hearth's records.

One pass over the records (``_children``, a fixed handful of queries per chunk of children)
produces a plain in-memory model of the census, which is then written two ways:

* ``build_cin_xml`` — DfE's XML (Message / Header / Children / Child …), element order as in
  DfE's specification, ISO dates, ``ReferenceDate`` 31 March of the end year, ``LEA`` the
  authority's DfE number;
* ``cin_tables`` — the same data as the tables the ``cin_validator`` rules consume (the package's
  ``XMLtoCSV`` output: same table and column names, values as text, ``CINdetailsID`` /
  ``AssessmentID`` / ``CPPID`` counters from 1, rows in document order), so validation can skip
  re-parsing the XML, which the package does in time that grows with the square of its size.

Scope: every child with a CIN episode open at any point in the year (referral on or before
31 March, not closed before 1 April). Within each episode: assessments authorised in the year
or still open at its end; section 47 enquiries started or reaching their initial conference
in the year, or still awaiting one; CIN plans and CP plans running during the year; CP
plan reviews in the year; closures and end dates only when they fall in the year. An initial
conference reached through a section 47 enquiry is reported on that enquiry only (rule 2884);
one without an enquiry goes on the CIN episode.

From 2026-27 each episode also carries its pre-proceedings (``PreProceedingsandFGDM``, after
the CP plans): those begun in the year, with only the dates that fall in it (the 2026-27 rules
9005-9013 require every date in the reporting year). The package's ``XMLtoCSV`` (0.1.13) has no
table for the block, so ``cin_tables`` leaves it out, as that reader would.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from lxml import etree

from hearth.care.episodes import group_rows
from hearth.care.models import PreProceedings
from hearth.casework.models import (
    Assessment,
    AssessmentFactor,
    ChildProtectionConference,
    CINEpisode,
    CINPlan,
    CPPlan,
    Section47Enquiry,
)
from hearth.casework.selectors import previous_cp_plans
from hearth.core.calendar import collection_year_bounds
from hearth.people.models import Child, ChildDisability

CHUNK = 2000
PRE_PROCEEDINGS_FROM = "2026-27"  # the census year that adds PreProceedingsandFGDM
SOFTWARE_CODE = "Hearth"
RELEASE = "0.1.0"

CIN_TABLE_COLUMNS: dict[str, list[str]] = {
    "Header": [
        "Collection",
        "Year",
        "ReferenceDate",
        "SourceLevel",
        "LEA",
        "SoftwareCode",
        "Release",
        "SerialNo",
        "DateTime",
    ],
    "ChildIdentifiers": [
        "LAchildID",
        "UPN",
        "FormerUPN",
        "UPNunknown",
        "PersonBirthDate",
        "ExpectedPersonBirthDate",
        "GenderCurrent",
        "Sex",
        "PersonDeathDate",
    ],
    "ChildCharacteristics": ["LAchildID", "Ethnicity"],
    "ChildProtectionPlans": [
        "LAchildID",
        "CINdetailsID",
        "CPPID",
        "CPPstartDate",
        "CPPendDate",
        "InitialCategoryOfAbuse",
        "LatestCategoryOfAbuse",
        "NumberOfPreviousCPP",
    ],
    "CINdetails": [
        "LAchildID",
        "CINdetailsID",
        "CINreferralDate",
        "ReferralSource",
        "PrimaryNeedCode",
        "CINclosureDate",
        "ReasonForClosure",
        "DateOfInitialCPC",
        "ReferralNFA",
    ],
    "CINplanDates": ["LAchildID", "CINdetailsID", "CINPlanStartDate", "CINPlanEndDate"],
    "Reviews": ["LAchildID", "CINdetailsID", "CPPID", "CPPreviewDate"],
    "Section47": [
        "LAchildID",
        "CINdetailsID",
        "S47ActualStartDate",
        "InitialCPCtarget",
        "DateOfInitialCPC",
        "ICPCnotRequired",
    ],
    "Assessments": [
        "LAchildID",
        "CINdetailsID",
        "AssessmentID",
        "AssessmentActualStartDate",
        "AssessmentInternalReviewDate",
        "AssessmentAuthorisationDate",
        "AssessmentFactors",
    ],
    "AssessmentFactorsList": ["LAchildID", "CINdetailsID", "AssessmentID", "AssessmentFactor"],
    "Disabilities": ["LAchildID", "Disability"],
}
"""The tables ``cin_validator.cin_validator.convert_data`` produces, with their columns."""


def iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _in_year(d: dt.date | None, start: dt.date, end: dt.date) -> dt.date | None:
    return d if d and start <= d <= end else None


# --- The census as plain data -----------------------------------------------------------------


@dataclass
class CINAssessment:
    start: dt.date
    review: dt.date | None
    authorised: dt.date | None
    factors: list[str]


@dataclass
class CINSection47:
    start: dt.date
    icpc_target: dt.date | None
    icpc: dt.date | None
    icpc_not_required: bool


@dataclass
class CINCPPlan:
    start: dt.date
    end: dt.date | None
    initial_category: str
    latest_category: str
    previous: int
    reviews: list[dt.date]


@dataclass
class CINPreProceedings:
    start: dt.date
    letter: dt.date | None
    fgdm_offered: bool
    fgdm_held: bool
    first_meeting: dt.date | None
    review_meetings: int
    decision: dt.date | None
    outcome: str
    court_application: dt.date | None
    letter_of_issue: dt.date | None

    def elements(self) -> list[tuple[str, str | None]]:
        """``PreProceedingsandFGDM`` in the order of DfE's 2026-27 specification. Whether a
        family network meeting was offered (in the letter) goes with the letter, whether one
        was held with the offer, the count of review meetings with the first meeting."""
        return [
            ("PPStartDate", iso(self.start)),
            ("LBPSentDate", iso(self.letter)),
            ("FGDMMeetingOffer", _flag(self.fgdm_offered) if self.letter else None),
            (
                "FGDMMeetingFac",
                _flag(self.fgdm_held) if self.letter and self.fgdm_offered else None,
            ),
            ("InitialPPMeetingDate", iso(self.first_meeting)),
            ("ReviewMeetingsCount", str(self.review_meetings) if self.first_meeting else None),
            ("StepDecisionDate", iso(self.decision)),
            ("PPOutcome", self.outcome if self.decision else None),
            ("CourtAppDate", iso(self.court_application)),
            ("LetterInitCPDate", iso(self.letter_of_issue)),
        ]


@dataclass
class CINDetails:
    referral: dt.date
    source: str
    primary_need: str
    closure: dt.date | None
    closure_reason: str
    icpc: dt.date | None
    nfa: bool
    assessments: list[CINAssessment] = field(default_factory=list)
    plans: list[tuple[dt.date, dt.date | None]] = field(default_factory=list)
    section47s: list[CINSection47] = field(default_factory=list)
    cp_plans: list[CINCPPlan] = field(default_factory=list)
    pre_proceedings: list[CINPreProceedings] = field(default_factory=list)


@dataclass
class CINChild:
    pk: int
    la_child_id: str
    upn: str
    former_upn: str
    upn_unknown: str
    birth: dt.date | None
    expected_birth: dt.date | None
    sex: str
    death: dt.date | None
    ethnicity: str
    disabilities: list[str]
    episodes: list[CINDetails]


def _episodes_in_scope(start: dt.date, end: dt.date):
    return (
        CINEpisode.objects.filter(referral_date__lte=end)
        .live()
        .filter(Q(closure_date__isnull=True) | Q(closure_date__gte=start))
    )


def iter_children(*, year: str, chunk: int = CHUNK):
    """The census children for ``year`` in LA child ID order, built a chunk at a time."""
    start, end = collection_year_bounds(year)
    ids = list(
        Child.objects.filter(pk__in=_episodes_in_scope(start, end).values("child_id"))
        .order_by("la_child_id")
        .values_list("pk", flat=True)
    )
    for i in range(0, len(ids), chunk):
        yield from _build_chunk(
            ids[i : i + chunk], start, end, pre_proceedings=year >= PRE_PROCEEDINGS_FROM
        )


def _build_chunk(
    ids: list[int], start: dt.date, end: dt.date, *, pre_proceedings: bool = True
) -> list[CINChild]:
    children = {
        c["pk"]: c
        for c in Child.objects.filter(pk__among=frozenset(ids)).values(
            "pk",
            "la_child_id",
            "upn",
            "former_upn",
            "upn_unknown_reason",
            "date_of_birth",
            "expected_date_of_birth",
            "sex",
            "date_of_death",
            "ethnicity",
        )
    }
    disabilities = defaultdict(list)
    for cid, code in (
        ChildDisability.objects.filter(child_id__among=frozenset(ids))
        .order_by("id")
        .values_list("child_id", "code")
    ):
        disabilities[cid].append(code)
    episodes = group_rows(
        _episodes_in_scope(start, end)
        .filter(child_id__among=frozenset(ids))
        .order_by("child_id", "referral_date", "id")
        .values(
            "id",
            "child_id",
            "referral_date",
            "referral_source",
            "primary_need",
            "closure_date",
            "closure_reason",
            "referral_nfa",
        ),
        "child_id",
    )
    ep_ids = [e["id"] for rows in episodes.values() for e in rows]
    assessments = group_rows(
        Assessment.objects.filter(cin_episode_id__among=frozenset(ep_ids), start_date__lte=end)
        .live()
        .filter(Q(authorised_date__isnull=True) | Q(authorised_date__gte=start))
        .order_by("start_date", "id")
        .values("id", "cin_episode_id", "start_date", "authorised_date"),
        "cin_episode_id",
    )
    # Factors of the assessments just read (by their ids, not by a join back to the episodes).
    assessment_ids = frozenset(a["id"] for rows in assessments.values() for a in rows)
    factors = defaultdict(list)
    for aid, code in (
        AssessmentFactor.objects.filter(assessment_id__among=assessment_ids)
        .order_by("id")
        .values_list("assessment_id", "code")
    ):
        factors[aid].append(code)
    cin_plans = group_rows(
        CINPlan.objects.filter(cin_episode_id__among=frozenset(ep_ids), start_date__lte=end)
        .live()
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .order_by("start_date", "id")
        .values("cin_episode_id", "start_date", "end_date"),
        "cin_episode_id",
    )
    conferences = (
        ChildProtectionConference.objects.filter(
            cin_episode_id__among=frozenset(ep_ids), date__lte=end
        )
        .live()
        .values("cin_episode_id", "section47_id", "cp_plan_id", "kind", "date")
    )
    icpc_by_s47: dict[int, dt.date] = {}
    icpc_by_episode: dict[int, dt.date] = {}
    reviews = defaultdict(list)
    for c in conferences:
        if c["kind"] == ChildProtectionConference.Kind.INITIAL:
            if c["section47_id"]:
                icpc_by_s47.setdefault(c["section47_id"], c["date"])
            elif start <= c["date"]:
                icpc_by_episode.setdefault(c["cin_episode_id"], c["date"])
        elif (
            c["kind"] == ChildProtectionConference.Kind.REVIEW
            and c["cp_plan_id"]
            and c["date"] >= start
        ):
            reviews[c["cp_plan_id"]].append(c["date"])
    section47s = group_rows(
        Section47Enquiry.objects.filter(
            cin_episode_id__among=frozenset(ep_ids), start_date__lte=end
        )
        .live()
        .order_by("start_date", "id")
        .values("id", "cin_episode_id", "start_date", "icpc_target_date", "icpc_not_required"),
        "cin_episode_id",
    )
    all_cp = list(
        CPPlan.objects.filter(child_id__among=frozenset(ids))
        .live()
        .order_by("start_date", "id")
        .values(
            "id",
            "child_id",
            "cin_episode_id",
            "start_date",
            "end_date",
            "initial_category",
            "latest_category",
        )
    )
    previous_cp = previous_cp_plans(child_ids={p["child_id"] for p in all_cp}, plans=all_cp)
    cp_plans = defaultdict(list)
    episode_ids = set(ep_ids)
    for p in all_cp:
        if p["start_date"] > end:
            continue
        if p["cin_episode_id"] in episode_ids and (p["end_date"] is None or p["end_date"] >= start):
            cp_plans[p["cin_episode_id"]].append(p)

    pre_proceedings = (
        group_rows(
            PreProceedings.objects.filter(
                cin_episode_id__among=frozenset(ep_ids), start_date__range=(start, end)
            )
            .live()
            .order_by("start_date", "id")
            .values(),
            "cin_episode_id",
        )
        if pre_proceedings
        else {}
    )

    def in_year(day):
        return _in_year(day, start, end)

    out = []
    for pk in ids:
        c = children[pk]
        details = []
        for e in episodes.get(pk, ()):
            closure = _in_year(e["closure_date"], start, end)
            s47s = []
            s47_icpcs = set()
            for s in section47s.get(e["id"], ()):
                icpc = icpc_by_s47.get(s["id"])
                if icpc and icpc > end:
                    icpc = None
                if icpc and icpc < start:
                    continue  # concluded last year
                if not icpc and s["icpc_not_required"] and s["start_date"] < start:
                    continue  # began last year and concluded without a conference
                if icpc:
                    s47_icpcs.add(icpc)
                s47s.append(
                    CINSection47(
                        start=s["start_date"],
                        icpc_target=s["icpc_target_date"],
                        icpc=icpc,
                        icpc_not_required=s["icpc_not_required"],
                    )
                )
            episode_icpc = icpc_by_episode.get(e["id"])
            if episode_icpc in s47_icpcs:
                episode_icpc = None
            details.append(
                CINDetails(
                    referral=e["referral_date"],
                    source=e["referral_source"],
                    primary_need=e["primary_need"],
                    closure=closure,
                    closure_reason=e["closure_reason"] if closure else "",
                    icpc=episode_icpc,
                    nfa=e["referral_nfa"],
                    assessments=[
                        CINAssessment(
                            start=a["start_date"],
                            review=None,
                            authorised=_in_year(a["authorised_date"], start, end),
                            factors=factors.get(a["id"], [])
                            if _in_year(a["authorised_date"], start, end)
                            else [],
                        )
                        for a in assessments.get(e["id"], ())
                    ],
                    plans=[
                        (p["start_date"], _in_year(p["end_date"], start, end))
                        for p in cin_plans.get(e["id"], ())
                    ],
                    section47s=s47s,
                    cp_plans=[
                        CINCPPlan(
                            start=p["start_date"],
                            end=_in_year(p["end_date"], start, end),
                            initial_category=p["initial_category"],
                            latest_category=p["latest_category"],
                            previous=previous_cp[p["id"]],
                            reviews=sorted(r for r in reviews.get(p["id"], ()) if r <= end),
                        )
                        for p in cp_plans.get(e["id"], ())
                    ],
                    pre_proceedings=[
                        CINPreProceedings(
                            start=pp["start_date"],
                            letter=in_year(pp["letter_date"]),
                            fgdm_offered=bool(in_year(pp["fgdm_offered_date"]))
                            or bool(pp["fgdm_offered_stated"]),
                            fgdm_held=bool(in_year(pp["fgdm_held_date"]))
                            or bool(pp["fgdm_held_stated"]),
                            first_meeting=in_year(pp["first_meeting_date"]),
                            review_meetings=pp["review_meetings"],
                            decision=in_year(pp["decision_date"]),
                            outcome=pp["outcome"],
                            court_application=in_year(pp["court_application_date"]),
                            letter_of_issue=in_year(pp["letter_of_issue_date"]),
                        )
                        for pp in pre_proceedings.get(e["id"], ())
                    ],
                )
            )
        out.append(
            CINChild(
                pk=pk,
                la_child_id=c["la_child_id"],
                upn=c["upn"],
                former_upn=c["former_upn"],
                upn_unknown="" if c["upn"] else c["upn_unknown_reason"],
                birth=c["date_of_birth"],
                expected_birth=None if c["date_of_birth"] else c["expected_date_of_birth"],
                sex=c["sex"] if c["date_of_birth"] else "U",
                death=c["date_of_death"],
                ethnicity=c["ethnicity"],
                disabilities=disabilities.get(pk) or ["NONE"],
                episodes=details,
            )
        )
    return out


def _gender_current(sex: str) -> str:
    return {"M": "1", "F": "2"}.get(sex, "0")


def _header_values(year: str) -> list[tuple[str, str]]:
    _start, end = collection_year_bounds(year)
    from hearth.core.models import Authority

    authority = Authority.objects.first()
    lea = authority.dfe_number if authority else settings.HEARTH_LA_NUMBER
    return [
        ("Collection", "CIN"),
        ("Year", str(end.year)),
        ("ReferenceDate", end.isoformat()),
        ("SourceLevel", "L"),
        ("LEA", f"{int(lea):03d}"),
        ("SoftwareCode", SOFTWARE_CODE),
        ("Release", RELEASE),
        ("SerialNo", "1"),
        ("DateTime", timezone.localtime().replace(microsecond=0, tzinfo=None).isoformat()),
    ]


def _flag(value: bool) -> str:
    return "1" if value else "0"


def _identifiers(child: CINChild, year: str) -> list[tuple[str, str | None]]:
    sex_element = (
        ("Sex", child.sex)
        if year >= "2024-25"
        else (
            "GenderCurrent",
            _gender_current(child.sex),
        )
    )
    return [
        ("LAchildID", child.la_child_id),
        ("UPN", child.upn or None),
        ("FormerUPN", child.former_upn or None),
        ("UPNunknown", child.upn_unknown or None),
        ("PersonBirthDate", iso(child.birth)),
        ("ExpectedPersonBirthDate", iso(child.expected_birth)),
        sex_element,
        ("PersonDeathDate", iso(child.death)),
    ]


# --- XML ----------------------------------------------------------------------------------------


def _add(parent, tag: str, value: str | None):
    if value is None or value == "":
        return None
    el = etree.SubElement(parent, tag)
    el.text = value
    return el


def build_cin_xml(*, year: str) -> bytes:
    """The CIN census XML for collection year ``year`` (e.g. ``"2025-26"``)."""
    message = etree.Element("Message")
    header = etree.SubElement(message, "Header")
    values = dict(_header_values(year))
    details = etree.SubElement(header, "CollectionDetails")
    for tag in ("Collection", "Year", "ReferenceDate"):
        _add(details, tag, values[tag])
    source = etree.SubElement(header, "Source")
    for tag in ("SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime"):
        _add(source, tag, values[tag])
    children_el = etree.SubElement(message, "Children")
    for child in iter_children(year=year):
        el = etree.SubElement(children_el, "Child")
        ids = etree.SubElement(el, "ChildIdentifiers")
        for tag, value in _identifiers(child, year):
            _add(ids, tag, value)
        chars = etree.SubElement(el, "ChildCharacteristics")
        _add(chars, "Ethnicity", child.ethnicity)
        dis = etree.SubElement(chars, "Disabilities")
        for code in child.disabilities:
            _add(dis, "Disability", code)
        for ep in child.episodes:
            cd = etree.SubElement(el, "CINdetails")
            _add(cd, "CINreferralDate", iso(ep.referral))
            _add(cd, "ReferralSource", ep.source)
            _add(cd, "PrimaryNeedCode", ep.primary_need)
            _add(cd, "CINclosureDate", iso(ep.closure))
            _add(cd, "ReasonForClosure", ep.closure_reason)
            _add(cd, "DateOfInitialCPC", iso(ep.icpc))
            for a in ep.assessments:
                ael = etree.SubElement(cd, "Assessments")
                _add(ael, "AssessmentActualStartDate", iso(a.start))
                _add(ael, "AssessmentInternalReviewDate", iso(a.review))
                _add(ael, "AssessmentAuthorisationDate", iso(a.authorised))
                if a.factors:
                    fel = etree.SubElement(ael, "FactorsIdentifiedAtAssessment")
                    for code in a.factors:
                        _add(fel, "AssessmentFactors", code)
            for plan_start, plan_end in ep.plans:
                pel = etree.SubElement(cd, "CINPlanDates")
                _add(pel, "CINPlanStartDate", iso(plan_start))
                _add(pel, "CINPlanEndDate", iso(plan_end))
            for s in ep.section47s:
                sel = etree.SubElement(cd, "Section47")
                _add(sel, "S47ActualStartDate", iso(s.start))
                _add(sel, "InitialCPCtarget", iso(s.icpc_target))
                _add(sel, "DateOfInitialCPC", iso(s.icpc))
                _add(sel, "ICPCnotRequired", _flag(s.icpc_not_required))
            _add(cd, "ReferralNFA", _flag(ep.nfa))
            for p in ep.cp_plans:
                cel = etree.SubElement(cd, "ChildProtectionPlans")
                _add(cel, "CPPstartDate", iso(p.start))
                _add(cel, "CPPendDate", iso(p.end))
                _add(cel, "InitialCategoryOfAbuse", p.initial_category)
                _add(cel, "LatestCategoryOfAbuse", p.latest_category)
                _add(cel, "NumberOfPreviousCPP", str(p.previous))
                for review in p.reviews:
                    rel = etree.SubElement(cel, "Reviews")
                    _add(rel, "CPPreviewDate", iso(review))
            if year >= PRE_PROCEEDINGS_FROM:
                for pp in ep.pre_proceedings:
                    ppel = etree.SubElement(cd, "PreProceedingsandFGDM")
                    for tag, value in pp.elements():
                        _add(ppel, tag, value)
    return etree.tostring(message, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def write_cin(*, year: str, out_dir) -> str:
    from pathlib import Path

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"CIN_{year}.xml"
    path.write_bytes(build_cin_xml(year=year))
    return str(path)


# --- Tables for the rules (no XML round trip) ---------------------------------------------------


def cin_tables(*, year: str) -> dict[str, dict]:
    """The census as ``cin_validator``'s tables: ``{table: {"columns": [...], "rows": [...]}}``.

    Exactly what the package's ``XMLtoCSV`` would make of ``build_cin_xml(year=year)``: text
    values, ``None`` where the XML has no element, the same row order and ID counters."""
    rows: dict[str, list[list]] = {name: [] for name in CIN_TABLE_COLUMNS}
    rows["Header"].append([v for _k, v in _header_values(year)])
    ident_cols = CIN_TABLE_COLUMNS["ChildIdentifiers"]
    for child in iter_children(year=year):
        cid = child.la_child_id
        ident = dict(_identifiers(child, year))
        rows["ChildIdentifiers"].append([ident.get(c) or None for c in ident_cols])
        rows["ChildCharacteristics"].append([cid, child.ethnicity or None])
        for code in child.disabilities:
            rows["Disabilities"].append([cid, code])
        for n, ep in enumerate(child.episodes, start=1):
            rows["CINdetails"].append(
                [
                    cid,
                    n,
                    iso(ep.referral),
                    ep.source or None,
                    ep.primary_need or None,
                    iso(ep.closure),
                    ep.closure_reason or None,
                    iso(ep.icpc),
                    _flag(ep.nfa),
                ]
            )
            for a_n, a in enumerate(ep.assessments, start=1):
                rows["Assessments"].append(
                    [
                        cid,
                        n,
                        a_n,
                        iso(a.start),
                        iso(a.review),
                        iso(a.authorised),
                        list(a.factors) if a.factors else None,
                    ]
                )
                for code in a.factors:
                    rows["AssessmentFactorsList"].append([cid, n, a_n, code])
            for plan_start, plan_end in ep.plans:
                rows["CINplanDates"].append([cid, n, iso(plan_start), iso(plan_end)])
            for s in ep.section47s:
                rows["Section47"].append(
                    [
                        cid,
                        n,
                        iso(s.start),
                        iso(s.icpc_target),
                        iso(s.icpc),
                        _flag(s.icpc_not_required),
                    ]
                )
            for p_n, p in enumerate(ep.cp_plans, start=1):
                rows["ChildProtectionPlans"].append(
                    [
                        cid,
                        n,
                        p_n,
                        iso(p.start),
                        iso(p.end),
                        p.initial_category or None,
                        p.latest_category or None,
                        str(p.previous),
                    ]
                )
                for review in p.reviews:
                    rows["Reviews"].append([cid, n, p_n, iso(review)])
    return {
        name: {"columns": CIN_TABLE_COLUMNS[name], "rows": rows[name]} for name in CIN_TABLE_COLUMNS
    }
