"""The group: ristretto255 (RFC 9496) from the system libsodium, through pysodium.

ristretto255 is a prime-order group of order L = 2^252 + 27742317777372353535851937790883648493
built on Curve25519. Unlike raw Edwards points it has no cofactor, and every group element has
exactly one 32-byte encoding, so "equal elements" and "equal bytes" are the same test.

Two rules hold everywhere in `huanjie.crypto`:

- every point read from outside goes through `Point.decode`, which refuses a set top bit and
  then asks libsodium whether the bytes are the canonical encoding of a group element (RFC 9496
  §4.3.1 requires both; libsodium 1.0.18, Debian 12's, ignores bit 255 and would take
  s + 2^255 for s, so `00…0080` would pass for the identity); every scalar goes through
  `Scalar.decode`, which refuses values of L or more (so a scalar has one encoding too);
- the identity (the all-zero encoding) is a legitimate element, but libsodium's scalar
  multiplication reports a zero result as an error. `Point.__mul__` therefore answers
  "k·O = O" and "0·P = O" itself and only calls libsodium when the result cannot be the
  identity (the group has prime order, so k·P = O only if k = 0 or P = O).

Secrets and nonces come from `secrets` (the operating system's CSPRNG), never from `random`.

Speed: libsodium is called through ctypes directly, with one reusable output buffer per
process, instead of through pysodium's per-call wrappers (which check lengths, allocate a
buffer and copy it on every call): a verifier makes about a hundred group operations per
ballot, and the wrapper cost was a noticeable share of each. pysodium is still what loads
the library. Multiplications by the generator G use libsodium's fixed-base routine.
"""

from __future__ import annotations

import ctypes
import secrets
from functools import lru_cache

import pysodium  # type: ignore[import-untyped]  # no stubs; wrapped and typed here

# The order of ristretto255 (RFC 9496 §4).
L = 2**252 + 27742317777372353535851937790883648493
SCALAR_BYTES = 32
POINT_BYTES = 32


_lib = pysodium.sodium
_scalarmult = _lib.crypto_scalarmult_ristretto255
_scalarmult_base = _lib.crypto_scalarmult_ristretto255_base
_add = _lib.crypto_core_ristretto255_add
_sub = _lib.crypto_core_ristretto255_sub
_is_valid_point = _lib.crypto_core_ristretto255_is_valid_point
_out = ctypes.create_string_buffer(POINT_BYTES)  # one per process; callers copy `.raw` out


class GroupError(ValueError):
    """Bytes that are not the canonical encoding of a scalar or of a group element."""


class Scalar:
    """An integer modulo L. Arithmetic is Python's; only points need libsodium."""

    __slots__ = ("value",)

    def __init__(self, value: int) -> None:
        self.value = value % L

    @classmethod
    def random(cls) -> Scalar:
        """A uniformly random non-zero scalar from the operating system's CSPRNG."""
        return cls(secrets.randbelow(L - 1) + 1)

    @classmethod
    def decode(cls, data: bytes) -> Scalar:
        """32 little-endian bytes below L; anything else is refused (one encoding per value)."""
        if len(data) != SCALAR_BYTES:
            raise GroupError(f"a scalar is {SCALAR_BYTES} bytes, got {len(data)}")
        value = int.from_bytes(data, "little")
        if value >= L:
            raise GroupError("scalar not reduced modulo the group order")
        return cls(value)

    def encode(self) -> bytes:
        return self.value.to_bytes(SCALAR_BYTES, "little")

    def inverse(self) -> Scalar:
        if self.value == 0:
            raise ZeroDivisionError("zero has no inverse modulo L")
        return Scalar(pow(self.value, -1, L))

    def __add__(self, other: Scalar) -> Scalar:
        return Scalar(self.value + other.value)

    def __sub__(self, other: Scalar) -> Scalar:
        return Scalar(self.value - other.value)

    def __mul__(self, other: Scalar) -> Scalar:
        return Scalar(self.value * other.value)

    def __neg__(self) -> Scalar:
        return Scalar(-self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Scalar) and self.value == other.value

    def __hash__(self) -> int:
        return hash(("Scalar", self.value))

    def __repr__(self) -> str:
        return f"Scalar({self.value:#x})"


ZERO = Scalar(0)
ONE = Scalar(1)


class Point:
    """An element of ristretto255, held as its canonical 32-byte encoding.

    Build one from outside data only with `Point.decode`; the constructor trusts its bytes and
    is for results of libsodium, which are canonical by construction.
    """

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data

    @classmethod
    def decode(cls, data: bytes) -> Point:
        if len(data) != POINT_BYTES:
            raise GroupError(f"a point is {POINT_BYTES} bytes, got {len(data)}")
        # RFC 9496 §4.3.1: an encoding with bit 255 set is not canonical. libsodium 1.0.18 masks
        # that bit off before its own checks, so it would accept 2^255 aliases of every element.
        if data[POINT_BYTES - 1] & 0x80:
            raise GroupError("not canonical: the top bit of a ristretto255 encoding is set")
        # libsodium checks the rest of the encoding is canonical and decodes to a group element;
        # the identity's all-zero encoding is accepted, and callers that must refuse it do so.
        if not _is_valid_point(bytes(data)):
            raise GroupError("not the canonical encoding of a ristretto255 element")
        return cls(bytes(data))

    def encode(self) -> bytes:
        return self.data

    @property
    def is_identity(self) -> bool:
        return self.data == _IDENTITY_BYTES

    def __add__(self, other: Point) -> Point:
        if self.is_identity:
            return other
        if other.is_identity:
            return self
        _add(_out, self.data, other.data)
        return Point(_out.raw)

    def __sub__(self, other: Point) -> Point:
        if other.is_identity:
            return self
        _sub(_out, self.data, other.data)
        return Point(_out.raw)

    def __neg__(self) -> Point:
        return IDENTITY - self

    def __mul__(self, k: Scalar | int) -> Point:
        value = (k.value if isinstance(k, Scalar) else k) % L
        if value == 0 or self.data == _IDENTITY_BYTES:
            return IDENTITY
        if self.data == _GENERATOR_BYTES:
            # Fixed-base multiplication with libsodium's precomputed table: several times faster.
            _scalarmult_base(_out, value.to_bytes(SCALAR_BYTES, "little"))
        elif _scalarmult(_out, value.to_bytes(SCALAR_BYTES, "little"), self.data) != 0:
            raise GroupError("libsodium refused a multiplication whose result is not the identity")
        return Point(_out.raw)

    __rmul__ = __mul__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Point) and self.data == other.data

    def __hash__(self) -> int:
        return hash(self.data)

    def __repr__(self) -> str:
        return f"Point({self.data.hex()})"


_IDENTITY_BYTES = bytes(POINT_BYTES)
IDENTITY = Point(_IDENTITY_BYTES)
# The standard generator of RFC 9496 (libsodium's base point), obtained as 1·B.
_scalarmult_base(_out, ONE.encode())
_GENERATOR_BYTES = _out.raw
G = Point(_GENERATOR_BYTES)


@lru_cache(maxsize=4096)
def small_multiple(m: int) -> Point:
    """m·G for a small plaintext m (ElGamal messages, the branches of a range proof)."""
    return G * m
