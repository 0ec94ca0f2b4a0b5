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
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.utils import timezone

from huanjie.audit.checkpoints import Checkpoint
from huanjie.audit.integrity import Finding, check_checkpoints, check_printed_heads
from huanjie.audit.models import GENESIS_HASH, AuditRecord, ChainHead, ChainVerification
from huanjie.audit.presenting import break_reason
from huanjie.audit.services import ChainBreak, hash_of, verify_chain

LIVE_LIMIT = 5_000
DELETED = "records after the last one were deleted (chain head differs)"


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
    findings: tuple[Finding, ...] = ()  # checkpoints and printed heads the chain does not match

    @property
    def reason(self) -> str:
        return break_reason(self.broken.reason) if self.broken else ""

    @property
    def failing(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.failing]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.failing]

    @property
    def intact(self) -> bool:
        return self.broken is None and self.unverified == 0 and not self.failing


@dataclass(frozen=True)
class Report:
    """One full verification: the chain record by record, then everything said about it elsewhere."""

    head: tuple[int, str]
    broken: ChainBreak | None
    findings: list[Finding]
    milliseconds: int

    @property
    def failing(self) -> bool:
        return self.broken is not None or any(finding.failing for finding in self.findings)


def head() -> tuple[int, str]:
    row = ChainHead.objects.filter(id=1).values_list("sequence", "hash").first()
    return (int(row[0]), str(row[1])) if row else (0, GENESIS_HASH)


def full_check(
    *, saved: dict[str, list[Checkpoint]] | None = None, backups: Iterable[Path] = (), given: Iterable[str] = ()
) -> Report:
    """The whole chain up to its head now; the checkpoints (database, journal, `saved` lists); the printed heads."""
    upto = head()
    started = time.perf_counter()
    broken = verify_chain(head=upto)
    findings = check_checkpoints(saved) + check_printed_heads(backups=backups, given=given)
    return Report(upto, broken, findings, round((time.perf_counter() - started) * 1000))


def verify_and_store(
    actor_label: str = "system",
    *,
    saved: dict[str, list[Checkpoint]] | None = None,
    backups: Iterable[Path] = (),
    given: Iterable[str] = (),
) -> ChainVerification:
    """Verify everything now (full_check), and keep the result for the audit page."""
    report = full_check(saved=saved, backups=backups, given=given)
    broken = report.broken
    return ChainVerification.objects.create(
        at=timezone.now(),
        actor_label=actor_label[:150],
        sequence=report.head[0],
        head_hash=report.head[1],
        broken_sequence=broken.sequence if broken else None,
        reason=broken.reason[:200] if broken else "",
        milliseconds=report.milliseconds,
        findings=[finding.as_json() for finding in report.findings],
    )


def stored_findings(verification: ChainVerification) -> tuple[Finding, ...]:
    return tuple(Finding.from_json(item) for item in verification.findings or [])


def chain_status(*, live_limit: int | None = None, today: date | None = None) -> ChainStatus:
    """The chain's status for a page: verified in full while the page loads when it is short; otherwise the
    last full verification and the records since, one by one — and in full again on the first load of a day
    (Asia/Shanghai) that has none yet, so that a rewrite before the last verification is found within a day."""
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
        findings: Iterable[Finding] = (),
    ) -> ChainStatus:
        elapsed = round((time.perf_counter() - started) * 1000)
        return ChainStatus(upto[0], upto[1], through, broken, live, last, unverified, elapsed, tuple(findings))

    if upto[0] <= limit:
        report = full_check()
        broken = report.broken
        return done(broken.sequence - 1 if broken else upto[0], broken, live=True, findings=report.findings)
    last = ChainVerification.objects.order_by("-at", "-pk").first()
    if last is None or timezone.localdate(last.at) < (today or timezone.localdate()):
        last = verify_and_store("system")
        upto = (last.sequence, last.head_hash)
    findings = stored_findings(last)
    if last.broken_sequence is not None:
        broken = ChainBreak(last.broken_sequence, last.reason)
        return done(last.broken_sequence - 1, broken, live=False, last=last, findings=findings)
    if last.sequence > upto[0]:  # the chain is shorter than when it was verified
        return done(upto[0], ChainBreak(upto[0] + 1, DELETED), live=False, last=last, findings=findings)
    tail = upto[0] - last.sequence
    if tail > limit:
        return done(last.sequence, None, live=False, last=last, unverified=tail, findings=findings)
    broken = verify_chain(after=(last.sequence, last.head_hash), head=upto)
    return done(broken.sequence - 1 if broken else upto[0], broken, live=False, last=last, findings=findings)


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
