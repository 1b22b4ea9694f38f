"""Every set of roles is defined once: the capabilities and named role sets in
`hearth.access.permissions`, the visibility scopes in `hearth.access.selectors`. Anywhere else a
page, service or menu imports them, so that a page and its menu item (or a view and its service)
cannot come to disagree about who may do something.

Read from the source (ast), not by importing. A *role-set literal* is a set, list or tuple display
of two or more elements that are all user roles (``User.Role.X``, ``R.X`` or the role's string
value such as ``"team_manager"``), or an ``or``/``and`` of two or more comparisons of a ``.role``
with a role; in templates, two ``.role ==`` tests in one ``{% if %}``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import hearth
from hearth.access.models import User

ROOT = Path(hearth.__file__).parent

# The two modules where role sets are defined.
DEFINED_IN = {"access/permissions.py", "access/selectors.py"}
# Not access rules: the synthetic generator builds workforce posts (`Worker.Role`, whose values
# overlap the user roles'), and the benchmark picks sample users to time pages as.
NOT_ACCESS_RULES = ("synthetic/", "bench/")

ROLE_NAMES = set(User.Role.names)
ROLE_VALUES = set(User.Role.values)


def _is_role(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return node.value in ROLE_VALUES
    if not isinstance(node, ast.Attribute) or node.attr not in ROLE_NAMES:
        return False
    base = node.value
    if isinstance(base, ast.Name):  # R.X, with R = User.Role
        return base.id == "R"
    # User.Role.X or request.user.Role.X; never Worker.Role.X (workforce posts)
    return (
        isinstance(base, ast.Attribute)
        and base.attr == "Role"
        and not (isinstance(base.value, ast.Name) and base.value.id == "Worker")
    )


def _is_role_test(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Compare)
        and isinstance(node.left, ast.Attribute)
        and node.left.attr == "role"
        and len(node.comparators) == 1
        and _is_role(node.comparators[0])
    )


def role_set_literals(source: str) -> list[int]:
    """Line numbers of the role-set literals in a module's source."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Set, ast.List, ast.Tuple)):
            if len(node.elts) >= 2 and all(_is_role(e) for e in node.elts):
                lines.append(node.lineno)
        elif isinstance(node, ast.BoolOp) and sum(_is_role_test(v) for v in node.values) >= 2:
            lines.append(node.lineno)
    return lines


TEMPLATE_ROLE_SET = re.compile(r"{%\s*(?:el)?if\b[^%]*\.role\s*==[^%]*\.role\s*==[^%]*%}")


def test_finds_role_set_literals():
    source = """
a = {User.Role.ANALYST, User.Role.SENIOR_LEADER}
b = ("team_manager", "senior_leader")
c = user.role == R.ADMIN or user.role == "auditor"
d = frozenset([request.user.Role.IRO, R.AUDITOR])
ok = (Worker.Role.IRO, Worker.Role.SOCIAL_WORKER)
ok = {User.Role.ADMIN}
ok = ("referral", "early_help")
ok = user.role == R.ADMIN and user.is_active
"""
    assert role_set_literals(source) == [2, 3, 4, 5]
    assert TEMPLATE_ROLE_SET.search(
        '{% if request.user.role == "analyst" or request.user.role == "senior_leader" %}'
    )
    assert not TEMPLATE_ROLE_SET.search("{% if may_prepare_returns %}")


def test_role_sets_are_defined_only_in_permissions_and_selectors():
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts:
            continue
        if rel in DEFINED_IN or rel.startswith(NOT_ACCESS_RULES):
            continue
        offenders += [f"{rel}:{line}" for line in role_set_literals(path.read_text())]
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if TEMPLATE_ROLE_SET.search(line):
                offenders.append(f"templates/{path.relative_to(ROOT / 'templates')}:{number}")
    assert offenders == [], (
        "Define the role set once in hearth.access.permissions (or, for who sees which child, "
        "hearth.access.selectors) and import it"
    )


def test_the_menu_and_the_pages_read_the_same_role_sets():
    from hearth.access import permissions
    from hearth.access.selectors import CASE_ACCESS_ROLES
    from hearth.core.navigation import ITEMS

    roles = {name: roles for _label, name, roles in ITEMS}
    assert roles["insight_overview"] is permissions.PERFORMANCE_ROLES
    assert roles["returns_home"] is permissions.PERFORMANCE_ROLES
    assert roles["workforce"] is permissions.WORKFORCE_ADMIN_ROLES
    assert roles["front_door"] is permissions.FRONT_DOOR_ROLES
    assert roles["my_team"] is permissions.MANAGER_ROLES
    assert roles["sharing_log"] is permissions.OVERSIGHT_LOG_ROLES
    assert roles["child_search"] is CASE_ACCESS_ROLES


def test_named_role_sets_hold_the_roles_the_pages_always_allowed():
    """Pinned when the copies were folded in (issue #15): the derived sets must not drift."""
    from hearth.access import permissions as p
    from hearth.access import selectors as s

    R = User.Role
    assert {R.TEAM_MANAGER, R.SENIOR_LEADER} == p.MANAGER_ROLES
    assert {R.FRONT_DOOR, R.SOCIAL_WORKER, R.TEAM_MANAGER, R.SENIOR_LEADER} == p.FRONT_DOOR_ROLES
    assert {R.SOCIAL_WORKER, R.TEAM_MANAGER, R.PERSONAL_ADVISER, R.IRO} == p.CASELOAD_ROLES
    assert {R.ANALYST, R.SENIOR_LEADER, R.TEAM_MANAGER} == p.PERFORMANCE_ROLES
    assert p.AUTHORITY_FIGURES_ROLES == p.PREPARE_RETURNS_ROLES == {R.ANALYST, R.SENIOR_LEADER}
    assert {R.ANALYST, R.SENIOR_LEADER} == p.INSPECTION_LEAD_ROLES
    assert {R.ADMIN, R.SENIOR_LEADER} == p.WORKFORCE_ADMIN_ROLES
    assert {R.TEAM_MANAGER, R.SENIOR_LEADER, R.AUDITOR} == p.OVERSIGHT_LOG_ROLES
    assert set(R) - {R.ADMIN, R.AUDITOR, R.ANALYST, R.ELECTED_MEMBER} == s.CASE_ACCESS_ROLES
    assert s.BREAK_GLASS_ROLES == s.TEAM_SCOPED | s.AUTHORITY_WIDE
    assert {R.SENIOR_LEADER, R.AUDITOR} == s.EVERY_BREAK_GLASS_ROLES
