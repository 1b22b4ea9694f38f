"""One DfE API payload per child, built from the live records (read-only: a selector module).

The shape is DfE's published schema (``schema/openapi.json``, the ``CSC`` array's items); the
mapping follows the sector's reference client, Data to Insight's dfe-csc-api-data-flows
(https://github.com/data-to-insight/dfe-csc-api-data-flows), which builds the same objects from
the Standard Safeguarding Dataset. Who is in scope: every child with a live (not archived)
CIN episode, i.e. every child referred to children's social care. Identifiers of nested items
are Hearth's own keys with a prefix (``CIN12``, ``ASM40``...), stable for the life of a record.

Mapping notes (also in docs/dfe-api.md):

* ``social_care_episodes``: one per CIN episode (referral to closure), carrying its
  assessments, CIN plans, section 47 enquiries (``icpc_date`` from the initial conference held
  on it), CP plans, and the placements of every period of care that started while the episode
  was open (or, failing that, the nearest episode that started before it).
* ``care_worker_details``: allocations of a social worker overlapping the episode, by the
  worker's Social Work England number. A worker without one is left out (the schema allows an
  alternative id, but a Hearth key means nothing to DfE and would change if the worker record
  were re-created).
* ``child_looked_after_placements``: ``start_reason`` ``S`` for the first placement of a period
  of care, ``P`` after a change of placement; ``end_reason`` is the period's reason ceased for
  its last placement and ``X1`` (episode ceased, care continues) for the others.
* ``adoption``: the adoption record of a period of care, on that period's episode.
* ``care_leavers``: the latest care-leaver contact, on the child's latest episode.
* ``health_and_wellbeing``: SDQ scores.
* Restricted children are sent in full, names included: restriction limits who may see a
  record inside the authority; the statutory returns (CIN census, SSDA903) include them too.
* Purges are not decided here: ``hearth.dfe_api.services`` compares with what DfE last
  accepted and adds ``purge`` objects for whatever has gone (see there).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from hearth.care.models import Adoption, CareLeaverContact, HealthCheck, PeriodOfCare, Placement
from hearth.casework.models import (
    Assessment,
    AssessmentFactor,
    ChildProtectionConference,
    CINEpisode,
    CINPlan,
    CPPlan,
    Section47Enquiry,
)
from hearth.people.models import Address, Child, ChildDisability
from hearth.workforce.models import Allocation

CHUNK = 500

# Models whose rows feed a child's payload: ``--changes-since`` looks at their ``updated_at``.
SOURCES = (
    CINEpisode,
    Assessment,
    CINPlan,
    Section47Enquiry,
    CPPlan,
    ChildProtectionConference,
    PeriodOfCare,
    Placement,
    Adoption,
    CareLeaverContact,
    HealthCheck,
    Address,
    Allocation,
)


def iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def _clean(obj: dict) -> dict:
    """Drop empty values: the schema has no nulls, and an absent field is 'not held'."""
    return {k: v for k, v in obj.items() if v not in (None, "", [], {})}


def children_in_scope():
    """Ids of the children the feed covers: every live child with a live CIN episode."""
    episodes = CINEpisode.objects.live().values("child_id")
    return Child.objects.live().filter(pk__in=episodes).order_by("pk")


def children_changed_since(*, since: dt.datetime) -> set[int]:
    """Ids of children any of whose feed records (or the child) changed on or after ``since``."""
    ids = set(Child.objects.filter(updated_at__gte=since).values_list("pk", flat=True))
    for model in SOURCES:
        ids |= set(model.objects.filter(updated_at__gte=since).values_list("child_id", flat=True))
    return ids


def _by_child(qs, key="child_id"):
    out = defaultdict(list)
    for row in qs:
        out[getattr(row, key)].append(row)
    return out


def _of_children(model, ids, **filters):
    return model.objects.live().filter(child_id__among=frozenset(ids), **filters)


def build_payloads(child_ids: list[int]) -> dict[int, dict]:
    """child pk → payload, for the given children (any number; loaded in chunks)."""
    out: dict[int, dict] = {}
    for i in range(0, len(child_ids), CHUNK):
        out.update(_build_chunk(child_ids[i : i + CHUNK]))
    return out


def _build_chunk(ids: list[int]) -> dict[int, dict]:
    children = Child.objects.filter(pk__among=frozenset(ids)).order_by("pk")
    disabilities = defaultdict(list)
    for child_id, code in (
        ChildDisability.objects.filter(child_id__among=frozenset(ids))
        .order_by("code")
        .values_list("child_id", "code")
    ):
        disabilities[child_id].append(code)
    addresses = _by_child(
        _of_children(Address, ids, end_date__isnull=True).order_by("-start_date", "-pk")
    )
    episodes = _by_child(_of_children(CINEpisode, ids).order_by("referral_date", "pk"))
    assessments = _by_child(
        _of_children(Assessment, ids).order_by("start_date", "pk"), "cin_episode_id"
    )
    factors = defaultdict(list)
    for assessment_id, code in (
        AssessmentFactor.objects.filter(assessment__child_id__among=frozenset(ids))
        .order_by("code")
        .values_list("assessment_id", "code")
    ):
        factors[assessment_id].append(code)
    cin_plans = _by_child(_of_children(CINPlan, ids).order_by("start_date", "pk"), "cin_episode_id")
    s47s = _by_child(
        _of_children(Section47Enquiry, ids).order_by("start_date", "pk"), "cin_episode_id"
    )
    icpc = {}
    for s47_id, date in (
        _of_children(ChildProtectionConference, ids, kind="initial", section47__isnull=False)
        .order_by("-date")
        .values_list("section47_id", "date")
    ):
        icpc[s47_id] = date
    cp_plans = _by_child(_of_children(CPPlan, ids).order_by("start_date", "pk"), "cin_episode_id")
    periods = _by_child(_of_children(PeriodOfCare, ids).order_by("start_date", "pk"))
    placements = _by_child(_of_children(Placement, ids).order_by("start_date", "pk"), "period_id")
    adoptions = _by_child(
        _of_children(Adoption, ids, period__isnull=False).order_by("decision_date"), "period_id"
    )
    leaver = {}
    for contact in _of_children(CareLeaverContact, ids).order_by("date", "pk"):
        leaver[contact.child_id] = contact  # the latest wins
    sdqs = _by_child(
        _of_children(HealthCheck, ids, sdq_score__isnull=False)
        .order_by("date", "pk")
        .only("child_id", "date", "sdq_score")
    )
    allocations = _by_child(
        _of_children(Allocation, ids, kind=Allocation.Kind.SOCIAL_WORKER)
        .exclude(worker__swe_number="")
        .select_related("worker")
        .order_by("start_date", "pk")
    )

    out = {}
    for child in children:
        eps = episodes.get(child.pk, [])
        episode_periods = _periods_by_episode(eps, periods.get(child.pk, []))
        social_care_episodes = []
        for n, ep in enumerate(eps):
            item = {
                "social_care_episode_id": f"CIN{ep.pk}",
                "referral_date": iso(ep.referral_date),
                "referral_source": ep.referral_source,
                "referral_no_further_action_flag": ep.referral_nfa,
                "closure_date": iso(ep.closure_date),
                "closure_reason": ep.closure_reason,
                "care_worker_details": [
                    _clean(
                        {
                            "worker_id": a.worker.swe_number,
                            "start_date": iso(a.start_date),
                            "end_date": iso(a.end_date),
                        }
                    )
                    for a in allocations.get(child.pk, [])
                    if _overlaps(a.start_date, a.end_date, ep.referral_date, ep.closure_date)
                ],
                "child_and_family_assessments": [
                    _clean(
                        {
                            "child_and_family_assessment_id": f"ASM{a.pk}",
                            "start_date": iso(a.start_date),
                            "authorisation_date": iso(a.authorised_date),
                            "factors": factors.get(a.pk, []),
                        }
                    )
                    for a in assessments.get(ep.pk, [])
                ],
                "child_in_need_plans": [
                    _clean(
                        {
                            "child_in_need_plan_id": f"CINP{p.pk}",
                            "start_date": iso(p.start_date),
                            "end_date": iso(p.end_date),
                        }
                    )
                    for p in cin_plans.get(ep.pk, [])
                ],
                "section_47_assessments": [
                    _clean(
                        {
                            "section_47_assessment_id": f"S47{s.pk}",
                            "start_date": iso(s.start_date),
                            "icpc_required_flag": not s.icpc_not_required,
                            "icpc_date": iso(icpc.get(s.pk)),
                            "end_date": iso(s.end_date),
                        }
                    )
                    for s in s47s.get(ep.pk, [])
                ],
                "child_protection_plans": [
                    _clean(
                        {
                            "child_protection_plan_id": f"CPP{p.pk}",
                            "start_date": iso(p.start_date),
                            "end_date": iso(p.end_date),
                        }
                    )
                    for p in cp_plans.get(ep.pk, [])
                ],
                "child_looked_after_placements": [
                    _placement(p, last=(i == len(ps) - 1), period=period, first=(i == 0))
                    for period in episode_periods.get(ep.pk, [])
                    for ps in [placements.get(period.pk, [])]
                    for i, p in enumerate(ps)
                ],
            }
            adoption = next(
                (
                    a
                    for period in episode_periods.get(ep.pk, [])
                    for a in adoptions.get(period.pk, [])
                ),
                None,
            )
            if adoption:
                item["adoption"] = _clean(
                    {
                        "initial_decision_date": iso(adoption.decision_date),
                        "matched_date": iso(adoption.match_date),
                        "placed_date": iso(adoption.placed_date),
                    }
                )
            contact = leaver.get(child.pk)
            if contact and n == len(eps) - 1:
                item["care_leavers"] = _clean(
                    {
                        "contact_date": iso(contact.date),
                        "activity": contact.activity,
                        # DfE's field is one character (the 903 OC3 codes); longer codes are
                        # not DfE codes and are left out rather than cut.
                        "accommodation": contact.accommodation
                        if len(contact.accommodation) == 1
                        else "",
                    }
                )
            social_care_episodes.append(_clean(item))

        address = addresses.get(child.pk)
        details = {
            "unique_pupil_number": child.upn,
            "former_unique_pupil_number": child.former_upn,
            "unique_pupil_number_unknown_reason": child.upn_unknown_reason,
            "first_name": child.first_name,
            "surname": child.last_name,
            "date_of_birth": iso(child.date_of_birth),
            "expected_date_of_birth": iso(child.expected_date_of_birth),
            "sex": child.sex,
            "ethnicity": child.ethnicity,
            "disabilities": disabilities.get(child.pk, []),
            "postcode": address[0].postcode if address else "",
            "uasc_flag": child.uasc_from is not None,
            "uasc_end_date": iso(child.uasc_until),
        }
        payload = {"la_child_id": child.la_child_id, "mis_child_id": f"H{child.pk}"}
        payload["child_details"] = _clean(details)
        scores = [{"date": iso(h.date), "score": h.sdq_score} for h in sdqs.get(child.pk, [])]
        if scores:
            payload["health_and_wellbeing"] = {"sdq_assessments": scores}
        payload["social_care_episodes"] = social_care_episodes
        out[child.pk] = payload
    return out


def _overlaps(start, end, from_, to) -> bool:
    return start <= (to or dt.date.max) and (end or dt.date.max) >= from_


def _periods_by_episode(episodes, periods) -> dict[int, list]:
    """Each period of care on the episode open when it started (else the latest before it)."""
    out = defaultdict(list)
    for period in periods:
        home = None
        for ep in episodes:
            if ep.referral_date <= period.start_date:
                home = ep
                if ep.closure_date is None or ep.closure_date >= period.start_date:
                    break
        home = home or (episodes[0] if episodes else None)
        if home is not None:
            out[home.pk].append(period)
    return out


def _placement(p, *, first: bool, last: bool, period) -> dict:
    if last and period.end_date and p.end_date:
        end_reason = period.reason_ceased
    elif p.end_date:
        end_reason = "X1"
    else:
        end_reason = ""
    return _clean(
        {
            "child_looked_after_placement_id": f"PL{p.pk}",
            "start_date": iso(p.start_date),
            "start_reason": "S" if first else "P",
            "placement_type": p.place,
            "postcode": p.postcode,
            "end_date": iso(p.end_date),
            "end_reason": end_reason,
            "change_reason": p.reason_changed,
        }
    )
