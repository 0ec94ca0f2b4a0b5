"""Two browsers submitting for the same voting entity at the same instant: exactly one counts.

Real threads, real transactions. On PostgreSQL the race runs against the test database; on
SQLite it runs in a fresh process against a file database (see tests/voting/race.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from huanjie.voting.errors import VotingError
from huanjie.voting.models import Ballot, BallotStatus
from huanjie.voting.services import cast_online_ballot, record_paper_ballot
from tests.voting.conftest import YES_BALLOT, paper_of
from tests.voting.race import race

ROOT = Path(__file__).resolve().parents[2]
on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="the in-process race below covers this")
on_postgresql = pytest.mark.skipif(connection.vendor == "sqlite", reason="run in a process of its own on SQLite")


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_online_submissions_at_the_same_instant_count_once(codes, open_assembly):
    paper = paper_of(open_assembly, "1-101")
    outcomes = race(*(lambda key=key: cast_online_ballot(paper=paper, choices=YES_BALLOT, submission_key=key)
                      for key in ("phone", "tablet")))
    assert sum(isinstance(o, Ballot) for o in outcomes) == 1
    assert sum(isinstance(o, VotingError) for o in outcomes) == 1
    assert Ballot.objects.filter(entity=paper.entity, status=BallotStatus.COUNTED).count() == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_online_and_paper_at_the_same_instant_count_once(codes, open_assembly, alice):
    paper = paper_of(open_assembly, "1-102")
    outcomes = race(
        lambda: cast_online_ballot(paper=paper, choices=YES_BALLOT, submission_key="phone"),
        lambda: record_paper_ballot(paper=paper, valid=True, choices=YES_BALLOT, actor=alice,
                                    received_at=timezone.now()),
    )
    assert all(isinstance(o, Ballot | VotingError) for o in outcomes)
    assert Ballot.objects.filter(entity=paper.entity, status=BallotStatus.COUNTED).count() == 1


@on_sqlite
def test_the_same_races_count_once_on_a_sqlite_file(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'race.sqlite3'}",
           "HUANJIE_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "tests.voting.race"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["counted"] == [1, 1]
    first, second = report["outcomes"][:2], report["outcomes"][2:]
    assert sorted(first) == ["Ballot", "CodeAlreadyUsed"]
    assert "Ballot" in second and set(second) <= {"Ballot", "AlreadyVoted"}
    # A paper per unit: the two phones on one unit's paper count once, the owner's other unit counts too.
    assert report["unit_counted"] == [1, 1]
    assert sorted(report["unit_outcomes"][:2]) == ["Ballot", "CodeAlreadyUsed"]
    assert report["unit_outcomes"][2] == "Ballot"
