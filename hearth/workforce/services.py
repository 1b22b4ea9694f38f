"""Actions for allocation, supervision and workforce administration."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hearth.access import audit
from hearth.access.models import AuditEntry
from hearth.core.services import save_changes, save_new, write_audit
from hearth.people.models import Child
from hearth.workforce.models import (
    Allocation,
    Post,
    PostHolding,
    Supervision,
    SupervisionCaseDiscussion,
    Team,
    Worker,
)


@transaction.atomic
def allocation_change(
    *,
    child: Child,
    worker: Worker,
    start_date: dt.date,
    reason: str,
    acting_user,
    kind: str = Allocation.Kind.SOCIAL_WORKER,
    request=None,
) -> Allocation:
    """Allocate (or re-allocate) a child's case. The current allocation of the same kind ends
    the day the new one starts, so the history shows every change of worker."""
    if start_date > timezone.localdate():
        # Hearth holds no planned allocations: a case is allocated from today or earlier, so
        # nobody is shown as allocated before they hold the case.
        raise ValidationError({"start_date": "The allocation must start today or in the past"})
    if not worker.is_in_post_on(start_date):
        raise ValidationError({"worker": "This worker is not in post on that date"})
    current = (
        Allocation.objects.live().filter(child=child, kind=kind, end_date__isnull=True).first()
    )
    records = []
    if current is not None:
        if current.worker_id == worker.pk:
            raise ValidationError({"worker": "This worker already holds the case"})
        if start_date < current.start_date:
            raise ValidationError(
                {"start_date": "The new allocation cannot start before the current one"}
            )
        save_changes(current, expected_version=current.version, changes={"end_date": start_date})
        records.append(current)
    new = save_new(
        Allocation(
            child=child,
            worker=worker,
            team=worker.team,
            kind=kind,
            start_date=start_date,
            reason=reason,
        ),
        acting_user=acting_user,
    )
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what=("Re-allocated" if current else "Allocated") + f" the case to {worker.full_name}",
        child=child,
        records=[new, *records],
        request=request,
    )
    return new


@transaction.atomic
def supervision_record(
    *,
    worker: Worker,
    date: dt.date,
    reflective_notes: str,
    wellbeing_discussed: bool,
    discussions: Iterable[tuple],
    acting_user,
    request=None,
) -> Supervision:
    """A supervision session with the worker's case discussions (one per child discussed):
    (child, discussion, actions, next review[, chronology reviewed]). A chronology reviewed in
    supervision counts towards the "chronology reviewed" indicator."""
    supervisor = getattr(acting_user, "worker", None)
    if supervisor is None:
        raise ValidationError("Only a manager with a worker record can record supervision.")
    if supervisor.pk == worker.pk:
        raise ValidationError({"worker": "You cannot record your own supervision"})
    discussions = [d for d in discussions if d[1].strip()]
    session = save_new(
        Supervision(
            worker=worker,
            supervisor=supervisor,
            date=date,
            reflective_notes=reflective_notes,
            wellbeing_discussed=wellbeing_discussed,
        ),
        acting_user=acting_user,
    )
    for child, discussion, actions, next_review, *rest in discussions:
        item = SupervisionCaseDiscussion(
            supervision=session,
            child=child,
            discussion=discussion,
            actions=actions,
            next_review=next_review,
            chronology_reviewed=bool(rest and rest[0]),
        )
        item.full_clean()
        item.save()
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.CREATE,
        what=f"Recorded supervision of {worker.full_name}",
        child=None,
        records=[session],
        request=request,
        detail={"children": [c.pk for c, *_ in discussions]},
    )
    return session


def _admin_audit(*, acting_user, what: str, obj, request=None, action=AuditEntry.Action.CREATE):
    audit.record(
        request=request,
        user=acting_user,
        action=action,
        what=what,
        detail={"model": obj._meta.label, "pk": obj.pk},
    )


@transaction.atomic
def team_create(*, name: str, kind: str, acting_user, manager=None, request=None) -> Team:
    team = Team(name=name, kind=kind, manager=manager)
    team.full_clean()
    team.save()
    _admin_audit(acting_user=acting_user, what=f"Created team {name}", obj=team, request=request)
    return team


@transaction.atomic
def post_create(
    *,
    team: Team,
    title: str,
    role: str,
    fte,
    start_date: dt.date,
    acting_user,
    request=None,
) -> Post:
    post = Post(team=team, title=title, role=role, fte=fte, start_date=start_date)
    post.full_clean()
    post.save()
    _admin_audit(acting_user=acting_user, what=f"Created post {title}", obj=post, request=request)
    return post


@transaction.atomic
def post_fill(
    *, post: Post, worker: Worker, start_date: dt.date, acting_user, request=None
) -> PostHolding:
    """A worker takes up a post; whoever held it before leaves it that day."""
    if start_date < post.start_date:
        raise ValidationError({"start_date": "The post did not exist on that date"})
    for holding in post.holdings.filter(end_date__isnull=True):
        if start_date < holding.start_date:
            raise ValidationError({"start_date": "The post was filled after that date"})
        holding.end_date = start_date
        holding.save(update_fields=["end_date"])
    holding = PostHolding(post=post, worker=worker, start_date=start_date)
    holding.full_clean()
    holding.save()
    _admin_audit(
        acting_user=acting_user,
        what=f"{worker.full_name} took up post {post.title}",
        obj=holding,
        request=request,
    )
    return holding


@transaction.atomic
def worker_create(*, acting_user, request=None, **fields) -> Worker:
    worker = Worker(**fields)
    worker.full_clean()
    worker.save()
    _admin_audit(
        acting_user=acting_user,
        what=f"Added worker {worker.full_name}",
        obj=worker,
        request=request,
    )
    return worker


@transaction.atomic
def worker_update(
    *, worker: Worker, expected: dict, changes: dict, acting_user, request=None
) -> Worker:
    """Change a worker's details if nobody changed the same fields since the form was opened
    (workers carry no version column, so the values the editor read are compared instead)."""
    fresh = Worker.objects.select_for_update().get(pk=worker.pk)
    stale = {
        name: getattr(fresh, name)
        for name, value in expected.items()
        if str(getattr(fresh, name) or "") != str(value or "")
    }
    if stale:
        from hearth.core.services import ConcurrentEditError

        raise ConcurrentEditError(fresh, None)
    for name, value in changes.items():
        setattr(fresh, name, value)
    fresh.full_clean()
    fresh.save()
    _admin_audit(
        acting_user=acting_user,
        what=f"Updated worker {fresh.full_name}",
        obj=fresh,
        request=request,
        action=AuditEntry.Action.UPDATE,
    )
    return fresh
