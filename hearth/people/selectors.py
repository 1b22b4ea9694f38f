"""Reads about children: finding them, and where each one is in their journey.

Every function here applies the viewer's `Scope` (`children_visible_to` as a filter, or
`scope_of(...).reaches` / `.allows` on what was read), so a search, a caseload or a summary can
never show a child the viewer may not see.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from hearth.access.selectors import children_visible_to
from hearth.core.calendar import age_on
from hearth.people.models import Child
from hearth.workforce.models import Allocation

MIN_QUERY_LENGTH = 2
CARE_LEAVER_MIN_AGE = 16
CARE_LEAVER_MAX_AGE = 25

_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y")
_UPN_RE = re.compile(r"^[A-Z]\d{11}[A-Z0-9]$")


# --- Small pure helpers -------------------------------------------------------------------------


def parse_date(text: str) -> dt.date | None:
    """A date as people type it: 3/4/2015, 03/04/2015, 2015-04-03, 3 April 2015, 3 Apr 2015."""
    cleaned = re.sub(r"\s+", " ", text.strip())
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned, flags=re.IGNORECASE)
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    return None


def format_nhs_number(value: str) -> str:
    """NHS numbers are shown 3-3-4 (485 777 3456)."""
    digits = re.sub(r"\D", "", value or "")
    if len(digits) != 10:
        return value or ""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def _today() -> dt.date:
    return timezone.localdate()


# --- Current status, annotated for lists -------------------------------------------------------


class Status:
    LOOKED_AFTER = "CLA"
    CHILD_PROTECTION = "CP"
    CHILD_IN_NEED = "CIN"
    CARE_LEAVER = "Care leaver"
    EARLY_HELP = "Early help"
    CLOSED = "Not open"

    LABELS = {
        LOOKED_AFTER: "Looked after",
        CHILD_PROTECTION: "Child protection plan",
        CHILD_IN_NEED: "Child in need",
        CARE_LEAVER: "Care leaver",
        EARLY_HELP: "Early help",
        CLOSED: "Not open to social care",
    }
    # GOV.UK tag colours, chosen so each status is distinguishable without relying on colour.
    COLOURS = {
        LOOKED_AFTER: "purple",
        CHILD_PROTECTION: "red",
        CHILD_IN_NEED: "blue",
        CARE_LEAVER: "turquoise",
        EARLY_HELP: "green",
        CLOSED: "grey",
    }


def with_status(qs: QuerySet[Child]) -> QuerySet[Child]:
    """Annotate children with what is open today and prefetch their allocated social worker,
    so a page of results costs two queries however long each child's history is."""
    from hearth.care.models import PeriodOfCare
    from hearth.casework.models import CINEpisode, CPPlan, EarlyHelpEpisode

    def _open(model, end="end_date"):
        return Exists(model.objects.live().filter(child=OuterRef("pk"), **{f"{end}__isnull": True}))

    return qs.annotate(
        open_cla=_open(PeriodOfCare),
        open_cp=_open(CPPlan),
        open_cin=_open(CINEpisode, end="closure_date"),
        open_early_help=_open(EarlyHelpEpisode),
        was_looked_after=Exists(
            PeriodOfCare.objects.live().filter(child=OuterRef("pk"), end_date__isnull=False)
        ),
    ).prefetch_related(
        Prefetch(
            "allocations",
            queryset=Allocation.objects.live()
            .filter(
                end_date__isnull=True,
                kind=Allocation.Kind.SOCIAL_WORKER,
            )
            .select_related("worker", "team"),
            to_attr="open_social_worker_allocations",
        )
    )


def with_status_kept(ids) -> dict[int, Child]:
    """`with_status` for the live children among ``ids``, by id, each kept with its child's
    record version (`hearth.core.record_cache`): a caseload or a page of search results read
    again costs one query for the versions, whatever has been kept."""
    from hearth.core import record_cache

    def build(missing: list[int]) -> dict[int, Child | None]:
        found = {c.pk: c for c in with_status(Child.objects.live().filter(pk__in=missing))}
        return {pk: found.get(pk) for pk in missing}

    kept = record_cache.parts_of(record_cache.stamps(ids), "with-status", on=_today(), build=build)
    return {pk: child for pk, child in kept.items() if child is not None}


def status_of(child: Child, *, on: dt.date | None = None) -> str:
    """The child's headline status from the annotations added by `with_status`."""
    on = on or _today()
    if child.open_cla:
        return Status.LOOKED_AFTER
    if child.open_cp:
        return Status.CHILD_PROTECTION
    if child.open_cin:
        return Status.CHILD_IN_NEED
    age = age_on(child.date_of_birth, on)
    if (
        child.was_looked_after
        and age is not None
        and CARE_LEAVER_MIN_AGE <= age <= CARE_LEAVER_MAX_AGE
    ):
        return Status.CARE_LEAVER
    if child.open_early_help:
        return Status.EARLY_HELP
    return Status.CLOSED


def allocated_social_worker(child: Child) -> Allocation | None:
    allocations = getattr(child, "open_social_worker_allocations", None) or []
    return allocations[0] if allocations else None


# --- Search -------------------------------------------------------------------------------------


def _compact(text: str) -> str:
    return re.sub(r"[\s-]", "", text).upper()


def _match(text: str) -> Q | None:
    """What a search for ``text`` matches: any part of a name (each word must match a first,
    last or preferred name, so "amy smi" finds Amy Smith), a date of birth as people type it, or
    an identifier: LA child ID, UPN or former UPN, NHS number (spaces optional)."""
    text = (text or "").strip()
    if len(text) < MIN_QUERY_LENGTH:
        return None
    compact = _compact(text)
    match = Q(la_child_id__iexact=text) | Q(la_child_id__iexact=compact)
    if _UPN_RE.match(compact):
        match |= Q(upn=compact) | Q(former_upn=compact)
    if compact.isdigit() and len(compact) == 10:
        match |= Q(nhs_number=compact)

    born = parse_date(text)
    if born is not None:
        match |= Q(date_of_birth=born) | Q(expected_date_of_birth=born)
    else:
        words = [w for w in re.split(r"[\s,]+", text) if w]
        if words:
            by_name = Q()
            for word in words:
                by_name &= (
                    Q(first_name__icontains=word)
                    | Q(last_name__icontains=word)
                    | Q(preferred_name__icontains=word)
                )
            match |= by_name
    return match


def child_search(*, user, query: str) -> QuerySet[Child]:
    """Children the user may see who match `query` (see `_match`)."""
    qs = children_visible_to(user=user)
    match = _match(query)
    if match is None:
        return qs.none()
    return with_status(qs.filter(match)).order_by("last_name", "first_name", "pk")


HIDDEN_MATCHES_SHOWN = 5


@dataclass(frozen=True)
class SearchMatches:
    ids: list[int]  # the children the user may see, in results order (surname, first name)
    hidden_count: int  # unrestricted matches the user is not working with (see hidden_matches)
    hidden: list[int]  # the first few of those, by id


def search_matches(*, user, query: str) -> SearchMatches:
    """What `child_search` and `hidden_matches` give, from one query: every live child matching
    ``query``, split by the user's visibility (`access.selectors.scope_of`)."""
    from hearth.access.selectors import BREAK_GLASS_ROLES, may_see_children, scope_of

    match = _match(query)
    if match is None or not may_see_children(user):
        return SearchMatches([], 0, [])
    scope = scope_of(user=user)
    rows = (
        Child.objects.live()
        .filter(match)
        .order_by("last_name", "first_name", "pk")
        .values_list("pk", "restricted")
    )
    ids, hidden = [], []
    for pk, restricted in rows:
        if scope.reaches(pk, restricted=restricted):
            ids.append(pk)
        elif not restricted:
            hidden.append(pk)
    if getattr(user, "role", None) not in BREAK_GLASS_ROLES:
        hidden = []
    hidden.sort()
    return SearchMatches(ids, len(hidden), hidden[:HIDDEN_MATCHES_SHOWN])


def hidden_matches(*, user, query: str) -> tuple[int, list[int]]:
    """How many unrestricted children match ``query`` that the user is not working with, and
    the ids of the first few, so search can offer to break the glass without showing who they
    are. Only for roles that may break the glass; restricted records are never counted."""
    matches = search_matches(user=user, query=query)
    return matches.hidden_count, matches.hidden


def worker_caseload(*, worker, user) -> list[Child]:
    """Children currently allocated to ``worker`` (any kind of allocation), as ``user`` may see
    them: a restricted child only for those named on it.

    The user's visibility is applied to the few children held rather than in SQL, where a team
    member's reach is a thousand ids for the database to parse and match. The worker's children
    are kept under the access epoch (every allocation write moves it), each child with its status
    under its record version (`with_status_kept`)."""
    from hearth.access.selectors import may_see_children, scope_of
    from hearth.core import record_cache, record_version

    if not may_see_children(user):
        return []
    held = record_cache.kept(
        f"caseload:{worker.pk}:{record_version.access_epoch()}",
        build=lambda: sorted(
            set(
                Allocation.objects.live()
                .filter(worker=worker, end_date__isnull=True)
                .values_list("child_id", flat=True)
            )
        ),
    )
    scope = scope_of(user=user)
    children = [c for c in with_status_kept(held).values() if scope.allows(c)]
    return sorted(children, key=lambda c: (c.last_name, c.first_name, c.pk))


def caseload_for(*, user) -> list[Child]:
    """Children currently allocated to the user's own worker record (any kind of allocation)."""
    worker = getattr(user, "worker", None)
    if worker is None:
        return []
    return worker_caseload(worker=worker, user=user)


# --- Where a child is in their journey ---------------------------------------------------------


@dataclass(frozen=True)
class Journey:
    """What is open for a child on a date, and who is working with them."""

    on: dt.date
    age: int | None
    status: str
    cin_episode: object | None = None
    latest_assessment: object | None = None
    cin_plan: object | None = None
    cp_plan: object | None = None
    period_of_care: object | None = None
    legal_status: object | None = None
    placement: object | None = None
    placement_distance_miles: float | None = None
    care_leaver: bool = False
    last_period_of_care: object | None = None
    pathway_plan: object | None = None
    early_help: object | None = None
    social_worker: Allocation | None = None
    iro: Allocation | None = None
    personal_adviser: Allocation | None = None
    early_help_worker: Allocation | None = None
    next_due: list[tuple[str, dt.date]] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return Status.LABELS[self.status]

    @property
    def status_colour(self) -> str:
        return Status.COLOURS[self.status]

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED


def _latest_open(rows, on: dt.date, *, start: str = "start_date", end: str = "end_date"):
    """Of `rows` (a child's few records), the latest-starting one open on `on`, or None."""
    open_rows = [
        r
        for r in rows
        if getattr(r, start) is not None
        and getattr(r, start) <= on
        and (getattr(r, end) is None or getattr(r, end) > on)
    ]
    return max(open_rows, key=lambda r: (getattr(r, start), r.pk), default=None)


def _distance(home: str, placed: str) -> float | None:
    if not home or not placed:
        return None
    try:
        from hearth.core.geo import distance_miles
    except ImportError:  # pragma: no cover - geo data is a hard dependency in practice
        return None
    try:
        return distance_miles(home, placed)
    except Exception:
        return None


def _journey_models():
    from hearth.care.models import PathwayPlan, PeriodOfCare
    from hearth.casework.models import CINEpisode, CPPlan, EarlyHelpEpisode

    return [CINEpisode, CPPlan, PeriodOfCare, PathwayPlan, EarlyHelpEpisode]


def child_journey(*, child: Child, on: dt.date | None = None, present=None) -> Journey:
    """Where the child is on `on` (today by default): open episode, plans, care, who is involved.

    A fixed number of queries (about a dozen) however long the child's record is, fewer when
    the child has no records of a kind (asked first, in one query; ``present``: the kinds the
    child has, when the caller has asked already).
    """
    from hearth.care.models import LegalStatus, PathwayPlan, PeriodOfCare, Placement
    from hearth.casework.models import Assessment, CINEpisode, CINPlan, CPPlan, EarlyHelpEpisode
    from hearth.core.selectors import models_with_rows

    on = on or _today()
    age = age_on(child.date_of_birth, on)
    if present is None:
        present = models_with_rows(_journey_models(), child_ids=[child.pk])

    def rows(model):
        # A kind the child has none of is not even built as a query (building one costs about
        # as much as running it).
        return model.objects.live().filter(child=child) if model in present else []

    # A child has a handful of episodes, plans and periods: fetch each list once and pick in
    # Python (cheaper than a filtered query per question, and the same answer).
    cin = _latest_open(
        rows(CINEpisode),
        on,
        start="referral_date",
        end="closure_date",
    )
    assessment = cin_plan = None
    if cin is not None:
        assessment = (
            Assessment.objects.live()
            .filter(cin_episode=cin, start_date__lte=on)
            .order_by("-start_date", "-pk")
            .first()
        )
        cin_plan = _latest_open(CINPlan.objects.live().filter(cin_episode=cin), on)
    cp_plan = _latest_open(rows(CPPlan), on)

    periods = list(rows(PeriodOfCare))
    period = _latest_open(periods, on)
    legal = placement = distance = None
    if period is not None:
        legal = _latest_open(LegalStatus.objects.live().filter(period=period), on)
        placement = _latest_open(Placement.objects.live().filter(period=period), on)
        if placement is not None:
            distance = _distance(period.home_postcode, placement.postcode)

    last_period = None
    care_leaver = False
    pathway_plan = None
    if period is None:
        ended = [p for p in periods if p.end_date is not None and p.end_date <= on]
        last_period = max(ended, key=lambda p: (p.end_date, p.pk), default=None)
        care_leaver = (
            last_period is not None
            and age is not None
            and CARE_LEAVER_MIN_AGE <= age <= CARE_LEAVER_MAX_AGE
        )
    if care_leaver or (age is not None and age >= CARE_LEAVER_MIN_AGE and period is not None):
        pathway_plan = (
            rows(PathwayPlan).filter(date__lte=on).order_by("-date").first()
            if PathwayPlan in present
            else None
        )

    early_help = _latest_open(rows(EarlyHelpEpisode), on)

    allocations = {
        a.kind: a
        for a in Allocation.objects.live()
        .filter(child=child)
        .open_on(on)
        .select_related("worker", "team")
        .order_by("start_date")
    }

    if period is not None:
        status = Status.LOOKED_AFTER
    elif cp_plan is not None:
        status = Status.CHILD_PROTECTION
    elif cin is not None:
        status = Status.CHILD_IN_NEED
    elif care_leaver:
        status = Status.CARE_LEAVER
    elif early_help is not None:
        status = Status.EARLY_HELP
    else:
        status = Status.CLOSED

    next_due: list[tuple[str, dt.date]] = []
    if cin_plan is not None and cin_plan.review_due:
        next_due.append(("Child in need plan review", cin_plan.review_due))
    if pathway_plan is not None and pathway_plan.review_due >= on:
        next_due.append(("Pathway plan review", pathway_plan.review_due))
    next_due.sort(key=lambda item: item[1])

    return Journey(
        on=on,
        age=age,
        status=status,
        cin_episode=cin,
        latest_assessment=assessment,
        cin_plan=cin_plan,
        cp_plan=cp_plan,
        period_of_care=period,
        legal_status=legal,
        placement=placement,
        placement_distance_miles=distance,
        care_leaver=care_leaver,
        last_period_of_care=last_period,
        pathway_plan=pathway_plan,
        early_help=early_help,
        social_worker=allocations.get(Allocation.Kind.SOCIAL_WORKER),
        iro=allocations.get(Allocation.Kind.IRO),
        personal_adviser=allocations.get(Allocation.Kind.PERSONAL_ADVISER),
        early_help_worker=allocations.get(Allocation.Kind.EARLY_HELP),
        next_due=next_due,
    )


def merged_survivor(*, user, pk: int):
    """The record a merged duplicate now lives in, if the user may see it; else None (so a
    merged record the user could not see reveals nothing)."""
    survivor_id = (
        Child.objects.filter(pk=pk, merged_into__isnull=False)
        .values_list("merged_into_id", flat=True)
        .first()
    )
    if survivor_id is None:
        return None
    return children_visible_to(user=user).filter(pk=survivor_id).first()


# --- Key information: what anyone opening the record must see first -----------------------------

NEXT_DUE_SHOWN = 4


def _short(value, *, time: bool = False) -> str:
    """Hearth's one date format in text: 28 Nov 2026 (with 14:05 for a moment)."""
    from django.utils.dateformat import format as date_format

    return date_format(value, "j M Y, H:i" if time else "j M Y")


@dataclass(frozen=True)
class Warning:
    """A fact that changes how anyone should approach the child today."""

    code: str  # "missing", "cp_plan", "exploitation", "restricted", "disability", "uasc"
    label: str
    detail: str = ""


@dataclass(frozen=True)
class KeyInformation:
    """The key-information panel at the top of a child's record: every current status, the
    warnings, who holds the case and what is due next."""

    journey: Journey
    statuses: list[tuple[str, str]]  # (label, GOV.UK tag colour)
    warnings: list[Warning]
    social_worker: Allocation | None
    team_manager: object | None
    next_due: list  # clocks.Due, most urgent first (overdue at the top)
    more_due: int = 0
    due: list = field(default_factory=list)  # every item, from which next_due was taken

    def has(self, code: str) -> bool:
        return any(w.code == code for w in self.warnings)

    def as_of(self, now: dt.datetime) -> KeyInformation:
        """The panel at ``now``: the due items re-ordered (work passes its time within a day)."""
        from hearth.casework import clocks

        due = clocks.most_urgent_first(self.due, now=now)
        return replace(self, next_due=due[:NEXT_DUE_SHOWN])


def _exploitation_warning(era) -> Warning | None:
    from hearth.care.models import ExploitationRiskAssessment as ERA

    levels = {ERA.Level.NONE: 0, ERA.Level.LOW: 1, ERA.Level.MEDIUM: 2, ERA.Level.HIGH: 3}
    if era is None:
        return None
    worst = max(era.sexual_exploitation, era.criminal_exploitation, key=lambda v: levels[v])
    if worst == ERA.Level.NONE:
        return None
    return Warning(
        "exploitation",
        f"Exploitation risk: {ERA.Level(worst).label.lower()}",
        f"Sexual exploitation {era.get_sexual_exploitation_display().lower()}, criminal "
        f"exploitation {era.get_criminal_exploitation_display().lower()} "
        f"(assessed {_short(era.date)}).",
    )


def key_information(
    *, child: Child, on: dt.date | None = None, journey: Journey | None = None, stamp=None
) -> KeyInformation:
    """Everything the key-information panel shows, in a fixed number of queries.

    The statuses come from `child_journey` (pass one already built to save its queries); the
    next due items are the same `worklist.due_items` that My work lists, so the record and My
    work never disagree about what is due. ``stamp``: the child's `record_cache.Stamp`, when the
    caller read it before ``child`` (the due work is then kept under it without reading it
    again)."""
    from hearth.care.models import ExploitationRiskAssessment, MissingEpisode
    from hearth.casework.worklist import DUE_MODELS, due_items_kept
    from hearth.core.selectors import models_with_rows

    on = on or _today()
    # Which kinds of record the child has at all, for the journey, the warnings and the due
    # work (one query).
    present = models_with_rows(
        list(
            dict.fromkeys(
                [*_journey_models(), MissingEpisode, ExploitationRiskAssessment, *DUE_MODELS]
            )
        ),
        child_ids=[child.pk],
    )
    journey = journey or child_journey(child=child, on=on, present=present)

    statuses: list[tuple[str, str]] = []
    if child.is_unborn:
        statuses.append(("Unborn", "pink"))
    if journey.period_of_care is not None:
        statuses.append((Status.LABELS[Status.LOOKED_AFTER], Status.COLOURS[Status.LOOKED_AFTER]))
    if journey.cp_plan is not None:
        statuses.append(
            (Status.LABELS[Status.CHILD_PROTECTION], Status.COLOURS[Status.CHILD_PROTECTION])
        )
    if journey.cin_episode is not None and journey.period_of_care is None:
        statuses.append((Status.LABELS[Status.CHILD_IN_NEED], Status.COLOURS[Status.CHILD_IN_NEED]))
    if journey.care_leaver:
        statuses.append((Status.LABELS[Status.CARE_LEAVER], Status.COLOURS[Status.CARE_LEAVER]))
    if journey.early_help is not None:
        statuses.append((Status.LABELS[Status.EARLY_HELP], Status.COLOURS[Status.EARLY_HELP]))
    if not statuses or statuses == [("Unborn", "pink")]:
        statuses.append((Status.LABELS[Status.CLOSED], Status.COLOURS[Status.CLOSED]))

    warnings: list[Warning] = []
    missing = (
        MissingEpisode.objects.live()
        .filter(child=child, returned_at__isnull=True)
        .order_by("-started_at")
        .first()
        if MissingEpisode in present
        else None
    )
    if missing is not None and timezone.localtime(missing.started_at).date() <= on:
        started = timezone.localtime(missing.started_at)
        warnings.append(
            Warning(
                "missing",
                "Missing now" if missing.kind == MissingEpisode.Kind.MISSING else "Absent now",
                f"{missing.get_kind_display()} since {_short(started, time=True)}.",
            )
        )
    if journey.cp_plan is not None:
        plan = journey.cp_plan
        warnings.append(
            Warning(
                "cp_plan",
                "Child protection plan",
                f"Category: {plan.get_latest_category_display()} (since {_short(plan.start_date)}).",
            )
        )
    era = (
        ExploitationRiskAssessment.objects.live()
        .filter(child=child, date__lte=on)
        .order_by("-date", "-pk")
        .first()
        if ExploitationRiskAssessment in present
        else None
    )
    if (w := _exploitation_warning(era)) is not None:
        warnings.append(w)
    if child.restricted:
        warnings.append(
            Warning("restricted", "Restricted record", "Only named people can see this record.")
        )
    disabilities = [d.get_code_display() for d in child.disabilities.all()]
    if disabilities:
        warnings.append(Warning("disability", "Disability", ", ".join(disabilities) + "."))
    if (
        child.uasc_from
        and child.uasc_from <= on
        and (not child.uasc_until or child.uasc_until > on)
    ):
        warnings.append(
            Warning(
                "uasc",
                "Unaccompanied asylum-seeking child",
                f"Since {_short(child.uasc_from)}.",
            )
        )

    social_worker = journey.social_worker
    team_manager = None
    if social_worker is not None and social_worker.team.manager_id:
        from hearth.workforce.models import Worker

        team_manager = Worker.objects.filter(pk=social_worker.team.manager_id).first()

    # The child's due work as My work keeps it (read again only after the record changes).
    due = due_items_kept(
        children=[child],
        stamps={child.pk: stamp} if stamp is not None else None,
        present=present,
    )
    return KeyInformation(
        journey=journey,
        statuses=statuses,
        warnings=warnings,
        social_worker=social_worker,
        team_manager=team_manager,
        next_due=due[:NEXT_DUE_SHOWN],
        more_due=max(0, len(due) - NEXT_DUE_SHOWN),
        due=due,
    )
