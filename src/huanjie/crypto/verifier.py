"""The public verifier: everything in an election record, re-checked from the published data.

In this order, stopping at the first fault and naming it (`huanjie.crypto.faults`):

1. every file is there and its JSON is strict (`huanjie.crypto.reading`): one reading only, no
   repeated key, integers only, exactly the keys of its schema, every point canonical;
2. the manifest: its schema, its rules (no repeated contest, candidate or entity, areas
   positive with two decimals, the entities those `huanjie.rules` makes of the units with the
   manifest's join), the file in canonical form; its SHA-256 is the hash the ceremony and
   every proof are bound to;
3. every trustee published k commitments per slot, each with a valid Schnorr proof; each
   slot's election key is the sum of their constant terms, not the identity, and no two keys
   are equal or opposite;
4. every ballot record is well formed, from an entity of the roster, the only ballot of its
   entity, and its proof of validity holds (`huanjie.crypto.ballotcheck`, on every core);
5. the participation and each tally ciphertext equal what the ballots add up to;
6. at least k distinct trustees decrypted, in increasing order; each partial decryption's
   Chaum–Pedersen proof holds against the trustee's key for that slot; the combination is
   right; every count lies between 0 and the participation (a count is fixed by its
   decryption only modulo L, so the bound is what makes it the count), satisfies
   c·G = B − x·A, and a motion's yes and no together do not exceed the participation; its
   abstain counts are the participation minus yes and no;
7. the result is, byte for byte in canonical JSON, what `huanjie.rules` gives for those counts.

The verifier holds no secret and trusts nothing in the record but the group and the law.
"""

from __future__ import annotations

import hashlib
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from huanjie.crypto.ballot import ElectionContext, stored_slots
from huanjie.crypto.ballotcheck import check_ballots
from huanjie.crypto.decryption import combine, plaintext_point, verify_partial
from huanjie.crypto.election import MEASURES, label, plain_cents, plain_totals
from huanjie.crypto.elgamal import Ciphertext
from huanjie.crypto.faults import Fault, FaultCode, VerificationFailed
from huanjie.crypto.group import G, Point
from huanjie.crypto.manifest import Manifest, options
from huanjie.crypto.reading import CeremonyRecord, MeasureRecord, TallyRecord, read_ceremony, read_manifest, read_tally
from huanjie.crypto.record import read_files
from huanjie.crypto.strictjson import canonical
from huanjie.crypto.tally import Sums, option_slots
from huanjie.crypto.trustees import (
    TrusteePublic,
    election_keys,
    related_keys,
    verification_key,
    verify_coefficient_proofs,
)
from huanjie.rules import Motion, Totals, result_from_totals


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
        check_record(_read(path), report, workers=workers)
    except VerificationFailed as failed:
        report.fault = failed.fault
    except Exception as error:  # noqa: BLE001  # a bug of ours: the record is not verified, and says so
        report.fault = Fault(FaultCode.VERIFIER_ERROR, f"{type(error).__name__}: {error}")
    report.seconds = time.perf_counter() - started
    return report


def _read(path: Path) -> dict[str, bytes]:
    try:
        return read_files(path)
    except (
        OSError,
        KeyError,
        ValueError,
        EOFError,
        RuntimeError,
        NotImplementedError,
        zlib.error,
        zipfile.BadZipFile,
    ) as error:
        raise _fail(FaultCode.RECORD_UNREADABLE, f"{path}: {error}") from None


def check_record(files: dict[str, bytes], report: Report, *, workers: int = 2) -> None:
    manifest = read_manifest(files["manifest.json"])
    manifest_hash = hashlib.sha256(files["manifest.json"]).digest()
    ceremony = read_ceremony(files["election.json"], stored_slots(manifest.contests), manifest.threshold)
    tally = read_tally(files["tally.json"], manifest)
    if ceremony.manifest_hash != manifest_hash.hex():
        raise _fail(
            FaultCode.MANIFEST_HASH, f"manifest.json ({manifest_hash.hex()[:16]}… ≠ {ceremony.manifest_hash[:16]}…)"
        )
    _check_ceremony(ceremony, manifest, manifest_hash)
    report.trustees = len(ceremony.trustees)
    context = ElectionContext(manifest, manifest_hash, ceremony.keys)
    checked = check_ballots(context, files["ballots.bin"], workers)
    report.ballots, report.trackers = checked.count, checked.trackers
    _check_tally(tally, context, ceremony.trustees, checked.sums, report)


def _fail(code: FaultCode, where: str) -> VerificationFailed:
    return VerificationFailed(Fault(code, where))


def _check_ceremony(ceremony: CeremonyRecord, manifest: Manifest, manifest_hash: bytes) -> None:
    trustees = ceremony.trustees
    if [t.index for t in trustees] != list(range(1, len(manifest.trustees) + 1)):
        raise _fail(FaultCode.TRUSTEE_COMMITMENT, "election.json: trustees are not numbered 1..n as in the manifest")
    for trustee, name in zip(trustees, manifest.trustees, strict=True):
        if trustee.name != name:
            raise _fail(FaultCode.TRUSTEE_COMMITMENT, f"trustee {trustee.index}: named {trustee.name}, not {name}")
        failed = verify_coefficient_proofs(trustee, manifest_hash)
        if failed is not None:
            where = f"trustee {trustee.index} ({trustee.name}), slot {failed[0]}, coefficient {failed[1]}"
            raise _fail(FaultCode.TRUSTEE_COMMITMENT, where)
    keys = ceremony.keys
    if any(k.is_identity for k in keys) or keys != election_keys(trustees):
        raise _fail(FaultCode.ELECTION_KEY, "election.json: election_keys")
    related = related_keys(keys)
    if related is not None:
        raise _fail(FaultCode.ELECTION_KEYS_NOT_DISTINCT, f"election.json: election_keys[{related[0]}], [{related[1]}]")


# --- the tally ------------------------------------------------------------------------------


def _check_tally(
    tally: TallyRecord, context: ElectionContext, trustees: tuple[TrusteePublic, ...], sums: Sums, report: Report
) -> None:
    manifest = context.manifest
    if (tally.headcount, tally.area) != (sums.headcount, sums.area):
        raise _fail(
            FaultCode.PARTICIPATION,
            f"tally.json: {tally.headcount} entities, {tally.area} ≠ {sums.headcount} entities, {sums.area} (0.01 m²)",
        )
    _check_decrypting(tally.decrypting, manifest)
    report.decrypting = list(tally.decrypting)
    counts: list[int] = []
    stored = iter(tally.measures)
    first = 0
    for contest in manifest.contests:
        slots = option_slots(contest, first)
        for option, slot in zip(options(contest), slots, strict=True):
            if slot is None:
                continue
            keys = {i: verification_key(trustees, i, slot) for i in tally.decrypting}
            for measure, data in zip(MEASURES, next(stored), strict=True):
                bound = sums.headcount if measure == "headcount" else sums.area
                tag = label(contest.id, option, measure)
                counts.append(_check_measure(data, sums.ciphertext(measure, slot), bound, tag, context, tally, keys))
        if isinstance(contest, Motion):
            _check_motion_counts(contest.id, counts[-4:], sums)
        first += len([s for s in slots if s is not None])
    cents = plain_cents(manifest, counts, sums.headcount, sums.area)
    motion_rows = [row for contest, row in zip(manifest.contests, cents, strict=True) if isinstance(contest, Motion)]
    motion_ids = [contest.id for contest in manifest.contests if isinstance(contest, Motion)]
    for contest_id, recorded, row in zip(motion_ids, tally.abstains, motion_rows, strict=True):
        _check_abstain(contest_id, recorded, row[2])
    plain = plain_totals(manifest, counts, sums.headcount, sums.area)
    eligible = Totals.from_cents(len(manifest.roster), sum(e.area_cents for e in manifest.roster))
    participating = Totals.from_cents(sums.headcount, sums.area)
    ours = result_from_totals(manifest.contests, eligible, participating, plain).to_dict()
    if canonical(ours) != canonical(tally.result):
        raise _fail(FaultCode.RESULT, f"tally.json: {_first_difference(ours, tally.result)}")
    report.result = ours


def _check_decrypting(decrypting: tuple[int, ...], manifest: Manifest) -> None:
    n, k = len(manifest.trustees), manifest.threshold
    in_order = all(a < b for a, b in zip(decrypting, decrypting[1:], strict=False))
    if len(decrypting) < k or not in_order or not all(1 <= i <= n for i in decrypting):
        raise _fail(
            FaultCode.DECRYPTING_TRUSTEES,
            f"tally.json: {list(decrypting)} (at least {k} distinct of trustees 1..{n}, in increasing order)",
        )


def _check_measure(
    data: MeasureRecord,
    expected: Ciphertext,
    bound: int,
    tag: str,
    context: ElectionContext,
    tally: TallyRecord,
    keys: dict[int, Point],
) -> int:
    if data.ciphertext != expected:
        raise _fail(FaultCode.TALLY_AGGREGATE, tag)
    if tuple(p.trustee for p in data.partials) != tally.decrypting:
        raise _fail(
            FaultCode.DECRYPTING_TRUSTEES, f"{tag}: partial decryptions by {[p.trustee for p in data.partials]}"
        )
    for partial in data.partials:
        if not verify_partial(partial, expected, keys[partial.trustee], context.manifest_hash, tag):
            raise _fail(FaultCode.PARTIAL_DECRYPTION, f"trustee {partial.trustee}, {tag}")
    if data.combined != combine(data.partials):
        raise _fail(FaultCode.COMBINATION, tag)
    # c·G only fixes c modulo L: c + L would pass the next test. Every true count lies in
    # 0..participation (the ballots' proofs make each vote 0 or 1) and the participation is far
    # below L, so within that range the decryption has exactly one count.
    if not 0 <= data.count <= bound:
        raise _fail(FaultCode.COUNT_OUT_OF_RANGE, f"{tag}: {data.count} (0..{bound})")
    if G * data.count != plaintext_point(expected, data.combined):
        raise _fail(FaultCode.COUNT, f"{tag}: {data.count}")
    return data.count


def _check_motion_counts(contest_id: str, counts: list[int], sums: Sums) -> None:
    """yes + no within the participation, in headcount and in area (abstain ≥ 0)."""
    yes_h, yes_a, no_h, no_a = counts
    if yes_h + no_h > sums.headcount or yes_a + no_a > sums.area:
        raise _fail(
            FaultCode.COUNT_OUT_OF_RANGE,
            f"{contest_id}: yes + no = {yes_h + no_h} entities, {yes_a + no_a} (0.01 m²) > the participation",
        )


def _check_abstain(contest_id: str, recorded: tuple[int, int], derived: tuple[int, int]) -> None:
    """A motion's abstain: participation minus yes and no, by plain arithmetic (no decryption)."""
    if min(recorded) < 0:
        raise _fail(FaultCode.COUNT_OUT_OF_RANGE, f"{contest_id}/abstain: {recorded[0]}, {recorded[1]}")
    if recorded != derived:
        raise _fail(FaultCode.COUNT, f"{contest_id}/abstain: {recorded[0]}, {recorded[1]} ≠ {derived[0]}, {derived[1]}")


def _first_difference(ours: Any, theirs: Any, path: str = "result") -> str:
    if isinstance(ours, dict) and isinstance(theirs, dict):
        for key in sorted(set(ours) | set(theirs)):
            if canonical(ours.get(key)) != canonical(theirs.get(key)):
                return _first_difference(ours.get(key), theirs.get(key), f"{path}.{key}")
    if isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs):
        for i, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            if canonical(a) != canonical(b):
                return _first_difference(a, b, f"{path}[{i}]")
    return f"{path}: {_short(theirs)}, the law gives {_short(ours)}"


def _short(value: Any) -> str:
    text = canonical(value).decode("utf-8", "replace")
    return text if len(text) <= 60 else text[:59] + "…"
