"""The chain's status for a page: verified up to #N, or the first broken link.

Verifying costs 40–180 µs a record on the 2-core test machine, depending on its load (measured:
50,000 records in 1.9 s at load 5.8, 4.8 s at load 7, 9.1 s at load 9), so a page verifies the
whole chain while it loads only up to LIVE_LIMIT records (5,000: at most about 0.2–0.9 s). A
longer chain is verified in full by `huanjie audit verify` (or by the street office from the
audit page), which stores its result as a ChainVerification; the page then shows that result
and verifies live only the records written since (also up to LIVE_LIMIT).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.utils import timezone

from huanjie.audit.models import GENESIS_HASH, AuditRecord, ChainHead, ChainVerification
from huanjie.audit.presenting import break_reason
from huanjie.audit.services import ChainBreak, hash_of, verify_chain

LIVE_LIMIT = 5_000


@dataclass(frozen=True)
class ChainStatus:
    head_sequence: int
    head_hash: str
    verified_through: int  # every record from #1 up to this one verifies
    broken: ChainBreak | None
    live: bool  # the whole chain was verified while the page loaded
    last: ChainVerification | None  # the stored full verification this status builds on
    unverified: int  # records after verified_through that were not checked (too many for a page)
    milliseconds: int

    @property
    def reason(self) -> str:
        return break_reason(self.broken.reason) if self.broken else ""

    @property
    def intact(self) -> bool:
        return self.broken is None and self.unverified == 0


def head() -> tuple[int, str]:
    row = ChainHead.objects.filter(id=1).values_list("sequence", "hash").first()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS_HASH)


def verify_and_store(actor_label: str = "system") -> ChainVerification:
    """Verify the whole chain up to its head now, and keep the result."""
    upto = head()
    started = time.perf_counter()
    broken = verify_chain(head=upto)
    elapsed = round((time.perf_counter() - started) * 1000)
    return ChainVerification.objects.create(
        at=timezone.now(),
        actor_label=actor_label[:150],
        sequence=upto[0],
        head_hash=upto[1],
        broken_sequence=broken.sequence if broken else None,
        reason=broken.reason[:200] if broken else "",
        milliseconds=elapsed,
    )


def chain_status(*, live_limit: int | None = None) -> ChainStatus:
    limit = LIVE_LIMIT if live_limit is None else live_limit
    upto = head()
    started = time.perf_counter()

    def done(
        through: int,
        broken: ChainBreak | None,
        *,
        live: bool,
        last: ChainVerification | None = None,
        unverified: int = 0,
    ) -> ChainStatus:
        elapsed = round((time.perf_counter() - started) * 1000)
        return ChainStatus(upto[0], upto[1], through, broken, live, last, unverified, elapsed)

    if upto[0] <= limit:
        broken = verify_chain(head=upto)
        return done(broken.sequence - 1 if broken else upto[0], broken, live=True)
    last = ChainVerification.objects.filter(sequence__lte=upto[0]).order_by("-sequence", "-pk").first()
    if last is None:
        return done(0, None, live=False, unverified=upto[0])
    if last.broken_sequence is not None:
        return done(last.broken_sequence - 1, ChainBreak(last.broken_sequence, last.reason), live=False, last=last)
    tail = upto[0] - last.sequence
    if tail > limit:
        return done(last.sequence, None, live=False, last=last, unverified=tail)
    broken = verify_chain(after=(last.sequence, last.head_hash), head=upto)
    return done(broken.sequence - 1 if broken else upto[0], broken, live=False, last=last)


def record_checks(records: list[AuditRecord]) -> dict[int, str]:
    """For records shown on a page: sequence → why it does not verify (content, or link to the one before).

    Each record's hash covers its content and the hash before it, so a record can be checked on its
    own, and its link with one look-up of the record before it.
    """
    wanted = {entry.sequence - 1 for entry in records if entry.sequence > 1}
    before = dict(AuditRecord.objects.filter(sequence__in=wanted).values_list("sequence", "hash"))
    problems: dict[int, str] = {}
    for entry in records:
        digest = hash_of(entry)
        expected_previous = GENESIS_HASH if entry.sequence == 1 else before.get(entry.sequence - 1)
        if digest != entry.hash:
            problems[entry.sequence] = "content"
        elif entry.previous_hash != expected_previous:
            problems[entry.sequence] = "link"
    return problems
