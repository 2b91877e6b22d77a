"""House rules read from the source: imports point down, no cycles, modules of a readable size."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = {"policies": 0, "intake": 1, "storage": 1, "tasks": 2, "flows": 3, "app": 4}
"""policies ← intake, storage ← tasks ← flows ← app: a package may import its own layer's peers only downwards."""
MAX_LINES = 450


def modules() -> Iterator[tuple[str, Path]]:
    """Every module of the product, by dotted name."""
    for package in LAYERS:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            yield name, path


@cache
def imports_of(path: Path) -> frozenset[str]:
    """The project modules a file imports, anywhere in it (top level or inside a function)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return frozenset(name for name in found if name.split(".")[0] in LAYERS)


def known(name: str, names: set[str]) -> str | None:
    """The project module an imported name refers to (a `from package import module` names the module)."""
    while name and name not in names:
        name = name.rpartition(".")[0]
    return name or None


ALL = dict(modules())


@pytest.mark.parametrize("name", sorted(ALL))
def test_imports_point_down_the_layers(name: str) -> None:
    top = name.split(".")[0]
    for imported in imports_of(ALL[name]):
        other = imported.split(".")[0]
        if other == top:
            continue
        sideways = LAYERS[other] == LAYERS[top]
        assert LAYERS[other] < LAYERS[top] and not sideways, f"{name} imports {imported}: {other} is not below {top}"


def test_no_module_imports_itself_back_through_others() -> None:
    names = set(ALL)
    graph = {name: {m for i in imports_of(path) if (m := known(i, names)) and m != name} for name, path in ALL.items()}
    # a package's __init__ importing its own submodules is how a package exposes them, not a cycle
    for name in graph:
        graph[name] = {m for m in graph[name] if not (ALL[name].name == "__init__.py" and m.startswith(name + "."))}
    visiting: list[str] = []
    done: set[str] = set()

    def visit(node: str) -> None:
        if node in done:
            return
        if node in visiting:
            cycle = [*visiting[visiting.index(node) :], node]
            raise AssertionError("import cycle: " + " → ".join(cycle))
        visiting.append(node)
        for nxt in sorted(graph[node]):
            visit(nxt)
        visiting.pop()
        done.add(node)

    for name in sorted(graph):
        visit(name)


@pytest.mark.parametrize("name", sorted(ALL))
def test_a_module_is_read_in_one_sitting(name: str) -> None:
    lines = len(ALL[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name} has {lines} lines (at most {MAX_LINES})"


def test_app_is_packages_with_at_most_three_modules_beside_them() -> None:
    loose = [path.name for path in (ROOT / "app").glob("*.py") if path.name not in ("__init__.py", "__main__.py")]
    assert len(loose) <= 3, loose


def test_policies_stay_pure() -> None:
    infrastructure = ("prefect", "sqlmodel", "sqlalchemy", "loguru", "fastapi", "httpx", "fsspec")
    for name, path in ALL.items():
        if not name.startswith("policies"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                assert not any(n.split(".")[0] in infrastructure for n in names), f"{name} imports {names}"
            if isinstance(node, ast.Attribute) and node.attr in ("now", "today") and isinstance(node.value, ast.Name):
                assert node.value.id not in ("date", "datetime"), f"{name} reads the clock"


def test_storage_reads_no_files() -> None:
    readers = ("docx", "pypdf", "charset_normalizer", "defusedxml", "zipfile", "html.parser")
    for name, path in ALL.items():
        if name.startswith("storage"):
            bad = [i for i in _third_party_imports(path) if i.split(".")[0] in readers or i in readers]
            assert not bad, f"{name} reads files: {bad}"


def _third_party_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
    return found
