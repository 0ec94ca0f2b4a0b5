"""Schnorr, Chaum–Pedersen and the disjunctive (CDS) range proof: complete and sound."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from huanjie.crypto.elgamal import encrypt
from huanjie.crypto.group import G, Scalar
from huanjie.crypto.proofs import (
    RangeProof,
    RangeProver,
    prove_equal_logs,
    prove_knowledge,
    range_commitments,
    verify_equal_logs,
    verify_knowledge,
)
from huanjie.crypto.transcript import Transcript
from tests.crypto.strategies import nonidentity_points, nonzero_scalars

HASH = bytes(32)


def transcript() -> Transcript:
    return Transcript("test", HASH)


def prove_range(value: int, claimed: int, bound: int, key_secret: Scalar) -> tuple[bool, RangeProof]:
    """Encrypt `value`, prove it is `claimed` (a liar when they differ), and verify."""
    key, nonce = G * key_secret, Scalar.random()
    ct = encrypt(value, key, nonce)
    prover = RangeProver(ct, key, claimed, nonce, bound)
    challenge = transcript().point(ct.alpha, ct.beta, *prover.commitments).challenge()
    proof = prover.respond(challenge)
    again = transcript().point(ct.alpha, ct.beta, *range_commitments(proof, ct, key, challenge)).challenge()
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
@given(st.integers(0, 7).flatmap(lambda b: st.tuples(st.just(b), st.integers(0, b))), nonzero_scalars)
def test_an_honest_range_proof_holds(bound_value: tuple[int, int], secret: Scalar) -> None:
    bound, value = bound_value
    ok, proof = prove_range(value, value, bound, secret)
    assert ok
    assert RangeProof.decode(proof.encode(), bound) == proof


@settings(max_examples=10, deadline=None)
@given(nonzero_scalars, st.integers(0, 1))
def test_an_encryption_of_two_cannot_pass_as_zero_or_one(secret: Scalar, claimed: int) -> None:
    ok, _ = prove_range(2, claimed, 1, secret)
    assert not ok


@settings(max_examples=10, deadline=None)
@given(nonzero_scalars, st.integers(0, 3))
def test_approving_more_than_the_limit_cannot_pass(secret: Scalar, claimed: int) -> None:
    ok, _ = prove_range(4, claimed, 3, secret)
    assert not ok
