"""The service navigation, by role: one list, so the menu and the access rules agree."""

from __future__ import annotations

from django.urls import reverse

# (label, url name, roles that see it; None = every signed-in user)
ITEMS: list[tuple[str, str, set[str] | None]] = [
    ("Home", "home", None),
    ("My work", "my_work", {"social_worker", "team_manager", "personal_adviser", "iro"}),
    ("Find a child", "child_search", None),
    ("Front door", "front_door", {"front_door", "social_worker", "team_manager", "senior_leader"}),
    ("My team", "my_team", {"team_manager", "senior_leader"}),
    ("Performance", "insight_overview", {"analyst", "senior_leader", "team_manager"}),
    ("Returns", "returns_home", {"analyst", "senior_leader", "team_manager"}),
    ("Workforce", "workforce", {"admin", "senior_leader"}),
    ("Break-glass accesses", "break_glass_report", {"team_manager", "senior_leader", "auditor"}),
    ("Audit log", "audit_log", {"auditor"}),
    ("Users", "users", {"admin"}),
    ("Restricted records", "restricted_records", {"admin"}),
]


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for label, name, roles in ITEMS:
        if roles is not None and user.role not in roles:
            continue
        url = reverse(name)
        current = request.path == url or (url != "/" and request.path.startswith(url))
        items.append({"label": label, "url": url, "current": current})
    return {"nav_items": items}
