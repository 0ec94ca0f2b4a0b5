"""The public verifier: everything in an election record, re-checked from the published data.

In this order, stopping at the first fault and naming it (`huanjie.crypto.faults`):

1. the manifest hashes to the value the ceremony and every proof are bound to;
2. every trustee published k commitments, each a valid group element with a valid Schnorr
   proof, and the election key is the sum of their constant terms;
3. every ballot is well formed, from an entity of the roster, the only ballot of its entity,
   carries its own tracker, and its proof of validity holds (both cores, `workers`);
4. the participation and each tally ciphertext equal what the ballots add up to, headcount
   and area-weighted, recomputed here;
5. at least k distinct trustees decrypted; each partial decryption's Chaum–Pedersen proof holds
   against the trustee's key derived from the commitments; the combination is right; each
   published count c satisfies c·G = B − x·A;
6. the result is what `huanjie.rules` gives for those counts.

The verifier holds no secret and trusts nothing in the record but the group and the law.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from huanjie.crypto.ballot import ElectionContext, decode_ballot, proof_holds
from huanjie.crypto.decryption import PartialDecryption, combine, plaintext_point, verify_partial
from huanjie.crypto.election import MEASURES, label
from huanjie.crypto.elgamal import Ciphertext
from huanjie.crypto.encoding import unb64
from huanjie.crypto.faults import Fault, FaultCode, VerificationFailed
from huanjie.crypto.group import G, GroupError, Point
from huanjie.crypto.manifest import Manifest, options
from huanjie.crypto.proofs import ChaumPedersenProof
from huanjie.crypto.record import Record, read_record, trustees_from_dict
from huanjie.crypto.tally import Accumulator, Sums, option_totals, result_from_totals, stored_slots
from huanjie.crypto.trustees import TrusteePublic, election_key, verification_key, verify_coefficient_proofs
from huanjie.rules import Totals

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
    trustees, key = _check_ceremony(record, manifest, manifest_hash)
    report.trustees = len(trustees)
    context = ElectionContext(manifest, manifest_hash, key)
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


def _check_ceremony(record: Record, manifest: Manifest, manifest_hash: bytes) -> tuple[list[TrusteePublic], Point]:
    try:
        trustees = trustees_from_dict(record.election)
        key = Point.decode(unb64(record.election["election_key"]))
    except _MALFORMED as error:
        raise _fail(FaultCode.TRUSTEE_COMMITMENT, f"election.json: {error}") from error
    if [t.index for t in trustees] != list(range(1, len(manifest.trustees) + 1)):
        raise _fail(FaultCode.TRUSTEE_COMMITMENT, "election.json: trustees are not numbered 1..n as in the manifest")
    for trustee, name in zip(trustees, manifest.trustees, strict=True):
        where = f"trustee {trustee.index} ({trustee.name})"
        if trustee.name != name or not len(trustee.commitments) == len(trustee.proofs) == manifest.threshold:
            raise _fail(FaultCode.TRUSTEE_COMMITMENT, f"{where}: not {manifest.threshold} commitments for {name}")
        degree = verify_coefficient_proofs(trustee, manifest_hash)
        if degree is not None:
            raise _fail(FaultCode.TRUSTEE_COMMITMENT, f"{where}, coefficient {degree}")
    if key.is_identity or key != election_key(trustees):
        raise _fail(FaultCode.ELECTION_KEY, "election.json: election_key")
    return trustees, key


# --- ballots: checked in chunks, on every core ---------------------------------------------

_worker_context: tuple[ElectionContext, dict[str, int]] | None = None


def _init_worker(context: ElectionContext, areas: dict[str, int]) -> None:
    global _worker_context
    _worker_context = (context, areas)


def _check_chunk(chunk: list[tuple[int, str]]) -> tuple[tuple[int, Fault] | None, Sums | None]:
    """Check a run of ballots; the first fault with its ballot's index, or their sums."""
    assert _worker_context is not None
    context, areas = _worker_context
    accumulator = Accumulator(stored_slots(context.manifest.contests))
    for index, line in chunk:
        fault = _check_one(index, line, context, areas, accumulator)
        if fault is not None:
            return (index, fault), None
    return None, accumulator.finish()


def _check_one(
    index: int, line: str, context: ElectionContext, areas: dict[str, int], accumulator: Accumulator
) -> Fault | None:
    try:
        data = json.loads(line)
        ballot = decode_ballot(data, context.manifest)
        tracker = data["tracker"]
    except (*_MALFORMED, GroupError) as error:
        return Fault(FaultCode.BALLOT_FORMAT, f"ballot {index + 1}: {error}")
    where = f"ballot {index + 1} (entity {ballot.entity})"
    if ballot.entity not in areas:
        return Fault(FaultCode.BALLOT_UNKNOWN_ENTITY, where)
    if tracker != ballot.tracker(context.manifest_hash):
        return Fault(FaultCode.BALLOT_TRACKER, where)
    if not proof_holds(context, ballot):
        return Fault(FaultCode.BALLOT_PROOF, where)
    accumulator.add([ct for part in ballot.contests for ct in part.ciphertexts], areas[ballot.entity])
    return None


def _chunks(lines: list[str]) -> Iterator[list[tuple[int, str]]]:
    for start in range(0, len(lines), CHUNK):
        yield list(enumerate(lines[start : start + CHUNK], start))


def _first_duplicate(lines: list[str], report: Report) -> tuple[int, Fault] | None:
    """Collects the trackers; the first second ballot of an entity, if any, with its index."""
    seen: set[str] = set()
    for index, line in enumerate(lines):
        try:
            data = json.loads(line)
            entity, tracker = str(data["entity"]), str(data["tracker"])
        except _MALFORMED:
            continue  # the chunk check names it
        if entity in seen:
            return index, Fault(FaultCode.BALLOT_DUPLICATE, f"ballot {index + 1} (entity {entity})")
        seen.add(entity)
        report.trackers.add(tracker)
    return None


def _check_ballots(record: Record, context: ElectionContext, report: Report, workers: int) -> Sums:
    lines = record.ballot_lines
    report.ballots = len(lines)
    faults = [f for f in [_first_duplicate(lines, report)] if f is not None]
    areas = {entity.id: entity.area_cents for entity in context.manifest.roster}
    sums = Accumulator(stored_slots(context.manifest.contests)).finish()
    if workers <= 1:
        _init_worker(context, areas)
        outcomes: Iterator[tuple[tuple[int, Fault] | None, Sums | None]] = map(_check_chunk, _chunks(lines))
        sums = _gather(outcomes, faults, sums)
    else:
        with multiprocessing.get_context().Pool(workers, _init_worker, (context, areas)) as pool:
            sums = _gather(pool.imap(_check_chunk, _chunks(lines)), faults, sums)
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
    keys = {i: verification_key(trustees, i) for i in decrypting}
    expected = option_totals(manifest.contests, sums)
    plain: list[list[Totals]] = []
    if not isinstance(contests, list) or len(contests) != len(manifest.contests):
        raise _fail(FaultCode.RECORD_UNREADABLE, "tally.json: not one entry per contest")
    for contest, entry, pairs in zip(manifest.contests, contests, expected, strict=True):
        row = []
        rows = entry.get("options") if isinstance(entry, dict) else None
        if not isinstance(rows, list) or entry.get("id") != contest.id or len(rows) != len(pairs):
            raise _fail(FaultCode.RECORD_UNREADABLE, f"tally.json: contest {contest.id}")
        for option, data, pair in zip(options(contest), rows, pairs, strict=True):
            if not isinstance(data, dict) or data.get("option") != option:
                raise _fail(FaultCode.RECORD_UNREADABLE, f"tally.json: {contest.id}, option {option}")
            counts = [
                _check_measure(data.get(m), ct, label(contest.id, option, m), context, decrypting, keys)
                for m, ct in zip(MEASURES, pair, strict=True)
            ]
            row.append(Totals.from_cents(counts[0], counts[1]))
        plain.append(row)
    eligible = Totals.from_cents(len(manifest.roster), sum(e.area_cents for e in manifest.roster))
    result = result_from_totals(manifest.contests, eligible, Totals.from_cents(sums.headcount, sums.area), plain)
    if result.to_dict() != tally.get("result"):
        raise _fail(
            FaultCode.RESULT, f"tally.json: result ({_first_difference(result.to_dict(), tally.get('result'))})"
        )
    report.result = result.to_dict()


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
