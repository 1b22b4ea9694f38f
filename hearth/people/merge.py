"""Merging two records that turn out to be the same child (found by NHS number or by a manager
who knows both). Both histories are kept: every record about the duplicate moves to the
surviving record, the duplicate is archived (never deleted) and points at the survivor, and the
merge itself — what moved, which identity gaps were filled, where the two disagreed — is kept
and audited on both records.

What moves is found from the models, not listed by hand: every foreign key to a child, in every
app, except the few that belong to the record as a record (who was named on it, who broke the
glass, the front door's duplicate queue, the merge history itself)."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from hearth.access.models import AuditEntry
from hearth.core.services import write_audit
from hearth.people.models import Child, ChildMerge

STAY = {
    "access.AccessGrant",  # who was named on, or broke the glass into, *that* record
    "access.NamedAccessRequest",
    "access.AuditEntry",  # the audit log is append-only: history stays where it happened
    "casework.PossibleDuplicate",
    "people.ChildMerge",
    "people.Child",  # merged_into itself
}

FILLED_FROM_DUPLICATE = (
    "nhs_number",
    "upn",
    "former_upn",
    "preferred_name",
    "date_of_birth",
    "date_of_death",
    "uasc_from",
    "uasc_until",
)
COMPARED = ("first_name", "last_name", "date_of_birth", "sex", "ethnicity", "upn", "nhs_number")

# (model label, field that is empty while open, plain words): both records open at once cannot
# be one child's history.
OPEN_AT_ONCE = (
    ("casework.CINEpisode", "closure_date", "an open referral (child in need episode)"),
    ("casework.EarlyHelpEpisode", "end_date", "an open early help episode"),
    ("casework.CPPlan", "end_date", "an open child protection plan"),
    ("care.PeriodOfCare", "end_date", "an open period of care"),
)


def child_links() -> list[tuple[type[models.Model], str]]:
    """Every (model, field) that points at a child and moves with a merge."""
    links = []
    for model in apps.get_models():
        if model._meta.label in STAY:
            continue
        for f in model._meta.get_fields(include_hidden=True):
            if (
                isinstance(f, models.ForeignKey)
                and f.related_model is Child
                and not f.auto_created
                and f.concrete
            ):
                links.append((model, f.name))
    return links


def differences(*, survivor: Child, duplicate: Child) -> dict[str, list]:
    out = {}
    for name in COMPARED:
        a, b = getattr(survivor, name), getattr(duplicate, name)
        if a and b and a != b:
            out[name] = [_plain(a), _plain(b)]
    return out


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def check_merge(*, survivor: Child, duplicate: Child) -> None:
    """Refuse a merge that cannot be right, in plain words."""
    if survivor.pk == duplicate.pk:
        raise ValidationError("Choose two different records")
    for child in (survivor, duplicate):
        if child.merged_into_id or child.archived_at:
            raise ValidationError(f"{child.la_child_id} has already been merged or archived")
    if survivor.nhs_number and duplicate.nhs_number and survivor.nhs_number != duplicate.nhs_number:
        raise ValidationError(
            "The two records have different NHS numbers, so they are different children"
        )
    both_open = []
    for label, end_field, words in OPEN_AT_ONCE:
        model = apps.get_model(label)
        open_ = model.objects.live().filter(**{f"{end_field}__isnull": True})
        if open_.filter(child=survivor).exists() and open_.filter(child=duplicate).exists():
            both_open.append(words)
    if both_open:
        raise ValidationError(
            "Both records have "
            + " and ".join(both_open)
            + ": end or correct the one recorded on the duplicate before merging"
        )


def _end_doubled_allocations(*, survivor: Child, duplicate: Child) -> int:
    """A child has one open allocation of each kind: where both records have one, the
    survivor's stands and the duplicate's ends today (kept in the allocation history)."""
    from hearth.workforce.models import Allocation

    live = Allocation.objects.live().filter(end_date__isnull=True)
    kinds = live.filter(child=survivor).values("kind")
    # Never before the allocation began (an allocation made today ends today).
    ended = Greatest(Value(timezone.localdate()), F("start_date"))
    return live.filter(child=duplicate, kind__in=kinds).update(end_date=ended)


@transaction.atomic
def children_merge(
    *, survivor: Child, duplicate: Child, reason: str, acting_user, request=None
) -> ChildMerge:
    """Merge `duplicate` into `survivor` (see the module's docstring)."""
    reason = (reason or "").strip()
    if len(reason) < 20:
        raise ValidationError(
            {"reason": "Explain in at least 20 characters why these are the same child"}
        )
    survivor = Child.objects.select_for_update().get(pk=survivor.pk)
    duplicate = Child.objects.select_for_update().get(pk=duplicate.pk)
    check_merge(survivor=survivor, duplicate=duplicate)
    differ = differences(survivor=survivor, duplicate=duplicate)

    ended = _end_doubled_allocations(survivor=survivor, duplicate=duplicate)
    moved: dict[str, int] = {}
    if ended:
        moved["workforce.Allocation (ended: the survivor's allocation stands)"] = ended
    for model, field in child_links():
        try:
            with transaction.atomic():
                count = model.objects.filter(**{field: duplicate}).update(**{field: survivor})
        except IntegrityError as exc:
            raise ValidationError(
                f"The records cannot be merged: their {model._meta.verbose_name_plural} "
                "conflict. Correct the duplicate's entries first"
            ) from exc
        if count:
            label = model._meta.label if field == "child" else f"{model._meta.label}.{field}"
            moved[label] = moved.get(label, 0) + count

    filled = {}
    for name in FILLED_FROM_DUPLICATE:
        if not getattr(survivor, name) and getattr(duplicate, name):
            setattr(survivor, name, getattr(duplicate, name))
            filled[name] = _plain(getattr(duplicate, name))
    if duplicate.restricted and not survivor.restricted:
        survivor.restricted = True  # the more protective choice: the named people are re-asked
        filled["restricted"] = True
    if filled:
        survivor.version += 1
        survivor.save()

    now = timezone.now()
    duplicate.merged_into = survivor
    duplicate.archived_at = now
    duplicate.archived_reason = f"Merged into {survivor.la_child_id}"
    duplicate.version += 1
    duplicate.save(update_fields=["merged_into", "archived_at", "archived_reason", "version"])

    merge = ChildMerge.objects.create(
        survivor=survivor,
        merged=duplicate,
        reason=reason,
        merged_by=acting_user,
        merged_at=now,
        moved=moved,
        filled=filled,
        differences=differ,
    )
    detail = {"merge": merge.pk, "moved": moved, "filled": sorted(filled), "reason": reason}
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what=f"Merged the duplicate record {duplicate.la_child_id} into this record",
        child=survivor,
        records=[survivor, merge],
        request=request,
        detail=detail,
    )
    write_audit(
        acting_user=acting_user,
        action=AuditEntry.Action.UPDATE,
        what=f"Merged this record into {survivor.la_child_id} (a duplicate)",
        child=duplicate,
        records=[duplicate, merge],
        request=request,
        detail=detail,
    )
    return merge
