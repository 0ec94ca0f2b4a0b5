"""A catalogue of tampered records: each kind of field of each file altered, or a whole record
forged (`tests.crypto.forging`), with the fault `huanjie verify` must name for it.

`Tamper.apply` changes a copy of a genuine record (made by `forging.election`: 3 trustees,
threshold 2, 6 ballots of the demo's election) and returns the path to verify. `item` is the
number of the issue 17 item the attack belongs to, where it has one.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from huanjie.crypto.faults import FaultCode as F
from huanjie.crypto.group import G, L, Scalar
from huanjie.crypto.record import HEADER_BYTES
from huanjie.crypto.strictjson import canonical
from tests.crypto import forging

SLOTS = 13  # the demo's election: 9 candidates, 2 motions of 2 stored slots
RECORD = 1812  # bytes per ballot
BETAS = 4 + 16 + 32  # where the β's start in a ballot record
PROOFS = BETAS + SLOTS * 32  # where the proofs start: 9 × 0/1 (80 bytes each), 0..7 (368), 2 motions (128)
ALIAS_OF_IDENTITY = bytes(31) + b"\x80"


@dataclass(frozen=True)
class Tamper:
    name: str
    fault: F
    apply: Callable[[Path], Path]
    item: str = ""


# --- editing files ---------------------------------------------------------------------------


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def json_edit(name: str, change: Callable[[Any], object]) -> Callable[[Path], Path]:
    def apply(record: Path) -> Path:
        data = read_json(record / name)
        change(data)
        (record / name).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        return record

    return apply


def manifest_edit(change: Callable[[Any], object], *, rehash: bool = True) -> Callable[[Path], Path]:
    """Changes the manifest and writes it canonically; with `rehash`, election.json gets its new
    hash, so that nothing but the manifest's own checks (or the proofs bound to it) can object."""

    def apply(record: Path) -> Path:
        data = read_json(record / "manifest.json")
        change(data)
        raw = canonical(data)
        (record / "manifest.json").write_bytes(raw)
        if rehash:
            json_edit("election.json", lambda d: d.__setitem__("manifest_hash", hashlib.sha256(raw).hexdigest()))(
                record
            )
        return record

    return apply


def raw_edit(name: str, old: bytes, new: bytes, *, rehash: bool = False) -> Callable[[Path], Path]:
    def apply(record: Path) -> Path:
        data = (record / name).read_bytes()
        assert old in data, old
        (record / name).write_bytes(data.replace(old, new, 1))
        if rehash:
            digest = hashlib.sha256((record / name).read_bytes()).hexdigest()
            json_edit("election.json", lambda d: d.__setitem__("manifest_hash", digest))(record)
        return record

    return apply


def write(name: str, data: bytes) -> Callable[[Path], Path]:
    def apply(record: Path) -> Path:
        (record / name).write_bytes(data)
        return record

    return apply


def records(record: Path) -> list[bytearray]:
    data = (record / "ballots.bin").read_bytes()
    return [bytearray(data[at : at + RECORD]) for at in range(HEADER_BYTES, len(data), RECORD)]


def ballots_edit(change: Callable[[list[bytearray]], object]) -> Callable[[Path], Path]:
    def apply(record: Path) -> Path:
        header = (record / "ballots.bin").read_bytes()[:HEADER_BYTES]
        rows = records(record)
        change(rows)
        (record / "ballots.bin").write_bytes(header + b"".join(rows))
        return record

    return apply


def ballot_bytes(index: int, at: int, data: bytes) -> Callable[[Path], Path]:
    return ballots_edit(lambda rows: rows[index].__setitem__(slice(at, at + len(data)), data))


def nudge(raw: bytearray, at: int) -> None:
    """Add 1 to the scalar at byte offset `at`."""
    raw[at : at + 32] = Scalar(int.from_bytes(raw[at : at + 32], "little") + 1).encode()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def other_point() -> str:
    return b64((G * Scalar.random()).encode())


def top_bit(text: str) -> str:
    data = bytearray(base64.b64decode(text))
    data[31] |= 0x80
    return b64(bytes(data))


def unreduced(text: str, at: int) -> str:
    """The scalar at `at` of base64 bytes, plus L: the same value modulo L, not reduced."""
    data = bytearray(base64.b64decode(text))
    data[at : at + 32] = (int.from_bytes(data[at : at + 32], "little") + L).to_bytes(32, "little")
    return b64(bytes(data))


def forged(**hooks: Any) -> Callable[[Path], Path]:
    def apply(record: Path) -> Path:
        out = record.parent / "forged"
        return forging.election(out, **hooks)

    return apply


def zipped(record: Path, names: tuple[str, ...]) -> Path:
    archive = record.parent / "record.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for name in names:
            z.write(record / name, f"record/{name}")
    return archive


def plus_l(contest: int, option: int, measure: str) -> Callable[[Path], Path]:
    def apply(record: Path) -> Path:
        forging.count_plus_l(record, contest, option, measure)
        return record

    return apply


def unit(data: Any, entity: int = 0, index: int = 0) -> dict[str, Any]:
    return data["roster"][entity]["units"][index]  # type: ignore[no-any-return]


def committee(data: Any) -> dict[str, Any]:
    return data["contests"][0]  # type: ignore[no-any-return]


def measure(data: Any, contest: int = 0, option: int = 1, which: str = "area") -> dict[str, Any]:
    return data["contests"][contest]["options"][option][which]  # type: ignore[no-any-return]


def split_developer(data: Any) -> None:
    """The developer's units (the last entity) listed as two entities: the law makes them one."""
    developer = data["roster"][-1]
    data["roster"].append({"entity": "E99999", "units": developer["units"][1:]})
    developer["units"] = developer["units"][:1]


def merge_first_two(data: Any) -> None:
    first, second = data["roster"][0], data["roster"].pop(1)
    first["units"] += second["units"]


def last_json_key(name: str, key: str, value: str) -> Callable[[Path], Path]:
    """The file with `key` written twice in its top object: `value` first, then the real one."""

    def apply(record: Path) -> Path:
        text = (record / name).read_text(encoding="utf-8")
        at = text.index("{") + 1
        (record / name).write_text(text[:at] + f'"{key}":{value},' + text[at:], encoding="utf-8")
        return record

    return apply
