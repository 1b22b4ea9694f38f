"""The service navigation, by role: one list, so the menu and the access rules agree."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from hearth.access import permissions
from hearth.access.models import PARTNER_ROLES, User
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
    "partner_police": "partner_home",
    "partner_health": "partner_home",
    "partner_education": "partner_home",
    "partner_voluntary": "partner_home",
    "elected_member": "partnership_reports",
}


def landing_url(user) -> str:
    """The page a signed-in user's home ("/") opens: their role's own work."""
    return reverse(LANDING.get(getattr(user, "role", ""), "child_search"))


# (label, url name, who sees it: None = every signed-in user; a role set the pages check
# (`hearth.access.permissions`, `hearth.access.selectors`), never written here; or a test of the
# user for capabilities that depend on more than the role).
ITEMS: list[tuple[str, str, frozenset[str] | Callable | None]] = [
    ("Home", "home", None),
    ("My work", "my_work", permissions.CASELOAD_ROLES),
    ("My diary", "iro_diary", frozenset({R.IRO})),
    ("My care leavers", "care_leavers_mine", frozenset({R.PERSONAL_ADVISER})),
    ("My families", "early_help_families", frozenset({R.EARLY_HELP})),
    ("My children and referrals", "partner_home", frozenset(PARTNER_ROLES)),
    # Roles that never open a child's record (administration, audit, analysis) have no search.
    ("Find a child", "child_search", CASE_ACCESS_ROLES),
    ("Front door", "front_door", permissions.FRONT_DOOR_ROLES),
    ("My team", "my_team", permissions.MANAGER_ROLES),
    ("Performance", "insight_overview", permissions.PERFORMANCE_ROLES),
    ("Returns", "returns_home", permissions.PERFORMANCE_ROLES),
    ("Virtual school", "virtual_school", permissions.holder_of(permissions.VIRTUAL_SCHOOL)),
    ("Carers", "carer_households", permissions.may_work_with_carers),
    (
        "Fostering sufficiency",
        "fostering_sufficiency",
        lambda user: (
            permissions.may_see_fostering_sufficiency(user)
            and not permissions.may_work_with_carers(user)
        ),
    ),
    ("Workforce", "workforce", permissions.WORKFORCE_ADMIN_ROLES),
    ("Quality and feedback", "quality_home", permissions.FEEDBACK_ROLES),
    (
        "Corporate parenting reports",
        "partnership_reports",
        permissions.holder_of(permissions.REPORTS),
    ),
    ("LADO register", "lado_list", permissions.holder_of(permissions.LADO)),
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
        if callable(roles):
            if not roles(user):
                continue
        elif roles is not None and user.role not in roles:
            continue
        url = reverse(name)
        current = request.path == url or (url != "/" and request.path.startswith(url))
        items.append({"label": label, "url": url, "current": current})
    return {"nav_items": items, "may_prepare_returns": permissions.may_prepare_returns(user)}
