"""Every CSV file huanjie writes goes through huanjie.csvfiles, which neutralises formulas in files for people."""

from __future__ import annotations

import ast
from pathlib import Path

import huanjie

WRITERS = {"writer", "DictWriter"}


def csv_writers(path: Path) -> list[int]:
    """Lines calling csv.writer / csv.DictWriter (or either imported from csv by name)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
                and node.module == "csv" for alias in node.names if alias.name in WRITERS}
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call) and (
        (isinstance(node.func, ast.Attribute) and node.func.attr in WRITERS
         and isinstance(node.func.value, ast.Name) and node.func.value.id == "csv")
        or (isinstance(node.func, ast.Name) and node.func.id in imported))]


def test_no_module_but_csvfiles_writes_csv():
    package = Path(huanjie.__file__).parent
    found = {f"{path.relative_to(package)}:{line}" for path in package.rglob("*.py") if path.name != "csvfiles.py"
             for line in csv_writers(path)}
    assert found == set()


def test_the_check_sees_a_writer(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("import csv\nfrom csv import writer as w\ncsv.writer(x)\nw(y)\n", encoding="utf-8")
    assert csv_writers(module) == [3, 4]
