"""`huanjie backup` and `huanjie restore`: a round trip gives back the same count and chain head.

Runs on the database of the test run (SQLite through the online backup API, PostgreSQL through
pg_dump/pg_restore), with real commits: the PostgreSQL tools are other processes.
"""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from huanjie import audit
from huanjie.audit.models import AuditRecord
from huanjie.audit.services import chain_head, verify_chain
from huanjie.ops.backup import MEDIA, make_backup, read_manifest, restore_backup
from huanjie.ops.errors import DamagedPart, NotABackup, UnknownMigrations
from huanjie.rules import build_entities, tally
from huanjie.voting.models import Ballot, CountResult
from huanjie.voting.tallyfiles import ballots_digest, count_inputs
from tests.trust.conftest import counted_assembly

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def counted(wuyuehua, alice):  # type: ignore[no-untyped-def]
    return counted_assembly(wuyuehua, alice)


def recount(assembly):  # type: ignore[no-untyped-def]
    inputs = count_inputs(assembly)
    return tally(build_entities(inputs.units), inputs.contests, inputs.rows).to_dict(), ballots_digest(inputs)


def test_it_restores_the_count_the_chain_head_and_the_uploads(counted, alice, tmp_path):  # type: ignore[no-untyped-def]
    default_storage.save("notices/postings/photo.jpg", ContentFile(b"a posted notice"))
    manifest = make_backup(out=tmp_path / "b.tar", now=timezone.now(), actor=alice)
    assert manifest.audit_head == chain_head() and verify_chain() is None
    stored = CountResult.objects.get(assembly=counted)

    # What happens after the backup is undone by the restore.
    Ballot.objects.filter(assembly=counted).delete()
    CountResult.objects.all().delete()
    audit.record("test.after_backup", actor=alice)
    default_storage.delete("notices/postings/photo.jpg")
    default_storage.save("late.jpg", ContentFile(b"after the backup"))

    restored = restore_backup(archive_path=tmp_path / "b.tar", actor=alice)

    assert restored.audit_head == manifest.audit_head
    assert verify_chain() is None
    assert AuditRecord.objects.get(sequence=manifest.audit_sequence).hash == manifest.audit_head
    latest = AuditRecord.objects.order_by("-sequence").first()
    assert latest.code == "ops.backup.restored" and latest.previous_hash == manifest.audit_head
    again = CountResult.objects.get(assembly=counted)
    assert again.data == stored.data
    assert recount(counted) == (again.data, again.ballots_sha256)
    assert Ballot.objects.filter(assembly=counted).count() == 2
    assert default_storage.open("notices/postings/photo.jpg").read() == b"a posted notice"
    assert not default_storage.exists("late.jpg")


def test_the_manifest_names_each_part_s_sha256_the_head_and_the_migrations(counted, tmp_path):  # type: ignore[no-untyped-def]
    manifest = make_backup(out=tmp_path / "b.tar", now=timezone.now())
    with tarfile.open(tmp_path / "b.tar") as archive:
        assert sorted(archive.getnames()) == sorted(["manifest.json", *manifest.parts])
    assert read_manifest(tmp_path / "b.tar") == manifest
    assert manifest.audit_records == AuditRecord.objects.count()
    assert "0001_initial" in manifest.migrations["voting"]
    assert AuditRecord.objects.order_by("-sequence").first().code == "ops.backup.made"


def test_it_refuses_a_damaged_archive_and_changes_nothing(counted, tmp_path):  # type: ignore[no-untyped-def]
    make_backup(out=tmp_path / "b.tar", now=timezone.now())
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(tmp_path / "b.tar") as source, tarfile.open(damaged, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == MEDIA:
                data = data[:-1] + bytes([data[-1] ^ 1])
            target.addfile(member, __import__("io").BytesIO(data))
    audit.record("test.after_backup")
    head = chain_head()
    with pytest.raises(DamagedPart):
        restore_backup(archive_path=damaged)
    assert chain_head() == head


def test_it_refuses_a_file_that_is_not_a_backup(db, tmp_path):  # type: ignore[no-untyped-def]
    (tmp_path / "x.tar").write_bytes(b"not a tar")
    with pytest.raises(NotABackup):
        restore_backup(archive_path=tmp_path / "x.tar")


def test_it_refuses_a_backup_from_newer_code(counted, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    make_backup(out=tmp_path / "b.tar", now=timezone.now())
    real = read_manifest(tmp_path / "b.tar")
    newer = type(real)(**{**real.__dict__, "migrations": {**real.migrations, "voting": ["9999_from_the_future"]}})
    monkeypatch.setattr("huanjie.ops.backup.read_manifest", lambda path: newer)
    with pytest.raises(UnknownMigrations):
        restore_backup(archive_path=tmp_path / "b.tar")


def test_the_commands_round_trip(counted, tmp_path, capsys):  # type: ignore[no-untyped-def]
    out = tmp_path / "cli.tar"
    call_command("backup", out=out)
    head = chain_head()
    audit.record("test.after_backup")
    call_command("restore", str(out), noinput=True)
    printed = capsys.readouterr().out
    assert "head #" in printed and head in printed
    assert verify_chain() is None
    assert Path(out).stat().st_size > 0
