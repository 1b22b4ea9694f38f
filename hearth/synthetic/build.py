"""Build a synthetic local authority: simulate, staff it, then write everything in bulk.

``build(seed=1, size="demo", as_of=date(2026, 3, 31))`` is deterministic: one ``random.Random``
seeded from ``seed`` drives every choice (Faker is seeded from it too), children are simulated
in a fixed order, and primary keys are assigned here rather than by the database, so the same
seed, size and as-of date give identical rows on SQLite and PostgreSQL.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
import sys
from collections import defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import DateTimeField, DecimalField, JSONField
from django.utils import timezone
from tqdm import tqdm

from hearth.care import models as care
from hearth.casework import models as cw
from hearth.core import record_version
from hearth.core.calendar import add_months, add_working_days, next_working_day, years_since
from hearth.core.models import Authority
from hearth.familyhelp import models as fhm
from hearth.macpt import models as macpt
from hearth.people import models as people
from hearth.people.upn import make_nhs_number, make_upn
from hearth.quality import models as qm
from hearth.sharing.models import SharingDecision
from hearth.synthetic import carers, texts
from hearth.synthetic import config as C
from hearth.synthetic.journey import SOURCES, Kid, Simulator, birthday, pick
from hearth.synthetic.names import ETHNICITY_WEIGHTS, UASC_ETHNICITY, NameBank
from hearth.synthetic.places import Places
from hearth.synthetic.safeguarding import MODELS as SAFEGUARDING_MODELS
from hearth.synthetic.safeguarding import write_safeguarding
from hearth.workforce import models as wf

LONDON = ZoneInfo("Europe/London")
D = dt.timedelta

# Tables written by the generator, parents before children.
MODELS = [
    Authority,
    wf.Team,
    wf.Worker,
    wf.Post,
    wf.PostHolding,
    people.Child,
    people.ChildDisability,
    people.Address,
    people.FamilyMember,
    people.Professional,
    cw.Contact,
    cw.FrontDoorDecision,
    cw.EarlyHelpEpisode,
    cw.FamilyGroupConference,
    cw.CINEpisode,
    cw.Assessment,
    cw.AssessmentFactor,
    cw.CINPlan,
    cw.CINPlanReview,
    cw.StrategyDiscussion,
    cw.Section47Enquiry,
    macpt.Contribution,
    cw.CPPlan,
    cw.ChildProtectionConference,
    cw.Visit,
    cw.CaseNote,
    cw.ManagementOversight,
    cw.SignificantEvent,
    *carers.MODELS,
    care.PeriodOfCare,
    care.LegalStatus,
    care.Placement,
    care.LACReview,
    care.HealthCheck,
    care.SubstanceMisuse,
    care.Offence,
    care.MissingEpisode,
    care.ExploitationRiskAssessment,
    care.CareProceedings,
    care.Adoption,
    care.DeprivationOfLibertyOrder,
    care.PreProceedings,
    care.KinshipCarer,
    care.KinshipArrangement,
    SharingDecision,
    care.PathwayPlan,
    care.CareLeaverContact,
    care.EntitlementsInformation,
    *carers.EDUCATION_MODELS,
    wf.Allocation,
    wf.Supervision,
    wf.SupervisionCaseDiscussion,
    qm.AuditProgramme,
    qm.CaseAudit,
    qm.AuditGrade,
    qm.Moderation,
    qm.AuditAction,
    qm.Survey,
    qm.SurveyQuestion,
    qm.SurveyResponse,
    qm.SurveyAnswer,
    qm.SurveyLink,
    qm.Complaint,
    qm.ComplaintStage,
    qm.ConferenceParticipation,
    fhm.Family,
    fhm.FamilyHelpEpisode,
    fhm.FamilyHelpChild,
    *SAFEGUARDING_MODELS,
]

REFERRAL_AGE = ((0, 10), (1, 20), (5, 27), (10, 33), (16, 10))
ENTRANT_AGE = ((0, 20), (1, 17), (5, 17), (10, 32), (16, 14))
TEAM_PLAN = (
    ("front_door", "Front Door (MASH)", 1),
    ("early_help", "Early Help", 1),
    ("assessment", "Assessment", 2),
    ("safeguarding", "Safeguarding", 3),
    ("children_in_care", "Children in Care", 2),
    ("leaving_care", "Leaving Care", 1),
    ("disabled_children", "Disabled Children", 1),
    ("adoption", "Adoption and Permanence", 1),
    ("iro", "Independent Reviewing Service", 1),
    ("quality", "Performance and Quality", 1),
)
CASE_ROLE = {
    "front_door": "front_door",
    "early_help": "early_help",
    "leaving_care": "personal_adviser",
    "iro": "iro",
    "quality": "analyst",
}
ALLOC_KIND = {"leaving_care": "personal_adviser", "iro": "iro", "early_help": "early_help"}
PHASE_TEAM = {"disabled": "disabled_children"}


def tz(d: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day, hour, minute, tzinfo=LONDON)


def _aware(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=LONDON)


class Sink:
    """Buffers rows per table and inserts them in batches, parents before children.

    Rows are plain dicts keyed by field attname. They are inserted with one parameterised
    ``executemany`` per batch: for half a million rows this is several times faster than
    building model instances for ``bulk_create`` (Django's SQLite backend also caps a
    ``bulk_create`` statement at 999 parameters). Primary keys are assigned by the builder,
    so nothing needs to come back from the database; every field not given takes its
    model default, and ``recorded_at``/``updated_at`` are the build time.
    """

    def __init__(self, flush_at: int = 50_000):
        self.buffers: dict[type, list[dict]] = defaultdict(list)
        self.flush_at = flush_at
        self.written: dict[str, int] = defaultdict(int)
        self.pending = 0
        self.now = timezone.now()
        self._plans: dict[type, tuple] = {}

    def add(self, model, **values) -> None:
        self.buffers[model].append(values)
        self.pending += 1
        if self.pending >= self.flush_at:
            self.flush()

    def _plan(self, model):
        if model not in self._plans:
            fields = list(model._meta.concrete_fields)
            defaults, converters = [], []
            for f in fields:
                if f.attname in ("recorded_at", "updated_at"):
                    defaults.append(f.get_db_prep_save(self.now, connection))
                    converters.append(None)
                    continue
                defaults.append(f.get_default())
                is_typed = isinstance(f, DateTimeField | JSONField | DecimalField)
                converters.append(f if is_typed else None)
            table = connection.ops.quote_name(model._meta.db_table)
            cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
            marks = ", ".join(["%s"] * len(fields))
            sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"
            self._plans[model] = (fields, defaults, converters, sql)
        return self._plans[model]

    def flush(self) -> None:
        with connection.cursor() as cursor:
            for model in MODELS:
                rows = self.buffers.pop(model, None)
                if not rows:
                    continue
                fields, defaults, converters, sql = self._plan(model)
                names = [f.attname for f in fields]
                params = []
                for row in rows:
                    values = []
                    for name, default, conv in zip(names, defaults, converters, strict=True):
                        value = row.get(name, default)
                        if conv is not None and value is not None:
                            value = conv.get_db_prep_save(value, connection)
                        values.append(value)
                    params.append(values)
                for i in range(0, len(params), 5000):
                    cursor.executemany(sql, params[i : i + 5000])
                self.written[model._meta.label] += len(rows)
        self.pending = 0


class Ids:
    def __init__(self):
        self.next: dict[type, int] = {}

    def __call__(self, model) -> int:
        if model not in self.next:
            last = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            self.next[model] = last + 1
        value = self.next[model]
        self.next[model] = value + 1
        return value


def wipe() -> None:
    """Delete every row the generator writes, and rows elsewhere that point at them (audit
    entries and access grants about synthetic children). One transaction, so foreign keys are
    checked once at the end."""
    from django.apps import apps

    from hearth.access.audit import maintenance

    with transaction.atomic(), maintenance(), record_version.bulk_write():
        wf.Worker.objects.filter(user__isnull=False).update(user=None)
        wf.Team.objects.update(manager=None)
        for model in apps.get_models():
            if model in MODELS:
                continue
            for field in model._meta.concrete_fields:
                if field.is_relation and field.related_model in MODELS:
                    qs = model.objects.filter(**{f"{field.name}__isnull": False})
                    qs._raw_delete(qs.db)
        for model in reversed(MODELS):
            model.objects.all()._raw_delete(model.objects.db)


URN_PLACEMENTS = frozenset({"K1", "K2", "K3", "H5", "S1", "R3"})
"""Placements in Ofsted-registered provision, which need a URN (rule 218)."""


def last_31_march(day: dt.date) -> dt.date:
    year = day.year if (day.month, day.day) >= (3, 31) else day.year - 1
    return dt.date(year, 3, 31)


class Builder:
    def __init__(
        self,
        *,
        seed: int,
        size: str,
        as_of: dt.date,
        la_name: str,
        ons_code: str,
        la_number: int,
        progress: bool = True,
    ):
        self.r = random.Random(seed)
        self.seed = seed
        # the workforce draws from its own stream, so that changes to the children's journeys
        # do not reshuffle who works where (and the workforce figures with it)
        self.wf_r = random.Random(f"{seed}:workforce")
        self.size = C.SIZES[size]
        self.as_of = as_of
        self.history_start = add_months(as_of, n=-12 * self.size.years) + D(days=1)
        self.warm_start = add_months(self.history_start, n=-12 * self.size.warmup_years)
        self.fd_start = add_months(self.history_start, n=-12)
        self.wf_start = add_months(self.history_start, n=-12)
        self.la_name, self.ons_code, self.la_number = la_name, ons_code, la_number
        self.progress = progress
        self.sim = Simulator(self.r, as_of=as_of, history_start=self.history_start)
        self.names = NameBank(self.r)
        self.places = Places(self.r, ons_code)
        self.ids = Ids()
        self.sink = Sink()
        self.family_help_wanted: list[tuple] = []
        self.kids: list[Kid] = []
        self.upns: set[str] = set()
        self.nhs: set[str] = set()
        # Carer households and education draw from their own streams (hearth.synthetic.carers).
        self.carers = carers.CarerBook(
            seed=seed, as_of=as_of, history_start=self.history_start, sink=self.sink, ids=self.ids
        )

    def bar(self, iterable, desc: str, total: int | None = None):
        return tqdm(
            iterable,
            desc=desc,
            total=total,
            disable=not self.progress,
            file=sys.stderr,
            leave=False,
        )

    # --- population ----------------------------------------------------------------------------
    def poisson_dates(self, rate_per_year: float, start: dt.date, end: dt.date):
        """Dates of a Poisson process with ``rate_per_year`` events between start and end."""
        t = float(start.toordinal())
        stop = end.toordinal()
        while True:
            t += self.r.expovariate(rate_per_year / 365.25)
            if t > stop:
                return
            yield dt.date.fromordinal(int(t))

    def new_kid(
        self,
        family: int,
        dob: dt.date | None,
        *,
        sex: str | None = None,
        ethnicity: str | None = None,
        edd: dt.date | None = None,
    ) -> Kid:
        r = self.r
        sex = sex or ("M" if r.random() < 0.53 else "F")
        ethnicity = ethnicity or pick(r, ETHNICITY_WEIGHTS)
        kid = Kid(0, family, sex, ethnicity, dob, edd, r.random() < 0.06)
        self.kids.append(kid)
        return kid

    def simulate(self) -> None:
        r, sim, pop = self.r, self.sim, self.size.population
        family = 0
        # legacy: children who came into care before the detailed history began
        for day in self.poisson_dates(
            C.CARE_ENTRIES_WARMUP_PER_CHILD * pop, self.warm_start, self.fd_start
        ):
            family += 1
            lo = pick(r, ENTRANT_AGE)
            hi = {0: 1, 1: 5, 5: 10, 10: 16, 16: 18}[lo]
            dob = day - D(days=r.randint(lo * 365 + 1, hi * 365 - 30))
            kid = self.new_kid(family, dob, sex="M" if r.random() < 0.56 else "F")
            rd = max(dob + D(days=1), day - D(days=r.randint(1, 40)))
            kid.first_seen = rd
            age = years_since(dob, rd)
            route = "court" if age < 10 or r.random() < 0.3 else "s20"
            sim.episode(
                kid,
                rd,
                None,
                source=pick(r, (("6", 40), ("3F", 20), ("2A", 20), ("8", 20))),
                legacy=route,
            )
        # families meeting the front door during the history
        fam_rate = C.NEW_FAMILY_CONTACTS_PER_CHILD * pop / 1.6
        days = list(self.poisson_dates(fam_rate, self.fd_start, self.as_of))
        for day in self.bar(days, "Simulating families"):
            family += 1
            n = pick(r, C.FAMILY_SIZES)
            lo = pick(r, REFERRAL_AGE)
            hi = {0: 1, 1: 5, 5: 10, 10: 16, 16: 18}[lo]
            ages = [r.randint(lo * 365, hi * 365 - 1)]
            for _ in range(n - 1):
                ages.append(max(0, min(17 * 365 + 200, ages[0] + r.randint(-6 * 365, 6 * 365))))
            ethnicity = pick(r, ETHNICITY_WEIGHTS)
            kids = [self.new_kid(family, day - D(days=a), ethnicity=ethnicity) for a in ages]
            for kid in kids:
                kid.siblings = [k for k in kids if k is not kid]
            source = pick(r, SOURCES)
            for kid in kids:
                kid.first_seen = day
                sim.journey(kid, day, source=source)
        # unborn children with a pre-birth referral still open
        for day in self.poisson_dates(0.0012 * pop, self.as_of - D(days=120), self.as_of):
            family += 1
            kid = self.new_kid(family, None, edd=self.as_of + D(days=r.randint(20, 150)))
            kid.first_seen = day
            sim.journey(kid, day, forced="referral", source=pick(r, (("3B", 50), ("3F", 50))))
        # unaccompanied asylum-seeking children
        for day in self.poisson_dates(C.UASC_ENTRIES_PER_CHILD * pop, self.warm_start, self.as_of):
            family += 1
            dob = day - D(days=r.randint(int(15.3 * 365), int(17.8 * 365)))
            kid = self.new_kid(
                family,
                dob,
                sex="M" if r.random() < 0.92 else "F",
                ethnicity=pick(r, UASC_ETHNICITY),
            )
            kid.uasc = day
            kid.first_seen = day
            contact = None
            sim.episode(kid, day, contact, source=r.choice(("7", "6", "5C")), uasc=True)
        # keep only children with something in the window (or a care leaver in it)
        keep = []
        for kid in self.kids:
            sim.clip(kid)
            last = kid.first_seen
            for ep in kid.episodes:
                last = max(last, ep.closure or self.as_of)
            if kid.care_leaver_from:
                last = max(last, min(birthday(kid.dob, 21), self.as_of))
            if last >= self.history_start and (kid.episodes or kid.contacts):
                keep.append(kid)
        keep.sort(key=lambda k: (k.first_seen, k.family))
        self.kids = keep
        for i, kid in enumerate(self.kids, start=1):
            kid.id = i
        for kid in self.kids:
            kid.siblings = [s for s in kid.siblings if s.id]
        self.kid_ids = {id(k): k for k in self.kids}

    # --- workforce -----------------------------------------------------------------------------
    def segments(self, kid: Kid):
        """(allocation kind, team kind, start, end) for the child's involvement."""
        out = []
        for ep in kid.episodes:
            for team, start, end in ep.phases:
                out.append(("social_worker", PHASE_TEAM.get(team, team), start, end))
            if ep.period is not None and ep.period in kid.periods:
                p = ep.period
                out.append(("iro", "iro", p.start, p.end))
        for eh in kid.early_help:
            if eh.agency == "la":
                out.append(("early_help", "early_help", eh.start, eh.end))
        if kid.care_leaver_from:
            end = birthday(kid.dob, 21)
            out.append(
                (
                    "personal_adviser",
                    "leaving_care",
                    kid.care_leaver_from,
                    end if end <= self.as_of else None,
                )
            )
        return out

    def staff(self) -> None:
        sample = [self.as_of - D(days=30 * i) for i in range(0, 24, 3)]
        load: dict[str, float] = defaultdict(float)
        self.kid_segments = {}
        for kid in self.kids:
            segs = [s for s in self.segments(kid) if (s[3] is None or s[3] > self.wf_start)]
            self.kid_segments[kid.id] = segs
            for _kind, team, start, end in segs:
                for day in sample:
                    if start <= day and (end is None or end > day):
                        load[team] += 1 / len(sample)
        per_worker = {"iro": 55, "leaving_care": 20, "early_help": 18}
        self.teams: list[dict] = []
        self.workers: list[dict] = []
        self.holdings: list[dict] = []
        self.posts: list[dict] = []
        for kind, label, count in TEAM_PLAN:
            if kind == "safeguarding" and self.size.population < 20_000:
                count = 2
            if kind == "front_door":
                posts = max(3, round(self.size.population / 6000))
            elif kind == "quality":
                posts = 3
            else:
                posts = max(2, round(load[kind] / per_worker.get(kind, C.CASELOAD_TARGET) / 0.98))
            for i in range(count):
                team = {
                    "id": self.ids(wf.Team),
                    "kind": kind,
                    "name": f"{label} {i + 1}" if count > 1 else label,
                    "case": [],
                    "managers": [],
                }
                self.teams.append(team)
                n = posts // count + (1 if i < posts % count else 0)
                self.make_post(team, "team_manager" if kind != "quality" else "senior_leader", True)
                for j in range(max(1, n)):
                    role = CASE_ROLE.get(kind) or (
                        "senior_practitioner" if j == 0 else "social_worker"
                    )
                    self.make_post(team, role, False)
        self.fill_posts()
        self.team_by_id = {t["id"]: t for t in self.teams}
        for team in self.teams:
            team["case"].sort(key=lambda w: w["start"])
            team["starts"] = [w["start"] for w in team["case"]]

    def make_post(self, team: dict, role: str, manager: bool) -> None:
        post = {
            "id": self.ids(wf.Post),
            "team": team,
            "role": role,
            "manager": manager,
            "start": self.wf_start - D(days=self.r.randint(365, 3650)),
        }
        self.posts.append(post)

    def fill_posts(self) -> None:
        """Who held each post when: permanent, then vacant (agency cover), and round again."""
        r = self.r
        phases = [(i + r.random()) / len(self.posts) for i in range(len(self.posts))]
        r.shuffle(phases)
        cycle = C.PERMANENT_YEARS + C.VACANCY_YEARS
        for post, phase in zip(self.posts, phases, strict=True):
            into = phase * cycle  # years into the cycle at the start of the workforce history
            t = self.wf_start
            if into < C.PERMANENT_YEARS:
                begun = t - D(days=int(into * 365.25))
                stay = C.PERMANENT_YEARS - into
                permanent = True
            else:
                begun, stay, permanent = t, cycle - into, False
            while t <= self.as_of:
                until = t + D(days=max(20, int(stay * 365.25)))
                if permanent:
                    self.hire(post, "permanent", begun, until - D(days=1), post["manager"])
                else:
                    s = t + D(days=r.randint(*C.AGENCY_GAP_DAYS))
                    while s < until - D(days=20) and s <= self.as_of:
                        stint = int(r.expovariate(1 / C.AGENCY_STINT_MEAN_YEARS) * 365.25) + 30
                        e = min(until - D(days=1), s + D(days=stint))
                        self.hire(post, "agency", s, e, post["manager"])
                        s = e + D(days=r.randint(*C.AGENCY_GAP_DAYS))
                t = until
                begun = t
                permanent = not permanent
                base = C.PERMANENT_YEARS if permanent else C.VACANCY_YEARS
                stay = base * r.uniform(0.95, 1.05)

    def hire(self, post: dict, employment: str, start: dt.date, leave: dt.date, manager: bool):
        r = self.r
        if leave > self.as_of:
            leave = None
        team = post["team"]
        role = post["role"]
        qualified = role in ("social_worker", "senior_practitioner", "team_manager", "iro") or (
            role == "front_door" and r.random() < 0.7
        )
        sex = "F" if r.random() < 0.82 else "M"
        w = {
            "id": self.ids(wf.Worker),
            "team": team,
            "role": role,
            "employment": employment,
            "start": start,
            "leave": leave,
            "first": self.names.adult_first(sex),
            "last": self.names.last(pick(r, ETHNICITY_WEIGHTS)),
            "qualification": "qualified"
            if qualified
            else (
                "alternative"
                if role in ("early_help", "personal_adviser") and r.random() < 0.5
                else "none"
            ),
            "post": post,
        }
        self.workers.append(w)
        self.holdings.append(
            {
                "id": self.ids(wf.PostHolding),
                "post": post,
                "worker": w,
                "start": start,
                "end": leave,
            }
        )
        if manager:
            team["managers"].append(w)
        elif role not in ("analyst",):
            team["case"].append(w)

    def pick_worker(self, team_kind: str, day: dt.date, exclude=None):
        teams = [t for t in self.teams if t["kind"] == team_kind]
        r = self.r
        order = list(range(len(teams)))
        r.shuffle(order)
        for i in order:
            team = teams[i]
            hi = bisect.bisect_right(team["starts"], day)
            cands = [
                w
                for w in team["case"][:hi]
                if (w["leave"] is None or w["leave"] > day + D(days=7)) and w is not exclude
            ]
            if cands:
                return r.choice(cands)
        for team in teams:
            for w in team["managers"]:
                if w["start"] <= day and (w["leave"] is None or w["leave"] > day + D(days=7)):
                    return w
        return None

    def allocate(self) -> None:
        r = self.r
        self.allocs: dict[int, list] = defaultdict(list)  # kid id -> [kind, worker, team, s, e]
        self.worker_allocs: dict[int, list] = defaultdict(list)
        for kid in self.bar(self.kids, "Allocating workers"):
            previous_end: dict[str, dt.date] = {}
            segs = sorted(self.kid_segments[kid.id], key=lambda s: (s[0], s[2]))
            for i in range(len(segs) - 1):  # one involvement of each kind at a time
                kind, team_kind, start, end = segs[i]
                nxt = segs[i + 1]
                if nxt[0] == kind and (end is None or end > nxt[2]):
                    segs[i] = (kind, team_kind, start, nxt[2])
            for kind, team_kind, start, end in segs:
                if end is not None and end <= start:
                    continue
                s = max(start, self.wf_start, previous_end.get(kind, start))
                stop = end if end is not None else None
                # a transfer between teams, or a new allocation when the case was closed
                # (more than a week between involvements)
                reason = (
                    "transfer"
                    if kind in previous_end and s - previous_end[kind] <= D(days=7)
                    else "new"
                )
                previous = None
                while stop is None or s < stop:
                    w = self.pick_worker(team_kind, s, exclude=previous)
                    if w is None:
                        break
                    e = stop
                    if w["leave"] is not None and (e is None or w["leave"] < e):
                        e, why = w["leave"], "worker_left"
                    else:
                        why = "caseload"
                    change = s + D(days=int(r.expovariate(0.35) * 365))
                    # a change of worker for caseload reasons after a few weeks at least
                    if s + D(days=21) <= change <= (e or self.as_of) - D(days=21):
                        e, why = (
                            change,
                            r.choice(("caseload", "caseload", "other", "child_request")),
                        )
                    row = [kind, w, w["team"], s, e, reason]
                    self.allocs[kid.id].append(row)
                    self.worker_allocs[w["id"]].append((kid, s, e))
                    if e is None or (stop is not None and e >= stop):
                        break
                    s, reason, previous = e, why, w
                if stop is not None:
                    previous_end[kind] = stop

    def fold_short_allocations(self) -> None:
        """A social worker allocated for under a week before another (say the last one left
        just before the case moved team) hands over straight to the next: the next one starts
        earlier, unless it starts the day the child came into care (SSDA903 SW09)."""
        for kid in self.kids:
            rows = self.allocs.get(kid.id)
            if not rows:
                continue
            care_starts = {p.start for p in kid.periods}
            kept: list = []
            for row in sorted(rows, key=lambda x: (x[0], x[3])):
                prev = kept[-1] if kept else None
                if (
                    prev is not None
                    and prev[0] == row[0] == "social_worker"
                    and prev[4] == row[3]
                    and prev[4] - prev[3] < D(days=7)
                    and row[3] not in care_starts
                    and row[1]["start"] <= prev[3]
                ):
                    row[3], row[5] = prev[3], prev[5]
                    kept.pop()
                kept.append(row)
            self.allocs[kid.id] = kept
        self.worker_allocs = defaultdict(list)
        for kid in self.kids:
            for _kind, w, _team, s, e, _reason in self.allocs.get(kid.id, ()):
                self.worker_allocs[w["id"]].append((kid, s, e))

    def worker_on(self, kid: Kid, day: dt.date, kind: str = "social_worker"):
        for k, w, _team, s, e, _ in self.allocs.get(kid.id, ()):
            if k == kind and s <= day and (e is None or e > day):
                return w
        return None

    def manager_on(self, team: dict, day: dt.date):
        for w in team["managers"]:
            if w["start"] <= day and (w["leave"] is None or w["leave"] >= day):
                return w
        return team["managers"][-1] if team["managers"] else None

    # --- writing -------------------------------------------------------------------------------
    def write_workforce(self) -> None:
        add = self.sink.add
        for t in self.teams:
            add(wf.Team, id=t["id"], name=t["name"], kind=t["kind"])
        for p in self.posts:
            title = dict(wf.Worker.Role.choices)[p["role"]]
            add(
                wf.Post,
                id=p["id"],
                team_id=p["team"]["id"],
                title=title,
                role=p["role"],
                fte=Decimal(1),
                start_date=p["start"],
            )
        for w in self.workers:
            add(
                wf.Worker,
                id=w["id"],
                staff_id=f"S{w['id']:06d}",
                first_name=w["first"],
                last_name=w["last"],
                role=w["role"],
                qualification=w["qualification"],
                employment=w["employment"],
                team_id=w["team"]["id"],
                swe_number=f"SW{100000 + w['id']}" if w["qualification"] == "qualified" else "",
                fte=Decimal(1),
                start_date=w["start"],
                leave_date=w["leave"],
            )
        for h in self.holdings:
            add(
                wf.PostHolding,
                id=h["id"],
                post_id=h["post"]["id"],
                worker_id=h["worker"]["id"],
                start_date=h["start"],
                end_date=h["end"],
            )
        self.sink.flush()
        for t in self.teams:
            m = self.manager_on(t, self.as_of)
            if m:
                wf.Team.objects.filter(pk=t["id"]).update(manager_id=m["id"])

    def write_kids(self) -> None:
        for kid in self.bar(self.kids, "Writing children"):
            self.write_kid(kid)
        self.sink.flush()

    def write_kid(self, kid: Kid) -> None:
        r, add, ids, a = self.r, self.sink.add, self.ids, self.as_of
        first = self.names.first(kid.ethnicity, kid.sex)
        last = next((s.last_name for s in kid.siblings if s.last_name), "")
        if not last:
            last = self.names.last(kid.ethnicity)
        kid.last_name = last
        upn, reason = "", ""
        if kid.dob and years_since(kid.dob, a) >= 5 and not kid.uasc:
            while True:
                upn = make_upn(
                    la_number=self.la_number,
                    establishment=r.randint(2000, 7999),
                    year=(kid.dob.year + 5) % 100,
                    serial=r.randint(0, 999),
                )
                if upn not in self.upns:
                    self.upns.add(upn)
                    break
        else:
            reason = "UN2" if kid.uasc else "UN1"
        nhs = ""
        if not kid.uasc or r.random() < 0.5:
            while (nhs := make_nhs_number(r)) in self.nhs:
                pass
            self.nhs.add(nhs)
        eighteen = birthday(kid.birth, 18)
        add(
            people.Child,
            id=kid.id,
            la_child_id=f"{self.la_number}{kid.id:07d}",
            first_name=first,
            last_name=last,
            date_of_birth=kid.dob,
            expected_date_of_birth=kid.edd if not kid.dob else None,
            sex=kid.sex,
            ethnicity=kid.ethnicity,
            upn=upn,
            upn_unknown_reason=reason,
            nhs_number=nhs,
            uasc_from=kid.uasc,
            uasc_until=eighteen if kid.uasc and eighteen <= a else None,
            first_language="English"
            if not kid.uasc
            else r.choice(("Arabic", "Tigrinya", "Pashto", "Kurdish", "Dari", "Amharic")),
        )
        if kid.disabled:
            for code in sorted(
                r.sample(["LD", "AUT", "COMM", "MOB", "BEH", "HEAR", "VIS"], r.randint(1, 2))
            ):
                add(
                    people.ChildDisability,
                    id=ids(people.ChildDisability),
                    child_id=kid.id,
                    code=code,
                )
        # addresses
        if not kid.uasc:
            start = kid.dob or kid.first_seen
            moves = r.randint(0, 2)
            dates = sorted(
                {start + D(days=r.randint(30, max(31, (a - start).days))) for _ in range(moves)}
            )
            sib = kid.siblings[0] if kid.siblings else None
            kid.home = getattr(sib, "home", "") or self.places.home_postcode()
            bounds = [start, *dates]
            for i, s in enumerate(bounds):
                e = bounds[i + 1] if i + 1 < len(bounds) else None
                pc = kid.home if e is None else self.places.home_postcode()
                add(
                    people.Address,
                    id=ids(people.Address),
                    child_id=kid.id,
                    postcode=pc,
                    line1=f"{r.randint(1, 120)} {self.names.last('WBRI')} Road",
                    town=self.la_name,
                    start_date=s,
                    end_date=e,
                )
        self.write_family(kid)
        self.write_cases(kid)

    def write_family(self, kid: Kid) -> None:
        r, add, ids = self.r, self.sink.add, self.ids
        fm = people.FamilyMember
        parents = (("mother", "F", True), ("father", "M", r.random() < 0.7))
        if not kid.episodes:
            parents = parents[:1]
        if not kid.uasc:
            for rel, sex, pr in parents:
                add(
                    fm,
                    id=ids(fm),
                    child_id=kid.id,
                    first_name=self.names.adult_first(sex),
                    last_name=kid.last_name,
                    relationship=rel,
                    parental_responsibility=pr,
                    lives_with_child=rel == "mother" or r.random() < 0.4,
                    date_of_birth=(kid.dob or kid.edd) - D(days=r.randint(18 * 365, 40 * 365)),
                )
            if kid.episodes and r.random() < 0.3:
                add(
                    fm,
                    id=ids(fm),
                    child_id=kid.id,
                    first_name=self.names.adult_first("F"),
                    last_name=kid.last_name,
                    relationship="grandparent",
                )
        for sib in kid.siblings:
            add(
                fm,
                id=ids(fm),
                child_id=kid.id,
                first_name="(see record)",
                last_name=kid.last_name,
                relationship="sibling",
                related_child_id=sib.id,
                date_of_birth=sib.dob,
                lives_with_child=True,
            )
        start = kid.first_seen
        pro = people.Professional
        add(
            pro,
            id=ids(pro),
            child_id=kid.id,
            name=f"Dr {self.names.last('WBRI')}",
            role="GP",
            agency="gp",
            organisation=f"{self.names.last('WBRI')} Medical Practice",
            start_date=start,
        )
        age = years_since(kid.dob, start) if kid.dob else 0
        if age >= 4:
            add(
                pro,
                id=ids(pro),
                child_id=kid.id,
                name=f"{self.names.adult_first('F')} {self.names.last('WBRI')}",
                role="Designated safeguarding lead",
                agency="school",
                organisation=f"{self.names.last('WBRI')} {'Primary' if age < 11 else 'Academy'}",
                start_date=start,
            )
        elif age < 5:
            add(
                pro,
                id=ids(pro),
                child_id=kid.id,
                name=f"{self.names.adult_first('F')} {self.names.last('WBRI')}",
                role="Health visitor",
                agency="health",
                organisation="Community health trust",
                start_date=start,
            )

    def visit(self, kid: Kid, kind: str, day: dt.date) -> None:
        if day < self.history_start or day > self.as_of or (kid.dob and day < kid.dob):
            return
        r = self.r
        w = self.worker_on(
            kid, day, "personal_adviser" if kind == "care_leaver" else "social_worker"
        )
        age = years_since(kid.dob, day) if kid.dob else 0
        seen = r.random() < 0.95 and kid.dob is not None
        alone = seen and age >= 5 and r.random() < 0.65
        self.sink.add(
            cw.Visit,
            id=self.ids(cw.Visit),
            child_id=kid.id,
            worker_id=w["id"] if w else None,
            kind=kind,
            date=day,
            child_seen=seen,
            seen_alone=alone,
            childs_views=texts.childs_view(r, age) if seen else "",
            observations=r.choice(texts.OBSERVATIONS),
        )

    def cin_plan_reviews(self, kid: Kid, plan_id: int, start: dt.date, end) -> dt.date:
        """Reviews every three months while the plan lasts, most on time, some a little late;
        returns when the next review falls due."""
        r = self.r
        due = add_months(start, n=3)
        last_day = min(end or self.as_of, self.as_of)
        while due < last_day:
            day = due + D(days=r.choice((-7, -3, 0, 0, 0, 2, 5, 12, 20)))
            if day >= last_day:
                break
            if day >= self.history_start:
                age = years_since(kid.dob, day) if kid.dob else 0
                self.sink.add(
                    cw.CINPlanReview,
                    id=self.ids(cw.CINPlanReview),
                    child_id=kid.id,
                    plan_id=plan_id,
                    date=day,
                    childs_views=texts.childs_view(r, age)
                    if age >= 3
                    else "Too young to say; observed playing happily with mum. [synthetic]",
                    progress=r.choice(texts.OBSERVATIONS),
                    outcome="continue",
                    next_review_due=add_months(day, n=3),
                )
            due = add_months(day, n=3)
        return due

    def visits_every(self, kid, kind, start, end, lo, hi, first_within=None):
        end = min(end or self.as_of, self.as_of)
        t = add_working_days(start, n=first_within or self.r.randint(lo, hi))
        if t < self.history_start:  # jump ahead cheaply
            span = (self.history_start - t).days
            t = t + D(days=span - span % 7)
        while t <= end:
            self.visit(kid, kind, t)
            t = add_working_days(t, n=self.r.randint(lo, hi))

    def oversight(self, kid: Kid, team: dict, day: dt.date, summary: str | None = None):
        if day < self.history_start or day > self.as_of:
            return
        m = self.manager_on(team, day)
        if m:
            self.sink.add(
                cw.ManagementOversight,
                id=self.ids(cw.ManagementOversight),
                child_id=kid.id,
                manager_id=m["id"],
                date=day,
                summary=summary or self.r.choice(texts.OVERSIGHT),
                decisions="Proceed as planned. [synthetic]",
            )

    def note(self, kid: Kid, day: dt.date) -> None:
        if day < self.history_start or day > self.as_of:
            return
        w = self.worker_on(kid, day)
        subject, text = texts.case_note(self.r)
        self.sink.add(
            cw.CaseNote,
            id=self.ids(cw.CaseNote),
            child_id=kid.id,
            occurred_at=(at := tz(day, self.r.randint(9, 17))),
            finalised_at=at,
            author_id=w["id"] if w else None,
            subject=subject,
            text=text,
        )

    def iro_on(self, day: dt.date):
        return self.pick_worker("iro", day)

    def write_cases(self, kid: Kid) -> None:
        _r, add, ids, a = self.r, self.sink.add, self.ids, self.as_of
        contact_ids = {}
        next(t for t in self.teams if t["kind"] == "front_door")
        for c in kid.contacts:
            cid = ids(cw.Contact)
            contact_ids[id(c)] = cid
            add(
                cw.Contact,
                id=cid,
                child_id=kid.id,
                received_at=_aware(c.at),
                source=c.source,
                reason="Concerns shared about the child's care. [synthetic]",
                child_protection=c.cp,
                referrer_name=f"{self.names.adult_first('F')} {self.names.last('WBRI')}",
            )
            w = self.pick_worker("front_door", c.at.date())
            add(
                cw.FrontDoorDecision,
                id=ids(cw.FrontDoorDecision),
                contact_id=cid,
                decided_at=_aware(c.decided_at),
                outcome=c.outcome,
                decided_by_id=w["id"] if w else None,
                rationale="Threshold applied. [synthetic]",
            )
        eh_ids = {}
        ep_ids = {id(ep): ids(cw.CINEpisode) for ep in kid.episodes}
        for eh in kid.early_help:
            eid = ids(cw.EarlyHelpEpisode)
            eh_ids[id(eh)] = eid
            add(
                cw.EarlyHelpEpisode,
                id=eid,
                child_id=kid.id,
                contact_id=contact_ids.get(id(eh.contact)),
                stepped_down_from_id=ep_ids.get(id(eh.stepped_down_from)),
                start_date=eh.start,
                lead_agency=eh.agency,
                lead_professional=(
                    lead := f"{self.names.adult_first('F')} {self.names.last('WBRI')}"
                ),
                assessment_completed=eh.start + D(days=20)
                if (eh.end is None or eh.end >= eh.start + D(days=20))
                and eh.start + D(days=20) <= a
                else None,
                end_date=eh.end,
                end_reason=eh.reason if eh.end else "",
            )
            if eh.fgc:
                add(
                    cw.FamilyGroupConference,
                    id=ids(cw.FamilyGroupConference),
                    child_id=kid.id,
                    early_help_episode_id=eid,
                    date=eh.fgc,
                )
            if eh.start >= C.FAMILY_HELP_FROM:
                self.family_help_wanted.append(
                    (kid, "targeted", eh.start, eh.end, eh.reason, eh.agency, lead, eid)
                )
        for ep in kid.episodes:
            self.write_episode(kid, ep, ep_ids[id(ep)], contact_ids)
            if ep.kind == "cin" and not ep.nfa and ep.referral >= C.FAMILY_HELP_FROM:
                reason = "step_up_care" if ep.period else "needs_met"
                self.family_help_wanted.append(
                    (kid, "s17", ep.referral, ep.closure, reason, "la", "", ep_ids[id(ep)])
                )
        for p in kid.periods:
            self.write_period(kid, p)
        self.kinship(kid)
        if kid.care_leaver_from:
            self.write_care_leaver(kid)
        # allocations
        for kind, w, team, s, e, reason in self.allocs.get(kid.id, ()):
            add(
                wf.Allocation,
                id=ids(wf.Allocation),
                child_id=kid.id,
                worker_id=w["id"],
                team_id=team["id"],
                kind=kind,
                start_date=s,
                end_date=e,
                reason=reason,
            )
            if kind == "social_worker":
                self.oversight(
                    kid, team, s, "Case allocated; plan and visiting agreed. [synthetic]"
                )

    def write_family_help(self) -> None:
        """Family Help over the early help and CIN work that began after the LA's Family Help
        arrangements started (``config.FAMILY_HELP_FROM``): one family for the children of a
        family whose help began the same day, each child linked to the episode it wraps. Its own
        random stream, so the rest of the LA is the same with or without it."""
        r, add, ids = random.Random(f"{self.seed}:familyhelp"), self.sink.add, self.ids
        groups: dict[tuple, list] = defaultdict(list)
        for row in self.family_help_wanted:
            kid, level, start = row[0], row[1], row[2]
            groups[(kid.family, level, start)].append(row)
        eh_team = next((t for t in self.teams if t["kind"] == "early_help"), None)
        reasons = {
            "needs_met": "needs_met",
            "step_up": "step_up_cp",
            "step_up_care": "step_up_care",
            "disengaged": "disengaged",
            "moved": "moved",
        }
        for (_family, level, start), rows in sorted(
            groups.items(), key=lambda g: (g[0][2], g[0][0], g[0][1])
        ):
            kid, _, _, end, why, agency, lead, _ = rows[0]
            end = (
                max((row[3] for row in rows), default=None) if all(row[3] for row in rows) else None
            )
            team_id = eh_team["id"] if eh_team and level == "targeted" else None
            if level == "s17":
                alloc = next(
                    (
                        (w, team)
                        for kind, w, team, s, e, _reason in self.allocs.get(kid.id, ())
                        if kind == "social_worker"
                        and s <= start + D(days=30)
                        and (e is None or e >= start)
                    ),
                    None,
                )
                if alloc is None:
                    continue  # never allocated: no lead to name, so not Family Help
                lead = f"{alloc[0]['first']} {alloc[0]['last']}"
                team_id = alloc[1]["id"]
            fid = ids(fhm.Family)
            add(fhm.Family, id=fid, name=f"The {kid.last_name or 'Smith'} family")
            episode_id = ids(fhm.FamilyHelpEpisode)
            add(
                fhm.FamilyHelpEpisode,
                id=episode_id,
                family_id=fid,
                start_date=start,
                end_date=end,
                end_reason=reasons.get(why, "other") if end else "",
                level=level,
                primary_need=r.choice(("N1", "N3", "N4", "N5", "N8")),
                referral_source=r.choice(("2A", "3B", "1A", "5D")),
                reason="The family asked for help with routines, school and money. [synthetic]",
                lead_name=lead,
                lead_agency=agency,
                lead_organisation=r.choice(C.PARTNER_ORGANISATIONS[agency])
                if agency in C.PARTNER_ORGANISATIONS
                else "",
                team_id=team_id,
            )
            for row in rows:
                add(
                    fhm.FamilyHelpChild,
                    id=ids(fhm.FamilyHelpChild),
                    child_id=row[0].id,
                    episode_id=episode_id,
                    cin_episode_id=row[7] if level == "s17" else None,
                    cin_opened_here=level == "s17",
                    early_help_episode_id=row[7] if level == "targeted" else None,
                )
        self.sink.flush()

    def write_episode(self, kid: Kid, ep, eid: int, contact_ids) -> None:
        r, add, ids = self.r, self.sink.add, self.ids
        add(
            cw.CINEpisode,
            id=eid,
            child_id=kid.id,
            contact_id=contact_ids.get(id(ep.contact)),
            referral_date=ep.referral,
            referral_source=ep.source,
            primary_need=ep.need,
            referral_nfa=ep.nfa,
            closure_date=ep.closure,
            closure_reason=ep.reason if ep.closure else "",
        )
        self.note(kid, ep.referral + D(days=1))
        self.pre_proceedings(kid, ep, eid)
        self.cp_family_group_conferences(kid, ep)
        self.sharing(kid, ep)
        if ep.ass_start:
            aid = ids(cw.Assessment)
            auth_team = self.worker_on(kid, ep.ass_start)
            manager = (
                self.manager_on(auth_team["team"], ep.ass_auth)
                if auth_team and ep.ass_auth
                else None
            )
            add(
                cw.Assessment,
                id=aid,
                child_id=kid.id,
                cin_episode_id=eid,
                start_date=ep.ass_start,
                child_seen=kid.dob is not None,
                completed_date=ep.ass_done,
                authorised_date=ep.ass_auth,
                authorised_by_id=manager["id"] if manager else None,
                analysis="Strengths and risks weighed; see chronology. [synthetic]",
                requires_support=(ep.kind != "nfa") if ep.ass_auth else None,
            )
            if ep.ass_auth:
                for code in ep.factors:
                    add(
                        cw.AssessmentFactor,
                        id=ids(cw.AssessmentFactor),
                        assessment_id=aid,
                        code=code,
                    )
            self.visits_every(
                kid, "assessment", ep.ass_start, ep.ass_auth or self.as_of, 8, 20, first_within=2
            )
        for s, e in ep.cin_plans:
            pid = ids(cw.CINPlan)
            due = self.cin_plan_reviews(kid, pid, s, e)
            add(
                cw.CINPlan,
                id=pid,
                child_id=kid.id,
                cin_episode_id=eid,
                start_date=s,
                end_date=e,
                review_due=None if e else due,
            )
            self.visits_every(kid, "cin", s, e, 25, 35)
        for s47 in ep.s47s:
            sid = ids(cw.StrategyDiscussion)
            police = r.random() < 0.9
            health = r.random() < 0.7
            add(
                cw.StrategyDiscussion,
                id=sid,
                child_id=kid.id,
                cin_episode_id=eid,
                date=s47.strategy,
                police_attended=police,
                health_attended=health,
                notes="Agreed to proceed under s47. [synthetic]",
            )
            s47.db = ids(cw.Section47Enquiry)
            add(
                cw.Section47Enquiry,
                id=s47.db,
                child_id=kid.id,
                cin_episode_id=eid,
                strategy_discussion_id=sid,
                start_date=s47.strategy,
                icpc_target_date=s47.target,
                icpc_not_required=s47.icpc is None and s47.end is not None,
                end_date=s47.end,
                outcome=s47.outcome,
            )
            self.contributions(kid, sid, s47, police=police, health=health)
        for plan in ep.cp_plans:
            pid = ids(cw.CPPlan)
            add(
                cw.CPPlan,
                id=pid,
                child_id=kid.id,
                cin_episode_id=eid,
                start_date=plan.start,
                end_date=plan.end,
                initial_category=plan.category,
                latest_category=plan.latest,
                end_reason=plan.end_reason if plan.end else "",
            )
            s47_id = next((s.db for s in ep.s47s if s.plan is plan), None)
            for conf in plan.conferences:
                chair = self.iro_on(conf.date)
                add(
                    cw.ChildProtectionConference,
                    id=ids(cw.ChildProtectionConference),
                    child_id=kid.id,
                    cin_episode_id=eid,
                    section47_id=s47_id if conf.kind == "initial" else None,
                    cp_plan_id=pid,
                    kind=conf.kind,
                    date=conf.date,
                    plan_required=conf.plan,
                    chair_id=chair["id"] if chair else None,
                )
            self.visits_every(kid, "cp", plan.start, plan.end, 7, 10)
            self.note(kid, plan.start + D(days=3))
        for s47 in ep.s47s:
            if s47.icpc and s47.plan is None:
                chair = self.iro_on(s47.icpc)
                add(
                    cw.ChildProtectionConference,
                    id=ids(cw.ChildProtectionConference),
                    child_id=kid.id,
                    cin_episode_id=eid,
                    section47_id=s47.db,
                    kind="initial",
                    date=s47.icpc,
                    plan_required=False,
                    chair_id=chair["id"] if chair else None,
                )

    # Who speaks for each agency in a strategy discussion and a joint enquiry (synthetic roles,
    # not names: the person is a role in a named service).
    CONTRIBUTORS = {
        "police": (
            "Detective Constable, Child Abuse Investigation Team",
            (
                "Two domestic abuse call-outs to the home address in the last year; no current "
                "bail conditions. Will lead a joint visit with the social worker. [synthetic]"
            ),
        ),
        "health": (
            "Health visitor, 0-19 service",
            (
                "Missed two developmental reviews; GP records show an attendance at the emergency "
                "department in the spring. Will share the records. [synthetic]"
            ),
        ),
        "education": (
            "Designated safeguarding lead, school",
            (
                "Attendance has fallen this term; the child has spoken to a teaching assistant "
                "about arguments at home. [synthetic]"
            ),
        ),
    }

    def contributions(self, kid: Kid, sid: int, s47, *, police: bool, health: bool) -> None:
        """Each agency's contribution to the strategy discussion (police and health when they
        took part; the school for a child of school age, about three in five), and the police's
        to a joint section 47 enquiry (about half). A separate random stream, so adding them
        moves nothing else the generator makes."""
        r = random.Random(f"macpt-{self.seed}-{sid}")
        age = years_since(kid.dob, s47.strategy) if kid.dob else 0
        agencies = [a for a, took_part in (("police", police), ("health", health)) if took_part]
        if 5 <= age < 16 and r.random() < 0.6:
            agencies.append("education")
        for agency in agencies:
            person, shared = self.CONTRIBUTORS[agency]
            self.sink.add(
                macpt.Contribution,
                id=self.ids(macpt.Contribution),
                child_id=kid.id,
                strategy_discussion_id=sid,
                agency=agency,
                person=person,
                date=s47.strategy,
                shared=shared,
            )
        if police and r.random() < 0.5 and s47.strategy + D(days=2) <= self.as_of:
            person, shared = self.CONTRIBUTORS["police"]
            self.sink.add(
                macpt.Contribution,
                id=self.ids(macpt.Contribution),
                child_id=kid.id,
                section47_id=s47.db,
                agency="police",
                person=person,
                date=s47.strategy + D(days=2),
                shared="Joint visit completed with the social worker; police enquiries "
                "continue. [synthetic]",
            )

    def write_period(self, kid: Kid, p) -> None:
        r, add, ids, a = self.r, self.sink.add, self.ids, self.as_of
        pid = ids(care.PeriodOfCare)
        home = "" if kid.uasc else kid.home
        add(
            care.PeriodOfCare,
            id=pid,
            child_id=kid.id,
            start_date=p.start,
            end_date=p.end,
            reason_ceased=p.reason if p.end else "",
            category_of_need=p.need,
            home_postcode=home,
            previous_permanence="Z1",
        )
        for code, s, e in p.legal:
            add(
                care.LegalStatus,
                id=ids(care.LegalStatus),
                child_id=kid.id,
                period_id=pid,
                code=code,
                start_date=s,
                end_date=e,
            )
        carer = None
        adopters = self.carers.adopters() if p.adoption and p.adoption.get("match") else None
        for pl in p.placements:
            if pl.same_carer and carer:
                # the same carers or premises, e.g. placed for adoption with the foster carers
                pc, la, urn, name, household = carer
                urn = urn if pl.place in URN_PLACEMENTS else "XXXXXXX"
                if household is not None:
                    household["stays"].append((pl.start, pl.end))
            else:
                if pl.where == "home":
                    pc, la = home or self.places.home_postcode(), self.ons_code
                else:
                    pc, la = self.places.placement(home or None, pl.where)
                # Ofsted URNs: children's homes and supported accommodation (SC...), residential
                # schools (a school URN), family centres; "XXXXXXX" for fostering and adoption
                urn = (
                    f"{r.randint(100000, 149999)}"
                    if pl.place == "S1"
                    else f"SC{r.randint(10000, 999999):06d}"
                    if pl.place in URN_PLACEMENTS
                    else "XXXXXXX"
                )
                name = (
                    "Parents"
                    if pl.place == "P1"
                    else f"{self.names.last('WBRI')} House"
                    if pl.place.startswith(("K", "H", "S", "R"))
                    else f"{self.names.adult_first('F')} and {self.names.adult_first('M')} {self.names.last('WBRI')}"
                )
                household = None
                if adopters is not None and pl.place in carers.ADOPTION_NEW_CARERS:
                    household = adopters
                    household["stays"].append((pl.start, pl.end))
                    household.setdefault("first_pc", (pc, la))
                else:
                    household = self.carers.for_placement(
                        place=pl.place,
                        provider=pl.provider,
                        start=pl.start,
                        end=pl.end,
                        where=pl.where,
                        pc=pc,
                        la=la,
                    )
                if household is not None and household["postcode"]:
                    pc, la = household["postcode"], household["la"]
            carer = (pc, la, urn, name, household)
            add(
                care.Placement,
                id=ids(care.Placement),
                child_id=kid.id,
                period_id=pid,
                place=pl.place,
                provider=pl.provider,
                carer_name=name,
                carer_household_id=household["id"] if household is not None else None,
                postcode=pc,
                urn=urn,
                la_of_placement=la,
                start_date=pl.start,
                end_date=pl.end,
                reason_changed=pl.reason if pl.end else "",
            )
            self.visits_every(kid, "cla", pl.start, pl.end, 30, 40, first_within=r.randint(1, 5))
            self.note(kid, pl.start + D(days=2))
            self.deprivation_of_liberty(kid, pl)
        if p.proceedings:
            plo, issued, final, order = p.proceedings
            add(
                care.CareProceedings,
                id=ids(care.CareProceedings),
                child_id=kid.id,
                pre_proceedings_date=plo if plo and (not kid.dob or plo >= kid.dob) else None,
                issued_date=issued,
                final_order_date=final,
                final_order=order if final else "",
            )
        if p.adoption:
            ad = p.adoption
            fam = f"F{ids(care.Adoption):05d}"
            two = r.random() < 0.8
            # drawn in the order the call below used to draw them, so the stream is unchanged
            no_longer_reason = r.choice(("RD1", "RD3")) if ad.get("failed") else ""
            # the adopters enquired 6-9 months before approval, approved 3-15 months before
            # the match
            enquiry = ad["match"] - D(days=r.randint(270, 720)) if ad.get("match") else None
            add(
                care.Adoption,
                id=int(fam[1:]),
                child_id=kid.id,
                period_id=pid,
                decision_date=ad["decision"],
                placement_order_date=ad.get("po"),
                match_date=ad.get("match"),
                placed_date=ad.get("placed"),
                adoption_order_date=ad.get("order"),
                no_longer_placed_date=ad.get("failed"),
                no_longer_reason=no_longer_reason,
                number_of_adopters=(2 if two else 1) if ad.get("match") else None,
                adopters_sex=("MF" if two else "F1") if ad.get("match") else "",
                adopters_legal_status=("L11" if two else "L0") if ad.get("match") else "",
                family_id=adopters["reference"] if adopters is not None else "",
                adopters_enquiry_date=enquiry,
                # placed for adoption with the child's foster carers (A3/A5)
                placed_with_foster_carers=any(pl.place in ("A3", "A5") for pl in p.placements),
                adopters_id=adopters["id"] if adopters is not None else None,
            )
            if adopters is not None:
                self.carers.adopters_fill(
                    adopters,
                    match=ad["match"],
                    enquiry=enquiry,
                    sex_code="MF" if two else "F1",
                    order=ad.get("order"),
                    pc=adopters.get("first_pc", ("", ""))[0],
                    la=adopters.get("first_pc", ("", ""))[1],
                )
        self.carers.education(child_id=kid.id, dob=kid.dob, start=p.start, end=p.end)
        end = min(p.end or a, a)
        # reviews
        day = add_working_days(p.start, n=r.randint(12, 20))
        n = 0
        while day <= end and (p.end is None or day < p.end):
            if day >= self.history_start:
                age = years_since(kid.dob, day)
                code = (
                    "PN0"
                    if age < 4
                    else pick(
                        r,
                        (
                            ("PN1", 60),
                            ("PN2", 6),
                            ("PN3", 4),
                            ("PN4", 5),
                            ("PN5", 5),
                            ("PN6", 12),
                            ("PN7", 8),
                        ),
                    )
                )
                iro = self.worker_on(kid, day, "iro")
                add(
                    care.LACReview,
                    id=ids(care.LACReview),
                    child_id=kid.id,
                    period_id=pid,
                    date=day,
                    participation=code,
                    iro_id=iro["id"] if iro else None,
                )
            n += 1
            day = next_working_day(add_months(day, n=3 if n == 1 else 6) - D(days=r.randint(0, 14)))
        # health
        hc = care.HealthCheck
        day = add_working_days(p.start, n=r.randint(10, 24))
        while day <= end and (p.end is None or day < p.end):
            if day >= self.history_start:
                age = years_since(kid.dob, day)
                add(hc, id=ids(hc), child_id=kid.id, kind="health_assessment", date=day)
                if age >= 1 and r.random() < 0.85:
                    add(
                        hc,
                        id=ids(hc),
                        child_id=kid.id,
                        kind="dental",
                        date=day + D(days=r.randint(5, 60)),
                    )
                if r.random() < 0.9:
                    add(hc, id=ids(hc), child_id=kid.id, kind="immunisations", date=day)
                if 4 <= age <= 16:
                    if r.random() < 0.85:
                        add(
                            hc,
                            id=ids(hc),
                            child_id=kid.id,
                            kind="sdq",
                            date=day,
                            sdq_score=max(0, min(40, int(r.gauss(14, 7)))),
                        )
                    else:
                        add(
                            hc,
                            id=ids(hc),
                            child_id=kid.id,
                            kind="sdq",
                            date=day,
                            sdq_reason=r.choice(("SDQ2", "SDQ4", "SDQ5")),
                        )
                if age < 5:
                    add(hc, id=ids(hc), child_id=kid.id, kind="development", date=day)
            day = add_months(day, n=6 if years_since(kid.dob, day) < 5 else 12)
        self.write_missing(kid, p, end)

    def pre_proceedings(self, kid: Kid, ep, eid: int) -> None:
        """Pre-proceedings in this CIN episode: before each application for a care order the
        child's proceedings carry a PLO meeting date for, and, for some children on a CP plan,
        pre-proceedings that end without court (C.P_PRE_PROCEEDINGS_DIVERTED). From their own
        generator, so the rest of the authority is the same with or without them."""
        r = random.Random(f"pp-{self.seed}-{kid.id}-{eid}")
        last = min(ep.closure or self.as_of, self.as_of)
        born = kid.dob or ep.referral

        def within(day):
            return day if day and day <= last else None

        def offer_and_meet(start, letter):
            offered = letter if letter and r.random() < C.P_FGDM_OFFERED else None
            held = declined = None
            if offered:
                day = within(offered + D(days=r.randint(7, 21)))
                if r.random() < C.P_FGDM_HELD:
                    held = day
                else:
                    declined = day
            return offered, held, declined

        for period in kid.periods:
            if not period.proceedings or not period.proceedings[0]:
                continue
            plo, issued = period.proceedings[0], period.proceedings[1]
            start = plo - D(days=r.randint(7, 21))
            if not (max(ep.referral, born) <= start <= last):
                continue
            letter = within(start + D(days=r.randint(2, 7)))
            offered, held, declined = offer_and_meet(start, letter)
            first = within(plo) if letter else None
            decision = within(issued - D(days=r.randint(5, 14)))
            if decision and first and decision < first:
                decision = first
            court = within(max(issued - D(days=r.randint(0, 2)), decision)) if decision else None
            self._write_pre_proceedings(
                kid,
                eid,
                start=start,
                letter_date=letter,
                fgdm_offered_date=offered,
                fgdm_held_date=held,
                fgdm_declined_date=declined,
                first_meeting_date=first,
                review_meetings=r.choice((0, 0, 1, 1, 2)) if first else 0,
                decision_date=decision,
                outcome="A" if decision else "",
                court_application_date=court,
                letter_of_issue_date=within(court + D(days=r.randint(0, 3))) if court else None,
            )
        if ep.period is not None or not ep.cp_plans:
            return
        plan = ep.cp_plans[-1]
        if r.random() >= C.P_PRE_PROCEEDINGS_DIVERTED:
            return
        start = plan.start + D(days=r.randint(90, 270))
        if start > min(plan.end or last, last) or start < born:
            return
        letter = within(start + D(days=r.randint(2, 7)))
        offered, held, declined = offer_and_meet(start, letter)
        first = within(start + D(days=r.randint(10, 20))) if letter else None
        decision = within(start + D(weeks=r.randint(12, 18)))
        self._write_pre_proceedings(
            kid,
            eid,
            start=start,
            letter_date=letter,
            fgdm_offered_date=offered,
            fgdm_held_date=held,
            fgdm_declined_date=declined,
            first_meeting_date=first,
            review_meetings=r.choice((1, 1, 2, 3)) if first else 0,
            decision_date=decision,
            outcome=("B" if r.random() < 0.85 else "C") if decision else "",
        )

    def cp_family_group_conferences(self, kid: Kid, ep) -> None:
        """A family group conference for some child protection plans (C.P_FGC_CP_PLAN), 4-10
        weeks into the plan. From its own generator, like pre-proceedings."""
        r = random.Random(f"fgc-{self.seed}-{kid.id}-{ep.referral.isoformat()}")
        for plan in ep.cp_plans:
            if r.random() >= C.P_FGC_CP_PLAN:
                continue
            day = plan.start + D(days=r.randint(28, 70))
            last = min(x for x in (plan.end, ep.closure, self.as_of) if x is not None)
            if day > last or (kid.dob and day < kid.dob):
                continue
            self.sink.add(
                cw.FamilyGroupConference,
                id=self.ids(cw.FamilyGroupConference),
                child_id=kid.id,
                early_help_episode_id=None,
                date=day,
                family_plan_agreed=r.random() < 0.8,
            )

    def sharing(self, kid: Kid, ep) -> None:
        """Information shared with partners, and some decisions not to share, in this episode
        (C.P_SHARE_*, C.P_PARTNER_REQUEST, C.P_NOT_SHARED_OF_REQUESTS): the police and health
        at each section 47 enquiry's strategy discussion, the outcome of a school's referral
        back to the school on consent, and partners' requests. From its own generator."""
        r = random.Random(f"share-{self.seed}-{kid.id}-{ep.referral.isoformat()}")
        last = min(ep.closure or self.as_of, self.as_of)
        born = kid.dob or ep.referral
        tag = " [synthetic]"

        def add(day, decision, agency, recipient, **values):
            if day is None or day > last or day < born:
                return
            worker = self.worker_on(kid, day)
            self.sink.add(
                SharingDecision,
                id=self.ids(SharingDecision),
                child_id=kid.id,
                date=day,
                decision=decision,
                agency=agency,
                recipient=recipient,
                worker_id=worker["id"] if worker else None,
                **{
                    "direction": "disclosed",
                    "lawful_basis": "",
                    "consent_note": "",
                    "reason_not_shared": "",
                    **values,
                },
            )

        risk = "Seeking consent could place the child at risk of significant harm." + tag
        for s47 in ep.s47s:
            common = {
                "consent": "not_sought",
                "consent_note": risk,
                "purpose": "Strategy discussion and section 47 enquiry." + tag,
            }
            add(
                s47.strategy,
                "shared",
                "police",
                "Public protection unit",
                lawful_basis="s47" if r.random() < 0.5 else "s16la",
                information="The referral and the family's history with children's services." + tag,
                **common,
            )
            if r.random() < C.P_SHARE_HEALTH_S47:
                add(
                    s47.strategy,
                    "shared",
                    "health",
                    "Named nurse for safeguarding",
                    lawful_basis="s16la",
                    information="The concerns and the children's names and dates of birth." + tag,
                    **common,
                )
        if ep.source == "3A" and ep.ass_auth and r.random() < C.P_SHARE_SCHOOL_OUTCOME:
            add(
                ep.ass_auth + D(days=r.randint(1, 5)),
                "shared",
                "education",
                "Designated safeguarding lead",
                lawful_basis="consent",
                consent="given",
                information="The outcome of the school's referral and the plan." + tag,
                purpose="Feedback to the referrer, so the school can support the child." + tag,
            )
        if r.random() < C.P_PARTNER_REQUEST and last > ep.referral:
            day = ep.referral + D(days=r.randint(1, (last - ep.referral).days))
            agency, recipient = r.choice(
                (
                    ("police", "Neighbourhood policing team"),
                    ("health", "Health visiting service"),
                    ("education", "Designated safeguarding lead"),
                    ("housing", "Housing options team"),
                )
            )
            request = {
                "direction": "requested",
                "information": "Whether the family is known to children's services." + tag,
                "purpose": "The partner's concern about the child's welfare." + tag,
            }
            if r.random() < C.P_NOT_SHARED_OF_REQUESTS:
                add(
                    day,
                    "not_shared",
                    agency,
                    recipient,
                    consent="refused",
                    reason_not_shared="The request did not show the information was needed to "
                    "safeguard the child, and the parents refused consent." + tag,
                    **request,
                )
            else:
                add(
                    day,
                    "shared",
                    agency,
                    recipient,
                    lawful_basis="s16la" if r.random() < 0.7 else "s17",
                    consent="not_sought",
                    consent_note="Shared under the duty: asking could prejudice the enquiry." + tag,
                    **request,
                )

    def kinship(self, kid: Kid) -> None:
        """Kinship arrangements (``hearth.care.kinship``): a special guardianship order to a
        relative or friend on leaving care (E45, E47), a child arrangements order to someone
        other than a parent (E41 when the child did not go home), and informal or
        LA-supported family and friends care for some children on a plan who do not come into
        care (C.P_KINSHIP_*). Each to 18, the next arrangement, or coming into care. From its
        own generator, so the rest of the authority is the same with or without them."""
        if kid.dob is None:
            return
        r = random.Random(f"kin-{self.seed}-{kid.id}")
        a = self.as_of
        spans = []  # (kind, start, planned end, from care)
        for p in kid.periods:
            if p.end is None or p.end > a:
                continue
            if p.reason in ("E45", "E47"):
                spans.append(("sgo", p.end, None, True))
            elif p.reason == "E41" and p.outcome == "other":
                spans.append(("cao", p.end, None, True))
        for ep in kid.episodes:
            if ep.period is not None:
                continue
            plans = list(ep.cin_plans) + [(c.start, c.end) for c in ep.cp_plans]
            if not plans or r.random() >= C.P_KINSHIP_FROM_PLAN:
                continue
            s, e = max(plans)
            last = min(x for x in (e, ep.closure, a) if x is not None)
            if last <= s:
                continue
            start = s + D(days=r.randint(0, (last - s).days))
            kind = (
                "cao"
                if r.random() < C.P_KINSHIP_CAO
                else "la_supported"
                if r.random() < C.P_KINSHIP_LA_SUPPORTED
                else "informal"
            )
            spans.append((kind, start, start + D(days=r.randint(*C.KINSHIP_INFORMAL_DAYS)), False))
        spans.sort(key=lambda x: x[1])
        eighteen = birthday(kid.dob, 18)
        care_starts = [p.start for p in kid.periods]
        for i, (kind, start, end, from_care) in enumerate(spans):
            if start < kid.dob or start > a or start >= eighteen:
                continue
            limits = [eighteen] + ([end] if end else [])
            limits += [day for day in care_starts if day > start]
            limits += [x[1] for x in spans[i + 1 :] if x[1] > start]
            end = min(limits)
            if end > a:
                end = None
            self._write_kinship(r, kid, kind, start, end, from_care)

    def _write_kinship(self, r, kid: Kid, kind: str, start, end, from_care: bool) -> None:
        relationship = pick(
            r,
            (
                ("Grandmother", 35),
                ("Grandfather", 10),
                ("Aunt", 25),
                ("Uncle", 8),
                ("Older sibling", 10),
                ("Family friend", 12),
            ),
        )
        female = relationship in ("Grandmother", "Aunt") or (
            relationship in ("Older sibling", "Family friend") and r.random() < 0.6
        )
        last = (
            self.names.adult_last_with("en_GB", r)
            if relationship == "Family friend" or r.random() < 0.4
            else kid.last_name
        )
        assessed = kind in ("sgo", "cao", "la_supported")
        before = (lambda lo, hi: start - D(days=r.randint(lo, hi))) if from_care else None
        viability = full = None
        if assessed and from_care:
            viability, full = before(150, 300), before(40, 120)
        elif kind == "la_supported" and start + D(days=14) <= self.as_of:
            viability = start + D(days=r.randint(3, 14))
        if viability and viability < kid.dob:
            viability = full = None
        carer_id = self.ids(care.KinshipCarer)
        self.sink.add(
            care.KinshipCarer,
            id=carer_id,
            first_name=self.names.adult_first_with("F" if female else "M", r),
            last_name=last[:60],
            relationship=relationship,
            postcode=kid.home or "",
            viability_assessment_date=viability,
            full_assessment_date=full,
        )
        allowance = None
        if kind == "sgo":
            allowance = Decimal(r.randint(140, 260))
        elif kind == "la_supported":
            allowance = Decimal(r.randint(60, 180))
        self.sink.add(
            care.KinshipArrangement,
            id=self.ids(care.KinshipArrangement),
            child_id=kid.id,
            carer_id=carer_id,
            kind=kind,
            start_date=start,
            end_date=end,
            order_date=start if kind in ("sgo", "cao") else None,
            support_plan=(
                "Allowance, a support worker and respite when needed; reviewed yearly. [synthetic]"
                if allowance
                else ""
            ),
            weekly_allowance=allowance,
        )

    def _write_pre_proceedings(self, kid: Kid, eid: int, *, start, **values) -> None:
        self.sink.add(
            care.PreProceedings,
            id=self.ids(care.PreProceedings),
            child_id=kid.id,
            cin_episode_id=eid,
            start_date=start,
            fgdm_outcome=(
                "The family agreed a plan: relatives to share care and support. [synthetic]"
                if values.get("fgdm_held_date")
                else ""
            ),
            **{"court_application_date": None, "letter_of_issue_date": None, **values},
        )

    def deprivation_of_liberty(self, kid: Kid, pl) -> None:
        """Perhaps a deprivation of liberty order during a children's home placement of a child
        aged 11 or over (C.P_DOLO_CHILDRENS_HOME). The order lies inside the placement, a day
        short of its end: SSDA903 2026-27 rules 709/710 expect a DoLO only in K2 (or Z12/Z13)
        and 707 an end date once care ends. Drawn from its own generator so that the rest of
        the authority is the same with or without orders."""
        if pl.place != "K2" or not kid.dob or years_since(kid.dob, pl.start) < 11:
            return
        r = random.Random(f"dolo-{self.seed}-{kid.id}-{pl.start.isoformat()}")
        if r.random() >= C.P_DOLO_CHILDRENS_HOME:
            return
        start = pl.start + D(days=r.randint(7, 60))
        last = (pl.end - D(days=1)) if pl.end else None
        if start > self.as_of or (last is not None and (last - start).days < 28):
            return
        end = start + D(days=r.randint(*C.DOLO_DAYS))
        if last is not None:
            end = min(end, last)
        review = start + D(days=r.randint(56, 91))  # courts review such orders within ~3 months
        if end > self.as_of:
            end = None
        self.sink.add(
            care.DeprivationOfLibertyOrder,
            id=self.ids(care.DeprivationOfLibertyOrder),
            child_id=kid.id,
            start_date=start,
            end_date=end,
            court=pick(r, (("High Court (Family Division)", 85), ("Court of Protection", 15)))
            if years_since(kid.dob, start) >= 16
            else "High Court (Family Division)",
            review_date=review if end is None and review > self.as_of else None,
            expiry_date=None,
        )

    def write_missing(self, kid: Kid, p, end: dt.date) -> None:
        r, add, ids = self.r, self.sink.add, self.ids
        start = max(p.start, self.history_start)
        year = start
        risk_done = False
        # A missing episode runs within one SSDA903 episode: the child is back before the
        # placement or legal status changes and before care ends (rules 574-580).
        changes = sorted(
            {pl.start for pl in p.placements}
            | {x[1] for x in p.legal}
            | ({p.end} if p.end else set())
        )
        last_back: dt.datetime | None = None
        still_missing = False
        while year < end:
            stop = min(add_months(year, n=12), end)
            age = years_since(kid.dob, year)
            on_home = any(
                pl.place in ("K1", "K2", "K3", "H5")
                for pl in p.placements
                if pl.start < stop and (pl.end is None or pl.end > year)
            )
            prob = (
                (C.P_MISSING_YEAR["teen_home"] if on_home else C.P_MISSING_YEAR["teen"])
                if age >= 12
                else C.P_MISSING_YEAR["child"]
                if age >= 8
                else 0
            )
            span = (stop - year).days
            if span > 0 and r.random() < prob * span / 365:
                n = 1 + int(r.expovariate(1 / (C.MISSING_INCIDENTS_MEAN - 1)))
                starts = sorted(
                    tz(
                        year + D(days=r.randint(0, max(0, span - 1))),
                        r.randint(0, 23),
                        r.randint(0, 59),
                    )
                    for _ in range(n)
                )
                for s in starts:
                    hours = r.expovariate(1 / 14) if r.random() < 0.89 else r.uniform(48, 160)
                    # one at a time: the next starts on or after the day the last one ended
                    if still_missing or (last_back and s.date() < last_back.date()):
                        continue
                    back = s + D(hours=hours)
                    # back by the end of the collection year (31 March): lac_validator fills
                    # a blank end of care with 31 March before rules 575/577 compare, so an
                    # open missing episode always fails them
                    year_end = dt.date(s.year + (s.month >= 4), 4, 1)
                    nxt = min((c for c in changes if c > s.date()), default=year_end)
                    limit = tz(min(nxt, year_end) - D(days=1), 23, 0)
                    if s > limit - D(hours=1):
                        continue
                    back = min(back, limit)
                    if back.date() > self.as_of:
                        back = None
                        still_missing = True
                    last_back = back
                    offered = accepted = done = None
                    if back is not None:
                        offered = back + D(
                            hours=r.uniform(4, 70)
                            if r.random() < C.P_RETURN_INTERVIEW_72H
                            else r.uniform(73, 150)
                        )
                        if offered.date() > self.as_of:
                            offered = None
                        else:
                            accepted = r.random() < 0.6
                            if accepted:
                                done = offered + D(hours=r.uniform(1, 48))
                                if done.date() > self.as_of:
                                    done = None
                    exploit = r.random() < 0.2
                    add(
                        care.MissingEpisode,
                        id=ids(care.MissingEpisode),
                        child_id=kid.id,
                        kind="M" if r.random() < 0.9 else "A",
                        started_at=s,
                        returned_at=back,
                        from_placement=True,
                        reported_to_police=r.random() < 0.9,
                        return_interview_offered_at=offered,
                        return_interview_accepted=accepted,
                        return_interview_completed_at=done,
                        push_factors=sorted(
                            r.sample(
                                [k for k, _ in care.MissingEpisode.PUSH_FACTORS],
                                r.randint(0, 2),
                            )
                        ),
                        pull_factors=sorted(
                            r.sample(
                                [k for k, _ in care.MissingEpisode.PULL_FACTORS],
                                r.randint(0, 2),
                            )
                        ),
                        exploitation_concern=exploit,
                        interview_summary="Young person spoke about friends and feeling bored. [synthetic]"
                        if done
                        else "",
                    )
                    if (exploit or age >= 13) and not risk_done and s.date() <= self.as_of:
                        risk_done = True
                        day = s.date() + D(days=r.randint(3, 20))
                        while day <= min(end, self.as_of):
                            lvl = ("none", "low", "medium", "high")
                            add(
                                care.ExploitationRiskAssessment,
                                id=ids(care.ExploitationRiskAssessment),
                                child_id=kid.id,
                                date=day,
                                sexual_exploitation=r.choice(lvl),
                                criminal_exploitation=r.choice(lvl),
                                indicators=sorted(
                                    r.sample(
                                        [
                                            "missing",
                                            "older_peers",
                                            "cash",
                                            "phones",
                                            "substances",
                                        ],
                                        2,
                                    )
                                ),
                                review_date=add_months(day, n=3),
                            )
                            day = add_months(day, n=3)
            if age >= 10 and r.random() < 0.03 * (stop - year).days / 365:
                add(
                    care.Offence,
                    id=ids(care.Offence),
                    child_id=kid.id,
                    date=year + D(days=r.randint(0, max(0, span - 1))),
                    outcome=r.choice(("youth_caution", "caution", "conviction")),
                )
            if age >= 13 and r.random() < 0.04:
                add(
                    care.SubstanceMisuse,
                    id=ids(care.SubstanceMisuse),
                    child_id=kid.id,
                    identified_on=year,
                    intervention_received=r.random() < 0.6,
                )
            year = stop

    def write_care_leaver(self, kid: Kid) -> None:
        r, add, ids, a = self.r, self.sink.add, self.ids, self.as_of
        left = kid.care_leaver_from
        sixteen, twenty_one = birthday(kid.dob, 16), birthday(kid.dob, 21)
        day = max(
            sixteen + D(days=r.randint(10, 80)), kid.periods[-1].start if kid.periods else sixteen
        )
        while day <= min(a, twenty_one):
            if day >= self.history_start:
                add(
                    care.PathwayPlan,
                    id=ids(care.PathwayPlan),
                    child_id=kid.id,
                    date=day,
                    review_due=add_months(day, n=6),
                    summary="Education, money, housing and health goals. [synthetic]",
                )
            day = add_months(day, n=6)
        ent = left - D(days=r.randint(10, 60))
        if ent <= a:
            add(
                care.EntitlementsInformation,
                id=ids(care.EntitlementsInformation),
                child_id=kid.id,
                date=ent,
                acknowledged_by_young_person=r.random() < 0.8,
            )
        staying = kid.periods[-1].reason == "E17" if kid.periods else False
        engaged = r.random()  # some young people are consistently out of touch
        eet_bias = r.random()

        def activity_now() -> str:
            eet = (eet_bias * 0.5 + r.random() * 0.5) < C.P_EET_IN_TOUCH
            return (
                pick(r, (("F2", 30), ("F5", 30), ("P5", 15), ("F1", 10), ("F4", 10), ("P2", 5)))
                if eet
                else pick(r, (("G5", 65), ("G4", 20), ("G6", 15)))
            )

        def accommodation_now(age: int) -> str:
            if staying and age <= 20:
                return "Z1"
            return pick(
                r,
                (
                    ("U1", 35),
                    ("D1", 20),
                    ("E1", 10),
                    ("B1", 12),
                    ("T1", 8),
                    ("K1", 5),
                    ("S2", 3),
                    ("V2", 3),
                    ("X2", 2),
                    ("B2", 2),
                ),
            )

        # What the leaving-care plan recorded; when the LA is out of touch later, the latest
        # known activity and accommodation stand (OC3 ACTIV/ACCOM are never blank: 132/133/153).
        known = (activity_now(), accommodation_now(years_since(kid.dob, left)))
        for age in (17, 18, 19, 20, 21):
            bday = birthday(kid.dob, age)
            if bday < left - D(days=30) or bday > a + D(days=1):
                continue
            # around the birthday (3 months before to 1 month after), once care has ended
            day = min(max(bday + D(days=r.randint(-40, 25)), left), a)
            if day > add_months(bday, n=1) or day < add_months(bday, n=-3):
                continue
            in_touch = (
                "YES"
                if engaged < C.P_IN_TOUCH
                else pick(r, (("NO", 60), ("REFU", 25), ("NREQ", 15)))
            )
            if in_touch == "YES":
                known = (activity_now(), accommodation_now(age))
            activity, accom = known
            add(
                care.CareLeaverContact,
                id=ids(care.CareLeaverContact),
                child_id=kid.id,
                date=day,
                in_touch=in_touch,
                activity=activity,
                accommodation=accom,
                staying_put=staying and age <= 20,
            )
        end = min(twenty_one, a)
        self.visits_every(kid, "care_leaver", left, end, 35, 45)

    def write_supervision(self) -> None:
        r, add, ids = self.r, self.sink.add, self.ids
        # Whether a discussion reviewed the chronology comes from its own stream, so the
        # supervision dates and cases (calibrated) are drawn exactly as before.
        chronology_r = random.Random(f"{self.seed}:chronology")
        for w in self.bar(self.workers, "Supervision"):
            if w["role"] in ("team_manager", "senior_leader"):
                continue
            team = w["team"]
            day = max(w["start"], self.history_start) + D(days=r.randint(5, 30))
            stop = min(w["leave"] or self.as_of, self.as_of)
            mine = self.worker_allocs.get(w["id"], [])
            while day <= stop:
                day = next_working_day(day)
                if day > stop:
                    break
                boss = self.manager_on(team, day)
                if boss and boss is not w:
                    sid = ids(wf.Supervision)
                    add(
                        wf.Supervision,
                        id=sid,
                        worker_id=w["id"],
                        supervisor_id=boss["id"],
                        date=day,
                        reflective_notes=r.choice(texts.SUPERVISION),
                        wellbeing_discussed=r.random() < 0.8,
                    )
                    open_now = [k for k, s, e in mine if s <= day and (e is None or e > day)]
                    for kid in sorted(
                        r.sample(open_now, min(3, len(open_now))), key=lambda k: k.id
                    ):
                        add(
                            wf.SupervisionCaseDiscussion,
                            id=ids(wf.SupervisionCaseDiscussion),
                            supervision_id=sid,
                            child_id=kid.id,
                            discussion=r.choice(texts.DISCUSSION),
                            actions="Visit within 10 working days. [synthetic]",
                            next_review=day + D(days=28),
                            chronology_reviewed=chronology_r.random() < 0.45,
                        )
                day = day + D(days=r.randint(26, 38))
        self.sink.flush()

    def run(self) -> dict:
        self.simulate()
        self.r, case_r = self.wf_r, self.r
        self.staff()
        self.r = case_r
        self.allocate()
        self.fold_short_allocations()
        Authority.objects.all().delete()
        Authority.objects.create(
            id=1,
            name=self.la_name,
            ons_code=self.ons_code,
            dfe_number=self.la_number,
            population_0_17=self.size.population,
        )
        self.write_workforce()
        self.write_kids()
        adoptions = sum(1 for h in self.carers.households if h["kind"] == "adopters")
        self.carers.unmatched_adopters(per_year=adoptions / max(self.size.years, 1))
        self.carers.write(
            supervisors=[
                w["id"]
                for t in self.teams
                if t["kind"] == "adoption"
                for w in t["case"]
                if w["leave"] is None or w["leave"] > self.as_of
            ]
        )
        self.sink.flush()
        self.write_family_help()
        self.write_supervision()
        from hearth.synthetic.quality import write_quality

        write_quality(self)
        self.safeguarding = write_safeguarding(self)
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                bad = cursor.execute("PRAGMA foreign_key_check").fetchall()
            if bad:
                raise RuntimeError(f"Foreign keys broken: {bad[:5]}")
        reset_sequences()
        return dict(self.sink.written)


def reset_sequences() -> None:
    sql = connection.ops.sequence_reset_sql(no_style(), MODELS)
    if sql:
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)


def build(
    *,
    seed: int,
    size: str = "demo",
    as_of: dt.date | None = None,
    la_name: str = "Peterborough",
    ons_code: str = "E06000031",
    la_number: int = 874,
    progress: bool = False,
) -> Builder:
    """Build the synthetic authority in one transaction; returns the builder (with its kids and
    workers) for callers that want to inspect what was made."""
    as_of = as_of or dt.date.today()
    builder = Builder(
        seed=seed,
        size=size,
        as_of=as_of,
        la_name=la_name,
        ons_code=ons_code,
        la_number=la_number,
        progress=progress,
    )
    # Millions of rows: the record-version triggers stand aside and every kept view is
    # invalidated once at the end (hearth.core.record_version.bulk_write).
    with transaction.atomic(), record_version.bulk_write():
        builder.written = builder.run()
    return builder
