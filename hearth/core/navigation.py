"""The service navigation, by role: one list, so the menu and the access rules agree."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from hearth.access.permissions import may_see_fostering_sufficiency, may_work_with_carers

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
PARTNERS = {"partner_police", "partner_health", "partner_education", "partner_voluntary"}


def landing_url(user) -> str:
    """The page a signed-in user's home ("/") opens: their role's own work."""
    return reverse(LANDING.get(getattr(user, "role", ""), "child_search"))


# (label, url name, roles that see it; None = every signed-in user; or a test of the user)
ITEMS: list[tuple[str, str, set[str] | Callable | None]] = [
    ("Home", "home", None),
    ("My work", "my_work", {"social_worker", "team_manager", "personal_adviser", "iro"}),
    ("My diary", "iro_diary", {"iro"}),
    ("My care leavers", "care_leavers_mine", {"personal_adviser"}),
    ("My families", "early_help_families", {"early_help"}),
    ("My children and referrals", "partner_home", PARTNERS),
    # Roles that never open a child's record (administration, audit, analysis) have no search.
    (
        "Find a child",
        "child_search",
        {
            "social_worker",
            "team_manager",
            "front_door",
            "iro",
            "personal_adviser",
            "early_help",
            "senior_leader",
            *PARTNERS,
        },
    ),
    ("Front door", "front_door", {"front_door", "social_worker", "team_manager", "senior_leader"}),
    ("My team", "my_team", {"team_manager", "senior_leader"}),
    ("Performance", "insight_overview", {"analyst", "senior_leader", "team_manager"}),
    ("Returns", "returns_home", {"analyst", "senior_leader", "team_manager"}),
    ("Virtual school", "virtual_school", {"team_manager", "senior_leader"}),
    ("Carers", "carer_households", may_work_with_carers),
    (
        "Fostering sufficiency",
        "fostering_sufficiency",
        lambda user: may_see_fostering_sufficiency(user) and not may_work_with_carers(user),
    ),
    ("Workforce", "workforce", {"admin", "senior_leader"}),
    (
        "Quality and feedback",
        "quality_home",
        {"team_manager", "senior_leader", "iro", "social_worker"},
    ),
    (
        "Corporate parenting reports",
        "partnership_reports",
        {"elected_member", "senior_leader", "analyst"},
    ),
    ("LADO register", "lado_list", {"front_door", "senior_leader"}),
    ("Break-glass accesses", "break_glass_report", {"team_manager", "senior_leader", "auditor"}),
    ("Information sharing", "sharing_log", {"team_manager", "senior_leader", "auditor"}),
    ("Audit log", "audit_log", {"auditor"}),
    ("Users", "users", {"admin"}),
    ("API tokens", "api_tokens", {"admin"}),
    ("Local authority", "local_authority", {"admin"}),
    ("Restricted records", "restricted_records", {"admin"}),
]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
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
    return {"nav_items": items}
