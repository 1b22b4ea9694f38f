"""Members of the education of children in care and the fostering and adoption sufficiency
indicators (issue 18). Education members come from ``education.selectors.pupils_on`` (the
virtual school page's own rows), fostering members from ``carers.selectors``."""

from __future__ import annotations

from hearth.carers import selectors as carers
from hearth.carers.models import CarerHousehold
from hearth.education import selectors as edu
from hearth.education.models import Exclusion, PersonalEducationPlan
from hearth.insight.indicators.engine import Member, _labels

# --- Education of children in care -------------------------------------------------------------


def _pep_in_date(ctx):
    return [
        Member(
            p.child_id,
            p.pep.date if p.pep else p.in_care_since,
            p.pep_in_date,
            detail=f"Next PEP due {p.pep_due:%-d %b %Y}",
        )
        for p in edu.pupils_on(day=ctx.as_of)
    ]


def _pep_quality(ctx):
    labels = _labels(PersonalEducationPlan.Quality)
    return [
        Member(child_id, day, quality == PersonalEducationPlan.Quality.GOOD, group=labels[quality])
        for child_id, day, quality in edu.peps_in_period(start=ctx.start, end=ctx.end).values_list(
            "child_id", "date", "quality"
        )
    ]


def _with_attendance(ctx):
    return [p for p in edu.pupils_on(day=ctx.as_of) if p.attendance is not None]


def _attendance(ctx):
    return [
        Member(p.child_id, p.pep.date, measure=float(p.attendance), detail=f"{p.attendance}%")
        for p in _with_attendance(ctx)
    ]


def _persistent_absence(ctx):
    return [
        Member(
            p.child_id,
            p.pep.date,
            bool(p.persistently_absent),
            detail=f"Attendance {p.attendance}%",
        )
        for p in _with_attendance(ctx)
    ]


def _excluded(ctx):
    pupils = edu.pupils_on(day=ctx.as_of)
    excluded = set(
        edu.exclusions_in_period(start=ctx.start, end=ctx.end)
        .filter(child_id__in=[p.child_id for p in pupils])
        .values_list("child_id", flat=True)
    )
    return [
        Member(p.child_id, ctx.as_of, p.child_id in excluded, detail="Suspended or excluded")
        for p in pupils
    ]


def _permanent_exclusions(ctx):
    return [
        Member(child_id, day)
        for child_id, day in edu.exclusions_in_period(start=ctx.start, end=ctx.end)
        .filter(kind=Exclusion.Kind.PERMANENT)
        .values_list("child_id", "start_date")
    ]


def _cme_ehe(ctx):
    return [
        Member(
            p.child_id,
            p.setting.start_date,
            group="Missing education" if p.missing_education else "Electively home educated",
        )
        for p in edu.pupils_on(day=ctx.as_of)
        if p.missing_education or p.home_educated
    ]


# --- Fostering and adoption sufficiency --------------------------------------------------------

_KINDS = _labels(CarerHousehold.Kind)


def _foster_households(ctx):
    return [
        Member(None, h.approval_date, group=_KINDS[h.kind], detail=h.reference)
        for h in carers.households_approved_on(day=ctx.as_of).filter(
            kind__in=CarerHousehold.FOSTERING
        )
    ]


def _foster_vacancies(ctx):
    s = carers.fostering_sufficiency(day=ctx.as_of, year_start=ctx.start)
    return [
        Member(None, ctx.as_of, group=label)
        for label, _n, _places, vacant in s.by_kind
        for _ in range(vacant)
    ]


def _in_house_share(ctx):
    return [
        Member(child_id, start, source == carers.IN_HOUSE, group=source)
        for child_id, start, source in carers.foster_placements_on(day=ctx.as_of)
    ]


def _deregistrations(ctx):
    reasons = _labels(CarerHousehold.DeregistrationReason)
    return [
        Member(None, day, group=reasons.get(reason, reason))
        for day, reason in CarerHousehold.objects.live()
        .filter(kind__in=CarerHousehold.FOSTERING)
        .filter(deregistration_date__gte=ctx.start, deregistration_date__lte=ctx.end)
        .values_list("deregistration_date", "deregistration_reason")
    ]


def _adopters_approved(ctx):
    return [
        Member(None, day, detail=ref)
        for day, ref in CarerHousehold.objects.live()
        .filter(kind=CarerHousehold.Kind.ADOPTERS)
        .filter(approval_date__gte=ctx.start, approval_date__lte=ctx.end)
        .values_list("approval_date", "reference")
    ]
