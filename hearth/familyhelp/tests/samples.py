"""Sample Family Help for the access matrix: an s17 episode for the sample child, led by the
child's allocated social worker (so it changes nobody else's visibility)."""

from __future__ import annotations

import datetime as dt


def family_help(world) -> dict:
    from hearth.access.models import User
    from hearth.familyhelp.models import FamilyHelpChild
    from hearth.familyhelp.services import family_help_start

    existing = FamilyHelpChild.objects.filter(child=world.child).first()
    if existing is not None:
        return {"pk": world.child.pk, "fh": existing.episode_id}
    lead = world.users[User.Role.SOCIAL_WORKER]
    episode = family_help_start(
        children=[world.child],
        family_name="The Hartley family",
        level="s17",
        start_date=dt.date(2026, 9, 1),
        primary_need="N4",
        referral_source="2A",
        reason="Family under stress after a bereavement",
        lead_agency="la",
        lead_user=lead,
        acting_user=lead,
    )
    return {"pk": world.child.pk, "fh": episode.pk}


def family_help_with_plan(world) -> dict:
    from hearth.access.models import User
    from hearth.familyhelp.models import FamilyHelpEpisode
    from hearth.familyhelp.services import family_plan_save

    kwargs = family_help(world)
    episode = FamilyHelpEpisode.objects.get(pk=kwargs["fh"])
    if not hasattr(episode, "plan"):
        family_plan_save(
            episode=episode,
            start_date=dt.date(2026, 9, 20),
            outcomes="Home is calmer",
            actions="Parenting support weekly",
            per_child={world.child.pk: {"needs": "Routine", "views": "I want my own room"}},
            review_due=dt.date(2026, 12, 20),
            acting_user=world.users[User.Role.SOCIAL_WORKER],
        )
    return kwargs
