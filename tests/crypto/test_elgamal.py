"""Exponential ElGamal: decryption inverts encryption; sums and weighted sums are homomorphic."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huanjie.crypto.dlog import DiscreteLogNotFound, discrete_log, discrete_logs
from huanjie.crypto.elgamal import decrypt_to_point, encrypt, total
from huanjie.crypto.group import G, Scalar
from tests.crypto.strategies import areas, nonzero_scalars

votes = st.lists(st.tuples(st.integers(0, 1), areas), min_size=1, max_size=8)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10**6), nonzero_scalars)
def test_decryption_inverts_encryption(message: int, secret: Scalar) -> None:
    ciphertext = encrypt(message, G * secret, Scalar.random())
    assert discrete_log(decrypt_to_point(ciphertext, secret), 10**6) == message


@settings(max_examples=15, deadline=None)
@given(votes, nonzero_scalars)
def test_the_sum_of_ciphertexts_encrypts_the_sum_of_votes(ballots: list[tuple[int, int]], secret: Scalar) -> None:
    key = G * secret
    cts = [(encrypt(v, key, Scalar.random()), area) for v, area in ballots]
    heads = decrypt_to_point(total(ct for ct, _ in cts), secret)
    weighted = decrypt_to_point(total(ct.scaled(area) for ct, area in cts), secret)
    bound = sum(area for _, area in ballots)
    assert discrete_logs([heads, weighted], bound) == [
        sum(v for v, _ in ballots),
        sum(v * area for v, area in ballots),
    ]


def test_the_discrete_log_reaches_a_city_scale_area() -> None:
    assert discrete_log(G * 9_876_543_210, 10**10) == 9_876_543_210


def test_a_total_above_its_bound_is_not_found() -> None:
    with pytest.raises(DiscreteLogNotFound):
        discrete_log(G * 5001, 5000)


ballots = st.lists(
    st.tuples(st.lists(st.integers(0, 1), min_size=3, max_size=3), st.sampled_from([8950, 12036, 7000])),
    min_size=1,
    max_size=6,
)


@settings(max_examples=10, deadline=None)
@given(ballots)
def test_shared_nonce_ballots_sum_per_slot_weighted_and_unweighted(votes: list[tuple[list[int], int]]) -> None:
    """Multi-recipient ballots (one nonce, a key per slot) summed by the tally's Accumulator:
    each slot's headcount and area sums decrypt to the plain sums."""
    from huanjie.crypto.tally import Accumulator

    secrets_ = [Scalar.random() for _ in range(3)]
    keys = [G * x for x in secrets_]
    accumulator = Accumulator(3)
    for values, area in votes:
        r = Scalar.random()
        accumulator.add(G * r, [G * m + key * r for m, key in zip(values, keys, strict=True)], area)
    sums = accumulator.finish()
    assert (sums.headcount, sums.area) == (len(votes), sum(a for _, a in votes))
    for slot, x in enumerate(secrets_):
        heads = decrypt_to_point(sums.ciphertext("headcount", slot), x)
        areas = decrypt_to_point(sums.ciphertext("area", slot), x)
        assert discrete_logs([heads, areas], sums.area) == [
            sum(values[slot] for values, _ in votes),
            sum(values[slot] * area for values, area in votes),
        ]
