"""留痕: an append-only, SHA-256 chained record of every change that matters."""

from __future__ import annotations

from typing import Any


def record(code: str, **kwargs: Any) -> Any:
    """Write one audit record; see huanjie.audit.services.record."""
    from huanjie.audit.services import record as _record

    return _record(code, **kwargs)


def sign_checkpoint(entry: Any, *, trigger: str = "publication") -> Any:
    """Sign the chain's head at `entry`, the record just written (a publication), in the caller's transaction."""
    from huanjie.audit.checkpoints import sign_head

    return sign_head(count=entry.sequence, head=entry.hash, trigger=trigger)
