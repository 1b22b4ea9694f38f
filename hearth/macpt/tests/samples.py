"""Sample objects for the MACPT URLs in the access matrix: each takes the access tests' `world`
and returns the URL kwargs, creating what the page needs for the sample child (team A)."""

from __future__ import annotations

import datetime as dt


def strategy_discussion(world):
    from hearth.casework.models import StrategyDiscussion
    from hearth.casework.tests.access_samples import _cin

    d = StrategyDiscussion.objects.create(
        child=world.child, cin_episode=_cin(world), date=dt.date(2024, 1, 9)
    )
    return {"pk": world.child.pk, "sd_pk": d.pk}


def member(world):
    """A police officer (not one of the world's users) in the child's MACPT work."""
    from hearth.access.models import User
    from hearth.access.tests.factories import UserFactory
    from hearth.casework.tests.access_samples import _cin
    from hearth.macpt import services

    _cin(world)
    officer = UserFactory(username="dc.other", role=User.Role.PARTNER_POLICE)
    m = services.member_add(
        child=world.child,
        user=officer,
        start_date=dt.date(2024, 1, 9),
        acting_user=world.users[User.Role.SOCIAL_WORKER],
    )
    return {"pk": world.child.pk, "member_pk": m.pk}


def police_involved(world):
    """The world's police partner in the child's MACPT work (so they may see the child)."""
    from hearth.access.models import User
    from hearth.casework.tests.access_samples import _cin
    from hearth.macpt import services

    _cin(world)
    services.member_add(
        child=world.child,
        user=world.users[User.Role.PARTNER_POLICE],
        start_date=dt.date(2024, 1, 9),
        acting_user=world.users[User.Role.SOCIAL_WORKER],
    )
    return {"pk": world.child.pk}
