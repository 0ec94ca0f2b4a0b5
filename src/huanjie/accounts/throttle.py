"""Throttling guesses at a secret (a password, an owner's letter code, a voting code's phone digits,
a receipt, a two-step code) so that a guessing client is slowed and nobody else is locked out.

What is counted (OWASP Authentication Cheat Sheet, "Protect against automated attacks"; NIST SP
800-63B §5.2.2, rate limiting):

- the failures of one client at one target (a user name, a unit, a voting code): the first
  `HUANJIE_LOGIN_MAX_FAILURES` (5) are free, then each further try waits 30 s, 60 s, 120 s...
  after that client's last failure, up to the window (15 minutes), after which they are forgotten;
- the failures of every client at that target: past TARGET_FACTOR times as many (20), a client
  that has itself failed there waits in the same way after the target's last failure, up to an
  hour; a client without a failure there is still let through, so that the owner of the account
  signs in while someone else guesses at it. Past TARGET_CAP (100) consecutive failures, NIST's
  bound, every client waits: that needs some 80 addresses guessing at one target within a day.

A client is its address (accounts.clients: behind HUANJIE_TRUSTED_PROXIES proxies, the address
they saw), never a key on its own: many owners share the address of a mobile network or a
street office, and a key per address would let one of them stop all the others.

Counting and checking are one step: `attempt()` locks the two rows (target, then client at
target), decides, and counts this attempt as a failure before the secret is even looked at; a
success then clears it (`succeeded()`). Thirty requests sent at once therefore meet the limit
one after another, on PostgreSQL (row locks) and SQLite (one writer at a time). A caller must
not hold a transaction of its own around `attempt()`: the count must be committed before the
secret is checked.

Failures at a target are also kept until its holder has been told of them (`take_report()`).
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from huanjie import audit
from huanjie.accounts.errors import TooManyAttempts
from huanjie.accounts.models import AttemptCounter

# Every target may take this many times a client's free failures before failing clients wait.
TARGET_FACTOR = 4
# NIST SP 800-63B §5.2.2: no more than 100 consecutive failed attempts on one account.
TARGET_CAP = 100
FIRST_WAIT = timedelta(seconds=30)
LONGEST_TARGET_WAIT = timedelta(hours=1)
# A target's failures are forgotten a day after the last one (a success forgets them at once).
TARGET_MEMORY = timedelta(days=1)
# What the holder has not yet been told is kept a month; then the row goes.
REPORT_MEMORY = timedelta(days=30)
PAIR_SEPARATOR = "|client:"


def _window() -> timedelta:
    return timedelta(seconds=settings.HUANJIE_LOGIN_WINDOW_SECONDS)


def _free() -> int:
    free: int = settings.HUANJIE_LOGIN_MAX_FAILURES
    return free


# Longest key stored as typed; a longer one (or one with control characters) is stored by its digest.
PLAIN_KEY_LENGTH = 120


def stored_key(key: str) -> str:
    """The key as the database keeps it: as typed when short and printable, else `kind:sha256:<digest>`.

    A user name is whatever a visitor types: 5,000 characters or a NUL byte must be throttled like
    any other name, not fail to be written (PostgreSQL refuses NUL in text).
    """
    if len(key) <= PLAIN_KEY_LENGTH and key.isprintable():
        return key
    kind = key.split(":", 1)[0] if ":" in key[:20] else "key"
    return f"{kind}:sha256:{hashlib.sha256(key.encode('utf-8', 'surrogatepass')).hexdigest()}"


def wait_after(failures: int, free: int, longest: timedelta) -> timedelta:
    """How long to wait after the last failure: nothing for the free ones, then 30 s doubling."""
    if failures < free:
        return timedelta(0)
    return min(longest, FIRST_WAIT * 2 ** min(failures - free, 20))


@dataclass(frozen=True)
class Attempt:
    """One try at a target's secret, already counted as a failure."""

    target: str  # the stored key of the target
    pair: str  # the stored key of this client at that target
    target_failures: int  # consecutive failures at the target, this one included
    at: datetime

    @property
    def alarming(self) -> bool:
        """This failure is the one to write down and tell the holder of: the target is now being slowed."""
        return self.target_failures in (_free(), TARGET_CAP)


def attempt(target: str, client: str, *, now: datetime | None = None) -> Attempt:
    """Count one try at `target` by `client` as a failure, or raise TooManyAttempts (nothing counted).

    One transaction, both rows locked: see the module's docstring.
    """
    now = now or timezone.now()
    target_key, pair_key = stored_key(target), stored_key(f"{target}{PAIR_SEPARATOR}{client}")
    with transaction.atomic():
        AttemptCounter.objects.bulk_create([AttemptCounter(key=target_key), AttemptCounter(key=pair_key)],
                                           ignore_conflicts=True)
        rows = {row.key: row for row in AttemptCounter.objects.select_for_update().filter(
            key__in=[target_key, pair_key]).order_by("key")}
        on_target, at_pair = rows[target_key], rows[pair_key]
        _forget_old(on_target, now, TARGET_MEMORY)
        _forget_old(at_pair, now, _window())
        wait = _wait(on_target, at_pair, now)
        if wait > timedelta(0):
            raise TooManyAttempts(minutes=max(1, math.ceil(wait.total_seconds() / 60)))
        for row in (on_target, at_pair):
            row.failures += 1
            row.last_failure_at = now
        AttemptCounter.objects.bulk_update([on_target, at_pair], ["failures", "last_failure_at"])
    if secrets.randbelow(256) == 0:
        _purge(now)
    return Attempt(target_key, pair_key, on_target.failures, now)


def _forget_old(row: AttemptCounter, now: datetime, memory: timedelta) -> None:
    if row.last_failure_at is not None and now - row.last_failure_at >= memory:
        row.failures = 0


def _wait(on_target: AttemptCounter, at_pair: AttemptCounter, now: datetime) -> timedelta:
    """How much longer this client must wait before its try is checked; zero when it may try now."""
    free = _free()
    waits = [_left(at_pair, wait_after(at_pair.failures, free, _window()), now)]
    if at_pair.failures:  # a client that has failed here waits once the target is being guessed at
        waits.append(_left(on_target, wait_after(on_target.failures, free * TARGET_FACTOR, LONGEST_TARGET_WAIT), now))
    # Past NIST's bound everyone waits, a client without failures too.
    waits.append(_left(on_target, wait_after(on_target.failures, TARGET_CAP, LONGEST_TARGET_WAIT), now))
    return max(waits)


def _left(row: AttemptCounter, wait: timedelta, now: datetime) -> timedelta:
    if row.last_failure_at is None or wait <= timedelta(0):
        return timedelta(0)
    return max(timedelta(0), row.last_failure_at + wait - now)


def succeeded(done: Attempt) -> None:
    """The secret was right: forget the consecutive failures at the target and of this client there."""
    AttemptCounter.objects.filter(key__in=[done.target, done.pair]).update(failures=0)


def failed(done: Attempt, *, holder: models.Model | None, step: str) -> None:
    """The secret was wrong (already counted against the limits): the holder is to be told of it, and
    when the target is now being slowed, the audit chain says so, naming the holder (the user, the
    unit or the ballot paper guessed at)."""
    first = Coalesce("first_unreported_at", Value(done.at, output_field=models.DateTimeField()))
    AttemptCounter.objects.filter(key=done.target).update(unreported=F("unreported") + 1, first_unreported_at=first,
                                                          last_unreported_at=done.at)
    if done.alarming and holder is not None:
        audit.record("accounts.signin.throttled", target=holder,
                     data={"step": step, "failures": done.target_failures})


def _purge(now: datetime) -> None:
    """Rows nobody needs any more: a client's at a target after a day, anything after a month."""
    AttemptCounter.objects.filter(
        Q(last_failure_at__lt=now - REPORT_MEMORY)
        | Q(key__contains=PAIR_SEPARATOR, last_failure_at__lt=now - TARGET_MEMORY)).delete()


# ---------------------------------------------------------------- telling the holder


def owner_target(community_id: int, unit_code: str) -> str:
    """The target of a unit's owner sign-in; its owners are told of failures at it on their page."""
    return f"owner:{community_id}:{unit_code}"


@dataclass(frozen=True)
class FailureReport:
    """Failed tries at a holder's secret that the holder has not been told of yet."""

    failures: int
    since: datetime
    last: datetime


def pending_report(targets: list[str]) -> FailureReport | None:
    """What the holder of these targets (e.g. a user's name and two-step codes) has yet to be told."""
    rows = list(AttemptCounter.objects.filter(key__in=[stored_key(t) for t in targets], unreported__gt=0))
    firsts = [row.first_unreported_at for row in rows if row.first_unreported_at is not None]
    lasts = [row.last_unreported_at for row in rows if row.last_unreported_at is not None]
    if not rows or not firsts or not lasts:
        return None
    return FailureReport(sum(row.unreported for row in rows), min(firsts), max(lasts))


def take_report(targets: list[str]) -> FailureReport | None:
    """The pending report, marked as told."""
    report = pending_report(targets)
    if report is not None:
        AttemptCounter.objects.filter(key__in=[stored_key(t) for t in targets]).update(
            unreported=0, first_unreported_at=None, last_unreported_at=None)
    return report


def reset(target: str) -> None:
    """Forget every failure at this target, of every client (a system administrator's reset)."""
    AttemptCounter.objects.filter(Q(key=stored_key(target)) | Q(key__startswith=f"{target}{PAIR_SEPARATOR}")
                                  ).update(failures=0)
