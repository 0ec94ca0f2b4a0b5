"""`huanjie verify` refuses every tampered record of the catalogue with the fault it names —
a stable code and a Chinese message, exit status 1 — and never with a traceback; every genuine
record still verifies, with the same counts."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from huanjie.crypto.cli import main
from huanjie.crypto.faults import WORDS, FaultCode
from huanjie.crypto.verifier import verify_record
from tests.crypto import forging
from tests.crypto.tamper_catalogue import CATALOGUE
from tests.crypto.tampering import ALIAS_OF_IDENTITY, ballot_bytes


@pytest.fixture(scope="module")
def genuine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return forging.election(tmp_path_factory.mktemp("genuine") / "record")


def test_the_catalogue_has_every_kind_the_issue_counts() -> None:
    assert len(CATALOGUE) >= 45
    assert len({t.name for t in CATALOGUE}) == len(CATALOGUE)
    assert {t.item for t in CATALOGUE} >= {"12", "13", "14", "15"}


def test_the_genuine_record_verifies(genuine: Path) -> None:
    report = verify_record(genuine, workers=1)
    assert report.ok, report.fault
    assert report.ballots == 6 and report.decrypting == [1, 2]


@pytest.mark.parametrize("tamper", CATALOGUE, ids=[t.name for t in CATALOGUE])
def test_a_tampered_record_is_refused_with_its_fault_named(
    tamper, genuine: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    record = tamper.apply(Path(shutil.copytree(genuine, tmp_path / "record")))
    assert main(["verify", str(record), "--workers", "1"]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    named = re.search(r"\[([a-z-]+)\] (.*)：(.+) \(", out)
    assert named is not None, out
    assert FaultCode(named.group(1)) is tamper.fault, out
    assert named.group(3) == WORDS[tamper.fault][0]  # the Chinese words of that fault
    assert "核验未通过" in out and "Traceback" not in out


def test_a_crash_of_old_is_a_named_fault_on_two_cores_in_a_separate_process(genuine: Path, tmp_path: Path) -> None:
    # 00…0080 as α passed the identity check and then crashed a worker process with a traceback.
    record = ballot_bytes(4, 20, ALIAS_OF_IDENTITY)(Path(shutil.copytree(genuine, tmp_path / "record")))
    run = subprocess.run(
        [sys.executable, "-m", "huanjie.crypto.cli", "verify", str(record), "--workers", "2"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "[ballot-format] ballot 5: not canonical" in run.stdout
    assert run.stderr == ""
