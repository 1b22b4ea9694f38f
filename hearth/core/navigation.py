"""The service navigation, by role: one list, so the menu and the access rules agree."""

from __future__ import annotations

from django.urls import reverse

from hearth.access import permissions
from hearth.access.models import User
from hearth.access.selectors import CASE_ACCESS_ROLES

R = User.Role

# Where each role lands after signing in: its own work, never an empty page.
LANDING: dict[str, str] = {
    "social_worker": "my_work",
    "team_manager": "my_team",
    "front_door": "front_door",
    "iro": "iro_diary",
    "personal_adviser": "care_leavers_mine",
    "early_help": "early_help_families",
    "analyst": "insight_overview",
    "senior_leader": "insight_overview",
    "admin": "users",
    "auditor": "audit_log",
}


def landing_url(user) -> str:
    """The page a signed-in user's home ("/") opens: their role's own work."""
    return reverse(LANDING.get(getattr(user, "role", ""), "child_search"))


# (label, url name, roles that see it; None = every signed-in user). The role sets are the ones
# the pages check (`hearth.access.permissions`, `hearth.access.selectors`), never written here.
ITEMS: list[tuple[str, str, frozenset[str] | None]] = [
    ("Home", "home", None),
    ("My work", "my_work", permissions.CASELOAD_ROLES),
    ("My diary", "iro_diary", frozenset({R.IRO})),
    ("My care leavers", "care_leavers_mine", frozenset({R.PERSONAL_ADVISER})),
    ("My families", "early_help_families", frozenset({R.EARLY_HELP})),
    # Roles that never open a child's record (administration, audit, analysis) have no search.
    ("Find a child", "child_search", CASE_ACCESS_ROLES),
    ("Front door", "front_door", permissions.FRONT_DOOR_ROLES),
    ("My team", "my_team", permissions.MANAGER_ROLES),
    ("Performance", "insight_overview", permissions.PERFORMANCE_ROLES),
    ("Returns", "returns_home", permissions.PERFORMANCE_ROLES),
    ("Workforce", "workforce", permissions.WORKFORCE_ADMIN_ROLES),
    ("Break-glass accesses", "break_glass_report", permissions.OVERSIGHT_LOG_ROLES),
    ("Information sharing", "sharing_log", permissions.OVERSIGHT_LOG_ROLES),
    ("Audit log", "audit_log", frozenset({R.AUDITOR})),
    ("Users", "users", frozenset({R.ADMIN})),
    ("API tokens", "api_tokens", frozenset({R.ADMIN})),
    ("Local authority", "local_authority", frozenset({R.ADMIN})),
    ("Restricted records", "restricted_records", frozenset({R.ADMIN})),
]


def navigation(request) -> dict:
    """The menu items for the user's role, and `may_prepare_returns` for the returns sub-menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "may_prepare_returns": False}
    items = []
    for label, name, roles in ITEMS:
        if roles is not None and user.role not in roles:
            continue
        url = reverse(name)
        current = request.path == url or (url != "/" and request.path.startswith(url))
        items.append({"label": label, "url": url, "current": current})
    return {"nav_items": items, "may_prepare_returns": permissions.may_prepare_returns(user)}
