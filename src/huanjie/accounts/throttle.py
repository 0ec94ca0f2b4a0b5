"""Throttling of failed sign-ins and code guesses, shared by every server process via the database."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from huanjie.accounts.errors import TooManyAttempts
from huanjie.accounts.models import LoginFailure


def _window_start(now: datetime) -> datetime:
    return now - timedelta(seconds=settings.HUANJIE_LOGIN_WINDOW_SECONDS)


# A whole street office may sit behind one address: a client may fail more often than one name.
CLIENT_FACTOR = 4


def _limit(key: str) -> int:
    limit: int = settings.HUANJIE_LOGIN_MAX_FAILURES
    return limit * CLIENT_FACTOR if "client:" in key else limit


# Longest key stored as typed; a longer one (or one with control characters) is stored by its digest.
PLAIN_KEY_LENGTH = 120


def stored_key(key: str) -> str:
    """The key as the database keeps it: as typed when short and printable, else `kind:sha256:<digest>`.

    A user name is whatever a visitor types: 5,000 characters or a NUL byte must lock out like any
    other name, not fail to be written (PostgreSQL refuses NUL in text).
    """
    if len(key) <= PLAIN_KEY_LENGTH and key.isprintable():
        return key
    kind = key.split(":", 1)[0] if ":" in key[:20] else "key"
    return f"{kind}:sha256:{hashlib.sha256(key.encode('utf-8', 'surrogatepass')).hexdigest()}"


def ensure_not_locked(keys: list[str], *, now: datetime | None = None) -> dict[str, int]:
    """Raise TooManyAttempts when any key has reached its failure limit inside the window.

    Keys containing "client:" (an address) allow CLIENT_FACTOR times more failures than a
    name or a unit does. All keys are counted in one query; the counts are returned (keys
    without failures are left out), so that a success clears failures only where there are some.
    """
    now = now or timezone.now()
    stored = {key: stored_key(key) for key in keys}
    found = dict(LoginFailure.objects.filter(key__in=stored.values(), at__gte=_window_start(now)).values("key")
                 .annotate(n=Count("pk")).values_list("key", "n").order_by())
    counts = {key: found[stored[key]] for key in keys if stored[key] in found}
    if any(counts.get(key, 0) >= _limit(key) for key in keys):
        minutes = max(1, settings.HUANJIE_LOGIN_WINDOW_SECONDS // 60)
        raise TooManyAttempts(minutes=minutes)
    return counts


def note_failure(keys: list[str], *, now: datetime | None = None) -> None:
    now = now or timezone.now()
    LoginFailure.objects.bulk_create([LoginFailure(key=stored_key(key), at=now) for key in keys])
    LoginFailure.objects.filter(at__lt=_window_start(now) - timedelta(days=1)).delete()


def clear_failures(keys: list[str]) -> None:
    LoginFailure.objects.filter(key__in=[stored_key(key) for key in keys]).delete()
