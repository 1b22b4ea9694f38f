"""Validation findings shaped for people: the report of one run grouped by rule, and each
team's own children's failing rules, so they are fixed in the month rather than in June.

Visibility: a finding links to a child's record only when the viewer may see that child
(``children_visible_to``); other children are counted, never named. Rules that could not run
are listed as "not checked" with the reason — never as passed."""

from __future__ import annotations

from dataclasses import dataclass, field

from hearth.access.selectors import children_visible_to
from hearth.people.models import Child
from hearth.returns.models import ReturnJob
from hearth.workforce.models import Allocation, Team


@dataclass
class ChildFindings:
    child: Child
    locations: list[dict] = field(default_factory=list)


@dataclass
class RuleGroup:
    code: str
    message: str
    type: str
    locations: int
    children: list[ChildFindings]
    hidden_children: int
    unlinked: list[dict]  # failures with no Hearth child (whole-file checks, unknown IDs)

    @property
    def child_count(self) -> int:
        return len(self.children) + self.hidden_children


@dataclass
class Grouped:
    errors: list[RuleGroup]
    queries: list[RuleGroup]
    not_checked: list[dict]
    passed: int
    unavailable: str = ""


def _children(pks: set[int], user) -> dict[int, Child]:
    return {c.pk: c for c in children_visible_to(user=user).filter(pk__in=pks)}


def group_findings(summary: dict, *, user, only_children: set[int] | None = None) -> Grouped:
    """A run's failing rules with their children, as ``user`` may see them. ``only_children``
    keeps the failures of those children alone (a team's caseload) and drops rules left empty."""
    rules = summary.get("rules", [])
    pks = {
        f["child_pk"]
        for r in rules
        for f in r.get("failures", ())
        if f.get("child_pk") and (only_children is None or f["child_pk"] in only_children)
    }
    visible = _children(pks, user)
    errors, queries = [], []
    for r in rules:
        if r["status"] != "failed":
            continue
        by_child: dict[int, ChildFindings] = {}
        hidden: set[int] = set()
        unlinked = []
        locations = 0
        for f in r.get("failures", ()):
            pk = f.get("child_pk")
            if only_children is not None and pk not in only_children:
                continue
            locations += 1
            if pk and pk in visible:
                by_child.setdefault(pk, ChildFindings(visible[pk])).locations.append(f)
            elif pk:
                hidden.add(pk)
            elif only_children is None:
                unlinked.append(f)
        if not locations:
            continue
        group = RuleGroup(
            code=r["code"],
            message=r.get("message", ""),
            type=r.get("type", "error"),
            locations=locations,
            children=sorted(by_child.values(), key=lambda c: (c.child.last_name, c.child.pk)),
            hidden_children=len(hidden),
            unlinked=unlinked,
        )
        (queries if r.get("type") == "query" else errors).append(group)
    return Grouped(
        errors=errors,
        queries=queries,
        not_checked=[r for r in rules if r["status"] == "not_checked"],
        passed=sum(1 for r in rules if r["status"] == "passed"),
        unavailable=summary.get("unavailable", ""),
    )


def latest_runs(kinds=(ReturnJob.Kind.CIN, ReturnJob.Kind.SSDA903)) -> dict[str, ReturnJob | None]:
    """The latest finished run of each return that has a validation summary."""
    out = {}
    for kind in kinds:
        out[kind] = (
            ReturnJob.objects.filter(kind=kind, status=ReturnJob.Status.DONE)
            .exclude(summary={})
            .order_by("-finished_at", "-pk")
            .first()
        )
    return out


def team_children(team_ids: set[int]) -> set[int]:
    """Children with an open allocation to any of the teams."""
    return set(
        Allocation.objects.live()
        .filter(team_id__in=team_ids, end_date__isnull=True)
        .values_list("child_id", flat=True)
    )


def teams_for(user) -> list[Team]:
    from hearth.access.permissions import AUTHORITY_FIGURES_ROLES
    from hearth.access.selectors import managed_team_ids

    if user.role in AUTHORITY_FIGURES_ROLES:
        return list(Team.objects.order_by("name"))
    return list(Team.objects.filter(pk__in=managed_team_ids(user=user)).order_by("name"))
