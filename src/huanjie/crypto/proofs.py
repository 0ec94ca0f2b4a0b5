"""The zero-knowledge proofs, all Σ-protocols made non-interactive by Fiat–Shamir.

Every proof is stored in *compact* form — challenges and responses, not commitments — and the
verifier recomputes the commitments from them and checks that they hash to the challenge.
That is the same check as "commitment + challenge·statement = response·base" and it halves
the size of a proof.

- `SchnorrProof`: knowledge of a with A = a·G (Schnorr, J. Cryptology 1991). Trustees prove
  they know every coefficient they commit to, so nobody can choose a commitment as a function
  of the others' (a rogue key).
- `ChaumPedersenProof`: the same secret x in X = x·G and D = x·A (Chaum and Pedersen,
  CRYPTO 1992). A trustee proves their partial decryption D used their key share.
- `RangeProof`: a ciphertext (α, β) encrypts one of 0, 1, …, n — an OR of n + 1
  Chaum–Pedersen statements "α = r·G and β − j·G = r·H" (Cramer, Damgård and Schoenmakers,
  "Proofs of partial knowledge", CRYPTO 1994). The prover simulates every branch but the true
  one, choosing its challenge c_j and response v_j freely; the challenges must add up to the
  Fiat–Shamir challenge c, which leaves exactly one branch — the true one — where the prover
  cannot choose c_j and must know r. With n = 1 this is the usual 0/1 proof of ElectionGuard
  and Helios; with n = max_choices it proves a ballot approves at most max_choices names.

A ballot's range proofs are proven *together* under one challenge (`huanjie.crypto.ballot`):
each proof's challenges add up to the ballot's challenge. That is the standard AND-composition
of Σ-protocols (Cramer, Damgård and Schoenmakers 1994; Damgård, "On Σ-protocols"): from two
accepting runs with different ballot challenges every OR-proof differs in some branch, which
yields a witness for every ciphertext of the ballot. A range proof therefore stores n
challenges (the last is c minus the others) and n + 1 responses.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from huanjie.crypto.elgamal import Ciphertext
from huanjie.crypto.group import SCALAR_BYTES, G, L, Point, Scalar, small_multiple
from huanjie.crypto.transcript import Transcript


def _scalars(data: bytes, count: int) -> list[Scalar]:
    if len(data) != count * SCALAR_BYTES:
        raise ValueError(f"expected {count} scalars ({count * SCALAR_BYTES} bytes), got {len(data)} bytes")
    return [Scalar.decode(data[i : i + SCALAR_BYTES]) for i in range(0, len(data), SCALAR_BYTES)]


@dataclass(frozen=True, slots=True)
class SchnorrProof:
    challenge: Scalar
    response: Scalar

    def encode(self) -> bytes:
        return self.challenge.encode() + self.response.encode()

    @classmethod
    def decode(cls, data: bytes) -> SchnorrProof:
        challenge, response = _scalars(data, 2)
        return cls(challenge, response)


def prove_knowledge(secret: Scalar, public: Point, transcript: Transcript) -> SchnorrProof:
    """Prover: t = u·G; c = H(…, A, t); v = u + c·a."""
    nonce = Scalar.random()
    challenge = transcript.point(public, G * nonce).challenge()
    return SchnorrProof(challenge, nonce + challenge * secret)


def verify_knowledge(proof: SchnorrProof, public: Point, transcript: Transcript) -> bool:
    """Verifier: t = v·G − c·A, then c must equal H(…, A, t)."""
    commitment = G * proof.response - public * proof.challenge
    return transcript.point(public, commitment).challenge() == proof.challenge


@dataclass(frozen=True, slots=True)
class ChaumPedersenProof:
    challenge: Scalar
    response: Scalar

    def encode(self) -> bytes:
        return self.challenge.encode() + self.response.encode()

    @classmethod
    def decode(cls, data: bytes) -> ChaumPedersenProof:
        challenge, response = _scalars(data, 2)
        return cls(challenge, response)


def prove_equal_logs(
    secret: Scalar, public: Point, base: Point, result: Point, transcript: Transcript
) -> ChaumPedersenProof:
    """Prover, for X = x·G and D = x·A: a = u·G, b = u·A; c = H(…, X, A, D, a, b); v = u + c·x."""
    nonce = Scalar.random()
    challenge = transcript.point(public, base, result, G * nonce, base * nonce).challenge()
    return ChaumPedersenProof(challenge, nonce + challenge * secret)


def verify_equal_logs(
    proof: ChaumPedersenProof, public: Point, base: Point, result: Point, transcript: Transcript
) -> bool:
    """Verifier: a = v·G − c·X, b = v·A − c·D, then c must equal H(…, X, A, D, a, b)."""
    a = G * proof.response - public * proof.challenge
    b = base * proof.response - result * proof.challenge
    return transcript.point(public, base, result, a, b).challenge() == proof.challenge


@dataclass(frozen=True, slots=True)
class RangeProof:
    """That a ciphertext encrypts one of 0..bound, under a challenge the caller supplies."""

    challenges: tuple[Scalar, ...]  # c_0 … c_{bound−1}; c_bound = c − Σ c_j
    responses: tuple[Scalar, ...]  # v_0 … v_bound

    @property
    def bound(self) -> int:
        return len(self.challenges)

    def encode(self) -> bytes:
        return b"".join(s.encode() for s in (*self.challenges, *self.responses))

    @classmethod
    def decode(cls, data: bytes, bound: int) -> RangeProof:
        scalars = _scalars(data, 2 * bound + 1)
        return cls(tuple(scalars[:bound]), tuple(scalars[bound:]))

    def all_challenges(self, challenge: Scalar) -> list[Scalar]:
        last = challenge
        for c in self.challenges:
            last = last - c
        return [*self.challenges, last]


def encoded_range_proof_bytes(bound: int) -> int:
    return (2 * bound + 1) * SCALAR_BYTES


class RangeProver:
    """The first move of the CDS proof for E(value; nonce); `respond` is the last.

    Branch j ≠ value is simulated: pick c_j, v_j at random and set
    a_j = v_j·G − c_j·α, b_j = v_j·H − c_j·(β − j·G), which verify by construction.
    Branch `value` is honest: a = u·G, b = u·H, and once c is known
    c_value = c − Σ_{j≠value} c_j and v_value = u + c_value·r.
    """

    def __init__(self, ciphertext: Ciphertext, key: Point, value: int, nonce: Scalar, bound: int) -> None:
        if not 0 <= value <= bound:
            raise ValueError(f"value {value} is outside 0..{bound}: no honest proof exists")
        self._value, self._nonce = value, nonce
        self._secret_nonce = Scalar.random()
        self._challenges: list[Scalar] = []
        self._responses: list[Scalar] = []
        self.commitments: list[Point] = []
        for j in range(bound + 1):
            if j == value:
                c, v = Scalar(0), Scalar(0)
                a, b = G * self._secret_nonce, key * self._secret_nonce
            else:
                c, v = Scalar(secrets.randbelow(L)), Scalar(secrets.randbelow(L))
                a = G * v - ciphertext.alpha * c
                b = key * v - (ciphertext.beta - small_multiple(j)) * c
            self._challenges.append(c)
            self._responses.append(v)
            self.commitments += (a, b)

    def respond(self, challenge: Scalar) -> RangeProof:
        challenges = list(self._challenges)
        mine = challenge
        for j, c in enumerate(challenges):
            if j != self._value:
                mine = mine - c
        challenges[self._value] = mine
        responses = list(self._responses)
        responses[self._value] = self._secret_nonce + mine * self._nonce
        return RangeProof(tuple(challenges[:-1]), tuple(responses))


def range_commitments(proof: RangeProof, ciphertext: Ciphertext, key: Point, challenge: Scalar) -> list[Point]:
    """The verifier's side: a_j = v_j·G − c_j·α, b_j = v_j·H − c_j·(β − j·G), for every branch.

    The proof holds only if these, hashed with the rest of the statement, give `challenge`.
    """
    commitments: list[Point] = []
    for j, (c, v) in enumerate(zip(proof.all_challenges(challenge), proof.responses, strict=True)):
        commitments.append(G * v - ciphertext.alpha * c)
        commitments.append(key * v - (ciphertext.beta - small_multiple(j)) * c)
    return commitments
