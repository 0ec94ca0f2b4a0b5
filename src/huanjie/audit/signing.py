"""The Ed25519 key that signs the chain's checkpoints, kept outside the database (docs/audit.md).

Whoever can write the database can rewrite every record and recompute every hash; they cannot
sign a checkpoint without this key. So the key lives in a file: `$HUANJIE_DATA_DIR/audit-checkpoint.key`
(created on first use, mode 600), or the file `HUANJIE_AUDIT_KEY` names (never created for the
deployment: a mistyped path must not quietly start a new key). The file holds the 32-byte Ed25519
seed (RFC 8032's private key) as 64 hexadecimal digits and a newline. Signatures are libsodium's
`crypto_sign_detached`, through pysodium, which the encrypted ballot already uses.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

import pysodium
from django.conf import settings

from huanjie.audit.errors import CheckpointKeyMissing, CheckpointKeyUnreadable, CheckpointKeyUnsafe

DEFAULT_NAME = "audit-checkpoint.key"
SEED_HEX = 64


@dataclass(frozen=True)
class SigningKey:
    seed: bytes = b""

    @property
    def public_key(self) -> bytes:
        return pysodium.crypto_sign_seed_keypair(self.seed)[0]

    @property
    def key_id(self) -> str:
        return key_id_of(self.public_key)

    def sign(self, message: bytes) -> bytes:
        _public, secret = pysodium.crypto_sign_seed_keypair(self.seed)
        return pysodium.crypto_sign_detached(message, secret)

    def __repr__(self) -> str:  # never the seed, not even in a traceback
        return f"SigningKey({self.key_id})"


def key_id_of(public_key: bytes) -> str:
    """The first 16 hex digits of the public key's SHA-256: short enough to print, long enough to tell keys apart."""
    return hashlib.sha256(public_key).hexdigest()[:16]


def signature_valid(public_key: bytes, message: bytes, signature: bytes) -> bool:
    if len(public_key) != pysodium.crypto_sign_PUBLICKEYBYTES or len(signature) != pysodium.crypto_sign_BYTES:
        return False
    try:
        pysodium.crypto_sign_verify_detached(signature, message, public_key)
    except ValueError:
        return False
    return True


def key_path() -> tuple[Path, bool]:
    """The key file, and whether it may be created when absent (only the default one in the data directory)."""
    given = getattr(settings, "AUDIT_CHECKPOINT_KEY_FILE", None)
    if given:
        return Path(given), False
    return Path(settings.DATA_DIR) / DEFAULT_NAME, True


def installation_key(*, create: bool = True) -> SigningKey | None:
    """This installation's key; created on first use in the data directory; None when absent and not to be created."""
    path, may_create = key_path()
    if not path.exists():
        if not may_create:
            raise CheckpointKeyMissing(path=str(path))
        if not create:
            return None
        new_key_file(path)
    return read_key(path)


def read_key(path: Path) -> SigningKey:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise CheckpointKeyUnreadable(path=str(path), reason="not a regular file / 不是普通文件")
        if info.st_mode & 0o077:
            raise CheckpointKeyUnsafe(path=str(path), mode=oct(stat.S_IMODE(info.st_mode)))
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as error:
        raise CheckpointKeyUnreadable(path=str(path), reason=str(error)) from None
    if len(text) != SEED_HEX or any(ch not in "0123456789abcdef" for ch in text):
        raise CheckpointKeyUnreadable(path=str(path), reason="expected 64 lowercase hex digits / 应为 64 位十六进制数")
    return SigningKey(bytes.fromhex(text))


def new_key_file(path: Path) -> SigningKey:
    """A new random key, written mode 600 and linked into place only when complete (two processes: one wins)."""
    key = SigningKey(secrets.token_bytes(32))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    handle = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(handle, (key.seed.hex() + "\n").encode("ascii"))
        os.fsync(handle)
    finally:
        os.close(handle)
    try:
        os.link(partial, path)
    except FileExistsError:
        pass  # another process created it first: theirs is the key
    finally:
        partial.unlink()
    return read_key(path)
