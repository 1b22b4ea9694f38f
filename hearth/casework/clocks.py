"""Statutory and local clocks: when each piece of work falls due.

Pure functions of dates (no database), so every surface — My work, the team manager's page,
the front-door queue, indicators — computes a due date the same way. Working-day arithmetic is
``hearth.core.calendar`` (England and Wales bank holidays). Timescales that are local practice
rather than law (CP visits every 10 working days, return interview within 72 hours, CP contacts
decided within 4 hours) are module constants that settings may override.

Conventions
    * "n working days from X" is the n-th working day after X (X itself is not counted).
    * Month-based clocks use calendar months clamped to the month end (31 Jan + 1 → 28/29 Feb).
    * Hour-based clocks count elapsed hours (so a 72-hour clock across the October clock change
      ends at a wall-clock time one hour earlier) and return Europe/London datetimes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings

from hearth.core.calendar import (
    LONDON,
    add_months,
    add_working_days,
    deadline_hours,
    working_days_between,
)

FRONT_DOOR_WORKING_DAYS = 1
FRONT_DOOR_CP_HOURS = 4
ASSESSMENT_WORKING_DAYS = 45
ICPC_WORKING_DAYS = 15
FIRST_CP_REVIEW_MONTHS = 3
CP_REVIEW_MONTHS = 6
CP_VISIT_WORKING_DAYS = 10
FIRST_LAC_REVIEW_WORKING_DAYS = 20
SECOND_LAC_REVIEW_MONTHS = 3
LAC_REVIEW_MONTHS = 6
CLA_FIRST_VISIT_DAYS = 7
CLA_VISIT_WEEKS = 6
CLA_LONG_TERM_VISIT_MONTHS = 3
INITIAL_HEALTH_ASSESSMENT_WORKING_DAYS = 20
HEALTH_REVIEW_MONTHS_UNDER_5 = 6
HEALTH_REVIEW_MONTHS = 12
DENTAL_CHECK_MONTHS = 12
RETURN_INTERVIEW_HOURS = 72
PATHWAY_PLAN_AGE_MONTHS = 16 * 12 + 3
PROCEEDINGS_WEEKS = 26
DUE_SOON_WORKING_DAYS = 5


def _local(name: str, default: int) -> int:
    """A local timescale from settings (HEARTH_CLOCKS = {"CP_VISIT_WORKING_DAYS": 15})."""
    return int(getattr(settings, "HEARTH_CLOCKS", {}).get(name, default))


# --- Front door --------------------------------------------------------------------------------


def front_door_decision_due(received_at: dt.datetime, *, child_protection: bool) -> dt.datetime:
    """A contact is decided within 1 working day (same time on the next working day), or within
    4 elapsed hours where the child may be at risk of significant harm."""
    if received_at.tzinfo is None:
        raise ValueError("received_at must be timezone-aware")
    if child_protection:
        return deadline_hours(received_at, hours=_local("FRONT_DOOR_CP_HOURS", FRONT_DOOR_CP_HOURS))
    local = received_at.astimezone(LONDON)
    day = add_working_days(
        local.date(), n=_local("FRONT_DOOR_WORKING_DAYS", FRONT_DOOR_WORKING_DAYS)
    )
    # Same wall-clock time; fold=0 picks the first of an ambiguous (clock-change) hour.
    return dt.datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=LONDON)


# --- Referral, assessment and child protection ------------------------------------------------


def assessment_due(referral_date: dt.date) -> dt.date:
    """Child and family assessment: 45 working days from the referral."""
    return add_working_days(referral_date, n=ASSESSMENT_WORKING_DAYS)


def assessment_working_days(referral_date: dt.date, *, on: dt.date) -> int:
    """Working days elapsed on the 45-day clock (0 on the day of referral)."""
    return working_days_between(referral_date, end=on)


def icpc_due(strategy_discussion_date: dt.date) -> dt.date:
    """Initial child protection conference: 15 working days from the strategy discussion."""
    return add_working_days(strategy_discussion_date, n=ICPC_WORKING_DAYS)


def cp_review_due(icpc_date: dt.date, *, reviews: Iterable[dt.date] = ()) -> dt.date:
    """Next review conference: 3 months after the ICPC, then at most 6 months after the last."""
    held = sorted(d for d in reviews if d >= icpc_date)
    if not held:
        return add_months(icpc_date, n=FIRST_CP_REVIEW_MONTHS)
    return add_months(held[-1], n=CP_REVIEW_MONTHS)


def cp_visit_due(since: dt.date, *, every_working_days: int | None = None) -> dt.date:
    """Next child protection visit: every N working days (local; default 10) after `since`
    (the last visit where the child was seen, or the start of the plan)."""
    n = every_working_days or _local("CP_VISIT_WORKING_DAYS", CP_VISIT_WORKING_DAYS)
    return add_working_days(since, n=n)


# --- Children looked after ---------------------------------------------------------------------


def lac_review_due(period_start: dt.date, *, reviews: Iterable[dt.date] = ()) -> dt.date:
    """Looked-after reviews: first within 20 working days of coming into care, the second within
    3 months of the first, then every 6 months."""
    held = sorted(d for d in reviews if d >= period_start)
    if not held:
        return add_working_days(period_start, n=FIRST_LAC_REVIEW_WORKING_DAYS)
    if len(held) == 1:
        return add_months(held[0], n=SECOND_LAC_REVIEW_MONTHS)
    return add_months(held[-1], n=LAC_REVIEW_MONTHS)


def cla_visit_due(
    placement_start: dt.date, *, last_visit: dt.date | None = None, long_term: bool = False
) -> dt.date:
    """Social worker visits to a looked-after child: within 1 week of a placement starting, then
    at least every 6 weeks (every 3 months once a long-term placement is agreed)."""
    if last_visit is None or last_visit < placement_start:
        return placement_start + dt.timedelta(days=CLA_FIRST_VISIT_DAYS)
    if long_term:
        return add_months(last_visit, n=CLA_LONG_TERM_VISIT_MONTHS)
    return last_visit + dt.timedelta(weeks=CLA_VISIT_WEEKS)


def health_assessment_due(
    period_start: dt.date, *, date_of_birth: dt.date | None, last: dt.date | None = None
) -> dt.date:
    """Initial health assessment within 20 working days of coming into care; reviews every
    6 months for a child under 5 (on the day of the last assessment), otherwise yearly."""
    if last is None or last < period_start:
        return add_working_days(period_start, n=INITIAL_HEALTH_ASSESSMENT_WORKING_DAYS)
    under_5 = date_of_birth is not None and last < add_months(date_of_birth, n=60)
    months = HEALTH_REVIEW_MONTHS_UNDER_5 if under_5 else HEALTH_REVIEW_MONTHS
    return add_months(last, n=months)


def dental_check_due(period_start: dt.date, *, last: dt.date | None = None) -> dt.date:
    """A dental check every 12 months (the first within 12 months of coming into care)."""
    return add_months(
        last if last and last >= period_start else period_start, n=DENTAL_CHECK_MONTHS
    )


def return_interview_due(returned_at: dt.datetime) -> dt.datetime:
    """A return home interview is offered within 72 hours of the child coming back."""
    return deadline_hours(
        returned_at, hours=_local("RETURN_INTERVIEW_HOURS", RETURN_INTERVIEW_HOURS)
    )


def pathway_plan_due(date_of_birth: dt.date) -> dt.date:
    """A pathway plan by the time an eligible young person is 16 years and 3 months old."""
    return add_months(date_of_birth, n=PATHWAY_PLAN_AGE_MONTHS)


def proceedings_due(issued: dt.date) -> dt.date:
    """Care proceedings are expected to finish within 26 weeks of issue (Public Law Outline)."""
    return issued + dt.timedelta(weeks=PROCEEDINGS_WEEKS)


PRE_PROCEEDINGS_WEEKS = 16


def pre_proceedings_decision_due(start: dt.date) -> dt.date:
    """Pre-proceedings should ordinarily end in a decision within 16 weeks of beginning (Public
    Law Working Group, best practice guidance on pre-proceedings, 2023)."""
    return start + dt.timedelta(weeks=PRE_PROCEEDINGS_WEEKS)


# --- Presenting a due date ---------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """One piece of work and when it falls due, with a GOV.UK tag for how urgent it is."""

    label: str
    due: dt.date | dt.datetime
    child: object | None = None
    url: str = ""

    @property
    def due_date(self) -> dt.date:
        if isinstance(self.due, dt.datetime):
            return self.due.astimezone(LONDON).date()
        return self.due

    def state(self, *, now: dt.datetime) -> str:
        """ "overdue", "today", "soon" (within 5 working days) or "later"."""
        today = now.astimezone(LONDON).date()
        if isinstance(self.due, dt.datetime):
            if self.due.astimezone(dt.UTC) < now.astimezone(dt.UTC):
                return "overdue"
        elif self.due < today:
            return "overdue"
        if self.due_date == today:
            return "today"
        if working_days_between(today, end=self.due_date) <= DUE_SOON_WORKING_DAYS:
            return "soon"
        return "later"

    def sort_key(self) -> tuple:
        if isinstance(self.due, dt.datetime):
            return (self.due_date, self.due.astimezone(LONDON).time())
        return (self.due, dt.time.max)


TAGS = {
    "overdue": ("Overdue", "red"),
    "today": ("Due today", "orange"),
    "soon": ("Due soon", "yellow"),
    "later": ("Due", "grey"),
}


def time_left(due: dt.datetime, *, now: dt.datetime) -> str:
    """'2 hours 5 minutes left' or 'Overdue by 40 minutes' for a countdown."""
    seconds = int((due.astimezone(dt.UTC) - now.astimezone(dt.UTC)).total_seconds())
    overdue = seconds < 0
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if not days and (minutes or not parts):
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    text = " ".join(parts)
    return f"Overdue by {text}" if overdue else f"{text} left"
