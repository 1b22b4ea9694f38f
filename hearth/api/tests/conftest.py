"""The access tests' small authority (every role, a team child, a restricted child) and tokens
that act as its users."""

from __future__ import annotations

import pytest

from hearth.access.tests.conftest import World, world  # noqa: F401  (fixture)
from hearth.api import tokens


@pytest.fixture
def bearer(world):  # noqa: F811
    """Authorization headers for a fresh token acting as the given role's user."""

    def make(role, scopes=("read", "write")) -> dict:
        user = world.team_b_worker if role == "team_b_social_worker" else world.users[role]
        _token, secret = tokens.api_token_create(
            name=f"test {role}",
            user=user,
            scopes=list(scopes),
            days=30,
            acting_user=world.users["admin"],
        )
        return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    return make


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Each test starts with no requests counted against its users' rate limit: the cache that
    counts them outlives the database rows (user ids come round again) between tests."""
    from django.core.cache import cache

    cache.clear()
