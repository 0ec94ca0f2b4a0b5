"""The throttle's rules (accounts.throttle), with the clock passed in.

A client's first five failures at a target are free, then it waits 30 s, 60 s, 120 s...; a client
without failures at a target is let through while others guess at it, until NIST's bound of 100
consecutive failures; a success forgets the failures; the holder is told of them once.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from huanjie.accounts import throttle
from huanjie.accounts.errors import TooManyAttempts

T0 = timezone.now()
ALICE = "staff:alice"


def fail(target: str, client: str, at: timedelta) -> throttle.Attempt:
    attempt = throttle.attempt(target, client, now=T0 + at)
    throttle.failed(attempt, holder=None, step="test")
    return attempt


def refused(target: str, client: str, at: timedelta) -> int:
    """The minutes the refusal asks to wait."""
    with pytest.raises(TooManyAttempts) as caught:
        throttle.attempt(target, client, now=T0 + at)
    return int(caught.value.params["minutes"])  # type: ignore[call-overload]


def s(seconds: float) -> timedelta:
    return timedelta(seconds=seconds)


@pytest.fixture(autouse=True)
def _five_free(settings):  # type: ignore[no-untyped-def]
    settings.HUANJIE_LOGIN_MAX_FAILURES = 5
    settings.HUANJIE_LOGIN_WINDOW_SECONDS = 900


def test_a_clients_first_five_failures_are_free_then_it_waits_longer_each_time(db):
    for n in range(5):
        fail(ALICE, "1.1.1.1", s(n))
    assert refused(ALICE, "1.1.1.1", s(4 + 29)) == 1  # 30 s after the fifth
    fail(ALICE, "1.1.1.1", s(4 + 30))
    refused(ALICE, "1.1.1.1", s(34 + 59))  # then 60 s
    fail(ALICE, "1.1.1.1", s(34 + 60))
    refused(ALICE, "1.1.1.1", s(94 + 119))  # then 120 s
    fail(ALICE, "1.1.1.1", s(94 + 120))


def test_the_waits_stop_growing_at_the_window_and_a_quiet_window_forgets_them(db):
    at = s(0)
    for wait in (0, 0, 0, 0, 0, 30, 60, 120, 240, 480):
        at += s(wait)
        fail(ALICE, "1.1.1.1", at)
    assert refused(ALICE, "1.1.1.1", at + s(1)) == 15  # 960 s would be next: never more than the window
    for n in range(5):  # a quiet window: the client's failures are forgotten
        fail(ALICE, "1.1.1.1", at + s(900 + n))
    refused(ALICE, "1.1.1.1", at + s(906))


def test_a_client_without_failures_is_let_through_while_another_guesses(db):
    for n in range(5):
        fail(ALICE, "203.0.113.9", s(n))
    refused(ALICE, "203.0.113.9", s(6))
    throttle.succeeded(throttle.attempt(ALICE, "198.51.100.7", now=T0 + s(6)))


def test_a_success_forgets_the_clients_failures(db):
    for n in range(4):
        fail(ALICE, "1.1.1.1", s(n))
    throttle.succeeded(throttle.attempt(ALICE, "1.1.1.1", now=T0 + s(5)))
    for n in range(5):
        fail(ALICE, "1.1.1.1", s(6 + n))
    refused(ALICE, "1.1.1.1", s(12))


def test_past_twenty_failures_at_a_target_a_client_that_failed_there_waits_too(db):
    for n in range(20):  # four clients, five failures each
        fail(ALICE, f"10.0.0.{n // 5}", s(n))
    fail(ALICE, "10.0.1.1", s(20))  # a fresh client is let through (and fails)
    # It has failed there now: with 21 failures at the target it waits 60 s after the target's last.
    assert refused(ALICE, "10.0.1.1", s(20 + 59)) == 1
    fail(ALICE, "10.0.1.1", s(20 + 60))
    # Another fresh client still gets its try at once: the owner of the account signs in.
    throttle.succeeded(throttle.attempt(ALICE, "10.0.2.2", now=T0 + s(81)))


def test_past_a_hundred_consecutive_failures_every_client_waits(db):
    for n in range(100):  # a hundred addresses, one failure each
        fail(ALICE, f"10.1.{n // 250}.{n % 250}", s(n))
    assert refused(ALICE, "192.0.2.1", s(100)) == 1  # NIST SP 800-63B §5.2.2: everyone waits now
    throttle.succeeded(throttle.attempt(ALICE, "192.0.2.1", now=T0 + s(99 + 30)))
    fail(ALICE, "192.0.2.2", s(200))  # the success started the count again


def test_a_targets_failures_are_forgotten_a_day_after_the_last(db):
    for n in range(100):
        fail(ALICE, f"10.1.{n // 250}.{n % 250}", s(n))
    refused(ALICE, "192.0.2.1", s(100))
    fail(ALICE, "192.0.2.1", timedelta(days=1, seconds=100))


def test_the_holder_is_told_of_the_failures_once(db):
    fail(ALICE, "1.1.1.1", s(0))
    fail(ALICE, "2.2.2.2", s(60))
    throttle.succeeded(throttle.attempt(ALICE, "3.3.3.3", now=T0 + s(120)))
    report = throttle.take_report([ALICE, "totp:1"])
    assert report is not None and (report.failures, report.since, report.last) == (2, T0, T0 + s(60))
    assert throttle.take_report([ALICE]) is None


def test_a_refused_try_is_not_counted(db):
    for n in range(5):
        fail(ALICE, "1.1.1.1", s(n))
    for _ in range(50):
        refused(ALICE, "1.1.1.1", s(10))
    fail(ALICE, "1.1.1.1", s(4 + 30))  # still only the sixth failure: 30 s, not hours
    refused(ALICE, "1.1.1.1", s(34 + 59))


def test_keys_too_long_or_with_a_nul_are_stored_by_their_digest(db):
    for target in ("staff:" + "张" * 5000, "staff:alice\x00"):
        for n in range(5):
            fail(target, "1.1.1.1", s(n))
        refused(target, "1.1.1.1", s(6))
