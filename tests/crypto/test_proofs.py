"""Schnorr, Chaum–Pedersen and the disjunctive (CDS) OR proofs: complete and sound."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huanjie.crypto.group import G, Point, Scalar, small_multiple
from huanjie.crypto.proofs import (
    MOTION,
    OrProof,
    OrProver,
    or_commitments,
    prove_equal_logs,
    prove_knowledge,
    up_to,
    verify_equal_logs,
    verify_knowledge,
)
from huanjie.crypto.transcript import Transcript
from tests.crypto.strategies import nonidentity_points, nonzero_scalars

HASH = bytes(32)


def transcript() -> Transcript:
    return Transcript("test", HASH)


def prove_or(
    values: tuple[int, ...], messages: tuple[tuple[int, ...], ...], claimed: int, summed_keys: int = 1
) -> tuple[bool, OrProof]:
    """Encrypt `values` with one nonce under independent keys, prove they are `messages[claimed]`
    (a liar when they are not), and verify — with and without the c·α shortcut."""
    nonce = Scalar.random()
    keys = [G * Scalar.random() for _ in values]
    alpha = G * nonce
    pairs = [(key, small_multiple(m) + key * nonce) for key, m in zip(keys, values, strict=True)]
    prover = OrProver(alpha, pairs, messages, claimed, nonce)
    challenge = transcript().point(alpha, *prover.commitments).challenge128()
    proof = prover.respond(challenge)
    plain = or_commitments(proof, alpha, pairs, messages, challenge)
    again = transcript().point(alpha, *plain).challenge128()
    quick = or_commitments(proof, alpha, pairs, messages, challenge, (alpha * challenge, alpha * 2**128))
    assert quick == plain
    return again == challenge, proof


@settings(max_examples=10, deadline=None)
@given(nonzero_scalars)
def test_a_schnorr_proof_holds_and_a_changed_one_does_not(secret: Scalar) -> None:
    proof = prove_knowledge(secret, G * secret, transcript())
    assert verify_knowledge(proof, G * secret, transcript())
    assert not verify_knowledge(proof, G * (secret + Scalar(1)), transcript())
    assert not verify_knowledge(proof, G * secret, Transcript("other", HASH))


@settings(max_examples=10, deadline=None)
@given(nonzero_scalars, nonidentity_points)
def test_a_chaum_pedersen_proof_holds_only_for_equal_logs(secret: Scalar, base: object) -> None:
    assert not isinstance(base, int)
    public, result = G * secret, base * secret  # type: ignore[operator]
    proof = prove_equal_logs(secret, public, base, result, transcript())  # type: ignore[arg-type]
    assert verify_equal_logs(proof, public, base, result, transcript())  # type: ignore[arg-type]
    assert not verify_equal_logs(proof, public, base, result + G, transcript())  # type: ignore[arg-type]


@settings(max_examples=12, deadline=None)
@given(st.integers(0, 7).flatmap(lambda b: st.tuples(st.just(b), st.integers(0, b))))
def test_an_honest_range_proof_holds(bound_value: tuple[int, int]) -> None:
    bound, value = bound_value
    ok, proof = prove_or((value,), up_to(bound), value)
    assert ok
    assert OrProof.decode(proof.encode(), bound + 1) == proof
    assert len(proof.encode()) == bound * 16 + (bound + 1) * 32


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 1))
def test_an_encryption_of_two_cannot_pass_as_zero_or_one(claimed: int) -> None:
    ok, _ = prove_or((2,), up_to(1), claimed)
    assert not ok


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 3))
def test_approving_more_than_the_limit_cannot_pass(claimed: int) -> None:
    ok, _ = prove_or((4,), up_to(3), claimed)
    assert not ok


@pytest.mark.parametrize("answer", range(3))
def test_a_motion_proof_holds_for_each_answer(answer: int) -> None:
    ok, proof = prove_or(MOTION[answer], MOTION, answer)
    assert ok
    assert len(proof.encode()) == 2 * 16 + 3 * 32


@pytest.mark.parametrize("claimed", range(3))
def test_yes_and_no_together_cannot_pass_as_any_answer(claimed: int) -> None:
    ok, _ = prove_or((1, 1), MOTION, claimed)
    assert not ok


def test_a_proof_is_bound_to_its_key() -> None:
    """The same ciphertext checked against another slot's key fails: keys are part of the statement."""
    nonce = Scalar.random()
    key, other = G * Scalar.random(), G * Scalar.random()
    alpha, beta = G * nonce, G + key * nonce
    prover = OrProver(alpha, [(key, beta)], up_to(1), 1, nonce)
    challenge = transcript().point(alpha, *prover.commitments).challenge128()
    proof = prover.respond(challenge)
    moved: list[Point] = or_commitments(proof, alpha, [(other, beta)], up_to(1), challenge)
    assert transcript().point(alpha, *moved).challenge128() != challenge
