"""Fiat–Shamir transcripts: what a proof's challenge is the hash of.

A non-interactive proof replaces the verifier's random challenge by a hash of everything the
verifier would have seen (Fiat and Shamir, CRYPTO 1986). It is sound only if the hash covers
the *statement* as well as the prover's commitments — the "strong" Fiat–Shamir transform;
hashing the commitments alone let forged proofs through in Helios (Bernhard, Pereira and
Warinschi, "How not to prove yourself", ASIACRYPT 2012). So every transcript here starts with:

1. a fixed protocol tag and a *domain* naming the kind of proof (`ballot`, `coefficient`,
   `partial-decryption`), so that a proof of one kind is never accepted as another;
2. the SHA-256 hash of the election manifest, so that a proof cannot be replayed into another
   election or against a changed roster;

and then absorbs the statement (public key, ciphertexts, who is proving what) and the
commitments, in a fixed order. Every item is written as a one-byte type, a four-byte length
and its bytes, so that no two different sequences of items hash the same.

Two sizes of challenge. `challenge()` is SHA-512 of the transcript read as a little-endian
integer modulo L: 512 bits reduced modulo a 253-bit order, so its bias is below 2^-259; the
trustees' proofs use it. `challenge128()` is the first 16 bytes of the same digest, a uniform
128-bit integer; the ballots' proofs use it, with their branch challenges adding up to it
modulo 2^128, which halves the bytes a stored challenge takes. A cheating prover then
succeeds with probability about q/2^128 after q hash evaluations (the standard Fiat–Shamir
bound for a special-sound Σ-protocol with 2^128 challenges), and two different 128-bit
challenges still differ modulo L, so special soundness extracts the witness as before.
"""

from __future__ import annotations

import hashlib
from typing import Self

from huanjie.crypto.group import Point, Scalar

PROTOCOL = b"huanjie-crypto/v2"
CHALLENGE_BYTES = 16
CHALLENGE_MODULUS = 2 ** (8 * CHALLENGE_BYTES)

_TEXT, _BYTES, _INT, _POINT = b"t", b"b", b"i", b"P"


class Transcript:
    def __init__(self, domain: str, manifest_hash: bytes) -> None:
        self._hash = hashlib.sha512()
        self._item(_BYTES, PROTOCOL)
        self.text(domain)
        self._item(_BYTES, manifest_hash)

    def text(self, value: str) -> Self:
        return self._item(_TEXT, value.encode("utf-8"))

    def integer(self, value: int) -> Self:
        return self._item(_INT, value.to_bytes(8, "big", signed=True))

    def point(self, *points: Point) -> Self:
        for point in points:
            self._item(_POINT, point.data)
        return self

    def copy(self) -> Transcript:
        twin = Transcript.__new__(Transcript)
        twin._hash = self._hash.copy()
        return twin

    def raw(self, value: bytes) -> Self:
        return self._item(_BYTES, value)

    def challenge(self) -> Scalar:
        return Scalar(int.from_bytes(self._hash.copy().digest(), "little"))

    def challenge128(self) -> int:
        return int.from_bytes(self._hash.copy().digest()[:CHALLENGE_BYTES], "little")

    def _item(self, kind: bytes, data: bytes) -> Self:
        self._hash.update(kind + len(data).to_bytes(4, "big") + data)
        return self
