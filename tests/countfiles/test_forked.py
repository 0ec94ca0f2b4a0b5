"""ballots.csv read in a second process (countfiles/forked.py): the child really reads it,
and when the child fails the parent reads the file itself, to the same result.

(Every other test of tests/countfiles runs in both ways too: see conftest.py.)
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from huanjie.countfiles import count, forked
from huanjie.countfiles.forked import ForkedBallots, can_fork
from huanjie.countfiles.problems import Problems
from tests.countfiles.community import BALLOTS, Files

pytestmark = pytest.mark.skipif(not can_fork(), reason="no fork here")

MANY = "".join(f"M{i},{'9-9' if i % 7 == 0 else '1-102'},{'no' if i % 5 == 0 else ''},李四,no\n" for i in range(2500))


def spy_on_read_ballots(monkeypatch: pytest.MonkeyPatch, in_child: Callable[[], None]) -> list[int]:
    """Replace `forked.read_ballots`: the calls made in this process are listed, and the
    child runs `in_child` first."""
    parent = os.getpid()
    calls: list[int] = []
    real = forked.read_ballots

    def spy(*args: Any) -> Any:
        if os.getpid() == parent:
            calls.append(parent)
        else:
            in_child()
        return real(*args)

    monkeypatch.setattr(forked, "read_ballots", spy)
    return calls


def one_process(files: Files, *extra: str) -> tuple[int, str, str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(count, "PARALLEL_FROM_BYTES", 1 << 62)
        run = files.tally(*extra)
    return run.code, run.out, run.err


def test_the_child_reads_the_ballots_and_the_parent_does_not(files: Files, monkeypatch: pytest.MonkeyPatch) -> None:
    files.ballots = BALLOTS + MANY
    expected = one_process(files, "--json")
    monkeypatch.setattr(count, "PARALLEL_FROM_BYTES", 0)
    monkeypatch.setattr(count, "USE_ARROW", False)
    monkeypatch.setattr(forked, "BATCH_ROWS", 100)
    calls = spy_on_read_ballots(monkeypatch, lambda: None)
    run = files.tally("--json")
    assert calls == []
    assert (run.code, run.out, run.err) == expected
    assert run.json["flags"][0] == {"ballot": "M1", "unit": "1-102", "flag": "duplicate-unit"}


def test_when_the_child_fails_the_parent_reads_the_file(files: Files, monkeypatch: pytest.MonkeyPatch) -> None:
    files.ballots = BALLOTS + MANY
    expected = one_process(files, "--json")

    def fail() -> None:
        raise RuntimeError("the child fails")

    monkeypatch.setattr(count, "PARALLEL_FROM_BYTES", 0)
    monkeypatch.setattr(count, "USE_ARROW", False)
    calls = spy_on_read_ballots(monkeypatch, fail)
    run = files.tally("--json")
    assert len(calls) == 1
    assert (run.code, run.out, run.err) == expected


def test_bad_rows_are_named_the_same_in_both_ways(files: Files, monkeypatch: pytest.MonkeyPatch) -> None:
    files.ballots = BALLOTS + MANY + "M7,,maybe,,perhaps\nB1,1-101,,,\n" + MANY.replace("M", "N")
    expected = one_process(files)
    assert expected[0] == 2
    assert len(expected[2].splitlines()) == 6  # three problems of line 2505, two repeated ids, the total
    monkeypatch.setattr(count, "PARALLEL_FROM_BYTES", 0)
    monkeypatch.setattr(count, "USE_ARROW", False)
    monkeypatch.setattr(forked, "BATCH_ROWS", 100)
    calls = spy_on_read_ballots(monkeypatch, lambda: None)
    run = files.tally()
    assert calls == []
    assert (run.code, run.out, run.err) == expected


def test_the_child_is_waited_for(tmp_path: Path) -> None:
    path = tmp_path / "ballots.csv"
    path.write_text(BALLOTS, encoding="utf-8")
    reading = ForkedBallots(path, None, Problems(path.name))
    assert reading.finish(lambda: None) is None
    with pytest.raises(ChildProcessError):
        os.waitpid(reading._pid, os.WNOHANG)
