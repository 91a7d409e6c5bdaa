"""The architecture: no import cycles, and the one list of features (court.features) is the whole app — every route
is some feature's, the worker knows every job the code enqueues, every template folder is declared."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import grimp
import pytest

import court
from court.features import FEATURES, template_dirs

COURT_DIR = Path(court.__file__).resolve().parent

# Cycles not broken yet, each listed whole. A strongly connected component must be one of these or inside one, so
# the list can only shrink; an entry no longer found fails too, so that it is taken off.
KNOWN_CYCLES: tuple[frozenset[str], ...] = ()


def strongly_connected(graph: Any, modules: set[str]) -> list[list[str]]:
    """Tarjan's components of size > 1, iteratively (the graph is deep enough to overflow Python's stack)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(modules):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = []
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        work.append((root, iter(sorted(graph.find_modules_directly_imported_by(root) & modules))))
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child) & modules)))
                    )
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def _describe(graph: Any, component: list[str]) -> str:
    members = set(component)
    lines = []
    for importer in component:
        for imported in sorted(graph.find_modules_directly_imported_by(importer) & members):
            details = graph.get_import_details(importer=importer, imported=imported)
            where = ", ".join(str(d["line_number"]) for d in details)
            lines.append(f"    {importer} -> {imported} (line {where})")
    return f"  {len(component)} modules:\n" + "\n".join(lines)


@pytest.fixture(scope="module")
def graph() -> Any:
    # The packages import-linter checks ([tool.importlinter] root_packages). Every import counts, including those
    # inside functions and under TYPE_CHECKING.
    config = tomllib.loads((COURT_DIR.parent / "pyproject.toml").read_text(encoding="utf-8"))
    return grimp.build_graph(*config["tool"]["importlinter"]["root_packages"], cache_dir=None)


def test_no_import_cycles(graph: Any) -> None:
    components = strongly_connected(graph, set(graph.modules))
    new = [c for c in components if not any(set(c) <= known for known in KNOWN_CYCLES)]
    assert not new, "import cycles (break them: move the shared piece, or pass a value in):\n" + "\n".join(
        _describe(graph, c) for c in new
    )
    stale = [known for known in KNOWN_CYCLES if not any(set(c) & known for c in components)]
    assert not stale, f"these known cycles are gone: take them off KNOWN_CYCLES: {stale}"


def test_strongly_connected_finds_a_cycle() -> None:
    class Graph:
        edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}

        def find_modules_directly_imported_by(self, module: str) -> set[str]:
            return self.edges[module]

    assert strongly_connected(Graph(), {"a", "b", "c", "d"}) == [["a", "b", "c"]]


def _court_modules() -> Iterator[Any]:
    for info in pkgutil.walk_packages([str(COURT_DIR)], prefix="court."):
        if info.name.startswith("court.migrations") or info.name == "court.cluster":
            continue
        yield importlib.import_module(info.name)


def test_every_route_is_a_features_and_the_app_mounts_them_all() -> None:
    from litestar import Controller
    from litestar.handlers import HTTPRouteHandler

    from court.app import route_handlers
    from court.web.access import PageController

    declared = [handler for feature in FEATURES for handler in feature.routes()]
    mounted = route_handlers()
    assert len(mounted) == len(declared)
    declared_ids = {id(h) for h in declared}
    routable: list[str] = []
    for module in _court_modules():
        for name, value in vars(module).items():
            controller = (
                isinstance(value, type)
                and issubclass(value, Controller)
                and value not in (Controller, PageController)
                and value.__module__ == module.__name__
            )
            handler = isinstance(value, HTTPRouteHandler) and value.fn.__module__ == module.__name__
            if (controller or handler) and id(value) not in declared_ids:
                routable.append(f"{module.__name__}.{name}")
    assert not routable, (
        f"handlers no feature declares (add them to their court/<feature>/feature.py): {routable}"
    )


def test_every_template_folder_is_declared_by_a_feature() -> None:
    folders = {p.resolve() for p in COURT_DIR.glob("*/templates")}
    declared = [p.resolve() for p in template_dirs()]
    assert folders == set(declared) and len(declared) == len(set(declared))
    assert declared[0] == COURT_DIR / "web" / "templates"  # the shared layout is found first


def test_every_feature_package_is_in_the_list() -> None:
    listed = {f"court.{f.name}.feature" for f in FEATURES}
    present = {f"court.{p.parent.name}.feature" for p in COURT_DIR.glob("*/feature.py")}
    assert present == listed
    assert len({f.name for f in FEATURES}) == len(FEATURES)


def _enqueued_names() -> dict[str, str]:
    """Job names the code passes to the outbox's `enqueue` (a literal, or a module constant), with where."""
    names: dict[str, str] = {}
    for path in sorted(COURT_DIR.rglob("*.py")):
        if "migrations" in path.parts or path.name == "schedule.py":
            continue  # court.jobs.schedule enqueues the features' schedules, checked below
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {
            target.id: node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
            for target in node.targets
            if isinstance(target, ast.Name) and isinstance(node.value.value, str)
        }
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            called = (isinstance(func, ast.Name) and func.id == "enqueue") or (
                isinstance(func, ast.Attribute)
                and func.attr == "enqueue"
                and isinstance(func.value, ast.Name)
                and func.value.id == "outbox"
            )
            if not called:
                continue
            first = node.args[0]
            where = f"{path.relative_to(COURT_DIR.parent)}:{node.lineno}"
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                names[first.value] = where
            elif isinstance(first, ast.Name) and first.id in constants:
                names[constants[first.id]] = where
            else:
                raise AssertionError(
                    f"{where}: enqueue's job name is neither a literal nor a module constant"
                )
    return names


def test_the_worker_knows_every_job_the_features_enqueue() -> None:
    from court.jobs.registry import registered

    known = set(registered())
    enqueued = _enqueued_names()
    assert {"extract_document", "route_filing", "service.attempt"} <= set(enqueued)  # the scan finds them
    assert not {n: w for n, w in enqueued.items() if n not in known}
    scheduled = [p.name for f in FEATURES for p in f.schedules]
    assert set(scheduled) <= known and len(scheduled) == len(set(scheduled))


def test_each_job_is_declared_once_and_importing_the_features_loads_no_handler() -> None:
    import subprocess
    import sys

    names = [name for f in FEATURES for name in f.jobs()]
    assert len(names) == len(set(names))
    # The list is cheap to import: no controller, job or page module comes with it.
    code = (
        "import sys, court.features; "
        "print(sorted(m for m in sys.modules if m in ('court.app', 'court.cli') or m.count('.') == 2 "
        "and m.rsplit('.', 1)[-1] in ('web', 'pages', 'jobs', 'flow', 'cli')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
