"""备案材料: the filing pack for the street office (SH art. 23, within 30 days of the election).

One ZIP with the results announcement, the member list with the written pledges, the counting
record (the stored Result JSON and the tally.md files), the ballot-box custody log, the
training records and the frozen roster's hash, the audit chain's signed checkpoints (the head
is signed as the pack is made; docs/audit.md), the rules of procedure and the management covenant
in force (their texts as adopted, with the version, date and adopting decision of each; SH art. 23
lists them with the meeting record and decisions), and a MANIFEST naming the SHA-256 of every file.
Entries carry a fixed date, so the same record gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import PurePath

from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie.audit import checkpoints
from huanjie.audit.models import AuditCheckpoint
from huanjie.candidates.models import EligibilityCheck
from huanjie.candidates.selectors import final_candidates
from huanjie.charter.models import DocumentKind
from huanjie.charter.selectors import current_versions
from huanjie.csvfiles import spreadsheet_csv
from huanjie.notices.models import Notice
from huanjie.notices.pdf import Layout, render_notice_pdf
from huanjie.rules import ElectionResult, Result
from huanjie.rules.eligibility import Condition
from huanjie.training.selectors import training_records
from huanjie.voting.errors import FinalNoticeMissing
from huanjie.voting.models import Assembly, BallotBox, Contest, CountResult
from huanjie.voting.tallyfiles import count_inputs, tally_zip

FIXED_DATE = (2020, 1, 1, 0, 0, 0)
PublicUrl = Callable[[Notice], str]


def filing_pack(assembly: Assembly, *, public_url: PublicUrl) -> bytes:
    """The ZIP; refused until the results announcement is published."""
    final = assembly.final_notice
    if final is None or not final.is_published:
        raise FinalNoticeMissing()
    stored = CountResult.objects.get(assembly=assembly)
    result = Result.from_dict(stored.data)
    files: dict[str, bytes] = {"01-选举结果公告.pdf": render_notice_pdf(final, layout=Layout.BULLETIN,
                                                                    public_url=public_url(final))}
    preliminary = assembly.preliminary_notice
    if preliminary is not None and preliminary.is_published:
        files["01-选举结果公示.pdf"] = render_notice_pdf(preliminary, layout=Layout.BULLETIN,
                                                        public_url=public_url(preliminary))
    files.update(_members(assembly, result))
    files["03-计票记录/result.json"] = result.to_json().encode("utf-8")
    with zipfile.ZipFile(io.BytesIO(tally_zip(assembly, count_inputs(assembly)))) as tally:
        for name in tally.namelist():
            files[f"03-计票记录/tally/{name}"] = tally.read(name)
    files["04-票箱保管记录.csv"] = _custody(assembly)
    files["05-初任培训记录.csv"] = _training(assembly)
    files["06-冻结名册SHA-256.txt"] = _roster_hash(assembly)
    signed = checkpoints.checkpoint_now(trigger=AuditCheckpoint.Trigger.FILING)
    files["07-留痕链签名检查点.json"] = checkpoints.public_json()
    files.update(_charter(assembly))
    files["MANIFEST.txt"] = _manifest(assembly, stored, files, signed)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=FIXED_DATE), data)
    return out.getvalue()


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    # Names, seal numbers and notes were typed by people: no cell may run as a formula in Excel.
    return spreadsheet_csv([header, *rows])


def _members(assembly: Assembly, result: Result) -> dict[str, bytes]:
    """The elected, each with the written pledge (书面承诺) the candidates' eligibility check kept."""
    titles = {c.spec_id: c.title for c in Contest.objects.filter(assembly=assembly)}
    pledges: dict[str, EligibilityCheck] = {}
    if assembly.reelection is not None:
        candidates = {c.pk: c.name for c in final_candidates(assembly.reelection)}
        for check in EligibilityCheck.objects.filter(candidate_id__in=candidates, condition=Condition.PLEDGE,
                                                     met=True):
            pledges[candidates[check.candidate_id]] = check
    files: dict[str, bytes] = {}
    rows = []
    for contest in result.contests:
        if not isinstance(contest, ElectionResult):
            continue
        support = {c.name: c.support for c in contest.candidates}
        for n, name in enumerate(contest.elected, start=1):
            check = pledges.get(name)
            stored = ""
            if check is not None and check.evidence_file:
                stored = f"02-书面承诺/{n:02d}-{name}{PurePath(check.evidence_file.name).suffix.lower()}"
                with check.evidence_file.open("rb") as handle:
                    files[stored] = handle.read()
            rows.append([str(n), name, titles.get(contest.id, contest.id), str(support[name].headcount),
                         f"{support[name].area:.2f}", _("已签署") if check else _("未见记录"),
                         check.evidence if check else "", stored])
    files["02-业委会委员名单.csv"] = _csv(
        [_("序号"), _("姓名"), _("当选事项"), _("同意人数"), _("同意面积（㎡）"), _("书面承诺"), _("承诺说明"),
         _("承诺书文件")], rows)
    return dict(sorted(files.items(), key=lambda item: item[0] != "02-业委会委员名单.csv"))


def _when(moment: datetime | None) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""


def _who(user: object) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())  # type: ignore[attr-defined]


def _custody(assembly: Assembly) -> bytes:
    boxes = BallotBox.objects.filter(assembly=assembly).select_related("sealed_by", "opened_by").order_by("label")
    rows = [[b.label, b.seal_number, _when(b.sealed_at), _who(b.sealed_by), b.sealed_before, _when(b.opened_at),
             _who(b.opened_by), b.opened_before,
             "" if b.seal_intact is None else (_("完好") if b.seal_intact else _("有异常")),
             str(b.readings.count())] for b in boxes]
    return _csv([_("票箱"), _("封条编号"), _("封箱时间"), _("封箱人"), _("封箱见证监票人"), _("开箱时间"), _("开箱人"),
                 _("开箱见证监票人"), _("封条"), _("箱内纸质票（张）")], rows)


def _training(assembly: Assembly) -> bytes:
    records = training_records(assembly.reelection) if assembly.reelection else []
    rows = [[record.name, record.position, course.course, course.topic, _("必修") if course.required else _("选修"),
             course.attended_on.isoformat() if course.attended_on else _("未参加")]
            for record in records for course in record.courses]
    return _csv([_("姓名"), _("职务"), _("课程"), _("主题"), _("类别"), _("参加日期")], rows)


def _charter(assembly: Assembly) -> dict[str, bytes]:
    """The rules of procedure and the covenant in force as the pack is made: each text as adopted, and a
    list naming each kind's version, adoption and SHA-256 — or that none is on record."""
    folder = "08-议事规则与管理规约"
    current = {document.kind: document for document in current_versions(assembly.community_id,
                                                                         on=timezone.localdate())}
    files: dict[str, bytes] = {}
    rows = []
    for kind in DocumentKind:
        document = current.get(kind)
        if document is None:
            rows.append([kind.label, _("未登记"), "", "", "", ""])
            continue
        name = f"{folder}/{kind.label}（{document.version}）{PurePath(document.file.name).suffix.lower()}"
        with document.file.open("rb") as handle:
            files[name] = handle.read()
        rows.append([kind.label, document.version, document.adopted_on.isoformat(), document.adopted_by,
                     document.sha256, name])
    files[f"{folder}/版本说明.csv"] = _csv(
        [_("文件"), _("版本"), _("通过日期"), _("通过该版本的业主大会或决定"), _("文本 SHA-256"), _("文本文件")], rows)
    return dict(sorted(files.items(), key=lambda item: not item[0].endswith(".csv")))


def _roster_hash(assembly: Assembly) -> bytes:
    text = _("冻结名册 SHA-256：%(sha)s\n名册冻结时间：%(when)s\n"
             "应参与表决：%(heads)s 人，专有部分面积 %(area)s ㎡\n") % {
        "sha": assembly.roster_sha256, "when": _when(assembly.frozen_at), "heads": assembly.eligible_headcount,
        "area": assembly.eligible_area}
    return text.encode("utf-8")


def _manifest(assembly: Assembly, stored: CountResult, files: dict[str, bytes],
              signed: AuditCheckpoint | None) -> bytes:
    lines = [
        f"{assembly.community.name} · {assembly.title} · " + _("备案材料"),
        _("冻结名册 SHA-256：%(sha)s") % {"sha": assembly.roster_sha256},
        _("选票文件 SHA-256：%(sha)s") % {"sha": stored.ballots_sha256},
    ]
    if signed is not None:
        lines += [
            _("留痕记录链头：%(head)s") % {"head": signed.head},
            _("链头签名：第 %(n)s 条记录，%(at)s，Ed25519 公钥 %(key)s（编号 %(id)s），签名 %(sig)s") % {
                "n": signed.count, "at": checkpoints.utc_text(signed.at), "key": signed.public_key,
                "id": signed.key_id, "sig": signed.signature},
            _("全部签名检查点见 07-留痕链签名检查点.json；"
              "任何人可用 huanjie audit verify --checkpoints 该文件 核对留痕链。"),
        ]
    lines += [
        "",
        _("以下每个文件的 SHA-256（sha256sum 格式，可用 sha256sum -c 核对）："),
    ]
    lines += [f"{hashlib.sha256(data).hexdigest()}  {name}" for name, data in files.items()]
    return ("\n".join(lines) + "\n").encode("utf-8")
