"""`huanjie verify`: the demo record passes; each tampered copy fails with its fault named."""

from __future__ import annotations

import base64
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from huanjie.crypto.ballot import tracker_of
from huanjie.crypto.cli import main
from huanjie.crypto.faults import FaultCode
from huanjie.crypto.group import G, Scalar
from huanjie.crypto.manifest import Manifest
from huanjie.crypto.record import HEADER_BYTES
from huanjie.crypto.verifier import verify_record

RECORD = 1812  # bytes per ballot of the demo's manifest (9 candidates, at most 7; 2 motions)


def test_the_demo_record_verifies(demo_record: Path) -> None:
    report = verify_record(demo_record, workers=1)
    assert report.ok, report.fault
    assert report.ballots == 12
    assert report.decrypting and len(report.decrypting) == 3


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
    return Manifest.from_dict(json.loads((record / "manifest.json").read_text())).hash()


def test_the_record_takes_1812_bytes_per_ballot(demo_record: Path) -> None:
    assert (demo_record / "ballots.bin").stat().st_size == HEADER_BYTES + 12 * RECORD


def test_an_owner_finds_their_tracker_in_the_record(demo_record: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tracker = tracker_of(bytes(records_of(demo_record)[3]), manifest_hash(demo_record))
    assert main(["verify", str(demo_record), "--tracker", tracker, "--workers", "1"]) == 0
    assert "在记录中" in capsys.readouterr().out
    assert main(["verify", str(demo_record), "--tracker", "0" * 64, "--workers", "1"]) == 1


# --- tampering -------------------------------------------------------------------------------


def copy_of(record: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(record, tmp_path / "copy"))


def edit_json(path: Path, change: Callable[[Any], None]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def edit_ballot(record: Path, index: int, change: Callable[[bytearray], None]) -> None:
    records = records_of(record)
    change(records[index])
    write_records(record, records)


def nudge(raw: bytearray, at: int) -> None:
    """Add 1 to the scalar at byte offset `at`."""
    raw[at : at + 32] = Scalar(int.from_bytes(raw[at : at + 32], "little") + 1).encode()


BETAS = 4 + 16 + 32  # where the β's start in a ballot record
PROOFS = BETAS + 13 * 32  # where the proofs start: 9 × 0/1 (80 bytes each), 0..7 (368), 2 motions (128)


def other_point() -> str:
    return base64.b64encode((G * Scalar.random()).encode()).decode()


def fault_of(record: Path) -> FaultCode | None:
    report = verify_record(record, workers=1)
    return None if report.fault is None else report.fault.code


def test_a_changed_ballot_ciphertext_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)

    def swap_two_slots(raw: bytearray) -> None:
        first, second = raw[BETAS : BETAS + 32], raw[BETAS + 64 : BETAS + 96]
        raw[BETAS : BETAS + 32], raw[BETAS + 64 : BETAS + 96] = second, first

    edit_ballot(record, 4, swap_two_slots)
    assert fault_of(record) == FaultCode.BALLOT_PROOF


def test_a_changed_ballot_is_no_longer_its_owners_tracker(demo_record: Path, tmp_path: Path) -> None:
    report = verify_record(demo_record, workers=1)
    hash_ = manifest_hash(demo_record)
    assert report.trackers == {tracker_of(bytes(r), hash_) for r in records_of(demo_record)}
    changed = records_of(demo_record)[4]
    changed[-1] ^= 1
    assert tracker_of(bytes(changed), hash_) not in report.trackers


def test_a_changed_proof_response_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    edit_ballot(record, 0, lambda raw: nudge(raw, PROOFS + 5 * 80 + 16 + 32))
    report = verify_record(record, workers=1)
    assert report.fault is not None and report.fault.code == FaultCode.BALLOT_PROOF
    assert "ballot 1 " in report.fault.where


def test_a_changed_branch_challenge_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    edit_ballot(record, 2, lambda raw: raw.__setitem__(PROOFS + 9 * 80, raw[PROOFS + 9 * 80] ^ 0x80))
    assert fault_of(record) == FaultCode.BALLOT_PROOF


def test_a_ballot_holding_a_non_point_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    edit_ballot(record, 2, lambda raw: raw.__setitem__(slice(BETAS, BETAS + 32), b"\xff" * 32))
    assert fault_of(record) == FaultCode.BALLOT_FORMAT


def test_a_truncated_ballot_file_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    data = (record / "ballots.bin").read_bytes()
    (record / "ballots.bin").write_bytes(data[:-1])
    assert fault_of(record) == FaultCode.BALLOT_FORMAT


def test_a_dropped_ballot_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    records = records_of(record)
    write_records(record, records[:5] + records[6:])
    assert fault_of(record) == FaultCode.PARTICIPATION


def test_a_duplicated_ballot_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    records = records_of(record)
    write_records(record, [*records, records[7]])
    report = verify_record(record, workers=1)
    assert report.fault is not None and report.fault.code == FaultCode.BALLOT_DUPLICATE
    assert report.fault.where.startswith("ballot 13 ")


def test_a_ballot_from_outside_the_roster_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    edit_ballot(record, 3, lambda raw: raw.__setitem__(slice(0, 4), (99999).to_bytes(4, "big")))
    assert fault_of(record) == FaultCode.BALLOT_UNKNOWN_ENTITY


def test_a_ballot_moved_to_an_entity_that_did_not_vote_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    records = records_of(record)
    voted = {bytes(r[:4]) for r in records}
    absent = next(i for i in range(100) if i.to_bytes(4, "big") not in voted)
    records[3][:4] = absent.to_bytes(4, "big")
    write_records(record, records)
    assert fault_of(record) == FaultCode.BALLOT_PROOF


def test_a_changed_trustee_commitment_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    edit_json(record / "election.json", lambda d: d["trustees"][1]["commitments"][3].__setitem__(2, other_point()))
    report = verify_record(record, workers=1)
    assert report.fault is not None and report.fault.code == FaultCode.TRUSTEE_COMMITMENT
    assert "trustee 2" in report.fault.where and "slot 3, coefficient 2" in report.fault.where


def test_a_changed_election_key_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    edit_json(record / "election.json", lambda d: d["election_keys"].__setitem__(5, other_point()))
    assert fault_of(record) == FaultCode.ELECTION_KEY


def test_a_changed_manifest_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    edit_json(record / "manifest.json", lambda d: d["roster"][0].__setitem__("area", "999.99"))
    assert fault_of(record) == FaultCode.MANIFEST_HASH


def test_a_changed_manifest_with_a_matching_hash_is_caught_by_the_proofs(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    edit_json(record / "manifest.json", lambda d: d["roster"][0].__setitem__("area", "999.99"))
    new_hash = Manifest.from_dict(json.loads((record / "manifest.json").read_text())).hash().hex()
    edit_json(record / "election.json", lambda d: d.__setitem__("manifest_hash", new_hash))
    assert fault_of(record) == FaultCode.TRUSTEE_COMMITMENT


def tally_measure(data: dict[str, Any]) -> dict[str, Any]:
    return data["contests"][0]["options"][1]["area"]


def test_a_changed_partial_decryption_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    edit_json(record / "tally.json", lambda d: tally_measure(d)["partials"][1].__setitem__("share", other_point()))
    report = verify_record(record, workers=1)
    assert report.fault is not None and report.fault.code == FaultCode.PARTIAL_DECRYPTION
    assert "committee/" in report.fault.where


def test_a_changed_combination_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    edit_json(record / "tally.json", lambda d: tally_measure(d).__setitem__("combined", other_point()))
    assert fault_of(record) == FaultCode.COMBINATION


def test_a_changed_final_count_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    edit_json(record / "tally.json", lambda d: tally_measure(d).__setitem__("count", tally_measure(d)["count"] + 1))
    assert fault_of(record) == FaultCode.COUNT


def test_a_changed_tally_ciphertext_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    other = base64.b64encode((G * 2).encode() + (G * 3).encode()).decode()
    edit_json(record / "tally.json", lambda d: tally_measure(d).__setitem__("ciphertext", other))
    assert fault_of(record) == FaultCode.TALLY_AGGREGATE


def test_a_changed_abstain_count_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)

    def change(d: dict[str, Any]) -> None:
        abstain = d["contests"][1]["options"][2]
        assert abstain["option"] == "abstain"
        abstain["area"]["count"] += 1

    edit_json(record / "tally.json", change)
    assert fault_of(record) == FaultCode.COUNT


def test_a_changed_result_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    edit_json(
        record / "tally.json",
        lambda d: d["result"]["contests"][1].__setitem__("passed", not d["result"]["contests"][1]["passed"]),
    )
    assert fault_of(record) == FaultCode.RESULT


def test_too_few_decrypting_trustees_are_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    edit_json(record / "tally.json", lambda d: d["decrypting_trustees"].pop())
    assert fault_of(record) == FaultCode.DECRYPTING_TRUSTEES


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
