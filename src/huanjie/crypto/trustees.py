"""The key ceremony: one joint key per slot that any k of the n trustees can use, and fewer cannot.

A ballot has a *slot* per counted option (each candidate; each motion's yes and no), and each
slot s has its own election key H_s, so that a ballot can encrypt every slot with one shared
nonce (`huanjie.crypto.ballot`). For every slot, each trustee i (numbered 1..n) follows
Pedersen's distributed key generation with Feldman's verifiable secret sharing (Feldman,
FOCS 1987; Pedersen, EUROCRYPT 1991), as ElectionGuard does for its one key:

1. pick a random polynomial f_is(z) = a_is0 + a_is1·z + … + a_is,k−1·z^(k−1) over Z_L;
2. publish the commitments A_isj = a_isj·G with a Schnorr proof of knowledge of each a_isj
   (bound to the manifest, the trustee, the slot and the coefficient), so no commitment can
   be chosen as a function of the others';
3. send trustee l, privately, the shares s_isl = f_is(l). Trustee l checks each against the
   public commitments: s_isl·G = Σ_j l^j·A_isj (`verify_share`). A bad share is a public
   complaint.

The slot key is H_s = Σ_i A_is0 = (Σ_i a_is0)·G; its secret x_s = Σ_i a_is0 exists only as the
value at 0 of F_s = Σ_i f_is. Trustee l keeps x_ls = Σ_i s_isl = F_s(l); everyone can compute
its public image X_ls = x_ls·G = Σ_i Σ_j l^j·A_isj, against which its partial decryptions are
checked. Any k shares determine F_s and hence x_s by Lagrange interpolation at 0; k − 1 shares
say nothing about x_s (Shamir, CACM 1979). The slots' polynomials are drawn independently, so
the keys H_s are independent, which the shared nonce of a ballot needs.

Assumed, not proven here: the private channels of step 3 (the trustee screens of a later issue
carry the shares encrypted to each trustee), and at least one honest trustee in the ceremony.
A last trustee can bias H_s in Pedersen's protocol (Gennaro, Jarecki, Krawczyk and Rabin,
EUROCRYPT 1999), which does not weaken ElGamal encryption under it (Gennaro et al.,
CT-RSA 2003).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from huanjie.crypto.group import IDENTITY, G, Point, Scalar
from huanjie.crypto.proofs import SchnorrProof, prove_knowledge, verify_knowledge
from huanjie.crypto.transcript import Transcript


def coefficient_transcript(manifest_hash: bytes, trustee: int, slot: int, degree: int) -> Transcript:
    return Transcript("coefficient", manifest_hash).integer(trustee).integer(slot).integer(degree)


@dataclass(frozen=True, slots=True)
class TrusteePublic:
    """What trustee `index` publishes in the ceremony: per slot, commitments and proofs."""

    index: int
    name: str
    commitments: tuple[tuple[Point, ...], ...]  # [slot][degree]: A_is0 … A_is,k−1
    proofs: tuple[tuple[SchnorrProof, ...], ...]

    def commitment_at(self, slot: int, recipient: int) -> Point:
        """Σ_j l^j·A_isj = f_is(l)·G, the public image of the share meant for trustee l."""
        image = IDENTITY
        for degree, commitment in enumerate(self.commitments[slot]):
            image = image + commitment * (recipient**degree)
        return image


class TrusteePolynomial:
    """Trustee i's secret polynomials, one per slot. They live only on the trustee's own machine."""

    def __init__(self, index: int, threshold: int, slots: int = 1) -> None:
        if index < 1:
            raise ValueError("trustees are numbered from 1 (f(0) is the secret)")
        self.index = index
        self.coefficients = tuple(tuple(Scalar.random() for _ in range(threshold)) for _ in range(slots))

    def publish(self, manifest_hash: bytes, name: str) -> TrusteePublic:
        commitments = tuple(tuple(G * a for a in slot) for slot in self.coefficients)
        proofs = tuple(
            tuple(
                prove_knowledge(a, commitment, coefficient_transcript(manifest_hash, self.index, s, degree))
                for degree, (a, commitment) in enumerate(zip(coefficients, slot_commitments, strict=True))
            )
            for s, (coefficients, slot_commitments) in enumerate(zip(self.coefficients, commitments, strict=True))
        )
        return TrusteePublic(self.index, name, commitments, proofs)

    def share_for(self, recipient: int) -> tuple[Scalar, ...]:
        """f_is(l) for every slot s, by Horner's rule."""
        shares = []
        for coefficients in self.coefficients:
            value = Scalar(0)
            for coefficient in reversed(coefficients):
                value = value * Scalar(recipient) + coefficient
            shares.append(value)
        return tuple(shares)


def verify_coefficient_proofs(public: TrusteePublic, manifest_hash: bytes) -> tuple[int, int] | None:
    """The (slot, degree) of the first commitment whose proof fails, or None if all hold."""
    for slot, (commitments, proofs) in enumerate(zip(public.commitments, public.proofs, strict=True)):
        for degree, (commitment, proof) in enumerate(zip(commitments, proofs, strict=True)):
            transcript = coefficient_transcript(manifest_hash, public.index, slot, degree)
            if not verify_knowledge(proof, commitment, transcript):
                return slot, degree
    return None


def verify_share(public: TrusteePublic, recipient: int, shares: Sequence[Scalar]) -> bool:
    """Feldman's check, done by trustee `recipient` on the shares trustee `public.index` sent."""
    if len(shares) != len(public.commitments):
        return False
    return all(G * share == public.commitment_at(slot, recipient) for slot, share in enumerate(shares))


@dataclass(frozen=True, slots=True)
class TrusteeKey:
    """Trustee l's shares x_ls = F_s(l) of the slots' secrets, after the ceremony."""

    index: int
    secrets: tuple[Scalar, ...]


def combine_shares(index: int, shares: Sequence[Sequence[Scalar]]) -> TrusteeKey:
    """x_ls = Σ_i s_isl, per slot: the sum of the (verified) shares trustee l received, its own included."""
    slots = len(shares[0])
    secrets = []
    for slot in range(slots):
        secret = Scalar(0)
        for sender in shares:
            secret = secret + sender[slot]
        secrets.append(secret)
    return TrusteeKey(index, tuple(secrets))


def election_keys(trustees: Sequence[TrusteePublic]) -> tuple[Point, ...]:
    """H_s = Σ_i A_is0, for every slot."""
    slots = len(trustees[0].commitments)
    keys = []
    for slot in range(slots):
        key = IDENTITY
        for trustee in trustees:
            key = key + trustee.commitments[slot][0]
        keys.append(key)
    return tuple(keys)


def verification_key(trustees: Sequence[TrusteePublic], index: int, slot: int) -> Point:
    """X_ls = Σ_i f_is(l)·G = x_ls·G, computed from public commitments only."""
    key = IDENTITY
    for trustee in trustees:
        key = key + trustee.commitment_at(slot, index)
    return key


def lagrange_at_zero(indices: Sequence[int], index: int) -> Scalar:
    """λ_l = Π_{m≠l} m / (m − l), so that F(0) = Σ_l λ_l·F(l) for any k distinct points l."""
    numerator, denominator = Scalar(1), Scalar(1)
    for other in indices:
        if other != index:
            numerator = numerator * Scalar(other)
            denominator = denominator * Scalar(other - index)
    return numerator * denominator.inverse()


def related_keys(keys: Sequence[Point]) -> tuple[int, int] | None:
    """The first two slots s < t whose keys are equal or opposite (H_s = ±H_t), or None.

    A ballot encrypts every slot with one nonce r, so for such slots β_s ∓ β_t = (m_s ∓ m_t)·G
    would show the difference (or sum) of two votes to anyone. With one honest trustee in the
    ceremony the keys are independent and this never happens; the check makes sure of it at
    least for the relations anyone can see. (A relation H_t = a·H_s with a secret a would leak
    the same way to whoever knows a; only the honest trustees' independent contributions
    rule that out.)
    """
    seen: dict[bytes, int] = {}
    for t, key in enumerate(keys):
        for image in (key, -key):
            s = seen.get(image.data)
            if s is not None:
                return s, t
        seen[key.data] = t
    return None
