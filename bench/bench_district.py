"""One installation for a district: do the pages stay flat with many communities and a long audit log?

    python bench/bench_district.py [--quick] [--communities 20] [--units 3000] [--audit 200000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python bench/bench_district.py

On PostgreSQL (DATABASE_URL, default the local server's `postgres` database): a database of this
process is created beside it and dropped at the end. Builds one street office of `--communities`
communities of `--units` units each (one owner per unit, every tenth unit shared), four of them
voting now (their votes opened through the voting services, 30% of the papers voted), and an audit
history of `--audit` records spread over the communities (linked and hashed as `audit.record` does,
by the bulk path of tests/district.py). Then, one request after another through Django's test client
(URL routing, permission check, queries, template), each page of issue 20:

- the street office's audit log (unfiltered, filtered by an action, and an older page), and a
  community's audit log;
- the roster page, the community overview and the API's roster totals of a voting community;
- the turnout page of that community's vote.

Each page is measured twice in the same process: "before", with the query forms it used before
issue 20 put back in place of today's (a whole-history COUNT and two DISTINCT lists with OFFSET
paging for the logs; the ownership → owner join without the owner's community; turnout's papers not
yet voted, their count and the counted entities without a unit without the assembly's filters; the
roster summary building every voting entity), and "after", as the code is now. Printed: status,
queries per request, SQL time and p50/p95 of the whole request, before and after.
(--quick: 6 communities of 600 units and 20,000 records, a smoke run.)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

from _django import set_up_django

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 300.0
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"


# The query forms before issue 20, put back in place of today's for the "before" column.


def old_log_page(community_ids: Any, chosen: Any, where: Any, *, also: Any = None, size: int = 50) -> Any:
    """Paginator over the whole matching history: COUNT(*) of it, then OFFSET to the page."""
    from django.core.paginator import Paginator

    from huanjie.audit import selectors

    found = selectors.records(community_ids, chosen, also=also)
    page = Paginator(found, size).get_page(1 if where.before is None else 2)
    page.paginator.count  # noqa: B018 - the count the old page showed ("共 n 条")
    return selectors.LogPage(list(page.object_list), None, None, True)


_LOG_SCOPE: list[int] = []  # the old type list took the page's communities; today's takes none


def old_actors(community_ids: Any) -> list[str]:
    from huanjie.audit.models import AuditRecord

    _LOG_SCOPE[:] = list(community_ids)
    return sorted(AuditRecord.objects.filter(community_id__in=_LOG_SCOPE).order_by()
                  .values_list("actor_label", flat=True).distinct())


def old_target_types() -> list[str]:
    from huanjie.audit.models import AuditRecord

    return sorted(t for t in AuditRecord.objects.filter(community_id__in=_LOG_SCOPE).order_by()
                  .values_list("target_type", flat=True).distinct() if t)


def old_rules_units(community: Any) -> Any:
    from collections import defaultdict

    from huanjie.roster.models import Ownership, Unit
    from huanjie.rules import types as rt

    owners: dict[int, set[str]] = defaultdict(set)
    for unit_id, identifier in Ownership.objects.filter(community=community).values_list(
            "unit_id", "owner__identifier").iterator():
        owners[unit_id].add(identifier)
    rows = Unit.objects.filter(community=community).values_list("pk", "code", "area", "status", "building__name")
    return [rt.Unit(code=code, area=area, owners=frozenset(owners[pk]), status=rt.UnitStatus(status),
                    building=building or "") for pk, code, area, status, building in rows.iterator()]


def old_not_yet_voted(assembly: Any) -> Any:
    from django.db.models.functions import Coalesce

    from huanjie.voting.models import Ballot, BallotPaper, BallotStatus

    counted = Ballot.objects.filter(assembly=assembly, status=BallotStatus.COUNTED).values("paper_id")
    return (BallotPaper.objects.filter(assembly=assembly).exclude(pk__in=counted)
            .select_related("entity", "unit").annotate(paper_area=Coalesce("unit__area", "entity__area"))
            .order_by("-paper_area", "serial"))


def old_not_yet_voted_count(assembly: Any) -> int:
    return int(old_not_yet_voted(assembly).count())


def old_covered_units(assembly: Any) -> set[int]:
    from huanjie.voting.models import Ballot, BallotStatus, SnapshotUnit

    counted = Ballot.objects.filter(assembly=assembly, status=BallotStatus.COUNTED)
    own = set(counted.filter(paper__unit__isnull=False).values_list("paper__unit_id", flat=True))
    whole = counted.filter(paper__unit__isnull=True).values("entity_id")
    return own | set(SnapshotUnit.objects.filter(assembly=assembly, entity_id__in=whole).values_list("pk", flat=True))


def _every_entity(index: Any) -> Any:
    """The roster summary before: every entity built, then those it lists picked out."""
    return tuple(e for e in index.entities if len(e.units) > 1 or e.developer)


OLD_FORMS = [
    ("huanjie.rules.entities.EntityIndex.shown_apart", property(_every_entity)),
    ("huanjie.audit.selectors.log_page", old_log_page),
    ("huanjie.audit.selectors.actors", old_actors),
    ("huanjie.audit.selectors.target_types", old_target_types),
    ("huanjie.roster.selectors.rules_units", old_rules_units),
    ("huanjie.voting.selectors.not_yet_voted", old_not_yet_voted),
    ("huanjie.voting.selectors.not_yet_voted_count", old_not_yet_voted_count),
    ("huanjie.voting.selectors.covered_units", old_covered_units),
]


@contextmanager
def old_query_forms() -> Iterator[None]:
    with ExitStack() as stack:
        for target, replacement in OLD_FORMS:
            stack.enter_context(mock.patch(target, replacement))
        yield


def build(communities: int, units: int, records: int) -> Any:
    sys.path.insert(0, str(ROOT))
    from django.db import connection
    from tests.district import build_district

    from huanjie.audit.verification import verify_and_store

    district = build_district(communities=communities, units=units, open_votes=min(4, communities),
                              audit_records=records, code="bench")
    verify_and_store("bench")  # today's verification: pages check only the records after it
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return district


def measure(client: Any, url: str, runs: int) -> tuple[int, int, float, float, float]:
    """(status, queries, SQL ms median, p50 ms, p95 ms) of `runs` requests after three to warm up."""
    from django.db import connection

    for _ in range(3):
        client.get(url)
    sql: list[float] = []

    def timed(execute: Callable[..., Any], query: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(query, params, many, context)
        finally:
            sql[-1] += (time.perf_counter() - started) * 1000

    counted: list[str] = []

    def count(execute: Callable[..., Any], query: str, params: Any, many: bool, context: Any) -> Any:
        counted.append(query)
        return execute(query, params, many, context)

    with connection.execute_wrapper(count):
        status = client.get(url).status_code
    times: list[float] = []
    with connection.execute_wrapper(timed):
        for _ in range(runs):
            sql.append(0.0)
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95 + 0.5) - 1)]
    return status, len(counted), statistics.median(sql), statistics.median(times), p95


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="6 communities of 600 units, 20,000 records")
    parser.add_argument("--communities", type=int)
    parser.add_argument("--units", type=int)
    parser.add_argument("--audit", type=int)
    parser.add_argument("--runs", type=int)
    args = parser.parse_args()
    communities = args.communities or (6 if args.quick else 20)
    units = args.units or (600 if args.quick else 3000)
    records = args.audit if args.audit is not None else (20_000 if args.quick else 200_000)
    runs = args.runs or (10 if args.quick else 30)
    os.environ.setdefault("DATABASE_URL", LOCAL_POSTGRES)
    drop = set_up_django(prefix="bench-district-", throwaway=True, ALLOWED_HOSTS="testserver")
    try:
        return run(communities, units, records, runs)
    finally:
        drop()


def run(communities: int, units: int, records: int, runs: int) -> int:
    from django.conf import settings
    from django.test import Client

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    started = time.perf_counter()
    district = build(communities, units, records)
    voting = district.communities[1]
    assembly = district.assemblies[voting.pk]
    print(f"{engine}: 1 street office, {communities} communities × {units:,} units, "
          f"{len(district.assemblies)} voting, {records:,} audit records; built in "
          f"{time.perf_counter() - started:.1f} s; {runs} requests per page, one at a time", flush=True)
    office, staff = Client(), Client()
    office.force_login(district.supervisor)
    staff.force_login(district.staff[voting.pk])
    code = district.office.code
    pages = [
        ("office audit log", office, f"/office/{code}/audit/"),
        ("office audit log, one action", office, f"/office/{code}/audit/?action=roster.exported"),
        ("office audit log, older page", office, f"/office/{code}/audit/?before={records // 2}"),
        ("community audit log", staff, f"/c/{voting.slug}/audit/"),
        ("roster page", staff, f"/c/{voting.slug}/roster/"),
        ("community overview", staff, f"/c/{voting.slug}/"),
        ("API roster totals", staff, f"/api/communities/{voting.slug}/roster/totals"),
        ("turnout", staff, f"/c/{voting.slug}/voting/{assembly.pk}/turnout/"),
    ]
    print(f"\n{'page':<30}{'status':>7}{'queries':>9}{'sql ms':>9}{'p50 ms':>9}{'p95 ms':>9}"
          f"{'queries':>10}{'sql ms':>9}{'p50 ms':>9}{'p95 ms':>9}  target")
    print(f"{'':<30}{'':>7}{'— before (old query forms) —':>36}{'— after —':>37}")
    failed = False
    for label, client, url in pages:
        with old_query_forms():
            _s, old_queries, old_sql, old_p50, old_p95 = measure(client, url, runs)
        status, queries, sql, p50, p95 = measure(client, url, runs)
        slow = p95 >= TARGET_MS or status != 200
        failed |= slow
        print(f"{label:<30}{status:>7}{old_queries:>9}{old_sql:>9.1f}{old_p50:>9.1f}{old_p95:>9.1f}"
              f"{queries:>10}{sql:>9.1f}{p50:>9.1f}{p95:>9.1f}  {'SLOW' if slow else 'ok'}", flush=True)
    print(f"\ntarget (issue 20): every page p95 < {TARGET_MS:.0f} ms sequentially; "
          "'sql ms' is the median time spent in the database per request")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
