"""Two-step sign-in for staff (两步验证): enrolment, checking a code, recovery codes, disabling.

Secrets at rest: the TOTP secret is sealed with XChaCha20-Poly1305 (libsodium, already a
dependency for the encrypted ballots) under a key derived from SECRET_KEY, with the user's id as
associated data, so a database dump alone reveals no secret and a sealed secret copied to another
user's row does not open. Keys in SECRET_KEY_FALLBACKS still open old boxes, so SECRET_KEY can be
rotated the Django way. Recovery codes are kept as HMAC-SHA-256 under another derived key.

Wrong codes are throttled per user and per client at that user with accounts.throttle (target
``totp:<user id>``); the failure that starts slowing them is written to the audit chain, as are
enrolment, disabling and every use of a recovery code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import pysodium
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huanjie import audit
from huanjie.accounts import throttle, totp
from huanjie.accounts.errors import AccountsError
from huanjie.accounts.models import Membership, RecoveryCode, Role, TOTPDevice
from huanjie.accounts.services import CODE_ALPHABET

ISSUER = "huanjie"
RECOVERY_CODES = 10
RECOVERY_GROUPS, RECOVERY_GROUP_SIZE = 3, 4  # 12 characters of 31: about 59 bits each
BOX_VERSION = "v1"


class WrongCode(AccountsError):
    message = _("验证码不正确或已经用过，请输入应用上新的验证码。")


class TwoFactorRequired(AccountsError):
    message = _("你的角色必须使用两步验证，不能关闭。")


# ---------------------------------------------------------------- keys and sealing


def _keys(purpose: str) -> Iterator[bytes]:
    """The key for `purpose` under SECRET_KEY, then under each fallback key (for rotation)."""
    for secret_key in [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]:
        yield hmac.new(str(secret_key).encode(), f"huanjie.accounts.two_factor.{purpose}".encode(),
                       hashlib.sha256).digest()


def seal(secret: bytes, user_id: int) -> str:
    key = next(_keys("totp-secret"))
    nonce = pysodium.randombytes(pysodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    box = pysodium.crypto_aead_xchacha20poly1305_ietf_encrypt(secret, f"user:{user_id}".encode(), nonce, key)
    return f"{BOX_VERSION}:{base64.b64encode(nonce + box).decode('ascii')}"


def unseal(sealed: str, user_id: int) -> bytes:
    version, _, body = sealed.partition(":")
    if version != BOX_VERSION:
        raise ValueError(f"unknown TOTP secret box version {version!r}")
    raw = base64.b64decode(body)
    size = pysodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
    for key in _keys("totp-secret"):
        try:
            return bytes(pysodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
                raw[size:], f"user:{user_id}".encode(), raw[:size], key))
        except ValueError:
            continue
    raise ValueError(f"the TOTP secret of user {user_id} does not open with SECRET_KEY or its fallbacks")


def normalise_recovery(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def recovery_digests(user_id: int, code: str) -> list[str]:
    message = f"{user_id}:{normalise_recovery(code)}".encode()
    return [hmac.new(key, message, hashlib.sha256).hexdigest() for key in _keys("recovery-code")]


def new_recovery_code() -> str:
    return "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(RECOVERY_GROUP_SIZE))
                    for _ in range(RECOVERY_GROUPS))


# ---------------------------------------------------------------- who and what


def may_use_two_factor(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Staff who sign in with a password: any role but owner's (owners sign in with their letter)."""
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False) or getattr(user, "is_staff", False):
        return True
    return Membership.objects.filter(user=user).exclude(role=Role.OWNER).exists()


def required_for(user: AbstractBaseUser) -> bool:
    """True when the user holds a role that settings.HUANJIE_TWO_FACTOR_REQUIRED_ROLES names."""
    roles = set(settings.HUANJIE_TWO_FACTOR_REQUIRED_ROLES)
    if not roles:
        return False
    unknown = roles - (set(Role.values) - {Role.OWNER})
    if unknown:
        raise ImproperlyConfigured(f"HUANJIE_TWO_FACTOR_REQUIRED_ROLES names {sorted(unknown)}; staff roles are "
                                   f"{sorted(set(Role.values) - {Role.OWNER})}.")
    return Membership.objects.filter(user=user, role__in=roles).exists()


def enabled_device(user: AbstractBaseUser) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).first()


def pending_device(user: AbstractBaseUser) -> TOTPDevice:
    """The unconfirmed device being set up (made on first visit; the same secret until confirmed)."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, defaults={"secret_box": ""})
    if not device.secret_box:
        device.secret_box = seal(totp.new_secret(), user.pk)
        device.save(update_fields=["secret_box"])
    return device


@dataclass(frozen=True)
class Enrolment:
    secret: bytes
    uri: str
    grouped: str


def enrolment(device: TOTPDevice) -> Enrolment:
    secret = unseal(device.secret_box, device.user_id)
    uri = totp.otpauth_uri(secret, account=device.user.get_username(), issuer=ISSUER)
    return Enrolment(secret, uri, totp.grouped(secret))


def _now() -> float:
    return timezone.now().timestamp()


def _accept_step(device: TOTPDevice, code: str, at: float) -> bool:
    """True when `code` is this device's code for a step within the window not used before.

    The step is claimed with a conditional update, so two requests racing with the same code
    cannot both succeed.
    """
    step = totp.matching_step(unseal(device.secret_box, device.user_id), code, at, last_step=device.last_step)
    if step is None:
        return False
    claimed = TOTPDevice.objects.filter(pk=device.pk, last_step__lt=step).update(last_step=step)
    if claimed:
        device.last_step = step
    return bool(claimed)


# ---------------------------------------------------------------- enrol and disable


def totp_target(user: AbstractBaseUser) -> str:
    return f"totp:{user.pk}"


def confirm_enrolment(*, user: AbstractBaseUser, code: str, client: str, at: float | None = None) -> list[str]:
    """Turn two-step sign-in on with a first code; returns the ten recovery codes (shown once)."""
    attempt = throttle.attempt(totp_target(user), client)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(user=user, confirmed_at=None)
        ok = _accept_step(device, code, _now() if at is None else at)
        codes = [new_recovery_code() for _ in range(RECOVERY_CODES)] if ok else []
        if ok:
            device.confirmed_at = timezone.now()
            device.save(update_fields=["confirmed_at"])
            RecoveryCode.objects.bulk_create([RecoveryCode(device=device, code_hash=recovery_digests(user.pk, c)[0])
                                              for c in codes])
            audit.record("accounts.totp.enrolled", actor=user, target=device,
                         data={"recovery_codes": RECOVERY_CODES})
    if not ok:
        _wrong_code(user, attempt)
    throttle.succeeded(attempt)
    return codes


def disable(*, user: AbstractBaseUser, proof: str, client: str, at: float | None = None) -> None:
    """Turn two-step sign-in off; `proof` is a current code or the user's password."""
    if required_for(user):
        raise TwoFactorRequired()
    attempt = throttle.attempt(totp_target(user), client)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
        if device is None:
            throttle.succeeded(attempt)
            return
        by_code = _accept_step(device, proof, _now() if at is None else at)
        ok = by_code or user.check_password(proof)
        if ok:
            audit.record("accounts.totp.disabled", actor=user, target=device,
                         data={"proved_with": "code" if by_code else "password"})
            device.delete()
    if not ok:
        _wrong_code(user, attempt)
    throttle.succeeded(attempt)


# ---------------------------------------------------------------- the second step of signing in


def verify_second_step(*, user: AbstractBaseUser, code: str, client: str, at: float | None = None) -> str:
    """Check a sign-in code: a current TOTP code or an unused recovery code.

    Returns "code" or "recovery"; raises WrongCode (the failure is counted) or TooManyAttempts.
    """
    attempt = throttle.attempt(totp_target(user), client)
    used = None
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(user=user, confirmed_at__isnull=False)
        if _accept_step(device, code, _now() if at is None else at):
            used = "code"
        elif _use_recovery_code(device, code):
            used = "recovery"
            left = device.recovery_codes.filter(used_at=None).count()
            audit.record("accounts.totp.recovery_code_used", actor=user, target=device, data={"left": left})
    if used is None:
        _wrong_code(user, attempt)
    throttle.succeeded(attempt)
    return used


def _use_recovery_code(device: TOTPDevice, code: str) -> bool:
    if len(normalise_recovery(code)) != RECOVERY_GROUPS * RECOVERY_GROUP_SIZE:
        return False
    digests = recovery_digests(device.user_id, code)
    match = RecoveryCode.objects.filter(device=device, used_at=None, code_hash__in=digests).first()
    # The device row is locked by the caller; the condition on used_at makes single use certain anyway.
    return match is not None and bool(RecoveryCode.objects.filter(pk=match.pk, used_at=None)
                                      .update(used_at=timezone.now()))


def _wrong_code(user: AbstractBaseUser, attempt: throttle.Attempt) -> None:
    """The failure was counted before the check; the audit chain hears of it when the user is being slowed."""
    throttle.failed(attempt, holder=user, step="code")
    raise WrongCode()


def recovery_codes_left(device: TOTPDevice) -> int:
    return device.recovery_codes.filter(used_at=None).count()


def reset(*, user: AbstractBaseUser, reason: str) -> bool:
    """A system administrator removes a user's app (phone and recovery codes lost); False if none.

    The user then signs in with the password alone (or, for a role that must use it, sets up a new app).
    """
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user).first()
        if device is None:
            return False
        audit.record("accounts.totp.reset", actor=None, target=device,
                     data={"user": user.get_username(), "reason": reason, "was_on": device.confirmed_at is not None})
        device.delete()
    throttle.reset(totp_target(user))
    return True
