"""Running an encrypted election: the ceremony, and the decryption of the tally.

These are the steps of the people who run the election (trustees, the counting team); the
steps of anyone checking it are in `huanjie.crypto.verifier`. Both share the code that says
what a ballot, a tally and a decryption are, and differ only in who holds secrets.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from huanjie.crypto.ballot import EncryptedBallot, stored_slots
from huanjie.crypto.decryption import PartialDecryption, combine, partial_decrypt, plaintext_point
from huanjie.crypto.dlog import discrete_logs
from huanjie.crypto.elgamal import Ciphertext
from huanjie.crypto.encoding import b64
from huanjie.crypto.group import Point
from huanjie.crypto.manifest import Manifest, options
from huanjie.crypto.tally import Accumulator, Sums, option_slots, result_from_totals
from huanjie.crypto.trustees import (
    TrusteeKey,
    TrusteePolynomial,
    TrusteePublic,
    combine_shares,
    election_keys,
    verify_coefficient_proofs,
    verify_share,
)
from huanjie.rules import Election, Motion, Totals

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
    keys = []
    for recipient in range(1, n + 1):
        shares = [p.share_for(recipient) for p in polynomials]
        for public, share in zip(published, shares, strict=True):
            if not verify_share(public, recipient, share):
                raise CeremonyError(f"trustee {public.index} sent trustee {recipient} a bad share")
        keys.append(combine_shares(recipient, shares))
    return Ceremony(published, tuple(keys), election_keys(published))


def accumulate(manifest: Manifest, ballots: Iterable[EncryptedBallot]) -> Sums:
    areas = {entity.id: entity.area_cents for entity in manifest.roster}
    accumulator = Accumulator(stored_slots(manifest.contests))
    for ballot in ballots:
        accumulator.add(ballot.alpha, ballot.betas, areas[ballot.entity])
    return accumulator.finish()


def label(contest_id: str, option: str, measure: str) -> str:
    """What a partial decryption proof is bound to, besides the manifest."""
    return f"{contest_id}/{option}/{measure}"


Entry = tuple[str, str, str, Ciphertext, list[PartialDecryption], Point]


def decrypt_tally(manifest: Manifest, sums: Sums, keys: Sequence[TrusteeKey]) -> dict[str, Any]:
    """The tally record: ciphertexts, partial decryptions by `keys`' trustees, counts, result."""
    if len(keys) < manifest.threshold:
        raise ValueError(f"{len(keys)} trustees cannot decrypt: {manifest.threshold} are needed")
    manifest_hash = manifest.hash()
    entries: list[Entry] = []
    first = 0
    for contest in manifest.contests:
        slots = option_slots(contest, first)
        for option, slot in zip(options(contest), slots, strict=True):
            if slot is None:
                continue
            for measure in MEASURES:
                ct = sums.ciphertext(measure, slot)
                tag = label(contest.id, option, measure)
                partials = [partial_decrypt(key, slot, ct, manifest_hash, tag) for key in keys]
                entries.append((contest.id, option, measure, ct, partials, combine(partials)))
        first += len([s for s in slots if s is not None])
    counts = _find_counts(entries, sums)
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
        "decrypting_trustees": [key.index for key in keys],
        "participating": {"headcount": sums.headcount, "area": sums.area},
        "contests": _contest_entries(manifest, entries, counts, abstains),
        "result": result.to_dict(),
    }


def _find_counts(entries: list[Entry], sums: Sums) -> list[int]:
    heads = [plaintext_point(ct, comb) for _, _, measure, ct, _, comb in entries if measure == "headcount"]
    areas = [plaintext_point(ct, comb) for _, _, measure, ct, _, comb in entries if measure == "area"]
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
    manifest: Manifest, entries: list[Entry], counts: list[int], abstains: list[tuple[int, int]]
) -> list[dict[str, Any]]:
    by_contest: dict[str, list[dict[str, Any]]] = {c.id: [] for c in manifest.contests}
    for (contest_id, option, measure, ct, partials, combined), count in zip(entries, counts, strict=True):
        if measure == "headcount":
            by_contest[contest_id].append({"option": option})
        by_contest[contest_id][-1][measure] = {
            "ciphertext": b64(ct.encode()),
            "partials": [
                {"trustee": p.trustee, "share": b64(p.share.encode()), "proof": b64(p.proof.encode())} for p in partials
            ],
            "combined": b64(combined.encode()),
            "count": count,
        }
    motions = [c for c in manifest.contests if isinstance(c, Motion)]
    for contest, (head, area) in zip(motions, abstains, strict=True):
        row = {"option": options(contest)[2], "headcount": {"count": head}, "area": {"count": area}}
        by_contest[contest.id].append(row)
    return [{"id": contest_id, "options": rows} for contest_id, rows in by_contest.items()]
