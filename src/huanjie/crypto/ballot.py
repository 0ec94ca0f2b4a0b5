"""The encrypted ballot of one voting entity, its proof of validity and its tracker.

Per election contest with candidates c_1 … c_n and a limit of `max_choices`:
- one ciphertext per candidate, E(1) for approve and E(0) otherwise, each with a 0/1 proof;
- unless every candidate may be approved, a range proof that Σ_i E(x_i), the encryption of
  the number approved, is in 0..max_choices.

Per motion: ciphertexts for yes and for no, each with a 0/1 proof. The abstain ciphertext is
not stored but computed, E(1; 0) − E(yes) − E(no), so the three encrypt values that add up to
exactly 1 by construction; a 0/1 proof on it makes all three 0/1, i.e. exactly one is 1.

All the proofs of a ballot share one Fiat–Shamir challenge, the hash of the manifest, the
election key, the entity, every ciphertext and every commitment (AND-composition, see
`huanjie.crypto.proofs`). A ballot's proofs can thus neither be split off nor moved to
another entity or election.

The tracker is SHA-256 of the ballot's bytes and the manifest hash: the owner's receipt, which
they later find in the published record.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from huanjie.crypto.elgamal import ONE_CIPHERTEXT, Ciphertext, encrypt, total
from huanjie.crypto.encoding import b64, unb64
from huanjie.crypto.group import Point, Scalar
from huanjie.crypto.manifest import Manifest
from huanjie.crypto.proofs import RangeProof, RangeProver, range_commitments
from huanjie.crypto.transcript import Transcript
from huanjie.rules import Answer, Choice, Contest, Election

TRACKER_TAG = b"huanjie-crypto/v1/tracker"


@dataclass(frozen=True, slots=True)
class ElectionContext:
    """What encrypting or checking a ballot needs: the manifest, its hash, the election key."""

    manifest: Manifest
    manifest_hash: bytes
    key: Point


@dataclass(frozen=True, slots=True)
class ContestBallot:
    ciphertexts: tuple[Ciphertext, ...]  # candidates, or (yes, no)
    proofs: tuple[RangeProof, ...]  # 0/1: candidates, or (yes, no, abstain)
    limit: RangeProof | None  # candidates only: the number approved is 0..max_choices


@dataclass(frozen=True, slots=True)
class EncryptedBallot:
    entity: str
    contests: tuple[ContestBallot, ...]
    challenge: Scalar

    def tracker(self, manifest_hash: bytes) -> str:
        digest = hashlib.sha256(TRACKER_TAG)
        digest.update(manifest_hash)
        digest.update(self.entity.encode("utf-8") + b"\x00")
        for contest in self.contests:
            for ciphertext in contest.ciphertexts:
                digest.update(ciphertext.encode())
            for proof in (*contest.proofs, *([contest.limit] if contest.limit else [])):
                digest.update(proof.encode())
        digest.update(self.challenge.encode())
        return digest.hexdigest()

    def to_dict(self, manifest_hash: bytes) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "tracker": self.tracker(manifest_hash),
            "contests": [_contest_to_dict(c) for c in self.contests],
            "challenge": b64(self.challenge.encode()),
        }


def limit_bound(contest: Contest) -> int | None:
    """The bound of the range proof on the number approved, or None when none is needed."""
    if isinstance(contest, Election) and contest.choice_limit < len(contest.candidates):
        return contest.choice_limit
    return None


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
    contests = context.manifest.contests
    if len(choices) != len(contests):
        raise ValueError(f"{len(contests)} contests, {len(choices)} choices")
    plan: list[tuple[list[Ciphertext], list[RangeProver], RangeProver | None]] = []
    for contest, choice in zip(contests, choices, strict=True):
        values = _values(contest, choice)
        nonces = [Scalar.random() for _ in values]
        cts = [encrypt(v, context.key, r) for v, r in zip(values, nonces, strict=True)]
        provers = [RangeProver(ct, context.key, v, r, 1) for ct, v, r in zip(cts, values, nonces, strict=True)]
        limit: RangeProver | None = None
        if isinstance(contest, Election):
            bound = limit_bound(contest)
            if bound is not None:
                limit = RangeProver(total(cts), context.key, sum(values), _sum(nonces), bound)
        else:
            abstain = ONE_CIPHERTEXT - cts[0] - cts[1]
            provers.append(RangeProver(abstain, context.key, 1 - sum(values), -_sum(nonces), 1))
        plan.append((cts, provers, limit))
    transcript = _statement(context, entity, [cts for cts, _, _ in plan])
    for _, provers, limit in plan:
        for prover in (*provers, *([limit] if limit else [])):
            transcript.point(*prover.commitments)
    challenge = transcript.challenge()
    contest_ballots = tuple(
        ContestBallot(
            tuple(cts), tuple(p.respond(challenge) for p in provers), limit.respond(challenge) if limit else None
        )
        for cts, provers, limit in plan
    )
    return EncryptedBallot(entity, contest_ballots, challenge)


def proof_holds(context: ElectionContext, ballot: EncryptedBallot) -> bool:
    """Recompute every commitment of the ballot and check they hash to its challenge."""
    statement = [c.ciphertexts for c in ballot.contests]
    transcript = _statement(context, ballot.entity, statement)
    for contest, part in zip(context.manifest.contests, ballot.contests, strict=True):
        for ct, proof in zip(proved_ciphertexts(contest, part), part.proofs, strict=True):
            transcript.point(*range_commitments(proof, ct, context.key, ballot.challenge))
        if part.limit is not None:
            transcript.point(*range_commitments(part.limit, total(part.ciphertexts), context.key, ballot.challenge))
    return transcript.challenge() == ballot.challenge


def proved_ciphertexts(contest: Contest, part: ContestBallot) -> list[Ciphertext]:
    """The ciphertexts the 0/1 proofs are about: as stored, plus a motion's abstain."""
    if isinstance(contest, Election):
        return list(part.ciphertexts)
    yes, no = part.ciphertexts
    return [yes, no, ONE_CIPHERTEXT - yes - no]


def _statement(context: ElectionContext, entity: str, ciphertexts: Sequence[Sequence[Ciphertext]]) -> Transcript:
    transcript = Transcript("ballot", context.manifest_hash).point(context.key).text(entity)
    for contest_cts in ciphertexts:
        transcript.integer(len(contest_cts))
        for ct in contest_cts:
            transcript.point(ct.alpha, ct.beta)
    return transcript


def _sum(scalars: Sequence[Scalar]) -> Scalar:
    result = Scalar(0)
    for s in scalars:
        result = result + s
    return result


def decode_ballot(data: dict[str, Any], manifest: Manifest) -> EncryptedBallot:
    """A ballot from its JSON form, every point and scalar validated; ValueError otherwise.

    The shape must match the manifest exactly, and no ciphertext may have the identity as
    its first half (that would be an encryption with nonce 0, its vote in the clear).
    """
    entries = data["contests"]
    if not isinstance(entries, list) or len(entries) != len(manifest.contests):
        raise ValueError("the ballot does not have one entry per contest")
    parts = []
    for contest, entry in zip(manifest.contests, entries, strict=True):
        n_cts = len(contest.candidates) if isinstance(contest, Election) else 2
        n_proofs = len(contest.candidates) if isinstance(contest, Election) else 3
        cts = tuple(Ciphertext.decode(unb64(x)) for x in _list(entry["ciphertexts"], n_cts))
        if any(ct.alpha.is_identity for ct in cts):
            raise ValueError("a ciphertext was made with nonce 0")
        proofs = tuple(RangeProof.decode(unb64(x), 1) for x in _list(entry["proofs"], n_proofs))
        bound = limit_bound(contest)
        limit = None if bound is None else RangeProof.decode(unb64(entry["limit"]), bound)
        if bound is None and entry.get("limit") is not None:
            raise ValueError("a limit proof where the manifest needs none")
        parts.append(ContestBallot(cts, proofs, limit))
    return EncryptedBallot(str(data["entity"]), tuple(parts), Scalar.decode(unb64(data["challenge"])))


def _list(value: object, length: int) -> list[str]:
    if not isinstance(value, list) or len(value) != length or not all(isinstance(v, str) for v in value):
        raise ValueError(f"expected a list of {length} encoded values")
    return value


def _contest_to_dict(part: ContestBallot) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ciphertexts": [b64(ct.encode()) for ct in part.ciphertexts],
        "proofs": [b64(p.encode()) for p in part.proofs],
    }
    if part.limit is not None:
        out["limit"] = b64(part.limit.encode())
    return out
