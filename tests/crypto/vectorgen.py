"""The test vectors of docs/crypto.md §12, made with deterministic randomness.

    python -m tests.crypto.vectorgen --write     # rewrite docs/crypto-vectors/

Every random draw of `huanjie.crypto` (`secrets.randbelow`, in `group` and `proofs`) is taken,
while `deterministic()` is on, from SHA-512(`huanjie-crypto-vectors` ‖ counter, 8 bytes BE)
read LE modulo the bound — reproducible, and therefore never for a real election.
`tests/crypto/test_vectors.py` checks that the committed files are what this writes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from huanjie.crypto import group, proofs
from huanjie.crypto.ballot import (
    TRACKER_TAG,
    ElectionContext,
    encode_ballot,
    encrypt_slots,
    prove,
    provers_for,
    slot_values,
    true_branches,
)
from huanjie.crypto.demo import run_demo
from huanjie.crypto.group import IDENTITY, G, L, Scalar
from huanjie.crypto.reading import read_ceremony, read_manifest
from huanjie.crypto.record import FILES
from huanjie.crypto.trustees import coefficient_transcript, lagrange_at_zero
from huanjie.rules import Answer

VECTORS = Path(__file__).resolve().parents[2] / "docs" / "crypto-vectors"
SEED = b"huanjie-crypto-vectors"
BALLOT_CHOICES = (frozenset({"张三", "王五", "钱七"}), Answer.YES, Answer.ABSTAIN)


class Drbg:
    def __init__(self) -> None:
        self.counter = 0

    def randbelow(self, bound: int) -> int:
        self.counter += 1
        digest = hashlib.sha512(SEED + self.counter.to_bytes(8, "big")).digest()
        return int.from_bytes(digest, "little") % bound

    def scalar(self) -> Scalar:
        return Scalar(self.randbelow(L - 1) + 1)


@contextmanager
def deterministic() -> Iterator[Drbg]:
    drbg = Drbg()
    fake = SimpleNamespace(randbelow=drbg.randbelow)
    saved = group.secrets, proofs.secrets
    group.secrets, proofs.secrets = fake, fake  # type: ignore[assignment]
    try:
        yield drbg
    finally:
        group.secrets, proofs.secrets = saved


def generate() -> dict[str, bytes]:
    """Every file of docs/crypto-vectors/, by its path there."""
    with deterministic() as drbg, tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "record"
        run_demo(out, ballots=4, trustees=3, threshold=2, seed=2025, workers=1)
        files = {f"record/{name}": (out / name).read_bytes() for name in FILES}
        vectors = _vectors(files, drbg)
    files["vectors.json"] = (json.dumps(vectors, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return files


def _vectors(files: dict[str, bytes], drbg: Drbg) -> dict[str, Any]:
    manifest = read_manifest(files["record/manifest.json"])
    manifest_hash = hashlib.sha256(files["record/manifest.json"]).digest()
    keys = read_ceremony(files["record/election.json"], 13, manifest.threshold).keys
    context = ElectionContext(manifest, manifest_hash, keys)
    tally = json.loads(files["record/tally.json"])
    return {
        "about": "docs/crypto.md §12. Bytes in lowercase hex; scalars 32 bytes LE; challenges of ballots 16 bytes LE.",
        "manifest_hash": manifest_hash.hex(),
        "group": _group(),
        "schnorr": _schnorr(manifest_hash, drbg),
        "chaum_pedersen": _chaum_pedersen(manifest_hash, drbg),
        "ballot": _ballot(context, drbg),
        "lagrange": [
            {"trustees": t, "lambda": {str(i): lagrange_at_zero(t, i).encode().hex() for i in t}}
            for t in ([1, 2], [1, 3], [2, 3], [1, 2, 3])
        ],
        "record": {"path": "record/", "decrypting_trustees": tally["decrypting_trustees"], "result": tally["result"]},
    }


def _group() -> dict[str, Any]:
    alias = bytearray(G.data)
    alias[31] |= 0x80
    return {
        "L": str(L),
        "G": G.data.hex(),
        "2G": (G * 2).data.hex(),
        "identity": IDENTITY.data.hex(),
        "refused_points": [
            {"hex": bytes(alias).hex(), "why": "G with bit 255 set (libsodium 1.0.18 alone would accept it)"},
            {"hex": (bytes(31) + b"\x80").hex(), "why": "the identity with bit 255 set"},
            {"hex": (2**255 - 19).to_bytes(32, "little").hex(), "why": "s = p: not a reduced field element"},
            {"hex": (1).to_bytes(32, "little").hex(), "why": "s = 1 is odd (negative)"},
            {"hex": "ff" * 32, "why": "not reduced, top bit set"},
        ],
        "refused_scalars": [{"hex": L.to_bytes(32, "little").hex(), "why": "L itself: not below L"}],
    }


def _items(transcript_items: list[tuple[str, bytes]]) -> dict[str, Any]:
    encoded = b"".join(kind.encode() + len(data).to_bytes(4, "big") + data for kind, data in transcript_items)
    digest = hashlib.sha512(encoded).digest()
    return {
        "items": [[kind, data.hex()] for kind, data in transcript_items],
        "bytes": encoded.hex(),
        "sha512": digest.hex(),
        "challenge": Scalar(int.from_bytes(digest, "little")).encode().hex(),
        "challenge128": digest[:16].hex(),
    }


def _start(domain: str, manifest_hash: bytes) -> list[tuple[str, bytes]]:
    return [("b", b"huanjie-crypto/v2"), ("t", domain.encode()), ("b", manifest_hash)]


def _integer(value: int) -> tuple[str, bytes]:
    return "i", value.to_bytes(8, "big", signed=True)


def _schnorr(manifest_hash: bytes, drbg: Drbg) -> dict[str, Any]:
    """Trustee 1's coefficient of degree 1 in slot 2, proven as §5 says."""
    secret, nonce = drbg.scalar(), drbg.scalar()
    public, commitment = G * secret, G * nonce
    items = [*_start("coefficient", manifest_hash), _integer(1), _integer(2), _integer(1)]
    items += [("P", public.data), ("P", commitment.data)]
    transcript = _items(items)
    challenge = Scalar(int.from_bytes(bytes.fromhex(transcript["sha512"]), "little"))
    assert coefficient_transcript(manifest_hash, 1, 2, 1).point(public, commitment).challenge() == challenge
    response = nonce + challenge * secret
    return {
        "trustee": 1,
        "slot": 2,
        "degree": 1,
        "secret_a": secret.encode().hex(),
        "nonce_u": nonce.encode().hex(),
        "A": public.data.hex(),
        "t": commitment.data.hex(),
        "transcript": transcript,
        "proof": (challenge.encode() + response.encode()).hex(),
    }


def _chaum_pedersen(manifest_hash: bytes, drbg: Drbg) -> dict[str, Any]:
    """Trustee 2's partial decryption of a total whose first half is A = r·G."""
    secret, base, nonce = drbg.scalar(), G * drbg.scalar(), drbg.scalar()
    label = "committee/张三/headcount"
    public, share = G * secret, base * secret
    a, b = G * nonce, base * nonce
    items = [*_start("partial-decryption", manifest_hash), ("t", label.encode()), _integer(2)]
    items += [("P", p.data) for p in (public, base, share, a, b)]
    transcript = _items(items)
    challenge = Scalar(int.from_bytes(bytes.fromhex(transcript["sha512"]), "little"))
    response = nonce + challenge * secret
    return {
        "label": label,
        "trustee": 2,
        "secret_x": secret.encode().hex(),
        "X": public.data.hex(),
        "A": base.data.hex(),
        "D": share.data.hex(),
        "nonce_u": nonce.encode().hex(),
        "a": a.data.hex(),
        "b": b.data.hex(),
        "transcript": transcript,
        "proof": (challenge.encode() + response.encode()).hex(),
    }


def _ballot(context: ElectionContext, drbg: Drbg) -> dict[str, Any]:
    """Entity E00003's ballot: 张三, 王五 and 钱七 approved; facade-fund yes; lift-fund abstain."""
    entity = context.manifest.roster[2]
    values = slot_values(context.manifest.contests, BALLOT_CHOICES)
    nonce = drbg.scalar()
    alpha, betas = encrypt_slots(context, values, nonce)
    branches = true_branches(context, values)
    provers = provers_for(context, alpha, betas, branches, nonce)
    ballot = prove(context, entity.id, alpha, betas, provers)
    record = encode_ballot(context, ballot)
    proofs_out = []
    for shape, prover, branch, proof in zip(context.shapes, provers, branches, ballot.proofs, strict=True):
        # The prover's own randomness, read from it for the vector: u, and the simulated branches.
        simulated = {
            str(j): {"c": c.to_bytes(16, "little").hex(), "v": v.encode().hex()}
            for j, (c, v) in enumerate(zip(prover._challenges, prover._responses, strict=True))
            if j != branch
        }
        proofs_out.append(
            {
                "slots": list(shape.slots),
                "summed": shape.summed,
                "branches": [list(m) for m in shape.messages],
                "true_branch": branch,
                "nonce_u": prover._secret_nonce.encode().hex(),
                "simulated": simulated,
                "commitments": [p.data.hex() for p in prover.commitments],
                "stored": proof.encode().hex(),
            }
        )
    return {
        "entity": entity.id,
        "entity_number": 2,
        "choices": ["张三", "王五", "钱七"],
        "motions": {"facade-fund": "yes", "lift-fund": "abstain"},
        "slot_values": values,
        "keys_digest": context.keys_digest.hex(),
        "nonce_r": nonce.encode().hex(),
        "alpha": alpha.data.hex(),
        "betas": [b.data.hex() for b in betas],
        "proofs": proofs_out,
        "challenge128": ballot.challenge.to_bytes(16, "little").hex(),
        "record": record.hex(),
        "tracker": hashlib.sha256(TRACKER_TAG + context.manifest_hash + record).hexdigest(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="write the files into docs/crypto-vectors/")
    args = parser.parse_args()
    files = generate()
    for name, data in sorted(files.items()):
        if args.write:
            (VECTORS / name).parent.mkdir(parents=True, exist_ok=True)
            (VECTORS / name).write_bytes(data)
        print(f"{len(data):>8} {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
