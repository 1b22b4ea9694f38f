"""Every SSD table and field, mapped from Hearth's records or listed as not held, with why.

``MAPPING[table]`` says, for each field of the SSD table (``hearth.ssd.spec``), either where its
value comes from in Hearth (``mapped``) or why Hearth does not hold it (``not_held``); its
``rows`` function yields one dict per row with exactly the mapped fields. A test checks every
field of the spec is in exactly one of the two, and ``docs/ssd.md``'s coverage table is
:func:`coverage_markdown`.

Scope follows the statutory returns (``hearth.returns``): every live record (``archived_at``
empty) of every child, restricted children included — this is the authority's own statutory
extract, not a view through one user's access. Person IDs are the LA child ID (``la_child_id``),
as in the CIN census and SSDA903; the other IDs are Hearth's record IDs. Rules that exist
elsewhere are called, not restated: SSDA903 episodes (``hearth.care.episodes``), care leavers
(``hearth.care.selectors.care_leavers``), caseloads (``hearth.workforce.selectors``), placement
distance (``hearth.core.geo``).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from hearth.care import episodes as care_episodes
from hearth.care import models as care
from hearth.care.selectors import care_leavers
from hearth.casework import clocks
from hearth.casework import models as cw
from hearth.core import codes, geo
from hearth.core.models import live as _live
from hearth.people import models as people
from hearth.ssd.spec import ssd_table
from hearth.workforce import models as wf
from hearth.workforce.selectors import caseloads_on

Row = dict[str, object]


@dataclass
class Context:
    """What every table's rows need: the day of the extract and each child's SSD person ID."""

    as_of: dt.date
    person_ids: dict[int, str] = field(default_factory=dict)

    @classmethod
    def build(cls, *, as_of: dt.date) -> Context:
        ids = dict(_live(people.Child.objects.all()).values_list("pk", "la_child_id"))
        return cls(as_of=as_of, person_ids=ids)

    def person(self, child_id: int) -> str | None:
        return self.person_ids.get(child_id)


@dataclass(frozen=True)
class TableMap:
    mapped: dict[str, str]
    """SSD field -> where its value comes from in Hearth."""
    not_held: dict[str, str]
    """SSD field -> why Hearth does not hold it."""
    rows: Callable[[Context], Iterable[Row]] | None = None
    """Rows with exactly the mapped fields; None when the whole table is not held."""


def _of_live_children(qs, ctx: Context):
    """Records whose child is exported (a live child); values rows keep ``child_id``."""
    return (r for r in qs if r["child_id"] in ctx.person_ids)


def _open_on(spans: list[tuple[dt.date, dt.date | None, object]], day: dt.date):
    """The value of the latest span (start, end, value) open on ``day``."""
    best = None
    for start, end, value in spans:
        if start <= day and (end is None or end >= day) and (best is None or start >= best[0]):
            best = (start, value)
    return best[1] if best else None


WORKER_NOT_ON_RECORD = (
    "Hearth does not record a completing worker or team on this record; the child's allocated "
    "workers and teams over time are in ssd_involvements"
)
OUTCOME_FLAGS_NOT_HELD = (
    "Hearth records what happened next as records of their own (plans, enquiries, care), not "
    "as the SSD's set of outcome flags"
)
EDUCATION_SYSTEM = (
    "SEND and education, health and care plans are held by the authority's education (SEND) "
    "system, not in children's social care records; the SSD's SEN2 tables come from there"
)


def _whole_table_not_held(table: str, reason: str) -> TableMap:
    return TableMap(mapped={}, not_held=dict.fromkeys(ssd_table(table).field_names, reason))


# --- People ------------------------------------------------------------------------------------


def _person_rows(ctx: Context) -> Iterator[Row]:
    mothers = set(
        _live(
            people.FamilyMember.objects.filter(
                relationship=people.FamilyMember.Relationship.MOTHER, related_child__isnull=False
            )
        ).values_list("related_child_id", flat=True)
    )
    for c in (
        _live(people.Child.objects.all())
        .order_by("pk")
        .values(
            "pk",
            "la_child_id",
            "first_name",
            "last_name",
            "sex",
            "ethnicity",
            "date_of_birth",
            "nhs_number",
            "upn_unknown_reason",
            "expected_date_of_birth",
            "date_of_death",
        )
    ):
        yield {
            "pers_person_id": c["la_child_id"],
            "pers_forename": c["first_name"],
            "pers_surname": c["last_name"],
            "pers_sex": c["sex"],
            "pers_ethnicity": c["ethnicity"],
            "pers_dob": c["date_of_birth"],
            "pers_common_child_id": c["nhs_number"],
            "pers_legacy_id": str(c["pk"]),
            "pers_upn_unknown": c["upn_unknown_reason"],
            "pers_expected_dob": c["expected_date_of_birth"],
            "pers_death_date": c["date_of_death"],
            "pers_is_mother": c["pk"] in mothers,
        }


def _address_rows(ctx: Context) -> Iterator[Row]:
    qs = (
        _live(people.Address.objects.all())
        .order_by("pk")
        .values("pk", "child_id", "line1", "town", "postcode", "start_date", "end_date")
    )
    for a in _of_live_children(qs, ctx):
        address = dict.fromkeys(
            ("ROOM", "FLOOR", "FLAT", "BUILDING", "HOUSE", "STREET", "TOWN", "UPRN"), ""
        )
        address.update(STREET=a["line1"], TOWN=a["town"], EASTING="", NORTHING="")
        yield {
            "addr_table_id": str(a["pk"]),
            "addr_address_json": json.dumps(address),
            "addr_person_id": ctx.person(a["child_id"]),
            "addr_address_start_date": a["start_date"],
            "addr_address_end_date": a["end_date"],
            "addr_address_postcode": a["postcode"],
        }


def _disability_rows(ctx: Context) -> Iterator[Row]:
    qs = people.ChildDisability.objects.order_by("pk").values("pk", "child_id", "code")
    for d in _of_live_children(qs, ctx):
        yield {
            "disa_person_id": ctx.person(d["child_id"]),
            "disa_table_id": str(d["pk"]),
            "disa_disability_code": d["code"],
        }


def _immigration_rows(ctx: Context) -> Iterator[Row]:
    qs = (
        _live(people.Child.objects.filter(uasc_from__isnull=False))
        .order_by("pk")
        .values("pk", "la_child_id", "uasc_from", "uasc_until")
    )
    for c in qs:
        yield {
            "immi_person_id": c["la_child_id"],
            "immi_immigration_status_id": str(c["pk"]),
            "immi_immigration_status": "UASC",
            "immi_immigration_status_start_date": c["uasc_from"],
            "immi_immigration_status_end_date": c["uasc_until"],
        }


IDENTIFIERS = (
    ("upn", "Unique Pupil Number"),
    ("former_upn", "Former Unique Pupil Number"),
    ("nhs_number", "NHS Number"),
)


def _linked_identifier_rows(ctx: Context) -> Iterator[Row]:
    qs = (
        _live(people.Child.objects.all())
        .order_by("pk")
        .values("pk", "la_child_id", *(f for f, _ in IDENTIFIERS))
    )
    for c in qs:
        for attr, kind in IDENTIFIERS:
            if c[attr]:
                yield {
                    "link_table_id": f"{c['pk']}-{attr}",
                    "link_person_id": c["la_child_id"],
                    "link_identifier_type": kind,
                    "link_identifier_value": c[attr],
                }


def _mother_rows(ctx: Context) -> Iterator[Row]:
    qs = (
        _live(
            people.FamilyMember.objects.filter(
                relationship=people.FamilyMember.Relationship.MOTHER, related_child__isnull=False
            )
        )
        .order_by("pk")
        .values("pk", "child_id", "related_child_id", "child__date_of_birth")
    )
    for m in _of_live_children(qs, ctx):
        if m["related_child_id"] not in ctx.person_ids:
            continue
        yield {
            "moth_table_id": str(m["pk"]),
            "moth_person_id": ctx.person(m["related_child_id"]),
            "moth_childs_person_id": ctx.person(m["child_id"]),
            "moth_childs_dob": m["child__date_of_birth"],
        }


# --- Workforce ---------------------------------------------------------------------------------


def _department_rows(ctx: Context) -> Iterator[Row]:
    for t in wf.Team.objects.order_by("pk").values("pk", "name"):
        yield {"dept_team_id": str(t["pk"]), "dept_team_name": t["name"]}


def _last_30_september(day: dt.date) -> dt.date:
    year = day.year if (day.month, day.day) >= (9, 30) else day.year - 1
    return dt.date(year, 9, 30)


def _professional_rows(ctx: Context) -> Iterator[Row]:
    caseloads = caseloads_on(day=_last_30_september(ctx.as_of))
    roles = dict(wf.Worker.Role.choices)
    for w in wf.Worker.objects.order_by("pk").values(
        "pk",
        "staff_id",
        "first_name",
        "last_name",
        "swe_number",
        "role",
        "team__name",
        "fte",
        "employment",
    ):
        yield {
            "prof_professional_id": str(w["pk"]),
            "prof_staff_id": w["staff_id"],
            "prof_professional_name": f"{w['first_name']} {w['last_name']}",
            "prof_social_worker_registration_no": w["swe_number"],
            "prof_professional_job_title": roles[w["role"]],
            "prof_professional_caseload": caseloads.get(w["pk"], 0),
            "prof_professional_department": w["team__name"],
            "prof_full_time_equivalency": float(w["fte"]),
            "prof_agency_worker_flag": w["employment"] == wf.Worker.Employment.AGENCY,
        }


def _involvement_rows(ctx: Context) -> Iterator[Row]:
    qs = (
        _live(wf.Allocation.objects.all())
        .order_by("pk")
        .values(
            "pk", "child_id", "worker_id", "team_id", "kind", "start_date", "end_date", "reason"
        )
    )
    for a in _of_live_children(qs, ctx):
        yield {
            "invo_involvements_id": str(a["pk"]),
            "invo_professional_id": str(a["worker_id"]),
            "invo_professional_role_id": a["kind"],
            "invo_professional_team": str(a["team_id"]),
            "invo_involvement_start_date": a["start_date"],
            "invo_involvement_end_date": a["end_date"],
            "invo_worker_change_reason": a["reason"],
            "invo_person_id": ctx.person(a["child_id"]),
        }


# --- Front door, early help, children in need, child protection --------------------------------


CONTACT_OUTCOME_FLAGS = {
    "NEW_REFERRAL_FLAG": cw.FrontDoorDecision.Outcome.REFERRAL,
    "NFA_FLAG": cw.FrontDoorDecision.Outcome.NFA,
    "ADVICE_FLAG": cw.FrontDoorDecision.Outcome.ADVICE,
    "OTHER_OUTCOMES_EXIST_FLAG": cw.FrontDoorDecision.Outcome.EARLY_HELP,
}
"""The SSD's contact outcome flags that Hearth's one front-door decision answers (early help
counts as another outcome); flags Hearth has no decision for are left empty."""

CONTACT_OUTCOME_KEYS = (
    "NEW_REFERRAL_FLAG",
    "EXISTING_REFERRAL_FLAG",
    "CP_ENQUIRY_FLAG",
    "NFA_FLAG",
    "NON_AGENCY_ADOPTION_FLAG",
    "PRIVATE_FOSTERING_FLAG",
    "ADVICE_FLAG",
    "MISSING_FLAG",
    "OLA_CP_FLAG",
    "OTHER_OUTCOMES_EXIST_FLAG",
)


def _contact_rows(ctx: Context) -> Iterator[Row]:
    sources = dict(codes.ReferralSource.choices)
    qs = (
        _live(cw.Contact.objects.all())
        .order_by("pk")
        .values("pk", "child_id", "received_at", "source", "decision__outcome")
    )
    for c in _of_live_children(qs, ctx):
        outcome = c["decision__outcome"]
        flags = dict.fromkeys(CONTACT_OUTCOME_KEYS, "")
        if outcome:
            for key, value in CONTACT_OUTCOME_FLAGS.items():
                flags[key] = "Y" if outcome == value else "N"
        flags["NUMBER_OF_OUTCOMES"] = 1 if outcome else 0
        flags["COMMENTS"] = ""
        yield {
            "cont_contact_id": str(c["pk"]),
            "cont_person_id": ctx.person(c["child_id"]),
            "cont_contact_date": c["received_at"],
            "cont_contact_source_code": c["source"],
            "cont_contact_source_desc": sources.get(c["source"], ""),
            "cont_contact_outcome_json": json.dumps(flags),
        }


def _early_help_rows(ctx: Context) -> Iterator[Row]:
    agencies = dict(cw.EarlyHelpEpisode.Agency.choices)
    reasons = dict(cw.EarlyHelpEpisode.EndReason.choices)
    qs = (
        _live(cw.EarlyHelpEpisode.objects.all())
        .order_by("pk")
        .values("pk", "child_id", "start_date", "end_date", "end_reason", "lead_agency")
    )
    for e in _of_live_children(qs, ctx):
        yield {
            "earl_episode_id": str(e["pk"]),
            "earl_person_id": ctx.person(e["child_id"]),
            "earl_episode_start_date": e["start_date"],
            "earl_episode_end_date": e["end_date"],
            "earl_episode_end_reason": reasons.get(e["end_reason"], ""),
            "earl_episode_organisation": agencies.get(e["lead_agency"], ""),
        }


def _cin_episode_rows(ctx: Context) -> Iterator[Row]:
    sources = dict(codes.ReferralSource.choices)
    qs = (
        _live(cw.CINEpisode.objects.all())
        .order_by("pk")
        .values(
            "pk",
            "child_id",
            "referral_date",
            "primary_need",
            "referral_source",
            "referral_nfa",
            "closure_reason",
            "closure_date",
        )
    )
    for e in _of_live_children(qs, ctx):
        yield {
            "cine_referral_id": str(e["pk"]),
            "cine_person_id": ctx.person(e["child_id"]),
            "cine_referral_date": e["referral_date"],
            "cine_cin_primary_need_code": e["primary_need"],
            "cine_referral_source_code": e["referral_source"],
            "cine_referral_source_desc": sources.get(e["referral_source"], ""),
            "cine_referral_nfa": e["referral_nfa"],
            "cine_close_reason": e["closure_reason"],
            "cine_close_date": e["closure_date"],
        }


def _assessment_rows(ctx: Context) -> Iterator[Row]:
    qs = (
        _live(cw.Assessment.objects.all())
        .order_by("pk")
        .values(
            "pk",
            "child_id",
            "cin_episode_id",
            "start_date",
            "child_seen",
            "authorised_date",
            "requires_support",
        )
    )
    for a in _of_live_children(qs, ctx):
        nfa = None
        if a["authorised_date"] and a["requires_support"] is not None:
            nfa = not a["requires_support"]
        yield {
            "cina_assessment_id": str(a["pk"]),
            "cina_person_id": ctx.person(a["child_id"]),
            "cina_referral_id": str(a["cin_episode_id"]),
            "cina_assessment_start_date": a["start_date"],
            "cina_assessment_child_seen": a["child_seen"],
            "cina_assessment_auth_date": a["authorised_date"],
            "cina_assessment_outcome_nfa": nfa,
        }


def _assessment_factor_rows(ctx: Context) -> Iterator[Row]:
    factors: dict[int, list[str]] = defaultdict(list)
    child_of: dict[int, int] = {}
    for assessment_id, child_id, code in (
        cw.AssessmentFactor.objects.filter(assessment__archived_at__isnull=True)
        .order_by("assessment_id", "code")
        .values_list("assessment_id", "assessment__child_id", "code")
    ):
        factors[assessment_id].append(code)
        child_of[assessment_id] = child_id
    for assessment_id, codes_ in factors.items():
        if child_of[assessment_id] in ctx.person_ids:
            yield {
                "cinf_table_id": str(assessment_id),
                "cinf_assessment_id": str(assessment_id),
                "cinf_assessment_factors_json": json.dumps(codes_),
            }


def _cin_plan_rows(ctx: Context) -> Iterator[Row]:
    qs = (
        _live(cw.CINPlan.objects.all())
        .order_by("pk")
        .values("pk", "child_id", "cin_episode_id", "start_date", "end_date")
    )
    for p in _of_live_children(qs, ctx):
        yield {
            "cinp_cin_plan_id": str(p["pk"]),
            "cinp_referral_id": str(p["cin_episode_id"]),
            "cinp_person_id": ctx.person(p["child_id"]),
            "cinp_cin_plan_start_date": p["start_date"],
            "cinp_cin_plan_end_date": p["end_date"],
        }


def _visits(ctx: Context, kind: str):
    qs = (
        _live(cw.Visit.objects.filter(kind=kind))
        .order_by("pk")
        .values("pk", "child_id", "date", "child_seen", "seen_alone")
    )
    return _of_live_children(qs, ctx)


def _cin_visit_rows(ctx: Context) -> Iterator[Row]:
    for v in _visits(ctx, cw.Visit.Kind.CIN):
        yield {
            "cinv_cin_visit_id": str(v["pk"]),
            "cinv_person_id": ctx.person(v["child_id"]),
            "cinv_cin_visit_date": v["date"],
            "cinv_cin_visit_seen": v["child_seen"],
            "cinv_cin_visit_seen_alone": v["seen_alone"],
        }


def _s47_rows(ctx: Context) -> Iterator[Row]:
    qs = (
        _live(cw.Section47Enquiry.objects.all())
        .order_by("pk")
        .values("pk", "child_id", "cin_episode_id", "start_date", "end_date")
    )
    for s in _of_live_children(qs, ctx):
        yield {
            "s47e_s47_enquiry_id": str(s["pk"]),
            "s47e_referral_id": str(s["cin_episode_id"]),
            "s47e_person_id": ctx.person(s["child_id"]),
            "s47e_s47_start_date": s["start_date"],
            "s47e_s47_end_date": s["end_date"],
        }


INITIAL_KINDS = (
    cw.ChildProtectionConference.Kind.INITIAL,
    cw.ChildProtectionConference.Kind.TRANSFER_IN,
)


def _icpc_rows(ctx: Context) -> Iterator[Row]:
    qs = (
        _live(cw.ChildProtectionConference.objects.filter(kind__in=INITIAL_KINDS))
        .order_by("pk")
        .values(
            "pk",
            "child_id",
            "cin_episode_id",
            "section47_id",
            "section47__icpc_target_date",
            "cp_plan_id",
            "kind",
            "date",
            "plan_required",
        )
    )
    for c in _of_live_children(qs, ctx):
        yield {
            "icpc_icpc_id": str(c["pk"]),
            "icpc_icpc_meeting_id": str(c["pk"]),
            "icpc_s47_enquiry_id": str(c["section47_id"] or "") or None,
            "icpc_person_id": ctx.person(c["child_id"]),
            "icpc_cp_plan_id": str(c["cp_plan_id"] or "") or None,
            "icpc_referral_id": str(c["cin_episode_id"]),
            "icpc_icpc_transfer_in": c["kind"] == cw.ChildProtectionConference.Kind.TRANSFER_IN,
            "icpc_icpc_target_date": c["section47__icpc_target_date"],
            "icpc_icpc_date": c["date"],
            "icpc_icpc_outcome_cp_flag": c["plan_required"],
        }


def _cp_plan_rows(ctx: Context) -> Iterator[Row]:
    initial = {}
    for plan_id, conf_id in (
        _live(
            cw.ChildProtectionConference.objects.filter(
                kind__in=INITIAL_KINDS, cp_plan__isnull=False
            )
        )
        .order_by("-date", "-pk")
        .values_list("cp_plan_id", "pk")
    ):
        initial[plan_id] = conf_id  # the earliest wins
    qs = (
        _live(cw.CPPlan.objects.all())
        .order_by("pk")
        .values(
            "pk",
            "child_id",
            "cin_episode_id",
            "start_date",
            "end_date",
            "initial_category",
            "latest_category",
        )
    )
    for p in _of_live_children(qs, ctx):
        icpc = initial.get(p["pk"])
        yield {
            "cppl_cp_plan_id": str(p["pk"]),
            "cppl_referral_id": str(p["cin_episode_id"]),
            "cppl_icpc_id": str(icpc) if icpc else None,
            "cppl_person_id": ctx.person(p["child_id"]),
            "cppl_cp_plan_start_date": p["start_date"],
            "cppl_cp_plan_end_date": p["end_date"],
            "cppl_cp_plan_initial_category": p["initial_category"],
            "cppl_cp_plan_latest_category": p["latest_category"],
        }


def _cp_review_rows(ctx: Context) -> Iterator[Row]:
    """Each review conference with the date it was due by the review clock
    (``hearth.casework.clocks.cp_review_due``) from the plan's initial conference (or its start)
    and the reviews of the plan before it."""
    started: dict[int, dt.date] = dict(
        _live(cw.CPPlan.objects.all()).values_list("pk", "start_date")
    )
    for plan_id, day in (
        _live(
            cw.ChildProtectionConference.objects.filter(
                kind__in=INITIAL_KINDS, cp_plan__isnull=False
            )
        )
        .order_by("-date")
        .values_list("cp_plan_id", "date")
    ):
        started[plan_id] = day  # the earliest initial conference wins
    qs = (
        _live(
            cw.ChildProtectionConference.objects.filter(
                kind=cw.ChildProtectionConference.Kind.REVIEW
            )
        )
        .order_by("cp_plan_id", "date", "pk")
        .values("pk", "child_id", "cp_plan_id", "date", "plan_required")
    )
    earlier: dict[int, list[dt.date]] = defaultdict(list)
    for c in _of_live_children(qs, ctx):
        due = None
        if c["cp_plan_id"] in started:
            before = earlier[c["cp_plan_id"]]
            due = clocks.cp_review_due(started[c["cp_plan_id"]], reviews=before)
            before.append(c["date"])
        yield {
            "cppr_cp_review_id": str(c["pk"]),
            "cppr_person_id": ctx.person(c["child_id"]),
            "cppr_cp_plan_id": str(c["cp_plan_id"] or "") or None,
            "cppr_cp_review_due": due,
            "cppr_cp_review_date": c["date"],
            "cppr_cp_review_meeting_id": str(c["pk"]),
            "cppr_cp_review_outcome_continue_cp": c["plan_required"],
        }


def _cp_visit_rows(ctx: Context) -> Iterator[Row]:
    plans: dict[int, list] = defaultdict(list)
    for child_id, pk, start, end in _live(cw.CPPlan.objects.all()).values_list(
        "child_id", "pk", "start_date", "end_date"
    ):
        plans[child_id].append((start, end, pk))
    for v in _visits(ctx, cw.Visit.Kind.CP):
        plan = _open_on(plans.get(v["child_id"], []), v["date"])
        yield {
            "cppv_cp_visit_id": str(v["pk"]),
            "cppv_person_id": ctx.person(v["child_id"]),
            "cppv_cp_plan_id": str(plan) if plan else None,
            "cppv_cp_visit_date": v["date"],
            "cppv_cp_visit_seen": v["child_seen"],
            "cppv_cp_visit_seen_alone": v["seen_alone"],
        }


# --- Children looked after ---------------------------------------------------------------------


def _periods_by_child() -> dict[int, list]:
    periods: dict[int, list] = defaultdict(list)
    for child_id, pk, start, end in _live(care.PeriodOfCare.objects.all()).values_list(
        "child_id", "pk", "start_date", "end_date"
    ):
        periods[child_id].append((start, end, pk))
    return periods


def _cla_episode_rows(ctx: Context) -> Iterator[Row]:
    """SSDA903 episodes of every period of care up to the day of the extract, derived by the
    903's own ``derive_episodes``; the placement and referral are those open when each began."""
    statuses = care_episodes.group_rows(
        _live(care.LegalStatus.objects.all()).values("period_id", "code", "start_date", "end_date"),
        "period_id",
    )
    placement_rows = list(
        _live(care.Placement.objects.all()).values("pk", *care_episodes.PLACEMENT_FIELDS)
    )
    placements = care_episodes.group_rows(placement_rows, "period_id")
    placement_spells = defaultdict(list)
    for p in placement_rows:
        placement_spells[p["period_id"]].append(
            care_episodes.Spell(p["start_date"], p["end_date"], (p["pk"],))
        )
    referrals: dict[int, list] = defaultdict(list)
    for child_id, pk, start, end in _live(cw.CINEpisode.objects.all()).values_list(
        "child_id", "pk", "referral_date", "closure_date"
    ):
        referrals[child_id].append((start, end, pk))
    qs = (
        _live(care.PeriodOfCare.objects.filter(start_date__lte=ctx.as_of))
        .order_by("child_id", "start_date", "pk")
        .values(
            "id",
            "child_id",
            "start_date",
            "end_date",
            "reason_ceased",
            "category_of_need",
            "home_postcode",
        )
    )
    for p in _of_live_children(qs, ctx):
        period = care_episodes.period_from(p, statuses, placements)
        for n, e in enumerate(care_episodes.derive_episodes(period, year_end=ctx.as_of), start=1):
            placed = care_episodes._in_force(placement_spells.get(p["id"], []), e.decom, period.end)
            referral = _open_on(referrals.get(p["child_id"], []), e.decom)
            yield {
                "clae_cla_episode_id": f"{p['id']}-{n}",
                "clae_person_id": ctx.person(p["child_id"]),
                "clae_cla_episode_start_date": e.decom,
                "clae_cla_episode_start_reason": e.rne,
                "clae_cla_primary_need_code": e.cin,
                "clae_cla_episode_ceased_date": e.dec,
                "clae_cla_episode_ceased_reason": e.rec,
                "clae_cla_id": str(p["id"]),
                "clae_referral_id": str(referral) if referral else None,
                "clae_cla_placement_id": str(placed.values[0]) if placed else None,
                "clae_entered_care_date": p["start_date"],
            }


def _legal_status_rows(ctx: Context) -> Iterator[Row]:
    qs = (
        _live(care.LegalStatus.objects.all())
        .order_by("pk")
        .values("pk", "child_id", "code", "start_date", "end_date")
    )
    for s in _of_live_children(qs, ctx):
        yield {
            "lega_legal_status_id": str(s["pk"]),
            "lega_person_id": ctx.person(s["child_id"]),
            "lega_legal_status": s["code"],
            "lega_legal_status_start_date": s["start_date"],
            "lega_legal_status_end_date": s["end_date"],
        }


def _placement_rows(ctx: Context) -> Iterator[Row]:
    qs = (
        _live(care.Placement.objects.all())
        .order_by("pk")
        .values(
            "pk",
            "child_id",
            "period_id",
            "period__home_postcode",
            "place",
            "provider",
            "postcode",
            "urn",
            "start_date",
            "end_date",
            "reason_changed",
        )
    )
    for p in _of_live_children(qs, ctx):
        home, placed = p["period__home_postcode"], p["postcode"]
        distance = geo.distance_miles(home, placed) if home and placed else None
        yield {
            "clap_cla_placement_id": str(p["pk"]),
            "clap_cla_placement_start_date": p["start_date"],
            "clap_cla_placement_type": p["place"],
            "clap_cla_placement_urn": p["urn"],
            "clap_cla_placement_distance": distance,
            "clap_cla_id": str(p["period_id"]),
            "clap_cla_placement_provider": p["provider"],
            "clap_cla_placement_postcode": placed,
            "clap_cla_placement_end_date": p["end_date"],
            "clap_cla_placement_change_reason": p["reason_changed"],
            "clap_person_id": ctx.person(p["child_id"]),
        }


def _previous_permanence_rows(ctx: Context) -> Iterator[Row]:
    qs = (
        _live(care.PeriodOfCare.objects.exclude(previous_permanence=""))
        .order_by("pk")
        .values(
            "pk",
            "child_id",
            "previous_permanence",
            "previous_permanence_la",
            "previous_permanence_date",
        )
    )
    for p in _of_live_children(qs, ctx):
        yield {
            "lapp_table_id": str(p["pk"]),
            "lapp_person_id": ctx.person(p["child_id"]),
            "lapp_previous_permanence_order_date": p["previous_permanence_date"],
            "lapp_previous_permanence_option": p["previous_permanence"],
            "lapp_previous_permanence_la": p["previous_permanence_la"],
        }


def _cla_review_rows(ctx: Context) -> Iterator[Row]:
    """Each review with the date it was due by the looked-after review clock
    (``hearth.casework.clocks.lac_review_due``) given the reviews of the period before it."""
    qs = (
        _live(care.LACReview.objects.all())
        .order_by("period_id", "date", "pk")
        .values("pk", "child_id", "period_id", "period__start_date", "date", "participation")
    )
    earlier: dict[int, list[dt.date]] = defaultdict(list)
    for r in _of_live_children(qs, ctx):
        before = earlier[r["period_id"]]
        due = clocks.lac_review_due(r["period__start_date"], reviews=before)
        before.append(r["date"])
        yield {
            "clar_cla_review_id": str(r["pk"]),
            "clar_cla_id": str(r["period_id"]),
            "clar_cla_review_due_date": due,
            "clar_cla_review_date": r["date"],
            "clar_cla_review_participation": r["participation"],
        }


def _cla_visit_rows(ctx: Context) -> Iterator[Row]:
    periods = _periods_by_child()
    for v in _visits(ctx, cw.Visit.Kind.CLA):
        period = _open_on(periods.get(v["child_id"], []), v["date"])
        yield {
            "clav_cla_visit_id": str(v["pk"]),
            "clav_cla_id": str(period) if period else None,
            "clav_person_id": ctx.person(v["child_id"]),
            "clav_cla_visit_date": v["date"],
            "clav_cla_visit_seen": v["child_seen"],
            "clav_cla_visit_seen_alone": v["seen_alone"],
        }


HEALTH_CHECK_KINDS = (
    care.HealthCheck.Kind.HEALTH_ASSESSMENT,
    care.HealthCheck.Kind.DENTAL,
    care.HealthCheck.Kind.DEVELOPMENT,
)


def _health_rows(ctx: Context) -> Iterator[Row]:
    labels = dict(care.HealthCheck.Kind.choices)
    qs = (
        _live(care.HealthCheck.objects.filter(kind__in=HEALTH_CHECK_KINDS))
        .order_by("pk")
        .values("pk", "child_id", "kind", "date")
    )
    for h in _of_live_children(qs, ctx):
        yield {
            "clah_health_check_id": str(h["pk"]),
            "clah_person_id": ctx.person(h["child_id"]),
            "clah_health_check_type": labels[h["kind"]],
            "clah_health_check_date": h["date"],
        }


def _immunisation_rows(ctx: Context) -> Iterator[Row]:
    latest: dict[int, dt.date] = {}
    for child_id, day in (
        _live(care.HealthCheck.objects.filter(kind=care.HealthCheck.Kind.IMMUNISATIONS))
        .order_by("child_id", "date")
        .values_list("child_id", "date")
    ):
        latest[child_id] = day
    for child_id in sorted(latest):
        if child_id in ctx.person_ids:
            yield {
                "clai_person_id": ctx.person(child_id),
                "clai_immunisations_status": True,
                "clai_immunisations_status_date": latest[child_id],
            }


def _sdq_rows(ctx: Context) -> Iterator[Row]:
    qs = (
        _live(care.HealthCheck.objects.filter(kind=care.HealthCheck.Kind.SDQ))
        .order_by("pk")
        .values("pk", "child_id", "date", "sdq_reason", "sdq_score")
    )
    for s in _of_live_children(qs, ctx):
        yield {
            "csdq_table_id": str(s["pk"]),
            "csdq_person_id": ctx.person(s["child_id"]),
            "csdq_sdq_completed_date": s["date"],
            "csdq_sdq_reason": s["sdq_reason"],
            "csdq_sdq_score": "" if s["sdq_score"] is None else str(s["sdq_score"]),
        }


def _conviction_rows(ctx: Context) -> Iterator[Row]:
    outcomes = dict(care.Offence.Outcome.choices)
    qs = (
        _live(care.Offence.objects.all()).order_by("pk").values("pk", "child_id", "date", "outcome")
    )
    for o in _of_live_children(qs, ctx):
        yield {
            "clac_cla_conviction_id": str(o["pk"]),
            "clac_person_id": ctx.person(o["child_id"]),
            "clac_cla_conviction_date": o["date"],
            "clac_cla_conviction_offence": outcomes[o["outcome"]],
        }


def _substance_rows(ctx: Context) -> Iterator[Row]:
    qs = (
        _live(care.SubstanceMisuse.objects.all())
        .order_by("pk")
        .values("pk", "child_id", "identified_on", "intervention_received")
    )
    for s in _of_live_children(qs, ctx):
        yield {
            "clas_substance_misuse_id": str(s["pk"]),
            "clas_person_id": ctx.person(s["child_id"]),
            "clas_substance_misuse_date": s["identified_on"],
            "clas_intervention_received": s["intervention_received"],
        }


def _missing_rows(ctx: Context) -> Iterator[Row]:
    qs = (
        _live(care.MissingEpisode.objects.all())
        .order_by("pk")
        .values(
            "pk",
            "child_id",
            "kind",
            "started_at",
            "returned_at",
            "return_interview_offered_at",
            "return_interview_accepted",
        )
    )
    for m in _of_live_children(qs, ctx):
        accepted = m["return_interview_accepted"]
        yield {
            "miss_table_id": str(m["pk"]),
            "miss_person_id": ctx.person(m["child_id"]),
            "miss_missing_episode_start_date": m["started_at"],
            "miss_missing_episode_type": m["kind"],
            "miss_missing_episode_end_date": m["returned_at"],
            # Unknown is left blank, as in the returns: only a recorded offer is a "Y".
            "miss_missing_rhi_offered": "Y" if m["return_interview_offered_at"] else None,
            "miss_missing_rhi_accepted": {True: "Y", False: "N"}.get(accepted),
        }


def _permanence_rows(ctx: Context) -> Iterator[Row]:
    qs = (
        _live(care.Adoption.objects.all())
        .order_by("pk")
        .values(
            "pk",
            "child_id",
            "period_id",
            "decision_date",
            "placement_order_date",
            "placed_date",
            "match_date",
            "placed_with_foster_carers",
            "ffa_date",
            "no_longer_placed_date",
            "no_longer_reason",
            "adoption_order_date",
            "adopters_sex",
            "adopters_legal_status",
            "number_of_adopters",
        )
    )
    for a in _of_live_children(qs, ctx):
        yield {
            "perm_table_id": str(a["pk"]),
            "perm_person_id": ctx.person(a["child_id"]),
            "perm_cla_id": str(a["period_id"] or "") or None,
            "perm_adm_decision_date": a["decision_date"],
            "perm_placement_order_date": a["placement_order_date"],
            "perm_placed_for_adoption_date": a["placed_date"],
            "perm_matched_date": a["match_date"],
            "perm_adopted_by_carer_flag": a["placed_with_foster_carers"],
            "perm_placed_ffa_cp_date": a["ffa_date"],
            "perm_decision_reversed_date": a["no_longer_placed_date"],
            "perm_decision_reversed_reason": a["no_longer_reason"],
            "perm_permanence_order_date": a["adoption_order_date"],
            "perm_permanence_order_type": "Adoption order" if a["adoption_order_date"] else None,
            "perm_adopter_sex": a["adopters_sex"],
            "perm_adopter_legal_status": a["adopters_legal_status"],
            "perm_number_of_adopters": (
                str(a["number_of_adopters"]) if a["number_of_adopters"] is not None else None
            ),
        }


def _care_leaver_rows(ctx: Context) -> Iterator[Row]:
    leavers = care_leavers(day=ctx.as_of)
    contacts = {}
    for c in (
        _live(care.CareLeaverContact.objects.filter(date__lte=ctx.as_of))
        .order_by("child_id", "date", "pk")
        .values("child_id", "date", "in_touch", "activity", "accommodation")
    ):
        contacts[c["child_id"]] = c  # the latest wins
    plans = dict(
        _live(care.PathwayPlan.objects.filter(date__lte=ctx.as_of))
        .order_by("child_id", "date")
        .values_list("child_id", "date")
    )
    advisers: dict[int, list] = defaultdict(list)
    for a in (
        _live(wf.Allocation.objects.filter(kind=wf.Allocation.Kind.PERSONAL_ADVISER))
        .order_by("start_date")
        .values(
            "child_id",
            "start_date",
            "end_date",
            "worker_id",
            "worker__first_name",
            "worker__last_name",
            "team_id",
        )
    ):
        advisers[a["child_id"]].append((a["start_date"], a["end_date"], a))
    for child_id in sorted(c for c in leavers if c in ctx.person_ids):
        contact = contacts.get(child_id, {})
        accommodation = contact.get("accommodation") or ""
        suitable = codes.ACCOMMODATION_SUITABLE.get(accommodation)
        adviser = _open_on(advisers.get(child_id, []), ctx.as_of)
        yield {
            "clea_table_id": str(child_id),
            "clea_person_id": ctx.person(child_id),
            "clea_care_leaver_in_touch": contact.get("in_touch"),
            "clea_care_leaver_latest_contact": contact.get("date"),
            "clea_care_leaver_accommodation": accommodation,
            "clea_care_leaver_accom_suitable": (
                None if suitable is None else ("Suitable" if suitable else "Not suitable")
            ),
            "clea_care_leaver_activity": contact.get("activity"),
            "clea_pathway_plan_review_date": plans.get(child_id),
            "clea_care_leaver_personal_advisor": (
                f"{adviser['worker__first_name']} {adviser['worker__last_name']}"
                if adviser
                else None
            ),
            "clea_care_leaver_allocated_team": str(adviser["team_id"]) if adviser else None,
            "clea_care_leaver_worker_id": str(adviser["worker_id"]) if adviser else None,
        }


def _pre_proceedings_rows(ctx: Context) -> Iterator[Row]:
    qs = (
        _live(care.CareProceedings.objects.filter(pre_proceedings_date__isnull=False))
        .order_by("pk")
        .values("pk", "child_id", "pre_proceedings_date")
    )
    for p in _of_live_children(qs, ctx):
        yield {
            "prep_table_id": str(p["pk"]),
            "prep_person_id": ctx.person(p["child_id"]),
            "prep_initial_pre_pro_meeting_date": p["pre_proceedings_date"],
        }


PLO_TRACKER = (
    "Hearth records the PLO meeting date, the issue date and the final order of care "
    "proceedings; the PLO tracker's other details are not recorded"
)

MAPPING: dict[str, TableMap] = {
    "ssd_address": TableMap(
        rows=_address_rows,
        mapped={
            "addr_table_id": "Address record ID",
            "addr_address_json": "Address line 1 as STREET and town as TOWN; other keys empty",
            "addr_person_id": "Child's LA child ID",
            "addr_address_start_date": "Address start date",
            "addr_address_end_date": "Address end date",
            "addr_address_postcode": "Address postcode",
        },
        not_held={"addr_address_type": "Hearth keeps the child's home address history only"},
    ),
    "ssd_api_data_staging": _whole_table_not_held(
        "ssd_api_data_staging",
        "The SQL route's working table for the DfE API client (payload hashes, submission "
        "status); Hearth's own DfE feed keeps its own submission log",
    ),
    "ssd_assessment_factors": TableMap(
        rows=_assessment_factor_rows,
        mapped={
            "cinf_table_id": "Assessment record ID (one row per assessment)",
            "cinf_assessment_id": "Assessment record ID",
            "cinf_assessment_factors_json": "Assessment factor codes, as a JSON list",
        },
        not_held={},
    ),
    "ssd_care_leavers": TableMap(
        rows=_care_leaver_rows,
        mapped={
            "clea_table_id": "Child record ID (one row per care leaver)",
            "clea_person_id": "Care leavers (hearth.care.selectors.care_leavers) on the day",
            "clea_care_leaver_in_touch": "Latest care leaver contact: in touch (OC3 code)",
            "clea_care_leaver_latest_contact": "Latest care leaver contact: date",
            "clea_care_leaver_accommodation": "Latest care leaver contact: accommodation code",
            "clea_care_leaver_accom_suitable": "From the accommodation code (1 suitable, 2 not)",
            "clea_care_leaver_activity": "Latest care leaver contact: activity (OC3 code)",
            "clea_pathway_plan_review_date": "Latest pathway plan date",
            "clea_care_leaver_personal_advisor": "Personal adviser allocated on the day: name",
            "clea_care_leaver_allocated_team": "Personal adviser allocation: team ID",
            "clea_care_leaver_worker_id": "Personal adviser allocation: worker ID",
        },
        not_held={
            "clea_care_leaver_eligibility": (
                "Eligibility category (eligible, relevant, former relevant) is not recorded; "
                "Hearth derives care-leaver status from the periods of care"
            )
        },
    ),
    "ssd_cin_assessments": TableMap(
        rows=_assessment_rows,
        mapped={
            "cina_assessment_id": "Assessment record ID",
            "cina_person_id": "Child's LA child ID",
            "cina_referral_id": "CIN episode (referral) record ID",
            "cina_assessment_start_date": "Assessment start date",
            "cina_assessment_child_seen": "Child seen during the assessment (Y/N)",
            "cina_assessment_auth_date": "Assessment authorised date",
            "cina_assessment_outcome_nfa": "Authorised and not needing social care support",
        },
        not_held={
            "cina_assessment_outcome_json": OUTCOME_FLAGS_NOT_HELD,
            "cina_assessment_team": WORKER_NOT_ON_RECORD,
            "cina_assessment_worker_id": WORKER_NOT_ON_RECORD,
        },
    ),
    "ssd_cin_episodes": TableMap(
        rows=_cin_episode_rows,
        mapped={
            "cine_referral_id": "CIN episode record ID",
            "cine_person_id": "Child's LA child ID",
            "cine_referral_date": "Referral date",
            "cine_cin_primary_need_code": "Primary need code (N1-N9)",
            "cine_referral_source_code": "Referral source code",
            "cine_referral_source_desc": "Referral source label",
            "cine_referral_nfa": "Referral no further action (Y/N)",
            "cine_close_reason": "Closure reason code (RC1-RC9)",
            "cine_close_date": "Closure date",
        },
        not_held={
            "cine_referral_outcome_json": OUTCOME_FLAGS_NOT_HELD,
            "cine_referral_team": WORKER_NOT_ON_RECORD,
            "cine_referral_worker_id": WORKER_NOT_ON_RECORD,
        },
    ),
    "ssd_cin_plans": TableMap(
        rows=_cin_plan_rows,
        mapped={
            "cinp_cin_plan_id": "CIN plan record ID",
            "cinp_referral_id": "CIN episode record ID",
            "cinp_person_id": "Child's LA child ID",
            "cinp_cin_plan_start_date": "Plan start date",
            "cinp_cin_plan_end_date": "Plan end date",
        },
        not_held={
            "cinp_cin_plan_team": WORKER_NOT_ON_RECORD,
            "cinp_cin_plan_worker_id": WORKER_NOT_ON_RECORD,
        },
    ),
    "ssd_cin_visits": TableMap(
        rows=_cin_visit_rows,
        mapped={
            "cinv_cin_visit_id": "Visit record ID (child in need visits)",
            "cinv_person_id": "Child's LA child ID",
            "cinv_cin_visit_date": "Visit date",
            "cinv_cin_visit_seen": "Child seen (Y/N)",
            "cinv_cin_visit_seen_alone": "Child seen alone (Y/N)",
        },
        not_held={"cinv_cin_visit_bedroom": "Whether the bedroom was seen is not recorded"},
    ),
    "ssd_cla_care_plan": _whole_table_not_held(
        "ssd_cla_care_plan",
        "Hearth does not record the permanence plan (care plan type) as a dated item",
    ),
    "ssd_cla_convictions": TableMap(
        rows=_conviction_rows,
        mapped={
            "clac_cla_conviction_id": "Offence record ID",
            "clac_person_id": "Child's LA child ID",
            "clac_cla_conviction_date": "Date of the offence outcome",
            "clac_cla_conviction_offence": "Outcome (conviction, caution, youth caution…)",
        },
        not_held={},
    ),
    "ssd_cla_episodes": TableMap(
        rows=_cla_episode_rows,
        mapped={
            "clae_cla_episode_id": "Period of care ID and episode number",
            "clae_person_id": "Child's LA child ID",
            "clae_cla_episode_start_date": "SSDA903 DECOM (derived by the 903's own rule)",
            "clae_cla_episode_start_reason": "SSDA903 RNE",
            "clae_cla_primary_need_code": "SSDA903 CIN (category of need)",
            "clae_cla_episode_ceased_date": "SSDA903 DEC",
            "clae_cla_episode_ceased_reason": "SSDA903 REC",
            "clae_cla_id": "Period of care record ID",
            "clae_referral_id": "CIN episode open when the episode began",
            "clae_cla_placement_id": "Placement in force when the episode began",
            "clae_entered_care_date": "Period of care start date",
        },
        not_held={
            "clae_cla_last_iro_contact_date": (
                "IRO-chaired reviews are recorded (ssd_cla_reviews); IRO contacts between "
                "reviews are not"
            )
        },
    ),
    "ssd_cla_health": TableMap(
        rows=_health_rows,
        mapped={
            "clah_health_check_id": "Health check record ID",
            "clah_person_id": "Child's LA child ID",
            "clah_health_check_type": "Health assessment, dental check or development check",
            "clah_health_check_date": "Date of the check",
        },
        not_held={
            "clah_health_check_status": "Hearth records checks that took place, not a status"
        },
    ),
    "ssd_cla_immunisations": TableMap(
        rows=_immunisation_rows,
        mapped={
            "clai_person_id": "Child's LA child ID",
            "clai_immunisations_status": "Y: immunisations recorded as up to date",
            "clai_immunisations_status_date": "Latest date recorded as up to date",
        },
        not_held={},
    ),
    "ssd_cla_placement": TableMap(
        rows=_placement_rows,
        mapped={
            "clap_cla_placement_id": "Placement record ID",
            "clap_cla_placement_start_date": "Placement start date",
            "clap_cla_placement_type": "Placement type (SSDA903 PLACE)",
            "clap_cla_placement_urn": "Ofsted URN",
            "clap_cla_placement_distance": "Miles from home postcode (hearth.core.geo)",
            "clap_cla_id": "Period of care record ID",
            "clap_cla_placement_provider": "Placement provider (SSDA903 PLACE_PROVIDER)",
            "clap_cla_placement_postcode": "Placement postcode",
            "clap_cla_placement_end_date": "Placement end date",
            "clap_cla_placement_change_reason": "Reason for the placement change",
            "clap_person_id": "Child's LA child ID",
        },
        not_held={},
    ),
    "ssd_cla_previous_permanence": TableMap(
        rows=_previous_permanence_rows,
        mapped={
            "lapp_table_id": "Period of care record ID",
            "lapp_person_id": "Child's LA child ID",
            "lapp_previous_permanence_order_date": "Previous permanence date (as the 903)",
            "lapp_previous_permanence_option": "Previous permanence code",
            "lapp_previous_permanence_la": "LA that arranged it",
        },
        not_held={},
    ),
    "ssd_cla_reviews": TableMap(
        rows=_cla_review_rows,
        mapped={
            "clar_cla_review_id": "Review record ID",
            "clar_cla_id": "Period of care record ID",
            "clar_cla_review_due_date": (
                "Due by the looked-after review clock (20 working days, 3 months, then 6) "
                "given the period's earlier reviews"
            ),
            "clar_cla_review_date": "Review date",
            "clar_cla_review_participation": "Participation code (PN0-PN7)",
        },
        not_held={
            "clar_cla_review_cancelled": "Hearth records reviews that took place",
        },
    ),
    "ssd_cla_substance_misuse": TableMap(
        rows=_substance_rows,
        mapped={
            "clas_substance_misuse_id": "Substance misuse record ID",
            "clas_person_id": "Child's LA child ID",
            "clas_substance_misuse_date": "Date identified",
            "clas_intervention_received": "Intervention received (Y/N)",
        },
        not_held={"clas_substance_misused": "The substance is not recorded"},
    ),
    "ssd_cla_visits": TableMap(
        rows=_cla_visit_rows,
        mapped={
            "clav_cla_visit_id": "Visit record ID (looked-after child visits)",
            "clav_cla_id": "Period of care open on the visit date",
            "clav_person_id": "Child's LA child ID",
            "clav_cla_visit_date": "Visit date",
            "clav_cla_visit_seen": "Child seen (Y/N)",
            "clav_cla_visit_seen_alone": "Child seen alone (Y/N)",
        },
        not_held={},
    ),
    "ssd_contacts": TableMap(
        rows=_contact_rows,
        mapped={
            "cont_contact_id": "Contact record ID",
            "cont_person_id": "Child's LA child ID",
            "cont_contact_date": "Date and time the contact was received",
            "cont_contact_source_code": "Source code",
            "cont_contact_source_desc": "Source label",
            "cont_contact_outcome_json": (
                "Front-door decision as the SSD's flags (referral, NFA, advice; early help as "
                "another outcome); flags Hearth has no decision for left empty"
            ),
        },
        not_held={},
    ),
    "ssd_cp_plans": TableMap(
        rows=_cp_plan_rows,
        mapped={
            "cppl_cp_plan_id": "CP plan record ID",
            "cppl_referral_id": "CIN episode record ID",
            "cppl_icpc_id": "Initial (or transfer-in) conference that made the plan",
            "cppl_person_id": "Child's LA child ID",
            "cppl_cp_plan_start_date": "Plan start date",
            "cppl_cp_plan_end_date": "Plan end date",
            "cppl_cp_plan_initial_category": "Initial category of abuse",
            "cppl_cp_plan_latest_category": "Latest category of abuse",
        },
        not_held={
            "cppl_cp_plan_ola": "Hearth records this authority's plans, not another LA's",
        },
    ),
    "ssd_cp_reviews": TableMap(
        rows=_cp_review_rows,
        mapped={
            "cppr_cp_review_id": "Review conference record ID",
            "cppr_person_id": "Child's LA child ID",
            "cppr_cp_plan_id": "CP plan record ID",
            "cppr_cp_review_due": (
                "Due by the review clock (3 months after the ICPC, then 6) given the plan's "
                "earlier reviews"
            ),
            "cppr_cp_review_date": "Review conference date",
            "cppr_cp_review_meeting_id": "Review conference record ID",
            "cppr_cp_review_outcome_continue_cp": "Plan continued (Y/N)",
        },
        not_held={
            "cppr_cp_review_quorate": "Quoracy is not recorded",
            "cppr_cp_review_participation": "The child's participation is not recorded",
        },
    ),
    "ssd_cp_visits": TableMap(
        rows=_cp_visit_rows,
        mapped={
            "cppv_cp_visit_id": "Visit record ID (child protection visits)",
            "cppv_person_id": "Child's LA child ID",
            "cppv_cp_plan_id": "CP plan open on the visit date",
            "cppv_cp_visit_date": "Visit date",
            "cppv_cp_visit_seen": "Child seen (Y/N)",
            "cppv_cp_visit_seen_alone": "Child seen alone (Y/N)",
        },
        not_held={"cppv_cp_visit_bedroom": "Whether the bedroom was seen is not recorded"},
    ),
    "ssd_department": TableMap(
        rows=_department_rows,
        mapped={"dept_team_id": "Team ID", "dept_team_name": "Team name"},
        not_held={
            "dept_team_parent_id": "Hearth's teams have no parent department",
            "dept_team_parent_name": "Hearth's teams have no parent department",
        },
    ),
    "ssd_disability": TableMap(
        rows=_disability_rows,
        mapped={
            "disa_person_id": "Child's LA child ID",
            "disa_table_id": "Disability record ID",
            "disa_disability_code": "Disability code (CIN census)",
        },
        not_held={},
    ),
    "ssd_early_help_episodes": TableMap(
        rows=_early_help_rows,
        mapped={
            "earl_episode_id": "Early help episode record ID",
            "earl_person_id": "Child's LA child ID",
            "earl_episode_start_date": "Start date",
            "earl_episode_end_date": "End date",
            "earl_episode_end_reason": "End reason",
            "earl_episode_organisation": "Lead agency",
        },
        not_held={
            "earl_episode_reason": (
                "No coded reason for early help is recorded (the contact's reason is free text)"
            ),
            "earl_episode_worker_id": (
                "The lead professional is recorded by name (often another agency's); "
                "allocated early help practitioners are in ssd_involvements"
            ),
        },
    ),
    "ssd_ehcp_active_plans": _whole_table_not_held("ssd_ehcp_active_plans", EDUCATION_SYSTEM),
    "ssd_ehcp_assessment": _whole_table_not_held("ssd_ehcp_assessment", EDUCATION_SYSTEM),
    "ssd_ehcp_named_plan": _whole_table_not_held("ssd_ehcp_named_plan", EDUCATION_SYSTEM),
    "ssd_ehcp_requests": _whole_table_not_held("ssd_ehcp_requests", EDUCATION_SYSTEM),
    "ssd_family": _whole_table_not_held(
        "ssd_family",
        "Hearth has no family (household) identifier; each child's family members are on "
        "their own record",
    ),
    "ssd_immigration_status": TableMap(
        rows=_immigration_rows,
        mapped={
            "immi_person_id": "Child's LA child ID",
            "immi_immigration_status_id": "Child record ID (one UASC status per child)",
            "immi_immigration_status": "UASC",
            "immi_immigration_status_start_date": "UASC from",
            "immi_immigration_status_end_date": "UASC status ceased",
        },
        not_held={},
    ),
    "ssd_initial_cp_conference": TableMap(
        rows=_icpc_rows,
        mapped={
            "icpc_icpc_id": "Initial or transfer-in conference record ID",
            "icpc_icpc_meeting_id": "Conference record ID",
            "icpc_s47_enquiry_id": "Section 47 enquiry record ID",
            "icpc_person_id": "Child's LA child ID",
            "icpc_cp_plan_id": "CP plan record ID",
            "icpc_referral_id": "CIN episode record ID",
            "icpc_icpc_transfer_in": "Transfer-in conference (Y/N)",
            "icpc_icpc_target_date": "ICPC target date on the section 47 enquiry",
            "icpc_icpc_date": "Conference date",
            "icpc_icpc_outcome_cp_flag": "Plan made (Y/N)",
        },
        not_held={
            "icpc_icpc_outcome_json": OUTCOME_FLAGS_NOT_HELD,
            "icpc_icpc_team": WORKER_NOT_ON_RECORD,
            "icpc_icpc_worker_id": WORKER_NOT_ON_RECORD,
        },
    ),
    "ssd_involvements": TableMap(
        rows=_involvement_rows,
        mapped={
            "invo_involvements_id": "Allocation record ID",
            "invo_professional_id": "Worker ID",
            "invo_professional_role_id": "Allocation kind (social_worker, personal_adviser…)",
            "invo_professional_team": "Team ID",
            "invo_involvement_start_date": "Allocation start date",
            "invo_involvement_end_date": "Allocation end date",
            "invo_worker_change_reason": "Reason for the allocation",
            "invo_person_id": "Child's LA child ID",
        },
        not_held={
            "invo_referral_id": "Hearth allocates workers to the child, not to a referral",
        },
    ),
    "ssd_legal_status": TableMap(
        rows=_legal_status_rows,
        mapped={
            "lega_legal_status_id": "Legal status record ID",
            "lega_person_id": "Child's LA child ID",
            "lega_legal_status": "Legal status code (SSDA903 LS)",
            "lega_legal_status_start_date": "Start date",
            "lega_legal_status_end_date": "End date",
        },
        not_held={},
    ),
    "ssd_linked_identifiers": TableMap(
        rows=_linked_identifier_rows,
        mapped={
            "link_table_id": "Child record ID and identifier",
            "link_person_id": "Child's LA child ID",
            "link_identifier_type": "Unique Pupil Number, Former Unique Pupil Number, NHS Number",
            "link_identifier_value": "The identifier",
        },
        not_held={
            "link_valid_from_date": "Identifiers are held without dates",
            "link_valid_to_date": "Identifiers are held without dates",
        },
    ),
    "ssd_missing": TableMap(
        rows=_missing_rows,
        mapped={
            "miss_table_id": "Missing episode record ID",
            "miss_person_id": "Child's LA child ID",
            "miss_missing_episode_start_date": "Started (date and time)",
            "miss_missing_episode_type": "M missing, A away without authorisation",
            "miss_missing_episode_end_date": "Returned (date and time)",
            "miss_missing_rhi_offered": "Y when an offer is recorded; blank when unknown",
            "miss_missing_rhi_accepted": "Y/N when recorded; blank when unknown",
        },
        not_held={},
    ),
    "ssd_mother": TableMap(
        rows=_mother_rows,
        mapped={
            "moth_table_id": "Family member record ID (a mother who is herself a child)",
            "moth_person_id": "Mother's LA child ID",
            "moth_childs_person_id": "Baby's LA child ID",
            "moth_childs_dob": "Baby's date of birth",
        },
        not_held={},
    ),
    "ssd_permanence": TableMap(
        rows=_permanence_rows,
        mapped={
            "perm_table_id": "Adoption record ID",
            "perm_person_id": "Child's LA child ID",
            "perm_cla_id": "Period of care record ID",
            "perm_adm_decision_date": "Should be placed for adoption (ADM decision)",
            "perm_placement_order_date": "Placement order date",
            "perm_placed_for_adoption_date": "Placed for adoption",
            "perm_matched_date": "Matched",
            "perm_adopted_by_carer_flag": "Placed with (adopted by) foster carers (Y/N)",
            "perm_placed_ffa_cp_date": "Placed in FFA / concurrent planning",
            "perm_decision_reversed_date": "No longer placed for adoption",
            "perm_decision_reversed_reason": "Reason no longer placed (SSDA903 code)",
            "perm_permanence_order_date": "Adoption order date",
            "perm_permanence_order_type": "Adoption order, when one was made",
            "perm_adopter_sex": "Adopters' sex (SSDA903 code)",
            "perm_adopter_legal_status": "Adopters' legal status (SSDA903 code)",
            "perm_number_of_adopters": "Number of adopters",
        },
        not_held={
            "perm_ffa_cp_decision_date": "Only the FFA placement date is recorded",
            "perm_placed_foster_carer_date": (
                "Recorded as the placement history (ssd_cla_placement), not on the adoption"
            ),
            "perm_part_of_sibling_group": "Sibling-group adoption planning is not recorded",
            "perm_siblings_placed_together": "Sibling-group adoption planning is not recorded",
            "perm_siblings_placed_apart": "Sibling-group adoption planning is not recorded",
            "perm_placement_provider_urn": "The adoption agency's URN is not recorded",
            "perm_adoption_worker_id": (
                "Adoption workers are allocations (ssd_involvements), not on the adoption"
            ),
        },
    ),
    "ssd_person": TableMap(
        rows=_person_rows,
        mapped={
            "pers_person_id": "LA child ID (as in the CIN census and SSDA903)",
            "pers_forename": "First name",
            "pers_surname": "Last name",
            "pers_sex": "Sex (M/F/U)",
            "pers_ethnicity": "Ethnicity code",
            "pers_dob": "Date of birth",
            "pers_common_child_id": "NHS number",
            "pers_legacy_id": "Hearth's child record ID",
            "pers_upn_unknown": "Reason UPN unknown (UN1-UN10)",
            "pers_expected_dob": "Expected date of birth",
            "pers_death_date": "Date of death",
            "pers_is_mother": "Y when a child on Hearth is recorded as her baby",
        },
        not_held={
            "pers_gender": "Hearth records sex (M/F/U), not gender identity",
            "pers_send_flag": EDUCATION_SYSTEM,
            "pers_nationality": "Nationality and country of origin are not recorded",
        },
    ),
    "ssd_pre_proceedings": TableMap(
        rows=_pre_proceedings_rows,
        mapped={
            "prep_table_id": "Care proceedings record ID (with a PLO meeting)",
            "prep_person_id": "Child's LA child ID",
            "prep_initial_pre_pro_meeting_date": "PLO meeting date",
        },
        not_held={
            f: PLO_TRACKER
            for f in ssd_table("ssd_pre_proceedings").field_names
            if f not in ("prep_table_id", "prep_person_id", "prep_initial_pre_pro_meeting_date")
        },
    ),
    "ssd_professionals": TableMap(
        rows=_professional_rows,
        mapped={
            "prof_professional_id": "Worker ID",
            "prof_staff_id": "Staff ID",
            "prof_professional_name": "Worker's name",
            "prof_social_worker_registration_no": "Social Work England number",
            "prof_professional_job_title": "Role",
            "prof_professional_caseload": "Children allocated on the last 30 September",
            "prof_professional_department": "Team name",
            "prof_full_time_equivalency": "FTE",
            "prof_agency_worker_flag": "Agency worker (Y/N)",
        },
        not_held={},
    ),
    "ssd_s251_finance": _whole_table_not_held(
        "ssd_s251_finance",
        "Placement costs (section 251) are held by the finance system; the SSD's fields are "
        "placeholders",
    ),
    "ssd_s47_enquiry": TableMap(
        rows=_s47_rows,
        mapped={
            "s47e_s47_enquiry_id": "Section 47 enquiry record ID",
            "s47e_referral_id": "CIN episode record ID",
            "s47e_person_id": "Child's LA child ID",
            "s47e_s47_start_date": "Start date",
            "s47e_s47_end_date": "End date",
        },
        not_held={
            "s47e_s47_nfa": (
                "Hearth records the enquiry's finding and whether a conference is needed, not "
                "an NFA flag"
            ),
            "s47e_s47_outcome_json": OUTCOME_FLAGS_NOT_HELD,
            "s47e_s47_completed_by_worker_id": WORKER_NOT_ON_RECORD,
            "s47e_s47_completed_by_team": WORKER_NOT_ON_RECORD,
        },
    ),
    "ssd_sdq_scores": TableMap(
        rows=_sdq_rows,
        mapped={
            "csdq_table_id": "Health check record ID (SDQ)",
            "csdq_person_id": "Child's LA child ID",
            "csdq_sdq_completed_date": "Date of the SDQ",
            "csdq_sdq_reason": "SDQ reason code (SDQ1-SDQ5)",
            "csdq_sdq_score": "SDQ score",
        },
        not_held={},
    ),
    "ssd_sen_need": _whole_table_not_held("ssd_sen_need", EDUCATION_SYSTEM),
    "ssd_send": _whole_table_not_held(
        "ssd_send", EDUCATION_SYSTEM + "; the UPN is in ssd_linked_identifiers"
    ),
    "ssd_version_log": _whole_table_not_held(
        "ssd_version_log",
        "The SQL script's own release history; Hearth's export follows the spec release named "
        "in hearth/ssd/spec/README.md",
    ),
    "ssd_voice_of_child": _whole_table_not_held(
        "ssd_voice_of_child",
        "Hearth records the child's own words on visits and reviews as free text, not these "
        "yes/no questionnaire answers",
    ),
}


def coverage_rows() -> list[tuple[str, int, int, str]]:
    """(table, fields mapped, fields not held, which and why) for every SSD table, in spec
    order."""
    from hearth.ssd.spec import ssd_tables

    out = []
    for table in ssd_tables():
        m = MAPPING[table.name]
        by_reason: dict[str, list[str]] = defaultdict(list)
        for name in table.field_names:
            if name in m.not_held:
                by_reason[m.not_held[name]].append(name)
        if not m.mapped:
            why = f"whole table: {next(iter(by_reason))}"
        else:
            why = "<br>".join(
                f"{', '.join(f'`{f}`' for f in fields)}: {reason}"
                for reason, fields in by_reason.items()
            )
        out.append((table.name, len(m.mapped), len(m.not_held), why))
    return out


def coverage_markdown() -> str:
    """The coverage table of ``docs/ssd.md`` (a test keeps the two equal)."""
    lines = [
        "| SSD table | fields mapped | not held | fields not held, and why |",
        "|---|---|---|---|",
    ]
    for table, mapped, not_held, why in coverage_rows():
        lines.append(f"| `{table}` | {mapped} | {not_held} | {why or '—'} |")
    return "\n".join(lines) + "\n"
