"""Statutory and local clocks: when each piece of work falls due.

Pure functions of dates (no database), so every surface — My work, the team manager's page,
the front-door queue, indicators — computes a due date the same way. Working-day arithmetic is
``hearth.core.calendar`` (England and Wales bank holidays). Timescales that are local practice
rather than law (CP visits every 10 working days, return interview within 72 hours, CP contacts
decided within 4 hours) may be set locally: every timescale is a ``Timescale`` here, each with
``due()`` and ``on_time()``, and ``settings.HEARTH_CLOCKS`` overrides any of them by its key.
This module is the only place a timescale's length is written (a test greps for strays).

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

WORKING_DAYS = "working days"
DAYS = "days"
WEEKS = "weeks"
MONTHS = "months"
HOURS = "hours"


@dataclass(frozen=True)
class Timescale:
    """One timescale: how long, in what unit, and the ``HEARTH_CLOCKS`` key a local authority
    sets to override it (``HEARTH_CLOCKS = {"CP_VISIT_WORKING_DAYS": 15}``).

    Every surface reads its timescales from here (My work, the team page, the indicators, the
    returns), so a local override changes them all together. ``due(start)`` is the last day (or
    moment, for hours) on time; ``on_time(start, done=...)`` whether something done then met it.
    Working-day and hour clocks judge by the elapsed count (a Saturday after a Friday deadline
    is still the 45th working day); day, week and month clocks by the due date."""

    key: str
    default: int
    unit: str

    @property
    def n(self) -> int:
        return _local(self.key, self.default)

    def due(self, start):
        n = self.n
        if self.unit == WORKING_DAYS:
            return add_working_days(start, n=n)
        if self.unit == DAYS:
            return start + dt.timedelta(days=n)
        if self.unit == WEEKS:
            return start + dt.timedelta(weeks=n)
        if self.unit == MONTHS:
            return add_months(start, n=n)
        return deadline_hours(start, hours=n)

    def elapsed(self, start, *, end) -> float:
        """Working days, days or elapsed hours from ``start`` to ``end`` (not for month clocks)."""
        if self.unit == WORKING_DAYS:
            return working_days_between(start, end=end)
        if self.unit == HOURS:
            return (end - start).total_seconds() / 3600
        return (end - start).days

    def on_time(self, start, *, done) -> bool:
        if done is None:
            return False
        if self.unit in (WORKING_DAYS, HOURS):
            return self.elapsed(start, end=done) <= self.n
        return done <= self.due(start)


FRONT_DOOR = Timescale("FRONT_DOOR_WORKING_DAYS", 1, WORKING_DAYS)
FRONT_DOOR_CP = Timescale("FRONT_DOOR_CP_HOURS", 4, HOURS)
ASSESSMENT = Timescale("ASSESSMENT_WORKING_DAYS", 45, WORKING_DAYS)
ICPC = Timescale("ICPC_WORKING_DAYS", 15, WORKING_DAYS)
FIRST_CP_REVIEW = Timescale("FIRST_CP_REVIEW_MONTHS", 3, MONTHS)
CP_REVIEW = Timescale("CP_REVIEW_MONTHS", 6, MONTHS)
CP_VISIT = Timescale("CP_VISIT_WORKING_DAYS", 10, WORKING_DAYS)
FIRST_LAC_REVIEW = Timescale("FIRST_LAC_REVIEW_WORKING_DAYS", 20, WORKING_DAYS)
SECOND_LAC_REVIEW = Timescale("SECOND_LAC_REVIEW_MONTHS", 3, MONTHS)
LAC_REVIEW = Timescale("LAC_REVIEW_MONTHS", 6, MONTHS)
CLA_FIRST_VISIT = Timescale("CLA_FIRST_VISIT_DAYS", 7, DAYS)
CLA_VISIT = Timescale("CLA_VISIT_WEEKS", 6, WEEKS)
CLA_LONG_TERM_VISIT = Timescale("CLA_LONG_TERM_VISIT_MONTHS", 3, MONTHS)
INITIAL_HEALTH_ASSESSMENT = Timescale("INITIAL_HEALTH_ASSESSMENT_WORKING_DAYS", 20, WORKING_DAYS)
HEALTH_REVIEW_UNDER_5 = Timescale("HEALTH_REVIEW_MONTHS_UNDER_5", 6, MONTHS)
HEALTH_REVIEW = Timescale("HEALTH_REVIEW_MONTHS", 12, MONTHS)
DENTAL_CHECK = Timescale("DENTAL_CHECK_MONTHS", 12, MONTHS)
RETURN_INTERVIEW = Timescale("RETURN_INTERVIEW_HOURS", 72, HOURS)
PATHWAY_PLAN_AGE = Timescale("PATHWAY_PLAN_AGE_MONTHS", 16 * 12 + 3, MONTHS)
PATHWAY_PLAN_WARNING = Timescale("PATHWAY_PLAN_WARNING_MONTHS", 3, MONTHS)
PROCEEDINGS = Timescale("PROCEEDINGS_WEEKS", 26, WEEKS)
SUPERVISION = Timescale("SUPERVISION_MONTHS", 1, MONTHS)
"""Each social worker supervised at least once a calendar month (the LA's policy, after the
Standards for employers of social workers' "at least monthly"); see docs/decisions.md."""
SUPERVISION_WARNING = Timescale("SUPERVISION_WARNING_DAYS", 7, DAYS)
"""The team page lists a worker whose supervision falls due within this many days."""
MANAGEMENT_OVERSIGHT = Timescale("MANAGEMENT_OVERSIGHT_MONTHS", 3, MONTHS)
FAMILY_HELP_ASSESSMENT = Timescale("FAMILY_HELP_ASSESSMENT_WORKING_DAYS", 45, WORKING_DAYS)
"""The family's one Family Help assessment: completed within 45 working days of Family Help
starting, the child-in-need timescale (Working Together 2023, ch. 2), which the s17 level must
meet anyway; an LA may set a shorter local timescale for targeted Family Help."""
DUE_SOON = Timescale("DUE_SOON_WORKING_DAYS", 5, WORKING_DAYS)
# Personal education plans: started within 10 working days of a child of school age coming into
# care, and reviewed each school term (DfE, "Promoting the education of looked-after children",
# 2018); three terms a year, so every 4 months unless the authority sets its own.
PEP_INITIAL = Timescale("PEP_INITIAL_WORKING_DAYS", 10, WORKING_DAYS)
PEP_REVIEW = Timescale("PEP_REVIEW_MONTHS", 4, MONTHS)
# A foster carer's approval is reviewed at least once a year (Fostering Services (England)
# Regulations 2011, regulation 28(2)).
FOSTER_CARER_REVIEW = Timescale("FOSTER_CARER_REVIEW_MONTHS", 12, MONTHS)
CHRONOLOGY_REVIEW = Timescale("CHRONOLOGY_REVIEW_MONTHS", 3, MONTHS)
"""A child's chronology reviewed (in supervision or a case audit) at least every 3 months."""
# Complaints about children's social care: the Children Act 1989 Representations Procedure
# (England) Regulations 2006 and "Getting the best from complaints" (DfES, 2006).
COMPLAINT_STAGE_1 = Timescale("COMPLAINT_STAGE_1_WORKING_DAYS", 10, WORKING_DAYS)
COMPLAINT_STAGE_1_EXTENDED = Timescale("COMPLAINT_STAGE_1_EXTENDED_WORKING_DAYS", 20, WORKING_DAYS)
COMPLAINT_STAGE_2 = Timescale("COMPLAINT_STAGE_2_WORKING_DAYS", 25, WORKING_DAYS)
COMPLAINT_STAGE_2_EXTENDED = Timescale("COMPLAINT_STAGE_2_EXTENDED_WORKING_DAYS", 65, WORKING_DAYS)
COMPLAINT_STAGE_3 = Timescale("COMPLAINT_STAGE_3_WORKING_DAYS", 30, WORKING_DAYS)
"""Stage 3: the review panel meets within 30 working days of the request."""
SURVEY_LINK = Timescale("SURVEY_LINK_DAYS", 28, DAYS)
"""A survey link sent to a young person works for 28 days."""
LADO_INITIAL_CONSIDERATION = Timescale("LADO_INITIAL_CONSIDERATION_WORKING_DAYS", 1, WORKING_DAYS)
"""The LADO considers a referral within one working day of receiving it (local practice after
Keeping children safe in education: employers report to the LADO within one working day)."""
LADO_RESOLUTION = Timescale("LADO_RESOLUTION_MONTHS", 1, MONTHS)
"""Allegations resolved within one month (KCSIE part 4: 80% within one month, 90% within three,
all but the most exceptional within twelve)."""
LADO_RESOLUTION_LONG = Timescale("LADO_RESOLUTION_LONG_MONTHS", 3, MONTHS)
PRIVATE_FOSTERING_FIRST_VISIT = Timescale(
    "PRIVATE_FOSTERING_FIRST_VISIT_WORKING_DAYS", 7, WORKING_DAYS
)
"""Children (Private Arrangements for Fostering) Regulations 2005 regs 4 and 7: a visit within
7 working days of the notification."""
PRIVATE_FOSTERING_VISIT = Timescale("PRIVATE_FOSTERING_VISIT_WEEKS", 6, WEEKS)
"""Reg 8(1)(a): visits at intervals of not more than 6 weeks in the first year."""
PRIVATE_FOSTERING_LATER_VISIT = Timescale("PRIVATE_FOSTERING_LATER_VISIT_WEEKS", 12, WEEKS)
"""Reg 8(1)(b): not more than 12 weeks in any second or subsequent year."""
PRIVATE_FOSTERING_FIRST_YEAR = Timescale("PRIVATE_FOSTERING_FIRST_YEAR_MONTHS", 12, MONTHS)
HOMELESS_ASSESSMENT = Timescale("HOMELESS_ASSESSMENT_WORKING_DAYS", 45, WORKING_DAYS)
"""The joint assessment of a homeless 16 or 17 year old is a child and family assessment, within
Working Together's 45 working days (many local protocols aim for 10: set it here locally)."""
YOUNG_CARER_ASSESSMENT = Timescale("YOUNG_CARER_ASSESSMENT_WORKING_DAYS", 45, WORKING_DAYS)
"""No statutory timescale (s17ZA); Hearth uses the child and family assessment's 45 working days
as the local default."""

TIMESCALES: tuple[Timescale, ...] = tuple(
    v for v in list(globals().values()) if isinstance(v, Timescale)
)


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
        return FRONT_DOOR_CP.due(received_at)
    local = received_at.astimezone(LONDON)
    day = FRONT_DOOR.due(local.date())
    # Same wall-clock time; fold=0 picks the first of an ambiguous (clock-change) hour.
    return dt.datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=LONDON)


# --- Referral, assessment and child protection ------------------------------------------------


def assessment_due(referral_date: dt.date) -> dt.date:
    """Child and family assessment: 45 working days from the referral."""
    return ASSESSMENT.due(referral_date)


def assessment_working_days(referral_date: dt.date, *, on: dt.date) -> int:
    """Working days elapsed on the 45-day clock (0 on the day of referral)."""
    return working_days_between(referral_date, end=on)


def family_help_assessment_due(start_date: dt.date) -> dt.date:
    """The Family Help family assessment: 45 working days from the start of Family Help."""
    return FAMILY_HELP_ASSESSMENT.due(start_date)


def icpc_due(strategy_discussion_date: dt.date) -> dt.date:
    """Initial child protection conference: 15 working days from the strategy discussion."""
    return ICPC.due(strategy_discussion_date)


def cp_review_due(icpc_date: dt.date, *, reviews: Iterable[dt.date] = ()) -> dt.date:
    """Next review conference: 3 months after the ICPC, then at most 6 months after the last."""
    held = sorted(d for d in reviews if d >= icpc_date)
    if not held:
        return FIRST_CP_REVIEW.due(icpc_date)
    return CP_REVIEW.due(held[-1])


def cp_visit_due(since: dt.date, *, every_working_days: int | None = None) -> dt.date:
    """Next child protection visit: every N working days (the plan's own interval, else the
    local default of 10) after `since` (the last child protection visit where the child was
    seen, or the start of the plan)."""
    if every_working_days:
        return add_working_days(since, n=every_working_days)
    return CP_VISIT.due(since)


def cp_visit_on_time(since: dt.date, *, on: dt.date, every_working_days: int | None = None):
    """Whether a child on a plan was seen within the visit interval before ``on``."""
    return working_days_between(since, end=on) <= (every_working_days or CP_VISIT.n)


# --- Children looked after ---------------------------------------------------------------------


def lac_review_due(period_start: dt.date, *, reviews: Iterable[dt.date] = ()) -> dt.date:
    """Looked-after reviews: first within 20 working days of coming into care, the second within
    3 months of the first, then every 6 months. The one schedule My work and the review
    timeliness indicator both use."""
    held = sorted(d for d in reviews if d >= period_start)
    if not held:
        return FIRST_LAC_REVIEW.due(period_start)
    if len(held) == 1:
        return SECOND_LAC_REVIEW.due(held[0])
    return LAC_REVIEW.due(held[-1])


def cla_visit_due(
    placement_start: dt.date, *, last_visit: dt.date | None = None, long_term: bool = False
) -> dt.date:
    """Social worker visits to a looked-after child: within 1 week of a placement starting, then
    at least every 6 weeks (every 3 months once a long-term placement is agreed)."""
    if last_visit is None or last_visit < placement_start:
        return CLA_FIRST_VISIT.due(placement_start)
    if long_term:
        return CLA_LONG_TERM_VISIT.due(last_visit)
    return CLA_VISIT.due(last_visit)


def health_assessment_due(
    period_start: dt.date, *, date_of_birth: dt.date | None, last: dt.date | None = None
) -> dt.date:
    """Initial health assessment within 20 working days of coming into care; reviews every
    6 months for a child under 5 (on the day of the last assessment), otherwise yearly."""
    if last is None or last < period_start:
        return INITIAL_HEALTH_ASSESSMENT.due(period_start)
    under_5 = date_of_birth is not None and last < add_months(date_of_birth, n=60)
    return (HEALTH_REVIEW_UNDER_5 if under_5 else HEALTH_REVIEW).due(last)


def dental_check_due(period_start: dt.date, *, last: dt.date | None = None) -> dt.date:
    """A dental check every 12 months (the first within 12 months of coming into care)."""
    return DENTAL_CHECK.due(last if last and last >= period_start else period_start)


def return_interview_due(returned_at: dt.datetime) -> dt.datetime:
    """A return home interview is offered within 72 hours of the child coming back."""
    return RETURN_INTERVIEW.due(returned_at)


def pathway_plan_due(date_of_birth: dt.date) -> dt.date:
    """A pathway plan by the time an eligible young person is 16 years and 3 months old."""
    return PATHWAY_PLAN_AGE.due(date_of_birth)


def proceedings_due(issued: dt.date) -> dt.date:
    """Care proceedings are expected to finish within 26 weeks of issue (Public Law Outline)."""
    return PROCEEDINGS.due(issued)


# --- Workforce ---------------------------------------------------------------------------------


def supervision_due(last: dt.date) -> dt.date:
    """A social worker's next supervision: one calendar month after the last (or their start)."""
    return SUPERVISION.due(last)


def supervision_floor(on: dt.date) -> dt.date:
    """The earliest supervision that is still in time on ``on`` (one calendar month before)."""
    return add_months(on, n=-SUPERVISION.n)


def management_oversight_floor(on: dt.date) -> dt.date:
    """The earliest management oversight that still counts as recent on ``on``."""
    return add_months(on, n=-MANAGEMENT_OVERSIGHT.n)


def pep_due(period_start: dt.date, *, last: dt.date | None = None) -> dt.date:
    """The next personal education plan: within 10 working days of coming into care, then each
    term after the last one."""
    return PEP_REVIEW.due(last) if last else PEP_INITIAL.due(period_start)


def foster_carer_review_due(approved: dt.date, *, last: dt.date | None = None) -> dt.date:
    """A foster carer household's next annual review: a year from approval or the last review."""
    return FOSTER_CARER_REVIEW.due(last or approved)


PRE_PROCEEDINGS_WEEKS = 16


def pre_proceedings_decision_due(start: dt.date) -> dt.date:
    """Pre-proceedings should ordinarily end in a decision within 16 weeks of beginning (Public
    Law Working Group, best practice guidance on pre-proceedings, 2023)."""
    return start + dt.timedelta(weeks=PRE_PROCEEDINGS_WEEKS)


def chronology_review_floor(on: dt.date) -> dt.date:
    """The earliest chronology review that is still recent on ``on``."""
    return add_months(on, n=-CHRONOLOGY_REVIEW.n)


# --- Complaints --------------------------------------------------------------------------------


def complaint_stage_timescale(stage: int, *, extended: bool = False) -> Timescale:
    """The statutory timescale of a complaint's stage (1, 2 or 3), extended where agreed."""
    if stage == 1:
        return COMPLAINT_STAGE_1_EXTENDED if extended else COMPLAINT_STAGE_1
    if stage == 2:
        return COMPLAINT_STAGE_2_EXTENDED if extended else COMPLAINT_STAGE_2
    return COMPLAINT_STAGE_3


def complaint_response_due(start: dt.date, *, stage: int, extended: bool = False) -> dt.date:
    """Stage 1: a response within 10 working days (20 if extended); stage 2: the investigation
    within 25 working days (65 if extended); stage 3: the panel within 30 working days."""
    return complaint_stage_timescale(stage, extended=extended).due(start)


def complaint_on_time(start: dt.date, *, stage: int, extended: bool, done) -> bool:
    return complaint_stage_timescale(stage, extended=extended).on_time(start, done=done)


# --- Wider safeguarding -----------------------------------------------------------------------


def lado_initial_consideration_due(received: dt.date) -> dt.date:
    return LADO_INITIAL_CONSIDERATION.due(received)


def lado_resolution_due(received: dt.date) -> dt.date:
    """The date an allegation should be resolved by (one month from the referral)."""
    return LADO_RESOLUTION.due(received)


def lado_resolved_on_time(received: dt.date, *, resolved: dt.date | None) -> bool:
    return LADO_RESOLUTION.on_time(received, done=resolved)


def private_fostering_visit_due(notified: dt.date, *, last_visit: dt.date | None = None) -> dt.date:
    """The first visit within 7 working days of the notification; then every 6 weeks in the
    arrangement's first year (which begins when the authority became aware: the notification),
    every 12 weeks after."""
    if last_visit is None or last_visit < notified:
        return PRIVATE_FOSTERING_FIRST_VISIT.due(notified)
    if last_visit < PRIVATE_FOSTERING_FIRST_YEAR.due(notified):
        return PRIVATE_FOSTERING_VISIT.due(last_visit)
    return PRIVATE_FOSTERING_LATER_VISIT.due(last_visit)


def private_fostering_first_visit_on_time(notified: dt.date, *, visited: dt.date | None) -> bool:
    return PRIVATE_FOSTERING_FIRST_VISIT.on_time(notified, done=visited)


def homeless_assessment_due(presented: dt.date) -> dt.date:
    return HOMELESS_ASSESSMENT.due(presented)


def homeless_assessment_on_time(presented: dt.date, *, done: dt.date | None) -> bool:
    return HOMELESS_ASSESSMENT.on_time(presented, done=done)


def young_carer_assessment_due(identified: dt.date) -> dt.date:
    return YOUNG_CARER_ASSESSMENT.due(identified)


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
        if working_days_between(today, end=self.due_date) <= DUE_SOON.n:
            return "soon"
        return "later"

    def sort_key(self) -> tuple:
        if isinstance(self.due, dt.datetime):
            return (self.due_date, self.due.astimezone(LONDON).time())
        return (self.due, dt.time.max)


def most_urgent_first(items, *, now: dt.datetime) -> list[Due]:
    """Overdue work first, then by when it falls due."""
    return sorted(items, key=lambda d: (d.state(now=now) != "overdue", *d.sort_key()))


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
