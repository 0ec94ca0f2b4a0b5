"""The checkpoint key (outside the database, mode 600, loud when wrong) and the public checkpoint list."""

from __future__ import annotations

import json
import stat
from datetime import date

import pysodium
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError

from huanjie import audit
from huanjie.audit.checkpoints import checkpoint_now, parse_list, signed_message
from huanjie.audit.errors import CheckpointKeyMissing, CheckpointKeyUnsafe, CheckpointsUnreadable
from huanjie.audit.models import AuditCheckpoint
from huanjie.audit.signing import installation_key, key_id_of
from huanjie.notices import services as notices
from huanjie.notices.models import Notice, NoticeKind, NoticeStatus


@pytest.fixture
def own_data_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    """As an installation runs without HUANJIE_AUDIT_KEY: the key lives in its data directory."""
    settings.DATA_DIR = tmp_path
    settings.AUDIT_CHECKPOINT_KEY_FILE = None
    return tmp_path


def test_the_key_is_made_on_first_use_in_the_data_directory_mode_600_and_kept(own_data_dir, db):
    key_file = own_data_dir / "audit-checkpoint.key"
    assert not key_file.exists()
    audit.record("test.event")
    checkpoint_now(trigger="command")
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_text().strip()) == 64
    first = installation_key()
    audit.record("test.event")
    assert checkpoint_now(trigger="command").key_id == first.key_id == AuditCheckpoint.objects.first().key_id


def test_a_key_others_can_read_is_refused(own_data_dir, db):
    audit.record("test.event")
    checkpoint_now(trigger="command")
    (own_data_dir / "audit-checkpoint.key").chmod(0o644)
    audit.record("test.event")
    with pytest.raises(CheckpointKeyUnsafe, match="chmod 600"):
        checkpoint_now(trigger="command")


def test_a_key_file_named_by_the_deployment_that_is_missing_stops_a_publication_and_writes_nothing(
        settings, tmp_path, wuyuehua, alice, capsys):
    settings.AUDIT_CHECKPOINT_KEY_FILE = tmp_path / "checkpoint.key"
    draft = notices.create_notice(community=wuyuehua, reelection=None, kind=NoticeKind.ROSTER_AND_RULES,
                                  title="业主名册及表决规则公示", body="现将业主名册公示如下。", issuer="换届改选小组",
                                  period_days=7, actor=alice)
    with pytest.raises(CheckpointKeyMissing, match="huanjie audit key --create"):
        notices.publish_notice(notice=draft, actor=alice, today=date(2026, 12, 1))
    assert Notice.objects.get(pk=draft.pk).status == NoticeStatus.DRAFT
    assert not (tmp_path / "checkpoint.key").exists()  # never made at a path the deployment gave
    from huanjie.audit.apps import checkpoint_key_usable

    assert [error.id for error in checkpoint_key_usable()] == ["huanjie.audit.E001"]
    call_command("audit", "key", "--create", str(tmp_path / "checkpoint.key"))
    said = capsys.readouterr().out
    assert stat.S_IMODE((tmp_path / "checkpoint.key").stat().st_mode) == 0o600
    assert installation_key().key_id in said and checkpoint_key_usable() == []
    notices.publish_notice(notice=draft, actor=alice, today=date(2026, 12, 1))
    assert AuditCheckpoint.objects.get().trigger == "publication"
    with pytest.raises(CommandError, match="never overwritten"):
        call_command("audit", "key", "--create", str(tmp_path / "checkpoint.key"))


def test_the_key_variable_must_be_an_absolute_path_in_a_folder_that_exists(monkeypatch, tmp_path):
    from huanjie.env import env_file

    monkeypatch.setenv("HUANJIE_AUDIT_KEY", "checkpoint.key")
    with pytest.raises(ImproperlyConfigured, match="absolute"):
        env_file("HUANJIE_AUDIT_KEY")
    monkeypatch.setenv("HUANJIE_AUDIT_KEY", str(tmp_path / "missing" / "checkpoint.key"))
    with pytest.raises(ImproperlyConfigured, match="does not exist"):
        env_file("HUANJIE_AUDIT_KEY")
    monkeypatch.setenv("HUANJIE_AUDIT_KEY", str(tmp_path))
    with pytest.raises(ImproperlyConfigured, match="not a file"):
        env_file("HUANJIE_AUDIT_KEY")
    monkeypatch.setenv("HUANJIE_AUDIT_KEY", str(tmp_path / "checkpoint.key"))
    assert env_file("HUANJIE_AUDIT_KEY") == tmp_path / "checkpoint.key"


def test_anyone_may_fetch_the_list_and_check_each_signature_with_libsodium_alone(db, client):
    for n in range(3):
        audit.record("test.event", data={"n": n})
        checkpoint_now(trigger="daily")
    response = client.get("/audit/checkpoints.json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    listed = json.loads(response.content)
    assert listed["format"] == "huanjie-audit-checkpoints/1"
    assert [c["count"] for c in listed["checkpoints"]] == [1, 2, 3]
    for item in listed["checkpoints"]:
        public_key = bytes.fromhex(listed["keys"][item["key_id"]])
        assert key_id_of(public_key) == item["key_id"]
        message = f"huanjie-audit-checkpoint/1:{item['count']}:{item['head']}:{item['at']}".encode()
        assert message == signed_message(item["count"], item["head"], item["at"])
        pysodium.crypto_sign_verify_detached(bytes.fromhex(item["signature"]), message, public_key)


@pytest.mark.parametrize("change", [
    lambda d: d.update(format="something-else"),
    lambda d: d.update(extra=1),
    lambda d: d["checkpoints"][0].update(count="1"),
    lambda d: d["checkpoints"][0].update(count=-1),
    lambda d: d["checkpoints"][0].update(head="AB" * 32),
    lambda d: d["checkpoints"][0].update(at="2026-12-01 08:00:00"),
    lambda d: d["checkpoints"][0].update(note="x"),
    lambda d: d["checkpoints"][0].pop("signature"),
    lambda d: d["keys"].clear(),
])
def test_a_saved_list_is_read_strictly_and_a_wrong_one_is_named_not_a_traceback(db, change, tmp_path):
    audit.record("test.event")
    checkpoint_now(trigger="daily")
    from huanjie.audit.checkpoints import public_list

    data = public_list()
    parse_list(json.dumps(data).encode(), "saved.json")  # as published: fine
    change(data)
    with pytest.raises(CheckpointsUnreadable, match="saved.json"):
        parse_list(json.dumps(data).encode(), "saved.json")
    (tmp_path / "bad.json").write_text(json.dumps(data))
    with pytest.raises(CommandError, match="无法读取签名检查点"):
        call_command("audit", "verify", "--checkpoints", str(tmp_path / "bad.json"))


def test_duplicate_keys_and_unreachable_sources_are_named(db, tmp_path):
    with pytest.raises(CheckpointsUnreadable, match="duplicate key"):
        parse_list(b'{"format": "a", "format": "b"}', "dup.json")
    with pytest.raises(CommandError, match="无法读取签名检查点 http://127.0.0.1:9/"):
        call_command("audit", "verify", "--checkpoints", "http://127.0.0.1:9/")
    with pytest.raises(CommandError, match="nothing.json"):
        call_command("audit", "verify", "--checkpoints", str(tmp_path / "nothing.json"))


def test_a_line_of_the_journal_cut_short_by_a_crash_is_a_warning(db, settings, capsys,
                                                                  django_capture_on_commit_callbacks):
    audit.record("test.event")
    with django_capture_on_commit_callbacks(execute=True):
        checkpoint_now(trigger="daily")
    with open(settings.AUDIT_CHECKPOINT_JOURNAL, "a") as journal:
        journal.write('{"count": 2, "he')
    call_command("audit", "verify")  # no SystemExit: a warning only
    said = capsys.readouterr()
    assert "lines 2 of the checkpoint journal" in said.err and "留痕链完整" in said.out
