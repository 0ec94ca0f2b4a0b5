"""Whole records made by a dishonest election authority: every proof valid, one thing wrong.

Editing a genuine record breaks its proofs; these attacks do not. Whoever runs the ceremony,
holds the trustees' shares or writes the tally can make records that are consistent but for
the one fault the verifier must catch on its own: related slot keys (the trustees colluded), a
ballot whose α is written with the top bit set and proven over those bytes (its voter's device
made it so), a count right only modulo L with the result the law gives for it.
"""

from __future__ import annotations

import decimal
import json
import random
from collections.abc import Callable, Sequence
from pathlib import Path

from huanjie.crypto.ballot import (
    ElectionContext,
    EncryptedBallot,
    encrypt_ballot,
    encrypt_slots,
    prove,
    provers_for,
    slot_values,
    stored_slots,
    true_branches,
)
from huanjie.crypto.decryption import partial_decrypt
from huanjie.crypto.demo import demo_choices, demo_manifest
from huanjie.crypto.election import accumulate, tally_record, tally_request
from huanjie.crypto.group import L, Point, Scalar
from huanjie.crypto.reading import read_manifest
from huanjie.crypto.record import ballots_file, write_record
from huanjie.crypto.trustees import TrusteePolynomial, combine_shares, election_keys
from huanjie.rules import Choice, Totals, result_from_totals

MakeBallot = Callable[[ElectionContext, str, Sequence[Choice]], EncryptedBallot]


def election(
    out: Path,
    *,
    ballots: int = 6,
    seed: int = 11,
    polynomials: Callable[[list[TrusteePolynomial]], None] | None = None,
    first_ballot: MakeBallot = encrypt_ballot,
) -> Path:
    """A complete small record (3 trustees, threshold 2, trustees 1 and 2 decrypt), made step by
    step so that a hook can change the trustees' polynomials or how the first ballot is made."""
    rng = random.Random(seed)
    manifest = demo_manifest(ballots + 2, 3, 2, rng)
    manifest_hash = manifest.hash()
    polys = [TrusteePolynomial(i, 2, stored_slots(manifest.contests)) for i in (1, 2, 3)]
    if polynomials is not None:
        polynomials(polys)
    published = [p.publish(manifest_hash, name) for p, name in zip(polys, manifest.trustees, strict=True)]
    keys = [combine_shares(index, [p.share_for(index) for p in polys]) for index in (1, 2)]
    context = ElectionContext(manifest, manifest_hash, election_keys(published))
    voters = rng.sample([e.id for e in manifest.roster], ballots)
    made = [(first_ballot if i == 0 else encrypt_ballot)(context, e, demo_choices(rng)) for i, e in enumerate(voters)]
    sums = accumulate(manifest, made)
    request = tally_request(manifest, sums)
    parts = [[partial_decrypt(key, r.slot, r.ciphertext, manifest_hash, r.label) for r in request] for key in keys]
    write_record(out, context, published, ballots_file(context, made), tally_record(manifest, sums, request, parts))
    return out


def related_slot_keys(sign: int) -> Callable[[list[TrusteePolynomial]], None]:
    """Every trustee gives slot 1 the polynomial of slot 0 (sign 1) or its negation (−1)."""

    def change(polys: list[TrusteePolynomial]) -> None:
        for poly in polys:
            first = poly.coefficients[0]
            poly.coefficients = (first, tuple(a * Scalar(sign) for a in first), *poly.coefficients[2:])

    return change


def aliased_alpha(context: ElectionContext, entity: str, choices: Sequence[Choice]) -> EncryptedBallot:
    """An honest ballot but for α, written with bit 255 set and proven over those bytes.

    libsodium 1.0.18 computes with such bytes as with the canonical ones, so the tally is the
    same; a verifier that follows RFC 9496 refuses the ballot. Two verifiers disagreeing on a
    record is itself the attack."""
    values = slot_values(context.manifest.contests, choices)
    nonce = Scalar.random()
    alpha, betas = encrypt_slots(context, values, nonce)
    alias = Point(alpha.data[:31] + bytes([alpha.data[31] | 0x80]))
    return prove(
        context, entity, alias, betas, provers_for(context, alpha, betas, true_branches(context, values), nonce)
    )


def count_plus_l(record: Path, contest: int, option: int, measure: str) -> None:
    """Adds L to one decrypted count — c·G does not change — and rewrites what follows from the
    counts as the law gives it: the motions' abstain, and the result."""
    path = record / "tally.json"
    tally = json.loads(path.read_text(encoding="utf-8"))
    tally["contests"][contest]["options"][option][measure]["count"] += L
    headcount, area = tally["participating"]["headcount"], tally["participating"]["area"]
    totals: list[list[Totals]] = []
    for entry in tally["contests"]:
        rows = entry["options"]
        if rows[-1]["option"] == "abstain":
            for m, whole in (("headcount", headcount), ("area", area)):
                rows[2][m]["count"] = whole - rows[0][m]["count"] - rows[1][m]["count"]
        totals.append([Totals.from_cents(r["headcount"]["count"], r["area"]["count"]) for r in rows])
    manifest = read_manifest((record / "manifest.json").read_bytes())
    eligible = Totals.from_cents(len(manifest.roster), sum(e.area_cents for e in manifest.roster))
    with decimal.localcontext(prec=200):  # an area of about 2^252 hundredths, written out in full
        result = result_from_totals(manifest.contests, eligible, Totals.from_cents(headcount, area), totals)
        tally["result"] = result.to_dict()
    path.write_text(json.dumps(tally, ensure_ascii=False, indent=1), encoding="utf-8")
