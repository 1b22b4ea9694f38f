"""SSDA903 episodes and the looked-after cohorts: one definition for the returns and dashboards.

Nobody records an SSDA903 *episode*. Hearth keeps three timelines per child — periods of care,
legal statuses and placements — and an episode starts at every date on which the legal status
or the placement changes (``derive_episodes``). The reason for the new episode (RNE) says what
changed: S a new period of care, L the legal status only, P/T the placement only (T when the
carer stays the same), U/B both at once (B when the carer stays the same). ``DEC``/``REC`` close
each episode: X1 when another episode follows in the same period, the period's reason ceased on
the last one. ``REASON_PLACE_CHANGE`` goes on the episode that ends with a change of placement.

The cohorts the SSDA903 (``hearth.returns.ssda903``), Annex A and the indicators share:

* **Looked after on a day** (``hearth.care.selectors.cla_open_on``): care open at the end of the
  day — a child whose care ceased on 31 March is not looked after at 31 March (DfE counts
  episodes open at 31 March; those ceasing that day are among the year's leavers) — and not on
  a short break (V3/V4) that day. ``in_care_on_day`` is the other question the 903 asks: did
  something that happened *on* a day (a missing episode starting) fall within care? There the
  last day of care counts (DfE rule 581: ``DECOM <= MIS_START <= DEC``).
* **OC2** (``continuously_looked_after``, ``oc2_cohort``): DfE's CONTINUOUSLY_LOOKED_AFTER — in
  care during the year, no period started after its first day, none ended before its last, no
  short-break episode in the year.
* **SDQ age band** (``sdq_due``): 4 or over at the end of the year and not yet 17 at its start
  (rules 186, 188, 189, 197B).
* **OC3** (``oc3_cohort``): care leavers whose 17th to 21st birthday falls in the year.
* **Care leavers** (``hearth.care.selectors.care_leavers``).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q

from hearth.care.models import LegalStatus, PeriodOfCare, Placement
from hearth.core import codes
from hearth.core.calendar import add_months

# --- Deriving episodes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Spell:
    """One row of a timeline (legal status or placement) as the derivation needs it."""

    start: dt.date
    end: dt.date | None
    values: tuple = ()


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date | None
    reason_ceased: str
    category_of_need: str
    home_postcode: str
    legal_statuses: list[Spell] = field(default_factory=list)  # values: (code,)
    placements: list[Spell] = field(default_factory=list)
    # placement values: (place, provider, postcode, urn, carer_name, reason_changed)


@dataclass
class Episode:
    decom: dt.date
    rne: str
    ls: str
    cin: str
    place: str
    place_provider: str
    dec: dt.date | None
    rec: str
    reason_place_change: str
    home_post: str
    pl_post: str
    urn: str
    carer: str = ""


def _in_force(spells: list[Spell], day: dt.date, period_end: dt.date | None) -> Spell | None:
    """The spell in force on ``day``: the latest one started by then and not ended before it.

    A spell ending on ``day`` gives way to one starting that day; it still counts on the last day
    of the period (the placement and the care both end then)."""
    best = None
    for s in spells:
        if s.start > day:
            continue
        if s.end is not None and (s.end < day or (s.end == day and day != period_end)):
            continue
        if best is None or s.start >= best.start:
            best = s
    return best


def _placement_key(values: tuple) -> tuple:
    """What makes a placement a different placement for the SSDA903 (rules 435, 436)."""
    place, provider, postcode, urn = values[:4]
    return (place, provider, postcode.replace(" ", "").upper(), urn)


def derive_episodes(period: Period, *, year_end: dt.date) -> list[Episode]:
    """All SSDA903 episodes of one period of care, up to ``year_end`` (inclusive).

    Events after ``year_end`` are not yet reported: an episode running past it has no DEC/REC."""
    end = period.end if period.end and period.end <= year_end else None
    last_day = end or year_end
    change_days = {period.start}
    for s in (*period.legal_statuses, *period.placements):
        if period.start < s.start <= last_day and (end is None or s.start < end):
            change_days.add(s.start)
    episodes: list[Episode] = []
    prev_ls = prev_pl = None
    for day in sorted(change_days):
        ls = _in_force(period.legal_statuses, day, period.end)
        pl = _in_force(period.placements, day, period.end)
        ls_code = ls.values[0] if ls else ""
        pl_values = pl.values if pl else ("", "", "", "", "", "")
        if episodes:
            ls_changed = ls_code != prev_ls
            pl_changed = _placement_key(pl_values) != _placement_key(prev_pl)
            if not ls_changed and not pl_changed:
                continue
            same_carer = bool(pl_values[4]) and pl_values[4] == prev_pl[4]
            if ls_changed and pl_changed:
                rne = "B" if same_carer else "U"
            elif pl_changed:
                rne = "T" if same_carer else "P"
            else:
                rne = "L"
        else:
            rne = "S"
        place, provider, postcode, urn, carer, _reason = pl_values
        episodes.append(
            Episode(
                decom=day,
                rne=rne,
                ls=ls_code,
                cin=period.category_of_need,
                place=place,
                place_provider=provider,
                dec=None,
                rec="",
                reason_place_change="",
                home_post=period.home_postcode,
                pl_post=postcode,
                urn=urn,
                carer=carer,
            )
        )
        prev_ls, prev_pl = ls_code, pl_values
        if rne in ("P", "T", "U", "B") and len(episodes) > 1:
            before = episodes[-2]
            ended = _in_force(period.placements, before.decom, period.end)
            temporary = codes.TEMPORARY_PLACEMENTS
            if before.place not in temporary and place not in temporary and ended:
                before.reason_place_change = ended.values[5]
    for this, nxt in itertools.pairwise(episodes):
        this.dec, this.rec = nxt.decom, "X1"
    if episodes and end is not None:
        episodes[-1].dec, episodes[-1].rec = end, period.reason_ceased
    return episodes


def episodes_in_year(episodes: list[Episode], start: dt.date) -> list[Episode]:
    """The episodes still open on or after the first day of the year (``start``)."""
    return [e for e in episodes if e.dec is None or e.dec >= start]


# --- Loading a child's episodes -----------------------------------------------------------------


def group_rows(rows, key="child_id") -> dict:
    """Rows (dicts) grouped by ``row[key]``, in their order; the returns build on it."""
    out = defaultdict(list)
    for r in rows:
        out[r[key]].append(r)
    return out


PERIOD_FIELDS = (
    "id",
    "child_id",
    "start_date",
    "end_date",
    "reason_ceased",
    "category_of_need",
    "home_postcode",
    "previous_permanence",
    "previous_permanence_la",
    "previous_permanence_date",
)
PLACEMENT_FIELDS = (
    "period_id",
    "place",
    "provider",
    "postcode",
    "urn",
    "carer_name",
    "start_date",
    "end_date",
    "reason_changed",
)


def period_from(p: dict, statuses: dict, placements: dict) -> Period:
    """A period of care (a ``PeriodOfCare`` row) with its legal statuses and placements."""
    return Period(
        start=p["start_date"],
        end=p["end_date"],
        reason_ceased=p["reason_ceased"],
        category_of_need=p["category_of_need"],
        home_postcode=p["home_postcode"],
        legal_statuses=[
            Spell(s["start_date"], s["end_date"], (s["code"],)) for s in statuses.get(p["id"], ())
        ],
        placements=[
            Spell(
                s["start_date"],
                s["end_date"],
                (
                    s["place"],
                    s["provider"],
                    s["postcode"],
                    s["urn"],
                    s["carer_name"],
                    s["reason_changed"],
                ),
            )
            for s in placements.get(p["id"], ())
        ],
    )


def load_episodes(
    *, start: dt.date, end: dt.date, child_ids: frozenset[int] | None = None
) -> tuple[dict[int, list[Episode]], dict[int, list[dict]]]:
    """The episodes in the year [start, end] of these children (or of every child in care at
    some point in it): child -> episodes, and child -> their ``PeriodOfCare`` rows (``PERIOD_FIELDS``)
    begun by ``end``. A fixed handful of queries, whatever the number of children."""
    periods_qs = PeriodOfCare.objects.live().filter(start_date__lte=end)
    statuses_qs = LegalStatus.objects.live().filter(start_date__lte=end)
    placements_qs = Placement.objects.live().filter(start_date__lte=end)
    if child_ids is not None:
        periods_qs = periods_qs.filter(child_id__among=child_ids)
        statuses_qs = statuses_qs.filter(child_id__among=child_ids)
        placements_qs = placements_qs.filter(child_id__among=child_ids)
    else:
        in_year = periods_qs.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        children = in_year.values("child_id")
        periods_qs = periods_qs.filter(child_id__in=children)
        statuses_qs = statuses_qs.filter(child_id__in=children)
        placements_qs = placements_qs.filter(child_id__in=children)
    periods = group_rows(periods_qs.order_by("child_id", "start_date").values(*PERIOD_FIELDS))
    statuses = group_rows(
        statuses_qs.values("period_id", "code", "start_date", "end_date"), "period_id"
    )
    placements = group_rows(placements_qs.values(*PLACEMENT_FIELDS), "period_id")
    episodes: dict[int, list[Episode]] = {}
    for child_id, rows in periods.items():
        child_eps: list[Episode] = []
        for p in rows:
            if p["end_date"] and p["end_date"] < start:
                continue
            period = period_from(p, statuses, placements)
            child_eps.extend(episodes_in_year(derive_episodes(period, year_end=end), start))
        if child_eps:
            episodes[child_id] = child_eps
    return episodes, periods


# --- Cohorts ------------------------------------------------------------------------------------


def in_care_on_day(episodes: list[Episode], day: dt.date) -> bool:
    """Whether ``day`` falls within one of these episodes, its last day included (DfE rule 581:
    a missing episode starting the day care ended happened while the child was looked after).
    Not the count of children looked after *at* a day: see ``cla_open_on``."""
    return any(e.decom <= day and (e.dec is None or e.dec >= day) for e in episodes)


def continuously_looked_after(episodes: list[Episode], start: dt.date, end: dt.date) -> bool:
    """DfE's CONTINUOUSLY_LOOKED_AFTER (lac_validator.utils): in care during the year, with no
    new period started after 1 April, no period ended before 31 March and no short-break
    (V3/V4) episode in the year. Such children need an OC2 row; they are the OC2 indicators'
    cohort."""
    during = [e for e in episodes if e.decom <= end and (e.dec is None or e.dec >= start)]
    if not during:
        return False
    for e in episodes:
        if e.rne == "S" and start < e.decom <= end:
            return False
        if e.rec != "X1" and e.dec is not None and start <= e.dec < end:
            return False
    return not any(e.ls in codes.SHORT_BREAK_LEGAL_STATUSES for e in during)


def year_to(day: dt.date) -> tuple[dt.date, dt.date]:
    """The 12 months ending on ``day`` (1 April - 31 March for a 31 March)."""
    return add_months(day, n=-12) + dt.timedelta(days=1), day


def oc2_cohort(*, day: dt.date) -> dict[int, dt.date | None]:
    """Children continuously looked after for the 12 months to ``day`` (the SSDA903 OC2 cohort
    at 31 March) -> date of birth."""
    from hearth.people.models import Child

    start, end = year_to(day)
    episodes, _periods = load_episodes(start=start, end=end)
    cohort = [c for c, eps in episodes.items() if continuously_looked_after(eps, start, end)]
    return dict(Child.objects.filter(pk__in=cohort).values_list("pk", "date_of_birth"))


def sdq_due(dob: dt.date | None, *, start: dt.date, end: dt.date) -> bool:
    """Whether the OC2 asks for an SDQ score (or the reason for none) for a child born on
    ``dob`` in the year [start, end]: aged 4 or over at its end (rule 188) and not 17 before its
    start (rule 189), so a child whose 4th or 17th birthday falls in the year is asked (197B)."""
    return (
        dob is not None and add_months(dob, n=4 * 12) <= end and add_months(dob, n=17 * 12) >= start
    )


NOT_CARE_LEAVERS = frozenset({"E2", "E11", "E12", "E15"})
"""Care ending in death, adoption or an age assessment finding the young person an adult
makes no care leaver (rules 1001, 1002)."""


def oc3_cohort(
    start: dt.date, end: dt.date, *, leavers: dict[int, tuple[dt.date, dt.date | None]]
) -> dict[int, dt.date]:
    """Care leavers whose 17th-21st birthday falls in the year -> that birthday. ``leavers`` is
    ``hearth.care.selectors.care_leavers(day=end)`` (passed in: the selectors build on this
    module, not the other way round)."""
    cohort: dict[int, dt.date] = {}
    ended_as = {
        (child_id, ended): reason
        for child_id, ended, reason in PeriodOfCare.objects.live()
        .filter(child_id__among=frozenset(leavers), end_date__isnull=False)
        .values_list("child_id", "end_date", "reason_ceased")
    }
    for child_id, (dob, left) in leavers.items():
        if ended_as.get((child_id, left)) in NOT_CARE_LEAVERS:
            continue
        for age in (17, 18, 19, 20, 21):
            birthday = add_months(dob, n=age * 12)
            if start <= birthday <= end:
                cohort[child_id] = birthday
    return cohort
