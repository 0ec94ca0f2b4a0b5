"""The `files` fixture: a tiny community on disk (community.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.countfiles.community import Files


@pytest.fixture
def files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Files:
    return Files(tmp_path, capsys)
