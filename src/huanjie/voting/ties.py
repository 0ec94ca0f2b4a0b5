"""On SQLite, the triggers that tie a ballot to its paper, its paper to its entity, its entity to its
assembly (what migration voting 0005 does with composite foreign keys on PostgreSQL).

SQLite cannot add a foreign key to an existing table, so each tie is three triggers: before an
insert and an update of the child, and before an update of the parent's columns a child still
points at. A trigger that names another table makes Django's SQLite table rebuild fail (it drops
the table and renames the rebuilt one, and SQLite re-checks every trigger on the rename), so the
triggers are not made by a migration: they are dropped before every `migrate` and made again
after it, once migration 0005 is applied (`VotingConfig.ready` connects both). Code that runs
migrations without the `migrate` command (a MigrationExecutor in a test) calls `untie_sqlite`
before and `tie_sqlite` after, as tests/voting/test_migration_paper_per_unit.py does.
"""

from __future__ import annotations

from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder

TIED_FROM = ("voting", "0005_ballots_tied_to_papers")
# (child table, its columns, parent table, the parent's matching columns)
TIES = [
    ("voting_votingentity", ("assembly_id", "community_id"), "voting_assembly", ("id", "community_id")),
    ("voting_ballotpaper", ("entity_id", "assembly_id", "community_id"), "voting_votingentity",
     ("id", "assembly_id", "community_id")),
    ("voting_ballotpaper", ("unit_id", "entity_id"), "voting_snapshotunit", ("id", "entity_id")),
    ("voting_ballot", ("paper_id", "entity_id", "assembly_id", "community_id"), "voting_ballotpaper",
     ("id", "entity_id", "assembly_id", "community_id")),
]


def tie_name(child: str, parent: str) -> str:
    return f"{child}_tied_to_{parent.removeprefix('voting_')}"


def trigger_statements(child: str, columns: tuple[str, ...], parent: str, keys: tuple[str, ...]) -> list[str]:
    name = tie_name(child, parent)
    # A NULL in the child's columns (a paper without a unit) checks nothing, as MATCH SIMPLE does.
    some_null = " OR ".join(f"NEW.{column} IS NULL" for column in columns)
    pairs = list(zip(columns, keys, strict=True))
    matches = " AND ".join(f"p.{key} = NEW.{column}" for column, key in pairs)
    refused = f"SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed: {name}')"
    # Table and column names come from TIES above, never from input.
    check = f"WHEN NOT ({some_null}) AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE {matches})"  # noqa: S608
    still_used = " AND ".join(f"c.{column} = OLD.{key}" for column, key in pairs)
    changed = " OR ".join(f"NEW.{key} IS NOT OLD.{key}" for key in keys)
    return [
        f"CREATE TRIGGER IF NOT EXISTS {name}_insert BEFORE INSERT ON {child} {check} BEGIN {refused}; END",
        f"CREATE TRIGGER IF NOT EXISTS {name}_update BEFORE UPDATE OF {', '.join(columns)} ON {child} {check}"
        f" BEGIN {refused}; END",
        f"CREATE TRIGGER IF NOT EXISTS {name}_parent BEFORE UPDATE OF {', '.join(keys)} ON {parent}"  # noqa: S608
        f" WHEN ({changed}) AND EXISTS (SELECT 1 FROM {child} c WHERE {still_used}) BEGIN {refused}; END",
    ]


def drop_statements(child: str, parent: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {tie_name(child, parent)}_{when}" for when in ("insert", "update", "parent")]


def untie_sqlite(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for child, _columns, parent, _keys in TIES:
            for statement in drop_statements(child, parent):
                cursor.execute(statement)


def tie_sqlite(connection: BaseDatabaseWrapper) -> None:
    """The triggers, if migration 0005 is applied (a migration back before it leaves them out)."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table() or TIED_FROM not in recorder.applied_migrations():
        return
    with connection.cursor() as cursor:
        for tie in TIES:
            for statement in trigger_statements(*tie):
                cursor.execute(statement)


def before_migrate(using: str = "default", **kwargs: Any) -> None:
    connection = connections[using]
    if connection.vendor == "sqlite":
        untie_sqlite(connection)


def after_migrate(using: str = "default", **kwargs: Any) -> None:
    connection = connections[using]
    if connection.vendor == "sqlite":
        tie_sqlite(connection)
