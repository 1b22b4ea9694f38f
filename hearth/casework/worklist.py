"""What is due for a set of children: the reads behind My work and the team manager's page.

Each function starts from a queryset the viewer may already see (``caseload_for``,
``children_visible_to``) and loads what the clocks need in a fixed number of queries, whatever
the caseload size — no query per child.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import NamedTuple

from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from hearth.care.models import (
    CareProceedings,
    DeprivationOfLibertyOrder,
    ExploitationRiskAssessment,
    HealthCheck,
    LACReview,
    MissingEpisode,
    PathwayPlan,
    PeriodOfCare,
    Placement,
    PreProceedings,
)
from hearth.casework import clocks
from hearth.casework.models import (
    Assessment,
    AssessmentReturn,
    ChildProtectionConference,
    CINEpisode,
    CINPlan,
    Contact,
    CPPlan,
    Section47Enquiry,
    Visit,
)
from hearth.casework.selectors import cp_visits, management_oversight_recent
from hearth.core.calendar import add_months
from hearth.core.selectors import models_with_rows
from hearth.familyhelp.selectors import family_help_child_ids_for_cin
from hearth.people.models import Child
from hearth.workforce.models import Allocation, Supervision, Worker
from hearth.workforce.selectors import (
    caseloads_on,
    unallocated_child_ids_on,
    unallocated_open_cases_on,
)

WORKER_CHANGES_FLAG = 3


def _by_child(rows):
    out = defaultdict(list)
    for row in rows:
        out[row.child_id].append(row)
    return out


# The kinds of a child's record whose rows `due_items` starts from (each a `child` key).
DUE_MODELS = [
    CINEpisode,
    Section47Enquiry,
    CPPlan,
    Visit,
    PeriodOfCare,
    HealthCheck,
    MissingEpisode,
    ExploitationRiskAssessment,
    CINPlan,
    PathwayPlan,
    CareProceedings,
    DeprivationOfLibertyOrder,
    PreProceedings,
]


def due_items(
    *, children: list[Child], now: dt.datetime | None = None, present: set | None = None
) -> list[clocks.Due]:
    """Every piece of work due for these children, most urgent first (overdue at the top).
    ``present``: which kinds of record (`models_with_rows`, DUE_MODELS among them) these
    children have, when the caller has asked already."""
    now = now or timezone.now()
    ids = [c.pk for c in children]
    by_id = {c.pk: c for c in children}
    items: list[clocks.Due] = []
    # For a child or a caseload, first ask which kinds of record they have at all (one query):
    # the reads below of kinds nobody here has are then answered without the database.
    if present is None:
        present = set(DUE_MODELS) if len(ids) > 50 else models_with_rows(DUE_MODELS, child_ids=ids)

    def has(model) -> bool:
        # A kind nobody here has is not asked for: not even a query built (building one costs
        # about as much as running it, and a child has a few of these kinds).
        return model in present

    def add(child_id, label, due, url_name, *args):
        url = reverse(url_name, args=[child_id, *args]) if url_name else ""
        items.append(clocks.Due(label, due, child=by_id[child_id], url=url))

    # Assessments: 45 working days from referral, then the manager's authorisation.
    open_cin = (
        list(CINEpisode.objects.filter(child_id__in=ids, closure_date__isnull=True).live())
        if has(CINEpisode)
        else []
    )
    cin_by_child = {e.child_id: e for e in open_cin}
    assessments = (
        _by_child(Assessment.objects.filter(cin_episode__in=list(cin_by_child.values())).live())
        if cin_by_child
        else {}
    )
    # Assessments a manager returned for more work: the worker sees the comments here.
    pending_ids = [
        a.pk
        for rows in assessments.values()
        for a in rows
        if not (a.completed_date or a.authorised_date)
    ]
    returned = (
        {
            r.assessment_id: r
            for r in AssessmentReturn.objects.live()
            .filter(assessment__in=pending_ids, resubmitted_at__isnull=True)
            .order_by("returned_at", "pk")
        }
        if pending_ids
        else {}
    )
    # Family Help at s17 holds these episodes: the family's one assessment is their assessment,
    # due to the Family Help lead (`familyhelp.selectors.due_for_lead`), not typed again here.
    family_help = (
        family_help_child_ids_for_cin(cin_episode_ids=[e.pk for e in open_cin])
        if open_cin
        else set()
    )
    for child_id, episode in cin_by_child.items():
        if episode.referral_nfa:
            continue
        held = episode.pk in family_help
        done = [a for a in assessments.get(child_id, []) if a.completed_date or a.authorised_date]
        pending = [
            a for a in assessments.get(child_id, []) if not (a.completed_date or a.authorised_date)
        ]
        if pending:
            back = returned.get(pending[0].pk)
            add(
                child_id,
                f"Assessment returned for more work: “{Truncator(back.comments).chars(100)}”"
                if back
                else "Assessment",
                clocks.assessment_due(episode.referral_date),
                "assessment_edit",
                pending[0].pk,
            )
        elif not done and not held:
            add(
                child_id,
                "Assessment (not started)",
                clocks.assessment_due(episode.referral_date),
                "assessment_start",
            )
        for a in done:
            if not a.authorised_date:
                add(
                    child_id,
                    "Assessment authorisation",
                    a.completed_date,
                    "assessment_authorise",
                    a.pk,
                )

    # Child protection: ICPC after a section 47, review conferences, visits.
    s47s = (
        Section47Enquiry.objects.filter(child_id__in=ids, icpc_not_required=False)
        .filter(cin_episode__closure_date__isnull=True)
        .annotate(icpcs=Count("conferences"))
        .live()
        if has(Section47Enquiry)
        else []
    )
    plans = (
        {
            p.child_id: p
            for p in CPPlan.objects.filter(child_id__in=ids, end_date__isnull=True).live()
        }
        if has(CPPlan)
        else {}
    )
    for s in s47s:
        if s.icpcs == 0 and s.child_id not in plans and s.outcome in ("", "substantiated"):
            add(
                s.child_id,
                "Initial child protection conference",
                s.icpc_target_date or clocks.icpc_due(s.start_date),
                "conference_add",
            )
    conferences = defaultdict(list)
    if plans:
        for c in ChildProtectionConference.objects.filter(cp_plan__in=list(plans.values())).live():
            conferences[c.cp_plan_id].append(c)
    last_visit = (
        {
            (row["child_id"], row["kind"]): row["last"]
            for row in Visit.objects.filter(child_id__in=ids, child_seen=True)
            .live()
            .values("child_id", "kind")
            .annotate(last=Max("date"))
        }
        if has(Visit)
        else {}
    )
    any_visit = defaultdict(lambda: None)
    for (child_id, _kind), day in last_visit.items():
        if any_visit[child_id] is None or day > any_visit[child_id]:
            any_visit[child_id] = day
    # Only a child protection visit where the child was seen restarts the plan's visit clock
    # (``cp_visits``, the indicator's definition).
    last_cp_visit = (
        {
            row["child_id"]: row["last"]
            for row in cp_visits(child_ids=list(plans))
            .values("child_id")
            .annotate(last=Max("date"))
        }
        if plans and has(Visit)
        else {}
    )
    for child_id, plan in plans.items():
        confs = conferences.get(plan.pk, [])
        initial = min((c.date for c in confs if c.kind == "initial"), default=plan.start_date)
        reviews = [c.date for c in confs if c.kind == "review"]
        add(
            child_id,
            "Child protection review conference",
            clocks.cp_review_due(initial, reviews=reviews),
            "conference_add",
        )
        seen = last_cp_visit.get(child_id)
        since = seen if seen and seen >= plan.start_date else plan.start_date
        add(
            child_id,
            "Child protection visit",
            clocks.cp_visit_due(since, every_working_days=plan.visit_frequency_days),
            "visit_add",
        )

    # Children looked after: visits, reviews, health.
    # Every period of care, open or ended, in one read: the open ones have clocks running, and
    # anyone ever looked after is due a pathway plan (below).
    all_periods = (
        list(PeriodOfCare.objects.filter(child_id__in=ids).live()) if has(PeriodOfCare) else []
    )
    periods = {p.child_id: p for p in all_periods if p.end_date is None}
    placements = (
        {
            p.child_id: p
            for p in Placement.objects.filter(
                period__in=list(periods.values()), end_date__isnull=True
            ).live()
        }
        if periods
        else {}
    )
    reviews = (
        _by_child(LACReview.objects.filter(period__in=list(periods.values())).live())
        if periods
        else {}
    )
    health = (
        {
            (row["child_id"], row["kind"]): row["last"]
            for row in HealthCheck.objects.filter(child_id__in=list(periods))
            .live()
            .values("child_id", "kind")
            .annotate(last=Max("date"))
        }
        if periods and has(HealthCheck)
        else {}
    )
    for child_id, period in periods.items():
        child = by_id[child_id]
        placement = placements.get(child_id)
        if placement is not None:
            add(
                child_id,
                "Looked-after child visit",
                clocks.cla_visit_due(placement.start_date, last_visit=any_visit[child_id]),
                "visit_add",
            )
        add(
            child_id,
            "Looked-after review",
            clocks.lac_review_due(
                period.start_date, reviews=[r.date for r in reviews.get(child_id, [])]
            ),
            "lac_review_add",
        )
        add(
            child_id,
            "Health assessment",
            clocks.health_assessment_due(
                period.start_date,
                date_of_birth=child.date_of_birth,
                last=health.get((child_id, "health_assessment")),
            ),
            "health_check_add",
        )
        add(
            child_id,
            "Dental check",
            clocks.dental_check_due(period.start_date, last=health.get((child_id, "dental"))),
            "health_check_add",
        )

    # Missing: return interviews outstanding (offered within 72 hours of the return).
    # One read of the episodes either list needs: those not back yet, and those back without
    # a return interview done (or declined).
    missing = (
        list(
            MissingEpisode.objects.filter(child_id__in=ids)
            .filter(
                Q(returned_at__isnull=True)
                | (
                    Q(return_interview_completed_at__isnull=True)
                    & ~Q(return_interview_accepted=False)
                )
            )
            .live()
        )
        if has(MissingEpisode)
        else []
    )
    for episode in missing:
        if episode.returned_at is None:
            continue
        add(
            episode.child_id,
            "Return interview",
            clocks.return_interview_due(episode.returned_at),
            "return_interview",
            episode.pk,
        )
    for episode in missing:
        if episode.returned_at is not None:
            continue
        add(
            episode.child_id,
            "Missing now: record the return",
            episode.started_at,
            "return_interview",
            episode.pk,
        )

    # Exploitation risk reviews (latest assessment per child).
    latest_era = {}
    if has(ExploitationRiskAssessment):
        for era in (
            ExploitationRiskAssessment.objects.filter(child_id__in=ids).live().order_by("date")
        ):
            latest_era[era.child_id] = era
    for child_id, era in latest_era.items():
        add(child_id, "Exploitation risk review", era.review_date, "exploitation_add")

    # Plans: CIN plan reviews, pathway plans, proceedings.
    if has(CINPlan):
        for plan in CINPlan.objects.filter(
            child_id__in=ids, end_date__isnull=True, review_due__isnull=False
        ).live():
            add(plan.child_id, "Child in need plan review", plan.review_due, "cin_plan_review_add")
    pathway = {}
    if has(PathwayPlan):
        for p in PathwayPlan.objects.filter(child_id__in=ids).live().order_by("date"):
            pathway[p.child_id] = p
    ever_in_care = {p.child_id for p in all_periods}
    today = timezone.localdate()
    for child_id in ever_in_care:
        child = by_id[child_id]
        if child_id in pathway:
            add(child_id, "Pathway plan review", pathway[child_id].review_due, "pathway_plan_add")
        elif child.date_of_birth:
            due = clocks.pathway_plan_due(child.date_of_birth)
            if clocks.PATHWAY_PLAN_WARNING.due(today) >= due:
                add(child_id, "Pathway plan", due, "pathway_plan_add")
    for p in (
        CareProceedings.objects.filter(child_id__in=ids, final_order_date__isnull=True).live()
        if has(CareProceedings)
        else []
    ):
        add(
            p.child_id,
            "Care proceedings (26 weeks)",
            clocks.proceedings_due(p.issued_date),
            "proceedings_add",
        )
    # Deprivation of liberty orders in force: the court's next review and the date the order
    # lapses unless renewed, when the court set them.
    for o in (
        DeprivationOfLibertyOrder.objects.filter(child_id__in=ids, end_date__isnull=True).live()
        if has(DeprivationOfLibertyOrder)
        else []
    ):
        if o.review_date:
            add(
                o.child_id,
                "Deprivation of liberty: court review",
                o.review_date,
                "deprivation_of_liberty",
            )
        if o.expiry_date:
            add(
                o.child_id,
                "Deprivation of liberty order expires",
                o.expiry_date,
                "deprivation_of_liberty",
            )

    # Pre-proceedings: a family network meeting offered (in the letter before proceedings)
    # before any application to court, and a decision within 16 weeks.
    for p in (
        PreProceedings.objects.filter(child_id__in=ids, decision_date__isnull=True).live()
        if has(PreProceedings)
        else []
    ):
        if not p.fgdm_offered:
            add(
                p.child_id,
                "Offer a family network meeting before any application to court",
                p.letter_date or p.start_date,
                "pre_proceedings",
            )
        add(
            p.child_id,
            "Pre-proceedings decision (16 weeks)",
            clocks.pre_proceedings_decision_due(p.start_date),
            "pre_proceedings",
        )

    return clocks.most_urgent_first(items, now=now)


def due_items_kept(
    *,
    children: list[Child],
    now: dt.datetime | None = None,
    stamps: dict | None = None,
    present: set | None = None,
) -> list[clocks.Due]:
    """`due_items`, kept per child with the child's record version (`hearth.core.record_cache`):
    only children whose records changed since are worked out again, together. ``stamps``: the
    children's stamps, when the caller read them before ``children`` (which are then used as
    they are); ``present``: `due_items`' own, for these children."""
    from hearth.core import record_cache

    now = now or timezone.now()
    by_id = {c.pk: c for c in children}
    fresh = stamps is not None
    if stamps is None:
        stamps = record_cache.stamps(by_id)

    def build(ids: list[int]) -> dict[int, list[clocks.Due]]:
        # Children read after their stamps, so nothing built is older than its key: read
        # again here unless the caller read them after the stamps it gave.
        out: dict[int, list[clocks.Due]] = {pk: [] for pk in ids}
        rows = [by_id[pk] for pk in ids] if fresh else list(Child.objects.filter(pk__in=ids))
        for item in due_items(children=rows, now=now, present=present):
            out[item.child.pk].append(item)
        return out

    kept = record_cache.parts_of(stamps, "due", on=timezone.localdate(), build=build)
    # Each item points at the child as read for this request (names, status), not as kept.
    items = [replace(i, child=by_id[pk]) for pk, held in kept.items() for i in held]
    return clocks.most_urgent_first(items, now=now)


def own_work_present(*, user) -> set[str]:
    """Which of the user's own lists hold anything ("actions", "audits", "families", "drafts":
    audit actions, case audits, Family Help they lead, unfinished notes), asked in one query so
    that My work reads only those (most practitioners have none of some)."""
    from hearth.access.models import User
    from hearth.casework.models import CaseNote
    from hearth.familyhelp.selectors import led_by_queryset
    from hearth.quality.selectors import audits_for, open_actions_for

    asks = {
        "actions": Exists(open_actions_for(user=user)),
        "audits": Exists(audits_for(user=user)),
        "families": Exists(led_by_queryset(user=user)),
        # Drafts on any child (those shown are then limited to children the user may see).
        "drafts": Exists(
            CaseNote.objects.live().filter(recorded_by=user, status=CaseNote.Status.DRAFT)
        ),
    }
    row = User.objects.filter(pk=user.pk).annotate(**asks).values(*asks).first() or {}
    return {name for name, present in row.items() if present}


def quality_items_for(*, user, present: set[str] | None = None) -> list[clocks.Due]:
    """The user's own quality work: actions a case audit set them (until done), and audits they
    are to complete or moderate (due by the programme's end). These follow the person, not the
    caseload, so an action for a team manager or an auditor's audits are in their My work.
    ``present``: `own_work_present`'s answer, when the caller has it (lists it lacks are not
    read)."""
    from hearth.quality.selectors import audits_for, open_actions_for

    items = [
        clocks.Due(
            f"Audit action: {Truncator(a.description).chars(100)}",
            a.due_date,
            child=a.child,
            url=reverse("quality_action_complete", args=[a.pk]),
        )
        for a in (open_actions_for(user=user) if present is None or "actions" in present else [])
    ]
    items += [
        clocks.Due(
            ("Case audit" if a.status == "allocated" else "Moderate case audit")
            + f" ({a.programme.title})",
            a.programme.end_date,
            child=a.child,
            url=reverse("quality_audit", args=[a.pk]),
        )
        for a in (audits_for(user=user) if present is None or "audits" in present else [])
    ]
    return items


# --- Front door -----------------------------------------------------------------------------------


def front_door_queue(*, contacts=None, now: dt.datetime | None = None) -> list[dict]:
    """Contacts awaiting a decision, with the clock for each: child protection first, then by
    when the decision is due."""
    now = now or timezone.now()
    qs = contacts if contacts is not None else Contact.objects.all()
    qs = qs.live().filter(decision__isnull=True).select_related("child")
    rows = []
    for contact in qs:
        due = clocks.front_door_decision_due(
            contact.received_at, child_protection=contact.child_protection
        )
        rows.append(
            {
                "contact": contact,
                "due": due,
                "time_left": clocks.time_left(due, now=now),
                "overdue": due < now,
            }
        )
    rows.sort(key=lambda r: (not r["overdue"], not r["contact"].child_protection, r["due"]))
    return rows


# --- Team manager ---------------------------------------------------------------------------------


class TeamChild(NamedTuple):
    """What the team page shows of one of the teams' children, worked out from the child's own
    record (so it is kept with the child's record version): their name, whether the record is
    live and restricted, management oversight on an open child in need case (None: no such
    case) and the assessments completed and waiting for authorisation (id, completed)."""

    pk: int
    first_name: str
    last_name: str
    full_name: str
    live: bool
    restricted: bool
    oversight: bool | None
    approvals: tuple[tuple[int, dt.date], ...]


class Approval(NamedTuple):
    pk: int
    child: TeamChild
    completed_date: dt.date


def team_staff(*, team_ids: set[int], on: dt.date) -> dict:
    """What the team page reads of the teams themselves, from allocations, workers and
    supervision only (the access and record epochs, not any child's record): the workers with
    their caseloads and last supervision, the children each holds as social worker, the
    children allocated to the teams, and those with 3 or more changes of social worker in 12
    months (child id -> changes)."""
    workers = list(
        Worker.objects.filter(team_id__in=team_ids)
        .filter(Q(leave_date__isnull=True) | Q(leave_date__gte=on))
        .select_related("team")
        # A subquery, not Max over a join: joined to allocations too it multiplied the rows.
        .annotate(
            last_supervision=Subquery(
                Supervision.objects.live()
                .filter(worker=OuterRef("pk"))
                .order_by("-date")
                .values("date")[:1]
            ),
        )
        .order_by("team__name", "last_name", "first_name")
    )
    # The same caseload definition as the indicators' (workforce.selectors.caseloads_on).
    loads = caseloads_on(day=on, worker_ids=[w.pk for w in workers])
    for w in workers:
        w.caseload = loads.get(w.pk, 0)
    held = defaultdict(set)
    for worker_id, child_id in (
        Allocation.objects.filter(
            worker_id__in=[w.pk for w in workers],
            kind=Allocation.Kind.SOCIAL_WORKER,
            start_date__lte=on,
            end_date__isnull=True,
        )
        .live()
        .order_by()
        .values_list("worker_id", "child_id")
    ):
        held[worker_id].add(child_id)
    in_team = frozenset(
        Allocation.objects.live()
        .filter(team_id__in=team_ids, end_date__isnull=True)
        .order_by()
        .values_list("child_id", flat=True)
    )
    year_ago = add_months(on, n=-12)
    first_start = Allocation.objects.live().filter(
        child=OuterRef("child"),
        kind=Allocation.Kind.SOCIAL_WORKER,
        start_date__lt=OuterRef("start_date"),
    )
    changes = (
        Allocation.objects.filter(
            child_id__among=in_team,
            kind=Allocation.Kind.SOCIAL_WORKER,
            start_date__gt=year_ago,
            start_date__lte=on,
        )
        .live()
        .filter(Exists(first_start))
        .order_by()
        .values("child_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=WORKER_CHANGES_FLAG)
    )
    return {
        "workers": workers,
        "held": dict(held),
        "in_team": in_team,
        "changes": {row["child_id"]: row["n"] for row in changes},
    }


def team_children(*, child_ids, on: dt.date) -> dict[int, TeamChild]:
    """`TeamChild` for each of these children (one entry per id; a child no longer there as
    not live), in three queries however many."""
    ids = frozenset(child_ids)
    # Management oversight per child: the indicator's definition (open CIN cases with oversight
    # recorded in the last 3 months).
    oversight = {r.child_id: r.on_time for r in management_oversight_recent(day=on, child_ids=ids)}
    approvals = defaultdict(list)
    for child_id, pk, completed in (
        Assessment.objects.filter(
            child_id__among=ids, completed_date__isnull=False, authorised_date__isnull=True
        )
        .live()
        .order_by("completed_date", "pk")
        .values_list("child_id", "pk", "completed_date")
    ):
        approvals[child_id].append((pk, completed))
    out = {
        c.pk: TeamChild(
            pk=c.pk,
            first_name=c.first_name,
            last_name=c.last_name,
            full_name=c.full_name,
            live=c.archived_at is None,
            restricted=c.restricted,
            oversight=oversight.get(c.pk),
            approvals=tuple(approvals.get(c.pk, ())),
        )
        for c in Child.objects.filter(pk__among=ids)
        .order_by()
        .only("pk", "first_name", "last_name", "archived_at", "restricted")
    }
    for pk in ids - out.keys():
        out[pk] = TeamChild(pk, "", "", "", False, False, None, ())
    return out


def _team_page(*, staff: dict, children: dict[int, TeamChild], user, on: dt.date) -> dict:
    """The team page from `team_staff` and the teams' `team_children`, among the children
    ``user`` may see (their visibility applied here)."""
    from hearth.access.selectors import may_see_children, scope_of

    supervision_due = []
    for w in staff["workers"]:
        cases = [
            children[c].oversight
            for c in staff["held"].get(w.pk, ())
            if c in children and children[c].oversight is not None
        ]
        w.oversight_cases = len(cases)
        w.oversight_done = sum(cases)
        w.oversight_missing = w.oversight_cases - w.oversight_done
        due = clocks.supervision_due(w.last_supervision or w.start_date)
        w.supervision_due = due
        w.supervision_overdue = due < on
        if due <= clocks.SUPERVISION_WARNING.due(on):
            supervision_due.append(w)
    # The teams' children the manager may see.
    scope = scope_of(user=user) if may_see_children(user) else None
    seen = [
        children[pk]
        for pk in sorted(staff["in_team"])
        if pk in children
        and children[pk].live
        and scope is not None
        and scope.reaches(pk, restricted=children[pk].restricted)
    ]
    approvals = sorted(
        (Approval(pk, c, completed) for c in seen for pk, completed in c.approvals),
        key=lambda a: (a.completed_date, a.pk),
    )
    many_changes = sorted(
        ({"child": c, "changes": staff["changes"][c.pk]} for c in seen if c.pk in staff["changes"]),
        key=lambda row: (row["child"].last_name, row["child"].first_name, row["child"].pk),
    )
    return {
        "workers": staff["workers"],
        "supervision_due": supervision_due,
        "approvals": approvals,
        "many_changes": many_changes,
    }


def team_overview(*, team_ids: set[int], user, on: dt.date | None = None) -> dict:
    """The team manager's page: caseloads, approvals waiting, supervision due, children with
    many changes of worker - for the teams the manager runs, among the children ``user`` may
    see."""
    on = on or timezone.localdate()
    staff = team_staff(team_ids=team_ids, on=on)
    held = {*staff["in_team"], *(c for ids in staff["held"].values() for c in ids)}
    return _team_page(staff=staff, children=team_children(child_ids=held, on=on), user=user, on=on)


@dataclass(frozen=True)
class TeamRead:
    """The versions a team page is kept under, read before anything else about the teams:
    ``key`` holds them all with the user's visibility."""

    key: str
    teams: str
    access: int
    epoch: int
    versions: dict[int, int]


def team_read(*, team_ids: set[int], user, on: dt.date) -> TeamRead:
    """What the team page for ``on`` is kept under: the access epoch (allocations, workers,
    teams, roles, grants), the record epoch (supervision, names of users), the version of every
    child the teams hold (assessments, oversight, names) and the user's visibility (`scope_of`,
    which moves with the access epoch, the day and grant expiries)."""
    from hearth.access.selectors import may_see_children, scope_of
    from hearth.core import record_cache, record_version

    teams = ",".join(map(str, sorted(team_ids)))
    access = record_version.access_epoch()
    held = record_cache.kept(
        f"team-children:{teams}:{access}",
        build=lambda: frozenset(
            Allocation.objects.live()
            .filter(Q(team_id__in=team_ids) | Q(worker__team_id__in=team_ids))
            .filter(end_date__isnull=True)
            .order_by()
            .values_list("child_id", flat=True)
        ),
    )
    epoch, versions = record_version.versions_of(held)
    children = record_cache.digest(versions)
    until = scope_of(user=user).until if may_see_children(user) else None
    expires = until.isoformat() if until else ""
    key = f"team:{user.pk}:{teams}:{access}:{epoch}:{children}:{expires}:{on.isoformat()}"
    return TeamRead(key, teams, access, epoch, versions)


def team_overview_kept(*, team_ids: set[int], user, on: dt.date, read: TeamRead) -> dict:
    """`team_overview` from what is kept: the teams' own part (`team_staff`) under the access
    and record epochs, and the children's (`team_children`) in groups under their versions, so
    a write to one child's record works out that child's group again, not the whole team."""
    from hearth.core import record_cache

    staff = record_cache.kept(
        f"team-staff:{read.teams}:{read.access}:{read.epoch}:{on.isoformat()}",
        build=lambda: team_staff(team_ids=team_ids, on=on),
    )
    children = record_cache.grouped(
        read.epoch,
        read.versions,
        "team-child",
        on=on,
        build=lambda ids: team_children(child_ids=ids, on=on),
    )
    return _team_page(staff=staff, children=children, user=user, on=on)


def unallocated_open_cases_kept(*, user) -> list[Child]:
    """`unallocated_open_cases` as ``user`` may see it (a restricted record only for those who
    may see it already), its ids kept under the access and cases epochs for the day (they move
    on every write to allocations and to referrals, plans and care); the children themselves,
    their names and first referrals, are read on every request."""
    from hearth.access.selectors import may_see_children, scope_of
    from hearth.core import record_cache, record_version

    on = timezone.localdate()
    counters = record_version.epochs()
    ids = record_cache.kept(
        f"unallocated:{counters[record_version.ACCESS]}:{counters[record_version.CASES]}:{on}",
        build=lambda: unallocated_child_ids_on(day=on),
    )
    if not ids:
        return []
    scope = scope_of(user=user) if may_see_children(user) else None
    first_referral = Subquery(
        CINEpisode.objects.live()
        .filter(child_id=OuterRef("pk"))
        .order_by("referral_date")
        .values("referral_date")[:1]
    )
    children = (
        Child.objects.live().filter(pk__among=frozenset(ids)).annotate(referred=first_referral)
    )
    return [
        c
        for c in children.order_by("referred", "last_name", "pk")
        if not c.restricted or (scope is not None and scope.allows(c))
    ]


def unallocated_open_cases(*, on: dt.date | None = None):
    """Children with an open case (a referral or CIN episode, a plan, or care) and no allocated
    social worker: ``workforce.selectors.unallocated_open_cases_on``, the indicator's definition,
    on ``on`` (today by default). The goal is none."""
    on = on or timezone.localdate()
    return unallocated_open_cases_on(day=on).order_by("referred", "last_name", "pk")


def is_unallocated_open_case(child: Child) -> bool:
    return unallocated_open_cases().filter(pk=child.pk).exists()


def allocation_history(*, child: Child):
    return (
        Allocation.objects.filter(child=child)
        .live()
        .select_related("worker", "team")
        .order_by("-start_date", "-pk")
    )


def supervision_due_for(*, worker: Worker, on: dt.date | None = None) -> dt.date:
    on = on or timezone.localdate()
    last = Supervision.objects.filter(worker=worker).live().aggregate(last=Max("date"))["last"]
    return clocks.supervision_due(last or worker.start_date)


def _manages_front_door(user) -> bool:
    from hearth.access.selectors import managed_team_ids
    from hearth.workforce.models import Team

    teams = managed_team_ids(user=user)
    return Team.objects.filter(pk__in=teams, kind=Team.Kind.FRONT_DOOR).exists()


def possible_duplicates_for(*, user):
    """Open possible-duplicate items the user may resolve: all of them for a front-door manager
    (or senior leader); otherwise those whose existing child the user may already see."""
    from hearth.access import permissions
    from hearth.access.selectors import children_visible_to
    from hearth.casework.models import PossibleDuplicate

    items = PossibleDuplicate.objects.filter(status=PossibleDuplicate.Status.OPEN).select_related(
        "contact", "held_child", "existing_child"
    )
    if permissions.may(user, permissions.RESOLVE_DUPLICATES) and (
        user.role != user.Role.TEAM_MANAGER or _manages_front_door(user)
    ):
        return items
    return items.filter(existing_child__in=children_visible_to(user=user))
