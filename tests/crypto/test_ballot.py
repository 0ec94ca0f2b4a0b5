"""An encrypted ballot: valid ones verify and decrypt; changed, over-full or non-0/1 ones do not."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huanjie.crypto.ballot import (
    ElectionContext,
    EncryptedBallot,
    decode_ballot,
    encode_ballot,
    encrypt_ballot,
    encrypt_slots,
    proof_holds,
    prove,
    provers_for,
)
from huanjie.crypto.demo import CANDIDATES, demo_manifest
from huanjie.crypto.group import G, GroupError, Point, Scalar
from huanjie.crypto.manifest import Manifest
from huanjie.rules import Answer

APPROVE_THREE = frozenset(CANDIDATES[:3])


def test_an_honest_ballot_verifies(context: ElectionContext) -> None:
    ballot = encrypt_ballot(context, "E1", [APPROVE_THREE, Answer.NO])
    assert proof_holds(context, ballot)


def test_a_ballot_round_trips_through_its_binary_record(context: ElectionContext) -> None:
    ballot = encrypt_ballot(context, "E2", [frozenset(), Answer.ABSTAIN])
    record = encode_ballot(context, ballot)
    assert len(record) == context.record_bytes
    again = decode_ballot(context, record)
    assert again == ballot
    assert proof_holds(context, again)


def test_the_demo_ballot_takes_1812_bytes() -> None:
    """4 (entity) + 16 (challenge) + 32 (α) + 13×32 (β) + 9×80 (0/1) + 368 (0..7) + 2×128 (motions)."""
    import random

    manifest: Manifest = demo_manifest(10, 5, 3, random.Random(1))
    context = ElectionContext(manifest, manifest.hash(), [G * Scalar.random() for _ in range(13)])
    assert context.record_bytes == 4 + 16 + 32 + 13 * 32 + 9 * 80 + (7 * 16 + 8 * 32) + 2 * 128 == 1812


choices = st.tuples(st.sets(st.sampled_from(CANDIDATES), max_size=7).map(frozenset), st.sampled_from(list(Answer)))


@settings(max_examples=10, deadline=None)
@given(choices)
def test_each_slot_decrypts_to_its_vote(
    context: ElectionContext, secrets_by_slot: tuple[Scalar, ...], choice: tuple[frozenset[str], Answer]
) -> None:
    approved, answer = choice
    ballot = encrypt_ballot(context, "E1", [approved, answer])
    assert proof_holds(context, ballot)
    plain = [int(name in approved) for name in CANDIDATES] + [int(answer is Answer.YES), int(answer is Answer.NO)]
    for beta, x, m in zip(ballot.betas, secrets_by_slot, plain, strict=True):
        assert beta - ballot.alpha * x == G * m


def test_the_encryptor_refuses_more_than_max_choices(context: ElectionContext) -> None:
    with pytest.raises(ValueError, match="at most 7"):
        encrypt_ballot(context, "E1", [frozenset(CANDIDATES[:8]), Answer.YES])


def test_a_ballot_moved_to_another_entity_fails(context: ElectionContext) -> None:
    ballot = encrypt_ballot(context, "E1", [APPROVE_THREE, Answer.YES])
    moved = EncryptedBallot("E2", ballot.alpha, ballot.betas, ballot.proofs, ballot.challenge)
    assert not proof_holds(context, moved)


def forged_ballot(context: ElectionContext, values: list[int], branches: list[int]) -> EncryptedBallot:
    """A cheating voter's ballot: slots encrypting `values`, each proof claiming branch
    `branches[i]` (the order of `context.shapes`: 9 candidates' 0/1, the 0..7 sum, the motion)."""
    nonce = Scalar.random()
    alpha, betas = encrypt_slots(context, values, nonce)
    return prove(context, "E1", alpha, betas, provers_for(context, alpha, betas, branches, nonce))


def test_the_forger_itself_makes_valid_ballots_when_honest(context: ElectionContext) -> None:
    values = [1, 0, 1, 0, 0, 0, 0, 0, 1]
    assert proof_holds(context, forged_ballot(context, [*values, 0, 1], [*values, 3, 1]))


@pytest.mark.parametrize("claim", [0, 1])
def test_a_ballot_encrypting_two_for_a_candidate_is_rejected(context: ElectionContext, claim: int) -> None:
    values = [2, 0, 0, 0, 0, 0, 0, 0, 0]
    assert not proof_holds(context, forged_ballot(context, [*values, 1, 0], [claim, *values[1:], 2, 0]))


def test_a_ballot_approving_more_than_max_choices_is_rejected(context: ElectionContext) -> None:
    values = [1, 1, 1, 1, 1, 1, 1, 1, 0]
    assert not proof_holds(context, forged_ballot(context, [*values, 1, 0], [*values, 7, 0]))


@pytest.mark.parametrize("claim", [0, 1, 2])
def test_a_motion_answered_both_yes_and_no_is_rejected(context: ElectionContext, claim: int) -> None:
    values = [0] * 9
    assert not proof_holds(context, forged_ballot(context, [*values, 1, 1], [*values, 0, claim]))


def test_an_encryption_with_nonce_zero_is_refused(context: ElectionContext) -> None:
    ballot = encrypt_ballot(context, "E1", [APPROVE_THREE, Answer.YES])
    record = bytearray(encode_ballot(context, ballot))
    record[20:52] = bytes(32)
    with pytest.raises(ValueError, match="nonce 0"):
        decode_ballot(context, bytes(record))
    assert not proof_holds(context, EncryptedBallot("E1", Point(bytes(32)), ballot.betas, ballot.proofs, 0))


@pytest.fixture(scope="module")
def ballot_record(context: ElectionContext) -> tuple[EncryptedBallot, bytes]:
    ballot = encrypt_ballot(context, "E1", [APPROVE_THREE, Answer.YES])
    return ballot, encode_ballot(context, ballot)


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_any_single_bit_flipped_in_a_ballot_is_rejected(
    context: ElectionContext, ballot_record: tuple[EncryptedBallot, bytes], data: st.DataObject
) -> None:
    ballot, raw = ballot_record
    assert decode_ballot(context, raw) == ballot
    bit = data.draw(st.integers(0, 8 * len(raw) - 1))
    flipped = bytearray(raw)
    flipped[bit // 8] ^= 1 << (bit % 8)
    try:
        changed = decode_ballot(context, bytes(flipped))
    except (GroupError, ValueError, LookupError):
        return  # no longer a ballot at all, or of no entity on the roster
    assert not proof_holds(context, changed)


def field_starts(context: ElectionContext) -> list[int]:
    """Where each field of a record starts: the entity's 4 bytes, the challenge, α, every β,
    and every branch challenge and response of every proof."""
    starts = [0, 1, 2, 3, 4]
    at = 20
    for _ in range(1 + context.slots):
        starts.append(at)
        at += 32
    for shape in context.shapes:
        branches = len(shape.messages)
        for _ in range(branches - 1):
            starts.append(at)
            at += 16
        for _ in range(branches):
            starts.append(at)
            at += 32
    assert at == context.record_bytes
    return starts


def test_every_field_of_the_record_is_covered_by_the_proof(
    context: ElectionContext, ballot_record: tuple[EncryptedBallot, bytes]
) -> None:
    """The lowest bit of the first byte of every field, flipped in turn (the property test
    samples the other bits)."""
    _, raw = ballot_record
    for at in field_starts(context):
        flipped = bytearray(raw)
        flipped[at] ^= 1
        try:
            changed = decode_ballot(context, bytes(flipped))
        except (GroupError, ValueError, LookupError):
            continue
        assert not proof_holds(context, changed), f"byte {at}"
