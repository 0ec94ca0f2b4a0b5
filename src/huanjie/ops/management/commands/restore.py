from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from huanjie.ops.backup import read_manifest, restore_backup
from huanjie.ops.errors import BackupError


class Command(BaseCommand):
    help = ("Restore an archive made by `huanjie backup`: checks every part's SHA-256, replaces the database and "
            "the uploaded files, then verifies the audit chain ends in the archived head: `huanjie restore FILE`.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("--noinput", action="store_true", help="do not ask before replacing the data")

    def handle(self, *args: Any, **options: Any) -> None:
        archive: Path = options["archive"]
        try:
            manifest = read_manifest(archive)
            if not options["noinput"] and input(
                    f"用 {manifest.created_at} 的备份替换当前全部数据？输入 yes 继续：").strip() != "yes":
                raise CommandError("未恢复。 / nothing restored.")
            restored = restore_backup(archive_path=archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"恢复完成，留痕链完整，链头与备份一致：#{restored.audit_sequence} {restored.audit_head}")
        self.stdout.write(f"restored {archive}; audit chain intact, head #{restored.audit_sequence} "
                          f"{restored.audit_head} as archived")
        self.stdout.write("如程序比备份新，请接着运行 huanjie migrate。 / Run `huanjie migrate` if this code is newer.")
