"""Feldman VSS key ceremony, one key per slot: shares are checkable, any k trustees decrypt,
k − 1 cannot."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huanjie.crypto.decryption import combine, partial_decrypt, plaintext_point, verify_partial
from huanjie.crypto.elgamal import encrypt
from huanjie.crypto.group import G, Scalar
from huanjie.crypto.trustees import (
    TrusteePolynomial,
    combine_shares,
    election_keys,
    verification_key,
    verify_coefficient_proofs,
    verify_share,
)

HASH = bytes(32)
SLOTS = 2


@pytest.fixture(scope="module")
def ceremony():  # type: ignore[no-untyped-def]
    polynomials = [TrusteePolynomial(i, 3, SLOTS) for i in range(1, 6)]
    published = [p.publish(HASH, f"trustee {p.index}") for p in polynomials]
    keys = [combine_shares(i, [p.share_for(i) for p in polynomials]) for i in range(1, 6)]
    return polynomials, published, keys


def test_every_commitment_carries_a_valid_proof(ceremony) -> None:  # type: ignore[no-untyped-def]
    _, published, _ = ceremony
    assert all(verify_coefficient_proofs(p, HASH) is None for p in published)
    assert verify_coefficient_proofs(published[0], bytes([1]) * 32) == (0, 0)  # bound to the manifest


def test_a_commitment_moved_to_another_slot_fails_its_proof(ceremony) -> None:  # type: ignore[no-untyped-def]
    _, published, _ = ceremony
    public = published[0]
    swapped = type(public)(public.index, public.name, public.commitments[::-1], public.proofs[::-1])
    assert verify_coefficient_proofs(swapped, HASH) == (0, 0)


def test_the_slots_keys_are_independent(ceremony) -> None:  # type: ignore[no-untyped-def]
    _, published, keys = ceremony
    assert len(set(election_keys(published))) == SLOTS
    assert keys[0].secrets[0] != keys[0].secrets[1]


def test_each_share_is_checkable_by_its_recipient(ceremony) -> None:  # type: ignore[no-untyped-def]
    polynomials, published, _ = ceremony
    for sender, public in zip(polynomials, published, strict=True):
        for recipient in range(1, 6):
            shares = sender.share_for(recipient)
            assert verify_share(public, recipient, shares)
            assert not verify_share(public, recipient, (shares[0] + Scalar(1), shares[1]))
            assert not verify_share(public, recipient, (shares[0], shares[1] + Scalar(1)))
            assert not verify_share(public, recipient, shares[::-1])


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 255))
def test_any_bit_flipped_in_a_share_is_caught(bit: int) -> None:
    polynomial = TrusteePolynomial(1, 3, SLOTS)
    public = polynomial.publish(HASH, "t")
    good = polynomial.share_for(2)
    flipped = bytearray(good[1].encode())
    flipped[bit // 8] ^= 1 << (bit % 8)
    assert not verify_share(public, 2, (good[0], Scalar(int.from_bytes(flipped, "little"))))


def test_the_trustees_verification_keys_match_their_shares(ceremony) -> None:  # type: ignore[no-untyped-def]
    _, published, keys = ceremony
    for key in keys:
        for slot in range(SLOTS):
            assert verification_key(published, key.index, slot) == G * key.secrets[slot]


@pytest.mark.parametrize("present", list(itertools.combinations(range(5), 3)))
def test_any_three_of_five_trustees_decrypt(ceremony, present: tuple[int, ...]) -> None:  # type: ignore[no-untyped-def]
    _, published, keys = ceremony
    for slot in range(SLOTS):
        ct = encrypt(42 + slot, election_keys(published)[slot], Scalar.random())
        partials = [partial_decrypt(keys[i], slot, ct, HASH, "c/o/headcount") for i in present]
        vks = {p.trustee: verification_key(published, p.trustee, slot) for p in partials}
        assert all(verify_partial(p, ct, vks[p.trustee], HASH, "c/o/headcount") for p in partials)
        assert plaintext_point(ct, combine(partials)) == G * (42 + slot)


@pytest.mark.parametrize("present", list(itertools.combinations(range(5), 2)))
def test_two_of_five_trustees_cannot_decrypt(ceremony, present: tuple[int, ...]) -> None:  # type: ignore[no-untyped-def]
    _, published, keys = ceremony
    ct = encrypt(42, election_keys(published)[0], Scalar.random())
    partials = [partial_decrypt(keys[i], 0, ct, HASH, "x") for i in present]
    assert plaintext_point(ct, combine(partials)) != G * 42


def test_a_partial_decryption_proof_is_bound_to_its_total(ceremony) -> None:  # type: ignore[no-untyped-def]
    _, published, keys = ceremony
    ct = encrypt(1, election_keys(published)[0], Scalar.random())
    partial = partial_decrypt(keys[0], 0, ct, HASH, "committee/张三/headcount")
    vk = verification_key(published, 1, 0)
    assert verify_partial(partial, ct, vk, HASH, "committee/张三/headcount")
    assert not verify_partial(partial, ct, vk, HASH, "committee/张三/area")
    assert not verify_partial(partial, ct, verification_key(published, 1, 1), HASH, "committee/张三/headcount")


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 255))
def test_any_bit_flipped_in_a_partial_decryption_is_caught(bit: int) -> None:
    polynomial = TrusteePolynomial(1, 1)
    public = polynomial.publish(HASH, "t")
    key = combine_shares(1, [polynomial.share_for(1)])
    ct = encrypt(3, election_keys([public])[0], Scalar.random())
    partial = partial_decrypt(key, 0, ct, HASH, "x")
    data = bytearray(partial.share.encode())
    data[bit // 8] ^= 1 << (bit % 8)
    from huanjie.crypto.decryption import PartialDecryption
    from huanjie.crypto.group import GroupError, Point

    try:
        changed = PartialDecryption(1, Point.decode(bytes(data)), partial.proof)
    except GroupError:
        return  # not even a group element
    assert not verify_partial(changed, ct, verification_key([public], 1, 0), HASH, "x")
