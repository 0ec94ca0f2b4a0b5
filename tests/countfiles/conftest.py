"""The `files` fixture: a tiny community on disk (community.py).

Every test here runs three times: with ballots.csv read row by row in this process, read in
a forked second process (countfiles/forked.py), and read by Arrow in a thread when the file
is plain (countfiles/arrowcsv.py; a file it cannot read exactly is read row by row). What
`huanjie tally` does with a large file is one of the last two. All must print the same
bytes and name the same problems.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from huanjie.countfiles import count, forked
from huanjie.countfiles.forked import can_fork
from tests.countfiles.community import Files


@pytest.fixture(autouse=True, params=["row by row", "two processes", "arrow"])
def processes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    if request.param == "row by row":
        monkeypatch.setattr(count, "PARALLEL_FROM_BYTES", 1 << 62)
    else:
        monkeypatch.setattr(count, "PARALLEL_FROM_BYTES", 0)
        monkeypatch.setattr(count, "USE_ARROW", request.param == "arrow")
    if request.param == "two processes":
        if not can_fork():
            pytest.skip("no fork here")
        monkeypatch.setattr(forked, "BATCH_ROWS", 1000)  # several batches for a mid-size file
    yield request.param


@pytest.fixture
def files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Files:
    return Files(tmp_path, capsys)
