"""How fast can owners vote online? Gunicorn on PostgreSQL, 20 owners voting at once.

    PYTHONPATH=src python bench/bench_voting.py [--voters 2000] [--concurrency 20] [--workers 5]

Creates a PostgreSQL database `hj_bench_voting` (dropped first), a community of `--voters`
flats each with its own owner, an assembly in its voting window with an election and a motion,
and a voting code per flat. Then, against gunicorn:

- healthz: the trivial health endpoint, the same 20 clients, for the floor of this server;
- voting: each client is one owner after another, going through every page a phone does:
  the code page, code + phone digits, the ballot, the review screen, confirm, the receipt.

It prints requests or ballots per second and p50/p99 latencies (for a whole ballot and for
the confirm alone), then checks in the database that every acknowledged receipt is there
exactly once, counted, and that no voting entity has two counted ballots.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import queue
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "hj_bench_voting"
SERVER_DB = "postgres://postgres@127.0.0.1:5432/postgres"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY = re.compile(r'name="key" value="([^"]+)"')
RECEIPT = re.compile(r'data-testid="receipt">([A-Z0-9]+)<')

SEED = """
import json, sys
from datetime import timedelta
from decimal import Decimal
import django
django.setup()
from django.contrib.auth import get_user_model
from django.utils import timezone
from huanjie.roster.models import Building, Community, Owner, Ownership, StreetOffice, Unit
from huanjie.voting.models import ContestKind
from huanjie.voting.services import add_contest, create_assembly, issue_voting_codes, open_voting
n = int(sys.argv[1])
office = StreetOffice.objects.create(name="街道", code="bench")
community = Community.objects.create(street_office=office, slug="bench", name="压测小区")
building = Building.objects.create(community=community, name="1号楼")
units = Unit.objects.bulk_create([Unit(community=community, building=building, code=f"1-{i:05d}",
                                       area=Decimal("80.00") + i % 50) for i in range(n)])
owners = Owner.objects.bulk_create([Owner(community=community, identifier=f"o{i}", name="业主",
                                          phone=f"1390000{i % 10000:04d}") for i in range(n)])
Ownership.objects.bulk_create([Ownership(community=community, unit=u, owner=o) for u, o in zip(units, owners)])
actor = get_user_model().objects.create_user("bench")
now = timezone.now()
assembly = create_assembly(community=community, title="压测", opens_at=now - timedelta(hours=1),
                           closes_at=now + timedelta(hours=6), actor=actor)
add_contest(assembly=assembly, spec_id="committee", kind=ContestKind.ELECTION, matter="elect-committee",
            title="选举", seats=5, candidates=["甲", "乙", "丙", "丁", "戊", "己", "庚"], actor=actor)
add_contest(assembly=assembly, spec_id="fund", kind=ContestKind.MOTION, matter="use-maintenance-fund",
            title="维修资金", actor=actor)
open_voting(assembly=assembly, actor=actor)
issued = issue_voting_codes(assembly=assembly, actor=actor)
print(json.dumps([[i.code, i.paper.entity.phone_tails] for i in issued]))
"""

CHECK = """
import json, sys
import django
django.setup()
from django.db.models import Count
from huanjie.voting.models import Ballot
receipts = json.load(open(sys.argv[1]))
rows = dict(Ballot.objects.filter(receipt__in=receipts).values_list("receipt", "status"))
twice = Ballot.objects.filter(status="counted").values("entity").annotate(n=Count("pk")).filter(n__gt=1).count()
print(json.dumps({"acknowledged": len(receipts), "distinct_acknowledged": len(set(receipts)),
                  "found": len(rows), "counted": sum(1 for s in rows.values() if s == "counted"),
                  "ballots_in_db": Ballot.objects.count(), "entities_counted_twice": twice}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--voters", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--health-seconds", type=float, default=5.0)
    parser.add_argument("--quick", action="store_true", help="300 voters")
    args = parser.parse_args()
    voters = 300 if args.quick else args.voters
    with tempfile.TemporaryDirectory(prefix="hj-bench-voting-") as data_dir:
        env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
               "HUANJIE_DATA_DIR": data_dir, "DEBUG": "true", "PYTHONPATH": str(ROOT / "src"),
               "DJANGO_SETTINGS_MODULE": "huanjie.settings", "HUANJIE_LOG_LEVEL": "WARNING"}
        _recreate_database()
        _run([sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0"], env)
        codes = json.loads(_run([sys.executable, "-c", SEED, str(voters)], env).splitlines()[-1])
        port = _free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "huanjie.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(args.workers),
             "--log-level", "warning"], env=env, cwd=ROOT)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_for(base)
            health = _health(base, args.concurrency, args.health_seconds)
            voting, receipts = _vote(base, codes, args.concurrency)
        finally:
            server.terminate()
            server.wait(timeout=30)
        receipts_file = Path(data_dir) / "receipts.json"
        receipts_file.write_text(json.dumps(receipts))
        check = json.loads(_run([sys.executable, "-c", CHECK, str(receipts_file)], env).splitlines()[-1])
    _report(args.concurrency, args.workers, health, voting, check)
    ok = (check["acknowledged"] == check["distinct_acknowledged"] == check["found"] == check["counted"]
          == check["ballots_in_db"] and check["entities_counted_twice"] == 0 and not voting["errors"])
    return 0 if ok else 1


def _recreate_database() -> None:
    import psycopg

    with psycopg.connect(SERVER_DB, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {DB}")
        connection.execute(f"CREATE DATABASE {DB}")


def _run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return done.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(base: str) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def _health(base: str, concurrency: int, seconds: float) -> dict[str, object]:
    latencies: list[float] = []
    stop = time.perf_counter() + seconds

    def client() -> None:
        opener = urllib.request.build_opener()
        while time.perf_counter() < stop:
            started = time.perf_counter()
            opener.open(f"{base}/healthz", timeout=10).read()
            latencies.append(time.perf_counter() - started)

    elapsed = _threads(client, concurrency)
    return {"per_second": len(latencies) / elapsed, **_percentiles(latencies)}


def _vote(base: str, codes: list[list[str]], concurrency: int) -> tuple[dict[str, object], list[str]]:
    todo: queue.Queue[list[str]] = queue.Queue()
    for item in codes:
        todo.put(item)
    whole: list[float] = []
    confirm: list[float] = []
    receipts: list[str] = []
    errors: list[str] = []

    def client() -> None:
        while True:
            try:
                code, tail = todo.get_nowait()
            except queue.Empty:
                return
            try:
                receipts.append(_one_voter(base, code, tail, whole, confirm))
            except Exception as error:  # a benchmark reports every failure, whatever it is
                errors.append(repr(error))

    elapsed = _threads(client, concurrency)
    return {"per_second": len(receipts) / elapsed, "whole": _percentiles(whole),
            "confirm": _percentiles(confirm), "errors": errors}, receipts


def _one_voter(base: str, code: str, tail: str, whole: list[float], confirm: list[float]) -> str:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def send(path: str, fields: dict[str, object] | None = None) -> str:
        data = urllib.parse.urlencode(fields, doseq=True).encode() if fields is not None else None
        with opener.open(f"{base}{path}", data=data, timeout=30) as response:
            return response.read().decode()

    started = time.perf_counter()
    page = send("/vote/")
    page = send("/vote/", {"csrfmiddlewaretoken": _find(TOKEN, page), "code": code, "phone_last4": tail})
    page = send("/vote/ballot/", {"csrfmiddlewaretoken": _find(TOKEN, page), "committee": ["甲", "乙", "丙"],
                                  "fund": "yes"})
    confirming = time.perf_counter()
    page = send("/vote/review/", {"csrfmiddlewaretoken": _find(TOKEN, page), "key": _find(KEY, page)})
    done = time.perf_counter()
    confirm.append(done - confirming)
    whole.append(done - started)
    return _find(RECEIPT, page)


def _find(pattern: re.Pattern[str], page: str) -> str:
    match = pattern.search(page)
    if match is None:
        raise ValueError(f"{pattern.pattern} not on the page: {page[:300]!r}")
    return match.group(1)


def _threads(target: object, count: int) -> float:
    threads = [threading.Thread(target=target) for _ in range(count)]  # type: ignore[arg-type]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values) or [0.0]
    return {"p50_ms": 1000 * ordered[len(ordered) // 2], "p99_ms": 1000 * ordered[int(len(ordered) * 0.99)]}


def _report(concurrency: int, workers: int, health: dict[str, object], voting: dict[str, object],
            check: dict[str, int]) -> None:
    whole, confirm = voting["whole"], voting["confirm"]
    print(f"gunicorn {workers} workers, PostgreSQL, {concurrency} concurrent clients")
    print(f"{'':28}{'per s':>10}{'p50 ms':>10}{'p99 ms':>10}")
    print(f"{'healthz (requests)':28}{health['per_second']:>10.1f}{health['p50_ms']:>10.1f}{health['p99_ms']:>10.1f}")
    print(f"{'ballots, whole phone flow':28}{voting['per_second']:>10.1f}"
          f"{whole['p50_ms']:>10.1f}{whole['p99_ms']:>10.1f}")  # type: ignore[index]
    print(f"{'  confirm step alone':28}{'':>10}{confirm['p50_ms']:>10.1f}{confirm['p99_ms']:>10.1f}")  # type: ignore[index]
    print(f"errors: {len(voting['errors'])}  {voting['errors'][:3]}")  # type: ignore[arg-type]
    print("database check:", json.dumps(check))


if __name__ == "__main__":
    raise SystemExit(main())
