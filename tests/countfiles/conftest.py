"""The `files` fixture: a tiny community on disk (community.py).

Every test here runs twice: with ballots.csv read in this process, and read in a forked
second process (countfiles/forked.py, what `huanjie tally` does with a large file). Both
must print the same bytes and name the same problems.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from huanjie.countfiles import count, forked
from huanjie.countfiles.forked import can_fork
from tests.countfiles.community import Files


@pytest.fixture(autouse=True, params=["one process", "two processes"])
def processes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    if request.param == "two processes":
        if not can_fork():
            pytest.skip("no fork here")
        monkeypatch.setattr(count, "FORK_FROM_BYTES", 0)
        monkeypatch.setattr(forked, "BATCH_ROWS", 1000)  # several batches for a mid-size file
    else:
        monkeypatch.setattr(count, "FORK_FROM_BYTES", 1 << 62)
    yield request.param


@pytest.fixture
def files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Files:
    return Files(tmp_path, capsys)
