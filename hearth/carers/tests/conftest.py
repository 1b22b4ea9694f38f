from hearth.casework.tests.conftest import (  # noqa: F401
    child,
    manager,
    social_worker,
    sw_client,
    team,
    tm_client,
)
