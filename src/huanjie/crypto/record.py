"""The election record: what is published so that anyone can check the election.

A directory (or a ZIP of it) holding four files, laid out exactly in docs/crypto.md §8:

- `manifest.json`  — contests, trustees, threshold, the law's settings, the roster of voting
  entities with their units (`Manifest`), in its canonical bytes: SHA-256 of this file is the
  manifest hash every proof is bound to;
- `election.json`  — the manifest hash, every trustee's commitments per slot with their
  proofs, and the election key of every slot;
- `ballots.bin`    — the encrypted ballots as fixed-size binary records (`huanjie.crypto.ballot`
  `encode_ballot`), after a 12-byte header: the magic `HJBALLOT` and the record size
  (4 bytes, big-endian). Trackers are not stored: anyone computes them from the records;
- `tally.json`     — per contest and stored option, the headcount and area ciphertexts, every
  decrypting trustee's partial decryption with its proof, the combination and the count; a
  motion's abstain counts (participation minus yes and no); and the result.

In the JSON files points, scalars and ciphertexts are base64 of their canonical bytes; areas in
the tally are whole hundredths of a square metre, in the result two-decimal strings as
`huanjie tally` prints. `huanjie.crypto.reading` reads them back, strictly.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from huanjie.crypto.ballot import ElectionContext, EncryptedBallot, encode_ballot
from huanjie.crypto.encoding import b64
from huanjie.crypto.group import Point
from huanjie.crypto.trustees import TrusteePublic

FILES = ("manifest.json", "election.json", "ballots.bin", "tally.json")
MAGIC = b"HJBALLOT"
HEADER_BYTES = len(MAGIC) + 4


def read_files(path: Path) -> dict[str, bytes]:
    """The four files' bytes, from a directory or a ZIP file; OSError, KeyError or
    zipfile.BadZipFile (a ValueError) if they are not there."""
    if path.is_dir():
        return {name: (path / name).read_bytes() for name in FILES}
    with zipfile.ZipFile(path) as archive:
        prefix = _zip_prefix(archive.namelist())
        return {name: archive.read(prefix + name) for name in FILES}


def ballot_records(data: bytes, record_bytes: int) -> list[bytes]:
    """The records of ballots.bin; ValueError unless the header and the length are right."""
    if data[: len(MAGIC)] != MAGIC or len(data) < HEADER_BYTES:
        raise ValueError("ballots.bin does not start with HJBALLOT")
    size = int.from_bytes(data[len(MAGIC) : HEADER_BYTES], "big")
    if size != record_bytes:
        raise ValueError(f"ballots.bin holds {size}-byte records, the manifest needs {record_bytes}")
    body = len(data) - HEADER_BYTES
    if body % size:
        raise ValueError(f"ballots.bin is not a whole number of {size}-byte records")
    return [data[at : at + size] for at in range(HEADER_BYTES, len(data), size)]


def ballots_file(context: ElectionContext, ballots: Iterable[EncryptedBallot]) -> bytes:
    """ballots.bin: the header, then each ballot's record in the order received."""
    header = MAGIC + context.record_bytes.to_bytes(4, "big")
    return header + b"".join(encode_ballot(context, ballot) for ballot in ballots)


def _zip_prefix(names: list[str]) -> str:
    for name in names:
        if name.endswith("manifest.json"):
            return name[: -len("manifest.json")]
    raise KeyError("manifest.json")


def write_record(
    out: Path,
    context: ElectionContext,
    trustees: Sequence[TrusteePublic],
    ballots: bytes,
    tally: dict[str, Any],
) -> None:
    """The record's files; `ballots` is ballots.bin (`ballots_file`)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "manifest.json").write_bytes(context.manifest.canonical_bytes())
    _write_json(out / "election.json", ceremony_to_dict(context.manifest_hash, trustees, context.keys))
    (out / "ballots.bin").write_bytes(ballots)
    _write_json(out / "tally.json", tally)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8", newline="\n")


def ceremony_to_dict(manifest_hash: bytes, trustees: Sequence[TrusteePublic], keys: Sequence[Point]) -> dict[str, Any]:
    return {
        "manifest_hash": manifest_hash.hex(),
        "trustees": [
            {
                "index": t.index,
                "name": t.name,
                "commitments": [[b64(c.encode()) for c in slot] for slot in t.commitments],
                "proofs": [[b64(p.encode()) for p in slot] for slot in t.proofs],
            }
            for t in trustees
        ],
        "election_keys": [b64(key.encode()) for key in keys],
    }
