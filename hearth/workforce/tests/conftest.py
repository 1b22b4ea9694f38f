from hearth.casework.tests.conftest import (  # noqa: F401
    child,
    manager,
    social_worker,
    team,
    tm_client,
)
