"""Reading the record's JSON strictly, and writing the manifest's canonical form.

A verifier written elsewhere must read the same values from a file as ours, so the record's
JSON admits one reading only:

- UTF-8 without a byte-order mark; no object with a key twice (parsers disagree on which one
  wins: Python keeps the last, others the first or refuse);
- numbers are integers: no fraction, no exponent, no NaN or Infinity (Python's json reads
  those by default; 1.5 must not become 1 anywhere);
- every object has exactly the keys its schema names, no more, no fewer, and every value the
  type it names (`Schema`) — True is not the integer 1.

`canonical` is the manifest's byte form (what is hashed): keys sorted, no whitespace, strings
as they are except `"` and `\\` escaped; text fields admit no control characters and no lone
surrogates, so that is every escape there is.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Sequence
from typing import Any

from huanjie.crypto.faults import Fault, FaultCode, VerificationFailed

_CONTROL_OR_SURROGATE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


class _Duplicate(ValueError):
    pass


class _Number(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Duplicate(f"key {key!r} appears twice in one object")
        out[key] = value
    return out


def _no_fraction(text: str) -> Any:
    raise _Number(f"{text} is not an integer (no fractions or exponents)")


def _no_constant(text: str) -> Any:
    raise _Number(f"{text} is not a number this record admits")


def load(raw: bytes, name: str) -> Any:
    """The JSON value of one file of the record, or a named fault."""
    try:
        if raw.startswith(b"\xef\xbb\xbf"):
            raise UnicodeError("a byte-order mark")
        text = raw.decode("utf-8")
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_float=_no_fraction, parse_constant=_no_constant)
    except _Duplicate as error:
        raise _fault(FaultCode.JSON_DUPLICATE_KEY, f"{name}: {error}") from None
    except _Number as error:
        raise _fault(FaultCode.JSON_NUMBER, f"{name}: {error}") from None
    except (UnicodeError, ValueError, RecursionError) as error:  # JSONDecodeError is a ValueError
        raise _fault(FaultCode.JSON_SYNTAX, f"{name}: {error}") from None


def canonical(value: Any) -> bytes:
    """Keys sorted, no whitespace, UTF-8 as is. A lone surrogate (only ever in a file being
    rejected: text fields refuse them) is written through rather than raising."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8", "surrogatepass")


def _fault(code: FaultCode, where: str) -> VerificationFailed:
    return VerificationFailed(Fault(code, where))


class Schema:
    """Typed reads of one file's values; every mismatch is `code` at a path like
    `tally.json: contests[1].options[0].area.count`."""

    def __init__(self, code: FaultCode, name: str) -> None:
        self.code, self.name = code, name

    def fail(self, path: str, reason: str, code: FaultCode | None = None) -> VerificationFailed:
        return _fault(code or self.code, f"{self.name}: {path}: {reason}")

    def object(self, value: Any, path: str, keys: Sequence[str]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, "expected an object")
        if set(value) != set(keys):
            missing, extra = sorted(set(keys) - set(value)), sorted(set(value) - set(keys))
            raise self.fail(path, "; ".join(filter(None, [_listed("missing", missing), _listed("unknown", extra)])))
        return value

    def array(self, value: Any, path: str, *, at_least: int = 0) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(path, "expected an array")
        if len(value) < at_least:
            raise self.fail(path, f"expected at least {at_least} entries, got {len(value)}")
        return value

    def integer(self, value: Any, path: str, low: int | None = None, high: int | None = None) -> int:
        """An integer (not a boolean), within `low`..`high` where given."""
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(path, f"expected an integer, got {_shown(value)}")
        if (low is not None and value < low) or (high is not None and value > high):
            raise self.fail(path, f"{value} is not in {'' if low is None else low}..{'' if high is None else high}")
        return value

    def text(self, value: Any, path: str) -> str:
        """A non-empty string without control characters or lone surrogates."""
        if not isinstance(value, str) or not value:
            raise self.fail(path, f"expected a non-empty string, got {_shown(value)}")
        if _CONTROL_OR_SURROGATE.search(value):
            raise self.fail(path, "a control character or a lone surrogate in a string")
        return value

    def one_of(self, value: Any, path: str, allowed: Sequence[str]) -> str:
        if not isinstance(value, str) or value not in allowed:
            raise self.fail(path, f"{_shown(value)} is not one of {', '.join(allowed)}")
        return value

    def base64(self, value: Any, path: str, size: int) -> bytes:
        """Standard base64 (RFC 4648 §4) of exactly `size` bytes, in its one canonical spelling:
        padded, and with the unused low bits of the last character zero."""
        if not isinstance(value, str):
            raise self.fail(path, f"expected a base64 string, got {_shown(value)}")
        try:
            data = base64.b64decode(value, validate=True)
        except ValueError as error:
            raise self.fail(path, f"not base64: {error}") from None
        if base64.b64encode(data).decode("ascii") != value:
            raise self.fail(path, "not the canonical base64 of its bytes")
        if len(data) != size:
            raise self.fail(path, f"expected {size} bytes, got {len(data)}")
        return data


def _listed(what: str, keys: list[str]) -> str:
    return f"{what} key{'s' if len(keys) > 1 else ''} {', '.join(repr(k) for k in keys)}" if keys else ""


def _shown(value: Any) -> str:
    """A value as JSON, shortened; `Fault` escapes what cannot be printed."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:39] + "…"
