"""docs/audit-test-vector.json, recomputed from docs/audit.md alone, then by the app.

`canonical` below is written from the document's rules, not from the code: if the app's hashing
and the document ever part, one of these tests fails.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

import pysodium
import pytest

ROOT = Path(__file__).resolve().parents[2]
VECTOR = json.loads((ROOT / "docs" / "audit-test-vector.json").read_text(encoding="utf-8"))
ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def quoted(text: str) -> str:
    return '"' + "".join(ESCAPES.get(ch, f"\\u{ord(ch):04x}" if ord(ch) < 0x20 else ch) for ch in text) + '"'


def canonical(value: object) -> str:
    """docs/audit.md, "Canonical JSON"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, list):
        return "[" + ",".join(canonical(item) for item in value) + "]"
    if isinstance(value, dict):
        keys = sorted(value, key=lambda key: [ord(ch) for ch in key])  # by code point, not UTF-16 unit
        return "{" + ",".join(f"{quoted(key)}:{canonical(value[key])}" for key in keys) + "}"
    raise TypeError(value)


def test_every_record_s_canonical_bytes_and_hash_follow_from_its_fields_and_link_to_the_one_before():
    previous = "0" * 64
    for n, record in enumerate(VECTOR["records"], start=1):
        fields = record["fields"]
        assert (fields["sequence"], fields["previous_hash"]) == (n, previous)
        assert canonical(fields) == record["canonical"]
        assert hashlib.sha256(record["canonical"].encode("utf-8")).hexdigest() == record["hash"]
        assert set(fields) == ({"previous_hash", "sequence", "at", "actor", "community", "code", "target_type",
                                "target_id", "data"} | ({"format", "target_label"} if "format" in fields else set()))
        previous = record["hash"]
    assert VECTOR["head"] == {"sequence": len(VECTOR["records"]), "hash": previous}
    assert "format" not in VECTOR["records"][0]["fields"]  # a record of format 1 is in the vector


def test_every_checkpoint_s_signature_follows_from_the_test_key():
    listed = VECTOR["checkpoints"]
    seed = bytes.fromhex(VECTOR["test_key_seed"])
    public_key, secret = pysodium.crypto_sign_seed_keypair(seed)
    assert listed["keys"] == {hashlib.sha256(public_key).hexdigest()[:16]: public_key.hex()}
    hashes = {record["fields"]["sequence"]: record["hash"] for record in VECTOR["records"]}
    for item in listed["checkpoints"]:
        assert hashes[item["count"]] == item["head"]
        message = f"huanjie-audit-checkpoint/1:{item['count']}:{item['head']}:{item['at']}".encode("ascii")
        pysodium.crypto_sign_verify_detached(bytes.fromhex(item["signature"]), message, public_key)
        assert pysodium.crypto_sign_detached(message, secret).hex() == item["signature"]  # Ed25519 is deterministic


def test_the_app_hashes_and_signs_the_vector_exactly_so():
    from huanjie.audit.checkpoints import parse_list
    from huanjie.audit.services import canonical_bytes, hashed_fields
    from huanjie.audit.signing import SigningKey

    for record in VECTOR["records"]:
        fields = record["fields"]
        again = hashed_fields(previous_hash=fields["previous_hash"], sequence=fields["sequence"], at=fields["at"],
                              actor_label=fields["actor"], community_id=fields["community"], code=fields["code"],
                              target_type=fields["target_type"], target_id=fields["target_id"], data=fields["data"],
                              target_label=fields.get("target_label"))
        assert canonical_bytes(again).decode("utf-8") == record["canonical"]
    key = SigningKey(bytes.fromhex(VECTOR["test_key_seed"]))
    for checkpoint in parse_list(json.dumps(VECTOR["checkpoints"]).encode(), "vector"):
        assert checkpoint.signature_valid()
        assert key.sign(checkpoint.message()).hex() == checkpoint.signature


@pytest.fixture
def stored_vector(db):  # type: ignore[no-untyped-def]
    """The vector's records and checkpoints as rows of this database."""
    from huanjie.audit.models import AuditCheckpoint, AuditRecord, ChainHead

    for record in VECTOR["records"]:
        fields = record["fields"]
        AuditRecord.objects.create(
            sequence=fields["sequence"], at=datetime.fromisoformat(fields["at"]), actor_label=fields["actor"],
            community_id=fields["community"], code=fields["code"], target_type=fields["target_type"],
            target_id=fields["target_id"], target_label=fields.get("target_label", ""), data=fields["data"],
            format=fields.get("format", 1), previous_hash=fields["previous_hash"], hash=record["hash"])
    ChainHead.objects.update_or_create(id=1, defaults={"sequence": VECTOR["head"]["sequence"],
                                                       "hash": VECTOR["head"]["hash"]})
    keys = VECTOR["checkpoints"]["keys"]
    for item in VECTOR["checkpoints"]["checkpoints"]:
        AuditCheckpoint.objects.create(count=item["count"], head=item["head"], key_id=item["key_id"],
                                       at=datetime.fromisoformat(item["at"].replace("Z", "+00:00")),
                                       public_key=keys[item["key_id"]], signature=item["signature"],
                                       trigger=item["trigger"])


def test_verify_accepts_the_vector_and_its_checkpoints_and_exports_the_same_bytes(stored_vector, tmp_path, capsys):
    from django.core.management import call_command

    (tmp_path / "checkpoints.json").write_text(json.dumps(VECTOR["checkpoints"]))
    call_command("audit", "verify", "--checkpoints", str(tmp_path / "checkpoints.json"))
    said = capsys.readouterr()
    assert "留痕链完整：共 4 条记录" in said.out
    assert "not by this installation's key" in said.err  # the test key is not this installation's: a warning
    call_command("audit", "records", "--out", str(tmp_path / "records.jsonl"))
    lines = (tmp_path / "records.jsonl").read_bytes().split(b"\n")
    assert lines[:-1] == [record["canonical"].encode("utf-8") for record in VECTOR["records"]] and lines[-1] == b""
