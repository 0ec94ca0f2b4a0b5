"""The encrypted ballot of one voting entity, its proof of validity and its tracker.

Every option that is counted has a *slot* with its own election key H_s (see
`huanjie.crypto.trustees`): each candidate of an election, and the yes and no of each motion.
A ballot is a multi-recipient ElGamal encryption with one nonce r:

    α = r·G,    β_s = m_s·G + r·H_s    for every slot s

(32 bytes for α and 32 per slot, instead of 64 per slot with a nonce each). Because the keys
H_s are independent, re-using r across them is as secure as fresh nonces under DDH
(Bellare, Boldyreva and Staddon, "Randomness re-use in multi-recipient encryption schemes",
PKC 2003; Kurosawa, PKC 2002): (α, β_s) is an ordinary ElGamal ciphertext under H_s.

The proofs (`huanjie.crypto.proofs.OrProof`), per contest:
- election: per candidate a 0/1 proof on its slot, and, unless every candidate may be
  approved, a range proof 0..max_choices on the sum of its slots (the keys add up too);
- motion: one proof that its (yes, no) slots encrypt (1, 0), (0, 1) or (0, 0); abstain is
  1 − yes − no, so the three are 0/1 and exactly one is 1.

All of them share one 128-bit Fiat–Shamir challenge, the hash of the manifest, the election
keys, the entity, α, every β and every commitment (AND-composition, see
`huanjie.crypto.proofs`): a ballot's proofs can neither be split off nor moved to another
entity or election.

On disk a ballot is a fixed-size binary record (`encode_ballot`): the entity's position in
the roster (4 bytes, big-endian), the challenge (16), α (32), the β's (32 each) and the proofs
(per n-branch proof n − 1 challenges of 16 bytes and n responses of 32). Its tracker — the
owner's receipt — is SHA-256 of a tag, the manifest hash and these bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from huanjie.crypto.group import IDENTITY, POINT_BYTES, G, Point, Scalar, small_multiple
from huanjie.crypto.manifest import Manifest
from huanjie.crypto.proofs import BIT, MOTION, OrProof, OrProver, or_commitments, or_proof_bytes, up_to
from huanjie.crypto.transcript import CHALLENGE_BYTES, CHALLENGE_MODULUS, Transcript
from huanjie.rules import Answer, Choice, Contest, Election

TRACKER_TAG = b"huanjie-crypto/v2/tracker"
ENTITY_BYTES = 4


@dataclass(frozen=True, slots=True)
class Shape:
    """One OR proof of a ballot: over which slots, summed or not, and its branches."""

    slots: tuple[int, ...]
    summed: bool
    messages: tuple[tuple[int, ...], ...]


def slot_count(contest: Contest) -> int:
    return len(contest.candidates) if isinstance(contest, Election) else 2


def stored_slots(contests: Sequence[Contest]) -> int:
    return sum(slot_count(c) for c in contests)


def limit_bound(contest: Contest) -> int | None:
    """The bound of the range proof on the number approved, or None when none is needed."""
    if isinstance(contest, Election) and contest.choice_limit < len(contest.candidates):
        return contest.choice_limit
    return None


def proof_shapes(contests: Sequence[Contest]) -> tuple[Shape, ...]:
    shapes: list[Shape] = []
    slot = 0
    for contest in contests:
        n = slot_count(contest)
        if isinstance(contest, Election):
            shapes += [Shape((s,), False, BIT) for s in range(slot, slot + n)]
            bound = limit_bound(contest)
            if bound is not None:
                shapes.append(Shape(tuple(range(slot, slot + n)), True, up_to(bound)))
        else:
            shapes.append(Shape((slot, slot + 1), False, MOTION))
        slot += n
    return tuple(shapes)


class ElectionContext:
    """What encrypting or checking a ballot needs: the manifest, its hash, the slot keys, and
    what follows from them (the proofs' shapes, the record size, the summed keys)."""

    def __init__(self, manifest: Manifest, manifest_hash: bytes, keys: Sequence[Point]) -> None:
        self.manifest, self.manifest_hash, self.keys = manifest, manifest_hash, tuple(keys)
        self.slots = stored_slots(manifest.contests)
        if len(self.keys) != self.slots:
            raise ValueError(f"{self.slots} slots need {self.slots} keys, got {len(self.keys)}")
        self.shapes = proof_shapes(manifest.contests)
        self.keys_digest = hashlib.sha256(b"".join(k.data for k in self.keys)).digest()
        self.summed_keys = {s.slots: _sum_points(self.keys[t] for t in s.slots) for s in self.shapes if s.summed}
        self.record_bytes = (
            ENTITY_BYTES
            + CHALLENGE_BYTES
            + POINT_BYTES * (1 + self.slots)
            + sum(or_proof_bytes(len(s.messages)) for s in self.shapes)
        )
        self.entity_index = {e.id: i for i, e in enumerate(manifest.roster)}

    def pairs(self, shape: Shape, betas: Sequence[Point]) -> list[tuple[Point, Point]]:
        if shape.summed:
            return [(self.summed_keys[shape.slots], _sum_points(betas[t] for t in shape.slots))]
        return [(self.keys[t], betas[t]) for t in shape.slots]


@dataclass(frozen=True, slots=True)
class EncryptedBallot:
    entity: str
    alpha: Point  # r·G
    betas: tuple[Point, ...]  # m_s·G + r·H_s per slot
    proofs: tuple[OrProof, ...]  # in the order of `proof_shapes`
    challenge: int  # 128 bits

    def tracker(self, context: ElectionContext) -> str:
        return tracker_of(encode_ballot(context, self), context.manifest_hash)


def tracker_of(record: bytes, manifest_hash: bytes) -> str:
    return hashlib.sha256(TRACKER_TAG + manifest_hash + record).hexdigest()


def slot_values(contests: Sequence[Contest], choices: Sequence[Choice]) -> list[int]:
    """The plaintext of every slot for one choice per contest (manifest order): 1 for each
    approved candidate, (1, 0) for a motion's yes, (0, 1) for no, (0, 0) for abstain."""
    if len(choices) != len(contests):
        raise ValueError(f"{len(contests)} contests, {len(choices)} choices")
    return [v for contest, choice in zip(contests, choices, strict=True) for v in _values(contest, choice)]


def _values(contest: Contest, choice: Choice) -> list[int]:
    if isinstance(contest, Election):
        if not isinstance(choice, frozenset) or not choice <= set(contest.candidates):
            raise ValueError(f"contest {contest.id}: choose among its candidates")
        if len(choice) > contest.choice_limit:
            raise ValueError(f"contest {contest.id}: at most {contest.choice_limit} may be approved")
        return [int(name in choice) for name in contest.candidates]
    if not isinstance(choice, Answer):
        raise ValueError(f"motion {contest.id}: answer yes, no or abstain")
    return [int(choice is Answer.YES), int(choice is Answer.NO)]


def encrypt_ballot(context: ElectionContext, entity: str, choices: Sequence[Choice]) -> EncryptedBallot:
    """Encrypt one entity's choices, one per contest in manifest order, and prove them valid."""
    return encrypt_values(context, entity, slot_values(context.manifest.contests, choices))


def encrypt_values(context: ElectionContext, entity: str, values: Sequence[int]) -> EncryptedBallot:
    """Encrypt one plaintext per slot and prove each shape's claim about them.

    A proof is only possible for values the shapes allow: anything else raises ValueError.
    (Tests build cheating ballots with `provers` directly.)
    """
    nonce = Scalar.random()
    alpha, betas = encrypt_slots(context, values, nonce)
    provers = provers_for(context, alpha, betas, true_branches(context, values), nonce)
    return prove(context, entity, alpha, betas, provers)


def encrypt_slots(context: ElectionContext, values: Sequence[int], nonce: Scalar) -> tuple[Point, tuple[Point, ...]]:
    if len(values) != context.slots:
        raise ValueError(f"{context.slots} slots, {len(values)} values")
    return G * nonce, tuple(small_multiple(m) + key * nonce for m, key in zip(values, context.keys, strict=True))


def true_branches(context: ElectionContext, values: Sequence[int]) -> list[int]:
    """For each proof of the ballot, the branch its plaintexts make true."""
    return [_claim(shape, values) for shape in context.shapes]


def _claim(shape: Shape, values: Sequence[int]) -> int:
    message = (sum(values[t] for t in shape.slots),) if shape.summed else tuple(values[t] for t in shape.slots)
    if message not in shape.messages:
        raise ValueError(f"slots {shape.slots} hold {message}: not one of {shape.messages}")
    return shape.messages.index(message)


def provers_for(
    context: ElectionContext, alpha: Point, betas: Sequence[Point], branches: Sequence[int], nonce: Scalar
) -> list[OrProver]:
    return [
        OrProver(alpha, context.pairs(shape, betas), shape.messages, branch, nonce)
        for shape, branch in zip(context.shapes, branches, strict=True)
    ]


def prove(
    context: ElectionContext, entity: str, alpha: Point, betas: tuple[Point, ...], provers: Sequence[OrProver]
) -> EncryptedBallot:
    transcript = _statement(context, entity, alpha, betas)
    for prover in provers:
        transcript.point(*prover.commitments)
    challenge = transcript.challenge128()
    return EncryptedBallot(entity, alpha, betas, tuple(p.respond(challenge) for p in provers), challenge)


def proof_holds(context: ElectionContext, ballot: EncryptedBallot) -> bool:
    """Recompute every commitment of the ballot and check they hash to its challenge."""
    if ballot.alpha.is_identity or len(ballot.betas) != context.slots or len(ballot.proofs) != len(context.shapes):
        return False
    transcript = _statement(context, ballot.entity, ballot.alpha, ballot.betas)
    alpha_times = (ballot.alpha * ballot.challenge, ballot.alpha * CHALLENGE_MODULUS)
    for shape, proof in zip(context.shapes, ballot.proofs, strict=True):
        if proof.branches != len(shape.messages):
            return False
        pairs = context.pairs(shape, ballot.betas)
        commitments = or_commitments(proof, ballot.alpha, pairs, shape.messages, ballot.challenge, alpha_times)
        transcript.point(*commitments)
    return transcript.challenge128() == ballot.challenge


def _statement(context: ElectionContext, entity: str, alpha: Point, betas: Sequence[Point]) -> Transcript:
    return Transcript("ballot", context.manifest_hash).raw(context.keys_digest).text(entity).point(alpha, *betas)


def _sum_points(points: Iterable[Point]) -> Point:
    total = IDENTITY
    for point in points:
        total = total + point
    return total


# --- the binary record -----------------------------------------------------------------------


def encode_ballot(context: ElectionContext, ballot: EncryptedBallot) -> bytes:
    return b"".join(
        [
            context.entity_index[ballot.entity].to_bytes(ENTITY_BYTES, "big"),
            ballot.challenge.to_bytes(CHALLENGE_BYTES, "little"),
            ballot.alpha.data,
            *(b.data for b in ballot.betas),
            *(p.encode() for p in ballot.proofs),
        ]
    )


def decode_ballot(context: ElectionContext, record: bytes) -> EncryptedBallot:
    """A ballot from its fixed-size record, every point and scalar validated; ValueError otherwise.

    The entity must be on the roster, and α may not be the identity (that would be an
    encryption with nonce 0, its votes in the clear). GroupError is a ValueError.
    """
    if len(record) != context.record_bytes:
        raise ValueError(f"a ballot record is {context.record_bytes} bytes, got {len(record)}")
    view = memoryview(record)
    index = int.from_bytes(view[:ENTITY_BYTES], "big")
    if index >= len(context.manifest.roster):
        raise LookupError(f"entity number {index + 1} is not on the roster of {len(context.manifest.roster)}")
    at = ENTITY_BYTES + CHALLENGE_BYTES
    challenge = int.from_bytes(view[ENTITY_BYTES:at], "little")
    points = [
        Point.decode(bytes(view[i : i + POINT_BYTES]))
        for i in range(at, at + POINT_BYTES * (1 + context.slots), POINT_BYTES)
    ]
    if points[0].is_identity:
        raise ValueError("the ballot was encrypted with nonce 0")
    at += POINT_BYTES * (1 + context.slots)
    proofs = []
    for shape in context.shapes:
        size = or_proof_bytes(len(shape.messages))
        proofs.append(OrProof.decode(view[at : at + size], len(shape.messages)))
        at += size
    entity = context.manifest.roster[index].id
    return EncryptedBallot(entity, points[0], tuple(points[1:]), tuple(proofs), challenge)
