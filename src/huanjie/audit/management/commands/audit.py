from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from huanjie.audit import checkpoints
from huanjie.audit.errors import AuditError
from huanjie.audit.integrity import Finding
from huanjie.audit.models import AuditCheckpoint, AuditRecord
from huanjie.audit.services import canonical_bytes, chain_head, fields_of
from huanjie.audit.signing import installation_key, key_path, new_key_file
from huanjie.audit.verification import stored_findings, verify_and_store

HELP = """The audit chain (docs/audit.md).

  huanjie audit verify [--checkpoints FILE_OR_URL]... [--backup FILE]... [--head HASH]...
      verify every record, the signed checkpoints (the database's, the journal's and each saved list),
      and the heads printed on published notices, results notices and backup manifests; exit 1 when
      anything does not match
  huanjie audit checkpoint     verify in full, then sign the head (run daily from cron or a systemd timer)
  huanjie audit checkpoints    print the public checkpoint list (the same JSON as /audit/checkpoints.json)
  huanjie audit key [--create PATH]   print the signing key's id and public key, or create a key file
  huanjie audit records [--out FILE]  every record as the exact bytes its hash covers, one line each: an
      independent verifier needs only SHA-256, a JSON reader and Ed25519 (docs/audit.md; personal data:
      keep the file as safe as the database)
  huanjie audit head           print the chain head
"""


class Command(BaseCommand):
    help = HELP
    requires_system_checks: list[str] = []  # `audit key --create` must run while the configured key is missing

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        from argparse import RawDescriptionHelpFormatter

        return super().create_parser(prog_name, subcommand, formatter_class=RawDescriptionHelpFormatter, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify", "head", "checkpoint", "checkpoints", "key",
                                                        "records"])
        parser.add_argument("--checkpoints", action="append", default=[], metavar="FILE_OR_URL",
                            help="a checkpoint list saved earlier (file, or http(s) URL); may be repeated")
        parser.add_argument("--backup", action="append", default=[], type=Path, metavar="FILE",
                            help="a backup archive kept elsewhere (those in $HUANJIE_DATA_DIR/backups are read anyway)")
        parser.add_argument("--head", action="append", default=[], metavar="HASH",
                            help="a chain head copied from paper (a notice, a results notice, a filing pack)")
        parser.add_argument("--create", type=Path, metavar="PATH", help="with `key`: write a new key file (mode 600)")
        parser.add_argument("--out", type=Path, metavar="FILE", help="with `records`: write there (mode 600)")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "head":
                self.stdout.write(chain_head())
            elif action == "checkpoints":
                self.stdout.write(checkpoints.public_json().decode("utf-8"), ending="")
            elif action == "key":
                self._key(options["create"])
            elif action == "records":
                self._records(options["out"])
            elif action == "checkpoint":
                self._checkpoint()
            else:
                self._verify(options)
        except AuditError as error:
            raise CommandError(f"{error}") from None

    def _key(self, create: Path | None) -> None:
        if create is not None:
            if create.exists():
                raise CommandError(f"{create} exists: a key is never overwritten / 密钥文件已存在，不会覆盖")
            key = new_key_file(create.resolve())
            self.stdout.write(f"新密钥已写入 {create}（权限 600）；请设置 HUANJIE_AUDIT_KEY={create.resolve()}")
        else:
            key = installation_key()
            assert key is not None
            self.stdout.write(f"签名密钥 {key_path()[0]}")
        self.stdout.write(f"key id {key.key_id}")
        self.stdout.write(f"public key (Ed25519) {key.public_key.hex()}")

    def _records(self, out: Path | None) -> None:
        lines = (canonical_bytes(fields_of(entry)) + b"\n" for entry in AuditRecord.objects.order_by("sequence")
                 .iterator(chunk_size=2000))
        if out is None:
            for line in lines:
                self.stdout.write(line.decode("utf-8"), ending="")
            return
        handle = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(handle, "wb") as file:
            file.writelines(lines)

    def _checkpoint(self) -> None:
        result = verify_and_store("huanjie audit checkpoint")
        made = checkpoints.checkpoint_now(trigger=AuditCheckpoint.Trigger.COMMAND)
        if made is not None:
            self.stdout.write(f"检查点已签名 / checkpoint signed: {made.count} records, head {made.head}, "
                              f"at {checkpoints.utc_text(made.at)}, key {made.key_id}")
        self._report(result.broken_sequence, result.reason, stored_findings(result), result.sequence)

    def _verify(self, options: dict[str, Any]) -> None:
        saved = {source: checkpoints.load_saved(source) for source in options["checkpoints"]}
        for source, found in saved.items():
            self.stdout.write(f"读取检查点 {len(found)} 个 / read {len(found)} checkpoints: {source}")
        result = verify_and_store(saved=saved, backups=options["backup"], given=options["head"])
        self._report(result.broken_sequence, result.reason, stored_findings(result), result.sequence)

    def _report(self, broken: int | None, reason: str, findings: tuple[Finding, ...], upto: int) -> None:
        for finding in findings:
            label = "不符" if finding.failing else "注意"
            self.stderr.write(f"{label}：{finding.text()}")
            self.stderr.write(f"{'mismatch' if finding.failing else 'warning'}: {finding.english()}")
        failing = [finding for finding in findings if finding.failing]
        if broken is not None:
            self.stderr.write(f"留痕链在第 {broken} 条记录处断开：{reason}")
            self.stderr.write(f"audit chain broken at record #{broken}: {reason}")
        if broken is not None or failing:
            raise SystemExit(1)
        total = AuditRecord.objects.filter(sequence__lte=upto).count()
        signed = AuditCheckpoint.objects.count()
        self.stdout.write(f"留痕链完整：共 {total} 条记录，链头 {chain_head()}；"
                          f"与 {signed} 个签名检查点及各处印出的链头一致")
        self.stdout.write(f"audit chain intact: {total} records, head {chain_head()}; "
                          f"agrees with {signed} signed checkpoints and every printed head")
