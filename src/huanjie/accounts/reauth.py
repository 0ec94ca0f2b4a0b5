"""Asking a signed-in owner for their letter's code again before something that hands out personal
data (the personal-data ZIP): a phone left unlocked, or a session taken from a family tablet, is not
enough to carry off what huanjie holds about a household (OWASP Session Management Cheat Sheet,
"Renew the session ID after any privilege level change" and re-authentication before sensitive
actions).

The code is the one on the unit's current letter, used to sign in or not (a letter re-issued since
has the new code; an expired letter no longer counts), with the phone's last four digits as at
sign-in. Guesses are throttled like
sign-in (accounts.throttle), per user and per client at that user.
"""

from __future__ import annotations

import hmac

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from huanjie.accounts import throttle
from huanjie.accounts.errors import OwnerSignInFailed
from huanjie.accounts.models import OwnerAccessCode
from huanjie.accounts.services import code_digest
from huanjie.privacy import phone_tail
from huanjie.roster.models import Unit


def confirm_owner(*, user: AbstractBaseUser, units: list[Unit], phone_last4: str, code: str, client: str) -> Unit:
    """The unit whose letter's code and owner's phone these are; OwnerSignInFailed (counted) otherwise."""
    attempt = throttle.attempt(f"reauth:{user.pk}", client)
    unit = next((unit for unit in units if _matches(unit, phone_last4, code)), None)
    if unit is None:
        throttle.failed(attempt, holder=user, step="reauth")
        raise OwnerSignInFailed()
    throttle.succeeded(attempt)
    return unit


def _matches(unit: Unit, phone_last4: str, code: str) -> bool:
    tails = {phone_tail(owner.phone) for owner in unit.owners.all() if owner.phone}
    wanted = code_digest(unit.pk, code)
    current = (OwnerAccessCode.objects.filter(unit=unit, revoked_at=None)
               .exclude(expires_on__lt=timezone.localdate()).values_list("code_hash", flat=True))
    return phone_last4.strip() in tails and any(hmac.compare_digest(wanted, digest) for digest in current)
