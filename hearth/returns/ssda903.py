"""The SSDA903 (children looked after) return, derived from Hearth's records.

Episodes and the cohorts (looked after on a day, OC2, the SDQ age band, OC3) are derived in
``hearth.care.episodes``, the one definition the dashboards' indicators share.

Tables and column names are DfE's, as ``lac_validator.config.column_names`` (csc-validator-be-903
0.1.17) recognises them: the validator identifies a table by its exact column set, so every
table is always written, header-only when empty. Dates are ``dd/mm/YYYY``.

Scope (collection year 1 April - 31 March):
    * Episodes: every episode of a period of care open at any point in the year; events after
      31 March are not reported (an episode still open then has no DEC/REC).
    * Header: every child in any other table.
    * OC2: children looked after continuously for 12 months at 31 March (not on short breaks).
    * OC3: care leavers whose 17th to 21st birthday falls in the year.
    * AD1: children adopted (REC E11/E12) in the year; PlacedAdoption: children in the return
      with a decision that they should be placed for adoption, still in force during the year.
    * PrevPerm: children whose period of care started in the year.
    * Missing: missing/away episodes that started in the year, or were still open at its start,
      while the child was looked after.
    * SWEpisodes (from 2023-24): social-worker allocations overlapping the year.
    * DoLo (from 2026-27): deprivation of liberty orders in force at some point in the year
      while the child was looked after (an order ending after 31 March has no DOLO_END).

Children are processed in chunks (``CHUNK``), each with a fixed handful of queries, so memory
stays bounded for a large authority and the number of queries does not grow per child.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from django.db.models import Q

from hearth.care.episodes import (
    PLACEMENT_FIELDS,
    Episode,
    continuously_looked_after,
    derive_episodes,
    group_rows,
    in_care_on_day,
    load_episodes,
    oc3_cohort,
    period_from,
    sdq_due,
)
from hearth.care.models import (
    Adoption,
    CareLeaverContact,
    DeprivationOfLibertyOrder,
    HealthCheck,
    LACReview,
    LegalStatus,
    MissingEpisode,
    Offence,
    PeriodOfCare,
    Placement,
    SubstanceMisuse,
)
from hearth.care.selectors import care_leavers
from hearth.casework.models import StatedHistory
from hearth.core import codes
from hearth.core.calendar import add_months, age_on, collection_year_bounds
from hearth.core.models import live as _live
from hearth.core.spreadsheet import safe_record
from hearth.people.models import Child, FamilyMember
from hearth.workforce.models import Allocation

CHUNK = 2000

COLUMNS: dict[str, list[str]] = {
    "Header": ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
    "Episodes": [
        "CHILD",
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
        "REASON_PLACE_CHANGE",
        "HOME_POST",
        "PL_POST",
        "URN",
    ],
    "Reviews": ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
    "UASC": ["CHILD", "SEX", "DOB", "DUC"],
    "OC2": [
        "CHILD",
        "DOB",
        "SDQ_SCORE",
        "SDQ_REASON",
        "CONVICTED",
        "HEALTH_CHECK",
        "IMMUNISATIONS",
        "TEETH_CHECK",
        "HEALTH_ASSESSMENT",
        "SUBSTANCE_MISUSE",
        "INTERVENTION_RECEIVED",
        "INTERVENTION_OFFERED",
    ],
    "OC3": ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
    "AD1": [
        "CHILD",
        "DOB",
        "DATE_INT",
        "DATE_MATCH",
        "FOSTER_CARE",
        "NB_ADOPTR",
        "SEX_ADOPTR",
        "LS_ADOPTR",
    ],
    "PlacedAdoption": [
        "CHILD",
        "DOB",
        "DATE_PLACED",
        "DATE_PLACED_CEASED",
        "REASON_PLACED_CEASED",
    ],
    "PrevPerm": ["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"],
    "Missing": ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
    "SWEpisodes": ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
    "DoLo": ["CHILD", "DOB", "DOLO_START", "DOLO_END"],
}
"""Every SSDA903 table with DfE's columns, in DfE's order."""

TABLE_FROM: dict[str, str] = {"SWEpisodes": "2023-24", "DoLo": "2026-27"}
"""Tables that only exist from a collection year on."""

SW_REASON_FOR_ALLOCATION: dict[str, str] = {
    Allocation.Reason.NEW_CASE: codes.SWReason.FCONTA.value,
    Allocation.Reason.TRANSFER: codes.SWReason.TSPROC.value,
    Allocation.Reason.WORKER_LEFT: codes.SWReason.LEFTRL.value,
    Allocation.Reason.CASELOAD: codes.SWReason.MANAGE.value,
    Allocation.Reason.CHILD_REQUEST: codes.SWReason.CHCHAN.value,
    Allocation.Reason.OTHER: codes.SWReason.OTHERS.value,
}

ADOPTION_REASONS = codes.ADOPTED_REASONS

NO_URN = "XXXXXXX"
NO_URN_PLACEMENTS = frozenset({"A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"})
"""``URN`` "XXXXXXX" (no Ofsted URN) is only accepted for adoption and foster placements (rule
242, 2025-26); for other placements without a URN the field is left blank."""


def tables_for_year(year: str) -> list[str]:
    """The tables the SSDA903 has in collection year ``year`` (e.g. ``"2025-26"``)."""
    return [t for t in COLUMNS if year >= TABLE_FROM.get(t, "")]


def end_year(year: str) -> str:
    """``"2025-26"`` -> ``"2026"``: the validators' ``collectionYear``."""
    return str(collection_year_bounds(year)[1].year)


def fmt(d: dt.date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else ""


def sex_903(sex: str, *, year: str) -> str:
    """Hearth's M/F/U as the SSDA903 carries it in ``year``: 1/2 until 2023-24 (U blank)."""
    if year >= "2024-25":
        return sex
    return {"M": "1", "F": "2"}.get(sex, "")


# --- Episodes (derived in hearth.care.episodes) ----------------------------------------------


def episode_row(e: Episode, child_id: str) -> dict[str, str]:
    """One row of the Episodes table."""
    urn = e.urn
    if urn == NO_URN and e.place not in NO_URN_PLACEMENTS:
        urn = ""
    return {
        "CHILD": child_id,
        "DECOM": fmt(e.decom),
        "RNE": e.rne,
        "LS": e.ls,
        "CIN": e.cin,
        "PLACE": e.place,
        "PLACE_PROVIDER": e.place_provider,
        "DEC": fmt(e.dec),
        "REC": e.rec,
        "REASON_PLACE_CHANGE": e.reason_place_change,
        "HOME_POST": e.home_post,
        "PL_POST": e.pl_post,
        "URN": urn,
    }


# --- Building the tables ------------------------------------------------------------------------


def _children_in_scope(start: dt.date, end: dt.date) -> list[int]:
    """Children looked after at some point in the year, plus care leavers due an OC3 row."""
    looked_after = set(
        _live(PeriodOfCare.objects.filter(start_date__lte=end))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .values_list("child_id", flat=True)
    )
    return sorted(looked_after | set(oc3_cohort(start, end, leavers=care_leavers(day=end))))


def iter_903(*, year: str, chunk: int = CHUNK) -> Iterator[dict[str, list[dict[str, str]]]]:
    """The SSDA903 tables for ``year``, one dict of rows per chunk of children."""
    start, end = collection_year_bounds(year)
    tables = tables_for_year(year)
    child_ids = _children_in_scope(start, end)
    oc3_birthdays = oc3_cohort(start, end, leavers=care_leavers(day=end))
    for i in range(0, len(child_ids), chunk):
        yield _build_chunk(child_ids[i : i + chunk], year, start, end, tables, oc3_birthdays)
    if not child_ids:
        yield {t: [] for t in tables}


def _build_chunk(ids, year, start, end, tables, oc3_birthdays):
    out: dict[str, list[dict[str, str]]] = {t: [] for t in tables}
    children = {
        c["id"]: c
        for c in Child.objects.filter(id__among=frozenset(ids)).values(
            "id",
            "la_child_id",
            "sex",
            "date_of_birth",
            "ethnicity",
            "upn",
            "upn_unknown_reason",
            "uasc_from",
            "uasc_until",
        )
    }
    episodes_by_child, periods = load_episodes(start=start, end=end, child_ids=frozenset(ids))
    started_in_year: dict[int, dict] = {}
    for child_id, rows in periods.items():
        for p in rows:
            if child_id in episodes_by_child and start <= p["start_date"] <= end:
                started_in_year[child_id] = p

    oc3_birthdays = {
        c: b
        for c, b in oc3_birthdays.items()
        if c in children
        and not _left_care_recently(episodes_by_child.get(c, []), children[c]["date_of_birth"], end)
    }
    in_return = set(episodes_by_child) | set(oc3_birthdays)
    # Motherhood: a child whose mother is this child.
    mothers = defaultdict(list)
    for mother_id, dob in FamilyMember.objects.filter(
        related_child_id__among=frozenset(ids), relationship=FamilyMember.Relationship.MOTHER
    ).values_list("related_child_id", "child__date_of_birth"):
        if dob:
            mothers[mother_id].append(dob)

    def dob_of(cid):
        return fmt(children[cid]["date_of_birth"])

    for cid in sorted(in_return, key=lambda c: children[c]["la_child_id"]):
        c = children[cid]
        child = c["la_child_id"]
        eps = episodes_by_child.get(cid, [])
        looked_after = any(e.ls not in codes.SHORT_BREAK_LEGAL_STATUSES for e in eps)
        mother = mc_dob = ""
        if c["sex"] == "F" and looked_after:
            births = sorted(d for d in mothers.get(cid, ()) if d <= end)
            mother = "1" if births else "0"
            mc_dob = fmt(births[0]) if births else ""
        upn = c["upn"] or c["upn_unknown_reason"]
        out["Header"].append(
            {
                "CHILD": child,
                "SEX": sex_903(c["sex"], year=year),
                "DOB": dob_of(cid),
                "ETHNIC": c["ethnicity"],
                "UPN": upn,
                "MOTHER": mother,
                "MC_DOB": mc_dob,
            }
        )
        out["Episodes"].extend(episode_row(e, child) for e in eps)
        if c["uasc_from"] and c["uasc_from"] <= end and eps:
            # DUC: when UASC status ends — the 18th birthday unless it ended earlier — reported
            # the same way every year, even while still in the future (rules 205A-D, 304).
            eighteen = add_months(c["date_of_birth"], n=18 * 12) if c["date_of_birth"] else None
            ceased = min((d for d in (c["uasc_until"], eighteen) if d), default=None)
            out["UASC"].append(
                {
                    "CHILD": child,
                    "SEX": sex_903(c["sex"], year=year),
                    "DOB": dob_of(cid),
                    "DUC": fmt(ceased),
                }
            )
        if cid in started_in_year:
            p = started_in_year[cid]
            perm = p["previous_permanence"] or "Z1"
            out["PrevPerm"].append(
                {
                    "CHILD": child,
                    "DOB": dob_of(cid),
                    "PREV_PERM": perm,
                    "LA_PERM": p["previous_permanence_la"] if perm != "Z1" else "",
                    "DATE_PERM": p["previous_permanence_date"] if perm != "Z1" else "",
                }
            )

    # Reviews in the year (not for short-break-only children, rule 399).
    for cid, dob, day, code in (
        _live(
            LACReview.objects.filter(child_id__among=frozenset(ids), date__gte=start, date__lte=end)
        )
        .order_by("child_id", "date")
        .values_list("child_id", "child__date_of_birth", "date", "participation")
    ):
        if cid in episodes_by_child:
            out["Reviews"].append(
                {
                    "CHILD": children[cid]["la_child_id"],
                    "DOB": fmt(dob),
                    "REVIEW": fmt(day),
                    "REVIEW_CODE": code,
                }
            )

    _oc2(out, ids, children, episodes_by_child, start, end)
    _oc3(out, ids, children, oc3_birthdays, episodes_by_child)
    _adoption(out, ids, children, episodes_by_child, start, end)
    _missing(out, ids, children, episodes_by_child, start, end)
    if "SWEpisodes" in out:
        _sw_episodes(out, ids, children, episodes_by_child, start, end)
    if "DoLo" in out:
        _dolo(out, ids, children, episodes_by_child, start, end)
    return out


def _dolo(out, ids, children, episodes_by_child, start, end):
    """Orders in force in the year for children in the return (rules 700-710)."""
    rows = (
        _live(
            DeprivationOfLibertyOrder.objects.filter(
                child_id__among=frozenset(ids), start_date__lte=end
            )
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .order_by("child_id", "start_date")
        .values_list("child_id", "start_date", "end_date")
    )
    for cid, began, ended in rows:
        if cid not in episodes_by_child:
            continue
        out["DoLo"].append(
            {
                "CHILD": children[cid]["la_child_id"],
                "DOB": fmt(children[cid]["date_of_birth"]),
                "DOLO_START": fmt(began),
                "DOLO_END": fmt(ended) if ended and ended <= end else "",
            }
        )


def _oc2(out, ids, children, episodes_by_child, start, end):
    cohort = [
        cid for cid, eps in episodes_by_child.items() if continuously_looked_after(eps, start, end)
    ]
    if not cohort:
        return
    checks = group_rows(
        _live(
            HealthCheck.objects.filter(
                child_id__among=frozenset(cohort), date__gte=start, date__lte=end
            )
        )
        .order_by("date")
        .values("child_id", "kind", "date", "sdq_score", "sdq_reason")
    )
    convicted = set(
        _live(
            Offence.objects.filter(
                child_id__among=frozenset(cohort), date__gte=start, date__lte=end
            )
        )
        .filter(outcome=Offence.Outcome.CONVICTION)
        .values_list("child_id", flat=True)
    )
    stated = {
        (child_id, fact)
        for child_id, fact in _live(
            StatedHistory.objects.filter(child_id__among=frozenset(cohort), about=end, value="1")
        ).values_list("child_id", "fact")
    }
    misuse = group_rows(
        _live(
            SubstanceMisuse.objects.filter(
                child_id__among=frozenset(cohort), identified_on__gte=start, identified_on__lte=end
            )
        ).values("child_id", "intervention_offered", "intervention_received")
    )
    for cid in sorted(cohort, key=lambda c: children[c]["la_child_id"]):
        dob = children[cid]["date_of_birth"]
        age = age_on(dob, on=end) if dob else 0
        kinds = defaultdict(list)
        for h in checks.get(cid, ()):
            kinds[h["kind"]].append(h)
        for kind in HealthCheck.Kind:
            if (cid, kind.value) in stated and kind != HealthCheck.Kind.SDQ:
                kinds[kind].append({"stated": True})
        sdq_score = sdq_reason = ""
        # SDQ from the 4th birthday to the 17th, at any point in the year (188/189/197B).
        if sdq_due(dob, start=start, end=end):
            sdqs = kinds.get(HealthCheck.Kind.SDQ, [])
            latest = sdqs[-1] if sdqs else None
            if latest and latest["sdq_score"] is not None:
                sdq_score = str(latest["sdq_score"])
            else:
                sdq_reason = (latest and latest["sdq_reason"]) or codes.SDQReason.SDQ4.value
        misuse_rows = misuse.get(cid, [])
        out["OC2"].append(
            {
                "CHILD": children[cid]["la_child_id"],
                "DOB": fmt(dob),
                "SDQ_SCORE": sdq_score,
                "SDQ_REASON": sdq_reason,
                # Convictions only from age 10 (rules 542/543); "health check" is the health
                # promotion (development) check for under-5s (rules 545/546).
                "CONVICTED": ("1" if cid in convicted else "0") if age >= 10 else "",
                "HEALTH_CHECK": (
                    ("1" if kinds.get(HealthCheck.Kind.DEVELOPMENT) else "0") if age < 5 else ""
                ),
                "IMMUNISATIONS": "1" if kinds.get(HealthCheck.Kind.IMMUNISATIONS) else "0",
                "TEETH_CHECK": "1" if kinds.get(HealthCheck.Kind.DENTAL) else "0",
                "HEALTH_ASSESSMENT": (
                    "1" if kinds.get(HealthCheck.Kind.HEALTH_ASSESSMENT) else "0"
                ),
                "SUBSTANCE_MISUSE": "1" if misuse_rows else "0",
                "INTERVENTION_RECEIVED": (
                    ("1" if any(m["intervention_received"] for m in misuse_rows) else "0")
                    if misuse_rows
                    else ""
                ),
                # Whether one was offered is only asked when none was received (rule 158).
                "INTERVENTION_OFFERED": (
                    ("1" if any(m["intervention_offered"] for m in misuse_rows) else "0")
                    if misuse_rows and not any(m["intervention_received"] for m in misuse_rows)
                    else ""
                ),
            }
        )


def _oc3(out, ids, children, oc3_birthdays, episodes_by_child):
    cohort = [cid for cid in ids if cid in oc3_birthdays]
    if not cohort:
        return
    contacts = group_rows(
        _live(CareLeaverContact.objects.filter(child_id__among=frozenset(cohort)))
        .order_by("date")
        .values("child_id", "date", "in_touch", "activity", "accommodation")
    )
    for cid in sorted(cohort, key=lambda c: children[c]["la_child_id"]):
        birthday = oc3_birthdays[cid]
        window = [
            c
            for c in contacts.get(cid, ())
            if add_months(birthday, n=-3) <= c["date"] <= add_months(birthday, n=1)
        ]
        latest = window[-1] if window else None
        in_touch = latest["in_touch"] if latest else "NO"
        activity = latest["activity"] if latest else ""
        accommodation = latest["accommodation"] if latest else ""
        # Not in touch: the latest activity and accommodation known by the birthday window.
        known = [c for c in contacts.get(cid, ()) if c["date"] <= add_months(birthday, n=1)]
        if not activity:
            activity = next((c["activity"] for c in reversed(known) if c["activity"]), "")
        if not accommodation:
            accommodation = next(
                (c["accommodation"] for c in reversed(known) if c["accommodation"]), ""
            )
        if in_touch in ("DIED", "RHOM"):
            activity = accommodation = "0"
        out["OC3"].append(
            {
                "CHILD": children[cid]["la_child_id"],
                "DOB": fmt(children[cid]["date_of_birth"]),
                "IN_TOUCH": in_touch,
                "ACTIV": activity,
                "ACCOM": accommodation,
            }
        )


def _left_care_recently(eps: list[Episode], dob: dt.date | None, end: dt.date) -> bool:
    """A 17- or 18-year-old (at 31 March) who left care this year on or after that birthday
    needs no OC3 row (rule 1016)."""
    if not dob or not eps:
        return False
    age = age_on(dob, on=end)
    if age not in (17, 18):
        return False
    birthday = add_months(dob, n=age * 12)
    return any(e.dec and e.rec not in ("", "X1") and e.dec >= birthday for e in eps)


def _adoption(out, ids, children, episodes_by_child, start, end):
    adopted = {
        cid
        for cid, eps in episodes_by_child.items()
        if any(e.rec in ADOPTION_REASONS and e.dec and start <= e.dec <= end for e in eps)
    }
    rows = (
        _live(Adoption.objects.filter(child_id__among=frozenset(ids), decision_date__lte=end))
        .order_by("child_id", "decision_date")
        .values()
    )
    latest: dict[int, dict] = {}
    for a in rows:
        cid = a["child_id"]
        if cid not in episodes_by_child:
            continue
        latest[cid] = a
        ceased = a["no_longer_placed_date"]
        if ceased and ceased < start:
            continue
        out["PlacedAdoption"].append(
            {
                "CHILD": children[cid]["la_child_id"],
                "DOB": fmt(children[cid]["date_of_birth"]),
                "DATE_PLACED": fmt(a["decision_date"]),
                "DATE_PLACED_CEASED": fmt(ceased) if ceased and ceased <= end else "",
                "REASON_PLACED_CEASED": a["no_longer_reason"] if ceased and ceased <= end else "",
            }
        )
    for cid in sorted(adopted, key=lambda c: children[c]["la_child_id"]):
        a = latest.get(cid)
        if a is None:
            continue
        out["AD1"].append(
            {
                "CHILD": children[cid]["la_child_id"],
                "DOB": fmt(children[cid]["date_of_birth"]),
                "DATE_INT": fmt(a["decision_date"]),
                "DATE_MATCH": fmt(a["match_date"]),
                "FOSTER_CARE": "1" if a["placed_with_foster_carers"] else "0",
                "NB_ADOPTR": str(a["number_of_adopters"] or ""),
                "SEX_ADOPTR": a["adopters_sex"],
                "LS_ADOPTR": a["adopters_legal_status"],
            }
        )


def _missing(out, ids, children, episodes_by_child, start, end):
    # started in the year, or still open at its start (rule 576: an open period in last
    # year's return is reported again)
    rows = (
        _live(
            MissingEpisode.objects.filter(child_id__among=frozenset(ids), started_at__date__lte=end)
        )
        .filter(
            Q(started_at__date__gte=start)
            | Q(returned_at__isnull=True)
            | Q(returned_at__date__gte=start)
        )
        .order_by("child_id", "started_at")
        .values_list("child_id", "kind", "started_at", "returned_at")
    )
    from django.utils import timezone

    for cid, kind, started, returned in rows:
        eps = episodes_by_child.get(cid)
        began = timezone.localtime(started).date()
        if not eps or not in_care_on_day(eps, began):
            continue
        back = timezone.localtime(returned).date() if returned else None
        out["Missing"].append(
            {
                "CHILD": children[cid]["la_child_id"],
                "DOB": fmt(children[cid]["date_of_birth"]),
                "MISSING": kind,
                "MIS_START": fmt(began),
                "MIS_END": fmt(back) if back and back <= end else "",
            }
        )


def _care_window(eps: list[Episode], start: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """(care began in the year, care ended in the year) from a child's episodes in the year:
    the first episode's DECOM if it starts a period after 1 April, the last one's DEC if it
    ends the period. ``None`` where care began before the year or is still going on."""
    eps = sorted(eps, key=lambda e: e.decom)
    began = eps[0].decom if eps and eps[0].rne == "S" and eps[0].decom >= start else None
    last = eps[-1] if eps else None
    ended = last.dec if last and last.dec and last.rec not in ("", "X1") else None
    return began, ended


def _sw_episodes(out, ids, children, episodes_by_child, start, end):
    """Social-worker episodes of the year while the child was looked after (SW12STG2).

    lac_validator 0.1.17's SW12STG2 checks every social-worker episode against every episode
    that starts or ends care in the year: it accepts none starting before care began in the
    year (when the first episode is not also the last) nor after care ended. So episodes of a
    child's social work before care began or after it ended in the year are not reported (the
    move to the children in care team starts a new one on the day care begins).

    A social-worker episode ends when another social worker takes over, not when the child
    leaves care: the child's latest one is reported open (SW11a/b, SW17STG2)."""
    rows = (
        Allocation.objects.live()
        .filter(
            child_id__among=frozenset(episodes_by_child),
            kind=Allocation.Kind.SOCIAL_WORKER,
        )
        .overlapping(start, end)
        .order_by("child_id", "start_date", "id")
        .values_list(
            "child_id", "start_date", "end_date", "reason", "worker__swe_number", "worker__staff_id"
        )
    )
    by_child = defaultdict(list)
    for row in rows:
        cid, began = row[0], row[1]
        care_from, care_until = _care_window(episodes_by_child[cid], start)
        if (care_from and began < care_from) or (care_until and began >= care_until):
            continue
        by_child[cid].append(row)
    for cid in sorted(by_child, key=lambda c: children[c]["la_child_id"]):
        allocations = by_child[cid]
        for n, (_cid, began, ended, reason, swe, staff) in enumerate(allocations, start=1):
            last = n == len(allocations)
            sw_id = swe if swe.upper().startswith("SW") else f"XX{staff}"
            out["SWEpisodes"].append(
                {
                    "CHILD": children[cid]["la_child_id"],
                    "DOB": fmt(children[cid]["date_of_birth"]),
                    "SW_ID": sw_id,
                    "SW_DECOM": fmt(began),
                    "SW_DEC": fmt(ended) if ended and ended <= end and not last else "",
                    "SW_REASON": str(SW_REASON_FOR_ALLOCATION.get(reason, "OTHERS")),
                }
            )


def earlier_episodes(*, la_child_ids: list[str], before: dt.date) -> list[dict[str, str]]:
    """Episodes rows of these children that ended before ``before``.

    DfE checks a care leaver's OC3 row (rules 1001, 1002) against every return it holds; a
    validator given only last year's files cannot see care that ended before that year, so
    ``validate_903`` hands it these with last year's episodes."""
    ids = dict(Child.objects.filter(la_child_id__in=la_child_ids).values_list("id", "la_child_id"))
    periods = (
        _live(PeriodOfCare.objects.filter(child_id__among=frozenset(ids), start_date__lt=before))
        .order_by("child_id", "start_date")
        .values()
    )
    pids = [p["id"] for p in periods]
    statuses = group_rows(
        _live(LegalStatus.objects.filter(period_id__among=frozenset(pids))).values(
            "period_id", "code", "start_date", "end_date"
        ),
        "period_id",
    )
    placements = group_rows(
        _live(Placement.objects.filter(period_id__among=frozenset(pids))).values(*PLACEMENT_FIELDS),
        "period_id",
    )
    rows = []
    for p in periods:
        period = period_from(p, statuses, placements)
        child = ids[p["child_id"]]
        episodes = derive_episodes(period, year_end=before - dt.timedelta(days=1))
        rows += [episode_row(e, child) for e in episodes if e.dec and e.dec < before]
    return rows


# --- Public API ---------------------------------------------------------------------------------


def build_903(*, year: str) -> dict[str, list[dict[str, str]]]:
    """Every SSDA903 table for collection year ``year`` (e.g. ``"2025-26"``) as lists of rows."""
    tables: dict[str, list[dict[str, str]]] = {t: [] for t in tables_for_year(year)}
    for chunk in iter_903(year=year):
        for name, rows in chunk.items():
            tables[name].extend(rows)
    return tables


def write_903(*, year: str, out_dir: str | Path) -> dict[str, Path]:
    """Write one CSV per SSDA903 table (``{Table}.csv``) into ``out_dir``; returns the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    names = tables_for_year(year)
    paths = {name: out / f"{name}.csv" for name in names}
    handles = {name: paths[name].open("w", newline="", encoding="utf-8") for name in names}
    try:
        writers = {}
        for name in names:
            writers[name] = csv.DictWriter(handles[name], fieldnames=COLUMNS[name])
            writers[name].writeheader()
        for chunk in iter_903(year=year):
            for name, rows in chunk.items():
                writers[name].writerows(safe_record(r) for r in rows)
    finally:
        for h in handles.values():
            h.close()
    return paths
