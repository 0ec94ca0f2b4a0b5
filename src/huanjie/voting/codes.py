"""Voting codes and receipt codes: what is printed on a ballot paper and what an owner keeps."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

from huanjie.accounts.services import CODE_ALPHABET, CODE_LENGTH, normalise_code

RECEIPT_LENGTH = 10


def new_code(length: int = CODE_LENGTH) -> str:
    """A code of letters and digits that cannot be misread on paper (no 0/O, 1/I/L)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def voting_code_digest(code: str) -> str:
    """Keyed SHA-256 of a voting code, as `huanjie.accounts.services.code_digest` keeps owner codes.

    The owner types only the code (and the phone's last digits), so the digest is looked up
    directly: it is unique across every assembly, and a thief of the table learns nothing.
    """
    message = f"vote:{normalise_code(code)}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def new_receipt() -> str:
    return new_code(RECEIPT_LENGTH)


def format_code(code: str) -> str:
    """ABCD2345 → ABCD-2345, easier to read aloud and to type."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))
