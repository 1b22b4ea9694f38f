"""The practice fixtures (a team, its manager and social worker, an allocated child) are
shared with casework: one definition, imported here."""

from hearth.casework.tests.conftest import (  # noqa: F401
    child,
    cin,
    manager,
    social_worker,
    sw_client,
    team,
    tm_client,
)
