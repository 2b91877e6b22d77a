"""The web layer uses Starlette and FastAPI through their public API only: no module of app/web reads or sets a
private attribute (`request._body`, `route._x`) of an object it did not define, so a framework upgrade that
changes its internals cannot silently break reading a form."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

WEB = Path(__file__).resolve().parents[2] / "app" / "web"
OWN = {"self", "cls"}


def private_uses(path: Path) -> list[str]:
    """`name._attribute` in a module, on any name but self and cls (dunders are public protocol)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Attribute) or not node.attr.startswith("_") or node.attr.startswith("__"):
            continue
        owner = node.value.id if isinstance(node.value, ast.Name) else None
        if owner not in OWN:
            found.append(f"{path.name}:{node.lineno} {ast.unparse(node)}")
    return found


@pytest.mark.parametrize("path", sorted(WEB.rglob("*.py")), ids=lambda path: str(path.relative_to(WEB)))
def test_no_private_attribute_of_a_framework_object_is_used(path: Path) -> None:
    assert private_uses(path) == []
