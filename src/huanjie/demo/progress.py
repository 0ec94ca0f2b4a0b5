"""The demo's progress ledger: each step marked done through the service, on the day it happened, with the
paper the step leaves behind (a scan of the report, the group's founding document, a photo of the posting)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import SimpleUploadedFile

from huanjie.demo import files
from huanjie.reelection.models import Reelection, StageProgress
from huanjie.reelection.services import mark_stage_done
from huanjie.rules.timeline import Stage, requires_evidence

NOTES = {
    Stage.REPORT: "业委会书面报告街道，街道已签收",
    Stage.WORKING_GROUP: "街道发文成立换届改选小组（7人）",
    Stage.RECORDS_HANDOVER: "档案、印章已移交房管办，有交接清单",
    Stage.FINANCIAL_AUDIT: "会计师事务所出具换届审计报告，已在公告栏公布",
    Stage.VISITS: "走访摸底完成，未见面的住户已留联系卡",
    Stage.CALL_FOR_CANDIDATES: "候选人征集期届满",
    Stage.ELIGIBILITY: "逐项核实，一人因欠交物业费不符合条件",
    Stage.INTERVIEWS: "评审团五人面试评分",
    Stage.CANDIDATE_NOTICE: "候选人名单与业主名册、表决规则同日张贴公示",
    Stage.CANDIDATES_MEETING: "见面会已召开，纪要已归档",
    Stage.ASSEMBLY_NOTICE: "公告已在各楼栋张贴并在网上公示",
    Stage.BALLOTS_DELIVERED: "表决票逐户发放，签收单已归档",
}


def mark_done(reelection: Reelection, stage: Stage, day: date, staff: AbstractBaseUser) -> StageProgress:
    """Mark `stage` done on `day`, as recorded that day."""
    return mark_stage_done(reelection=reelection, stage=stage, done_on=day, note=NOTES[stage],
                           evidence=_evidence(stage) if requires_evidence(stage) else None, actor=staff, today=day)


def _evidence(stage: Stage) -> SimpleUploadedFile:
    if stage in (Stage.REPORT, Stage.WORKING_GROUP, Stage.FINANCIAL_AUDIT):
        return SimpleUploadedFile(f"{stage.value}.pdf", files.pdf(stage.value), content_type="application/pdf")
    return SimpleUploadedFile(f"{stage.value}.jpg", files.image("JPEG"), content_type="image/jpeg")
