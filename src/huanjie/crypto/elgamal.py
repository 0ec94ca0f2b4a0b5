"""Exponential ElGamal: the encryption of a small number m under the election key H.

    E(m; r) = (α, β) = (r·G, m·G + r·H)

With the message in the exponent ("lifted" ElGamal, Cramer, Gennaro and Schoenmakers,
EUROCRYPT 1997) encryption is additively homomorphic:

    E(a; r) + E(b; s) = E(a + b; r + s)        w · E(a; r) = E(w·a; w·r)

so the sum of the 0/1 votes for a candidate, and that sum weighted by each entity's area,
are computed on ciphertexts and decrypted once. Decryption yields m·G; m itself is found by
`huanjie.crypto.dlog`, which is possible because tallies are bounded. Semantic security
(IND-CPA) rests on the decisional Diffie–Hellman assumption in ristretto255.

A ballot encrypts all its slots with one nonce under one key per slot (multi-recipient
ElGamal, see `huanjie.crypto.ballot`); each (α, β_s) is still an ordinary ciphertext of this
module under H_s, which is how the tally and the decryption treat it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from huanjie.crypto.group import IDENTITY, POINT_BYTES, G, Point, Scalar, small_multiple

CIPHERTEXT_BYTES = 2 * POINT_BYTES


@dataclass(frozen=True, slots=True)
class Ciphertext:
    alpha: Point  # r·G
    beta: Point  # m·G + r·H

    def __add__(self, other: Ciphertext) -> Ciphertext:
        return Ciphertext(self.alpha + other.alpha, self.beta + other.beta)

    def __sub__(self, other: Ciphertext) -> Ciphertext:
        return Ciphertext(self.alpha - other.alpha, self.beta - other.beta)

    def scaled(self, weight: int) -> Ciphertext:
        """w · E(m; r) = E(w·m; w·r): the area weighting of the tally."""
        return Ciphertext(self.alpha * weight, self.beta * weight)

    def encode(self) -> bytes:
        return self.alpha.data + self.beta.data

    @classmethod
    def decode(cls, data: bytes) -> Ciphertext:
        """Both halves are validated as group elements (`Point.decode`)."""
        if len(data) != CIPHERTEXT_BYTES:
            raise ValueError(f"a ciphertext is {CIPHERTEXT_BYTES} bytes, got {len(data)}")
        return cls(Point.decode(data[:POINT_BYTES]), Point.decode(data[POINT_BYTES:]))


# E(0; 0) and E(1; 0): the neutral element of the sum, and the constant that turns the yes
# and no ciphertexts of a motion into its abstain ciphertext (see `huanjie.crypto.ballot`).
ZERO_CIPHERTEXT = Ciphertext(IDENTITY, IDENTITY)
ONE_CIPHERTEXT = Ciphertext(IDENTITY, G)


def encrypt(message: int, key: Point, nonce: Scalar) -> Ciphertext:
    return Ciphertext(G * nonce, small_multiple(message) + key * nonce)


def decrypt_to_point(ciphertext: Ciphertext, secret: Scalar) -> Point:
    """m·G = β − x·α, for whoever holds the whole secret x (tests; trustees never do)."""
    return ciphertext.beta - ciphertext.alpha * secret


def total(ciphertexts: Iterable[Ciphertext]) -> Ciphertext:
    result = ZERO_CIPHERTEXT
    for ciphertext in ciphertexts:
        result = result + ciphertext
    return result
