"""The import graph of hearth's own modules, read from the source (ast), not by importing.

Definitions:
- a *module* is a .py file under hearth/ (tests and migrations excluded);
- module A *imports* module B if A's source has ``import hearth.b`` or ``from hearth.b import x``
  (when ``hearth.b.x`` is itself a module, the edge goes to it) **anywhere** in the file: at
  module level, inside a function (a lazy import) or under ``if TYPE_CHECKING``. A lazy import
  still couples the two modules; hiding a cycle inside a function does not remove it.
- an *import cycle* is a strongly connected component of that graph with more than one module.
- a *views module* is one whose last name part ends in ``views`` (views, edit_views, …).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import hearth

ROOT = Path(hearth.__file__).parent

# None left: indicators <-> series went with the split of insight/indicators.py (issue #15).
KNOWN_CYCLES: set[frozenset[str]] = set()


def _modules() -> dict[str, Path]:
    out = {}
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        if "tests" in parts or "migrations" in parts:
            continue
        name = ".".join(parts)
        out[name.removesuffix(".__init__")] = path
    return out


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                if node.module.split(".")[0] != "hearth":
                    continue
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    graph[name].add(sub if sub in modules else node.module)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "hearth":
                        graph[name].add(alias.name)
        graph[name].discard(name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(frozenset(component))
    return found


def _app(module: str) -> str:
    return module.split(".")[1] if "." in module else module


def test_cycle_finder_finds_a_cycle_through_a_lazy_import():
    graph = {"hearth.a.x": {"hearth.b.y"}, "hearth.b.y": {"hearth.a.x"}, "hearth.c": {"hearth.a.x"}}
    assert cycles(graph) == [frozenset({"hearth.a.x", "hearth.b.y"})]


def test_no_import_cycles_between_hearth_modules():
    unexpected = [sorted(c) for c in cycles(import_graph()) if c not in KNOWN_CYCLES]
    assert unexpected == []


def test_no_views_module_imports_another_apps_views():
    offenders = sorted(
        f"{module} imports {target}"
        for module, targets in import_graph().items()
        if module.rsplit(".", 1)[-1].endswith("views")
        for target in targets
        if target.rsplit(".", 1)[-1].endswith("views") and _app(target) != _app(module)
    )
    assert offenders == []
