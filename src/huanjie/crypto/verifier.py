"""The public verifier: everything in an election record, re-checked from the published data.

In this order, stopping at the first fault and naming it (`huanjie.crypto.faults`):

1. the manifest hashes to the value the ceremony and every proof are bound to;
2. every trustee published k commitments per slot, each a valid group element with a valid
   Schnorr proof, and each slot's election key is the sum of their constant terms;
3. every ballot record is well formed (every point a canonical group element, every
   response reduced, α not the identity), from an entity of the roster, the only ballot of its
   entity, and its proof of validity holds (both cores, `workers`); its tracker is computed;
4. the participation and each tally ciphertext equal what the ballots add up to, headcount
   and area-weighted, recomputed here;
5. at least k distinct trustees decrypted; each partial decryption's Chaum–Pedersen proof holds
   against the trustee's key for that slot, derived from the commitments; the combination is
   right; each published count c satisfies c·G = B − x·A; each motion's abstain counts are the
   participation minus yes and no;
6. the result is what `huanjie.rules` gives for those counts.

The verifier holds no secret and trusts nothing in the record but the group and the law.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from huanjie.crypto.ballot import (
    ElectionContext,
    EncryptedBallot,
    decode_ballot,
    proof_holds,
    stored_slots,
    tracker_of,
)
from huanjie.crypto.decryption import PartialDecryption, combine, plaintext_point, verify_partial
from huanjie.crypto.election import MEASURES, label, plain_totals
from huanjie.crypto.elgamal import Ciphertext
from huanjie.crypto.encoding import unb64
from huanjie.crypto.faults import Fault, FaultCode, VerificationFailed
from huanjie.crypto.group import G, GroupError, Point
from huanjie.crypto.manifest import Manifest, options
from huanjie.crypto.proofs import ChaumPedersenProof
from huanjie.crypto.record import Record, ballot_records, read_record, trustees_from_dict
from huanjie.crypto.tally import Accumulator, Sums, empty_sums, option_slots, result_from_totals
from huanjie.crypto.trustees import TrusteePublic, election_keys, verification_key, verify_coefficient_proofs
from huanjie.rules import Motion, Totals

CHUNK = 100
_MALFORMED = (KeyError, TypeError, ValueError, IndexError, AttributeError)


@dataclass(slots=True)
class Report:
    fault: Fault | None = None
    ballots: int = 0
    trustees: int = 0
    decrypting: list[int] = field(default_factory=list)
    result: dict[str, Any] | None = None
    trackers: set[str] = field(default_factory=set)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.fault is None


def verify_record(path: Path, *, workers: int = 2) -> Report:
    started = time.perf_counter()
    report = Report()
    try:
        try:
            record = read_record(path)
        except (OSError, KeyError, ValueError) as error:
            raise VerificationFailed(Fault(FaultCode.RECORD_UNREADABLE, f"{path}: {error}")) from error
        check_record(record, report, workers=workers)
    except VerificationFailed as failed:
        report.fault = failed.fault
    report.seconds = time.perf_counter() - started
    return report


def check_record(record: Record, report: Report, *, workers: int = 2) -> None:
    manifest, manifest_hash = _check_manifest(record)
    trustees, keys = _check_ceremony(record, manifest, manifest_hash)
    report.trustees = len(trustees)
    context = ElectionContext(manifest, manifest_hash, keys)
    sums = _check_ballots(record, context, report, workers)
    _check_tally(record.tally, context, trustees, sums, report)


def _fail(code: FaultCode, where: str) -> VerificationFailed:
    return VerificationFailed(Fault(code, where))


def _check_manifest(record: Record) -> tuple[Manifest, bytes]:
    try:
        manifest = Manifest.from_dict(record.manifest)
        recorded = str(record.election["manifest_hash"])
    except _MALFORMED as error:
        raise _fail(FaultCode.RECORD_UNREADABLE, f"manifest.json: {error}") from error
    manifest_hash = manifest.hash()
    if manifest_hash.hex() != recorded:
        raise _fail(FaultCode.MANIFEST_HASH, f"manifest.json ({manifest_hash.hex()[:16]}… ≠ {recorded[:16]}…)")
    return manifest, manifest_hash


def _check_ceremony(
    record: Record, manifest: Manifest, manifest_hash: bytes
) -> tuple[list[TrusteePublic], tuple[Point, ...]]:
    try:
        trustees = trustees_from_dict(record.election)
        keys = tuple(Point.decode(unb64(k)) for k in record.election["election_keys"])
    except _MALFORMED as error:
        raise _fail(FaultCode.TRUSTEE_COMMITMENT, f"election.json: {error}") from error
    if [t.index for t in trustees] != list(range(1, len(manifest.trustees) + 1)):
        raise _fail(FaultCode.TRUSTEE_COMMITMENT, "election.json: trustees are not numbered 1..n as in the manifest")
    slots = stored_slots(manifest.contests)
    for trustee, name in zip(trustees, manifest.trustees, strict=True):
        where = f"trustee {trustee.index} ({trustee.name})"
        shape_ok = len(trustee.commitments) == len(trustee.proofs) == slots and all(
            len(c) == len(p) == manifest.threshold for c, p in zip(trustee.commitments, trustee.proofs, strict=True)
        )
        if trustee.name != name or not shape_ok:
            raise _fail(
                FaultCode.TRUSTEE_COMMITMENT, f"{where}: not {slots}×{manifest.threshold} commitments for {name}"
            )
        failed = verify_coefficient_proofs(trustee, manifest_hash)
        if failed is not None:
            raise _fail(FaultCode.TRUSTEE_COMMITMENT, f"{where}, slot {failed[0]}, coefficient {failed[1]}")
    if len(keys) != slots or any(k.is_identity for k in keys) or keys != election_keys(trustees):
        raise _fail(FaultCode.ELECTION_KEY, "election.json: election_keys")
    return trustees, keys


# --- ballots: checked in chunks, on every core ---------------------------------------------

_worker_context: tuple[ElectionContext, list[int]] | None = None


def _init_worker(context: ElectionContext, areas: list[int]) -> None:
    global _worker_context
    _worker_context = (context, areas)


def _check_chunk(chunk: tuple[int, list[bytes]]) -> tuple[tuple[int, Fault] | None, Sums | None]:
    """Check a run of ballots; the first fault with its ballot's index, or their sums."""
    assert _worker_context is not None
    context, areas = _worker_context
    accumulator = Accumulator(context.slots)
    start, records = chunk
    for index, data in enumerate(records, start):
        fault = _check_one(index, data, context, areas, accumulator)
        if fault is not None:
            return (index, fault), None
    return None, accumulator.finish()


def _check_one(
    index: int, data: bytes, context: ElectionContext, areas: list[int], accumulator: Accumulator
) -> Fault | None:
    try:
        ballot: EncryptedBallot = decode_ballot(context, data)
    except LookupError as error:
        return Fault(FaultCode.BALLOT_UNKNOWN_ENTITY, f"ballot {index + 1}: {error}")
    except (ValueError, GroupError) as error:
        return Fault(FaultCode.BALLOT_FORMAT, f"ballot {index + 1}: {error}")
    if not proof_holds(context, ballot):
        return Fault(FaultCode.BALLOT_PROOF, f"ballot {index + 1} (entity {ballot.entity})")
    accumulator.add(ballot.alpha, ballot.betas, areas[int.from_bytes(data[:4], "big")])
    return None


def _chunks(records: list[bytes], size: int) -> Iterator[tuple[int, list[bytes]]]:
    for start in range(0, len(records), size):
        yield start, records[start : start + size]


def _first_duplicate(records: list[bytes], context: ElectionContext, report: Report) -> tuple[int, Fault] | None:
    """Collects the trackers; the first second ballot of an entity, if any, with its index."""
    seen: set[bytes] = set()
    roster = context.manifest.roster
    for index, data in enumerate(records):
        entity = data[:4]
        if entity in seen:
            number = int.from_bytes(entity, "big")
            name = roster[number].id if number < len(roster) else f"#{number + 1}"
            return index, Fault(FaultCode.BALLOT_DUPLICATE, f"ballot {index + 1} (entity {name})")
        seen.add(entity)
        report.trackers.add(tracker_of(data, context.manifest_hash))
    return None


def _check_ballots(record: Record, context: ElectionContext, report: Report, workers: int) -> Sums:
    try:
        records = ballot_records(record.ballots, context.record_bytes)
    except ValueError as error:
        raise _fail(FaultCode.BALLOT_FORMAT, f"ballots.bin: {error}") from error
    report.ballots = len(records)
    faults = [f for f in [_first_duplicate(records, context, report)] if f is not None]
    areas = [entity.area_cents for entity in context.manifest.roster]
    sums = empty_sums(context.slots)
    # Chunks big enough that entities of equal area meet in one (one weighting per area and
    # chunk), small enough that both cores stay busy to the end.
    size = max(25, min(500, len(records) // (8 * max(1, workers)) + 1))
    if workers <= 1:
        _init_worker(context, areas)
        outcomes: Iterator[tuple[tuple[int, Fault] | None, Sums | None]] = map(_check_chunk, _chunks(records, size))
        sums = _gather(outcomes, faults, sums)
    else:
        with multiprocessing.get_context().Pool(workers, _init_worker, (context, areas)) as pool:
            sums = _gather(pool.imap(_check_chunk, _chunks(records, size)), faults, sums)
    if faults:
        raise VerificationFailed(min(faults, key=lambda f: f[0])[1])  # the earliest ballot's fault
    return sums


def _gather(
    outcomes: Iterator[tuple[tuple[int, Fault] | None, Sums | None]], faults: list[tuple[int, Fault]], sums: Sums
) -> Sums:
    for fault, chunk_sums in outcomes:
        if fault is not None:
            faults.append(fault)
            break
        assert chunk_sums is not None
        sums = sums + chunk_sums
    return sums


# --- the tally ------------------------------------------------------------------------------


def _check_tally(
    tally: dict[str, Any], context: ElectionContext, trustees: list[TrusteePublic], sums: Sums, report: Report
) -> None:
    manifest = context.manifest
    try:
        participating = tally["participating"]
        decrypting = [int(i) for i in tally["decrypting_trustees"]]
        contests = tally["contests"]
    except _MALFORMED as error:
        raise _fail(FaultCode.RECORD_UNREADABLE, f"tally.json: {error}") from error
    if participating != {"headcount": sums.headcount, "area": sums.area}:
        raise _fail(FaultCode.PARTICIPATION, f"tally.json: {participating} ≠ {sums.headcount} entities, {sums.area}")
    n = len(manifest.trustees)
    if len(set(decrypting)) != len(decrypting) or len(decrypting) < manifest.threshold:
        raise _fail(FaultCode.DECRYPTING_TRUSTEES, f"tally.json: {decrypting}")
    if not all(1 <= i <= n for i in decrypting):
        raise _fail(FaultCode.DECRYPTING_TRUSTEES, f"tally.json: {decrypting} (trustees are 1..{n})")
    report.decrypting = decrypting
    if not isinstance(contests, list) or len(contests) != len(manifest.contests):
        raise _fail(FaultCode.RECORD_UNREADABLE, "tally.json: not one entry per contest")
    counts: list[int] = []
    abstains: list[tuple[str, Any]] = []
    first = 0
    for contest, entry in zip(manifest.contests, contests, strict=True):
        rows = entry.get("options") if isinstance(entry, dict) else None
        slots = option_slots(contest, first)
        if not isinstance(rows, list) or entry.get("id") != contest.id or len(rows) != len(slots):
            raise _fail(FaultCode.RECORD_UNREADABLE, f"tally.json: contest {contest.id}")
        for option, data, slot in zip(options(contest), rows, slots, strict=True):
            if not isinstance(data, dict) or data.get("option") != option:
                raise _fail(FaultCode.RECORD_UNREADABLE, f"tally.json: {contest.id}, option {option}")
            if slot is None:
                abstains.append((f"{contest.id}/{option}", data))
                continue
            keys = {i: verification_key(trustees, i, slot) for i in decrypting}
            for m in MEASURES:
                expected = sums.ciphertext(m, slot)
                tag = label(contest.id, option, m)
                counts.append(_check_measure(data.get(m), expected, tag, context, decrypting, keys))
        first += len([s for s in slots if s is not None])
    plain = plain_totals(manifest, counts, sums.headcount, sums.area)
    motion_rows = [row for contest, row in zip(manifest.contests, plain, strict=True) if isinstance(contest, Motion)]
    for (tag, data), row in zip(abstains, motion_rows, strict=True):
        _check_abstain(tag, data, row[2])
    eligible = Totals.from_cents(len(manifest.roster), sum(e.area_cents for e in manifest.roster))
    result = result_from_totals(manifest.contests, eligible, Totals.from_cents(sums.headcount, sums.area), plain)
    if result.to_dict() != tally.get("result"):
        raise _fail(
            FaultCode.RESULT, f"tally.json: result ({_first_difference(result.to_dict(), tally.get('result'))})"
        )
    report.result = result.to_dict()


def _check_abstain(tag: str, data: dict[str, Any], derived: Totals) -> None:
    """A motion's abstain: participation minus yes and no, by plain arithmetic (no decryption)."""
    try:
        head, area = data["headcount"]["count"], data["area"]["count"]
    except _MALFORMED as error:
        raise _fail(FaultCode.RECORD_UNREADABLE, f"tally.json: {tag}: {error}") from error
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (head, area)):
        raise _fail(FaultCode.COUNT, f"{tag}: {head!r}, {area!r}")
    if head != derived.headcount or Totals.from_cents(0, area).area != derived.area:
        raise _fail(FaultCode.COUNT, f"{tag}: {head}, {area}")


def _check_measure(
    data: Any, expected: Ciphertext, tag: str, context: ElectionContext, decrypting: list[int], keys: dict[int, Point]
) -> int:
    try:
        recorded = Ciphertext.decode(unb64(data["ciphertext"]))
        partials = [
            PartialDecryption(
                int(p["trustee"]), Point.decode(unb64(p["share"])), ChaumPedersenProof.decode(unb64(p["proof"]))
            )
            for p in data["partials"]
        ]
        combined = Point.decode(unb64(data["combined"]))
        count = data["count"]
    except (*_MALFORMED, GroupError) as error:
        raise _fail(FaultCode.RECORD_UNREADABLE, f"tally.json: {tag}: {error}") from error
    if recorded != expected:
        raise _fail(FaultCode.TALLY_AGGREGATE, tag)
    if [p.trustee for p in partials] != decrypting:
        raise _fail(FaultCode.DECRYPTING_TRUSTEES, f"{tag}: partial decryptions by {[p.trustee for p in partials]}")
    for partial in partials:
        if not verify_partial(partial, expected, keys[partial.trustee], context.manifest_hash, tag):
            raise _fail(FaultCode.PARTIAL_DECRYPTION, f"trustee {partial.trustee}, {tag}")
    if combined != combine(partials):
        raise _fail(FaultCode.COMBINATION, tag)
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise _fail(FaultCode.COUNT, f"{tag}: {count!r}")
    if G * count != plaintext_point(expected, combined):
        raise _fail(FaultCode.COUNT, f"{tag}: {count}")
    return count


def _first_difference(ours: Any, theirs: Any, path: str = "result") -> str:
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in ours:
            if ours[key] != theirs.get(key):
                return _first_difference(ours[key], theirs.get(key), f"{path}.{key}")
    if isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            if a != b:
                return _first_difference(a, b, f"{path}[{i}]")
    return f"{path}: {theirs!r}, the law gives {ours!r}"
