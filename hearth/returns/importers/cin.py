"""Import a CIN census XML file made by another system into Hearth's records.

``import_cin(path)`` reads the whole file first (lxml, so every problem carries its XML line),
then writes in one transaction: Child (+ disabilities), CINEpisode, Assessment (+ factors),
CINPlan, Section47Enquiry, ChildProtectionConference (initial: from ``DateOfInitialCPC`` on the
enquiry or the episode; review: each ``CPPreviewDate``) and CPPlan.

Natural keys: a child by ``LAchildID``; an episode by (child, referral date); an assessment,
CIN plan or section 47 enquiry by (episode, start date); a CP plan by (child, start date); a
conference by (episode, kind, date). Importing several years' censuses oldest first builds the
history; a record already held is only ever completed (a closure date added), never erased,
and a file that disagrees with a held child's date of birth or sex is refused as a conflict.

``NumberOfPreviousCPP`` becomes a StatedHistory fact (with the file it came from) about the plan
it precedes: the export and the indicators use it until Hearth holds the earlier plans.

``PreProceedingsandFGDM`` (2026-27) becomes PreProceedings on its episode, keyed by start date;
the yes/no of a family network meeting offered or held is kept as the file states it (Hearth
invents no date for it).

Not carried into Hearth: ``AssessmentInternalReviewDate`` (Hearth does not record it),
and the header's ``SoftwareCode``/``Release``/``SerialNo``/``DateTime``.
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from lxml import etree

from hearth.access.models import User
from hearth.care.models import PreProceedings
from hearth.casework.models import (
    Assessment,
    AssessmentFactor,
    ChildProtectionConference,
    CINEpisode,
    CINPlan,
    CPPlan,
    Section47Enquiry,
    StatedHistory,
)
from hearth.core import codes
from hearth.core.models import Authority
from hearth.people.models import Child, ChildDisability
from hearth.returns.importers.common import (
    ImportFailed,
    ImportResult,
    Issue,
    Preloaded,
    Reader,
    bulk_inserts,
    identity_conflicts,
    insert,
    shown,
    split_queries,
)
from hearth.returns.importers.common import upsert as _upsert

ISO = "%Y-%m-%d"
IDENTITY_COLUMNS = {"date_of_birth": "PersonBirthDate", "sex": "Sex"}
GENDER_CURRENT = {"1": "M", "2": "F", "0": "U", "9": "U"}

ALLOWED: dict[str, set[str]] = {
    "Message": {"Header", "Children"},
    "Header": {"CollectionDetails", "Source"},
    "CollectionDetails": {"Collection", "Year", "ReferenceDate"},
    "Source": {"SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime"},
    "Children": {"Child"},
    "Child": {"ChildIdentifiers", "ChildCharacteristics", "CINdetails"},
    "ChildIdentifiers": {
        "LAchildID",
        "UPN",
        "FormerUPN",
        "UPNunknown",
        "PersonBirthDate",
        "ExpectedPersonBirthDate",
        "GenderCurrent",
        "Sex",
        "PersonDeathDate",
    },
    "ChildCharacteristics": {"Ethnicity", "Disabilities"},
    "Disabilities": {"Disability"},
    "CINdetails": {
        "CINreferralDate",
        "ReferralSource",
        "PrimaryNeedCode",
        "CINclosureDate",
        "ReasonForClosure",
        "DateOfInitialCPC",
        "Assessments",
        "CINPlanDates",
        "Section47",
        "ReferralNFA",
        "ChildProtectionPlans",
        "PreProceedingsandFGDM",  # from 2026-27
    },
    "PreProceedingsandFGDM": {
        "PPStartDate",
        "LBPSentDate",
        "FGDMMeetingOffer",
        "FGDMMeetingFac",
        "InitialPPMeetingDate",
        "ReviewMeetingsCount",
        "StepDecisionDate",
        "PPOutcome",
        "CourtAppDate",
        "LetterInitCPDate",
    },
    "Assessments": {
        "AssessmentActualStartDate",
        "AssessmentInternalReviewDate",
        "AssessmentAuthorisationDate",
        "FactorsIdentifiedAtAssessment",
    },
    "FactorsIdentifiedAtAssessment": {"AssessmentFactors"},
    "CINPlanDates": {"CINPlanStartDate", "CINPlanEndDate"},
    "Section47": {"S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"},
    "ChildProtectionPlans": {
        "CPPstartDate",
        "CPPendDate",
        "InitialCategoryOfAbuse",
        "LatestCategoryOfAbuse",
        "NumberOfPreviousCPP",
        "Reviews",
    },
    "Reviews": {"CPPreviewDate"},
}
"""Each element's children in DfE's CIN census schema."""


@dataclass
class S47:
    line: int
    start: object
    target: object
    icpc: object
    not_required: bool


@dataclass
class Plan:
    line: int
    start: object
    end: object
    initial: str
    latest: str
    reviews: list = field(default_factory=list)
    previous: int | None = None


@dataclass
class AssessmentRow:
    line: int
    start: object
    authorised: object
    factors: list[str]


@dataclass
class PreProceedingsRow:
    line: int
    values: dict  # PreProceedings field -> value (None: the file says nothing)


@dataclass
class Episode:
    line: int
    referral: object
    source: str
    need: str
    closure: object
    reason: str
    icpc: object
    nfa: bool
    assessments: list[AssessmentRow] = field(default_factory=list)
    plans: list[tuple] = field(default_factory=list)  # (line, start, end)
    s47s: list[S47] = field(default_factory=list)
    cp_plans: list[Plan] = field(default_factory=list)
    pre_proceedings: list[PreProceedingsRow] = field(default_factory=list)


@dataclass
class ChildRow:
    line: int
    la_child_id: str
    values: dict
    disabilities: list[str]
    episodes: list[Episode]


def _local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


class _CINReader(Reader):
    def text(self, el, tag: str) -> tuple[str, int]:
        found = [c for c in el if _local(c.tag) == tag]
        if len(found) > 1 and tag not in ("Disability", "AssessmentFactors", "CPPreviewDate"):
            self.problem(found[1].sourceline, tag, f"{tag} appears more than once")
        if not found:
            return "", el.sourceline
        return (found[0].text or "").strip(), found[0].sourceline

    def coded(self, el, tag: str, choices, *, blank=True) -> str:
        value, line = self.text(el, tag)
        return self.code(value, choices, line, tag, blank=blank)

    def d(self, el, tag: str):
        value, line = self.text(el, tag)
        return self.date(value, line, tag, ISO)

    def structure(self, el) -> None:
        allowed = ALLOWED.get(_local(el.tag))
        if allowed is None:
            return
        for child in el:
            if not isinstance(child.tag, str):
                continue
            name = _local(child.tag)
            if name not in allowed:
                self.problem(child.sourceline, name, f"unexpected element in {_local(el.tag)}")
            else:
                self.structure(child)


def read_cin(path: str | Path) -> tuple[dict, list[ChildRow], list[Issue]]:
    path = Path(path)
    r = _CINReader(path.name)
    try:
        data = path.read_bytes()
        root = etree.fromstring(
            data, etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        )
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else None
        r.problem(line, "", f"not well-formed XML: {exc.msg}")
        return {}, [], r.issues
    except OSError as exc:
        r.problem(None, "", f"cannot read the file: {exc}")
        return {}, [], r.issues
    if _local(root.tag) != "Message":
        r.problem(root.sourceline, _local(root.tag), "the root element must be Message")
        return {}, [], r.issues
    r.structure(root)
    header = {}
    details = root.find("Header/CollectionDetails")
    source = root.find("Header/Source")
    if details is None or source is None:
        r.problem(root.sourceline, "Header", "Header/CollectionDetails and Header/Source needed")
    else:
        collection, line = r.text(details, "Collection")
        if collection != "CIN":
            r.problem(line, "Collection", f"{shown(collection)} is not a CIN census")
        header["year"], _ = r.text(details, "Year")
        header["reference"] = r.d(details, "ReferenceDate")
        lea, line = r.text(source, "LEA")
        header["lea"] = lea
        authority = Authority.objects.first()
        if (
            authority
            and lea
            and lea.isdigit()
            and (len(lea) > 3 or int(lea) != authority.dfe_number)
        ):
            r.problem(
                line,
                "LEA",
                f"the file is LA {shown(lea)}'s; Hearth serves LA {authority.dfe_number}",
            )
    children: list[ChildRow] = []
    seen: dict[str, int] = {}
    for el in root.iterfind("Children/Child"):
        ids = el.find("ChildIdentifiers")
        chars = el.find("ChildCharacteristics")
        if ids is None:
            r.problem(el.sourceline, "ChildIdentifiers", "missing")
            continue
        la_id, line = r.text(ids, "LAchildID")
        la_id = r.plain(la_id, line, "LAchildID") if la_id else la_id
        if not la_id:
            r.problem(line, "LAchildID", "is required")
        elif len(la_id) > 20:
            r.problem(line, "LAchildID", "is longer than 20 characters")
        elif la_id in seen:
            r.problem(line, "LAchildID", f"{shown(la_id)} also on line {seen[la_id]} (duplicate)")
        seen.setdefault(la_id, line)
        sex, sex_line = r.text(ids, "Sex")
        if sex:
            sex = r.code(sex, codes.Sex, sex_line, "Sex")
        else:
            gender, g_line = r.text(ids, "GenderCurrent")
            if gender not in GENDER_CURRENT:
                r.problem(g_line, "GenderCurrent" if gender else "Sex", "is required or invalid")
            sex = GENDER_CURRENT.get(gender, "U")
        values = {
            "upn": r.upn(*r.text(ids, "UPN"), "UPN"),
            "former_upn": r.upn(*r.text(ids, "FormerUPN"), "FormerUPN"),
            "upn_unknown_reason": r.coded(ids, "UPNunknown", codes.UPNUnknownReason),
            "date_of_birth": r.d(ids, "PersonBirthDate"),
            "expected_date_of_birth": r.d(ids, "ExpectedPersonBirthDate"),
            "sex": sex,
            "date_of_death": r.d(ids, "PersonDeathDate"),
            "ethnicity": "",
        }
        if not values["date_of_birth"] and not values["expected_date_of_birth"]:
            r.problem(ids.sourceline, "PersonBirthDate", "a birth or expected birth date is needed")
        disabilities = []
        if chars is None:
            r.problem(el.sourceline, "ChildCharacteristics", "missing")
        else:
            eth, line = r.text(chars, "Ethnicity")
            values["ethnicity"] = r.code(eth, codes.Ethnicity, line, "Ethnicity", blank=False)
            for dis in chars.iterfind("Disabilities/Disability"):
                code = r.code(dis.text, codes.Disability, dis.sourceline, "Disability")
                if code and code != codes.Disability.NONE and code not in disabilities:
                    disabilities.append(code)
        episodes = [_episode(r, cd) for cd in el.iterfind("CINdetails")]
        starts = [e.referral for e in episodes if e.referral]
        for e in episodes:
            if e.referral and starts.count(e.referral) > 1:
                r.problem(e.line, "CINreferralDate", f"two episodes start on {e.referral}")
                break
        if sum(1 for e in episodes if e.closure is None) > 1:
            r.problem(el.sourceline, "CINclosureDate", "more than one open CIN episode")
        children.append(ChildRow(el.sourceline, la_id, values, disabilities, episodes))
    return header, children, r.issues


def _episode(r: _CINReader, cd) -> Episode:
    ep = Episode(
        line=cd.sourceline,
        referral=r.d(cd, "CINreferralDate"),
        source=r.coded(cd, "ReferralSource", codes.ReferralSource, blank=False),
        need=r.coded(cd, "PrimaryNeedCode", codes.PrimaryNeed),
        closure=r.d(cd, "CINclosureDate"),
        reason=r.coded(cd, "ReasonForClosure", codes.CINClosureReason),
        icpc=r.d(cd, "DateOfInitialCPC"),
        nfa=bool(r.flag(*r.text(cd, "ReferralNFA"), "ReferralNFA")),
    )
    if ep.referral is None:
        r.problem(cd.sourceline, "CINreferralDate", "is required")
    if ep.closure and ep.referral and ep.closure < ep.referral:
        r.problem(cd.sourceline, "CINclosureDate", "is before the referral date")
    if ep.closure and not ep.reason:
        r.problem(cd.sourceline, "ReasonForClosure", "is required when the episode closed")
    keys = set()
    for a in cd.iterfind("Assessments"):
        row = AssessmentRow(
            a.sourceline,
            r.d(a, "AssessmentActualStartDate"),
            r.d(a, "AssessmentAuthorisationDate"),
            [
                r.code(f.text, codes.AssessmentFactor, f.sourceline, "AssessmentFactors")
                for f in a.iterfind("FactorsIdentifiedAtAssessment/AssessmentFactors")
            ],
        )
        if row.start is None:
            r.problem(a.sourceline, "AssessmentActualStartDate", "is required")
        elif ("a", row.start) in keys:
            r.problem(a.sourceline, "AssessmentActualStartDate", "duplicate assessment")
        if row.authorised and row.start and row.authorised < row.start:
            r.problem(a.sourceline, "AssessmentAuthorisationDate", "is before the start")
        keys.add(("a", row.start))
        ep.assessments.append(row)
    for p in cd.iterfind("CINPlanDates"):
        start, end = r.d(p, "CINPlanStartDate"), r.d(p, "CINPlanEndDate")
        if start is None:
            r.problem(p.sourceline, "CINPlanStartDate", "is required")
        elif ("p", start) in keys:
            r.problem(p.sourceline, "CINPlanStartDate", "duplicate CIN plan")
        if start and end and end < start:
            r.problem(p.sourceline, "CINPlanEndDate", "is before the start")
        keys.add(("p", start))
        ep.plans.append((p.sourceline, start, end))
    for s in cd.iterfind("Section47"):
        row = S47(
            s.sourceline,
            r.d(s, "S47ActualStartDate"),
            r.d(s, "InitialCPCtarget"),
            r.d(s, "DateOfInitialCPC"),
            bool(r.flag(*r.text(s, "ICPCnotRequired"), "ICPCnotRequired")),
        )
        if row.start is None:
            r.problem(s.sourceline, "S47ActualStartDate", "is required")
        elif ("s", row.start) in keys:
            r.problem(s.sourceline, "S47ActualStartDate", "duplicate section 47 enquiry")
        keys.add(("s", row.start))
        ep.s47s.append(row)
    for c in cd.iterfind("ChildProtectionPlans"):
        initial, i_line = r.text(c, "InitialCategoryOfAbuse")
        latest, l_line = r.text(c, "LatestCategoryOfAbuse")
        plan = Plan(
            c.sourceline,
            r.d(c, "CPPstartDate"),
            r.d(c, "CPPendDate"),
            r.code(initial, codes.CategoryOfAbuse, i_line, "InitialCategoryOfAbuse", blank=False),
            r.code(latest, codes.CategoryOfAbuse, l_line, "LatestCategoryOfAbuse", blank=False),
            [
                r.date(v.text, v.sourceline, "CPPreviewDate", ISO)
                for v in c.iterfind("Reviews/CPPreviewDate")
            ],
        )
        plan.previous = r.integer(*r.text(c, "NumberOfPreviousCPP"), "NumberOfPreviousCPP")
        if plan.start is None:
            r.problem(c.sourceline, "CPPstartDate", "is required")
        elif ("c", plan.start) in keys:
            r.problem(c.sourceline, "CPPstartDate", "duplicate child protection plan")
        if plan.start and plan.end and plan.end < plan.start:
            r.problem(c.sourceline, "CPPendDate", "is before the start")
        keys.add(("c", plan.start))
        ep.cp_plans.append(plan)
    for pp in cd.iterfind("PreProceedingsandFGDM"):
        row = _pre_proceedings(r, pp)
        start = row.values["start_date"]
        if start is not None and ("pp", start) in keys:
            r.problem(pp.sourceline, "PPStartDate", "duplicate pre-proceedings")
        keys.add(("pp", start))
        ep.pre_proceedings.append(row)
    return ep


# (earlier field, later field, column of the later, the problem in plain words)
PRE_PROCEEDINGS_ORDER = [
    ("start_date", "letter_date", "LBPSentDate", "the letter is before pre-proceedings began"),
    (
        "start_date",
        "first_meeting_date",
        "InitialPPMeetingDate",
        "the first meeting is before pre-proceedings began",
    ),
    ("start_date", "decision_date", "StepDecisionDate", "the decision is before pre-proceedings"),
    (
        "decision_date",
        "court_application_date",
        "CourtAppDate",
        "the application to court is before the decision to apply",
    ),
    (
        "court_application_date",
        "letter_of_issue_date",
        "LetterInitCPDate",
        "the letter that proceedings began is before the application to court",
    ),
]


def _pre_proceedings(r: _CINReader, el) -> PreProceedingsRow:
    values = {
        "start_date": r.d(el, "PPStartDate"),
        "letter_date": r.d(el, "LBPSentDate"),
        "fgdm_offered_stated": r.flag(*r.text(el, "FGDMMeetingOffer"), "FGDMMeetingOffer"),
        "fgdm_held_stated": r.flag(*r.text(el, "FGDMMeetingFac"), "FGDMMeetingFac"),
        "first_meeting_date": r.d(el, "InitialPPMeetingDate"),
        "review_meetings": r.integer(*r.text(el, "ReviewMeetingsCount"), "ReviewMeetingsCount"),
        "decision_date": r.d(el, "StepDecisionDate"),
        "outcome": r.coded(el, "PPOutcome", PreProceedings.Outcome),
        "court_application_date": r.d(el, "CourtAppDate"),
        "letter_of_issue_date": r.d(el, "LetterInitCPDate"),
    }
    if values["start_date"] is None:
        r.problem(el.sourceline, "PPStartDate", "is required")
    for earlier, later, column, message in PRE_PROCEEDINGS_ORDER:
        if values[earlier] and values[later] and values[later] < values[earlier]:
            r.problem(el.sourceline, column, message)
    if values["fgdm_held_stated"] and values["fgdm_offered_stated"] is False:
        r.problem(el.sourceline, "FGDMMeetingFac", "a meeting was held that was not offered")
    return PreProceedingsRow(el.sourceline, values)


def child_conflicts(file: str, children: list[ChildRow]) -> list[Issue]:
    """Where the file disagrees with a child Hearth holds (date of birth, sex)."""
    return identity_conflicts(
        file=file,
        rows=[(row.line, row.la_child_id, row.values, IDENTITY_COLUMNS) for row in children],
    )


def import_cin(path: str | Path, *, acting_user: User) -> ImportResult:
    """Import one CIN census file, all or nothing (``ImportFailed`` lists the problems)."""
    started = time.perf_counter()
    path = Path(path)
    _header, children, issues = read_cin(path)
    issues, queries = split_queries(issues)  # a FormerUPN problem is a DfE query, not a refusal
    if issues:
        raise ImportFailed(issues)
    conflicts = child_conflicts(path.name, children)
    if conflicts:
        raise ImportFailed(conflicts)
    where = [None, ""]

    def write(*, bulk: bool) -> ImportResult:
        result = ImportResult()
        result.notices += [f"{q} (a query for DfE, not refused)" for q in queries]
        with transaction.atomic():
            with bulk_inserts() if bulk else contextlib.nullcontext():
                caches = _preload([row.la_child_id for row in children])
                for row in children:
                    where[:] = [row.line, "Child"]
                    _write_child(result, row, where, caches, source=path.name)
            if result.changed:
                from hearth.access import audit

                audit.record(
                    user=acting_user,
                    action="create",
                    what=f"Imported CIN census {path.name}",
                    detail={
                        "file": path.name,
                        "created": dict(result.created),
                        "updated": dict(result.updated),
                    },
                )
        return result

    try:
        try:
            result = write(bulk=True)
        except (IntegrityError, DatabaseError):
            # Written in bulk, a constraint cannot say which row broke it: nothing was kept, so
            # write record by record to find the file, row and column.
            result = write(bulk=False)
    except (IntegrityError, ValidationError, DatabaseError) as exc:
        message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        raise ImportFailed([Issue(path.name, where[0], where[1], message[:300])]) from exc
    result.seconds = time.perf_counter() - started
    return result


NATURAL_KEYS = {
    ChildDisability: ("child", "code"),
    CINEpisode: ("child", "referral_date"),
    ChildProtectionConference: ("child", "cin_episode", "kind", "date"),
    Assessment: ("child", "cin_episode", "start_date"),
    CINPlan: ("child", "cin_episode", "start_date"),
    Section47Enquiry: ("child", "cin_episode", "start_date"),
    CPPlan: ("child", "start_date"),
    PreProceedings: ("child", "cin_episode", "start_date"),
}


def _preload(la_ids: list[str]) -> dict:
    children = {
        c.la_child_id: c for c in Child.objects.filter(la_child_id__in=la_ids).order_by("pk")
    }
    caches = {
        model: Preloaded(model, fields, child__la_child_id__in=la_ids)
        for model, fields in NATURAL_KEYS.items()
    }
    caches[AssessmentFactor] = Preloaded(
        AssessmentFactor,
        ("assessment", "code"),
        assessment__child__la_child_id__in=la_ids,
        assessment__archived_at__isnull=True,
    )
    caches[StatedHistory] = Preloaded(
        StatedHistory, ("child", "fact", "about"), child__la_child_id__in=la_ids
    )
    caches[Child] = children
    return caches


def _write_child(
    result: ImportResult, row: ChildRow, where: list, caches: dict, *, source: str
) -> None:
    def upsert(result, model, key, values):
        return _upsert(result, model, key, values, cache=caches[model])

    child = caches[Child].get(row.la_child_id)
    values = dict(row.values)
    if child is None:
        child = Child(
            la_child_id=row.la_child_id, first_name="Imported", last_name=row.la_child_id, **values
        )
        insert(child)
        result.created["Child"] += 1
    else:
        if values.get("sex") == "U":
            values["sex"] = None  # the file does not know; it never erases what Hearth holds
        child = _upsert(result, Child, {"pk": child.pk}, values, cache={(("pk", child.pk),): child})
    for code in row.disabilities:
        upsert(result, ChildDisability, {"child": child, "code": code}, {})
    for ep in row.episodes:
        where[:] = [ep.line, "CINdetails"]
        episode = upsert(
            result,
            CINEpisode,
            {"child": child, "referral_date": ep.referral},
            {
                "referral_source": ep.source,
                "primary_need": ep.need,
                "closure_date": ep.closure,
                "closure_reason": ep.reason,
                "referral_nfa": ep.nfa,
            },
        )
        if ep.icpc:
            upsert(
                result,
                ChildProtectionConference,
                {"child": child, "cin_episode": episode, "kind": "initial", "date": ep.icpc},
                {},
            )
        for a in ep.assessments:
            where[:] = [a.line, "Assessments"]
            assessment = upsert(
                result,
                Assessment,
                {"child": child, "cin_episode": episode, "start_date": a.start},
                {"authorised_date": a.authorised, "completed_date": a.authorised},
            )
            for code in a.factors:
                if code:
                    upsert(result, AssessmentFactor, {"assessment": assessment, "code": code}, {})
        for line, start, end in ep.plans:
            where[:] = [line, "CINPlanDates"]
            upsert(
                result,
                CINPlan,
                {"child": child, "cin_episode": episode, "start_date": start},
                {"end_date": end},
            )
        for s in ep.s47s:
            where[:] = [s.line, "Section47"]
            enquiry = upsert(
                result,
                Section47Enquiry,
                {"child": child, "cin_episode": episode, "start_date": s.start},
                {"icpc_target_date": s.target, "icpc_not_required": s.not_required},
            )
            if s.icpc:
                upsert(
                    result,
                    ChildProtectionConference,
                    {"child": child, "cin_episode": episode, "kind": "initial", "date": s.icpc},
                    {"section47": enquiry},
                )
        for p in ep.cp_plans:
            where[:] = [p.line, "ChildProtectionPlans"]
            plan = upsert(
                result,
                CPPlan,
                {"child": child, "start_date": p.start},
                {
                    "cin_episode": episode,
                    "end_date": p.end,
                    "initial_category": p.initial,
                    "latest_category": p.latest,
                },
            )
            if p.previous:
                where[:] = [p.line, "NumberOfPreviousCPP"]
                upsert(
                    result,
                    StatedHistory,
                    {
                        "child": child,
                        "fact": StatedHistory.Fact.PREVIOUS_CP_PLANS,
                        "about": p.start,
                    },
                    {"value": str(p.previous), "source_file": source},
                )
            for day in p.reviews:
                if day:
                    upsert(
                        result,
                        ChildProtectionConference,
                        {"child": child, "cin_episode": episode, "kind": "review", "date": day},
                        {"cp_plan": plan},
                    )
        for pp in ep.pre_proceedings:
            where[:] = [pp.line, "PreProceedingsandFGDM"]
            values = dict(pp.values)
            start = values.pop("start_date")
            upsert(
                result,
                PreProceedings,
                {"child": child, "cin_episode": episode, "start_date": start},
                values,
            )
