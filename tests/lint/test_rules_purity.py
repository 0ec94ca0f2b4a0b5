"""The law lives in huanjie.rules as pure Python: no Django, no database, no settings."""

from __future__ import annotations

import ast
from pathlib import Path

import huanjie.rules

FORBIDDEN = ("django", "ninja", "huanjie.roster", "huanjie.accounts", "huanjie.web", "huanjie.api")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_of_the_rules_imports_a_framework():
    package = Path(huanjie.rules.__file__).parent
    offenders = {
        f"{path.name}: {name}"
        for path in package.rglob("*.py")
        for name in imported_modules(path)
        if name.startswith(FORBIDDEN)
    }
    assert offenders == set()
