"""Sign-in for staff and owners; issuing owners' one-time codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from huanjie import audit
from huanjie.accounts import throttle
from huanjie.accounts.errors import OwnerCodeExpired, OwnerCodeUsed, OwnerCodeVoided, OwnerSignInFailed
from huanjie.accounts.models import Membership, OwnerAccessCode, Role
from huanjie.privacy import phone_tail
from huanjie.roster.models import Community, Unit
from huanjie.roster.selectors import units_named

# Letters and digits that cannot be misread on a printed letter (no 0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def new_owner_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_digest(unit_id: int, code: str) -> str:
    """Keyed SHA-256 of a code: fast enough to issue 20,000 letters, useless to a thief of the table.

    A slow password hash is not needed: a code has 31^8 values, is used once, and guesses are
    throttled per unit and per client.
    """
    message = f"{unit_id}:{normalise_code(code)}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class IssuedCode:
    unit: Unit
    code: str


@transaction.atomic
def issue_owner_codes(*, community: Community, units: list[Unit], actor: AbstractBaseUser | None,
                      expires_on: date | None = None) -> list[IssuedCode]:
    """A fresh one-time code per unit, signing in until `expires_on` (inclusive; None: no end);
    earlier unused codes of those units stop working."""
    now = timezone.now()
    unit_ids = [unit.pk for unit in units]
    OwnerAccessCode.objects.filter(unit_id__in=unit_ids, used_at=None, revoked_at=None).update(revoked_at=now)
    issued = [IssuedCode(unit, new_owner_code()) for unit in units]
    OwnerAccessCode.objects.bulk_create([
        OwnerAccessCode(community=community, unit=item.unit, code_hash=code_digest(item.unit.pk, item.code),
                        issued_by=actor if getattr(actor, "pk", None) else None, expires_on=expires_on)
        for item in issued
    ], batch_size=1000)
    audit.record("accounts.owner_codes.issued", actor=actor, community_id=community.pk,
                 data={"units": [unit.code for unit in units],
                       "expires_on": expires_on.isoformat() if expires_on else None})
    return issued


def _owner_user_for(unit: Unit) -> AbstractBaseUser:
    User = get_user_model()
    username = f"owner-{unit.community_id}-{unit.pk}"
    user, created = User.objects.get_or_create(username=username, defaults={"first_name": unit.code})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(user=user, role=Role.OWNER, community_id=unit.community_id, unit=unit)
    return user


def sign_in_owner(*, community: Community, unit_code: str, phone_last4: str, code: str,
                  client_key: str) -> AbstractBaseUser:
    """The owner of `unit_code` proves it with the phone on the roster and the letter's code.

    The unit may be typed in any way of writing it (`1-101` for `1号楼101室`); failures count
    against the unit itself, whichever way it was typed.

    Failures are throttled per unit and per client at it; the message never says which part was wrong.
    """
    named = units_named(community, unit_code)  # `1-101` finds 1号楼101室: the letter's unit, however typed
    unit_code = named[0].code if len(named) == 1 else unit_code.strip()
    attempt = throttle.attempt(throttle.owner_target(community.pk, unit_code), client_key)
    unit = Unit.objects.filter(community=community, code=unit_code).prefetch_related("owners").first()
    with transaction.atomic():
        access = _matching_code(unit, phone_last4, code)
        refusal = _refusal(access)
        if refusal is None and access is not None and unit is not None:
            access.used_at = timezone.now()
            access.save(update_fields=["used_at"])
            user = _owner_user_for(unit)
            audit.record("accounts.owner.signed_in", actor=user, target=unit)
    if refusal is not None:
        throttle.failed(attempt, holder=unit, step="owner")
        raise refusal
    throttle.succeeded(attempt)
    return user


def _matching_code(unit: Unit | None, phone_last4: str, code: str) -> OwnerAccessCode | None:
    """The unit's code that was typed, in whatever state, if the phone digits are an owner's too."""
    if unit is None:
        return None
    tails = {phone_tail(owner.phone) for owner in unit.owners.all() if owner.phone}
    wanted = code_digest(unit.pk, code)
    candidates = OwnerAccessCode.objects.select_for_update().filter(unit=unit)
    match = next((c for c in candidates if hmac.compare_digest(wanted, c.code_hash)), None)
    if match is None or phone_last4.strip() not in tails:
        return None
    return match


def _refusal(access: OwnerAccessCode | None) -> OwnerSignInFailed | None:
    """Why a code does not sign in. Only someone who typed the unit, an owner's phone digits and the
    code itself learns that it was used, voided or expired: everyone else gets the same message."""
    if access is None:
        return OwnerSignInFailed()
    if access.used_at is not None:
        return OwnerCodeUsed(when=f"{timezone.localtime(access.used_at):%Y-%m-%d %H:%M}")
    if access.revoked_at is not None:
        return OwnerCodeVoided(when=f"{timezone.localtime(access.revoked_at):%Y-%m-%d}")
    if access.expires_on is not None and access.expires_on < timezone.localdate():
        return OwnerCodeExpired(day=access.expires_on.isoformat())
    return None
