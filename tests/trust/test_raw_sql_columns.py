"""Hand-written SQL names the columns the models have, and an INSERT gives every required one a value.

Two hot paths bypass the ORM on PostgreSQL (the online cast, the audit append), so a column added
to `Ballot` or `AuditRecord` would not reach them: a NOT NULL column without a database default
fails only there, at the first cast. The SQL strings are found in the source (module-level
constants), parsed, and compared with `Model._meta.concrete_fields`.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.fields import NOT_PROVIDED

import huanjie
from huanjie.audit import services as audit_services
from huanjie.voting.services import ballots

ROOT = Path(huanjie.__file__).parent
SQL = re.compile(r"^\s*(WITH|SELECT|INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
INSERT = re.compile(
    r"INSERT\s+INTO\s+(\w+)\s*\(([^)]*)\)\s*VALUES\s*\((.*?)\)\s*(?:RETURNING|ON\s+CONFLICT|$)",
    re.IGNORECASE | re.DOTALL,
)
UPDATE = re.compile(r"UPDATE\s+(\w+)\s+SET\s+(.*?)\s+WHERE\b", re.IGNORECASE | re.DOTALL)
TABLE_ALIAS = re.compile(
    r"\b(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(?!(?:WHERE|JOIN|ON|FOR|ORDER|GROUP)\b)(\w+))?", re.IGNORECASE
)
QUALIFIED = re.compile(r"\b([a-z_]\w*)\.([a-z_]\w*)\b")
PLAIN_SELECT = re.compile(
    r"^\s*SELECT\s+([\w\s,]+?)\s+FROM\s+(\w+)(?:\s+(?:WHERE|ORDER|GROUP|FOR)\b|\s*$)", re.IGNORECASE
)


def sql_constants() -> dict[str, str]:
    """Every module-level UPPER_CASE string of SQL in the code base, as `module.NAME` → the SQL."""
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = ".".join(("huanjie", *path.relative_to(ROOT).with_suffix("").parts)).removesuffix(".__init__")
        for node in ast.parse(path.read_text()).body:
            if not (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id.isupper()
            ):
                continue
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                continue
            if isinstance(value, str) and SQL.match(value):
                found[f"{module}.{node.targets[0].id}"] = getattr(importlib.import_module(module), node.targets[0].id)
    return found


def model_of(table: str) -> type[models.Model]:
    for model in [*apps.get_models(include_auto_created=True), MigrationRecorder.Migration]:
        if model._meta.db_table == table:
            return model
    raise AssertionError(f"no model has the table {table}")


def columns(model: type[models.Model]) -> set[str]:
    return {field.column for field in model._meta.concrete_fields}


def required_columns(model: type[models.Model]) -> set[str]:
    """Columns an INSERT must name: NOT NULL, no database default, not filled in by the database."""
    return {
        field.column
        for field in model._meta.concrete_fields
        if not field.null
        and field.db_default is NOT_PROVIDED
        and not (
            field.primary_key and isinstance(field, models.AutoField | models.BigAutoField | models.SmallAutoField)
        )
    }


def split_top_level(text: str) -> list[str]:
    """`a, f(b, c), 'x,y'` → ['a', 'f(b, c)', "'x,y'"]."""
    items, depth, quoted, current = [], 0, False, ""
    for char in text:
        if char == "'":
            quoted = not quoted
        elif not quoted and char in "()":
            depth += 1 if char == "(" else -1
        elif not quoted and depth == 0 and char == ",":
            items.append(current.strip())
            current = ""
            continue
        current += char
    return [*items, current.strip()] if current.strip() else items


def inserts(sql: str) -> list[tuple[str, list[str], list[str]]]:
    return [(table, split_top_level(names), split_top_level(values)) for table, names, values in INSERT.findall(sql)]


SQLS = sql_constants()


def test_the_hand_written_sql_is_found():
    assert {
        "huanjie.voting.services.ballots.INSERT_BALLOT",
        "huanjie.voting.services.ballots.LOCK_PAPER",
        "huanjie.audit.services.APPEND",
        "huanjie.audit.services.LOCK_HEAD",
    } <= set(SQLS)
    assert SQLS["huanjie.voting.services.ballots.INSERT_BALLOT"] == ballots.INSERT_BALLOT
    assert SQLS["huanjie.audit.services.APPEND"] == audit_services.APPEND
    assert {table for sql in SQLS.values() for table, _n, _v in inserts(sql)} >= {"voting_ballot", "audit_auditrecord"}


@pytest.mark.parametrize("name", [name for name, sql in SQLS.items() if inserts(sql)])
def test_every_insert_names_every_required_column_and_only_columns_that_exist(name):
    for table, names, values in inserts(SQLS[name]):
        model = model_of(table)
        assert sorted(set(names) - columns(model)) == [], f"{name}: no such column in {model.__name__}"
        assert sorted(required_columns(model) - set(names)) == [], (
            f"{name}: {model.__name__} has NOT NULL columns without a db_default that the INSERT leaves out"
        )
        assert len(names) == len(set(names)) == len(values), f"{name}: {len(names)} columns, {len(values)} values"
        nullable = {f.column for f in model._meta.concrete_fields if f.null}
        assert [n for n, v in zip(names, values, strict=True) if v.upper() == "NULL" and n not in nullable] == []


@pytest.mark.parametrize("name", [name for name, sql in SQLS.items() if UPDATE.search(sql)])
def test_every_update_sets_columns_that_exist(name):
    for table, assignments in UPDATE.findall(SQLS[name]):
        named = {item.split("=", 1)[0].strip() for item in split_top_level(assignments)}
        assert sorted(named - columns(model_of(table))) == [], f"{name}: no such column in {table}"


@pytest.mark.parametrize("name", list(SQLS))
def test_every_qualified_column_read_exists(name):
    sql = SQLS[name]
    aliases = {alias or table: table for table, alias in TABLE_ALIAS.findall(sql)}
    read = {(alias, column) for alias, column in QUALIFIED.findall(sql) if alias in aliases}
    missing = sorted(f"{alias}.{column}" for alias, column in read if column not in columns(model_of(aliases[alias])))
    plain = PLAIN_SELECT.match(sql)  # `SELECT sequence, hash FROM audit_chainhead WHERE …`
    if plain:
        missing += sorted(set(split_top_level(plain.group(1))) - columns(model_of(plain.group(2))))
    assert missing == [], f"{name}: no such column"


def test_the_check_catches_a_required_column_left_out():
    sql = ballots.INSERT_BALLOT.replace(" receipt,", "").replace("%s::jsonb, %s,", "%s::jsonb,")
    [(table, names, values)] = inserts(sql)
    assert "receipt" in required_columns(model_of(table)) - set(names) and len(names) == len(values)


def test_the_check_catches_a_column_that_does_not_exist():
    sql = ballots.LOCK_PAPER.replace("a.closes_at", "a.closes_on")
    aliases = {alias or table: table for table, alias in TABLE_ALIAS.findall(sql)}
    assert aliases["a"] == "voting_assembly" and aliases["p"] == "voting_ballotpaper"
    assert ("a", "closes_on") in set(QUALIFIED.findall(sql))
    assert "closes_on" not in columns(model_of("voting_assembly"))
