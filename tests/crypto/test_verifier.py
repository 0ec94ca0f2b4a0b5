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

from huanjie.crypto.ballot import decode_ballot
from huanjie.crypto.cli import main
from huanjie.crypto.faults import FaultCode
from huanjie.crypto.group import G, Scalar
from huanjie.crypto.manifest import Manifest
from huanjie.crypto.verifier import verify_record


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


def test_an_owner_finds_their_tracker_in_the_record(demo_record: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tracker = json.loads((demo_record / "ballots.jsonl").read_text().splitlines()[3])["tracker"]
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


def edit_ballot(record: Path, index: int, change: Callable[[dict[str, Any]], None], *, retrack: bool) -> None:
    """Change ballot `index`; with `retrack`, also give it the tracker of its new content."""
    path = record / "ballots.jsonl"
    lines = path.read_text().splitlines()
    data = json.loads(lines[index])
    change(data)
    if retrack:
        manifest = Manifest.from_dict(json.loads((record / "manifest.json").read_text()))
        data["tracker"] = decode_ballot(data, manifest).tracker(manifest.hash())
    lines[index] = json.dumps(data, ensure_ascii=False)
    path.write_text("\n".join(lines) + "\n")


def nudge(encoded: str, at: int) -> str:
    """Add 1 to the scalar at byte offset `at` of a base64 string of scalars."""
    raw = bytearray(base64.b64decode(encoded))
    s = Scalar(int.from_bytes(raw[at : at + 32], "little") + 1)
    raw[at : at + 32] = s.encode()
    return base64.b64encode(bytes(raw)).decode()


def other_point() -> str:
    return base64.b64encode((G * Scalar.random()).encode()).decode()


def fault_of(record: Path) -> FaultCode | None:
    report = verify_record(record, workers=1)
    return None if report.fault is None else report.fault.code


def test_a_changed_ballot_ciphertext_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)

    def swap_halves(data: dict[str, Any]) -> None:
        raw = base64.b64decode(data["contests"][0]["ciphertexts"][2])
        data["contests"][0]["ciphertexts"][2] = base64.b64encode(raw[32:] + raw[:32]).decode()

    edit_ballot(record, 4, swap_halves, retrack=True)
    assert fault_of(record) == FaultCode.BALLOT_PROOF


def test_a_changed_ballot_without_a_new_tracker_is_caught_by_its_tracker(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    edit_ballot(record, 4, lambda d: d["contests"][1]["ciphertexts"].reverse(), retrack=False)
    assert fault_of(record) == FaultCode.BALLOT_TRACKER


def test_a_changed_proof_response_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)

    def change(data: dict[str, Any]) -> None:
        data["contests"][0]["proofs"][5] = nudge(data["contests"][0]["proofs"][5], 64)

    edit_ballot(record, 0, change, retrack=True)
    report = verify_record(record, workers=1)
    assert report.fault is not None and report.fault.code == FaultCode.BALLOT_PROOF
    assert "ballot 1 " in report.fault.where


def test_a_ballot_holding_a_non_point_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    edit_ballot(
        record,
        2,
        lambda d: d["contests"][0]["ciphertexts"].__setitem__(0, base64.b64encode(b"\xff" * 64).decode()),
        retrack=False,
    )
    assert fault_of(record) == FaultCode.BALLOT_FORMAT


def test_a_dropped_ballot_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    lines = (record / "ballots.jsonl").read_text().splitlines()
    (record / "ballots.jsonl").write_text("\n".join(lines[:5] + lines[6:]) + "\n")
    assert fault_of(record) == FaultCode.PARTICIPATION


def test_a_duplicated_ballot_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    lines = (record / "ballots.jsonl").read_text().splitlines()
    (record / "ballots.jsonl").write_text("\n".join([*lines, lines[7]]) + "\n")
    report = verify_record(record, workers=1)
    assert report.fault is not None and report.fault.code == FaultCode.BALLOT_DUPLICATE
    assert report.fault.where.startswith("ballot 13 ")


def test_a_ballot_from_outside_the_roster_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    edit_ballot(record, 3, lambda d: d.__setitem__("entity", "E99999"), retrack=True)
    assert fault_of(record) == FaultCode.BALLOT_UNKNOWN_ENTITY


def test_a_changed_trustee_commitment_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    edit_json(record / "election.json", lambda d: d["trustees"][1]["commitments"].__setitem__(2, other_point()))
    report = verify_record(record, workers=1)
    assert report.fault is not None and report.fault.code == FaultCode.TRUSTEE_COMMITMENT
    assert "trustee 2" in report.fault.where and "coefficient 2" in report.fault.where


def test_a_changed_election_key_is_caught(demo_record: Path, tmp_path: Path) -> None:
    record = copy_of(demo_record, tmp_path)
    edit_json(record / "election.json", lambda d: d.__setitem__("election_key", other_point()))
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
