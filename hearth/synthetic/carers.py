"""Foster carer and adopter households for the synthetic authority, and the education of its
children in care: drawn from their own random streams, so the children's journeys (and every
calibrated figure) are the same with or without them.

Assumptions (national figures not in ``national-stats.md`` are stated here, approximately):
* Foster placements are linked to households by their provider, which the journey already sets
  (U4-U6: 55% own-LA provision, 45% private, as DfE's children looked after statistics show
  roughly half of fostered children with independent fostering agency carers): own-LA
  provision is an in-house household, private or voluntary an agency household. Connected
  person placements (U1-U3) are each a connected person household approved for that child.
* Households approve for 1 (35%), 2 (45%) or 3 (20%) children and are reused while they have
  room, so some stand empty: vacancies (Ofsted, "Fostering in England": around one in five
  approved places is vacant or unavailable). A household that has had no child for a year is
  deregistered with a probability of one half (retirement or a change of circumstances).
* Each adoption match has an adopter household (its family identifier) whose stages follow the
  enquiry date on the adoption record; as many again enquire and are still in assessment,
  approved and waiting, or left (withdrew or were refused) without a match.
* Education (DfE, "Outcomes for children in need, including children looked after", 2023
  approximately): about 55% of children in care have special educational needs (half of them
  an EHC plan); about 15% are persistently absent; about 1 in 8 has a suspension in a year,
  permanent exclusions are rare; about 1% are missing education and 1% electively home
  educated. Personal education plans are held each term (95% on time), rated good 80%.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from hearth.carers.models import CarerHousehold, CarerReview, HouseholdMember
from hearth.casework import clocks
from hearth.core.calendar import add_months
from hearth.education import models as edu
from hearth.education.selectors import academic_year_start, school_year
from hearth.synthetic.names import NameBank

D = dt.timedelta
H = CarerHousehold
FOSTER_IN_HOUSE = frozenset({"U4", "U5", "U6"})
CONNECTED = frozenset({"U1", "U2", "U3"})
ADOPTION_NEW_CARERS = frozenset({"A4", "A6"})
AGENCIES = (
    "Fen Valley Fostering",
    "Nene Family Placements",
    "Anglia Foster Care",
    "Heartwood Fostering",
)
SCHOOLS = (
    ("Orton Longueville School", "110821"),
    ("Thomas Deacon Academy", "135760"),
    ("Jack Hunt School", "110822"),
    ("Ken Stimpson Community School", "110823"),
    ("Fulbridge Academy", "137123"),
    ("Gladstone Primary Academy", "139812"),
    ("Welland Academy", "138045"),
    ("Eye Church of England Primary School", "110789"),
    ("Heltwate School", "110914"),
    ("Nene Park Academy", "137090"),
)
MODELS = [CarerHousehold, HouseholdMember, CarerReview]
EDUCATION_MODELS = [edu.EducationSetting, edu.PersonalEducationPlan, edu.Exclusion]


class CarerBook:
    def __init__(self, *, seed: int, as_of: dt.date, history_start: dt.date, sink, ids):
        self.r = random.Random(f"{seed}:carers")
        self.edu_r = random.Random(f"{seed}:education")
        self.names = NameBank(self.r)
        self.as_of, self.history_start = as_of, history_start
        self.sink, self.ids = sink, ids
        self.pools: dict[tuple[str, str], list[dict]] = defaultdict(list)
        self.households: list[dict] = []

    # --- households -------------------------------------------------------------------------
    def _new(self, kind: str, *, approved: dt.date, places: int, pc: str) -> dict:
        r = self.r
        hid = self.ids(H)
        surname = self.names.last("WBRI" if r.random() < 0.8 else "BAFR")
        enquiry = approved - D(days=r.randint(180, 300)) if kind != H.Kind.CONNECTED else approved
        h = {
            "id": hid,
            "reference": {"mainstream": "FC", "connected": "CP", "agency": "IF", "adopters": "AD"}[
                kind
            ]
            + f"{hid:05d}",
            "name": f"The {surname} household",
            "surname": surname,
            "kind": kind,
            "agency_name": r.choice(AGENCIES) if kind == H.Kind.AGENCY else "",
            "postcode": pc,
            "enquiry_date": enquiry,
            "assessment_start_date": enquiry + D(days=r.randint(20, 45))
            if kind != H.Kind.CONNECTED
            else approved,
            "approval_date": approved,
            "approved_places": places,
            "age_from": 0,
            "age_to": 18,
            "care_types": ["short_term", "long_term"]
            + (["emergency"] if r.random() < 0.3 else [])
            + (["short_breaks"] if r.random() < 0.2 else []),
            "stays": [],
            "couple": r.random() < 0.7,
        }
        self.households.append(h)
        return h

    def for_placement(self, *, place: str, provider: str, start, end, where: str, pc: str, la: str):
        """The household a foster placement is made with (id, postcode, LA), or None."""
        if place in CONNECTED:
            h = self._new(H.Kind.CONNECTED, approved=start, places=1, pc=pc)
            h["care_types"] = ["long_term"] if place == "U1" else ["short_term"]
            h["la"] = la
            h["stays"].append((start, end))
            return h
        if place not in FOSTER_IN_HOUSE or provider not in ("PR1", "PR4", "PR5"):
            return None
        kind = H.Kind.MAINSTREAM if provider == "PR1" else H.Kind.AGENCY
        pool = self.pools[(kind, where)]
        stop = end or self.as_of + D(days=1)
        candidates = [
            h
            for h in self.r.sample(pool, min(len(pool), 40))
            if h["approval_date"] <= start
            and sum(s < stop and (e is None or e > start) for s, e in h["stays"])
            < h["approved_places"]
        ]
        if candidates:
            h = candidates[0]
        else:
            places = 1 if self.r.random() < 0.35 else 2 if self.r.random() < 0.7 else 3
            approved = max(start - D(days=self.r.randint(30, 2500)), dt.date(1995, 1, 1))
            h = self._new(kind, approved=approved, places=places, pc=pc)
            h["la"] = la
            pool.append(h)
        h["stays"].append((start, end))
        return h

    def adopters(self) -> dict:
        """A matched adopter household (its dates are filled in by ``adopters_fill`` once the
        adoption record's are known)."""
        return self._new(H.Kind.ADOPTERS, approved=self.as_of, places=2, pc="")

    def adopters_fill(
        self, h: dict, *, match: dt.date, enquiry: dt.date, sex_code: str, order, pc, la
    ) -> None:
        r = self.r
        stage1 = enquiry + D(days=r.randint(20, 45))
        stage2 = stage1 + D(days=r.randint(55, 70))
        approved = max(min(stage2 + D(days=r.randint(110, 130)), match - D(days=7)), stage2)
        h.update(
            enquiry_date=enquiry,
            assessment_start_date=stage1,
            stage1_start=stage1,
            stage1_end=stage2,
            stage2_start=stage2,
            stage2_end=approved,
            application_date=stage2,
            approval_date=approved,
            care_types=["ffa"] if r.random() < 0.15 else [],
            sexes={"MF": "MF", "F1": "F", "M1": "M", "FF": "FF", "MM": "MM"}.get(sex_code, "MF"),
            postcode=pc,
            la=la,
            order=order,
        )

    def unmatched_adopters(self, per_year: float) -> None:
        """Adopters who enquired in the last two years and have not been matched."""
        r = self.r
        start = add_months(self.as_of, n=-24)
        n = round(per_year * 2)
        for _ in range(n):
            enquiry = start + D(days=r.randint(0, (self.as_of - start).days))
            h = self._new(H.Kind.ADOPTERS, approved=self.as_of, places=2, pc="")
            h.update(enquiry_date=enquiry, approval_date=None, sexes="MF" if h["couple"] else "F")
            outcome = r.random()
            stage1 = enquiry + D(days=r.randint(20, 45))
            stage2 = stage1 + D(days=r.randint(55, 70))
            approved = stage2 + D(days=r.randint(110, 130))
            h["assessment_start_date"] = stage1 if stage1 <= self.as_of else None
            h["stage1_start"] = h["assessment_start_date"]
            if outcome < 0.25 and stage1 <= self.as_of:
                left = min(stage1 + D(days=r.randint(10, 50)), self.as_of)
                h["left"] = (left, H.DeregistrationReason.ADOPTER_WITHDREW)
            elif outcome < 0.35 and stage2 <= self.as_of:
                h.update(stage1_end=stage2, stage2_start=stage2, application_date=stage2)
                left = min(stage2 + D(days=r.randint(60, 120)), self.as_of)
                h["left"] = (left, H.DeregistrationReason.REFUSED)
            elif approved <= self.as_of:
                h.update(
                    stage1_end=stage2,
                    stage2_start=stage2,
                    stage2_end=approved,
                    application_date=stage2,
                    approval_date=approved,
                )
            elif stage2 <= self.as_of:
                h.update(stage1_end=stage2, stage2_start=stage2, application_date=stage2)

    def write(self, *, supervisors: list[int]) -> None:
        """Write every household, with its people, reviews and registration status."""
        r, add, a = self.r, self.sink.add, self.as_of
        for h in self.households:
            stays = h.pop("stays")
            kind = h["kind"]
            status = H.Status.ENQUIRY
            dereg = reason = None
            if h.get("approval_date") and h["approval_date"] <= a:
                status = H.Status.APPROVED
            elif h.get("assessment_start_date"):
                status = H.Status.ASSESSMENT
            open_now = any(e is None or e > a for _s, e in stays)
            last_end = max((e for _s, e in stays if e is not None), default=None)
            if kind == H.Kind.CONNECTED and last_end and not open_now:
                dereg = last_end + D(days=r.randint(0, 30))
                reason = r.choice(
                    (H.DeregistrationReason.PERMANENCE, H.DeregistrationReason.CIRCUMSTANCES)
                )
            elif kind in (H.Kind.MAINSTREAM, H.Kind.AGENCY) and not open_now:
                idle_since = last_end or h["approval_date"]
                if (a - idle_since).days > 365 and r.random() < 0.5:
                    dereg = idle_since + D(days=r.randint(90, 365))
                    reason = r.choice(
                        (
                            H.DeregistrationReason.RETIRED,
                            H.DeregistrationReason.CIRCUMSTANCES,
                            H.DeregistrationReason.TRANSFERRED,
                        )
                    )
            elif kind == H.Kind.ADOPTERS:
                if h.get("order") and not open_now:
                    dereg = h["order"] + D(days=r.randint(30, 365))
                    reason = H.DeregistrationReason.ADOPTION_COMPLETE
                elif "left" in h:
                    dereg, reason = h["left"]
            if dereg is not None and dereg <= a:
                status = H.Status.DEREGISTERED
            else:
                dereg = reason = None
            on_hold = r.random() < 0.04
            if (
                status == H.Status.APPROVED
                and kind != H.Kind.CONNECTED
                and on_hold
                and not open_now
            ):
                status = H.Status.ON_HOLD
            add(
                H,
                id=h["id"],
                reference=h["reference"],
                name=h["name"],
                kind=kind,
                agency_name=h["agency_name"],
                postcode=h["postcode"],
                status=status,
                enquiry_date=h["enquiry_date"],
                assessment_start_date=h.get("assessment_start_date"),
                stage1_start=h.get("stage1_start"),
                stage1_end=h.get("stage1_end"),
                stage2_start=h.get("stage2_start"),
                stage2_end=h.get("stage2_end"),
                application_date=h.get("application_date"),
                approval_date=h.get("approval_date"),
                approved_places=h["approved_places"] if kind != H.Kind.ADOPTERS else None,
                age_from=h["age_from"] if kind != H.Kind.ADOPTERS else None,
                age_to=h["age_to"] if kind != H.Kind.ADOPTERS else None,
                care_types=h["care_types"],
                on_hold_date=a - D(days=r.randint(1, 60)) if status == H.Status.ON_HOLD else None,
                deregistration_date=dereg,
                deregistration_reason=reason or "",
                supervising_worker_id=(
                    r.choice(supervisors)
                    if supervisors and kind in H.IN_HOUSE and status != H.Status.DEREGISTERED
                    else None
                ),
            )
            self._members(h)
            if kind in H.FOSTERING and h.get("approval_date"):
                day = add_months(h["approval_date"], n=12) - D(days=r.randint(0, 40))
                stop = min(dereg or a, a)
                while day <= stop:
                    if day >= self.history_start:
                        add(
                            CarerReview,
                            id=self.ids(CarerReview),
                            household_id=h["id"],
                            date=day,
                            outcome=CarerReview.Outcome.CONTINUE
                            if r.random() < 0.9
                            else CarerReview.Outcome.CHANGE,
                        )
                    day = clocks.FOSTER_CARER_REVIEW.due(day) + D(days=r.randint(-30, 25))

    def _members(self, h: dict) -> None:
        r, add = self.r, self.sink.add
        sexes = h.get("sexes") or ("MF" if h["couple"] else r.choice("FFFM"))
        for sex in sexes:
            add(
                HouseholdMember,
                id=self.ids(HouseholdMember),
                household_id=h["id"],
                role=HouseholdMember.Role.CARER,
                first_name=self.names.adult_first(sex),
                last_name=h["surname"],
                sex=sex,
                ethnicity="WBRI" if r.random() < 0.8 else r.choice(("BAFR", "WOTH", "MWBC")),
                disability=r.random() < 0.05,
            )

    # --- education -------------------------------------------------------------------------
    def education(self, *, child_id: int, dob: dt.date | None, start, end) -> None:
        """A period of care's education: the school (or none), PEPs each term, suspensions."""
        r, add, a = self.edu_r, self.sink.add, self.as_of
        stop = min(end or a, a)
        first = max(start, self.history_start)
        if dob is None or first > stop:
            return
        years = [school_year(dob, d) for d in (first, stop)]
        if years[1] is None or years[1] < 0 or years[0] > 11:
            return
        school_from = max(first, dob + D(days=365 * 4 + 240))
        if school_from > stop:
            return
        r_kind = r.random()
        kind = (
            edu.EducationSetting.Kind.CME
            if r_kind < 0.01
            else edu.EducationSetting.Kind.EHE
            if r_kind < 0.02
            else edu.EducationSetting.Kind.ALTERNATIVE
            if r_kind < 0.05
            else edu.EducationSetting.Kind.SCHOOL
        )
        school, urn = r.choice(SCHOOLS)
        named = kind in (edu.EducationSetting.Kind.SCHOOL, edu.EducationSetting.Kind.ALTERNATIVE)
        add(
            edu.EducationSetting,
            id=self.ids(edu.EducationSetting),
            child_id=child_id,
            kind=kind,
            school_name=school if named else "",
            school_urn=urn if kind == edu.EducationSetting.Kind.SCHOOL else "",
            start_date=school_from,
            end_date=end if end and end <= a else None,
        )
        sen = "E" if r.random() < 0.28 else "K" if r.random() < 0.38 else "N"
        level = r.gauss(0, 1)
        day = clocks.PEP_INITIAL.due(start) - D(days=r.randint(0, 7))
        while day <= stop:
            if day >= school_from and school_year(dob, day) <= 11:
                attendance = max(0.0, min(100.0, r.gauss(94.5, 5.5)))
                add(
                    edu.PersonalEducationPlan,
                    id=self.ids(edu.PersonalEducationPlan),
                    child_id=child_id,
                    date=day,
                    quality="good"
                    if r.random() < 0.8
                    else "requires_improvement"
                    if r.random() < 0.75
                    else "inadequate",
                    attendance_percent=Decimal(f"{attendance:.1f}"),
                    attainment="below" if level < -0.3 else "above" if level > 1.0 else "expected",
                    sen_provision=sen,
                    targets="Targets agreed with the designated teacher and the carers.",
                )
            late = r.random() < 0.05
            day = clocks.PEP_REVIEW.due(day) + D(
                days=r.randint(10, 40) if late else -r.randint(0, 20)
            )
        year = academic_year_start(school_from)
        while year <= stop:
            if r.random() < 0.12:
                for _ in range(r.choice((1, 1, 2, 3))):
                    when = year + D(days=r.randint(5, 300))
                    if school_from <= when <= stop:
                        add(
                            edu.Exclusion,
                            id=self.ids(edu.Exclusion),
                            child_id=child_id,
                            kind="suspension",
                            start_date=when,
                            days=r.choice((1, 1, 2, 3, 5)),
                            school_name=school if named else "",
                        )
            if r.random() < 0.002:
                when = year + D(days=r.randint(20, 280))
                if school_from <= when <= stop:
                    add(
                        edu.Exclusion,
                        id=self.ids(edu.Exclusion),
                        child_id=child_id,
                        kind="permanent",
                        start_date=when,
                        school_name=school if named else "",
                    )
            year = dt.date(year.year + 1, 9, 1)
