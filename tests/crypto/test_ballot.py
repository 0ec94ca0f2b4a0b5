"""An encrypted ballot: valid ones verify; changed, over-full or non-0/1 ones do not."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huanjie.crypto.ballot import (
    ContestBallot,
    ElectionContext,
    EncryptedBallot,
    decode_ballot,
    encrypt_ballot,
    proof_holds,
)
from huanjie.crypto.demo import CANDIDATES
from huanjie.crypto.elgamal import encrypt
from huanjie.crypto.group import GroupError, Scalar
from huanjie.crypto.proofs import RangeProver
from huanjie.crypto.transcript import Transcript
from huanjie.rules import Answer

APPROVE_THREE = frozenset(CANDIDATES[:3])


def test_an_honest_ballot_verifies(context: ElectionContext) -> None:
    ballot = encrypt_ballot(context, "E1", [APPROVE_THREE, Answer.NO])
    assert proof_holds(context, ballot)


def test_a_ballot_round_trips_through_its_json_line(context: ElectionContext) -> None:
    ballot = encrypt_ballot(context, "E1", [frozenset(), Answer.ABSTAIN])
    again = decode_ballot(json.loads(json.dumps(ballot.to_dict(context.manifest_hash))), context.manifest)
    assert again == ballot
    assert proof_holds(context, again)


def test_the_encryptor_refuses_more_than_max_choices(context: ElectionContext) -> None:
    with pytest.raises(ValueError, match="at most 7"):
        encrypt_ballot(context, "E1", [frozenset(CANDIDATES[:8]), Answer.YES])


def test_a_ballot_moved_to_another_entity_fails(context: ElectionContext) -> None:
    ballot = encrypt_ballot(context, "E1", [APPROVE_THREE, Answer.YES])
    moved = EncryptedBallot("E2", ballot.contests, ballot.challenge)
    assert not proof_holds(context, moved)


def forged_ballot(
    context: ElectionContext, values: list[int], claims: list[int], motion: tuple[int, int]
) -> EncryptedBallot:
    """A cheating voter's ballot: ciphertexts of `values`, 0/1 proofs claiming `claims`, a limit
    proof claiming min(sum, 7), and a motion (yes, no) with its abstain claimed as 0 or 1."""
    key = context.key
    nonces = [Scalar.random() for _ in values]
    cts = [encrypt(v, key, r) for v, r in zip(values, nonces, strict=True)]
    provers = [RangeProver(ct, key, c, r, 1) for ct, c, r in zip(cts, claims, nonces, strict=True)]
    total_ct = cts[0]
    for ct in cts[1:]:
        total_ct = total_ct + ct
    nonce_sum = Scalar(sum(r.value for r in nonces))
    limit = RangeProver(total_ct, key, min(sum(values), 7), nonce_sum, 7)
    yes_n, no_n = Scalar.random(), Scalar.random()
    yes, no = encrypt(motion[0], key, yes_n), encrypt(motion[1], key, no_n)
    from huanjie.crypto.elgamal import ONE_CIPHERTEXT

    abstain = ONE_CIPHERTEXT - yes - no
    motion_provers = [
        RangeProver(yes, key, min(motion[0], 1), yes_n, 1),
        RangeProver(no, key, min(motion[1], 1), no_n, 1),
        RangeProver(abstain, key, max(0, 1 - sum(motion)), -(yes_n + no_n), 1),
    ]
    transcript = Transcript("ballot", context.manifest_hash).point(key).text("E1")
    for group in (cts, [yes, no]):
        transcript.integer(len(group))
        for ct in group:
            transcript.point(ct.alpha, ct.beta)
    for prover in (*provers, limit, *motion_provers):
        transcript.point(*prover.commitments)
    c = transcript.challenge()
    return EncryptedBallot(
        "E1",
        (
            ContestBallot(tuple(cts), tuple(p.respond(c) for p in provers), limit.respond(c)),
            ContestBallot((yes, no), tuple(p.respond(c) for p in motion_provers), None),
        ),
        c,
    )


def test_the_forger_itself_makes_valid_ballots_when_honest(context: ElectionContext) -> None:
    values = [1, 0, 1, 0, 0, 0, 0, 0, 1]
    assert proof_holds(context, forged_ballot(context, values, values, (0, 1)))


def test_a_ballot_encrypting_two_for_a_candidate_is_rejected(context: ElectionContext) -> None:
    values = [2, 0, 0, 0, 0, 0, 0, 0, 0]
    assert not proof_holds(context, forged_ballot(context, values, [1, *values[1:]], (1, 0)))


def test_a_ballot_approving_more_than_max_choices_is_rejected(context: ElectionContext) -> None:
    values = [1, 1, 1, 1, 1, 1, 1, 1, 0]
    assert not proof_holds(context, forged_ballot(context, values, values, (1, 0)))


def test_a_motion_answered_both_yes_and_no_is_rejected(context: ElectionContext) -> None:
    values = [0] * 9
    assert not proof_holds(context, forged_ballot(context, values, values, (1, 1)))


@pytest.fixture(scope="module")
def ballot_bytes(context: ElectionContext) -> tuple[EncryptedBallot, bytes]:
    ballot = encrypt_ballot(context, "E1", [APPROVE_THREE, Answer.YES])
    return ballot, _flatten(ballot)


def _flatten(ballot: EncryptedBallot) -> bytes:
    out = b""
    for part in ballot.contests:
        out += b"".join(ct.encode() for ct in part.ciphertexts)
        out += b"".join(p.encode() for p in part.proofs)
        out += part.limit.encode() if part.limit else b""
    return out + ballot.challenge.encode()


def _unflatten(data: bytes, context: ElectionContext) -> EncryptedBallot:
    import base64

    def b(n: int, at: int) -> str:
        return base64.b64encode(data[at : at + n]).decode()

    at, contests = 0, []
    for n_ct, n_proof, limit in ((9, 9, 15 * 32), (2, 3, 0)):
        cts = [b(64, at + 64 * i) for i in range(n_ct)]
        at += 64 * n_ct
        proofs = [b(96, at + 96 * i) for i in range(n_proof)]
        at += 96 * n_proof
        entry = {"ciphertexts": cts, "proofs": proofs}
        if limit:
            entry["limit"] = b(limit, at)
            at += limit
        contests.append(entry)
    return decode_ballot({"entity": "E1", "contests": contests, "challenge": b(32, at)}, context.manifest)


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_any_single_bit_flipped_in_a_ballot_is_rejected(context: ElectionContext, ballot_bytes, data) -> None:  # type: ignore[no-untyped-def]
    ballot, raw = ballot_bytes
    assert _unflatten(raw, context) == ballot
    bit = data.draw(st.integers(0, 8 * len(raw) - 1))
    flipped = bytearray(raw)
    flipped[bit // 8] ^= 1 << (bit % 8)
    try:
        changed = _unflatten(bytes(flipped), context)
    except (GroupError, ValueError):
        return  # no longer a ballot at all
    assert not proof_holds(context, changed)
