"""RFC 6238 time-based one-time passwords (TOTP), as authenticator apps compute them.

Pure Python, no Django: HMAC-SHA-1 over the 30-second step number (RFC 4226's HOTP with
T = floor(unix time / 30)), dynamic truncation, 6 decimal digits. A code is accepted for the
current step and one step either side (clocks of phones drift); the caller passes the last step
it accepted for the user, and a code of that step or an earlier one is refused, so that a code
seen over someone's shoulder cannot be used again within its window.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlencode

DIGITS = 6
STEP_SECONDS = 30
WINDOW = 1  # steps accepted either side of the current one
SECRET_BYTES = 20  # 160 bits, the HMAC-SHA-1 block's natural key size (RFC 4226 section 4)


def new_secret() -> bytes:
    return secrets.token_bytes(SECRET_BYTES)


def b32(secret: bytes) -> str:
    """The secret as authenticator apps take it: base32 without padding."""
    return base64.b32encode(secret).decode("ascii").rstrip("=")


def grouped(secret: bytes, size: int = 4) -> str:
    """The base32 secret in groups of four, for typing it in by hand."""
    text = b32(secret)
    return " ".join(text[i:i + size] for i in range(0, len(text), size))


def hotp(secret: bytes, counter: int, *, digits: int = DIGITS,
         digest: Callable[..., Any] = hashlib.sha1) -> str:
    """RFC 4226 section 5.3: HMAC of the 8-byte big-endian counter, dynamically truncated."""
    mac = hmac.new(secret, struct.pack(">Q", counter), digest).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def step_at(unix_time: float, *, step_seconds: int = STEP_SECONDS) -> int:
    return int(unix_time // step_seconds)


def totp(secret: bytes, unix_time: float, *, digits: int = DIGITS, step_seconds: int = STEP_SECONDS,
         digest: Callable[..., Any] = hashlib.sha1) -> str:
    """RFC 6238 section 4: HOTP with the counter T = floor((time - T0) / X), T0 = 0."""
    return hotp(secret, step_at(unix_time, step_seconds=step_seconds), digits=digits, digest=digest)


def normalise(code: str) -> str:
    """Digits only: apps show "123 456", people type spaces."""
    return "".join(ch for ch in code if not ch.isspace())


def matching_step(secret: bytes, code: str, unix_time: float, *, last_step: int = -1,
                  window: int = WINDOW) -> int | None:
    """The step whose code this is, within ±window of now and later than `last_step`; else None.

    Every candidate step is compared in constant time, so the answer's timing does not say which
    step (if any) matched.
    """
    code = normalise(code)
    if len(code) != DIGITS or not code.isdigit():
        return None
    now = step_at(unix_time)
    found = None
    for step in range(now - window, now + window + 1):
        if hmac.compare_digest(hotp(secret, step), code) and step > last_step and found is None:
            found = step
    return found


def otpauth_uri(secret: bytes, *, account: str, issuer: str) -> str:
    """Key URI format of Google Authenticator, understood by every common app."""
    label = quote(f"{issuer}:{account}", safe="")
    query = urlencode({"secret": b32(secret), "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS,
                       "period": STEP_SECONDS}, quote_via=quote)
    return f"otpauth://totp/{label}?{query}"
