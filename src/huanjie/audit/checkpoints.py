"""Signed checkpoints of the chain: made at each publication and daily, published, and read back.

A checkpoint says "at time T the chain had N records and the last one's hash was H", signed
with the installation's Ed25519 key (huanjie.audit.signing). The exact bytes signed, the list's
JSON and the journal's lines are in docs/audit.md. Each checkpoint is kept three times: in the
database (the public list at /audit/checkpoints.json and the filing pack are made from it), in a
journal file in the data directory (appended after the transaction commits), and in every copy
of the list that somebody saved.
"""

from __future__ import annotations

import json
import logging
import os
import urllib.request
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from huanjie.audit.errors import CheckpointsUnreadable
from huanjie.audit.models import AuditCheckpoint, ChainHead
from huanjie.audit.signing import SigningKey, installation_key, key_id_of, signature_valid

logger = logging.getLogger("huanjie.audit")
LIST_FORMAT = "huanjie-audit-checkpoints/1"
MESSAGE_PREFIX = "huanjie-audit-checkpoint/1"
HEX = set("0123456789abcdef")
LARGEST_LIST = 20 * 1024 * 1024


@dataclass(frozen=True)
class Checkpoint:
    count: int
    head: str
    at: str  # UTC, whole seconds: 2026-12-01T08:00:00Z
    key_id: str
    public_key: str
    signature: str

    def message(self) -> bytes:
        return signed_message(self.count, self.head, self.at)

    def signature_valid(self) -> bool:
        return key_id_of(bytes.fromhex(self.public_key)) == self.key_id and signature_valid(
            bytes.fromhex(self.public_key), self.message(), bytes.fromhex(self.signature))

    @classmethod
    def of(cls, row: AuditCheckpoint) -> Checkpoint:
        return cls(row.count, row.head, utc_text(row.at), row.key_id, row.public_key, row.signature)


def signed_message(count: int, head: str, at: str) -> bytes:
    """The bytes a checkpoint's signature covers: ASCII `huanjie-audit-checkpoint/1:<count>:<head>:<at>`."""
    return f"{MESSAGE_PREFIX}:{count}:{head}:{at}".encode("ascii")


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---- making them -----------------------------------------------------------------------------------


def sign_head(*, count: int, head: str, trigger: str, key: SigningKey | None = None,
              now: datetime | None = None) -> AuditCheckpoint:
    """Sign (count, head) now, in the caller's transaction; the journal line is written once it commits."""
    key = key or installation_key()
    assert key is not None  # installation_key() creates the default key or raises
    at = (now or timezone.now()).replace(microsecond=0)
    text = utc_text(at)
    row = AuditCheckpoint.objects.create(
        count=count, head=head, at=at, key_id=key.key_id, public_key=key.public_key.hex(),
        signature=key.sign(signed_message(count, head, text)).hex(), trigger=trigger)
    transaction.on_commit(lambda: append_to_journal(Checkpoint.of(row), trigger))
    return row


@transaction.atomic
def checkpoint_now(*, trigger: str, now: datetime | None = None) -> AuditCheckpoint | None:
    """A checkpoint of the head as it is now, unless the last one already has it (None for an empty chain)."""
    head = ChainHead.objects.filter(id=1).values_list("sequence", "hash").first()
    if head is None or head[0] == 0:
        return None
    last = AuditCheckpoint.objects.order_by("-count", "-at", "-pk").first()
    if last is not None and (last.count, last.head) == (head[0], head[1]):
        return last
    return sign_head(count=head[0], head=head[1], trigger=trigger, now=now)


def checkpoint_due(today: Any = None) -> bool:
    """No checkpoint yet today (Asia/Shanghai): the first audit page of the day, or the daily timer, makes one."""
    last = AuditCheckpoint.objects.order_by("-at", "-pk").values_list("at", flat=True).first()
    return last is None or timezone.localdate(last) < (today or timezone.localdate())


# ---- the public list ---------------------------------------------------------------------------------


def public_list() -> dict[str, Any]:
    rows = list(AuditCheckpoint.objects.order_by("count", "at", "pk"))
    return {
        "format": LIST_FORMAT,
        "keys": {row.key_id: row.public_key for row in rows},
        "checkpoints": [{"count": row.count, "head": row.head, "at": utc_text(row.at), "key_id": row.key_id,
                         "signature": row.signature, "trigger": row.trigger} for row in rows],
    }


def public_json() -> bytes:
    return (json.dumps(public_list(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def parse_list(raw: bytes, source: str) -> list[Checkpoint]:
    """A saved list, read strictly: anything unexpected is named, never guessed at."""
    try:
        data = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicate_keys)
    except (UnicodeDecodeError, ValueError) as error:
        raise CheckpointsUnreadable(source=source, reason=str(error)) from None
    if not isinstance(data, dict) or data.get("format") != LIST_FORMAT or set(data) != {"format", "keys",
                                                                                         "checkpoints"}:
        raise CheckpointsUnreadable(source=source, reason=f"not a {LIST_FORMAT} list")
    keys, items = data["keys"], data["checkpoints"]
    if not isinstance(keys, dict) or not isinstance(items, list):
        raise CheckpointsUnreadable(source=source, reason="keys must be an object, checkpoints a list")
    return [_checkpoint(item, keys, source, n) for n, item in enumerate(items, start=1)]


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        raise ValueError("duplicate key in a JSON object")
    return found


def _checkpoint(item: Any, keys: dict[str, Any], source: str, n: int) -> Checkpoint:
    def bad(reason: str) -> CheckpointsUnreadable:
        return CheckpointsUnreadable(source=source, reason=f"checkpoint {n}: {reason}")

    if not isinstance(item, dict) or not {"count", "head", "at", "key_id", "signature"} <= set(item) <= {
            "count", "head", "at", "key_id", "signature", "trigger"}:
        raise bad("expected count, head, at, key_id, signature (and trigger)")
    count, head, at, key_id, signature = (item[k] for k in ("count", "head", "at", "key_id", "signature"))
    if type(count) is not int or count < 0:
        raise bad("count must be a whole number ≥ 0")
    if not _hex(head, 64) or not _hex(signature, 128) or not _hex(key_id, 16):
        raise bad("head, signature and key_id must be 64, 128 and 16 lowercase hex digits")
    if not isinstance(at, str) or not _utc_text(at):
        raise bad("at must be UTC time as 2026-12-01T08:00:00Z")
    public_key = keys.get(key_id)
    if not _hex(public_key, 64):
        raise bad(f"key {key_id} is not listed with its 64-hex-digit public key")
    return Checkpoint(count, head, at, key_id, public_key, signature)


def _hex(value: Any, length: int) -> bool:
    return isinstance(value, str) and len(value) == length and set(value) <= HEX


def _utc_text(value: str) -> bool:
    try:
        return utc_text(datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)) == value
    except ValueError:
        return False


def load_saved(source: str) -> list[Checkpoint]:
    """A list saved by anyone: a file, or an http(s) URL (the installation's own, or a copy kept elsewhere)."""
    try:
        if source.startswith(("http://", "https://")):
            with urllib.request.urlopen(source, timeout=30) as response:  # noqa: S310 (scheme checked above)
                raw = response.read(LARGEST_LIST + 1)
        else:
            raw = Path(source).read_bytes()
    except (OSError, ValueError) as error:
        raise CheckpointsUnreadable(source=source, reason=str(error)) from None
    if len(raw) > LARGEST_LIST:
        raise CheckpointsUnreadable(source=source, reason="larger than 20 MB")
    return parse_list(raw, source)


# ---- the journal outside the database --------------------------------------------------------------------


def journal_path() -> Path:
    configured = getattr(settings, "AUDIT_CHECKPOINT_JOURNAL", None)
    return Path(configured or Path(settings.DATA_DIR) / "audit-checkpoints.jsonl")


def append_to_journal(checkpoint: Checkpoint, trigger: str) -> None:
    """One line per checkpoint, appended (a line under 4 KB is one write, whole even with several processes)."""
    line = json.dumps({**asdict(checkpoint), "trigger": trigger}, sort_keys=True, separators=(",", ":")) + "\n"
    try:
        handle = os.open(journal_path(), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(handle, line.encode("ascii"))
        finally:
            os.close(handle)
    except OSError:
        # The checkpoint is committed and published; only this copy of it is missing. Say so loudly in the log.
        logger.exception("audit checkpoint #%s could not be appended to %s", checkpoint.count, journal_path())


def read_journal() -> tuple[list[Checkpoint], list[int]]:
    """The journal's checkpoints, and the numbers of the lines that could not be read (a crash mid-line)."""
    path = journal_path()
    if not path.exists():
        return [], []
    found: list[Checkpoint] = []
    unreadable: list[int] = []
    for number, line in enumerate(path.read_text(encoding="ascii", errors="replace").splitlines(), start=1):
        try:
            item = json.loads(line, object_pairs_hook=_no_duplicate_keys)
            public_key = item.pop("public_key") if isinstance(item, dict) else None
            keys = {item.get("key_id"): public_key} if isinstance(item, dict) else {}
            found.append(_checkpoint(item, keys, str(path), number))
        except (ValueError, KeyError, TypeError, CheckpointsUnreadable):
            unreadable.append(number)
    return found, unreadable
