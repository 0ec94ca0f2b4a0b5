"""One re-election (换届) of a community's owners' committee, and how far each stage has come."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from huanjie.roster.models import Community
from huanjie.rules.timeline import Stage

STAGE_LABELS: dict[str, str] = {
    Stage.REPORT: _("启动报告"),
    Stage.WORKING_GROUP: _("成立换届改选小组"),
    Stage.RECORDS_HANDOVER: _("原业委会移交档案、印章"),
    Stage.FINANCIAL_AUDIT: _("换届财务审计"),
    Stage.VISITS: _("走访摸底"),
    Stage.CALL_FOR_CANDIDATES: _("候选人征集"),
    Stage.ELIGIBILITY: _("资格审查"),
    Stage.INTERVIEWS: _("面试评审"),
    Stage.CANDIDATE_NOTICE: _("候选人、业主名册及表决规则公示"),
    Stage.CANDIDATES_MEETING: _("候选人见面会"),
    Stage.ASSEMBLY_NOTICE: _("召开业主大会公告"),
    Stage.BALLOTS_DELIVERED: _("表决票发放"),
    Stage.VOTING: _("投票"),
    Stage.COUNTING: _("开箱计票"),
    Stage.RESULTS_NOTICE: _("结果公示"),
    Stage.FILING: _("备案"),
    Stage.HANDOVER: _("交接"),
    Stage.TRAINING: _("初任培训"),
}

StageChoices = [(stage.value, STAGE_LABELS[stage]) for stage in Stage]


class Reelection(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="reelections",
                                  verbose_name=_("小区"))
    term_number = models.PositiveSmallIntegerField(_("选举第几届"), default=2)
    term_end = models.DateField(_("本届任期届满日"))
    assembly_date = models.DateField(_("业主大会会议日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("换届改选")
        verbose_name_plural = _("换届改选")
        ordering = ["-term_end"]
        constraints = [
            models.UniqueConstraint(fields=["community", "term_number"], name="reelection_unique_term"),
            models.CheckConstraint(condition=Q(assembly_date__isnull=True) | Q(assembly_date__lt=models.F("term_end")),
                                   name="reelection_assembly_before_term_end"),
        ]

    def __str__(self) -> str:
        return f"{self.community} 第{self.term_number}届业委会换届"


def evidence_path(progress: StageProgress, filename: str) -> str:
    return f"progress/{progress.community_id}/{progress.reelection_id}/{filename}"


class StageProgress(models.Model):
    """A stage marked done: when, by whom, and a note on the evidence."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    reelection = models.ForeignKey(Reelection, on_delete=models.CASCADE, related_name="progress")
    stage = models.CharField(_("阶段"), max_length=32, choices=StageChoices)
    done_on = models.DateField(_("完成日期"))
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("说明"), max_length=300, blank=True)
    evidence = models.FileField(_("佐证材料"), upload_to=evidence_path, blank=True)
    evidence_type = models.CharField(max_length=80, blank=True)

    class Meta:
        verbose_name = _("阶段进度")
        verbose_name_plural = _("阶段进度")
        constraints = [models.UniqueConstraint(fields=["reelection", "stage"], name="reelection_stage_once")]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} {self.done_on}"
