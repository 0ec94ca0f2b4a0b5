"""Issue 17, item 2: guesses sent at the same instant meet the limit one after another.

30 wrong passwords for one name and 40 wrong two-step codes for one user, from one address, each
request in its own thread with its own database connection, all released by one barrier. Every
answer says whether the guess was checked ("wrong") or refused before the check ("too many"):
at most HUANJIE_LOGIN_MAX_FAILURES may have been checked.

SQLite test databases live in memory and fail with "database table is locked" under threads, so
on SQLite test_throttle_race runs this module in a fresh process against a file database set up
as in production (WAL, IMMEDIATE transactions):

    DATABASE_URL=sqlite:////tmp/x.sqlite3 ALLOWED_HOSTS=testserver python -m tests.accounts.throttle_race
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huanjie.settings")

PASSWORDS, CODES = 30, 40
ADDRESS = "203.0.113.9"
PASSWORD = "correct horse battery staple"


def race(jobs: list[Callable[[], str]]) -> list[str]:
    """Run the jobs in threads released by one barrier; each one's outcome."""
    from django.db import close_old_connections

    start = threading.Barrier(len(jobs))
    outcomes = ["lost"] * len(jobs)

    def run(i: int, job: Callable[[], str]) -> None:
        start.wait()
        try:
            outcomes[i] = job()
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def make_people() -> None:
    """Alice with a password; Bob with an authenticator app."""
    from django.contrib.auth import get_user_model

    from huanjie.accounts import totp, two_factor

    get_user_model().objects.create_user("alice", password=PASSWORD)
    bob = get_user_model().objects.create_user("bob", password=PASSWORD)
    device = two_factor.pending_device(bob)
    two_factor.confirm_enrolment(user=bob, code=totp.totp(two_factor.unseal(device.secret_box, bob.pk), time.time()),
                                 client="192.0.2.1")


def password_guess() -> str:
    from django.test import Client

    page = Client(REMOTE_ADDR=ADDRESS).post("/accounts/login/", {"username": "alice", "password": "wrong"})
    text = page.content.decode()
    return "refused" if "尝试次数过多" in text else "checked" if page.status_code == 200 else f"HTTP {page.status_code}"


def code_guess() -> str:
    from django.contrib.auth import get_user_model

    from huanjie.accounts import two_factor
    from huanjie.accounts.errors import TooManyAttempts

    try:
        two_factor.verify_second_step(user=get_user_model().objects.get(username="bob"), code="000000",
                                      client=ADDRESS, at=1e9)  # a code of 2001 is never bob's now: always wrong
    except two_factor.WrongCode:
        return "checked"
    except TooManyAttempts:
        return "refused"
    return "accepted"


def run() -> dict[str, dict[str, int]]:
    outcomes = {"passwords": race([password_guess] * PASSWORDS), "codes": race([code_guess] * CODES)}
    return {name: {kind: found.count(kind) for kind in sorted(set(found))} for name, found in outcomes.items()}


def main() -> None:
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    make_people()
    print(json.dumps(run()))


if __name__ == "__main__":
    main()
