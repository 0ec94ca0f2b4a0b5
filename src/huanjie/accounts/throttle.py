"""Throttling of failed sign-ins and code guesses, shared by every server process via the database."""

from __future__ import annotations

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


def ensure_not_locked(keys: list[str], *, now: datetime | None = None) -> dict[str, int]:
    """Raise TooManyAttempts when any key has reached its failure limit inside the window.

    Keys containing "client:" (an address) allow CLIENT_FACTOR times more failures than a
    name or a unit does. All keys are counted in one query; the counts are returned (keys
    without failures are left out), so that a success clears failures only where there are some.
    """
    now = now or timezone.now()
    counts = dict(LoginFailure.objects.filter(key__in=keys, at__gte=_window_start(now)).values("key")
                  .annotate(n=Count("pk")).values_list("key", "n").order_by())
    if any(counts.get(key, 0) >= _limit(key) for key in keys):
        minutes = max(1, settings.HUANJIE_LOGIN_WINDOW_SECONDS // 60)
        raise TooManyAttempts(minutes=minutes)
    return counts


def note_failure(keys: list[str], *, now: datetime | None = None) -> None:
    now = now or timezone.now()
    LoginFailure.objects.bulk_create([LoginFailure(key=key, at=now) for key in keys])
    LoginFailure.objects.filter(at__lt=_window_start(now) - timedelta(days=1)).delete()


def clear_failures(keys: list[str]) -> None:
    LoginFailure.objects.filter(key__in=keys).delete()
