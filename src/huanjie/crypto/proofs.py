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
- `OrProof`: a disjunction of n "DDH-tuple" statements (Cramer, Damgård and Schoenmakers,
  "Proofs of partial knowledge", CRYPTO 1994). A ballot's ciphertexts share one nonce r:
  α = r·G and β_t = m_t·G + r·H_t for slots t with independent keys H_t. Branch j claims the
  plaintexts are the tuple M_j: "α = r·G and β_t − M_j[t]·G = r·H_t for every slot t of the
  statement", one witness r for all its equations. The prover simulates every branch but the
  true one, choosing its challenge c_j and response v_j freely; the challenges must add up to
  the Fiat–Shamir challenge c (modulo 2^128), which leaves exactly one branch — the true
  one — where the prover cannot choose c_j and must know r. The shapes a ballot uses:
  a 0/1 proof on one slot (branches 0 and 1), a range proof 0..max on the sum of an
  election's slots (their keys add up: Σβ_t = (Σm_t)·G + r·ΣH_t), and a motion's 1-of-3
  proof on its (yes, no) slots, branches (1, 0), (0, 1) and (0, 0).

Challenges of ballot proofs are 128 bits (`Transcript.challenge128`): a branch challenge is
stored in 16 bytes, a response (a scalar modulo L) in 32.

A ballot's OR proofs are proven *together* under one challenge (`huanjie.crypto.ballot`):
each proof's challenges add up to the ballot's challenge. That is the standard AND-composition
of Σ-protocols (Cramer, Damgård and Schoenmakers 1994; Damgård, "On Σ-protocols"): from two
accepting runs with different ballot challenges every OR proof differs in some branch, which
yields a witness for every statement of the ballot. An OR proof of n branches therefore
stores n − 1 challenges (the last is c minus the others) and n responses.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from huanjie.crypto.group import SCALAR_BYTES, G, L, Point, Scalar, small_multiple
from huanjie.crypto.transcript import CHALLENGE_BYTES, CHALLENGE_MODULUS, Transcript


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
class OrProof:
    """That one of several plaintext tuples is encrypted, under a challenge the caller supplies."""

    challenges: tuple[int, ...]  # c_0 … c_{n−2}, each below 2^128; c_{n−1} = c − Σ c_j mod 2^128
    responses: tuple[Scalar, ...]  # v_0 … v_{n−1}

    @property
    def branches(self) -> int:
        return len(self.responses)

    def encode(self) -> bytes:
        return b"".join(c.to_bytes(CHALLENGE_BYTES, "little") for c in self.challenges) + b"".join(
            v.encode() for v in self.responses
        )

    @classmethod
    def decode(cls, data: bytes | memoryview, branches: int) -> OrProof:
        if len(data) != or_proof_bytes(branches):
            raise ValueError(f"a {branches}-branch proof is {or_proof_bytes(branches)} bytes, got {len(data)}")
        cut = (branches - 1) * CHALLENGE_BYTES
        challenges = tuple(
            int.from_bytes(data[i : i + CHALLENGE_BYTES], "little") for i in range(0, cut, CHALLENGE_BYTES)
        )
        return cls(challenges, tuple(_scalars(bytes(data[cut:]), branches)))

    def all_challenges(self, challenge: int) -> list[int]:
        return [*self.challenges, (challenge - sum(self.challenges)) % CHALLENGE_MODULUS]


def or_proof_bytes(branches: int) -> int:
    return (branches - 1) * CHALLENGE_BYTES + branches * SCALAR_BYTES


BIT = ((0,), (1,))  # a 0/1 proof on one slot
MOTION = ((1, 0), (0, 1), (0, 0))  # a motion's (yes, no): yes, no, or abstain


def up_to(bound: int) -> tuple[tuple[int], ...]:
    """The branches of a range proof 0..bound on one (summed) slot."""
    return tuple((j,) for j in range(bound + 1))


Pairs = Sequence[tuple[Point, Point]]  # (H_t, β_t) for each slot t of a statement


class OrProver:
    """The first move of the CDS proof that (α, β_t) encrypt `messages[true_branch]`.

    Branch j ≠ true is simulated: pick c_j, v_j at random and set a_j = v_j·G − c_j·α,
    b_jt = v_j·H_t − c_j·(β_t − M_j[t]·G), which verify by construction.
    The true branch is honest: a = u·G, b_t = u·H_t, and once c is known
    c_true = c − Σ_{j≠true} c_j (mod 2^128) and v_true = u + c_true·r.
    """

    def __init__(
        self, alpha: Point, pairs: Pairs, messages: Sequence[Sequence[int]], true_branch: int, nonce: Scalar
    ) -> None:
        if not 0 <= true_branch < len(messages):
            raise ValueError("no branch of this proof is true: no honest proof exists")
        self._true, self._nonce = true_branch, nonce
        self._secret_nonce = Scalar.random()
        self._challenges: list[int] = []
        self._responses: list[Scalar] = []
        self.commitments: list[Point] = []
        for j, message in enumerate(messages):
            if j == true_branch:
                c, v = 0, Scalar(0)
                self.commitments.append(G * self._secret_nonce)
                self.commitments += [key * self._secret_nonce for key, _ in pairs]
            else:
                c, v = secrets.randbelow(CHALLENGE_MODULUS), Scalar(secrets.randbelow(L))
                self.commitments.append(G * v - alpha * c)
                self.commitments += [
                    key * v - (beta - small_multiple(m)) * c for (key, beta), m in zip(pairs, message, strict=True)
                ]
            self._challenges.append(c)
            self._responses.append(v)

    def respond(self, challenge: int) -> OrProof:
        challenges = list(self._challenges)
        others = sum(c for j, c in enumerate(challenges) if j != self._true)
        mine = (challenge - others) % CHALLENGE_MODULUS
        challenges[self._true] = mine
        responses = list(self._responses)
        responses[self._true] = self._secret_nonce + Scalar(mine) * self._nonce
        return OrProof(tuple(challenges[:-1]), tuple(responses))


def or_commitments(
    proof: OrProof,
    alpha: Point,
    pairs: Pairs,
    messages: Sequence[Sequence[int]],
    challenge: int,
    alpha_times: tuple[Point, Point] | None = None,
) -> list[Point]:
    """The verifier's side: a_j = v_j·G − c_j·α, b_jt = v_j·H_t − c_j·(β_t − M_j[t]·G).

    The proof holds only if these, hashed with the rest of the statement, give `challenge`.
    Each β_t − m·G is computed once per slot and plaintext, not once per branch. With
    `alpha_times` = (c·α, 2^128·α), shared by all the proofs of a ballot, a two-branch proof
    gets c_1·α = c·α − c_0·α (+ 2^128·α when c_0 + c_1 wrapped): one multiplication fewer.
    """
    if proof.branches != len(messages):
        raise ValueError(f"expected a {len(messages)}-branch proof")
    challenges = proof.all_challenges(challenge)
    alpha_terms: list[Point | None] = [None] * len(challenges)
    if alpha_times is not None and len(challenges) == 2:
        first = alpha * challenges[0]
        second = alpha_times[0] - first
        if challenges[0] + challenges[1] != challenge:
            second = second + alpha_times[1]
        alpha_terms = [first, second]
    shifted: dict[tuple[int, int], Point] = {}
    commitments: list[Point] = []
    for message, c, v, alpha_c in zip(messages, challenges, proof.responses, alpha_terms, strict=True):
        commitments.append(G * v - (alpha * c if alpha_c is None else alpha_c))
        for t, ((key, beta), m) in enumerate(zip(pairs, message, strict=True)):
            target = shifted.get((t, m))
            if target is None:
                target = shifted[(t, m)] = beta - small_multiple(m) if m else beta
            commitments.append(key * v - target * c)
    return commitments
