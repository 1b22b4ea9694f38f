"""Each role's own work, for the page it lands on: the IRO's diary of reviews and conferences,
the personal adviser's care leavers, the early help practitioner's families.

Reads only: every list starts from the children the user may see (`caseload_for`, which goes
through `children_visible_to`) and reuses the worklist's due dates, so a date here is the date
My work shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from hearth.access.selectors import children_visible_to
from hearth.care.models import CareLeaverContact, LACReview, PathwayPlan
from hearth.casework import clocks, worklist
from hearth.casework.models import ChildProtectionConference, EarlyHelpEpisode
from hearth.core.calendar import add_months
from hearth.people.models import Child
from hearth.people.selectors import age_on, allocated_social_worker, caseload_for

# The meetings an IRO / CP chair chairs (labels as the worklist gives them).
CHAIRED = (
    "Looked-after review",
    "Child protection review conference",
    "Initial child protection conference",
)
RECENT_MONTHS = 3


@dataclass
class DiaryEntry:
    due: clocks.Due
    state: str
    tag: tuple[str, str]
    last_participation: str = ""


@dataclass
class ChairedMeeting:
    child: Child
    kind: str
    date: dt.date
    participation: str = ""


@dataclass
class Diary:
    upcoming: list[DiaryEntry] = field(default_factory=list)
    chaired: list[ChairedMeeting] = field(default_factory=list)
    children: int = 0


def iro_diary(*, user, now: dt.datetime | None = None) -> Diary:
    """The reviews and conferences due for the children the IRO is allocated to (overdue first),
    with how each child took part in their last review, and the meetings chaired lately."""
    now = now or timezone.now()
    children = list(caseload_for(user=user))
    diary = Diary(children=len(children))
    ids = [c.pk for c in children]
    last_review = {}
    for review in LACReview.objects.filter(child_id__in=ids).live().order_by("date"):
        last_review[review.child_id] = review
    for item in worklist.due_items(children=children, now=now):
        if item.label not in CHAIRED:
            continue
        state = item.state(now=now)
        review = last_review.get(item.child.pk) if item.label == CHAIRED[0] else None
        diary.upcoming.append(
            DiaryEntry(
                due=item,
                state=state,
                tag=clocks.TAGS[state],
                last_participation=review.get_participation_display() if review else "",
            )
        )
    worker = getattr(user, "worker", None)
    if worker is not None:
        since = add_months(now.date(), n=-RECENT_MONTHS)
        visible = children_visible_to(user=user).values("pk")
        for review in (
            LACReview.objects.filter(iro=worker, date__gte=since, child_id__in=visible)
            .live()
            .select_related("child")
        ):
            diary.chaired.append(
                ChairedMeeting(
                    review.child,
                    "Looked-after review",
                    review.date,
                    review.get_participation_display(),
                )
            )
        for conf in (
            ChildProtectionConference.objects.filter(
                chair=worker, date__gte=since, child_id__in=visible
            )
            .live()
            .select_related("child")
        ):
            diary.chaired.append(ChairedMeeting(conf.child, conf.get_kind_display(), conf.date))
        diary.chaired.sort(key=lambda m: m.date, reverse=True)
    return diary


@dataclass
class CareLeaverRow:
    child: Child
    age: int | None
    plan: PathwayPlan | None
    plan_due: dt.date | None
    plan_state: str
    plan_tag: tuple[str, str]
    last_contact: CareLeaverContact | None
    social_worker: object | None


def care_leavers_for(*, user, now: dt.datetime | None = None) -> list[CareLeaverRow]:
    """The personal adviser's young people: pathway plan and its review date, the last contact
    (in touch, activity, accommodation) and their social worker where they still have one.
    Plans overdue first, then by due date."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    children = list(caseload_for(user=user))
    ids = [c.pk for c in children]
    plans, contacts = {}, {}
    for plan in PathwayPlan.objects.filter(child_id__in=ids).live().order_by("date", "pk"):
        plans[plan.child_id] = plan
    for contact in CareLeaverContact.objects.filter(child_id__in=ids).live().order_by("date", "pk"):
        contacts[contact.child_id] = contact
    rows = []
    for child in children:
        plan = plans.get(child.pk)
        if plan is not None:
            due = plan.review_due
        elif child.date_of_birth:
            due = clocks.pathway_plan_due(child.date_of_birth)
        else:
            due = None
        state = clocks.Due("Pathway plan", due).state(now=now) if due else "later"
        rows.append(
            CareLeaverRow(
                child=child,
                age=age_on(child.date_of_birth, today),
                plan=plan,
                plan_due=due,
                plan_state=state,
                plan_tag=clocks.TAGS[state],
                last_contact=contacts.get(child.pk),
                social_worker=allocated_social_worker(child),
            )
        )
    rows.sort(key=lambda r: (r.plan_state != "overdue", r.plan_due or dt.date.max))
    return rows


@dataclass
class FamilyRow:
    child: Child
    age: int | None
    episode: EarlyHelpEpisode | None
    social_worker: object | None


def early_help_families(*, user) -> list[FamilyRow]:
    """The children the early help practitioner works with and their open early help episode
    (start, lead professional and agency, whether the assessment is done), longest open first."""
    today = timezone.localdate()
    children = list(caseload_for(user=user))
    episodes = {}
    for episode in (
        EarlyHelpEpisode.objects.filter(
            child_id__in=[c.pk for c in children], end_date__isnull=True
        )
        .live()
        .order_by("start_date", "pk")
    ):
        episodes.setdefault(episode.child_id, episode)
    rows = [
        FamilyRow(
            child=c,
            age=age_on(c.date_of_birth, today),
            episode=episodes.get(c.pk),
            social_worker=allocated_social_worker(c),
        )
        for c in children
    ]
    rows.sort(key=lambda r: (r.episode is None, r.episode.start_date if r.episode else today))
    return rows
