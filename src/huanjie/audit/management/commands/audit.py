from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from huanjie.audit.models import AuditRecord
from huanjie.audit.services import ChainBreak, chain_head
from huanjie.audit.verification import verify_and_store


class Command(BaseCommand):
    help = "Verify the SHA-256 audit chain (`huanjie audit verify`) or print its head (`huanjie audit head`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "head"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "head":
            self.stdout.write(chain_head())
            return
        result = verify_and_store()  # kept for the audit page, which cannot verify a long chain while it loads
        broken = ChainBreak(result.broken_sequence, result.reason) if result.broken_sequence else None
        total = AuditRecord.objects.count()
        if broken is None:
            self.stdout.write(f"留痕链完整：共 {total} 条记录，链头 {chain_head()}")
            self.stdout.write(f"audit chain intact: {total} records, head {chain_head()}")
            return
        self.stderr.write(f"留痕链在第 {broken.sequence} 条记录处断开：{broken.reason}")
        self.stderr.write(f"audit chain broken at record #{broken.sequence}: {broken.reason}")
        raise SystemExit(1)
