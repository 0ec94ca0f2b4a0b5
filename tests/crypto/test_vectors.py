"""docs/crypto-vectors/ is what the code writes, and what docs/crypto.md's formulas give.

The second half recomputes each vector the way an independent verifier would from the
document alone: its own transcript encoder over hashlib, the record layout of §6, the
verification equations of §5–§7, the Lagrange formula of §7.
"""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from huanjie.crypto.group import G, GroupError, L, Point, Scalar
from huanjie.crypto.verifier import verify_record
from tests.crypto.vectorgen import VECTORS, generate

V: dict[str, Any] = json.loads((VECTORS / "vectors.json").read_text(encoding="utf-8"))


def test_the_committed_vectors_are_what_the_code_writes() -> None:
    generated = generate()
    committed = {str(p.relative_to(VECTORS)) for p in VECTORS.rglob("*") if p.is_file()}
    assert committed == set(generated)
    for name, data in generated.items():
        assert (VECTORS / name).read_bytes() == data, f"{name}: run python -m tests.crypto.vectorgen --write"


def test_the_vector_record_verifies_with_its_result() -> None:
    report = verify_record(VECTORS / "record", workers=1)
    assert report.ok, report.fault
    assert report.result == V["record"]["result"] and report.decrypting == V["record"]["decrypting_trustees"]
    assert hashlib.sha256((VECTORS / "record" / "manifest.json").read_bytes()).hexdigest() == V["manifest_hash"]


# --- from the document alone --------------------------------------------------------------------


def item(kind: str, data: bytes) -> bytes:
    return kind.encode() + len(data).to_bytes(4, "big") + data


def start(domain: str) -> bytes:
    return item("b", b"huanjie-crypto/v2") + item("t", domain.encode()) + item("b", bytes.fromhex(V["manifest_hash"]))


def integer(value: int) -> bytes:
    return item("i", value.to_bytes(8, "big", signed=True))


def points(*ps: Point) -> bytes:
    return b"".join(item("P", p.data) for p in ps)


def full(encoded: bytes) -> Scalar:
    return Scalar(int.from_bytes(hashlib.sha512(encoded).digest(), "little"))


def point(hex_: str) -> Point:
    return Point.decode(bytes.fromhex(hex_))


def scalar(hex_: str) -> Scalar:
    return Scalar.decode(bytes.fromhex(hex_))


def test_the_group_vectors() -> None:
    group = V["group"]
    assert int(group["L"]) == L and point(group["G"]) == G and point(group["2G"]) == G + G
    assert point(group["identity"]).is_identity
    for refused in group["refused_points"]:
        with pytest.raises(GroupError):
            point(refused["hex"])
    for refused in group["refused_scalars"]:
        with pytest.raises(GroupError):
            scalar(refused["hex"])


@pytest.mark.parametrize("name", ["schnorr", "chaum_pedersen"])
def test_a_transcript_is_its_items_typed_and_length_prefixed(name: str) -> None:
    transcript = V[name]["transcript"]
    encoded = b"".join(item(kind, bytes.fromhex(data)) for kind, data in transcript["items"])
    digest = hashlib.sha512(encoded).digest()
    assert encoded.hex() == transcript["bytes"] and digest.hex() == transcript["sha512"]
    assert full(encoded).encode().hex() == transcript["challenge"]
    assert digest[:16].hex() == transcript["challenge128"]


def test_the_schnorr_vector() -> None:
    v = V["schnorr"]
    public = point(v["A"])
    assert G * scalar(v["secret_a"]) == public
    proof = bytes.fromhex(v["proof"])
    c, response = Scalar.decode(proof[:32]), Scalar.decode(proof[32:])
    t = G * response - public * c
    assert t == point(v["t"])
    encoded = (
        start("coefficient") + integer(v["trustee"]) + integer(v["slot"]) + integer(v["degree"]) + points(public, t)
    )
    assert full(encoded) == c


def test_the_chaum_pedersen_vector() -> None:
    v = V["chaum_pedersen"]
    x, base = scalar(v["secret_x"]), point(v["A"])
    public, share = point(v["X"]), point(v["D"])
    assert G * x == public and base * x == share
    proof = bytes.fromhex(v["proof"])
    c, response = Scalar.decode(proof[:32]), Scalar.decode(proof[32:])
    a, b = G * response - public * c, base * response - share * c
    assert (a, b) == (point(v["a"]), point(v["b"]))
    encoded = start("partial-decryption") + item("t", v["label"].encode()) + integer(v["trustee"])
    assert full(encoded + points(public, base, share, a, b)) == c


def ballot_keys() -> list[Point]:
    election = json.loads((VECTORS / "record" / "election.json").read_text(encoding="utf-8"))
    return [Point.decode(base64.b64decode(k)) for k in election["election_keys"]]


def test_the_ballot_vector_from_its_record_bytes() -> None:
    v = V["ballot"]
    keys = ballot_keys()
    record = bytes.fromhex(v["record"])
    assert len(record) == 1812 and int.from_bytes(record[:4], "big") == v["entity_number"]
    c = int.from_bytes(record[4:20], "little")
    assert c == int.from_bytes(bytes.fromhex(v["challenge128"]), "little")
    alpha = Point.decode(record[20:52])
    betas = [Point.decode(record[52 + 32 * s : 84 + 32 * s]) for s in range(13)]
    r = scalar(v["nonce_r"])
    assert alpha == G * r
    assert all(b == G * m + k * r for b, m, k in zip(betas, v["slot_values"], keys, strict=True))
    digest = hashlib.sha256(b"".join(k.data for k in keys)).digest()
    assert digest.hex() == v["keys_digest"]
    encoded = start("ballot") + item("b", digest) + item("t", v["entity"].encode()) + points(alpha, *betas)
    at = 52 + 32 * 13
    for proof in v["proofs"]:
        n = len(proof["branches"])
        stored = record[at : at + 16 * (n - 1) + 32 * n]
        assert stored.hex() == proof["stored"]
        at += len(stored)
        challenges = [int.from_bytes(stored[16 * j : 16 * j + 16], "little") for j in range(n - 1)]
        challenges.append((c - sum(challenges)) % 2**128)
        responses = [Scalar.decode(stored[16 * (n - 1) + 32 * j : 16 * (n - 1) + 32 * j + 32]) for j in range(n)]
        if proof["summed"]:
            pairs = [(sum_of(keys[t] for t in proof["slots"]), sum_of(betas[t] for t in proof["slots"]))]
        else:
            pairs = [(keys[t], betas[t]) for t in proof["slots"]]
        commitments = []
        for branch, cj, vj in zip(proof["branches"], challenges, responses, strict=True):
            commitments.append(G * vj - alpha * cj)
            commitments += [key * vj - (y - G * m) * cj for (key, y), m in zip(pairs, branch, strict=True)]
        assert [p.data.hex() for p in commitments] == proof["commitments"]
        encoded += points(*commitments)
    assert at == len(record)
    assert hashlib.sha512(encoded).digest()[:16] == record[4:20]
    tracker = hashlib.sha256(b"huanjie-crypto/v2/tracker" + bytes.fromhex(V["manifest_hash"]) + record).hexdigest()
    assert tracker == v["tracker"]


def sum_of(ps: Any) -> Point:
    total = Point.decode(bytes(32))
    for p in ps:
        total = total + p
    return total


def test_the_lagrange_coefficients() -> None:
    for case in V["lagrange"]:
        group = case["trustees"]
        for trustee in group:
            value = 1
            for other in group:
                if other != trustee:
                    value = value * other * pow(other - trustee, -1, L) % L
            assert Scalar(value).encode().hex() == case["lambda"][str(trustee)]


def test_the_vectors_directory_is_where_the_document_says() -> None:
    document = (Path(__file__).resolve().parents[2] / "docs" / "crypto.md").read_text(encoding="utf-8")
    assert "docs/crypto-vectors/" in document and "python -m tests.crypto.vectorgen --write" in document
