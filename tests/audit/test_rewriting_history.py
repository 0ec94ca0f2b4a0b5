"""Whoever can write the database can rewrite the chain; `huanjie audit verify` must not call it intact.

Each test does what such a person did (issue 17 #5): recompute every hash after an edit, delete the
tail and move the head row back, leave published heads pointing nowhere — and then checks that
verify names it, from the signed checkpoints (database, journal, a list saved earlier, as a file
or at a URL) or from the heads printed on notices, results notices and backups.
"""

from __future__ import annotations

import http.server
import tarfile
import threading
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from django.core.management import call_command

from huanjie import audit
from huanjie.audit.models import GENESIS_HASH, AuditRecord, ChainHead
from huanjie.audit.services import chain_head, hash_of
from huanjie.notices import services as notices
from huanjie.notices.models import Notice, NoticeKind

PUBLISHED_ON = date(2026, 12, 1)


def publish(community, actor, title="业主名册及表决规则公示", body="现将业主名册及表决规则公示如下。"):  # type: ignore[no-untyped-def]
    draft = notices.create_notice(community=community, reelection=None, kind=NoticeKind.ROSTER_AND_RULES,
                                  title=title, body=body, issuer="换届改选小组", period_days=7, actor=actor)
    return notices.publish_notice(notice=draft, actor=actor, today=PUBLISHED_ON)


@pytest.fixture
def chain(wuyuehua, alice, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Two records, a published notice (its head signed), then two records more: five in all."""
    audit.record("test.event", data={"n": 1})
    with django_capture_on_commit_callbacks(execute=True):  # the journal is written when the publication commits
        notice = publish(wuyuehua, alice)
    audit.record("test.event", data={"n": 2})
    audit.record("test.event", data={"n": 3})
    return notice


def rewrite_from(sequence: int, **changes: object) -> None:
    """Edit one record, then recompute every hash from it on and move the head row: the chain verifies on its own."""
    AuditRecord.objects.filter(sequence=sequence).update(**changes)
    previous = AuditRecord.objects.get(sequence=sequence - 1).hash if sequence > 1 else GENESIS_HASH
    for entry in AuditRecord.objects.filter(sequence__gte=sequence).order_by("sequence"):
        entry.previous_hash = previous
        entry.hash = previous = hash_of(entry)
        entry.save(update_fields=["previous_hash", "hash"])
    ChainHead.objects.filter(id=1).update(hash=previous)


def cover_the_notices() -> None:
    """A careful rewriter also moves each notice's stored head to its publication record's new hash."""
    for notice in Notice.objects.exclude(audit_head=""):
        record = AuditRecord.objects.get(code="notice.published", target_id=str(notice.pk))
        Notice.objects.filter(pk=notice.pk).update(audit_head=record.hash)


def wipe_checkpoints(settings) -> None:  # type: ignore[no-untyped-def]
    from django.apps import apps

    model = apps.all_models["audit"].get("auditcheckpoint")
    if model is not None:  # (the model does not exist before this change)
        model.objects.all().delete()
    Path(getattr(settings, "AUDIT_CHECKPOINT_JOURNAL", "/nonexistent")).unlink(missing_ok=True)


def verify(capsys, *options: str) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    try:
        call_command("audit", "verify", *options)
        code = 0
    except SystemExit as exit_info:
        code = int(exit_info.code or 0)
    out = capsys.readouterr()
    return code, out.out + out.err


def test_an_untouched_chain_with_its_checkpoints_and_printed_heads_verifies(chain, capsys):
    code, said = verify(capsys)
    assert code == 0, said
    assert "留痕链完整：共 5 条记录" in said and "与 1 个签名检查点及各处印出的链头一致" in said


def test_recomputing_every_hash_after_an_edit_is_found_by_the_signed_checkpoint(chain, capsys):
    rewrite_from(2, actor_label="mallory")  # the notice's creation, now by someone else
    cover_the_notices()
    code, said = verify(capsys)
    assert code == 1
    assert "第 3 条及之前的记录被改写过" in said and "records up to #3 were rewritten" in said


def test_with_the_database_s_checkpoints_deleted_the_journal_outside_it_still_finds_the_rewrite(
        chain, capsys, settings):
    from huanjie.audit.models import AuditCheckpoint

    rewrite_from(1, data={"n": 99})
    cover_the_notices()
    AuditCheckpoint.objects.all().delete()
    code, said = verify(capsys)
    assert code == 1
    assert "records up to #3 were rewritten (journal)" in said
    assert "is missing from the installation's list" in said


def test_a_list_saved_earlier_finds_the_rewrite_as_a_file_and_at_a_url(chain, capsys, client, settings, tmp_path):
    saved = client.get("/audit/checkpoints.json").content
    (tmp_path / "saved.json").write_bytes(saved)
    rewrite_from(1, data={"n": 99})
    cover_the_notices()
    wipe_checkpoints(settings)  # the database's list and the journal: only the saved copy is left
    code, said = verify(capsys, "--checkpoints", str(tmp_path / "saved.json"))
    assert code == 1 and f"records up to #3 were rewritten ({tmp_path / 'saved.json'})" in said

    class Serve(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(saved)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Serve)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/checkpoints.json"
        code, said = verify(capsys, "--checkpoints", url)
    finally:
        server.shutdown()
    assert code == 1 and f"records up to #3 were rewritten ({url})" in said


def test_deleting_the_tail_and_rewinding_the_head_row_is_found(wuyuehua, alice, chain, capsys, settings):
    AuditRecord.objects.filter(sequence__gt=2).delete()  # the publication and everything after it
    ChainHead.objects.filter(id=1).update(sequence=2, hash=AuditRecord.objects.get(sequence=2).hash)
    code, said = verify(capsys)
    assert code == 1
    assert "signed 3 records; the chain has only 2: records after #2 were deleted" in said
    assert f"shows head {chain.audit_head}, which is not the record of its publication" in said


def test_a_published_notice_whose_head_is_no_longer_in_the_chain_is_named(chain, capsys, settings):
    rewrite_from(1, data={"n": 99})
    wipe_checkpoints(settings)  # only the notice's own head is left to give it away
    code, said = verify(capsys)
    assert code == 1
    assert "公示公告“业主名册及表决规则公示”上印的发布时链头" in said


def test_a_head_printed_in_a_results_notice_s_text_must_be_in_the_chain(wuyuehua, alice, chain, capsys, settings):
    printed = chain_head()
    publish(wuyuehua, alice, title="选举结果公示", body=f"……冻结名册 SHA-256：{'ab' * 32}；留痕记录链头：{printed}。")
    rewrite_from(1, data={"n": 99})
    cover_the_notices()
    wipe_checkpoints(settings)
    code, said = verify(capsys)
    assert code == 1
    assert f"公示公告“选举结果公示”正文里印的留痕链头 {printed} 不在链上" in said
    assert "ab" * 32 not in said  # the roster's SHA-256 is not a chain head


def _backup(path: Path, sequence: int, head: str) -> Path:
    from huanjie.ops.backup import MANIFEST, Manifest

    manifest = Manifest(engine="sqlite", created_at="2026-12-01T08:00:00+08:00", parts={}, audit_sequence=sequence,
                        audit_head=head, audit_records=sequence, migrations={}).as_json()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "w") as archive:
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(manifest)
        archive.addfile(info, BytesIO(manifest))
    return path


def test_a_backup_manifest_s_head_must_be_in_the_chain(chain, capsys, settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    record = AuditRecord.objects.get(sequence=4)
    _backup(settings.DATA_DIR / "backups" / "huanjie-20261201-080000.tar", 4, record.hash)
    elsewhere = _backup(tmp_path / "usb" / "huanjie-20261130.tar", 2, AuditRecord.objects.get(sequence=2).hash)
    assert verify(capsys, "--backup", str(elsewhere))[0] == 0
    rewrite_from(1, data={"n": 99})
    cover_the_notices()
    wipe_checkpoints(settings)
    code, said = verify(capsys, "--backup", str(elsewhere))
    assert code == 1
    assert f"huanjie-20261201-080000.tar names record #4 with head {record.hash}" in said
    assert "huanjie-20261130.tar names record #2" in said


def test_a_head_copied_from_paper_must_be_in_the_chain(chain, capsys, settings):
    on_the_wall = chain.audit_head
    assert verify(capsys, "--head", on_the_wall)[0] == 0
    rewrite_from(1, data={"n": 99})
    cover_the_notices()
    wipe_checkpoints(settings)
    code, said = verify(capsys, "--head", on_the_wall)
    assert code == 1 and f"head {on_the_wall} is not in the chain" in said


def test_a_checkpoint_changed_in_the_database_does_not_verify(chain, capsys, settings):
    from huanjie.audit.models import AuditCheckpoint

    rewrite_from(1, data={"n": 99})
    cover_the_notices()
    AuditCheckpoint.objects.update(head=AuditRecord.objects.get(sequence=3).hash)  # "re-signed" without the key
    code, said = verify(capsys)
    assert code == 1 and "does not verify with key" in said


def test_a_checkpoint_signed_with_another_key_is_pointed_out(chain, capsys):
    from huanjie.audit.checkpoints import sign_head
    from huanjie.audit.signing import SigningKey

    record = AuditRecord.objects.get(sequence=5)
    sign_head(count=5, head=record.hash, trigger="command", key=SigningKey(b"\x01" * 32))
    code, said = verify(capsys)
    assert code == 0  # it matches the chain; but it is not this installation's signature, and verify says so
    assert "checkpoints are signed by key" in said and "not by this installation's key" in said
