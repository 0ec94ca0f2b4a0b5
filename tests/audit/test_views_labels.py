"""Every action code the code base writes has a readable label on the audit pages.

The codes are read from the source (ast): the first argument of every `audit.record(...)` call,
both branches of a conditional, and, where the code is a parameter of the calling function
(`_move(..., code)`), every string that the module passes for that parameter.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.utils import translation

import huanjie
from huanjie.audit.presenting import GROUPS, LABELS, action_label


def _strings(node: ast.expr) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _strings(node.body), _strings(node.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


def _passed_for(tree: ast.Module, function: ast.FunctionDef, parameter: str) -> list[str] | None:
    """The strings the module passes to `function` for `parameter` (None when one is not a literal)."""
    names = [arg.arg for arg in function.args.args]
    position = names.index(parameter) if parameter in names else None
    found: list[str] = []
    for call in ast.walk(tree):
        if not (
            isinstance(call, ast.Call) and getattr(call.func, "id", getattr(call.func, "attr", None)) == function.name
        ):
            continue
        values = [kw.value for kw in call.keywords if kw.arg == parameter]
        if position is not None and len(call.args) > position:
            values.append(call.args[position])
        for value in values:
            strings = _strings(value)
            if strings is None:
                return None
            found += strings
    return found


def codes_in_source() -> tuple[dict[str, str], list[str]]:
    """code → where it is written; and the calls whose code could not be read."""
    codes: dict[str, str] = {}
    unreadable: list[str] = []
    root = Path(huanjie.__file__).parent
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text())
        functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]
        for function in functions:
            for call in ast.walk(function):
                if not (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Attribute)
                    and call.func.attr == "record"
                    and getattr(call.func.value, "id", "") == "audit"
                ):
                    continue
                where = f"{path.relative_to(root)}:{call.lineno}"
                first = (
                    call.args[0] if call.args else next((kw.value for kw in call.keywords if kw.arg == "code"), None)
                )
                strings = _strings(first) if first is not None else None
                if strings is None and isinstance(first, ast.Name):
                    strings = _passed_for(tree, function, first.id)
                if not strings:
                    unreadable.append(where)
                    continue
                for code in strings:
                    codes.setdefault(code, where)
    return codes, unreadable


def test_every_action_code_in_the_source_has_a_label():
    codes, unreadable = codes_in_source()
    assert len(codes) > 100  # the scan finds the codes (107 plus the dynamic ones when this was written)
    assert {"ledgers.demand.started", "candidates.withdrawn", "voting.paper.undeliverable"} <= set(codes)
    assert unreadable == [], "audit.record calls whose code the scan cannot read"
    missing = sorted(f"{code} ({where})" for code, where in codes.items() if code not in LABELS)
    assert missing == [], "add a label to huanjie.audit.presenting.LABELS"


def test_every_label_belongs_to_a_group_and_reads_in_both_languages():
    assert {code.split(".", 1)[0] for code in LABELS} <= set(GROUPS)
    with translation.override("zh-hans"):
        assert action_label("notice.published") == "发布公示"
    with translation.override("en"):
        assert action_label("voting.paper.mismatch") == "Tellers' entries differ"
        untranslated = [code for code in LABELS if any("\u4e00" <= ch <= "\u9fff" for ch in action_label(code))]
        assert untranslated == []
    assert action_label("some.unknown.code") == "some.unknown.code"
