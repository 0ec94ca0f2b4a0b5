"""A full disk during a roster import writes nothing; a backup to a full target leaves no archive.

SQLite: the test connection gets `PRAGMA max_page_count` a few pages above what the database
holds (after its free pages are used up), so an import of 1,500 units runs out of space part-way
— while staging, or in the middle of writing the units — and SQLite answers SQLITE_FULL. The
import must roll back, say so in Chinese (command and page) and in English (the log), and leave
the roster exactly as it was. The backup is written under RLIMIT_FSIZE (the process may not grow
a file past 64 KB), as on a full disk. PostgreSQL has neither knob per connection: there the
database tests are skipped, saying so.
"""

from __future__ import annotations

import io
import logging
import resource
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from huanjie.audit.models import AuditRecord
from huanjie.roster import services
from huanjie.roster.importing.apply import write_roster
from huanjie.roster.models import Building, ImportStatus, Owner, Ownership, RosterImport, Unit
from tests.conftest import client_for
from tests.trust.fuzz_strategies import snapshot

ROSTER_TABLES = (Building, Unit, Owner, Ownership)
UNITS = 1500
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="PostgreSQL has no per-connection size limit (SQLite's max_page_count); a full disk cannot be "
           "simulated without filling the server's file system, so this runs on SQLite only")


def big_roster() -> bytes:
    lines = ["unit,building,area,owners,status"]
    lines += [f"{n // 100}-{n % 100:03d},{n // 100}号楼,{80 + n % 50}.25,owner-{n:05d}-业主,delivered"
              for n in range(1, UNITS + 1)]
    return ("\n".join(lines) + "\n").encode()


def pragma(name: str, value: int | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}" + ("" if value is None else f" = {value}"))
        row = cursor.fetchone()
    return int(row[0]) if row else 0


@contextmanager
def disk_with_room_for(pages: int) -> Iterator[None]:
    """The database may grow by `pages` more pages of 4 KB; its free pages are filled first."""
    free, size = pragma("freelist_count"), pragma("page_size")
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE fuzz_filler (b BLOB)")  # rolled back with the test's transaction
        if free:
            cursor.execute("INSERT INTO fuzz_filler VALUES (zeroblob(%s))", [free * size])
    unlimited = pragma("max_page_count")
    pragma("max_page_count", pragma("page_count") + pages)
    try:
        yield
    finally:
        pragma("max_page_count", unlimited)
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE fuzz_filler")


@pytest.fixture
def where_it_failed() -> Iterator[list[str]]:
    """'staging' or 'writing' for each import that ran out of space: write_roster is watched."""
    started: list[str] = []

    def watched(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.append("writing")
        return write_roster(*args, **kwargs)

    with mock.patch.object(services, "write_roster", side_effect=watched):
        yield started


ROOM = [0, 8, 40, 120, 240, 400]


@sqlite_only
@pytest.mark.parametrize("pages", ROOM)
def test_import_roster_on_a_full_disk_says_so_and_writes_nothing(wuyuehua, tmp_path, caplog, where_it_failed,
                                                                 pages):  # type: ignore[no-untyped-def]
    path = tmp_path / "roster.csv"
    path.write_bytes(big_roster())
    before, staged = snapshot(*ROSTER_TABLES), RosterImport.objects.count()
    out, err = io.StringIO(), io.StringIO()
    with disk_with_room_for(pages), caplog.at_level(logging.ERROR, "huanjie.roster"):
        try:
            call_command("import_roster", wuyuehua.slug, str(path), "--yes", stdout=out, stderr=err)
        except CommandError as error:
            assert str(error).startswith("服务器的存储空间已满，名册没有导入，也没有写入任何内容")
            assert "out of disk space" in caplog.text and "rolled back" in caplog.text
            assert (snapshot(*ROSTER_TABLES), RosterImport.objects.count()) == (before, staged)
            return
    # Enough room after all: then all of it is there.
    assert Unit.objects.filter(community=wuyuehua).count() == UNITS


@sqlite_only
def test_some_of_the_full_disks_are_hit_in_the_middle_of_writing_the_units(wuyuehua, tmp_path, where_it_failed):  # type: ignore[no-untyped-def]
    """The parametrised test above proves something only if the space runs out at both steps."""
    path = tmp_path / "roster.csv"
    path.write_bytes(big_roster())
    where = []
    for pages in ROOM:
        where_it_failed.clear()
        with disk_with_room_for(pages):
            try:
                call_command("import_roster", wuyuehua.slug, str(path), "--yes", stdout=io.StringIO(),
                             stderr=io.StringIO())
            except CommandError:
                where.append("writing" if where_it_failed else "staging")
                assert Unit.objects.filter(community=wuyuehua).count() == 3
            else:
                where.append("done")
            if where[-1] == "done":
                break
    assert "staging" in where and "writing" in where and where[-1] == "done", where


@sqlite_only
@pytest.mark.parametrize("pages", [0, 200])
def test_the_web_import_on_a_full_disk_shows_the_reason_and_keeps_the_roster(wuyuehua, alice, caplog, pages):  # type: ignore[no-untyped-def]
    client = client_for(alice)
    before = snapshot(*ROSTER_TABLES)
    url = reverse("roster:import", kwargs={"slug": wuyuehua.slug})
    with caplog.at_level(logging.ERROR, "huanjie.roster"):
        if pages:  # room to stage the file, not to apply it
            response = client.post(url, {"file": SimpleUploadedFile("名册.csv", big_roster())})
            assert response.status_code == 302
            staged = RosterImport.objects.get(status=ImportStatus.PENDING)
            with disk_with_room_for(0):
                done = client.post(reverse("roster:import_confirm", kwargs={"slug": wuyuehua.slug, "pk": staged.pk}),
                                   follow=True)
            staged.refresh_from_db()
            assert staged.status == ImportStatus.PENDING  # still there to confirm once there is room
        else:
            with disk_with_room_for(0):
                done = client.post(url, {"file": SimpleUploadedFile("名册.csv", big_roster())})
            assert done.status_code == 200 and not RosterImport.objects.exists()
    assert "服务器的存储空间已满，名册没有导入" in done.content.decode()
    assert "out of disk space" in caplog.text
    assert snapshot(*ROSTER_TABLES) == before


@sqlite_only
def test_with_room_again_the_same_import_goes_through(wuyuehua, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "roster.csv"
    path.write_bytes(big_roster())
    with disk_with_room_for(8), pytest.raises(CommandError):
        call_command("import_roster", wuyuehua.slug, str(path), "--yes", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("import_roster", wuyuehua.slug, str(path), "--yes", stdout=io.StringIO(), stderr=io.StringIO())
    assert Unit.objects.filter(community=wuyuehua).count() == UNITS


# ---- backup to a full target --------------------------------------------------------------------------


@contextmanager
def files_may_grow_to(limit: int) -> Iterator[None]:
    """RLIMIT_FSIZE for this process: a write past `limit` bytes fails with EFBIG, as on a full disk."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


@sqlite_only
@pytest.mark.django_db(transaction=True)  # the online backup waits for an open write transaction to end
def test_a_backup_to_a_full_target_says_so_and_leaves_no_archive(wuyuehua, tmp_path, settings, caplog):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    target = tmp_path / "backups"
    out = target / "huanjie.tar"
    with caplog.at_level(logging.ERROR, "huanjie.ops"), files_may_grow_to(64 * 1024), \
            pytest.raises(CommandError) as caught:
        call_command("backup", "--out", str(out), stdout=io.StringIO())
    assert str(caught.value).startswith("备份目标空间不足")
    assert "no space" in caplog.text
    assert list(target.iterdir()) == []  # neither the archive nor its temporary folder
    made, failed = AuditRecord.objects.filter(code__startswith="ops.backup.").order_by("sequence")
    assert (made.code, failed.code) == ("ops.backup.made", "ops.backup.failed")  # the chain does not claim a copy
    call_command("backup", "--out", str(out), stdout=io.StringIO())  # with room, it works
    assert out.stat().st_size > 64 * 1024


def test_the_disk_full_check_knows_both_databases():
    import sqlite3

    from django.db import OperationalError

    def wrapped(cause: BaseException) -> OperationalError:
        error = OperationalError(str(cause))
        error.__cause__ = cause
        return error

    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = sqlite3.SQLITE_FULL  # type: ignore[attr-defined]
    assert services.disk_full(wrapped(full))
    pg = type("DiskFull", (Exception,), {"sqlstate": "53100"})("could not extend file: No space left on device")
    assert services.disk_full(wrapped(pg))
    assert not services.disk_full(wrapped(sqlite3.OperationalError("database is locked")))
    assert not services.disk_full(OperationalError("no such table: x"))
