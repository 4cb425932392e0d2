"""The kinds package holds rule kinds only, and each kind stands on its own.

A writer adds a kind by adding one module to ``kbeditor/lint/kinds/``; helpers
several kinds share live beside the package, so removing or changing one kind
never breaks another.
"""

from __future__ import annotations

import ast
from pathlib import Path

import kbeditor.lint.kinds as kinds_package

KINDS_DIR = Path(kinds_package.__file__).parent


def _modules() -> list[Path]:
    return sorted(p for p in KINDS_DIR.glob("*.py") if p.name != "__init__.py")


def _imported(path: Path) -> set[str]:
    """Every module name the file imports (``from a import b`` counts ``a`` and ``a.b``)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_every_module_in_the_kinds_package_is_a_kind() -> None:
    registered = {module.__name__.rsplit(".", 1)[1] for module in kinds_package.registry().values()}
    helpers = [p.name for p in _modules() if p.stem not in registered]
    assert helpers == [], f"helper modules belong outside kinds/: {helpers}"


def test_no_kind_imports_another_kind() -> None:
    package = kinds_package.__name__
    kinds = {f"{package}.{p.stem}" for p in _modules()}
    for path in _modules():
        others = _imported(path) & kinds
        assert others == set(), f"{path.name} imports {sorted(others)}"
