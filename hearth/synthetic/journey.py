"""Simulate each child's journey through children's social care, event by event.

Plain Python objects only (no ORM): a ``Kid`` holds its contacts, early help, CIN episodes
(with assessments, plans, section 47s, conferences, CP plans) and periods of care (legal
statuses, placements, proceedings, adoption). Everything is simulated past the as-of date and
then clipped (``clip``) so that whatever is still going on at the as-of date is open.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from hearth.core.calendar import add_months, add_working_days, next_working_day, years_since
from hearth.core.calendar import previous_working_day as prev_wd
from hearth.synthetic import config as C

D = dt.timedelta

K3_FROM = dt.date(2024, 4, 1)
FOSTER_PLACEMENTS = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
OWN_ANYWHERE = FOSTER_PLACEMENTS | {"A3", "A4", "A5", "A6", "K3"}
"""Placements the LA may provide itself outside its area (rule 1015): fostering, adoption and
supported accommodation."""


def pick(rng: random.Random, table):
    x = rng.random() * sum(w for _, w in table)
    for value, weight in table:
        x -= weight
        if x < 0:
            return value
    return table[-1][0]


def birthday(dob: dt.date, age: int) -> dt.date:
    return add_months(dob, n=12 * age)


@dataclass(slots=True)
class Contact:
    at: dt.datetime
    source: str
    outcome: str
    decided_at: dt.datetime
    cp: bool


@dataclass(slots=True)
class EarlyHelp:
    start: dt.date
    end: dt.date | None
    reason: str
    agency: str
    contact: Contact | None = None
    stepped_down_from: Episode | None = None
    fgc: dt.date | None = None


@dataclass(slots=True)
class Conference:
    kind: str
    date: dt.date
    plan: bool


@dataclass(slots=True)
class CPPlan:
    start: dt.date
    end: dt.date | None
    category: str
    latest: str
    end_reason: str
    conferences: list[Conference] = field(default_factory=list)


@dataclass(slots=True)
class S47:
    strategy: dt.date
    end: dt.date | None
    outcome: str
    icpc: dt.date | None
    target: dt.date
    plan: CPPlan | None = None
    db: int = 0


@dataclass(slots=True)
class Episode:
    referral: dt.date
    source: str
    need: str
    contact: Contact | None
    nfa: bool = False
    closure: dt.date | None = None
    reason: str = ""
    ass_start: dt.date | None = None
    ass_done: dt.date | None = None
    ass_auth: dt.date | None = None
    factors: tuple[str, ...] = ()
    cin_plans: list[tuple[dt.date, dt.date | None]] = field(default_factory=list)
    s47s: list[S47] = field(default_factory=list)
    cp_plans: list[CPPlan] = field(default_factory=list)
    stepped_up_from: EarlyHelp | None = None
    kind: str = "nfa"
    period: Period | None = None
    # (team kind, start, end) of social work involvement, for allocations
    phases: list[tuple[str, dt.date, dt.date | None]] = field(default_factory=list)


@dataclass(slots=True)
class Placement:
    place: str
    provider: str
    start: dt.date
    end: dt.date | None
    reason: str = ""
    where: str = "local"
    postcode: str = ""
    la: str = ""
    carer: str = ""
    urn: str = ""
    same_carer: bool = False  # the previous placement's carers, e.g. placed for adoption with them


@dataclass(slots=True)
class Period:
    start: dt.date
    end: dt.date | None
    reason: str
    need: str
    route: str
    outcome: str
    legal: list[list] = field(default_factory=list)  # [code, start, end]
    placements: list[Placement] = field(default_factory=list)
    proceedings: list | None = None  # [plo, issued, final_date, order]
    adoption: dict | None = None
    home_postcode: str = ""


@dataclass(slots=True)
class Kid:
    id: int
    family: int
    sex: str
    ethnicity: str
    dob: dt.date | None
    edd: dt.date | None
    disabled: bool
    uasc: dt.date | None = None
    first_seen: dt.date | None = None
    contacts: list[Contact] = field(default_factory=list)
    early_help: list[EarlyHelp] = field(default_factory=list)
    episodes: list[Episode] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    siblings: list[int] = field(default_factory=list)
    home: str = ""
    care_leaver_from: dt.date | None = None
    last_name: str = ""

    @property
    def birth(self) -> dt.date:
        return self.dob or self.edd


SOURCES = (
    ("6", 29),
    ("2A", 18),
    ("2B", 1),
    ("3A", 3),
    ("3B", 2),
    ("3C", 1),
    ("3D", 2),
    ("3E", 2),
    ("3F", 4),
    ("4", 2),
    ("5A", 3),
    ("5B", 3),
    ("5C", 2),
    ("5D", 4),
    ("1A", 5),
    ("1B", 2),
    ("1C", 1),
    ("1D", 2),
    ("7", 2),
    ("8", 6),
    ("9", 1),
    ("10", 5),
)
NEEDS = (("N1", 57), ("N4", 7), ("N5", 16), ("N6", 4), ("N3", 3), ("N8", 3), ("N7", 1))
FACTORS_COMMON = (
    ("3B", 30),
    ("3A", 14),
    ("4B", 24),
    ("2B", 12),
    ("1B", 10),
    ("16A", 14),
    ("17A", 14),
    ("18B", 6),
    ("19B", 3),
    ("4A", 8),
    ("5B", 4),
    ("6B", 3),
    ("7A", 2),
    ("15A", 4),
    ("20", 6),
)
FACTORS_TEEN = (("10A", 8), ("11A", 5), ("24A", 6), ("13A", 3), ("14A", 5), ("2A", 5), ("1A", 3))


class Simulator:
    def __init__(self, rng: random.Random, *, as_of: dt.date, history_start: dt.date):
        self.r = rng
        self.as_of = as_of
        self.history_start = history_start

    # --- helpers -------------------------------------------------------------------------------
    def wd_after(self, day: dt.date, lo: int, hi: int) -> dt.date:
        return add_working_days(day, n=self.r.randint(lo, hi))

    def at_work(self, day: dt.date) -> dt.datetime:
        day = next_working_day(day)
        return dt.datetime(
            day.year, day.month, day.day, self.r.randint(8, 17), self.r.randint(0, 59)
        )

    def days(self, lo: int, hi: int) -> D:
        return D(days=self.r.randint(lo, hi))

    # --- front door ----------------------------------------------------------------------------
    def journey(
        self, kid: Kid, first: dt.date, *, forced: str | None = None, source: str | None = None
    ) -> None:
        """Contacts from ``first`` on, until the child stops coming back or turns 18."""
        r = self.r
        t = first
        known = False
        while t <= self.as_of:
            if years_since(kid.birth, t) >= 18 or (kid.dob is None and t > kid.edd):
                return
            if kid.dob is not None and t < kid.dob:
                t = kid.dob + D(days=1)
                continue
            received = self.at_work(t)
            cp = r.random() < 0.18
            outcome = forced or pick(
                r, C.CONTACT_OUTCOME_KNOWN if known else C.CONTACT_OUTCOME_FIRST
            )
            if kid.dob is None:
                outcome = "referral"
            hours = r.randint(1, 4) if cp else r.randint(2, 22)
            contact = Contact(
                received, source or pick(r, SOURCES), outcome, received + D(hours=hours), cp
            )
            kid.contacts.append(contact)
            known = True
            forced = source = None
            day = contact.decided_at.date()
            if kid.dob is not None and day >= birthday(kid.dob, 18) - D(days=7):
                contact.outcome = "advice"
                return
            if outcome == "referral":
                ep = self.episode(kid, day, contact)
                if ep.closure is None or ep.closure > self.as_of:
                    return
                if r.random() >= C.P_REREFERRAL[ep.kind]:
                    return
                lo, hi, _ = pick(r, [((a, b, w), w) for a, b, w in C.REREFERRAL_GAP])
                t = ep.closure + self.days(max(lo, 7), hi)
            elif outcome == "early_help":
                eh = self.early_help(kid, day, contact=contact)
                if eh.reason == "step_up":
                    t, forced, source = eh.end, "referral", "5D"
                    continue
                if r.random() >= C.P_RECONTACT_AFTER_CONTACT:
                    return
                t = (eh.end or day) + self.days(30, 700)
            else:
                if r.random() >= C.P_RECONTACT_AFTER_CONTACT:
                    return
                t = day + self.days(14, 600)

    def early_help(self, kid: Kid, start: dt.date, *, contact=None, from_episode=None) -> EarlyHelp:
        r = self.r
        end = start + self.days(60, 300)
        reason = (
            "step_up"
            if r.random() < C.P_EARLY_HELP_STEP_UP
            else pick(r, (("needs_met", 70), ("disengaged", 18), ("moved", 4), ("other", 8)))
        )
        age = years_since(kid.birth, start) if kid.dob else 0
        agency = pick(
            r,
            (
                ("la", 45),
                ("school", 25 if age >= 4 else 0),
                ("early_years", 15 if age < 5 else 0),
                ("health", 10),
                ("voluntary", 5),
            ),
        )
        eh = EarlyHelp(start, end, reason, agency, contact, from_episode)
        if r.random() < 0.2:
            eh.fgc = start + self.days(20, 50)
        # A child has one early help episode at a time (the database refuses a second open one):
        # a contact or step-down while early help is running joins it. Decided after the draws,
        # so the random stream (and every other child's journey) is unchanged.
        running = next(
            (e for e in kid.early_help if e.start <= end and (e.end is None or start <= e.end)),
            None,
        )
        if running is not None:
            return running
        kid.early_help.append(eh)
        return eh

    # --- children in need ----------------------------------------------------------------------
    def episode(
        self,
        kid: Kid,
        rd: dt.date,
        contact: Contact | None,
        *,
        source: str | None = None,
        uasc: bool = False,
        legacy: str | None = None,
    ) -> Episode:
        r = self.r
        need = "N2" if kid.disabled and r.random() < 0.7 else pick(r, NEEDS)
        ep = Episode(rd, source or (contact.source if contact else "10"), need, contact)
        kid.episodes.append(ep)
        eighteen = birthday(kid.birth, 18)
        age = years_since(kid.birth, rd) if kid.dob else -1
        if uasc:
            ep.need = "N8"
            self.assess(ep, rd, age, uasc=True)
            ep.kind = "cla"
            period = self.care(kid, rd, "uasc", ep)
            self.after_care(kid, ep, period, eighteen)
            return self.finish(kid, ep, eighteen)
        if r.random() < C.P_REFERRAL_NFA and kid.dob is not None and not legacy:
            ep.nfa = True
            ep.need = "N9"
            ep.closure = rd + self.days(0, 3)
            ep.reason = "RC8"
            ep.kind = "nfa"
            return self.finish(kid, ep, eighteen)
        self.assess(ep, rd, age)
        ep.phases.append(("assessment", rd, ep.ass_auth))
        care_at = None
        route = "court"
        # strategy discussion and section 47
        prior_cp = any(e.cp_plans for e in kid.episodes if e is not ep)
        p_strategy = C.P_STRATEGY_PRIOR_CP if prior_cp else C.P_STRATEGY * (1.3 if age < 5 else 1)
        if r.random() < p_strategy:
            sd = self.wd_after(rd, 0, 6)
            target = add_working_days(sd, n=15)
            s47 = S47(sd, None, "", None, target)
            ep.s47s.append(s47)
            if r.random() < (C.P_ICPC_PRIOR_CP if prior_cp else C.P_ICPC_GIVEN_S47):
                n = (
                    r.choice((11, 12, 13, 14, 14, 15, 15))
                    if r.random() < C.P_ICPC_WITHIN_15
                    else r.randint(16, 28)
                )
                icpc = add_working_days(sd, n=n)
                s47.icpc = s47.end = icpc
                s47.outcome = "substantiated"
                if r.random() < C.P_PLAN_GIVEN_ICPC and (kid.dob is None or icpc < eighteen):
                    plan = self.cp_plan(kid, ep, icpc, age)
                    s47.plan = plan
            else:
                s47.end = add_working_days(sd, n=r.randint(5, 15))
                s47.outcome = "not_substantiated" if r.random() < 0.6 else "not_at_risk"
        if legacy:
            care_at, route = rd + self.days(1, 40), legacy
            ep.cp_plans.clear()
            for s in ep.s47s:
                s.plan = None
        elif (
            kid.dob is not None
            and r.random() < C.P_CARE_EMERGENCY * (1.6 if age < 1 else 1.0)
            and not self.left_care_this_year(kid, rd)
        ):
            care_at, route = rd + self.days(0, 4), "emergency"
            for plan in list(ep.cp_plans):
                if plan.start >= care_at:
                    ep.cp_plans.remove(plan)
                    for s in ep.s47s:
                        if s.plan is plan:
                            s.plan = None
                elif plan.end is None or plan.end > care_at:
                    plan.end, plan.end_reason = care_at, "looked_after"
        plan = ep.cp_plans[-1] if ep.cp_plans else None
        if care_at is None and plan is not None:
            ep.kind = "cp"
            ep.phases.append(("safeguarding", plan.start, None))
            if r.random() < C.P_CARE_FROM_CP and kid.dob is not None:
                care_at = plan.start + D(days=int((plan.end - plan.start).days * r.random()) + 1)
                if care_at >= plan.end:
                    care_at = plan.end
                if self.left_care_this_year(kid, care_at):
                    care_at = None
            if care_at is not None:
                plan.end, plan.end_reason = care_at, "looked_after"
                route = "court"
            else:
                after = plan.end
                if plan.end_reason == "risk_reduced":
                    # stepped down to a CIN plan from the next day (a CP review inside a CIN
                    # plan is an error, CIN 4003)
                    cin_end = after + self.days(90, 270)
                    ep.cin_plans.append((after + D(days=1), cin_end))
                    after = cin_end
                ep.closure, ep.reason = after, "RC5" if plan.end_reason == "moved" else "RC7"
        elif care_at is None:
            outcome = pick(self.r, C.ASSESSMENT_OUTCOME)
            if kid.dob is None:
                outcome = "cin_plan"
            auth = ep.ass_auth
            if outcome == "cin_plan":
                ep.kind = "cin"
                team = "disabled" if ep.need == "N2" else "safeguarding"
                ep.phases.append((team, auth, None))
                end = auth + D(days=int(r.triangular(60, 420, 150)))
                ep.cin_plans.append((auth, end))
                p_care = C.P_CARE_FROM_CIN + (C.P_CARE_ADOLESCENT_S20 if 12 <= age <= 16 else 0)
                if r.random() < p_care and kid.dob is not None:
                    care_at = auth + D(days=int((end - auth).days * r.random()) + 1)
                    if self.left_care_this_year(kid, care_at):
                        care_at = None
                if care_at is not None:
                    ep.cin_plans[-1] = (auth, care_at)
                    route = "s20" if age >= 10 or r.random() < 0.4 else "court"
                else:
                    ep.closure, ep.reason = end, "RC7"
            else:
                ep.kind = "nfa"
                ep.closure, ep.reason = auth, "RC8" if outcome == "nfa" else "RC9"
                if outcome == "early_help":
                    self.early_help(kid, auth, from_episode=ep)
        if care_at is not None and care_at < eighteen:
            ep.kind = "cla"
            if route == "court" and age >= 13 and r.random() < 0.4:
                route = "s20"
            period = self.care(kid, care_at, route, ep)
            self.after_care(kid, ep, period, eighteen)
        elif care_at is not None:
            ep.closure, ep.reason = eighteen, "RC7"
        return self.finish(kid, ep, eighteen)

    @staticmethod
    def left_care_this_year(kid: Kid, day: dt.date) -> bool:
        """Whether a period of care ended earlier in ``day``'s collection year (1 April - 31
        March): such a child stays at home on their plan instead of coming back into care that
        year. It is rare in practice, and lac_validator's SW12STG2 cannot accept any social
        worker episodes for a child whose period of care ends and a new one starts in one year."""

        def year(d: dt.date) -> int:
            return d.year if d.month >= 4 else d.year - 1

        return any(p.end is not None and year(p.end) == year(day) for p in kid.periods)

    def assess(self, ep: Episode, rd: dt.date, age: int, *, uasc: bool = False) -> None:
        r = self.r
        start = next_working_day(rd + self.days(0, 2))
        if r.random() < C.P_ASSESSMENT_ON_TIME:
            n = int(r.triangular(8, 45, 38))
        else:
            n = r.randint(46, 85)
        ep.ass_start = start
        ep.ass_auth = add_working_days(start, n=n)
        ep.ass_done = add_working_days(start, n=max(1, n - r.randint(0, 3)))
        if uasc:
            ep.factors = ("9A",)
            return
        k = pick(r, ((1, 35), (2, 35), (3, 20), (4, 10)))
        table = FACTORS_COMMON + (FACTORS_TEEN if age >= 11 else ())
        chosen: list[str] = []
        while len(chosen) < k:
            f = pick(r, table)
            if f not in chosen:
                chosen.append(f)
        ep.factors = tuple(sorted(chosen))

    def cp_plan(self, kid: Kid, ep: Episode, icpc: dt.date, age: int) -> CPPlan:
        r = self.r
        cat = pick(r, C.CP_CATEGORY)
        latest = cat if r.random() < 0.9 else pick(r, C.CP_CATEGORY)
        plan = CPPlan(icpc, None, cat, latest, "")
        plan.conferences.append(Conference("initial", icpc, True))
        bucket = pick(r, C.CP_DURATION)
        reviews = [prev_wd(add_months(icpc, n=3) - self.days(0, 14))]
        if bucket == "early_review":
            reviews.append(prev_wd(add_months(icpc, n=r.choice((4, 5, 6))) - self.days(0, 10)))
            ends_at = 1
        else:
            ends_at = {
                "first_review": 0,
                "review_9": 1,
                "review_15_21": r.choice((2, 3)),
                "review_27_plus": r.choice((4, 5)),
            }[bucket]
        while len(reviews) <= ends_at:
            reviews.append(prev_wd(add_months(reviews[-1], n=6) - self.days(0, 20)))
        for i, day in enumerate(reviews[: ends_at + 1]):
            plan.conferences.append(Conference("review", day, i < ends_at))
        plan.end = reviews[ends_at]
        plan.end_reason = pick(
            r, (("risk_reduced", 62), ("no_further", 30), ("moved", 4), ("other", 4))
        )
        ep.cp_plans.append(plan)
        return plan

    def finish(self, kid: Kid, ep: Episode, eighteen: dt.date) -> Episode:
        """Close at 18 what would run past it; close the phases; keep the order of dates."""
        if kid.dob is not None and (ep.closure is None or ep.closure > eighteen):
            ep.closure = eighteen
            ep.reason = "RC6" if kid.disabled and self.r.random() < 0.5 else "RC7"
            for plan in ep.cp_plans:
                if plan.end is None or plan.end > eighteen:
                    plan.end, plan.end_reason = eighteen, "age"
                    plan.conferences = [c for c in plan.conferences if c.date <= eighteen]
            ep.cin_plans = [
                (s, min(e, eighteen) if e else eighteen) for s, e in ep.cin_plans if s <= eighteen
            ]
        close = ep.closure
        # nothing inside the episode outlasts it
        # nothing in the episode starts or is authorised after it closes (CIN 8565)
        if ep.ass_start and ep.ass_start > close:
            ep.ass_start = max(close, ep.referral)
        if ep.ass_auth and ep.ass_auth > close:
            ep.ass_auth = max(close, ep.ass_start)
            ep.ass_done = min(ep.ass_done, ep.ass_auth)
        ep.cin_plans = [(s, min(e, close) if e else close) for s, e in ep.cin_plans if s <= close]
        ep.s47s = [s47 for s47 in ep.s47s if s47.strategy <= close]
        for s47 in ep.s47s:
            if s47.end is None or s47.end > close:
                s47.end = max(close, s47.strategy)
                s47.outcome = s47.outcome or "not_substantiated"
            if s47.icpc and s47.icpc > close:
                s47.icpc = None
        ep.cp_plans = [p for p in ep.cp_plans if p.start <= close]
        for s47 in ep.s47s:
            if s47.plan is not None and s47.plan not in ep.cp_plans:
                s47.plan = None
        for plan in ep.cp_plans:
            if plan.end is None or plan.end > close:
                plan.end, plan.end_reason = close, plan.end_reason or "other"
            # a plan that ended early (the child came into care) has no later reviews
            plan.conferences = [c for c in plan.conferences if c.date <= min(close, plan.end)]
        # "closed after assessment" (RC8/RC9) only fits a case where the assessment was all
        # that happened; after a section 47 enquiry or a plan the case closes as RC7 (CIN 2990)
        if ep.reason in ("RC8", "RC9") and (ep.s47s or ep.cp_plans or ep.cin_plans):
            ep.reason = "RC7"
        phases = []
        for team, start, end in ep.phases:
            end = close if end is None else min(end, close)
            if end > start:
                phases.append((team, start, end))
        # contiguous: each phase ends where the next begins
        for i in range(len(phases) - 1):
            team, start, _ = phases[i]
            phases[i] = (team, start, phases[i + 1][1])
        ep.phases = [p for p in phases if p[2] > p[1]]
        return ep

    # --- children looked after -----------------------------------------------------------------
    def after_care(self, kid: Kid, ep: Episode, period: Period, eighteen: dt.date) -> None:
        end = period.end
        phases = [p for p in ep.phases if p[1] < period.start]
        ep.phases = [(t, s, min(e, period.start) if e else period.start) for t, s, e in phases]
        team = "children_in_care"
        ep.phases.append((team, period.start, end))
        if period.adoption and period.adoption.get("po"):
            ep.phases.append(("adoption", period.adoption["po"], end))
        if end >= eighteen:
            ep.closure = eighteen
            ep.reason = "RC7"
            return
        reason = period.reason
        if reason in ("E11", "E12"):
            ep.closure, ep.reason = end, "RC1"
        elif reason in ("E45", "E46", "E47", "E48"):
            ep.closure, ep.reason = end, "RC4"
        elif reason == "E41":
            ep.closure, ep.reason = end, "RC3"
        elif reason in ("E4A", "E4B"):
            follow = end + self.days(60, 200)
            ep.cin_plans.append((end, follow))
            ep.phases.append(("safeguarding", end, follow))
            ep.closure, ep.reason = follow, "RC7"
        else:
            ep.closure, ep.reason = end, "RC7"

    def care(self, kid: Kid, start: dt.date, route: str, ep: Episode | None) -> Period:
        r = self.r
        age = years_since(kid.dob, start)
        eighteen = birthday(kid.dob, 18)
        if route == "uasc":
            outcome = "leave18"
        elif age < 1:
            outcome = pick(r, (("adoption", 48), ("sgo", 22), ("home", 16), ("long_term", 14)))
        elif age < 5:
            outcome = pick(r, (("adoption", 28), ("sgo", 24), ("home", 30), ("long_term", 18)))
        elif age < 10:
            outcome = pick(r, (("sgo", 14), ("home", 46), ("long_term", 40)))
        elif age < 16:
            outcome = pick(r, (("sgo", 5), ("home", 50), ("long_term", 30), ("other", 15)))
        else:
            outcome = pick(r, (("home", 30), ("leave18", 60), ("other", 10)))
        if route in ("s20", "uasc") and outcome == "adoption":
            outcome = "long_term"
        need = (
            "N8"
            if route == "uasc"
            else (
                "N2"
                if kid.disabled
                else pick(r, (("N1", 66), ("N4", 8), ("N5", 14), ("N6", 4), ("N3", 3), ("N8", 5)))
            )
        )
        period = Period(start, None, "", need, route, outcome)
        legal = period.legal
        t = start
        if route == "emergency":
            code = "L1" if r.random() < 0.6 else "L2"
            t = start + self.days(1, 3 if code == "L1" else 8)
            legal.append([code, start, t])
            route = "court" if age < 12 or r.random() < 0.5 else "s20"
        issued = None
        if route == "court":
            issued = t
            legal.append(["C1", t, None])
        elif route in ("s20", "uasc"):
            legal.append(["V2", t, None])
            convert = outcome in ("long_term", "sgo") and age < 14 and r.random() < 0.85
            if outcome == "adoption" or convert:
                issued = t + self.days(30, 200)
                legal[-1][2] = issued
                legal.append(["C1", issued, None])
        final = None
        if issued is not None:
            weeks = r.choice((27, 29, 31, 33, 34, 36, 38, 41, 45))
            final = issued + D(weeks=weeks, days=r.randint(0, 6))
            plo = None if age < 1 or r.random() < 0.3 else issued - self.days(28, 110)
            period.proceedings = [plo, issued, final, ""]
        # when does care end, and why
        end, reason = None, ""
        if outcome == "adoption":
            po = final
            placed = max(start + D(days=int(r.gauss(580, 110))), po + self.days(45, 150))
            if r.random() < 0.08:
                period.adoption = {
                    "decision": po - self.days(20, 90),
                    "po": po,
                    "failed": po + self.days(150, 400),
                }
                outcome = period.outcome = "long_term"
            else:
                match = placed - self.days(7, 28)
                order = placed + D(days=int(r.gauss(270, 55)))
                period.adoption = {
                    "decision": po - self.days(20, 90),
                    "po": po,
                    "match": match,
                    "placed": placed,
                    "order": order,
                }
                end, reason = order, "E11" if r.random() < 0.4 else "E12"
            period.proceedings[3] = "placement"
        if outcome == "sgo":
            end = final if final and r.random() < 0.65 else start + self.days(300, 1100)
            reason = pick(r, (("E45", 30), ("E46", 15), ("E47", 45), ("E48", 10)))
            if period.proceedings:
                period.proceedings[3] = "sgo"
        elif outcome == "home":
            if final and r.random() < 0.5:
                end = final
                if period.proceedings:
                    period.proceedings[3] = "supervision" if r.random() < 0.6 else "no_order"
            else:
                end = start + D(days=int(min(1200, 7 + r.expovariate(1 / 260))))
            reason = "E4A" if r.random() < 0.75 else "E4B"
            if age >= 10 and r.random() < 0.2:
                reason = "E41" if issued and r.random() < 0.5 else "E13"
        elif outcome == "other":
            end = start + self.days(30, 700)
            reason = pick(r, (("E13", 40), ("E8", 40), ("E41", 10), ("E16", 10)))
        elif outcome in ("long_term", "leave18"):
            end = eighteen
            if route == "uasc" and r.random() < 0.03:
                end, reason = start + self.days(20, 120), "E15"
            else:
                reason = (
                    "E7"
                    if kid.disabled and r.random() < 0.4
                    else pick(r, (("E5", 45), ("E17", 25), ("E8", 20), ("E6", 10)))
                )
        if end is None or end > eighteen:
            end = eighteen
            reason = "E17" if r.random() < 0.3 else "E5"
        if final and end > final and period.proceedings and not period.proceedings[3]:
            period.proceedings[3] = "care_order"
        if final and end <= final:
            period.proceedings[2] = end
        if (end.month, end.day) == (3, 31) and end + D(days=1) < eighteen:
            # lac_validator counts a child whose care ends on 31 March as looked after on that
            # day (continuously looked after, OC2), which then clashes with AD1/OC3 (rule 187)
            end += D(days=1)
            if period.adoption and period.adoption.get("order"):
                period.adoption["order"] = end
        if end <= start:
            end = start + D(days=1)
        period.end, period.reason = end, reason
        # legal statuses after the final hearing
        if final and final < end:
            code = (
                "E1"
                if outcome == "adoption" or (period.adoption and period.adoption.get("po"))
                else "C2"
            )
            legal[-1][2] = final
            legal.append([code, final, None])
            if code == "E1" and period.adoption and period.adoption.get("failed"):
                fail = period.adoption["failed"]
                if fail < end:
                    legal[-1][2] = fail
                    legal.append(["C2", fail, None])
        legal[:] = [x for x in legal if x[1] < end]
        legal[-1][2] = end
        for i in range(len(legal) - 1):
            legal[i][2] = legal[i + 1][1]
        self.placements(kid, period, age, eighteen)
        if reason in ("E45", "E46") and period.placements[-1].place not in FOSTER_PLACEMENTS:
            # special guardians who were not the child's foster carers (rule 516)
            period.reason = reason = "E47" if reason == "E45" else "E48"
        kid.periods.append(period)
        ep.period = period
        if end >= birthday(kid.dob, 16) and end > start:
            after14 = (end - max(start, birthday(kid.dob, 14))).days
            if after14 >= 91 and reason not in ("E2", "E15", "E11", "E12"):
                kid.care_leaver_from = end
        return period

    def placements(self, kid: Kid, period: Period, age: int, eighteen: dt.date) -> None:
        r = self.r
        start, end = period.start, period.end
        uasc = period.route == "uasc"
        adoption = period.adoption or {}
        placed = adoption.get("placed")

        def first_type(a: int) -> str:
            # supported accommodation (K3, H5 before it) is for 16- and 17-year-olds (rule 371)
            if uasc:
                if a < 16:
                    return pick(r, (("U6", 85), ("K2", 15)))
                return pick(r, (("K3", 55), ("U6", 40), ("K2", 5)))
            if a < 1:
                return pick(r, (("U6", 62), ("U3", 6), ("R3", 6), ("U5", 8), ("P1", 10)))
            if a < 5:
                return pick(r, (("U6", 66), ("U3", 7), ("P1", 12), ("U5", 6)))
            if a < 12:
                return pick(r, (("U6", 60), ("U3", 6), ("K2", 16), ("P1", 12)))
            if a < 16:
                return pick(
                    r, (("U6", 48), ("U3", 16), ("K2", 24), ("P1", 7), ("K1", 2), ("S1", 3))
                )
            return pick(r, (("U6", 30), ("U3", 3), ("K2", 20), ("K3", 38), ("P1", 7)))

        seq: list[Placement] = []
        t = start
        kind = first_type(age)
        stop = placed if placed and placed < end else end
        while t < stop:
            grp = self.group(kind)
            gap = r.expovariate(
                C.MOVE_RATE[grp] * (1.5 if 12 <= years_since(kid.dob, t) < 18 else 1)
            )
            nxt = t + D(days=max(3, int(gap * 365)))
            reason = pick(
                r,
                (
                    ("CARPL", 42),
                    ("CREQB", 11),
                    ("CREQO", 9),
                    ("CHILD", 4),
                    ("STAND", 2),
                    ("ALLEG", 2),
                    ("LAREQ", 3),
                    ("CLOSE", 2),
                    ("APPRR", 1),
                    ("OTHER", 24),
                ),
            )
            seq.append(Placement(kind, "", t, min(nxt, stop), reason))
            t = nxt
            a = years_since(kid.dob, min(t, stop))
            kind = first_type(a)
            if kind == "P1" and r.random() < 0.7:
                kind = "U6"
        if placed and placed < end:
            previous = seq[-1] if seq and seq[-1].end >= placed else None
            # with the current foster carers (A5) only after a foster placement: fostering for
            # adoption (U2/U5) or foster carers who go on to adopt (rules 217, 335)
            fostered = previous is not None and previous.place in FOSTER_PLACEMENTS
            with_carers = fostered and (previous.place in ("U5", "U2") or r.random() < 0.1)
            if previous is not None:
                previous.reason = "CARPL"
            seq.append(
                Placement(
                    "A5" if with_carers else "A6", "", placed, end, "", same_carer=with_carers
                )
            )
        seq[-1].reason = ""
        for p in seq:
            p.start = max(p.start, start)
        seq = [p for p in seq if p.end > p.start]
        for i in range(len(seq) - 1):
            seq[i].end = seq[i + 1].start
        seq[-1].end = end
        # placed with parents only under a care order, never under section 20 alone (rule 378)
        for p in seq:
            if p.place == "P1" and "V2" in self.legal_during(period, p.start, p.end):
                p.place = "U6"
        seq = self.semi_independent_codes(seq)
        for p in seq:
            p.provider = self.provider(p.place)
            grp = self.group(p.place)
            if p.same_carer:
                p.where = "same"
            elif p.place == "P1":
                p.where = "home"
            elif p.place in ("K3", "H5") or (p.provider == "PR1" and p.place not in OWN_ANYWHERE):
                # the LA's own children's homes are in the LA, and so is the supported
                # accommodation it commissions: rules 1015 and 241 compare the provider's LA
                p.where = "local"
            elif r.random() < C.P_FAR_PLACEMENT.get(grp, 0.3):
                p.where = "far" if r.random() < 0.65 else "near"
            else:
                p.where = "near" if grp == "kinship" and r.random() < 0.3 else "local"
        period.placements = seq

    @staticmethod
    def legal_during(period: Period, start: dt.date, end: dt.date) -> set[str]:
        return {c for c, s, e in period.legal if s < end and (e is None or e > start)}

    @staticmethod
    def semi_independent_codes(seq: list[Placement]) -> list[Placement]:
        """Semi-independent living (H5) until 31 March 2024, supported accommodation (K3) from
        1 April 2024, when K3 joins the SSDA903's code list (H5 leaves it in 2025-26): a
        placement running over that date is recorded again as K3 with the same provider
        (reason PLACE, a change of status only)."""
        out: list[Placement] = []
        for p in seq:
            if p.place not in ("K3", "H5"):
                out.append(p)
                continue
            if p.start >= K3_FROM:
                p.place = "K3"
                out.append(p)
                continue
            p.place = "H5"
            out.append(p)
            if p.end > K3_FROM:
                after = Placement("K3", "", K3_FROM, p.end, p.reason, same_carer=True)
                p.end, p.reason = K3_FROM, "PLACE"
                out.append(after)
        return out

    @staticmethod
    def group(place: str) -> str:
        if place in ("U1", "U2", "U3"):
            return "kinship"
        if place.startswith("U"):
            return "foster"
        if place in ("K1", "K2"):
            return "home"
        if place in ("K3", "H5"):
            return "semi"
        return "other"

    def provider(self, place: str) -> str:
        r = self.r
        if place == "P1":
            return "PR0"
        if place in ("U1", "U2", "U3"):
            return "PR1"
        if place in ("U4", "U5", "U6"):
            return "PR1" if r.random() < 0.55 else "PR4"
        if place in ("A5", "A6"):
            return "PR1" if r.random() < 0.6 else "PR5"
        if place in ("K1", "K2"):
            return "PR4" if r.random() < 0.8 else "PR1"
        return "PR4"

    # --- clipping at the as-of date ---------------------------------------------------------------
    def clip(self, kid: Kid) -> None:
        a = self.as_of
        kid.contacts = [c for c in kid.contacts if c.decided_at.date() <= a]
        for eh in kid.early_help:
            if eh.end and eh.end > a:
                eh.end, eh.reason = None, ""
            if eh.fgc and eh.fgc > a:
                eh.fgc = None
        kid.early_help = [e for e in kid.early_help if e.start <= a]
        kept = []
        for ep in kid.episodes:
            if ep.referral > a:
                continue
            kept.append(ep)
            if ep.closure and ep.closure > a:
                ep.closure, ep.reason = None, ""
            if ep.ass_start and ep.ass_start > a:
                ep.ass_start = ep.ass_done = ep.ass_auth = None
            if ep.ass_auth and ep.ass_auth > a:
                ep.ass_auth = None
                if ep.ass_done and ep.ass_done > a:
                    ep.ass_done = None
            ep.cin_plans = [(s, e if e and e <= a else None) for s, e in ep.cin_plans if s <= a]
            for s in ep.s47s:
                if s.end and s.end > a:
                    s.end, s.outcome = None, ""
                if s.icpc and s.icpc > a:
                    s.icpc = None
                    s.plan = None
            ep.s47s = [s for s in ep.s47s if s.strategy <= a]
            plans = []
            for p in ep.cp_plans:
                if p.start > a:
                    continue
                p.conferences = [c for c in p.conferences if c.date <= a]
                if p.end and p.end > a:
                    p.end, p.end_reason = None, ""
                    if p.conferences and p.conferences[-1].kind == "review":
                        p.conferences[-1].plan = True
                plans.append(p)
            ep.cp_plans = plans
            ep.phases = [(t, s, e if e <= a else None) for t, s, e in ep.phases if s <= a]
        kid.episodes = kept
        periods = []
        for p in kid.periods:
            if p.start > a:
                continue
            periods.append(p)
            if p.end > a:
                p.end, p.reason = None, ""
            p.legal = [x for x in p.legal if x[1] <= a]
            for x in p.legal:
                if x[2] > a:
                    x[2] = None
            p.placements = [x for x in p.placements if x.start <= a]
            for x in p.placements:
                if x.end > a:
                    x.end, x.reason = None, ""
            if p.proceedings:
                plo, issued, final, _order = p.proceedings
                if issued > a:
                    p.proceedings = None
                elif final and final > a:
                    p.proceedings = [plo, issued, None, ""]
            if p.adoption:
                ad = p.adoption
                if ad["decision"] > a:
                    p.adoption = None
                else:
                    p.adoption = {k: (v if v <= a else None) for k, v in ad.items()}
        kid.periods = periods
        if kid.care_leaver_from and kid.care_leaver_from > a:
            kid.care_leaver_from = None
