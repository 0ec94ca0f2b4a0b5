"""个人信息保护: how long each community keeps the personal data of its re-election, and each purge.

A community without a `RetentionPolicy` row keeps the installation's default: the legal minimum,
the one-year challenge period after the results announcement (huanjie.rules.retention).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from huanjie.roster.models import Community
from huanjie.rules.retention import CHALLENGE_PERIOD_MONTHS, MAX_RETENTION_MONTHS


class RetentionPolicy(models.Model):
    community = models.OneToOneField(Community, on_delete=models.CASCADE, related_name="retention_policy")
    months = models.PositiveSmallIntegerField(
        _("结果公告后保留（月）"),
        default=CHALLENGE_PERIOD_MONTHS,
        validators=[MinValueValidator(CHALLENGE_PERIOD_MONTHS), MaxValueValidator(MAX_RETENTION_MONTHS)],
        help_text=_(
            "不少于 12 个月：结果公告后一年内业主可以请求撤销业主大会的决定"
            "（《最高人民法院关于审理建筑物区分所有权纠纷案件适用法律若干问题的解释》第十二条）。"
        ),
    )
    erase_roster_phones = models.BooleanField(
        _("删除业主名册中的手机号"),
        default=True,
        help_text=_("删除后业主须重新登记手机号才能登录；换届结束后又导入过名册的，新名册的手机号不删除。"),
    )
    hold_reason = models.CharField(
        _("暂缓删除的原因"),
        max_length=200,
        blank=True,
        help_text=_("有诉讼、投诉或调查尚未结束时填写；填写后不能删除。"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("个人信息保留设置")
        verbose_name_plural = _("个人信息保留设置")
        constraints = [
            models.CheckConstraint(
                condition=Q(months__gte=CHALLENGE_PERIOD_MONTHS, months__lte=MAX_RETENTION_MONTHS),
                name="personaldata_policy_months_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.community} · {self.months}"


class PurgeRun(models.Model):
    """One purge of a community's personal data: when, the announcement it ran from, what it erased."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(_("删除时间"))
    actor_label = models.CharField(_("操作人"), max_length=150)
    announced_on = models.DateField(_("选举结果公告日期"))
    counts = models.JSONField(_("删除数量"), default=dict)

    class Meta:
        verbose_name = _("个人信息删除记录")
        verbose_name_plural = _("个人信息删除记录")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.community} @ {self.at:%Y-%m-%d}"
