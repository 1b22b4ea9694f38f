"""Reads for the virtual school: which children in care are of school age, where each is
educated, their personal education plans and whether one is due, attendance and exclusions.
The virtual school page and the education indicators both start here (one definition)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from hearth.care.selectors import cla_open_on
from hearth.casework import clocks
from hearth.education.models import EducationSetting, Exclusion, PersonalEducationPlan

PERSISTENT_ABSENCE_BELOW = Decimal("90")
"""DfE: a pupil is persistently absent when they miss 10% or more of their possible sessions."""
RECEPTION, YEAR_11 = 0, 11


def academic_year_start(day: dt.date) -> dt.date:
    return dt.date(day.year if day.month >= 9 else day.year - 1, 9, 1)


def school_year(date_of_birth: dt.date | None, day: dt.date) -> int | None:
    """National Curriculum year on ``day`` (Reception 0, Year 1 … Year 13) by the child's age
    on 31 August before the academic year began: a child aged 5 then is in Year 1."""
    if date_of_birth is None:
        return None
    start = academic_year_start(day)
    aug31 = start - dt.timedelta(days=1)
    age = (
        aug31.year
        - date_of_birth.year
        - (
            (aug31.month, aug31.day)
            < (
                date_of_birth.month,
                date_of_birth.day,
            )
        )
    )
    return age - 4


def is_school_age(date_of_birth: dt.date | None, day: dt.date) -> bool:
    """Reception to Year 11: the children a virtual school follows."""
    year = school_year(date_of_birth, day)
    return year is not None and RECEPTION <= year <= YEAR_11


def year_label(year: int | None) -> str:
    if year is None:
        return ""
    return "Reception" if year == 0 else f"Year {year}"


@dataclass(frozen=True)
class Pupil:
    child_id: int
    child: object
    in_care_since: dt.date
    year: int | None
    setting: EducationSetting | None
    pep: PersonalEducationPlan | None
    pep_due: dt.date
    exclusions: int
    suspensions: int
    permanent: int
    as_of: dt.date

    @property
    def pep_in_date(self) -> bool:
        return self.pep_due >= self.as_of

    @property
    def attendance(self) -> Decimal | None:
        return self.pep.attendance_percent if self.pep else None

    @property
    def persistently_absent(self) -> bool | None:
        a = self.attendance
        return None if a is None else a < PERSISTENT_ABSENCE_BELOW

    @property
    def sen(self) -> str:
        return self.pep.get_sen_provision_display() if self.pep else ""

    @property
    def missing_education(self) -> bool:
        return bool(self.setting and self.setting.kind == EducationSetting.Kind.CME)

    @property
    def home_educated(self) -> bool:
        return bool(self.setting and self.setting.kind == EducationSetting.Kind.EHE)

    @property
    def year_label(self) -> str:
        return year_label(self.year)


def pupils_on(*, day: dt.date, child_ids=None) -> list[Pupil]:
    """Children in care on ``day`` of school age (Reception to Year 11), with where they are
    educated, their latest PEP on or before the day, when the next is due and their suspensions
    and permanent exclusions in the academic year so far. ``child_ids`` limits it (for a viewer's
    visible children)."""
    periods = cla_open_on(day=day).select_related("child")
    if child_ids is not None:
        periods = periods.filter(child_id__in=child_ids)
    periods = [p for p in periods if is_school_age(p.child.date_of_birth, day)]
    ids = [p.child_id for p in periods]
    settings: dict[int, EducationSetting] = {}
    for s in (
        EducationSetting.objects.live().filter(child_id__in=ids).open_on(day).order_by("start_date")
    ):
        settings[s.child_id] = s
    peps: dict[int, PersonalEducationPlan] = {}
    for p in (
        PersonalEducationPlan.objects.live()
        .filter(child_id__in=ids, date__lte=day)
        .order_by("date", "pk")
    ):
        peps[p.child_id] = p
    year_start = academic_year_start(day)
    suspensions: dict[int, int] = {}
    permanent: dict[int, int] = {}
    for child_id, kind in (
        Exclusion.objects.live()
        .filter(child_id__in=ids, start_date__gte=year_start, start_date__lte=day)
        .values_list("child_id", "kind")
    ):
        target = permanent if kind == Exclusion.Kind.PERMANENT else suspensions
        target[child_id] = target.get(child_id, 0) + 1
    out = []
    for p in periods:
        pep = peps.get(p.child_id)
        # A PEP from an earlier period of care does not count for this one.
        last = pep.date if pep and pep.date >= p.start_date else None
        out.append(
            Pupil(
                child_id=p.child_id,
                child=p.child,
                in_care_since=p.start_date,
                year=school_year(p.child.date_of_birth, day),
                setting=settings.get(p.child_id),
                pep=pep if last else None,
                pep_due=clocks.pep_due(p.start_date, last=last),
                exclusions=suspensions.get(p.child_id, 0) + permanent.get(p.child_id, 0),
                suspensions=suspensions.get(p.child_id, 0),
                permanent=permanent.get(p.child_id, 0),
                as_of=day,
            )
        )
    out.sort(key=lambda r: (r.child.last_name, r.child.first_name, r.child_id))
    return out


def peps_in_period(*, start: dt.date, end: dt.date):
    return PersonalEducationPlan.objects.live().filter(date__gte=start, date__lte=end)


def exclusions_in_period(*, start: dt.date, end: dt.date):
    return Exclusion.objects.live().filter(start_date__gte=start, start_date__lte=end)


def current_setting(*, child) -> EducationSetting | None:
    return (
        EducationSetting.objects.live()
        .filter(child=child, end_date__isnull=True)
        .order_by("-start_date")
        .first()
    )
