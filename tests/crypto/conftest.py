"""A small manifest and key for ballot tests, and a demo record shared by the tamper tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from huanjie.crypto.ballot import ElectionContext
from huanjie.crypto.demo import CANDIDATES, run_demo
from huanjie.crypto.group import G, Scalar
from huanjie.crypto.manifest import Manifest
from huanjie.rules import Election, Matter, Motion
from tests.crypto.rosters import entity


@pytest.fixture(scope="session")
def secrets_by_slot() -> tuple[Scalar, ...]:
    """The slots' secret keys x_s of the `context` fixture (9 candidates, a motion's yes and no)."""
    return tuple(Scalar.random() for _ in range(11))


@pytest.fixture(scope="session")
def context(secrets_by_slot: tuple[Scalar, ...]) -> ElectionContext:
    manifest = Manifest(
        "test",
        "测试",
        ("甲", "乙", "丙"),
        2,
        (
            Election("committee", Matter.ELECT_COMMITTEE, 7, CANDIDATES),
            Motion("facade-fund", Matter.USE_MAINTENANCE_FUND),
        ),
        (entity("E1", 8950), entity("E2", 12036)),
    )
    return ElectionContext(manifest, manifest.hash(), [G * x for x in secrets_by_slot])


@pytest.fixture(scope="session")
def demo_record(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("record") / "demo"
    run_demo(out, ballots=12, trustees=5, threshold=3, seed=7, workers=1)
    return out
