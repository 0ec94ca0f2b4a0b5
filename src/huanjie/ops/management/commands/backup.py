from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from huanjie.ops.backup import default_archive, make_backup
from huanjie.ops.errors import BackupError


class Command(BaseCommand):
    help = ("Back up the database (SQLite online backup or pg_dump), the uploaded files and the audit-chain "
            "head into one archive: `huanjie backup [--out FILE]`.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, help="archive to write (default: $HUANJIE_DATA_DIR/backups/…)")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.localtime()
        out: Path = options["out"] or default_archive(now)
        try:
            manifest = make_backup(out=out.resolve(), now=now)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"备份完成：{out}")
        self.stdout.write(f"backup written: {out} ({manifest.engine}, {manifest.audit_records} audit records, "
                          f"chain head #{manifest.audit_sequence} {manifest.audit_head})")
