"""Everything the chain must agree with besides itself: signed checkpoints and the heads printed elsewhere.

A chain whose every hash was recomputed after an edit verifies on its own; so does a chain whose
tail was deleted and whose head row was moved back. What gives them away is what was said about
the chain before, outside the records: checkpoints signed with a key that is not in the database
(kept in the database, in the journal file, and in copies anyone saved), and the heads printed on
published notices, results notices and backup manifests. Each disagreement is a Finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from huanjie.audit.checkpoints import Checkpoint, read_journal
from huanjie.audit.errors import AuditError
from huanjie.audit.models import GENESIS_HASH, AuditCheckpoint, AuditRecord
from huanjie.audit.signing import installation_key

# The results notices print the head in their text (voting.services.notices.results_body), in either language.
PRINTED_HEAD = re.compile(r"(?:留痕记录链头|audit trail chain head)[：:]\s*([0-9a-f]{64})", re.IGNORECASE)
WARNINGS = {"checkpoint.other_key", "journal.unreadable", "backup.unreadable"}
DATABASE = "database"
JOURNAL = "journal"
CHUNK = 500

TEXTS: dict[str, tuple[str, Promise]] = {
    "checkpoint.mismatch": (
        "checkpoint of %(at)s signed record #%(count)s as %(head)s; the chain has %(found)s there: "
        "records up to #%(count)s were rewritten (%(sources)s)",
        _("%(at)s 签名的检查点记下第 %(count)s 条记录的哈希为 %(head)s，现在的链上是 %(found)s："
          "第 %(count)s 条及之前的记录被改写过（检查点来自 %(sources)s）")),
    "checkpoint.beyond_end": (
        "checkpoint of %(at)s signed %(count)s records; the chain has only %(length)s: records after "
        "#%(length)s were deleted (%(sources)s)",
        _("%(at)s 签名的检查点记下 %(count)s 条记录，现在的链上只有 %(length)s 条：第 %(length)s 条之后的记录被删除了"
          "（检查点来自 %(sources)s）")),
    "checkpoint.bad_signature": (
        "checkpoint #%(count)s of %(at)s does not verify with key %(key_id)s: forged or altered (%(sources)s)",
        _("%(at)s 的第 %(count)s 条检查点的签名与密钥 %(key_id)s 不符：被伪造或改动过（检查点来自 %(sources)s）")),
    "checkpoint.removed": (
        "checkpoint #%(count)s of %(at)s (%(sources)s) is missing from the installation's list",
        _("%(at)s 的第 %(count)s 条检查点（见 %(sources)s）已不在本系统的检查点列表中：列表被删改过")),
    "checkpoint.other_key": (
        "%(n)s checkpoints are signed by key %(key_id)s, not by this installation's key %(current)s",
        _("有 %(n)s 个检查点由密钥 %(key_id)s 签名，不是本系统现在的密钥 %(current)s（换过密钥，或有人另造了检查点）")),
    "checkpoint.key_missing": (
        "%(n)s checkpoints exist but this installation's key is not available: %(reason)s",
        _("已有 %(n)s 个检查点，但本系统的签名密钥不可用：%(reason)s")),
    "journal.unreadable": (
        "lines %(lines)s of the checkpoint journal %(path)s cannot be read",
        _("检查点日志 %(path)s 的第 %(lines)s 行无法读取")),
    "head.notice": (
        "notice %(title)s (#%(pk)s) shows head %(head)s, which is not the record of its publication in the chain",
        _("公示公告“%(title)s”上印的发布时链头 %(head)s 不是链上它的发布记录")),
    "head.printed": (
        "notice %(title)s (#%(pk)s) prints head %(head)s, which is not in the chain",
        _("公示公告“%(title)s”正文里印的留痕链头 %(head)s 不在链上")),
    "head.backup": (
        "backup %(file)s names record #%(count)s with head %(head)s; the chain has %(found)s there",
        _("备份 %(file)s 记下第 %(count)s 条记录的链头为 %(head)s，现在的链上是 %(found)s")),
    "backup.unreadable": (
        "backup %(file)s cannot be read: %(reason)s",
        _("备份 %(file)s 无法读取：%(reason)s")),
    "head.given": (
        "head %(head)s is not in the chain",
        _("链头 %(head)s 不在链上")),
}


@dataclass(frozen=True)
class Finding:
    kind: str
    sequence: int  # the record it concerns (for ordering and the page), 0 when none
    detail: dict[str, str] = field(default_factory=dict)

    @property
    def failing(self) -> bool:
        return self.kind not in WARNINGS

    def english(self) -> str:
        return TEXTS[self.kind][0] % self.detail

    def text(self) -> str:
        detail = dict(self.detail)
        if "sources" in detail:
            names = {DATABASE: str(_("数据库")), JOURNAL: str(_("检查点日志文件"))}
            detail["sources"] = "、".join(names.get(s, s) for s in detail["sources"].split(", "))
        return str(TEXTS[self.kind][1]) % detail

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "sequence": self.sequence, "detail": self.detail}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Finding:
        return cls(str(data["kind"]), int(data["sequence"]), {str(k): str(v) for k, v in data["detail"].items()})


def chain_length() -> int:
    return int(AuditRecord.objects.aggregate(last=Max("sequence"))["last"] or 0)


def hashes_at(sequences: Iterable[int]) -> dict[int, str]:
    wanted = sorted(set(sequences))
    found: dict[int, str] = {}
    for start in range(0, len(wanted), CHUNK):
        found.update(AuditRecord.objects.filter(sequence__in=wanted[start:start + CHUNK])
                     .values_list("sequence", "hash"))
    return found


# ---- checkpoints ----------------------------------------------------------------------------------------


def check_checkpoints(saved: dict[str, list[Checkpoint]] | None = None) -> list[Finding]:
    """The database's checkpoints, the journal's and every saved list's, against the chain and each other."""
    sources: dict[Checkpoint, list[str]] = {}
    for row in AuditCheckpoint.objects.order_by("count", "at", "pk"):
        sources.setdefault(Checkpoint.of(row), []).append(DATABASE)
    in_database = set(sources)
    journal, unreadable = read_journal()
    named = {JOURNAL: journal, **(saved or {})}
    for source, checkpoints in named.items():
        for checkpoint in checkpoints:
            places = sources.setdefault(checkpoint, [])
            if source not in places:
                places.append(source)
    findings = _journal_findings(unreadable) + _key_findings(sources)
    length = chain_length()
    hashes = hashes_at(c.count for c in sources if 0 < c.count <= length)
    for checkpoint, places in sources.items():
        findings += _against_chain(checkpoint, ", ".join(places), length, hashes)
        if checkpoint not in in_database and checkpoint.signature_valid():
            findings.append(_finding("checkpoint.removed", checkpoint, ", ".join(places)))
    return findings


def _finding(kind: str, checkpoint: Checkpoint, sources: str, **more: object) -> Finding:
    detail = {"count": str(checkpoint.count), "head": checkpoint.head, "at": checkpoint.at,
              "key_id": checkpoint.key_id, "sources": sources, **{k: str(v) for k, v in more.items()}}
    return Finding(kind, checkpoint.count, detail)


def _against_chain(checkpoint: Checkpoint, sources: str, length: int, hashes: dict[int, str]) -> list[Finding]:
    if not checkpoint.signature_valid():
        return [_finding("checkpoint.bad_signature", checkpoint, sources)]
    if checkpoint.count > length:
        return [_finding("checkpoint.beyond_end", checkpoint, sources, length=length)]
    found = GENESIS_HASH if checkpoint.count == 0 else hashes.get(checkpoint.count, "—")
    if found != checkpoint.head:
        return [_finding("checkpoint.mismatch", checkpoint, sources, found=found)]
    return []


def _key_findings(sources: dict[Checkpoint, list[str]]) -> list[Finding]:
    if not sources:
        return []
    try:
        key = installation_key(create=False)
    except AuditError as error:
        return [Finding("checkpoint.key_missing", 0, {"n": str(len(sources)), "reason": str(error)})]
    if key is None:
        return [Finding("checkpoint.key_missing", 0, {"n": str(len(sources)), "reason": "no key file"})]
    others: dict[str, int] = {}
    for checkpoint in sources:
        if checkpoint.key_id != key.key_id:
            others[checkpoint.key_id] = others.get(checkpoint.key_id, 0) + 1
    return [Finding("checkpoint.other_key", 0, {"n": str(n), "key_id": key_id, "current": key.key_id})
            for key_id, n in sorted(others.items())]


def _journal_findings(unreadable: list[int]) -> list[Finding]:
    if not unreadable:
        return []
    from huanjie.audit.checkpoints import journal_path

    lines = ", ".join(str(n) for n in unreadable[:20]) + ("…" if len(unreadable) > 20 else "")
    return [Finding("journal.unreadable", 0, {"lines": lines, "path": str(journal_path())})]


# ---- heads printed elsewhere ----------------------------------------------------------------------------


def check_printed_heads(*, backups: Iterable[Path] = (), given: Iterable[str] = ()) -> list[Finding]:
    """Published notices, results notices, backup manifests (the data directory's and those named), and heads
    copied from paper: each must name a record the chain still holds."""
    return _notice_heads() + _body_heads() + _backup_heads([*default_backups(), *backups]) + _given_heads(given)


def _records_by_hash(heads: Iterable[str]) -> dict[str, tuple[int, str, str, str]]:
    wanted = sorted(set(heads))
    found: dict[str, tuple[int, str, str, str]] = {}
    for start in range(0, len(wanted), CHUNK):
        for digest, *rest in AuditRecord.objects.filter(hash__in=wanted[start:start + CHUNK]).values_list(
                "hash", "sequence", "code", "target_type", "target_id"):
            found[digest] = (int(rest[0]), str(rest[1]), str(rest[2]), str(rest[3]))
    return found


def _notice_heads() -> list[Finding]:
    from huanjie.notices.models import Notice

    notices = list(Notice.objects.exclude(audit_head="").values_list("pk", "title", "audit_head"))
    records = _records_by_hash(head for _pk, _title, head in notices)
    findings = []
    for pk, title, head in notices:
        record = records.get(head)
        if record is None or record[1:] != ("notice.published", "notices.notice", str(pk)):
            findings.append(Finding("head.notice", record[0] if record else 0,
                                    {"title": title, "pk": str(pk), "head": head}))
    return findings


def _body_heads() -> list[Finding]:
    from huanjie.notices.models import Notice

    printed = [(pk, title, head) for pk, title, body in
               Notice.objects.exclude(published_on=None).values_list("pk", "title", "body")
               for head in PRINTED_HEAD.findall(body)]
    records = _records_by_hash(head.lower() for _pk, _title, head in printed)
    return [Finding("head.printed", 0, {"title": title, "pk": str(pk), "head": head})
            for pk, title, head in printed if head.lower() != GENESIS_HASH and head.lower() not in records]


def default_backups() -> list[Path]:
    folder = Path(settings.DATA_DIR) / "backups"
    return sorted(folder.glob("*.tar")) if folder.is_dir() else []


def _backup_heads(paths: list[Path]) -> list[Finding]:
    from huanjie.ops.backup import read_manifest
    from huanjie.ops.errors import BackupError

    manifests = []
    findings = []
    for path in paths:
        try:
            manifests.append((path, read_manifest(path)))
        except BackupError as error:
            findings.append(Finding("backup.unreadable", 0, {"file": str(path), "reason": str(error)}))
    hashes = hashes_at(m.audit_sequence for _path, m in manifests if m.audit_sequence > 0)
    for path, manifest in manifests:
        found = GENESIS_HASH if manifest.audit_sequence == 0 else hashes.get(manifest.audit_sequence, "—")
        if found != manifest.audit_head:
            findings.append(Finding("head.backup", manifest.audit_sequence, {
                "file": str(path), "count": str(manifest.audit_sequence), "head": manifest.audit_head,
                "found": found}))
    return findings


def _given_heads(given: Iterable[str]) -> list[Finding]:
    heads = [head.strip().lower() for head in given]
    records = _records_by_hash(heads)
    return [Finding("head.given", 0, {"head": head}) for head in heads if head != GENESIS_HASH and head not in records]
