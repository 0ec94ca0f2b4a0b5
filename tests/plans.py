"""How PostgreSQL would run a page's queries: the plans of what a view really sends (issue 20).

    with page_queries() as captured:
        client.get(url)
    for plan in plans(captured, touching="roster_owner"): ...

A test database holds a few hundred rows, and on tables that small the planner rightly prefers to
read a whole table. So `plans` asks for them with sequential scans switched off (in the test's own
transaction only): a table the plan still reads whole is one that no index can serve for that query.
What a test then asserts is that every big table is reached by an index, under a condition naming
its community or assembly (so that the rows read are that community's, not the district's) or by
keys (a prefetch's, or a nested loop's for each row of a table that was), and,
for the audit log, that nothing counts or groups the whole history.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="query plans are PostgreSQL's: these run in CI's PostgreSQL pass (DATABASE_URL=postgres://…)")

# `.iterator()` reads through a server-side cursor: the query is what follows FOR.
CURSOR = re.compile(r'^DECLARE "[^"]+" NO SCROLL CURSOR (WITH HOLD )?FOR ')
PROBE = re.compile(r"^\(id = (ANY \(|\w+\.\w+\))")
SCANS = {"Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan"}
GROUPING = {"Aggregate", "Unique", "WindowAgg", "SetOp"}


@contextmanager
def page_queries() -> Iterator[CaptureQueriesContext]:
    with CaptureQueriesContext(connection) as captured:
        yield captured


@dataclass(frozen=True)
class Scan:
    """One read of a table in a plan: how, under which conditions, and what is above it."""

    table: str
    kind: str
    conditions: str
    above: tuple[str, ...]  # the node types from the top of the plan down to this one

    @property
    def by_index(self) -> bool:
        return self.kind != "Seq Scan"

    def names(self, *columns: str) -> bool:
        return any(column in self.conditions for column in columns)

    @property
    def by_key(self) -> bool:
        """Rows looked up by primary key: a list of keys (a prefetch), or one key for each row of the
        outer side of a nested loop (itself checked), so never more rows than that."""
        return self.kind in {"Index Scan", "Index Only Scan"} and PROBE.match(self.conditions.strip()) is not None


def _scans(node: dict[str, Any], above: tuple[str, ...]) -> Iterator[Scan]:
    kind = node["Node Type"]
    children = node.get("Plans", [])
    if kind in SCANS and "Relation Name" in node:
        conditions = " ".join(str(node.get(key, "")) for key in ("Index Cond", "Recheck Cond", "Filter"))
        # A bitmap heap scan's index condition is on its Bitmap Index Scan (or BitmapAnd/Or) below it.
        for child in children:
            conditions += " " + " ".join(str(c.get("Index Cond", "")) for c in [child, *child.get("Plans", [])])
        yield Scan(node["Relation Name"], kind, conditions, above)
    for child in children:
        yield from _scans(child, (*above, kind))


def plan_scans(sql: str) -> list[Scan]:
    """Every table read in the plan of `sql` (as the view sent it, parameters included)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql)
        found = cursor.fetchone()[0]
        cursor.execute("SET LOCAL enable_seqscan = on")
    plan = found if isinstance(found, list) else json.loads(found)
    return list(_scans(plan[0]["Plan"], ()))


def reads(captured: CaptureQueriesContext) -> list[str]:
    """The distinct SELECTs a page sent, in order (a server-side cursor's query as its SELECT)."""
    found: dict[str, None] = {}
    for query in captured.captured_queries:
        sql = CURSOR.sub("", query["sql"].strip())
        if sql.upper().startswith(("SELECT", "(")):
            found[sql] = None
    return list(found)


def unscoped_reads(captured: CaptureQueriesContext, tables: dict[str, tuple[str, ...]]) -> list[str]:
    """The reads of these big tables that are not an index scan under one of the given columns
    (e.g. {"roster_owner": ("community_id",)}): each as table, kind and the query's start."""
    problems = []
    for sql in reads(captured):
        for scan in plan_scans(sql):
            columns = tables.get(scan.table)
            if columns is not None and not (scan.by_index and (scan.names(*columns) or scan.by_key)):
                problems.append(f"{scan.table}: {scan.kind} [{scan.conditions.strip()}] in {sql[:160]}")
    return problems
