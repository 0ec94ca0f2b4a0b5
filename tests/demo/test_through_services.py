"""The demo writes only through the app's services (issue 15, finding 10): whatever the product refuses, the demo
cannot show. Read from the source: no model is created, saved, updated or deleted by src/huanjie/demo itself,
and no SQL is run, except where listed below with the reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

import huanjie.demo

DEMO = Path(huanjie.demo.__file__).parent

# Methods that write rows (QuerySet and Model API, the user manager) or run SQL.
WRITES = frozenset({
    "create", "bulk_create", "bulk_update", "update", "update_or_create", "get_or_create", "save", "delete",
    "create_user", "create_superuser", "set_password", "raw", "execute", "executemany", "cursor",
})

# (file, function, method): why the demo may write this itself.
ALLOWED = {
    ("build.py", "_load_users", "create_user"): "the demo's logins have the password `make run` prints; a real "
                                                "account gets none and sets it through an invitation",
    ("build.py", "_load_users", "create_superuser"): "the system administrator's demo login, as above",
    ("candidates.py", "_panel", "create_user"): "the four other panelists' demo logins, as above",
    ("voting.py", "_cast", "save"): "the demo owner's paper carries the fictional community's printed voting code "
                                    "(DEMO_VOTING_CODE), so that anyone can try voting on a phone",
    # Not rows: a PDF or a picture drawn into memory (reportlab's Canvas.save, Pillow's Image.save).
    ("around.py", "_handout_pdf", "save"): "the training handout, a PDF in memory",
    ("around.py", "facade_picture", "save"): "the facade photos, pictures in memory",
    ("files.py", "pdf", "save"): "a PDF in memory",
    ("files.py", "image", "save"): "a picture in memory",
}


def direct_writes(source: str, file: str) -> list[tuple[str, str, str, int]]:
    """(file, enclosing function, method, line) of every call of a writing method in `source`."""
    found: list[tuple[str, str, str, int]] = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else function
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute) and child.func.attr in WRITES:
                found.append((file, function, child.func.attr, child.lineno))
            visit(child, inner)

    visit(ast.parse(source), "<module>")
    return found


def test_the_demo_writes_nothing_itself_but_what_is_listed():
    writes = [w for path in sorted(DEMO.rglob("*.py")) for w in direct_writes(path.read_text(), path.name)]
    unlisted = [f"{file}:{line} {function}() calls .{method}()" for file, function, method, line in writes
                if (file, function, method) not in ALLOWED]
    assert unlisted == [], "the demo must write through the services:\n" + "\n".join(unlisted)
    assert {(file, function, method) for file, function, method, _ in writes} == set(ALLOWED)  # none stale


def test_the_scan_finds_the_writes_it_looks_for():
    source = ("def f():\n    Unit.objects.bulk_create(rows)\n    row.save(update_fields=['x'])\n"
              "    with connection.cursor() as c:\n        c.execute('DELETE FROM roster_unit')\n")
    assert [(f, m) for _, f, m, _ in direct_writes(source, "x.py")] == [
        ("f", "bulk_create"), ("f", "save"), ("f", "cursor"), ("f", "execute")]
