"""`huanjie verify`: the demo record passes; each tampered copy fails with its fault named."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from huanjie.crypto.ballot import tracker_of
from huanjie.crypto.cli import main
from huanjie.crypto.demo import run_demo
from huanjie.crypto.faults import FaultCode
from huanjie.crypto.record import HEADER_BYTES
from huanjie.crypto.verifier import verify_record
from huanjie.rules import JoinRule

RECORD = 1812  # bytes per ballot of the demo's manifest (9 candidates, at most 7; 2 motions)


def test_the_demo_record_verifies(demo_record: Path) -> None:
    report = verify_record(demo_record, workers=1)
    assert report.ok, report.fault
    assert report.ballots == 12
    assert report.decrypting and len(report.decrypting) == 3


def test_it_reports_the_records_own_counts_for_any_join_and_trustees(tmp_path: Path) -> None:
    out = tmp_path / "shared"
    outcome = run_demo(out, ballots=8, trustees=3, threshold=3, seed=3, workers=1, join=JoinRule.SHARED_OWNER)
    tally = json.loads((out / "tally.json").read_text(encoding="utf-8"))
    for workers in (1, 2):
        report = verify_record(out, workers=workers)
        assert report.ok, report.fault
        assert report.result == tally["result"] and report.decrypting == outcome.decrypting == [1, 2, 3]
    assert json.loads((out / "manifest.json").read_bytes())["rules"]["join"] == "shared-owner"


def test_it_verifies_on_two_cores_as_on_one(demo_record: Path) -> None:
    assert verify_record(demo_record, workers=2).ok


def test_it_verifies_a_zip_of_the_record(demo_record: Path, tmp_path: Path) -> None:
    archive = tmp_path / "record.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in demo_record.iterdir():
            z.write(path, f"record/{path.name}")
    assert verify_record(archive, workers=1).ok


def records_of(record: Path) -> list[bytearray]:
    data = (record / "ballots.bin").read_bytes()
    assert (len(data) - HEADER_BYTES) % RECORD == 0
    return [bytearray(data[at : at + RECORD]) for at in range(HEADER_BYTES, len(data), RECORD)]


def write_records(record: Path, records: list[bytearray]) -> None:
    header = (record / "ballots.bin").read_bytes()[:HEADER_BYTES]
    (record / "ballots.bin").write_bytes(header + b"".join(records))


def manifest_hash(record: Path) -> bytes:
    return hashlib.sha256((record / "manifest.json").read_bytes()).digest()


def test_the_record_takes_1812_bytes_per_ballot(demo_record: Path) -> None:
    assert (demo_record / "ballots.bin").stat().st_size == HEADER_BYTES + 12 * RECORD


def test_an_owner_finds_their_tracker_in_the_record(demo_record: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tracker = tracker_of(bytes(records_of(demo_record)[3]), manifest_hash(demo_record))
    assert main(["verify", str(demo_record), "--tracker", tracker, "--workers", "1"]) == 0
    assert "在记录中" in capsys.readouterr().out
    assert main(["verify", str(demo_record), "--tracker", "0" * 64, "--workers", "1"]) == 1


# --- faults (the whole catalogue of tampered records is in test_tampering.py) -----------------


def copy_of(record: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(record, tmp_path / "copy"))


def edit_json(path: Path, change: Callable[[Any], None]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def fault_of(record: Path) -> FaultCode | None:
    report = verify_record(record, workers=1)
    return None if report.fault is None else report.fault.code


def tally_measure(data: dict[str, Any]) -> dict[str, Any]:
    return data["contests"][0]["options"][1]["area"]


def test_a_fault_names_the_ballot_trustee_slot_or_total(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    edit_json(
        record / "election.json", lambda d: d["trustees"][1]["commitments"][3].__setitem__(2, d["election_keys"][0])
    )
    report = verify_record(record, workers=1)
    assert report.fault is not None and report.fault.code == FaultCode.TRUSTEE_COMMITMENT
    assert "trustee 2" in report.fault.where and "slot 3, coefficient 2" in report.fault.where
    record = copy_of(demo_record, tmp_path / "again")
    edit_json(
        record / "tally.json",
        lambda d: tally_measure(d)["partials"][1].__setitem__(
            "share", d["contests"][0]["options"][0]["area"]["combined"]
        ),
    )
    report = verify_record(record, workers=1)
    assert report.fault is not None and report.fault.code == FaultCode.PARTIAL_DECRYPTION
    assert report.fault.where.startswith("trustee ") and "committee/李四/area" in report.fault.where


def test_a_duplicated_ballot_is_named_by_its_place(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    records = records_of(record)
    write_records(record, [*records, records[7]])
    report = verify_record(record, workers=1)
    assert report.fault is not None and report.fault.code == FaultCode.BALLOT_DUPLICATE
    assert report.fault.where.startswith("ballot 13 ")


def test_a_missing_record_is_unreadable(tmp_path: Path) -> None:
    assert fault_of(tmp_path / "nothing") == FaultCode.RECORD_UNREADABLE


def test_the_cli_names_the_fault_and_exits_1(
    demo_record: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = copy_of(demo_record, tmp_path)
    edit_json(record / "tally.json", lambda d: tally_measure(d).__setitem__("count", 0))
    assert main(["verify", str(record), "--workers", "1"]) == 1
    out = capsys.readouterr().out
    assert "核验未通过" in out and "[count]" in out


def test_the_cli_runs_a_demo_that_verifies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "demo"
    assert (
        main(
            [
                "crypto",
                "demo",
                "--out",
                str(out),
                "--ballots",
                "6",
                "--trustees",
                "3",
                "--threshold",
                "2",
                "--workers",
                "1",
            ]
        )
        == 0
    )
    assert main(["verify", str(out), "--workers", "1"]) == 0
    assert "核验通过" in capsys.readouterr().out
