"""One archive holds a whole installation: the database, the uploaded files and a manifest.

The archive is a plain tar of three members:

    manifest.json      format, time, engine, SHA-256 of each part, audit-chain head, migrations
    database.sqlite3   SQLite's online backup (a consistent copy while the site keeps running), or
    database.pgdump    `pg_dump --format=custom`, taken in the same snapshot as the manifest's head
    media.tar          the uploads directory (photos, evidence, training material)

Restoring checks every part's SHA-256 and the migrations before it touches anything, replaces the
database and the uploads, and then verifies the audit chain: it must be intact and end in exactly
the head the manifest names. The chain then records the restore itself.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from huanjie import audit
from huanjie.audit.models import GENESIS_HASH
from huanjie.audit.services import chain_head, verify_chain
from huanjie.ops.errors import (
    ChainMismatch,
    DamagedPart,
    NotABackup,
    TargetFull,
    ToolFailed,
    UnknownMigrations,
    WrongEngine,
)

logger = logging.getLogger("huanjie.ops")
FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media.tar"
PARTS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
HEAD_SQL = "SELECT sequence, hash FROM audit_chainhead WHERE id = 1"
RECORDS_SQL = "SELECT COUNT(*) FROM audit_auditrecord"
MIGRATIONS_SQL = "SELECT app, name FROM django_migrations ORDER BY app, name"


@dataclass(frozen=True)
class Manifest:
    engine: str
    created_at: str
    parts: dict[str, str]  # member name -> SHA-256
    audit_sequence: int
    audit_head: str
    audit_records: int
    migrations: dict[str, list[str]]

    def as_json(self) -> bytes:
        return json.dumps({
            "format": FORMAT, "engine": self.engine, "created_at": self.created_at, "parts": self.parts,
            "audit": {"sequence": self.audit_sequence, "head": self.audit_head, "records": self.audit_records},
            "migrations": self.migrations,
        }, ensure_ascii=False, indent=2, sort_keys=True).encode()

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        data = json.loads(raw)
        if data.get("format") != FORMAT:
            raise ValueError(f"unknown format {data.get('format')!r}")
        return cls(engine=data["engine"], created_at=data["created_at"], parts=data["parts"],
                   audit_sequence=data["audit"]["sequence"], audit_head=data["audit"]["head"],
                   audit_records=data["audit"]["records"], migrations=data["migrations"])


def engine() -> str:
    return "postgresql" if connection.vendor == "postgresql" else "sqlite"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def default_archive(now: datetime) -> Path:
    return Path(settings.DATA_DIR) / "backups" / f"huanjie-{now:%Y%m%d-%H%M%S}.tar"


# ---- backup ---------------------------------------------------------------------------------------


def make_backup(*, out: Path, now: datetime, actor: Any = None) -> Manifest:
    """Write the archive to `out` (through a temporary file, so a failed backup leaves nothing)."""
    # The chain records who took a copy of the owners' personal data, in the copy itself.
    audit.record("ops.backup.made", actor=actor, data={"file": out.name})
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _write_archive(out, now)
    except (OSError, sqlite3.Error) as error:
        _record_failure(out, error, actor)
        if not _no_space(error):
            raise
        logger.error("backup to %s failed: no space left on the target (%s); nothing was written", out, error)
        raise TargetFull(target=str(out.parent)) from error


def _record_failure(out: Path, error: OSError | sqlite3.Error, actor: Any) -> None:
    """The chain already says a backup was made: it says too that this one failed, when it still can
    (on a full disk the database may not take the record either: the log has it then)."""
    try:
        audit.record("ops.backup.failed", actor=actor, data={"file": out.name, "reason": str(error)[:300]})
    except Exception:
        logger.exception("backup to %s failed and its failure could not be recorded in the audit chain", out)


def _no_space(error: OSError | sqlite3.Error) -> bool:
    """A full disk, a quota or a file-size limit: ENOSPC/EDQUOT/EFBIG, or SQLITE_FULL from the online backup."""
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
    return getattr(error, "sqlite_errorcode", None) in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR_WRITE)


def _write_archive(out: Path, now: datetime) -> Manifest:
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".backup-") as work:
        folder = Path(work)
        database = folder / PARTS[engine()]
        state = _dump_sqlite(database) if engine() == "sqlite" else _dump_postgresql(database)
        media = folder / MEDIA
        _pack_media(media)
        manifest = Manifest(engine=engine(), created_at=now.isoformat(), parts={
            database.name: sha256_of(database), MEDIA: sha256_of(media)}, **state)
        partial = folder / "archive.tar"
        with tarfile.open(partial, "w") as archive:
            _add_bytes(archive, MANIFEST, manifest.as_json())
            archive.add(database, arcname=database.name)
            archive.add(media, arcname=MEDIA)
        partial.replace(out)
    return manifest


def _dump_sqlite(target: Path) -> dict[str, Any]:
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # the online backup API: consistent while others write
        return _state(copy.execute)
    finally:
        copy.close()


def _dump_postgresql(target: Path) -> dict[str, Any]:
    """pg_dump in a snapshot exported by a transaction that also reads the head and migrations."""
    with psycopg.connect(**_pg_params(), autocommit=False) as reader:
        reader.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = reader.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
        state = _state(reader.execute)
        _run(["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}", f"--file={target}"])
        reader.rollback()
    return state


def _state(execute: Any) -> dict[str, Any]:
    head = execute(HEAD_SQL).fetchone() or (0, GENESIS_HASH)
    migrations: dict[str, list[str]] = {}
    for app, name in execute(MIGRATIONS_SQL).fetchall():
        migrations.setdefault(app, []).append(name)
    return {"audit_sequence": int(head[0]), "audit_head": str(head[1]),
            "audit_records": int(execute(RECORDS_SQL).fetchone()[0]), "migrations": migrations}


def _pack_media(target: Path) -> None:
    root = Path(settings.MEDIA_ROOT)
    with tarfile.open(target, "w") as archive:
        if root.is_dir():
            for path in sorted(root.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(root)), recursive=False)


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    archive.addfile(info, io.BytesIO(data))


# ---- restore --------------------------------------------------------------------------------------


def read_manifest(archive_path: Path) -> Manifest:
    try:
        with tarfile.open(archive_path, "r") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            return Manifest.from_json(member.read())
    except (OSError, tarfile.TarError, KeyError, ValueError) as error:
        raise NotABackup(file=archive_path.name, reason=str(error)) from error


def restore_backup(*, archive_path: Path, actor: Any = None) -> Manifest:
    """Check the archive, replace the database and the uploads, and prove the chain came back whole."""
    manifest = read_manifest(archive_path)
    if manifest.engine != engine():
        raise WrongEngine(archived=manifest.engine, current=engine())
    _ensure_known_migrations(manifest)
    with _unpacked(archive_path, manifest) as folder:
        if engine() == "sqlite":
            _load_sqlite(folder / PARTS["sqlite"])
        else:
            _load_postgresql(folder / PARTS["postgresql"])
        _unpack_media(folder / MEDIA)
    broken = verify_chain()
    if broken is not None:
        raise ChainMismatch(reason=f"#{broken.sequence}: {broken.reason}")
    if chain_head() != manifest.audit_head:
        raise ChainMismatch(reason=f"head {chain_head()} != {manifest.audit_head}")
    audit.record("ops.backup.restored", actor=actor, data={
        "file": archive_path.name, "created_at": manifest.created_at, "head": manifest.audit_head})
    return manifest


def _ensure_known_migrations(manifest: Manifest) -> None:
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(f"{app}.{name}" for app, names in manifest.migrations.items() for name in names
                     if (app, name) not in known)
    if unknown:
        raise UnknownMigrations(names=", ".join(unknown[:5]))


@contextmanager
def _unpacked(archive_path: Path, manifest: Manifest) -> Iterator[Path]:
    """The archive's parts in a temporary folder, each checked against the manifest's SHA-256."""
    with tempfile.TemporaryDirectory(prefix="huanjie-restore-") as work, tarfile.open(archive_path) as archive:
        folder = Path(work)
        for name, expected in manifest.parts.items():
            if name not in PARTS.values() and name != MEDIA:
                raise NotABackup(file=archive_path.name, reason=f"unexpected part {name}")
            archive.extract(name, folder, filter="data")
            actual = sha256_of(folder / name)
            if actual != expected:
                raise DamagedPart(part=name, expected=expected, actual=actual)
        yield folder


def _load_sqlite(source: Path) -> None:
    connection.ensure_connection()
    copy = sqlite3.connect(source)
    try:
        copy.backup(connection.connection)  # page by page into the live database, under its lock
    finally:
        copy.close()


def _load_postgresql(source: Path) -> None:
    connection.close()  # pg_restore drops the tables this process would otherwise hold open
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
          f"--dbname={_pg_params()['dbname']}", str(source)])


def _unpack_media(source: Path) -> None:
    """Swap the uploads folder for the archived one; the old one is removed only after the swap."""
    root = Path(settings.MEDIA_ROOT)
    root.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(dir=root.parent, prefix=".media-restoring-"))
    with tarfile.open(source) as archive:
        archive.extractall(fresh, filter="data")
    old = root.with_name(f".media-replaced-{os.getpid()}")
    if root.exists():
        root.rename(old)
    fresh.rename(root)
    shutil.rmtree(old, ignore_errors=True)


# ---- PostgreSQL tools -----------------------------------------------------------------------------


def _pg_params() -> dict[str, str]:
    """Connection of Django's database (the test database too), for psycopg and the pg_* tools."""
    given = connection.settings_dict
    params = {"dbname": given["NAME"], "host": given.get("HOST") or "", "port": str(given.get("PORT") or ""),
              "user": given.get("USER") or "", "password": given.get("PASSWORD") or ""}
    return {key: value for key, value in params.items() if value}


def _run(command: list[str]) -> None:
    params = _pg_params()
    env = {**os.environ, "PGDATABASE": params["dbname"], "PGHOST": params.get("host", ""),
           "PGPORT": params.get("port", ""), "PGUSER": params.get("user", ""),
           "PGPASSWORD": params.get("password", "")}
    env = {key: value for key, value in env.items() if value}
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise ToolFailed(tool=command[0], stderr=done.stderr.strip()[-500:])
