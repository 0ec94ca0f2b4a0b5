"""Reading the record's three JSON files strictly into typed values (docs/crypto.md §8).

Every key, type, size and encoding is checked here, before any cryptography: whatever is
malformed becomes a named fault (`huanjie.crypto.faults`) with the path of the value, never an
exception of some library. What follows — do the proofs hold, do the sums match — is the
verifier's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from huanjie.crypto.decryption import PartialDecryption
from huanjie.crypto.elgamal import CIPHERTEXT_BYTES, Ciphertext
from huanjie.crypto.faults import Fault, FaultCode, VerificationFailed
from huanjie.crypto.group import POINT_BYTES, GroupError, Point
from huanjie.crypto.manifest import COUNT_RULES, FORMAT, Entity, Manifest, ManifestError, options
from huanjie.crypto.proofs import ChaumPedersenProof, SchnorrProof
from huanjie.crypto.strictjson import Schema, load
from huanjie.crypto.trustees import TrusteePublic
from huanjie.rules import RULES, Contest, Election, JoinRule, Matter, Motion, RankKey, Unit, UnitStatus, WriteInRule

PROOF_BYTES = 64  # a Schnorr or Chaum–Pedersen proof: challenge and response, 32 bytes each
AREA = re.compile(r"(0|[1-9][0-9]{0,7})\.[0-9]{2}")
HASH_HEX = re.compile(r"[0-9a-f]{64}")
MANIFEST_KEYS = ("format", "group", "hash", "election", "title", "rules", "trustees", "threshold", "contests", "roster")
ELECTION_KEYS = ("id", "kind", "matter", "seats", "max_choices", "candidates", "rank_by")


def read_manifest(raw: bytes) -> Manifest:
    """manifest.json: its schema, the manifest's own rules (`Manifest`), then that the file is
    exactly the manifest's canonical bytes — the bytes that are hashed."""
    s = Schema(FaultCode.MANIFEST_SCHEMA, "manifest.json")
    top = s.object(load(raw, "manifest.json"), "(top)", MANIFEST_KEYS)
    s.one_of(top["format"], "format", (FORMAT,))
    s.one_of(top["group"], "group", ("ristretto255",))
    s.one_of(top["hash"], "hash", ("sha512",))
    rules = s.object(top["rules"], "rules", ("profile", "count", "join", "write_in"))
    s.one_of(rules["profile"], "rules.profile", (RULES,))
    s.one_of(rules["count"], "rules.count", (COUNT_RULES,))
    join = JoinRule(s.one_of(rules["join"], "rules.join", [j.value for j in JoinRule]))
    write_in = WriteInRule(s.one_of(rules["write_in"], "rules.write_in", [w.value for w in WriteInRule]))
    trustees = tuple(
        s.text(t, f"trustees[{i}]") for i, t in enumerate(s.array(top["trustees"], "trustees", at_least=1))
    )
    threshold = s.integer(top["threshold"], "threshold", 1, len(trustees))
    contests = tuple(_contest(s, c, f"contests[{i}]") for i, c in enumerate(s.array(top["contests"], "contests")))
    entities = s.array(top["roster"], "roster")
    try:
        roster = tuple(_entity(s, e, f"roster[{i}]") for i, e in enumerate(entities))
        manifest = Manifest(
            s.text(top["election"], "election"), s.text(top["title"], "title"), trustees, threshold, contests, roster,
            join, write_in,
        )  # fmt: skip
    except ManifestError as error:
        raise s.fail("(content)", str(error), error.code) from None
    _check_canonical(raw, manifest.canonical_bytes())
    return manifest


def _contest(s: Schema, value: Any, path: str) -> Contest:
    kind = s.one_of(value.get("kind") if isinstance(value, dict) else None, f"{path}.kind", ("election", "motion"))
    data = s.object(value, path, ELECTION_KEYS if kind == "election" else ("id", "kind", "matter"))
    contest_id = s.text(data["id"], f"{path}.id")
    matter = Matter.from_spec_name(s.one_of(data["matter"], f"{path}.matter", [m.spec_name for m in Matter]))
    if kind == "motion":
        return Motion(contest_id, matter)
    candidates = s.array(data["candidates"], f"{path}.candidates", at_least=1)
    rank_by = s.array(data["rank_by"], f"{path}.rank_by", at_least=1)
    return Election(
        contest_id,
        matter,
        s.integer(data["seats"], f"{path}.seats", 1),
        tuple(s.text(name, f"{path}.candidates[{i}]") for i, name in enumerate(candidates)),
        s.integer(data["max_choices"], f"{path}.max_choices", 1, len(candidates)),
        tuple(RankKey(s.one_of(k, f"{path}.rank_by[{i}]", [r.value for r in RankKey])) for i, k in enumerate(rank_by)),
    )


def _entity(s: Schema, value: Any, path: str) -> Entity:
    data = s.object(value, path, ("entity", "units"))
    units = s.array(data["units"], f"{path}.units", at_least=1)
    return Entity(
        s.text(data["entity"], f"{path}.entity"), tuple(_unit(s, u, f"{path}.units[{i}]") for i, u in enumerate(units))
    )


def _unit(s: Schema, value: Any, path: str) -> Unit:
    data = s.object(value, path, ("unit", "area", "owners", "status"))
    area = data["area"]
    if not isinstance(area, str) or not AREA.fullmatch(area):
        shown = area if isinstance(area, str) else type(area).__name__
        raise s.fail(f"{path}.area", f"{shown!r}: m² as digits with exactly two decimals", FaultCode.MANIFEST_AREA)
    owners = s.array(data["owners"], f"{path}.owners")
    return Unit(
        s.text(data["unit"], f"{path}.unit"),
        Decimal(area),
        frozenset(s.text(o, f"{path}.owners[{i}]") for i, o in enumerate(owners)),
        UnitStatus(s.one_of(data["status"], f"{path}.status", [u.value for u in UnitStatus])),
    )


def _check_canonical(raw: bytes, canonical: bytes) -> None:
    if raw == canonical:
        return
    at = next(
        (i for i, (a, b) in enumerate(zip(raw, canonical, strict=False)) if a != b), min(len(raw), len(canonical))
    )
    found = raw[max(0, at - 12) : at + 12].decode("utf-8", "replace")
    wanted = canonical[max(0, at - 12) : at + 12].decode("utf-8", "replace")
    raise VerificationFailed(
        Fault(FaultCode.MANIFEST_NOT_CANONICAL, f"manifest.json: byte {at}: {found!r}, canonical {wanted!r}")
    )


# --- election.json ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CeremonyRecord:
    manifest_hash: str  # 64 lowercase hex digits
    trustees: tuple[TrusteePublic, ...]
    keys: tuple[Point, ...]  # H_s per slot


def read_ceremony(raw: bytes, slots: int, threshold: int) -> CeremonyRecord:
    s = Schema(FaultCode.CEREMONY_FORMAT, "election.json")
    top = s.object(load(raw, "election.json"), "(top)", ("manifest_hash", "trustees", "election_keys"))
    manifest_hash = top["manifest_hash"]
    if not isinstance(manifest_hash, str) or not HASH_HEX.fullmatch(manifest_hash):
        raise s.fail("manifest_hash", "expected 64 lowercase hexadecimal digits")
    trustees = tuple(
        _trustee(s, t, f"trustees[{i}]", slots, threshold) for i, t in enumerate(s.array(top["trustees"], "trustees"))
    )
    keys = _exactly(s, top["election_keys"], "election_keys", slots)
    return CeremonyRecord(
        manifest_hash, trustees, tuple(point(s, k, f"election_keys[{i}]") for i, k in enumerate(keys))
    )


def _trustee(s: Schema, value: Any, path: str, slots: int, threshold: int) -> TrusteePublic:
    data = s.object(value, path, ("index", "name", "commitments", "proofs"))
    commitments = _exactly(s, data["commitments"], f"{path}.commitments", slots)
    proofs = _exactly(s, data["proofs"], f"{path}.proofs", slots)
    return TrusteePublic(
        s.integer(data["index"], f"{path}.index", 1),
        s.text(data["name"], f"{path}.name"),
        tuple(
            tuple(
                point(s, c, f"{path}.commitments[{slot}][{j}]")
                for j, c in enumerate(_exactly(s, row, f"{path}.commitments[{slot}]", threshold))
            )
            for slot, row in enumerate(commitments)
        ),
        tuple(
            tuple(
                _schnorr(s, p, f"{path}.proofs[{slot}][{j}]")
                for j, p in enumerate(_exactly(s, row, f"{path}.proofs[{slot}]", threshold))
            )
            for slot, row in enumerate(proofs)
        ),
    )


def _exactly(s: Schema, value: Any, path: str, count: int) -> list[Any]:
    items = s.array(value, path)
    if len(items) != count:
        raise s.fail(path, f"expected {count} entries, got {len(items)}")
    return items


def point(s: Schema, value: Any, path: str) -> Point:
    try:
        return Point.decode(s.base64(value, path, POINT_BYTES))
    except GroupError as error:
        raise s.fail(path, str(error)) from None


def _schnorr(s: Schema, value: Any, path: str) -> SchnorrProof:
    try:
        return SchnorrProof.decode(s.base64(value, path, PROOF_BYTES))
    except GroupError as error:
        raise s.fail(path, str(error)) from None


# --- tally.json ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MeasureRecord:
    """One decrypted total: the tally ciphertext, each trustee's part, their combination, the count."""

    ciphertext: Ciphertext
    partials: tuple[PartialDecryption, ...]
    combined: Point
    count: int


@dataclass(frozen=True, slots=True)
class TallyRecord:
    decrypting: tuple[int, ...]
    headcount: int  # participating entities
    area: int  # their area in 0.01 m²
    measures: tuple[tuple[MeasureRecord, MeasureRecord], ...]  # (headcount, area) per stored option, in slot order
    abstains: tuple[tuple[int, int], ...]  # (headcount, area) per motion, in manifest order
    result: Any


def read_tally(raw: bytes, manifest: Manifest) -> TallyRecord:
    s = Schema(FaultCode.TALLY_FORMAT, "tally.json")
    top = s.object(load(raw, "tally.json"), "(top)", ("decrypting_trustees", "participating", "contests", "result"))
    decrypting = s.array(top["decrypting_trustees"], "decrypting_trustees")
    participating = s.object(top["participating"], "participating", ("headcount", "area"))
    contests = _exactly(s, top["contests"], "contests", len(manifest.contests))
    measures: list[tuple[MeasureRecord, MeasureRecord]] = []
    abstains: list[tuple[int, int]] = []
    for i, (contest, entry) in enumerate(zip(manifest.contests, contests, strict=True)):
        path = f"contests[{i}]"
        data = s.object(entry, path, ("id", "options"))
        if data["id"] != contest.id:
            raise s.fail(f"{path}.id", f"expected {contest.id!r} (the manifest's order)")
        rows = _exactly(s, data["options"], f"{path}.options", len(options(contest)))
        for j, (option, row) in enumerate(zip(options(contest), rows, strict=True)):
            where = f"{path}.options[{j}]"
            row = s.object(row, where, ("option", "headcount", "area"))
            if row["option"] != option:
                raise s.fail(f"{where}.option", f"expected {option!r} (the manifest's order)")
            if isinstance(contest, Motion) and j == 2:  # abstain: derived, counts only
                abstains.append(
                    tuple(  # type: ignore[arg-type]  # two measures
                        s.integer(s.object(row[m], f"{where}.{m}", ("count",))["count"], f"{where}.{m}.count")
                        for m in ("headcount", "area")
                    )
                )
                continue
            measures.append(
                (_measure(s, row["headcount"], f"{where}.headcount"), _measure(s, row["area"], f"{where}.area"))
            )
    return TallyRecord(
        tuple(s.integer(t, f"decrypting_trustees[{i}]") for i, t in enumerate(decrypting)),
        s.integer(participating["headcount"], "participating.headcount"),
        s.integer(participating["area"], "participating.area"),
        tuple(measures),
        tuple(abstains),
        top["result"],
    )


def _measure(s: Schema, value: Any, path: str) -> MeasureRecord:
    data = s.object(value, path, ("ciphertext", "partials", "combined", "count"))
    try:
        ciphertext = Ciphertext.decode(s.base64(data["ciphertext"], f"{path}.ciphertext", CIPHERTEXT_BYTES))
    except GroupError as error:
        raise s.fail(f"{path}.ciphertext", str(error)) from None
    partials = tuple(
        _partial(s, p, f"{path}.partials[{i}]") for i, p in enumerate(s.array(data["partials"], f"{path}.partials"))
    )
    return MeasureRecord(
        ciphertext, partials, point(s, data["combined"], f"{path}.combined"), s.integer(data["count"], f"{path}.count")
    )


def _partial(s: Schema, value: Any, path: str) -> PartialDecryption:
    data = s.object(value, path, ("trustee", "share", "proof"))
    try:
        proof = ChaumPedersenProof.decode(s.base64(data["proof"], f"{path}.proof", PROOF_BYTES))
    except GroupError as error:
        raise s.fail(f"{path}.proof", str(error)) from None
    return PartialDecryption(
        s.integer(data["trustee"], f"{path}.trustee"), point(s, data["share"], f"{path}.share"), proof
    )
