"""How fast are the visit grid and the demand ledger for a big community?

    python bench/bench_ledgers.py [--quick]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_ledgers python bench/bench_ledgers.py

Sets up Django itself: on PostgreSQL when DATABASE_URL is set (the database, whose name must
start with "bench", is created afresh), else on SQLite in a temporary directory. Builds one
community of 10,000 units in 25 buildings with 50,000 visits and 20,000 demands (--quick: a
fifth of that), then requests each page through Django's test client as a working-group member,
timing the whole request (URL routing, permission check, queries, template) and counting the
queries of one request. The baseline is the trivial /healthz view in the same run.

Target: the visit grid and the demand ledger under 300 ms at the 95th percentile, with a
query count that does not grow with the data (no N+1).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date, timedelta

from _django import set_up_django

TARGET_MS = 300.0


def build(scale: int, today: date) -> str:
    """One community: `scale` × 400 units, × 2,000 visits, × 800 demands."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from huanjie.accounts.models import Membership, Role
    from huanjie.ledgers.models import DEFAULT_CATEGORIES, Category, Demand, Handler, Source, Status
    from huanjie.roster.models import Building, Community, StreetOffice, Unit
    from huanjie.visits.models import Outcome, Visit

    rng = random.Random(6)
    office = StreetOffice.objects.create(name="基准街道", code="bench")
    community = Community.objects.create(street_office=office, name="基准小区", slug="bench")
    buildings = Building.objects.bulk_create(
        [Building(community=community, name=f"{b}号楼", sort_key=b) for b in range(1, scale + 1)])
    Unit.objects.bulk_create([
        Unit(community=community, building=building, code=f"{building.sort_key}-{floor:02d}{pos:02d}", floor=floor,
             area=rng.randrange(4500, 18000) / 100)
        for building in buildings for floor in range(1, 26) for pos in range(1, 17)
    ], batch_size=2000)
    unit_ids = list(Unit.objects.filter(community=community).values_list("pk", flat=True))
    reached = rng.sample(unit_ids, int(len(unit_ids) * 0.85))
    outcomes = list(Outcome)
    Visit.objects.bulk_create([
        Visit(community=community, unit_id=rng.choice(reached), visited_on=today - timedelta(days=rng.randrange(60)),
              visitor="李老师", second_visitor="张阿姨", outcome=rng.choice(outcomes), notes="走访记录")
        for _ in range(scale * 2000)
    ], batch_size=5000)
    categories = Category.objects.bulk_create([Category(community=community, name=n, sort_key=i)
                                               for i, n in enumerate(DEFAULT_CATEGORIES)])
    statuses, handlers = list(Status), list(Handler)
    demands = []
    for number in range(1, scale * 800 + 1):
        status = rng.choice(statuses)
        answered = status in (Status.ANSWERED, Status.CLOSED)
        demands.append(Demand(
            community=community, number=number, source=rng.choice(list(Source)), category=rng.choice(categories),
            unit_id=rng.choice(unit_ids) if rng.random() < 0.85 else None, summary=f"第{number}件：电梯经常停运",
            status=status, handler=rng.choice(handlers) if status != Status.RECORDED else "",
            due_on=today - timedelta(days=rng.randrange(-30, 30)), recorded_on=today - timedelta(days=90),
            answer="已答复业主" if answered else ""))
    Demand.objects.bulk_create(demands, batch_size=5000)
    with connection.cursor() as cursor:  # a live database has its statistics; a fresh bulk load has none
        cursor.execute("ANALYZE")
    user = get_user_model().objects.create_user("bench-staff", password="bench-password-123")
    Membership.objects.create(user=user, role=Role.WORKING_GROUP, community=community)
    return community.slug


def measure(client: object, url: str, runs: int) -> tuple[float, float, int, int]:
    from django.db import connection

    for _ in range(3):  # warm caches: templates, the connection, the database's pages
        client.get(url)  # type: ignore[attr-defined]
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        status = client.get(url).status_code  # type: ignore[attr-defined]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(url)  # type: ignore[attr-defined]
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[max(0, int(len(times) * 0.95 + 0.5) - 1)]
    return statistics.median(times), p95, len(queries), status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a fifth of the data and fewer runs (smoke test)")
    args = parser.parse_args()
    scale, runs = (5, 20) if args.quick else (25, 60)
    set_up_django(prefix="bench-ledgers-", ALLOWED_HOSTS="testserver")
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    today = date(2026, 11, 29)
    started = time.perf_counter()
    slug = build(scale, today)
    print(f"{engine}: {scale * 400:,} units, {scale * 2000:,} visits, {scale * 800:,} demands "
          f"built in {time.perf_counter() - started:.1f} s; {runs} requests per page")
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-staff"))
    pages = [
        ("baseline /healthz", "/healthz", False),
        ("visit grid", f"/c/{slug}/visits/", True),
        ("demand ledger", f"/c/{slug}/demands/", True),
        ("demand ledger, overdue only", f"/c/{slug}/demands/?overdue=1", False),
        ("units not yet reached", f"/c/{slug}/visits/unreached/", False),
        ("demand summary charts", f"/c/{slug}/demands/summary/", False),
    ]
    print(f"\n{'page':<30}{'status':>7}{'queries':>9}{'p50 ms':>10}{'p95 ms':>10}  target")
    failed = False
    for label, url, targeted in pages:
        p50, p95, queries, status = measure(client, url, runs)
        verdict = ("ok" if p95 < TARGET_MS else "SLOW") if targeted else ""
        failed |= targeted and (p95 >= TARGET_MS or status != 200)
        print(f"{label:<30}{status:>7}{queries:>9}{p50:>10.1f}{p95:>10.1f}  {verdict}")
    print(f"\ntarget: visit grid and demand ledger p95 < {TARGET_MS:.0f} ms at 10,000 units (full run)")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
