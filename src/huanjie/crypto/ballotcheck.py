"""Checking the published ballots and adding them up: the verifier's step 3 and 4, and what
each trustee does before it decrypts anything (`huanjie.crypto.election.trustee_decrypt`).

Every record of ballots.bin must decode (every point canonical, every response below L,
α not the identity, the entity on the roster), belong to an entity with no other ballot, and
carry proofs that hold. The valid ballots are then added up, by headcount and weighted by
area (`huanjie.crypto.tally.Accumulator`). The work is split in chunks over `workers`
processes; the first fault found, by ballot order, is the one named.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from dataclasses import dataclass, field

from huanjie.crypto.ballot import ElectionContext, EncryptedBallot, decode_ballot, proof_holds, tracker_of
from huanjie.crypto.faults import Fault, FaultCode, VerificationFailed
from huanjie.crypto.record import ballot_records
from huanjie.crypto.tally import Accumulator, Sums, empty_sums

Outcome = tuple[tuple[int, Fault] | None, Sums | None]


@dataclass(slots=True)
class CheckedBallots:
    sums: Sums
    count: int
    trackers: set[str] = field(default_factory=set)


def check_ballots(context: ElectionContext, data: bytes, workers: int) -> CheckedBallots:
    """All of ballots.bin checked and added up; VerificationFailed naming the first fault."""
    try:
        records = ballot_records(data, context.record_bytes)
    except ValueError as error:
        raise VerificationFailed(Fault(FaultCode.BALLOT_FORMAT, f"ballots.bin: {error}")) from None
    checked = CheckedBallots(empty_sums(context.slots), len(records))
    faults = [f for f in [_first_duplicate(records, context, checked.trackers)] if f is not None]
    areas = [entity.area_cents for entity in context.manifest.roster]
    # Chunks big enough that entities of equal area meet in one (one weighting per area and
    # chunk), small enough that both cores stay busy to the end.
    size = max(25, min(500, len(records) // (8 * max(1, workers)) + 1))
    if workers <= 1:
        _init_worker(context, areas)
        checked.sums = _gather(map(_check_chunk, _chunks(records, size)), faults, checked.sums)
    else:
        with multiprocessing.get_context().Pool(workers, _init_worker, (context, areas)) as pool:
            checked.sums = _gather(pool.imap(_check_chunk, _chunks(records, size)), faults, checked.sums)
    if faults:
        raise VerificationFailed(min(faults, key=lambda f: f[0])[1])  # the earliest ballot's fault
    return checked


_worker_context: tuple[ElectionContext, list[int]] | None = None


def _init_worker(context: ElectionContext, areas: list[int]) -> None:
    global _worker_context
    _worker_context = (context, areas)


def _check_chunk(chunk: tuple[int, list[bytes]]) -> Outcome:
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
    where = f"ballot {index + 1}"
    try:
        ballot: EncryptedBallot = decode_ballot(context, data)
    except LookupError as error:
        return Fault(FaultCode.BALLOT_UNKNOWN_ENTITY, f"{where}: {error}")
    except ValueError as error:  # GroupError is a ValueError
        return Fault(FaultCode.BALLOT_FORMAT, f"{where}: {error}")
    try:
        holds = proof_holds(context, ballot)
    except Exception as error:  # noqa: BLE001  # in a worker process: named, never a traceback
        return Fault(FaultCode.VERIFIER_ERROR, f"{where}: {type(error).__name__}: {error}")
    if not holds:
        return Fault(FaultCode.BALLOT_PROOF, f"{where} (entity {ballot.entity})")
    accumulator.add(ballot.alpha, ballot.betas, areas[int.from_bytes(data[:4], "big")])
    return None


def _chunks(records: list[bytes], size: int) -> Iterator[tuple[int, list[bytes]]]:
    for start in range(0, len(records), size):
        yield start, records[start : start + size]


def _first_duplicate(records: list[bytes], context: ElectionContext, trackers: set[str]) -> tuple[int, Fault] | None:
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
        trackers.add(tracker_of(data, context.manifest_hash))
    return None


def _gather(outcomes: Iterator[Outcome], faults: list[tuple[int, Fault]], sums: Sums) -> Sums:
    for fault, chunk_sums in outcomes:
        if fault is not None:
            faults.append(fault)
            break
        assert chunk_sums is not None
        sums = sums + chunk_sums
    return sums
