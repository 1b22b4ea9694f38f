"""Reading Family Help: a child's episodes, a family's page, the lead practitioner's families
and what is due, the children a family could include, and the counts the indicators use."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.http import Http404

from hearth.casework import clocks
from hearth.familyhelp.models import FamilyHelpChild, FamilyHelpEpisode, LeadAgency
from hearth.people.models import Child, FamilyMember


def _live_episodes() -> QuerySet[FamilyHelpEpisode]:
    return FamilyHelpEpisode.objects.live().select_related("family", "lead_user", "team")


def episodes_for_child(*, child: Child) -> list[FamilyHelpEpisode]:
    ids = FamilyHelpChild.objects.live().filter(child=child).values("episode_id")
    return list(_live_episodes().filter(pk__in=ids))


def open_episode_for_child(*, child: Child) -> FamilyHelpEpisode | None:
    return next((e for e in episodes_for_child(child=child) if e.is_open), None)


def episode_of_child(*, child: Child, pk: int) -> FamilyHelpEpisode:
    """The Family Help episode `pk`, if `child` is one of its children; 404 otherwise."""
    ids = FamilyHelpChild.objects.live().filter(child=child).values("episode_id")
    try:
        return _live_episodes().filter(pk__in=ids).get(pk=pk)
    except FamilyHelpEpisode.DoesNotExist as exc:
        raise Http404("No Family Help found") from exc


def lead_child_ids(*, user) -> QuerySet:
    """Ids of the children in open Family Help led by `user` (the lead's involvement: they
    see these children and may work on them)."""
    return (
        FamilyHelpChild.objects.live()
        .filter(
            episode__lead_user=user,
            episode__end_date__isnull=True,
            episode__archived_at__isnull=True,
        )
        .order_by()
        .values("child_id")
    )


def leads_family_help_for(*, user, child: Child) -> bool:
    return lead_child_ids(user=user).filter(child_id=child.pk).exists()


def members(*, episode: FamilyHelpEpisode) -> list[FamilyHelpChild]:
    return list(
        episode.children.live()
        .select_related("child", "cin_episode", "early_help_episode")
        .order_by("child__date_of_birth", "pk")
    )


def candidate_children(*, child: Child, visible: QuerySet[Child]) -> list[Child]:
    """The child and the brothers, sisters and other children linked to them in their family
    network (either way round) that the user may see: the children a family could include."""
    linked = set(
        FamilyMember.objects.live()
        .filter(child=child, related_child__isnull=False, end_date__isnull=True)
        .values_list("related_child_id", flat=True)
    ) | set(
        FamilyMember.objects.live()
        .filter(related_child=child, end_date__isnull=True)
        .values_list("child_id", flat=True)
    )
    others = list(visible.filter(pk__in=linked - {child.pk}).order_by("date_of_birth", "pk"))
    return [child, *others]


def candidate_adults(*, child: Child) -> list[FamilyMember]:
    """The adults in the child's family network (those linked to a child's record are children)."""
    return list(
        FamilyMember.objects.live()
        .filter(child=child, related_child__isnull=True, end_date__isnull=True)
        .exclude(
            relationship__in=[
                FamilyMember.Relationship.SIBLING,
                FamilyMember.Relationship.HALF_SIBLING,
            ]
        )
    )


def led_by_queryset(*, user) -> QuerySet[FamilyHelpEpisode]:
    """Open Family Help episodes the user leads."""
    return _live_episodes().filter(lead_user=user, end_date__isnull=True)


def led_by(*, user) -> list[FamilyHelpEpisode]:
    """Open Family Help episodes the user leads, oldest first."""
    return list(
        led_by_queryset(user=user)
        .select_related("assessment", "plan")
        .prefetch_related("children__child")
        .order_by("start_date", "pk")
    )


def due_for_lead(*, user, episodes: list[FamilyHelpEpisode] | None = None) -> list[clocks.Due]:
    """What the lead practitioner has due: each family's assessment by its timescale, the plan
    once the assessment is complete, and the plan's review (``episodes``: `led_by`'s answer,
    when the caller has it already)."""
    from django.urls import reverse

    items = []
    for episode in led_by(user=user) if episodes is None else episodes:
        first = next(iter(m for m in episode.children.all() if m.archived_at is None), None)
        if first is None:
            continue
        url = reverse("family_help", args=[first.child_id, episode.pk])
        assessment = getattr(episode, "assessment", None)
        plan = getattr(episode, "plan", None)
        name = episode.family.name
        if assessment is None or assessment.completed_date is None:
            items.append(
                clocks.Due(
                    f"Family Help assessment: {name}",
                    clocks.family_help_assessment_due(episode.start_date),
                    child=first.child,
                    url=reverse("family_help_assessment", args=[first.child_id, episode.pk]),
                )
            )
        elif plan is None:
            items.append(
                clocks.Due(
                    f"Family Help plan: {name}",
                    assessment.completed_date,
                    child=first.child,
                    url=reverse("family_help_plan", args=[first.child_id, episode.pk]),
                )
            )
        elif plan.review_due:
            items.append(
                clocks.Due(
                    f"Family Help plan review: {name}", plan.review_due, child=first.child, url=url
                )
            )
    return items


def family_help_counts(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Family Help in the period start..end (inclusive): episodes open at any point, started,
    ended, and families whose open episode's lead practitioner works for a partner agency.
    The indicators read this function."""
    qs = FamilyHelpEpisode.objects.live()
    open_ = qs.overlapping(start, end)
    return {
        "open": open_.count(),
        "started": qs.filter(start_date__gte=start, start_date__lte=end).count(),
        "ended": qs.filter(end_date__gte=start, end_date__lte=end).count(),
        "s17": open_.filter(level=FamilyHelpEpisode.Level.S17).count(),
        "partner_led": open_.filter(~Q(lead_agency=LeadAgency.LA))
        .values("family")
        .distinct()
        .count(),
        "families": open_.values("family").distinct().count(),
    }


def lead_candidates(*, roles):
    """Active users in ``roles`` (`access.permissions.FAMILY_HELP_LEAD_ROLES`), by name."""
    from hearth.access.models import User

    return User.objects.filter(is_active=True, role__in=roles).order_by(
        "last_name", "first_name", "pk"
    )


def family_help_child_ids_for_cin(*, cin_episode_ids) -> set[int]:
    """Of these CIN episodes, those an open Family Help episode holds (its family assessment is
    the children's assessment: the worklist shows it once, for the family)."""
    return set(
        FamilyHelpChild.objects.live()
        .filter(cin_episode_id__in=cin_episode_ids, episode__end_date__isnull=True)
        .values_list("cin_episode_id", flat=True)
    )


# --- For the indicators --------------------------------------------------------------------------


def _with_first_child(qs: QuerySet[FamilyHelpEpisode]) -> QuerySet[FamilyHelpEpisode]:
    """Each episode with one of its children (the lowest id) to stand for the family in a
    drill-down, so an episode is counted once however many children it has."""
    from django.db.models import Min

    return qs.annotate(child_id=Min("children__child_id"))


def episodes_open_on(*, day: dt.date) -> QuerySet[FamilyHelpEpisode]:
    return _with_first_child(FamilyHelpEpisode.objects.live().open_on(day))


def episodes_started_in(*, start: dt.date, end: dt.date) -> QuerySet[FamilyHelpEpisode]:
    return _with_first_child(
        FamilyHelpEpisode.objects.live().filter(start_date__gte=start, start_date__lte=end)
    )


def episodes_ended_in(*, start: dt.date, end: dt.date) -> QuerySet[FamilyHelpEpisode]:
    return _with_first_child(
        FamilyHelpEpisode.objects.live().filter(end_date__gte=start, end_date__lte=end)
    )
