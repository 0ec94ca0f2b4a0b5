"""The election record: what is published so that anyone can check the election.

A directory (or a ZIP of it) holding four files:

- `manifest.json`  — contests, trustees, threshold, the roster with areas (`Manifest`);
- `election.json`  — the manifest's SHA-256, every trustee's commitments with their proofs,
  and the election key;
- `ballots.jsonl`  — one encrypted ballot per line, with its tracker;
- `tally.json`     — per contest and option, the headcount and area ciphertexts, every
  trustee's partial decryption with its proof, the combination, the count, and the result.

Points, scalars and ciphertexts are base64 of their canonical bytes; areas in the tally are
whole hundredths of a square metre, in the result two-decimal strings as `huanjie tally` prints.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from huanjie.crypto.ballot import EncryptedBallot
from huanjie.crypto.encoding import b64, unb64
from huanjie.crypto.group import Point
from huanjie.crypto.manifest import Manifest
from huanjie.crypto.proofs import SchnorrProof
from huanjie.crypto.trustees import TrusteePublic

FILES = ("manifest.json", "election.json", "ballots.jsonl", "tally.json")


@dataclass(frozen=True, slots=True)
class Record:
    manifest: dict[str, Any]
    election: dict[str, Any]
    ballot_lines: list[str]
    tally: dict[str, Any]


def read_record(path: Path) -> Record:
    """From a directory or a ZIP file; OSError, KeyError or ValueError if it is not one."""
    if path.is_dir():
        texts = {name: (path / name).read_text(encoding="utf-8") for name in FILES}
    else:
        with zipfile.ZipFile(path) as archive:
            prefix = _zip_prefix(archive.namelist())
            texts = {name: archive.read(prefix + name).decode("utf-8") for name in FILES}
    lines = [line for line in texts["ballots.jsonl"].splitlines() if line.strip()]
    return Record(
        json.loads(texts["manifest.json"]), json.loads(texts["election.json"]), lines, json.loads(texts["tally.json"])
    )


def _zip_prefix(names: list[str]) -> str:
    for name in names:
        if name.endswith("manifest.json"):
            return name[: -len("manifest.json")]
    raise KeyError("manifest.json")


def write_record(
    out: Path,
    manifest: Manifest,
    trustees: Sequence[TrusteePublic],
    key: Point,
    ballots: Sequence[EncryptedBallot],
    tally: dict[str, Any],
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    manifest_hash = manifest.hash()
    _write_json(out / "manifest.json", manifest.to_dict())
    _write_json(out / "election.json", ceremony_to_dict(manifest_hash, trustees, key))
    with (out / "ballots.jsonl").open("w", encoding="utf-8", newline="\n") as f:
        for ballot in ballots:
            f.write(json.dumps(ballot.to_dict(manifest_hash), ensure_ascii=False, separators=(",", ":")) + "\n")
    _write_json(out / "tally.json", tally)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8", newline="\n")


def ceremony_to_dict(manifest_hash: bytes, trustees: Sequence[TrusteePublic], key: Point) -> dict[str, Any]:
    return {
        "manifest_hash": manifest_hash.hex(),
        "trustees": [
            {
                "index": t.index,
                "name": t.name,
                "commitments": [b64(c.encode()) for c in t.commitments],
                "proofs": [b64(p.encode()) for p in t.proofs],
            }
            for t in trustees
        ],
        "election_key": b64(key.encode()),
    }


def trustees_from_dict(data: dict[str, Any]) -> list[TrusteePublic]:
    """Every commitment validated as a group element (`Point.decode`); ValueError otherwise."""
    return [
        TrusteePublic(
            int(t["index"]),
            str(t["name"]),
            tuple(Point.decode(unb64(c)) for c in t["commitments"]),
            tuple(SchnorrProof.decode(unb64(p)) for p in t["proofs"]),
        )
        for t in data["trustees"]
    ]
