"""Threshold decryption of the tally, with a proof for every trustee's part.

For a tally ciphertext (A, B_s) = (r·G, m·G + r·H_s) of slot s, trustee l publishes its partial
decryption D_ls = x_ls·A and a Chaum–Pedersen proof that log_G X_ls = log_A D_ls, i.e. that
D_ls was made with the same share x_ls whose public image X_ls follows from the ceremony's
commitments. With any set S of at least k trustees,

    x_s·A = Σ_{l∈S} λ_l·D_ls   (Lagrange at 0, `huanjie.crypto.trustees.lagrange_at_zero`)
    m·G = B_s − x_s·A

All slots of a tally share A (the ballots share their nonce), but each slot has its own key,
so a trustee publishes one partial decryption per slot and measure.

and anyone checks a claimed count m by computing m·G: no discrete logarithm is needed to
*verify*, only to *find* m (`huanjie.crypto.dlog`). The proofs are bound to the manifest and to
a label naming the contest, option and measure, so a proof cannot be moved to another total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from huanjie.crypto.elgamal import Ciphertext
from huanjie.crypto.group import IDENTITY, G, Point
from huanjie.crypto.proofs import ChaumPedersenProof, prove_equal_logs, verify_equal_logs
from huanjie.crypto.transcript import Transcript
from huanjie.crypto.trustees import TrusteeKey, lagrange_at_zero


@dataclass(frozen=True, slots=True)
class PartialDecryption:
    trustee: int
    share: Point  # D_l = x_l·A
    proof: ChaumPedersenProof


def _transcript(manifest_hash: bytes, label: str, trustee: int) -> Transcript:
    return Transcript("partial-decryption", manifest_hash).text(label).integer(trustee)


def partial_decrypt(
    key: TrusteeKey, slot: int, ciphertext: Ciphertext, manifest_hash: bytes, label: str
) -> PartialDecryption:
    secret = key.secrets[slot]
    share = ciphertext.alpha * secret
    transcript = _transcript(manifest_hash, label, key.index)
    proof = prove_equal_logs(secret, G * secret, ciphertext.alpha, share, transcript)
    return PartialDecryption(key.index, share, proof)


def verify_partial(
    partial: PartialDecryption, ciphertext: Ciphertext, verification_key: Point, manifest_hash: bytes, label: str
) -> bool:
    transcript = _transcript(manifest_hash, label, partial.trustee)
    return verify_equal_logs(partial.proof, verification_key, ciphertext.alpha, partial.share, transcript)


def combine(partials: Sequence[PartialDecryption]) -> Point:
    """x·A = Σ λ_l·D_l over the trustees present. Needs k distinct trustees to be right."""
    indices = [p.trustee for p in partials]
    if len(set(indices)) != len(indices):
        raise ValueError("a trustee appears twice among the partial decryptions")
    combined = IDENTITY
    for partial in partials:
        combined = combined + partial.share * lagrange_at_zero(indices, partial.trustee)
    return combined


def plaintext_point(ciphertext: Ciphertext, combined: Point) -> Point:
    """m·G = B − x·A."""
    return ciphertext.beta - combined
