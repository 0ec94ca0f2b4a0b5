"""The key ceremony: a joint election key that any k of the n trustees can use, and fewer cannot.

Each trustee i (numbered 1..n) follows Pedersen's distributed key generation with Feldman's
verifiable secret sharing (Feldman, FOCS 1987; Pedersen, EUROCRYPT 1991), as ElectionGuard does:

1. pick a random polynomial f_i(z) = a_i0 + a_i1·z + … + a_i,k−1·z^(k−1) over Z_L;
2. publish the commitments A_ij = a_ij·G with a Schnorr proof of knowledge of each a_ij
   (bound to the manifest, the trustee and the coefficient), so no commitment can be chosen
   as a function of the others';
3. send trustee l, privately, the share s_il = f_i(l). Trustee l checks it against the public
   commitments: s_il·G = Σ_j l^j·A_ij (`verify_share`). A bad share is a public complaint.

The election key is H = Σ_i A_i0 = (Σ_i a_i0)·G; its secret x = Σ_i a_i0 exists only as the
value at 0 of F = Σ_i f_i. Trustee l keeps x_l = Σ_i s_il = F(l); everyone can compute its
public image X_l = x_l·G = Σ_i Σ_j l^j·A_ij, against which its partial decryptions are checked.
Any k shares determine F and hence x by Lagrange interpolation at 0; k − 1 shares say
nothing about x (Shamir, CACM 1979).

Assumed, not proven here: the private channels of step 3 (the trustee screens of a later issue
carry the shares encrypted to each trustee), and at least one honest trustee in the ceremony.
A last trustee can bias H in Pedersen's protocol (Gennaro, Jarecki, Krawczyk and Rabin,
EUROCRYPT 1999), which does not weaken ElGamal encryption under it (Gennaro et al.,
CT-RSA 2003).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from huanjie.crypto.group import IDENTITY, G, Point, Scalar
from huanjie.crypto.proofs import SchnorrProof, prove_knowledge, verify_knowledge
from huanjie.crypto.transcript import Transcript


def coefficient_transcript(manifest_hash: bytes, trustee: int, degree: int) -> Transcript:
    return Transcript("coefficient", manifest_hash).integer(trustee).integer(degree)


@dataclass(frozen=True, slots=True)
class TrusteePublic:
    """What trustee `index` publishes in the ceremony: commitments and proofs."""

    index: int
    name: str
    commitments: tuple[Point, ...]  # A_i0 … A_i,k−1
    proofs: tuple[SchnorrProof, ...]

    def commitment_at(self, recipient: int) -> Point:
        """Σ_j l^j·A_ij = f_i(l)·G, the public image of the share meant for trustee l."""
        image = IDENTITY
        for degree, commitment in enumerate(self.commitments):
            image = image + commitment * (recipient**degree)
        return image


class TrusteePolynomial:
    """Trustee i's secret polynomial. It lives only on the trustee's own machine."""

    def __init__(self, index: int, threshold: int) -> None:
        if index < 1:
            raise ValueError("trustees are numbered from 1 (f(0) is the secret)")
        self.index = index
        self.coefficients = tuple(Scalar.random() for _ in range(threshold))

    def publish(self, manifest_hash: bytes, name: str) -> TrusteePublic:
        commitments = tuple(G * a for a in self.coefficients)
        proofs = tuple(
            prove_knowledge(a, commitment, coefficient_transcript(manifest_hash, self.index, degree))
            for degree, (a, commitment) in enumerate(zip(self.coefficients, commitments, strict=True))
        )
        return TrusteePublic(self.index, name, commitments, proofs)

    def share_for(self, recipient: int) -> Scalar:
        """f_i(l) by Horner's rule."""
        value = Scalar(0)
        for coefficient in reversed(self.coefficients):
            value = value * Scalar(recipient) + coefficient
        return value


def verify_coefficient_proofs(public: TrusteePublic, manifest_hash: bytes) -> int | None:
    """The degree of the first commitment whose proof fails, or None if all hold."""
    for degree, (commitment, proof) in enumerate(zip(public.commitments, public.proofs, strict=True)):
        transcript = coefficient_transcript(manifest_hash, public.index, degree)
        if not verify_knowledge(proof, commitment, transcript):
            return degree
    return None


def verify_share(public: TrusteePublic, recipient: int, share: Scalar) -> bool:
    """Feldman's check, done by trustee `recipient` on the share trustee `public.index` sent."""
    return G * share == public.commitment_at(recipient)


@dataclass(frozen=True, slots=True)
class TrusteeKey:
    """Trustee l's share x_l = F(l) of the election secret, after the ceremony."""

    index: int
    secret: Scalar


def combine_shares(index: int, shares: Sequence[Scalar]) -> TrusteeKey:
    """x_l = Σ_i s_il, the sum of the (verified) shares trustee l received, its own included."""
    secret = Scalar(0)
    for share in shares:
        secret = secret + share
    return TrusteeKey(index, secret)


def election_key(trustees: Sequence[TrusteePublic]) -> Point:
    """H = Σ_i A_i0."""
    key = IDENTITY
    for trustee in trustees:
        key = key + trustee.commitments[0]
    return key


def verification_key(trustees: Sequence[TrusteePublic], index: int) -> Point:
    """X_l = Σ_i f_i(l)·G = x_l·G, computed from public commitments only."""
    key = IDENTITY
    for trustee in trustees:
        key = key + trustee.commitment_at(index)
    return key


def lagrange_at_zero(indices: Sequence[int], index: int) -> Scalar:
    """λ_l = Π_{m≠l} m / (m − l), so that F(0) = Σ_l λ_l·F(l) for any k distinct points l."""
    numerator, denominator = Scalar(1), Scalar(1)
    for other in indices:
        if other != index:
            numerator = numerator * Scalar(other)
            denominator = denominator * Scalar(other - index)
    return numerator * denominator.inverse()
