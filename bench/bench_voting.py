"""How fast can owners vote online? Gunicorn on PostgreSQL, 20 owners voting at once.

    PYTHONPATH=src python bench/bench_voting.py [--voters 2000] [--concurrency 20] [--workers 3]
        [--worker-class gthread] [--threads 4] [--load-processes 2] [--runs 1] [--quick]

Creates a PostgreSQL database `hj_bench_voting` (dropped first), a community of `--voters`
flats each with its own owner, an assembly in its voting window with an election and a motion,
and a voting code per flat. Gunicorn serves it as in production (DEBUG off; only HTTPS redirects
and secure cookies are switched off, as the bench speaks plain HTTP on 127.0.0.1). The load
comes from `--load-processes` separate processes, each with its share of the `--concurrency`
clients on kept-alive connections, so that the clients' own Python does not queue behind one GIL.

Phases, each with the same number of concurrent clients:

- healthz: the trivial health endpoint, for the floor of this server on this machine;
- casting: three quarters of the owners first go, untimed, as far as the review screen (code
  page, code + phone digits, ballot, review); then all of them confirm, 20 at a time.
  "ballots/s" is acknowledged casts per second: confirm POSTs answered with the redirect to the
  receipt, each followed by the client reading its receipt code off the receipt page (both
  requests count in the rate; the latency of the POST alone and with the receipt page is shown);
- whole flow: the other quarter of the owners goes through every page a phone does, one owner
  after another per client: the code page, code + phone digits, the ballot, the review screen,
  confirm, the receipt (7 requests per ballot).

For each phase it also prints the CPU time the server spent per ballot (gunicorn workers and the
database's backends, read from /proc), a figure that other work on a shared machine disturbs far
less than the rates do. The PostgreSQL figure counts only backends alive at the end of the phase.
The load generator's own CPU per ballot is printed too: it runs on the same cores, so the rate
can never exceed (cores x 1000 ms) / (server + load generator CPU ms per ballot).

Afterwards it checks in the database that every acknowledged receipt is there exactly once,
counted, and that no voting entity has two counted ballots. With `--runs N` the whole thing
(fresh database, fresh server) runs N times and the medians are printed at the end.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DB = "hj_bench_voting"
SERVER_DB = "postgres://postgres@127.0.0.1:5432/postgres"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY = re.compile(r'name="key" value="([^"]+)"')
RECEIPT = re.compile(r'data-testid="receipt">([A-Z0-9]+)<')
CHOICES = {"committee": ["甲", "乙", "丙"], "fund": "yes"}

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
from huanjie.voting.services import add_contest, create_assembly, issue_voting_codes, open_voting, seal_box
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
seal_box(assembly=assembly, label="1号票箱", seal_number="F-1", sealed_before="监票人", actor=actor)
from huanjie.notices.services import create_notice, publish_notice
first = timezone.localdate(assembly.opens_at)  # the vote is announced 15 days before its first day
for kind, event in (("roster_and_rules", None), ("election", first)):
    publish_notice(notice=create_notice(community=community, reelection=None, kind=kind, title=kind, body="公告",
                                        issuer="换届改选小组", period_days=0 if event else 7, event_on=event,
                                        actor=actor), actor=actor, today=first - timedelta(days=15))
open_voting(assembly=assembly, actor=actor)
issued = issue_voting_codes(assembly=assembly, actor=actor)
print(json.dumps([[i.code, i.paper.entity.phone_tails] for i in issued]))
"""

CHECK = """
import json, sys
import django
django.setup()
from django.db.models import Count
from huanjie.audit.services import verify_chain
from huanjie.voting.models import Ballot
receipts = json.load(open(sys.argv[1]))
rows = dict(Ballot.objects.filter(receipt__in=receipts).values_list("receipt", "status"))
twice = Ballot.objects.filter(status="counted").values("entity").annotate(n=Count("pk")).filter(n__gt=1).count()
print(json.dumps({"acknowledged": len(receipts), "distinct_acknowledged": len(set(receipts)),
                  "found": len(rows), "counted": sum(1 for s in rows.values() if s == "counted"),
                  "ballots_in_db": Ballot.objects.count(), "entities_counted_twice": twice,
                  "audit_chain_intact": verify_chain() is None}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--voters", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--worker-class", default="gthread", choices=["sync", "gthread"])
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--load-processes", type=int, default=2, help="processes generating the load")
    parser.add_argument("--health-seconds", type=float, default=5.0)
    parser.add_argument("--runs", type=int, default=1, help="repeat everything, report the medians")
    parser.add_argument("--quick", action="store_true", help="800 voters, one run")
    args = parser.parse_args()
    voters = 800 if args.quick else args.voters
    runs = [_one_run(args, voters) for _ in range(1 if args.quick else max(1, args.runs))]
    for number, run in enumerate(runs, 1):
        _report(args, run, f"run {number} of {len(runs)}")
    if len(runs) > 1:
        _report_medians(runs)
    return 0 if all(run["ok"] for run in runs) else 1


def _one_run(args: argparse.Namespace, voters: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="hj-bench-voting-") as data_dir:
        env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
               "HUANJIE_DATA_DIR": data_dir, "DEBUG": "false", "HUANJIE_SSL_REDIRECT": "false",
               "HUANJIE_SECURE_COOKIES": "false", "HUANJIE_HSTS_SECONDS": "0", "PYTHONPATH": str(ROOT / "src"),
               "DJANGO_SETTINGS_MODULE": "huanjie.settings", "HUANJIE_LOG_LEVEL": "WARNING"}
        _recreate_database()
        _run([sys.executable, "-m", "django", "migrate", "--noinput", "-v", "0"], env)
        codes = json.loads(_run([sys.executable, "-c", SEED, str(voters)], env).splitlines()[-1])
        flow_codes, cast_codes = codes[: voters // 4], codes[voters // 4:]
        port = _free_port()
        gunicorn = [sys.executable, "-m", "gunicorn", "huanjie.wsgi", "-b", f"127.0.0.1:{port}",
                    "-w", str(args.workers), "-k", args.worker_class, "--log-level", "warning"]
        if args.worker_class == "gthread":
            gunicorn += ["--threads", str(args.threads)]
        server = subprocess.Popen(gunicorn, env=env, cwd=ROOT)
        load_before = os.getloadavg()
        try:
            _wait_for(port)
            phases = {
                "health": _phase(port, "health", [args.health_seconds] * args.concurrency, args, server.pid),
                "prepare": _phase(port, "prepare", cast_codes, args, server.pid),
            }
            prepared = phases["prepare"]["results"]
            phases["cast"] = _phase(port, "cast", prepared, args, server.pid)
            phases["flow"] = _phase(port, "flow", flow_codes, args, server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
        load_after = os.getloadavg()
        receipts = phases["cast"]["results"] + phases["flow"]["results"]
        receipts_file = Path(data_dir) / "receipts.json"
        receipts_file.write_text(json.dumps(receipts))
        check = json.loads(_run([sys.executable, "-c", CHECK, str(receipts_file)], env).splitlines()[-1])
    errors = [e for phase in phases.values() for e in phase["errors"]]
    ok = (check["acknowledged"] == check["distinct_acknowledged"] == check["found"] == check["counted"]
          == check["ballots_in_db"] == voters and check["entities_counted_twice"] == 0
          and check["audit_chain_intact"] and not errors)
    return {"phases": phases, "check": check, "errors": errors, "ok": ok, "voters": voters,
            "load": (load_before, load_after)}


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


def _wait_for(port: int) -> None:
    for _ in range(150):
        try:
            Browser(Connection(port)).get("/healthz")
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


# --- what the server spends: CPU seconds of the gunicorn workers and of the database's backends ---


def _cpu_seconds(pids: list[int]) -> dict[int, float]:
    ticks = os.sysconf("SC_CLK_TCK")
    seconds = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime + stime
    return seconds


def _server_pids(master: int) -> dict[str, list[int]]:
    import psycopg

    workers = [int(pid) for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    with psycopg.connect(SERVER_DB, autocommit=True) as connection:
        backends = [row[0] for row in connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [DB]).fetchall()]
    return {"gunicorn": workers, "postgres": backends}


class ServerCPU:
    """CPU seconds the server spent during a phase, whatever else runs on the machine."""

    def __init__(self, master: int) -> None:
        self.master = master
        self.before = {name: _cpu_seconds(pids) for name, pids in _server_pids(master).items()}

    def spent(self) -> dict[str, float]:
        after = {name: _cpu_seconds(pids) for name, pids in _server_pids(self.master).items()}
        return {name: sum(now - self.before[name].get(pid, 0.0) for pid, now in after[name].items())
                for name in after}


# --- the load generator, in its own processes ------------------------------------------------


class Connection:
    """One client's HTTP/1.1 connection, kept alive when the server allows it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.http = http.client.HTTPConnection("127.0.0.1", port, timeout=30)


class Browser:
    """One phone: its cookies, over its client's connection."""

    def __init__(self, connection: Connection, cookies: dict[str, str] | None = None) -> None:
        self.connection = connection
        self.cookies = dict(cookies or {})

    def get(self, path: str) -> tuple[int, str, str]:
        return self._send("GET", path, None)

    def post(self, path: str, fields: dict[str, object]) -> tuple[int, str, str]:
        return self._send("POST", path, urllib.parse.urlencode(fields, doseq=True))

    def follow(self, answer: tuple[int, str, str]) -> str:
        status, location, body = answer
        if status in (301, 302, 303):
            status, location, body = self.get(location)
        if status != 200:
            raise ValueError(f"HTTP {status} {location} {body[:200]!r}")
        return body

    def _send(self, method: str, path: str, body: str | None) -> tuple[int, str, str]:
        headers = {"Host": f"127.0.0.1:{self.connection.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.http.request(method, path, body=body, headers=headers)
        response = self.connection.http.getresponse()
        text = response.read().decode()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers.get("Location", ""), text


def _find(pattern: re.Pattern[str], page: str) -> str:
    match = pattern.search(page)
    if match is None:
        raise ValueError(f"{pattern.pattern} not on the page: {page[:300]!r}")
    return match.group(1)


def _to_review(browser: Browser, code: str, tail: str) -> str:
    """Code page, code + phone digits, ballot, review screen: the review page."""
    page = browser.follow(browser.get("/vote/"))
    page = browser.follow(browser.post("/vote/", {"csrfmiddlewaretoken": _find(TOKEN, page), "code": code,
                                                  "phone_last4": tail}))
    return browser.follow(browser.post("/vote/ballot/", {"csrfmiddlewaretoken": _find(TOKEN, page), **CHOICES}))


def _confirm(browser: Browser, review: str, timings: dict[str, list[float]]) -> str:
    """Confirm on the review screen (the cast), then read the receipt code off the receipt page."""
    started = time.perf_counter()
    answer = browser.post("/vote/review/", {"csrfmiddlewaretoken": _find(TOKEN, review), "key": _find(KEY, review)})
    acknowledged = time.perf_counter()
    if answer[0] != 302 or not answer[1].endswith("/vote/done/"):
        raise ValueError(f"confirm answered {answer[0]} {answer[1]} {answer[2][:300]!r}")
    receipt = _find(RECEIPT, browser.follow(answer))
    timings["confirm"].append(acknowledged - started)
    timings["confirm_receipt"].append(time.perf_counter() - started)
    return receipt


def _work(kind: str, item: Any, connection: Connection, timings: dict[str, list[float]]) -> Any:
    if kind == "prepare":
        browser = Browser(connection)
        review = _to_review(browser, *item)
        return {"cookies": browser.cookies, "review": review}
    if kind == "cast":
        return _confirm(Browser(connection, item["cookies"]), item["review"], timings)
    if kind == "flow":
        started = time.perf_counter()
        browser = Browser(connection)
        receipt = _confirm(browser, _to_review(browser, *item), timings)
        timings["whole"].append(time.perf_counter() - started)
        return receipt
    raise ValueError(kind)


def _client_process(port: int, kind: str, shares: list[list[Any]], go: Any, out: Any) -> None:
    """One load process: a thread per client; each client works through its share in turn."""
    timings: dict[str, list[float]] = {"confirm": [], "confirm_receipt": [], "whole": [], "health": []}
    results: list[Any] = []
    errors: list[str] = []
    lock = threading.Lock()
    ends: list[float] = []

    def client(share: list[Any]) -> None:
        connection = Connection(port)
        if kind == "health":
            stop = time.perf_counter() + share[0]
            browser = Browser(connection)
            while time.perf_counter() < stop:
                started = time.perf_counter()
                browser.get("/healthz")
                timings["health"].append(time.perf_counter() - started)
        else:
            for item in share:
                try:
                    result = _work(kind, item, connection, timings)
                except Exception as error:  # a benchmark reports every failure, whatever it is
                    connection.http.close()
                    with lock:
                        errors.append(f"{kind}: {error!r}"[:400])
                else:
                    with lock:
                        results.append(result)
        with lock:
            ends.append(time.perf_counter())

    threads = [threading.Thread(target=client, args=(share,)) for share in shares]
    go.wait()
    cpu = time.process_time()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out.put({"timings": timings, "results": results, "errors": errors, "end": max(ends, default=0.0),
             "cpu": time.process_time() - cpu})


def _phase(port: int, kind: str, items: list[Any], args: argparse.Namespace, master: int) -> dict[str, Any]:
    """Run one phase with `--concurrency` clients spread over `--load-processes` processes."""
    context = multiprocessing.get_context("fork")
    clients = [items[i::args.concurrency] for i in range(args.concurrency)] if kind != "health" else \
        [[seconds] for seconds in items]
    processes = max(1, min(args.load_processes, args.concurrency))
    go, out = context.Event(), context.Queue()
    workers = [context.Process(target=_client_process, args=(port, kind, clients[p::processes], go, out))
               for p in range(processes)]
    for worker in workers:
        worker.start()
    time.sleep(0.3)  # every process is waiting on `go`
    cpu = ServerCPU(master)
    started = time.perf_counter()
    go.set()
    parts = [out.get(timeout=900) for _ in workers]
    for worker in workers:
        worker.join()
    spent = cpu.spent()
    spent["load generator"] = sum(part["cpu"] for part in parts)
    elapsed = max(part["end"] for part in parts) - started
    timings: dict[str, list[float]] = {name: [] for name in parts[0]["timings"]}
    for part in parts:
        for name, values in part["timings"].items():
            timings[name] += values
    results = [r for part in parts for r in part["results"]]
    errors = [e for part in parts for e in part["errors"]]
    done = len(timings["health"]) if kind == "health" else len(results)
    return {"count": done, "elapsed": elapsed, "per_second": done / elapsed if elapsed else 0.0, "cpu": spent,
            "cpu_ms_each": {name: 1000 * value / max(done, 1) for name, value in spent.items()},
            "latency": {name: _percentiles(values) for name, values in timings.items() if values},
            "results": results, "errors": errors}


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values) or [0.0]
    return {"p50_ms": 1000 * ordered[len(ordered) // 2],
            "p99_ms": 1000 * ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]}


# --- the report ----------------------------------------------------------------------------------


def _rows(run: dict[str, Any]) -> list[tuple[str, float, float, float, float]]:
    """(label, count, per second, p50 ms, p99 ms) for every figure the report shows."""
    p = run["phases"]
    health, cast, flow = p["health"], p["cast"], p["flow"]

    def lat(phase: dict[str, Any], name: str) -> tuple[float, float]:
        found = phase["latency"].get(name, {"p50_ms": float("nan"), "p99_ms": float("nan")})
        return found["p50_ms"], found["p99_ms"]

    return [
        ("healthz (requests)", health["count"], health["per_second"], *lat(health, "health")),
        ("ballots cast: confirm POST", cast["count"], cast["per_second"], *lat(cast, "confirm")),
        ("  confirm + receipt page", cast["count"], float("nan"), *lat(cast, "confirm_receipt")),
        ("whole phone flow (7 req.)", flow["count"], flow["per_second"], *lat(flow, "whole")),
        ("  its confirm POST", flow["count"], float("nan"), *lat(flow, "confirm")),
    ]


def _report(args: argparse.Namespace, run: dict[str, Any], title: str) -> None:
    workers = f"{args.workers} {args.worker_class} workers" + (
        f" x {args.threads} threads" if args.worker_class == "gthread" else "")
    before, after = run["load"]
    print(f"\n{title}: gunicorn {workers}, PostgreSQL, {args.concurrency} concurrent clients in "
          f"{args.load_processes} load processes, {run['voters']} owners; {os.cpu_count()} CPUs, "
          f"load average {before[0]:.2f} before, {after[0]:.2f} after")
    _table(_rows(run))
    cast = run["phases"]["cast"]
    print(f"ballots/s = acknowledged casts per second (confirm POST answered with the receipt redirect; "
          f"the client then reads the receipt); {cast['count']} owners confirming at once, "
          f"{run['phases']['prepare']['elapsed']:.1f} s to bring them to the review screen first")
    for name in ("health", "cast", "flow"):
        each = run["phases"][name]["cpu_ms_each"]
        print(f"server CPU per {'request' if name == 'health' else 'ballot'} in {name}: "
              f"gunicorn {each['gunicorn']:.2f} ms + PostgreSQL {each['postgres']:.2f} ms "
              f"(the load generator: {each['load generator']:.2f} ms)")
    print(f"errors: {len(run['errors'])}  {run['errors'][:3]}")
    print("database check:", json.dumps(run["check"]), "OK" if run["ok"] else "FAILED")


def _report_medians(runs: list[dict[str, Any]]) -> None:
    tables = [_rows(run) for run in runs]
    print(f"\nmedian of {len(runs)} runs (load average before each: "
          + ", ".join(f"{run['load'][0][0]:.2f}" for run in runs) + ")")

    def median(values: list[float]) -> float:
        real = [v for v in values if v == v]
        return statistics.median(real) if real else float("nan")

    _table([(rows[0][0], median([t[i][1] for t in tables]), *(median([t[i][c] for t in tables]) for c in (2, 3, 4)))
            for i, rows in enumerate(zip(*tables, strict=True))])
    for name in ("cast", "flow"):
        gunicorn, postgres, load = (median([run["phases"][name]["cpu_ms_each"][part] for run in runs])
                                    for part in ("gunicorn", "postgres", "load generator"))
        print(f"server CPU per ballot in {name}: gunicorn {gunicorn:.2f} ms + PostgreSQL {postgres:.2f} ms "
              f"(the load generator: {load:.2f} ms)")
    print("all runs OK" if all(run["ok"] for run in runs) else "SOME RUNS FAILED")


def _table(rows: list[tuple[str, float, float, float, float]]) -> None:
    def cell(value: float) -> str:
        return f"{value:>10.1f}" if value == value else f"{'':>10}"

    print(f"{'':30}{'count':>8}{'per s':>10}{'p50 ms':>10}{'p99 ms':>10}")
    for label, count, per_second, p50, p99 in rows:
        print(f"{label:30}{count:>8.0f}{cell(per_second)}{cell(p50)}{cell(p99)}")


if __name__ == "__main__":
    raise SystemExit(main())
