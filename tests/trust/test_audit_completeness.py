"""Every public service function that writes to the database also writes an audit record.

Read from the source (ast), over every `services.py` and `services/` package of the apps: a public
function writes when it, or a function of the same module it calls, saves, creates, updates or
deletes rows; it is audited when it, or a function it calls (of any services module), calls
`audit.record`. The few that write without a record of their own are listed with the reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

import huanjie

WRITES = {"create", "save", "delete", "bulk_create", "bulk_update", "update", "get_or_create", "update_or_create"}
# Writes that are not a change of what matters, each with the reason.
EXEMPT = {
    "audit.services": "the chain itself",
}
KNOWN_UNAUDITED: set[str] = set()


def service_modules() -> dict[str, ast.Module]:
    root = Path(huanjie.__file__).parent
    files = [*root.glob("*/services.py"), *root.glob("*/services/*.py")]
    return {".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__"):
            ast.parse(path.read_text()) for path in files}


def _calls(node: ast.AST) -> set[str]:
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            func = call.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


def _records(node: ast.AST) -> bool:
    return any(isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "record"
               and getattr(call.func.value, "id", "") == "audit" for call in ast.walk(node))


def findings() -> tuple[int, list[str]]:
    modules = service_modules()
    functions = {(module, fn.name): fn for module, tree in modules.items() for fn in tree.body
                 if isinstance(fn, ast.FunctionDef)}
    auditing = {name for (_, name), fn in functions.items() if _records(fn)}
    for _ in range(5):  # a service that calls an audited service is audited (to a fixed point)
        auditing |= {name for (_, name), fn in functions.items() if _calls(fn) & auditing}

    def writes(module: str, name: str, seen: frozenset[str] = frozenset()) -> bool:
        fn = functions[(module, name)]
        called = _calls(fn)
        return bool(called & WRITES) or any(writes(module, c, seen | {name}) for c in called
                                            if (module, c) in functions and c not in seen | {name})

    checked, missing = 0, []
    for (module, name), _fn in sorted(functions.items()):
        if name.startswith("_") or module in EXEMPT or not writes(module, name):
            continue
        checked += 1
        if name not in auditing and f"{module}.{name}" not in KNOWN_UNAUDITED:
            missing.append(f"{module}.{name}")
    return checked, missing


def test_every_writing_service_function_records_what_it_changed():
    checked, missing = findings()
    assert checked > 100
    assert missing == []
