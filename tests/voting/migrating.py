"""Migrating the test database to a given state, as `huanjie migrate` does it.

The command sends pre_migrate and post_migrate, on which huanjie.voting.ties drops SQLite's ballot
triggers and makes them again (a trigger naming a table breaks Django's SQLite table rebuilds);
a MigrationExecutor run by hand sends neither, so this does the same around it.
"""

from __future__ import annotations

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from huanjie.voting import ties


def migrate_to(targets: list[tuple[str, str]]) -> Apps:
    """Migrate to `targets`; the models of that state."""
    ties.before_migrate(connection.alias)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ties.after_migrate(connection.alias)
    return MigrationExecutor(connection).loader.project_state(targets).apps
