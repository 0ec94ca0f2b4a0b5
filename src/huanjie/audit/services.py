"""Writing and verifying the audit chain.

Each record's hash covers its content and the previous record's hash, so editing, deleting,
inserting or reordering any record breaks every later link (SHA-256; chain verified by
`verify_chain`). Records are written inside the caller's transaction: a change and its record
commit together or not at all.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from huanjie.audit.models import GENESIS_HASH, AuditRecord, ChainHead


def canonical_bytes(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode()


def hashed_fields(*, previous_hash: str, sequence: int, at: str, actor_label: str, community_id: int | None,
                  code: str, target_type: str, target_id: str, data: dict[str, Any],
                  target_label: str | None = None) -> dict[str, Any]:
    """What a record's hash covers (docs/audit.md): its content and the hash before it.

    Format 2 (`target_label` given) covers the object's label too, so that the name a record shows
    cannot be changed either; format 1, of records written before, did not.
    """
    fields = {
        "previous_hash": previous_hash, "sequence": sequence, "at": at, "actor": actor_label,
        "community": community_id, "code": code, "target_type": target_type, "target_id": target_id,
        "data": data,
    }
    if target_label is not None:
        fields.update({"format": 2, "target_label": target_label})
    return fields


def record_hash(**content: Any) -> str:
    """SHA-256 of the canonical JSON of `hashed_fields(**content)`."""
    return hashlib.sha256(canonical_bytes(hashed_fields(**content))).hexdigest()


def fields_of(entry: AuditRecord) -> dict[str, Any]:
    """The fields a stored record's hash covers, by the format it was written in."""
    return hashed_fields(previous_hash=entry.previous_hash, sequence=entry.sequence, at=entry.at.isoformat(),
                         actor_label=entry.actor_label, community_id=entry.community_id, code=entry.code,
                         target_type=entry.target_type, target_id=entry.target_id, data=entry.data,
                         target_label=entry.target_label if entry.format >= 2 else None)


def hash_of(entry: AuditRecord) -> str:
    """The hash a record must carry."""
    return hashlib.sha256(canonical_bytes(fields_of(entry))).hexdigest()


def _actor_label(actor: Any) -> str:
    if actor is None:
        return "system"
    return str(getattr(actor, "username", None) or actor)


def record(code: str, *, actor: Any = None, target: models.Model | None = None,
           community_id: int | None = None, data: dict[str, Any] | None = None) -> AuditRecord:
    """Append one record to the chain, in the caller's transaction.

    `code` is a dotted action code (`roster.import.applied`); `data` holds before/after values.

    Records join the chain one at a time: the writer locks the chain head, and the lock is held
    until its transaction commits. So everything that does not depend on the head is prepared
    before the lock is taken; under the lock there is only the time, the hash, one insert and one
    update (on PostgreSQL one statement). No savepoint either (a failed record fails the caller's
    whole transaction, which is what it must do anyway), so that no extra round trip to the
    database happens under the lock.
    """
    label = _actor_label(actor)
    payload = json.loads(canonical_bytes(data or {}))
    target_type = target._meta.label_lower if target is not None else ""
    target_id = str(target.pk) if target is not None else ""
    if community_id is None and target is not None:
        community_id = getattr(target, "community_id", None)
    entry = AuditRecord(actor=actor if getattr(actor, "pk", None) else None, actor_label=label,
                        community_id=community_id, code=code, target_type=target_type, target_id=target_id,
                        target_label=str(target)[:200] if target is not None else "", data=payload)
    with transaction.atomic(savepoint=False):
        if connection.vendor == "postgresql":
            _append_on_postgresql(entry)
        else:
            head, _ = ChainHead.objects.select_for_update().get_or_create(id=1)
            _link(entry, head.sequence, head.hash)
            entry.save(force_insert=True)
            ChainHead.objects.filter(id=1).update(sequence=entry.sequence, hash=entry.hash)
        return entry


def _link(entry: AuditRecord, previous_sequence: int, previous_hash: str) -> None:
    """Give the record its place in the chain: the time, the next sequence number and the hash."""
    entry.at = timezone.now()
    entry.sequence, entry.previous_hash = previous_sequence + 1, previous_hash
    entry.hash = hash_of(entry)


LOCK_HEAD = "SELECT sequence, hash FROM audit_chainhead WHERE id = 1 FOR UPDATE"
APPEND = (
    "WITH moved AS (UPDATE audit_chainhead SET sequence = %s, hash = %s WHERE id = 1)"
    " INSERT INTO audit_auditrecord (sequence, at, actor_id, actor_label, community_id, code, target_type,"
    " target_id, target_label, format, data, previous_hash, hash)"
    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb, %s, %s) RETURNING id"
)


def _append_on_postgresql(entry: AuditRecord) -> None:
    """Lock and read the head, then insert the record and move the head in one statement.

    Two round trips while the head is locked instead of three, and no query building: the lock
    is held until the caller's transaction commits, so every millisecond here is one that every
    other writer waits.
    """
    with connection.cursor() as cursor:
        cursor.execute(LOCK_HEAD)
        row = cursor.fetchone()
        if row is None:  # the very first record: create the head, then lock it like any other writer
            ChainHead.objects.get_or_create(id=1)
            cursor.execute(LOCK_HEAD)
            row = cursor.fetchone()
        _link(entry, row[0], row[1])
        cursor.execute(APPEND, [entry.sequence, entry.hash, entry.sequence, entry.at, entry.actor_id,
                                entry.actor_label, entry.community_id, entry.code, entry.target_type,
                                entry.target_id, entry.target_label, entry.format, json.dumps(entry.data),
                                entry.previous_hash,
                                entry.hash])
        entry.pk = cursor.fetchone()[0]
    entry._state.adding, entry._state.db = False, connection.alias


@dataclass(frozen=True)
class ChainBreak:
    sequence: int
    reason: str


def verify_chain(records: Iterable[AuditRecord] | None = None, *, after: tuple[int, str] = (0, GENESIS_HASH),
                 head: tuple[int, str] | None = None) -> ChainBreak | None:
    """The first broken link of the chain, or None when every record verifies.

    `after` = (sequence, hash) of a record already verified: only the records after it are checked.
    `head` = (sequence, hash) read before: the chain is checked up to it (records written meanwhile
    are left for next time); by default up to the chain head as it is at the end.
    """
    previous, expected_sequence = after[1], after[0] + 1
    if records is None:
        query = AuditRecord.objects.filter(sequence__gt=after[0])
        if head is not None:
            query = query.filter(sequence__lte=head[0])
        records = query.order_by("sequence").iterator()
    for entry in records:
        if entry.sequence != expected_sequence:
            return ChainBreak(entry.sequence, f"expected record #{expected_sequence}, found #{entry.sequence}")
        if entry.previous_hash != previous:
            return ChainBreak(entry.sequence, "previous_hash does not match the record before it")
        if hash_of(entry) != entry.hash:
            return ChainBreak(entry.sequence, "content does not match its hash")
        previous, expected_sequence = entry.hash, expected_sequence + 1
    if head is None:
        row = ChainHead.objects.filter(id=1).first()
        head = (row.sequence, row.hash) if row is not None else None
    if head is not None and head != (expected_sequence - 1, previous):
        return ChainBreak(expected_sequence, "records after the last one were deleted (chain head differs)")
    return None


def chain_head() -> str:
    head = ChainHead.objects.filter(id=1).first()
    return head.hash if head else GENESIS_HASH
