"""Running an encrypted election: the ceremony, and the decryption of the tally.

These are the steps of the people who run the election (trustees, the counting team); the
steps of anyone checking it are in `huanjie.crypto.verifier`. Both share the code that says
what a ballot, a tally and a decryption are, and differ only in who holds secrets.

The decryption goes in three steps, so that no trustee has to trust the server:

1. the counting team adds up the published ballots and asks for the decryption of those
   totals (`tally_request`);
2. each trustee downloads the published ballots, checks them and adds them up itself
   (`huanjie.crypto.ballotcheck.check_ballots`), and decrypts only if every ciphertext it is
   asked about is one of those sums (`trustee_decrypt`) — otherwise the server could ask for
   "the tally" of a single ballot and read that vote;
3. the counting team combines k trustees' parts, finds the counts and writes the tally
   (`tally_record`), the result by `huanjie.rules`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from huanjie.crypto.ballot import ElectionContext, EncryptedBallot, stored_slots
from huanjie.crypto.decryption import PartialDecryption, combine, partial_decrypt, plaintext_point
from huanjie.crypto.dlog import discrete_logs
from huanjie.crypto.elgamal import Ciphertext
from huanjie.crypto.encoding import b64
from huanjie.crypto.group import Point
from huanjie.crypto.manifest import Manifest, options
from huanjie.crypto.tally import Accumulator, Sums, option_slots
from huanjie.crypto.trustees import (
    TrusteeKey,
    TrusteePolynomial,
    TrusteePublic,
    combine_shares,
    election_keys,
    related_keys,
    verify_coefficient_proofs,
    verify_share,
)
from huanjie.rules import Election, Motion, Totals, result_from_totals

MEASURES = ("headcount", "area")


class CeremonyError(ValueError):
    """A trustee's commitment proof or share does not check out: the ceremony must restart."""


@dataclass(frozen=True, slots=True)
class Ceremony:
    trustees: tuple[TrusteePublic, ...]
    keys: tuple[TrusteeKey, ...]  # in real life each on its own trustee's machine
    election_keys: tuple[Point, ...]  # H_s per slot


def run_key_ceremony(manifest: Manifest) -> Ceremony:
    """All n trustees in one process: the demo and the tests. Each check a trustee would make
    on what the others sent is made here too, and a failure stops the ceremony."""
    manifest_hash = manifest.hash()
    n, k, slots = len(manifest.trustees), manifest.threshold, stored_slots(manifest.contests)
    polynomials = [TrusteePolynomial(i, k, slots) for i in range(1, n + 1)]
    published = tuple(p.publish(manifest_hash, name) for p, name in zip(polynomials, manifest.trustees, strict=True))
    for public in published:
        if verify_coefficient_proofs(public, manifest_hash) is not None:
            raise CeremonyError(f"trustee {public.index}: a commitment proof fails")
    slot_keys = election_keys(published)
    related = related_keys(slot_keys)
    if related is not None:
        raise CeremonyError(f"the keys of slots {related[0]} and {related[1]} are equal or opposite")
    keys = []
    for recipient in range(1, n + 1):
        shares = [p.share_for(recipient) for p in polynomials]
        for public, share in zip(published, shares, strict=True):
            if not verify_share(public, recipient, share):
                raise CeremonyError(f"trustee {public.index} sent trustee {recipient} a bad share")
        keys.append(combine_shares(recipient, shares))
    return Ceremony(published, tuple(keys), slot_keys)


def accumulate(manifest: Manifest, ballots: Iterable[EncryptedBallot]) -> Sums:
    areas = {entity.id: entity.area_cents for entity in manifest.roster}
    accumulator = Accumulator(stored_slots(manifest.contests))
    for ballot in ballots:
        accumulator.add(ballot.alpha, ballot.betas, areas[ballot.entity])
    return accumulator.finish()


def label(contest_id: str, option: str, measure: str) -> str:
    """What a partial decryption proof is bound to, besides the manifest."""
    return f"{contest_id}/{option}/{measure}"


@dataclass(frozen=True, slots=True)
class Requested:
    """One total the trustees are asked to decrypt: an option's sum in one measure."""

    contest: str
    option: str
    measure: str
    slot: int
    ciphertext: Ciphertext

    @property
    def label(self) -> str:
        return label(self.contest, self.option, self.measure)


class AggregateMismatch(ValueError):
    """A trustee was asked to decrypt something that is not a sum of the published ballots."""


def tally_request(manifest: Manifest, sums: Sums) -> tuple[Requested, ...]:
    """Every total to decrypt, in slot order, each option's headcount then its area."""
    requested: list[Requested] = []
    first = 0
    for contest in manifest.contests:
        slots = option_slots(contest, first)
        for option, slot in zip(options(contest), slots, strict=True):
            if slot is not None:
                requested += [Requested(contest.id, option, m, slot, sums.ciphertext(m, slot)) for m in MEASURES]
        first += len([s for s in slots if s is not None])
    return tuple(requested)


def trustee_decrypt(
    key: TrusteeKey, context: ElectionContext, published: Sums, request: Sequence[Requested]
) -> tuple[PartialDecryption, ...]:
    """Trustee `key.index`'s partial decryptions of `request`, with proofs — only if `request`
    is exactly the totals of `published`, the sums of the ballots it checked and added up
    itself (`huanjie.crypto.ballotcheck.check_ballots` on the published ballots.bin)."""
    expected = tally_request(context.manifest, published)
    if tuple(request) != expected:
        differing = next(
            (r.label for r, e in zip(request, expected, strict=False) if r != e), f"{len(request)} totals asked"
        )
        raise AggregateMismatch(f"{differing}: not the sum of the published ballots; nothing decrypted")
    return tuple(partial_decrypt(key, r.slot, r.ciphertext, context.manifest_hash, r.label) for r in request)


def tally_record(
    manifest: Manifest, sums: Sums, request: Sequence[Requested], parts: Sequence[Sequence[PartialDecryption]]
) -> dict[str, Any]:
    """tally.json: per requested total, each trustee's part (`parts`, one sequence per trustee,
    in `request` order), their combination and the count; abstain counts; the result."""
    if len(parts) < manifest.threshold:
        raise ValueError(f"{len(parts)} trustees cannot decrypt: {manifest.threshold} are needed")
    by_total = [[trustee[i] for trustee in parts] for i in range(len(request))]
    combined = [combine(partials) for partials in by_total]
    counts = _find_counts(request, combined, sums)
    eligible = Totals.from_cents(len(manifest.roster), sum(e.area_cents for e in manifest.roster))
    participating = Totals.from_cents(sums.headcount, sums.area)
    plain = plain_totals(manifest, counts, sums.headcount, sums.area)
    abstains = [
        row[2]
        for c, row in zip(manifest.contests, plain_cents(manifest, counts, sums.headcount, sums.area), strict=True)
        if isinstance(c, Motion)
    ]
    result = result_from_totals(manifest.contests, eligible, participating, plain)
    return {
        "decrypting_trustees": [trustee[0].trustee for trustee in parts],
        "participating": {"headcount": sums.headcount, "area": sums.area},
        "contests": _contest_entries(manifest, request, by_total, combined, counts, abstains),
        "result": result.to_dict(),
    }


def _find_counts(request: Sequence[Requested], combined: Sequence[Point], sums: Sums) -> list[int]:
    heads = [
        plaintext_point(r.ciphertext, c) for r, c in zip(request, combined, strict=True) if r.measure == "headcount"
    ]
    areas = [plaintext_point(r.ciphertext, c) for r, c in zip(request, combined, strict=True) if r.measure == "area"]
    head_counts, area_counts = discrete_logs(heads, sums.headcount), discrete_logs(areas, sums.area)
    return [x for pair in zip(head_counts, area_counts, strict=True) for x in pair]


def plain_totals(manifest: Manifest, counts: Sequence[int], headcount: int, area: int) -> list[list[Totals]]:
    """Per contest and option, the totals: decrypted `counts` (headcount, area per stored
    option, in order), and a motion's abstain as the participation minus yes and no."""
    return [[Totals.from_cents(h, a) for h, a in row] for row in plain_cents(manifest, counts, headcount, area)]


def plain_cents(manifest: Manifest, counts: Sequence[int], headcount: int, area: int) -> list[list[tuple[int, int]]]:
    out, i = [], 0
    for contest in manifest.contests:
        stored = len(contest.candidates) if isinstance(contest, Election) else 2
        row = [(counts[i + 2 * j], counts[i + 2 * j + 1]) for j in range(stored)]
        i += 2 * stored
        if isinstance(contest, Motion):
            (yes_h, yes_a), (no_h, no_a) = row
            row.append((headcount - yes_h - no_h, area - yes_a - no_a))
        out.append(row)
    return out


def _contest_entries(
    manifest: Manifest,
    request: Sequence[Requested],
    by_total: list[list[PartialDecryption]],
    combined: list[Point],
    counts: list[int],
    abstains: list[tuple[int, int]],
) -> list[dict[str, Any]]:
    by_contest: dict[str, list[dict[str, Any]]] = {c.id: [] for c in manifest.contests}
    for r, partials, point, count in zip(request, by_total, combined, counts, strict=True):
        if r.measure == "headcount":
            by_contest[r.contest].append({"option": r.option})
        by_contest[r.contest][-1][r.measure] = {
            "ciphertext": b64(r.ciphertext.encode()),
            "partials": [
                {"trustee": p.trustee, "share": b64(p.share.encode()), "proof": b64(p.proof.encode())} for p in partials
            ],
            "combined": b64(point.encode()),
            "count": count,
        }
    motions = [c for c in manifest.contests if isinstance(c, Motion)]
    for contest, (head, area) in zip(motions, abstains, strict=True):
        row = {"option": options(contest)[2], "headcount": {"count": head}, "area": {"count": area}}
        by_contest[contest.id].append(row)
    return [{"id": contest_id, "options": rows} for contest_id, rows in by_contest.items()]
