"""A trustee decrypts only the sums of the published ballots, which it adds up itself (issue 17
item 15): a server asking k trustees for "the tally" of one ballot would read that vote."""

from __future__ import annotations

import random

import pytest

from huanjie.crypto.ballot import ElectionContext, encrypt_ballot
from huanjie.crypto.ballotcheck import check_ballots
from huanjie.crypto.decryption import combine, plaintext_point, verify_partial
from huanjie.crypto.demo import demo_choices, demo_manifest
from huanjie.crypto.election import (
    AggregateMismatch,
    CeremonyError,
    accumulate,
    run_key_ceremony,
    tally_request,
    trustee_decrypt,
)
from huanjie.crypto.faults import VerificationFailed
from huanjie.crypto.group import G
from huanjie.crypto.record import ballots_file
from huanjie.crypto.trustees import TrusteePolynomial, related_keys, verification_key


@pytest.fixture(scope="module")
def election():  # type: ignore[no-untyped-def]
    rng = random.Random(5)
    manifest = demo_manifest(6, 3, 2, rng)
    ceremony = run_key_ceremony(manifest)
    context = ElectionContext(manifest, manifest.hash(), ceremony.election_keys)
    ballots = [encrypt_ballot(context, e.id, demo_choices(rng)) for e in manifest.roster[:4]]
    return context, ceremony, ballots


def test_a_trustee_decrypts_the_sums_it_recomputed(election) -> None:  # type: ignore[no-untyped-def]
    context, ceremony, ballots = election
    own = check_ballots(context, ballots_file(context, ballots), workers=1).sums
    request = tally_request(context.manifest, accumulate(context.manifest, ballots))
    parts = [trustee_decrypt(key, context, own, request) for key in ceremony.keys[:2]]
    first = request[0]
    for key, partials in zip(ceremony.keys[:2], parts, strict=True):
        image = verification_key(ceremony.trustees, key.index, first.slot)
        assert verify_partial(partials[0], first.ciphertext, image, context.manifest_hash, first.label)
    point = plaintext_point(first.ciphertext, combine([p[0] for p in parts]))
    assert point in {G * m for m in range(len(ballots) + 1)}  # the first candidate's headcount, 0 to 4


def test_a_trustee_refuses_the_tally_of_one_ballot(election) -> None:  # type: ignore[no-untyped-def]
    context, ceremony, ballots = election
    own = check_ballots(context, ballots_file(context, ballots), workers=1).sums
    lone = tally_request(context.manifest, accumulate(context.manifest, ballots[:1]))  # one owner's vote
    with pytest.raises(AggregateMismatch, match="committee/张三/headcount: not the sum of the published ballots"):
        trustee_decrypt(ceremony.keys[0], context, own, lone)


def test_a_trustee_refuses_to_decrypt_when_a_published_ballot_fails(election) -> None:  # type: ignore[no-untyped-def]
    context, _, ballots = election
    published = bytearray(ballots_file(context, ballots))
    published[-1] ^= 1
    with pytest.raises(VerificationFailed, match="ballot-proof"):
        check_ballots(context, bytes(published), workers=1)


def test_the_ceremony_refuses_equal_or_opposite_slot_keys() -> None:
    keys = [G * 3, G * 5, G * 7]
    assert related_keys(keys) is None
    assert related_keys([*keys, G * 5]) == (1, 3)
    assert related_keys([*keys, -(G * 7)]) == (2, 3)
    polynomial = TrusteePolynomial(1, 1, 2)
    assert polynomial.coefficients[0] != polynomial.coefficients[1]  # drawn independently


def test_the_ceremony_stops_on_related_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    def same_for_every_slot(self: TrusteePolynomial, index: int, threshold: int, slots: int = 1) -> None:
        original(self, index, threshold, 1)
        self.coefficients = self.coefficients * slots

    original = TrusteePolynomial.__init__
    monkeypatch.setattr(TrusteePolynomial, "__init__", same_for_every_slot)
    with pytest.raises(CeremonyError, match="slots 0 and 1 are equal or opposite"):
        run_key_ceremony(demo_manifest(3, 3, 2, random.Random(1)))
