"""kill -9 the server while 20 owners vote: no acknowledged ballot may be lost or doubled.

gunicorn serves a database of its own (a SQLite file; a PostgreSQL database when the suite runs on
PostgreSQL), made from the test database's schema. Twenty threads each go through the phone flow
of one owner (code page, code + phone digits, ballot, review, confirm). When a few confirms have
been answered, the whole server process group gets SIGKILL; then the server starts again and the
owners whose flow broke start over. Afterwards every receipt a confirm answered with must be in the
database exactly once, no flat has two counted ballots, and `huanjie audit verify` passes.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection

pytestmark = [pytest.mark.fault, pytest.mark.django_db(transaction=True)]

VOTERS = 20
KILL_AFTER = 6  # acknowledged ballots before the kill: the other voters are somewhere in their flow
STAGGER = 0.06  # seconds between two owners' first page
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
from huanjie.voting.services import add_contest, create_assembly, issue_voting_codes, open_voting, seal_box
n = int(sys.argv[1])
office = StreetOffice.objects.create(name="芷江西路街道", code="zjxl")
community = Community.objects.create(street_office=office, slug="fault", name="断电小区")
from tests.rules_of_procedure import adopt_rules_of_procedure
adopt_rules_of_procedure(community)  # they adopt online voting
building = Building.objects.create(community=community, name="1号楼")
units = Unit.objects.bulk_create([Unit(community=community, building=building, code=f"1-{i:03d}",
                                       area=Decimal("80.00") + i) for i in range(n)])
owners = Owner.objects.bulk_create([Owner(community=community, identifier=f"o{i}", name="业主",
                                          phone=f"1390000{i:04d}") for i in range(n)])
Ownership.objects.bulk_create([Ownership(community=community, unit=u, owner=o) for u, o in zip(units, owners)])
actor = get_user_model().objects.create_user("fault")
now = timezone.now()
assembly = create_assembly(community=community, title="断电测试", opens_at=now - timedelta(hours=1),
                           closes_at=now + timedelta(hours=6), actor=actor)
add_contest(assembly=assembly, spec_id="committee", kind=ContestKind.ELECTION, matter="elect-committee",
            title="选举", seats=2, candidates=["甲", "乙", "丙"], actor=actor)
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
print(json.dumps([[i.code, i.paper.entity.phone_tails] for i in issue_voting_codes(assembly=assembly, actor=actor)]))
"""

CHECK = """
import json, sys
import django
django.setup()
from django.db.models import Count
from huanjie.voting.models import Ballot
receipts = json.loads(sys.argv[1])
found = list(Ballot.objects.filter(receipt__in=receipts).values_list("receipt", flat=True))
twice = Ballot.objects.filter(status="counted").values("entity").annotate(n=Count("pk")).filter(n__gt=1).count()
print(json.dumps({"found": found, "ballots": Ballot.objects.count(), "entities_counted_twice": twice}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=60)


class Server:
    """gunicorn in its own process group, so that SIGKILL reaches the master and every worker."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env, self.port = env, _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.start_seconds: list[float] = []

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "huanjie.wsgi", "-b", f"127.0.0.1:{self.port}", "-w", "3", "--preload",
             "--log-level", "warning", "--timeout", "30"], env=self.env, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        started = time.perf_counter()
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{self.base}/healthz", timeout=2).read()
                self.start_seconds.append(time.perf_counter() - started)
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("gunicorn did not start")

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)


def _find(pattern: re.Pattern[str], page: str) -> str:
    match = pattern.search(page)
    if match is None:
        raise LookupError(f"{pattern.pattern} not on the page")
    return match.group(1)


def vote(base: str, code: str, tail: str) -> str:
    """One owner's whole phone flow; the receipt of the confirmed ballot."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def send(path: str, fields: dict[str, Any] | None = None) -> str:
        data = urllib.parse.urlencode(fields, doseq=True).encode() if fields is not None else None
        with opener.open(f"{base}{path}", data=data, timeout=20) as response:
            return str(response.read().decode())

    page = send("/vote/")
    page = send("/vote/", {"csrfmiddlewaretoken": _find(TOKEN, page), "code": code, "phone_last4": tail})
    if 'name="key"' not in page and "committee" not in page:
        raise LookupError(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))[-600:])
    page = send("/vote/ballot/", {"csrfmiddlewaretoken": _find(TOKEN, page), "committee": ["甲", "乙"],
                                  "fund": "yes"})
    time.sleep(0.05)  # a person reads the review screen; it spreads the confirms over the kill
    page = send("/vote/review/", {"csrfmiddlewaretoken": _find(TOKEN, page), "key": _find(KEY, page)})
    return _find(RECEIPT, page)


def cast(server: Server, codes: list[list[str]], kill_after: int | None
         ) -> tuple[list[str], list[list[str]], list[str]]:
    """Every owner votes at once; the receipts answered, and the owners whose flow broke."""
    receipts: list[str] = []
    broken: list[list[str]] = []
    errors: list[str] = []
    lock = threading.Lock()
    killed = threading.Event()

    def owner(item: list[str], delay: float) -> None:
        time.sleep(delay)  # owners arrive one after another, so the kill finds them at every step
        try:
            receipt = vote(server.base, *item)
        except (OSError, LookupError, http.client.HTTPException) as error:
            with lock:
                broken.append(item)
                errors.append(f"{type(error).__name__}: {error}"[-200:])
            return
        with lock:
            receipts.append(receipt)
            if kill_after is not None and len(receipts) >= kill_after and not killed.is_set():
                killed.set()
                server.kill()

    threads = [threading.Thread(target=owner, args=(item, n * STAGGER)) for n, item in enumerate(codes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if kill_after is not None and not killed.is_set():
        server.kill()  # everyone finished first: kill anyway, so the restart is still exercised
    return receipts, broken, errors


def run_fault(env: dict[str, str]) -> dict[str, Any]:
    started = time.perf_counter()
    seeded = _run([sys.executable, "-c", SEED, str(VOTERS)], env)
    assert seeded.returncode == 0, seeded.stderr
    codes = json.loads(seeded.stdout.splitlines()[-1])
    seconds = {"seed": time.perf_counter() - started}
    server = Server(env)
    server.start()
    try:
        started = time.perf_counter()
        acknowledged, broken, _ = cast(server, codes, kill_after=KILL_AFTER)
        seconds["vote_until_kill"] = time.perf_counter() - started
        server.start()  # the same command as before: restart after the crash
        started = time.perf_counter()
        again, still_broken, refused = cast(server, broken, kill_after=None)
        seconds["vote_again"] = time.perf_counter() - started
    finally:
        server.stop()
    # An owner whose confirm was stored but whose answer was lost to the kill is told "already voted"
    # on the second try: not acknowledged, but counted once. Everyone else got a receipt.
    started = time.perf_counter()
    checked = _run([sys.executable, "-c", CHECK, json.dumps(acknowledged + again)], env)
    assert checked.returncode == 0, checked.stderr
    verified = _run([sys.executable, "-m", "huanjie.cli", "audit", "verify"], env)
    seconds["check"] = time.perf_counter() - started
    return {"acknowledged": acknowledged + again, "before_kill": len(acknowledged), "broken": len(broken),
            "still_broken": len(still_broken), "refused": refused, "verify": verified,
            "seconds": {**seconds, "server_starts": sum(server.start_seconds)},
            **json.loads(checked.stdout.splitlines()[-1])}


def assert_no_acknowledged_ballot_lost(outcome: dict[str, Any]) -> None:
    acknowledged = outcome["acknowledged"]
    print(f"cast {VOTERS}, acknowledged {len(acknowledged)} ({outcome['before_kill']} before the kill, "
          f"{outcome['broken']} flows broken by it, {outcome['still_broken']} of them stored unanswered), "
          f"lost {len(set(acknowledged) - set(outcome['found']))}; seconds "
          + ", ".join(f"{phase} {value:.1f}" for phase, value in outcome["seconds"].items()))
    assert outcome["broken"] > 0, "the kill interrupted nobody; the test proved nothing"
    assert len(acknowledged) == len(set(acknowledged))
    assert sorted(outcome["found"]) == sorted(acknowledged)  # each acknowledged receipt, exactly once
    assert outcome["entities_counted_twice"] == 0
    assert outcome["ballots"] <= VOTERS
    # Everyone else was told on the second try that their code was used: their ballot was stored
    # before the kill, its answer lost. So every owner's ballot is in the database exactly once.
    assert all("已经使用过" in reason for reason in outcome["refused"]), outcome["refused"]
    assert outcome["ballots"] == VOTERS
    assert outcome["verify"].returncode == 0, outcome["verify"].stderr


def _env(tmp_path: Path, database_url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url, "HUANJIE_DATA_DIR": str(tmp_path), "DEBUG": "true",
            "DJANGO_SETTINGS_MODULE": "huanjie.settings", "HUANJIE_LOG_LEVEL": "ERROR",
            "HUANJIE_LOGIN_MAX_FAILURES": "1000"}


@pytest.mark.skipif("os.environ.get('DATABASE_URL', '').startswith('postgres')",
                    reason="the SQLite run has this one; the PostgreSQL run has the next")
def test_no_acknowledged_ballot_is_lost_when_the_server_is_killed_on_sqlite(tmp_path):  # type: ignore[no-untyped-def]
    database = tmp_path / "fault.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(database)
    connection.connection.backup(copy)  # the test database's migrated schema, without running migrate again
    copy.close()
    assert_no_acknowledged_ballot_lost(run_fault(_env(tmp_path, f"sqlite:///{database}")))


def _end_other_sessions(admin: psycopg.Connection[Any], database: str) -> None:
    """Wait up to 10 s for sessions an earlier test's threads left on the test database to close
    (a loaded machine closes them late), then end those left: CREATE DATABASE ... TEMPLATE needs none."""
    others = "FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"
    deadline = time.monotonic() + 10
    while (row := admin.execute(f"SELECT count(*) {others}", [database]).fetchone()) and row[0]:
        if time.monotonic() > deadline:
            admin.execute(f"SELECT pg_terminate_backend(pid) {others}", [database])
            break
        time.sleep(0.2)


@pytest.mark.skipif("not os.environ.get('DATABASE_URL', '').startswith('postgres')",
                    reason="runs when the suite runs on PostgreSQL")
def test_no_acknowledged_ballot_is_lost_when_the_server_is_killed_on_postgresql(tmp_path):  # type: ignore[no-untyped-def]
    given = connection.settings_dict
    template, name = given["NAME"], f"{given['NAME']}_fault"
    params = {"host": given.get("HOST") or "127.0.0.1", "port": given.get("PORT") or 5432,
              "user": given.get("USER") or "postgres", "password": given.get("PASSWORD") or None}
    connection.close()  # CREATE DATABASE ... TEMPLATE needs the test database to have no sessions
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        _end_other_sessions(admin, template)
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        password = f":{params['password']}" if params["password"] else ""
        url = f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/{name}"
        assert_no_acknowledged_ballot_lost(run_fault(_env(tmp_path, url)))
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
