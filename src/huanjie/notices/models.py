"""公示 / 公告: every notice, where it was posted, its period and the objections raised in it.

The engine is general: candidates, voting and results all publish through it. A notice is
written as a draft, then published, which fixes its text (SHA-256 kept) and its period: the
period starts the day after publication (Civil Code art. 201) and ends `period_days` later, or
on the next working day when that day is a statutory rest day (art. 203 ¶1).
"""

from __future__ import annotations

import secrets
from itertools import zip_longest

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from huanjie.reelection.models import Reelection
from huanjie.roster.models import Community, Unit


class NoticeKind(models.TextChoices):
    CALL_FOR_CANDIDATES = "call_for_candidates", _("候选人征集公告")
    ROSTER_AND_RULES = "roster_and_rules", _("业主名册及表决规则公示")
    CANDIDATE_LIST = "candidate_list", _("候选人名单公示")
    CANDIDATES_MEETING = "candidates_meeting", _("候选人见面会公告")
    ELECTION = "election", _("召开业主大会（选举）公告")
    PRELIMINARY_RESULTS = "preliminary_results", _("选举结果公示")
    FINAL_RESULTS = "final_results", _("选举结果公告")
    FREE = "free", _("其他公告")


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


def new_public_token() -> str:
    """64 random bits, URL-safe: the notice's public address cannot be guessed from another's."""
    return secrets.token_urlsafe(8)


class Notice(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="notices")
    reelection = models.ForeignKey(Reelection, on_delete=models.CASCADE, null=True, blank=True,
                                   related_name="notices")
    kind = models.CharField(_("类型"), max_length=32, choices=NoticeKind.choices, default=NoticeKind.FREE)
    title = models.CharField(_("标题"), max_length=120, blank=True)
    body = models.TextField(_("正文"), blank=True)
    # A table printed under the text: {"columns": [...], "rows": [[...], ...]}, already masked.
    table = models.JSONField(default=dict, blank=True)
    issuer = models.CharField(_("落款"), max_length=120, blank=True)
    period_days = models.PositiveSmallIntegerField(
        _("公示期（天）"), default=0, help_text=_("公告填 0；公示期从发布次日起算（《民法典》第二百零一条）。"))
    status = models.CharField(_("状态"), max_length=16, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    period_starts_on = models.DateField(_("公示期起"), null=True, blank=True)
    period_ends_on = models.DateField(_("公示期止"), null=True, blank=True)
    # When the period's last day (publication + period_days, art. 201) was a statutory rest day, the
    # period ends on the next working day instead (Civil Code art. 203 ¶1): the day it moved from and why.
    period_moved_from = models.DateField(_("公示期原最后一日"), null=True, blank=True)
    period_moved_reason = models.CharField(_("顺延原因"), max_length=60, blank=True)
    # The day of the event the notice announces (the assembly, the candidates' meeting): the
    # statutory lead time is counted back from it when the notice is published.
    event_on = models.DateField(
        _("会议日期"), null=True, blank=True,
        help_text=_("召开业主大会公告、见面会公告须填写；业主大会公告须在会议日 15 日以前发布。"))
    content_sha256 = models.CharField(max_length=64, blank=True)
    # The audit chain's head right after the publication was recorded: printed on the notice so that
    # anyone can later check the record of everything up to it (`huanjie audit verify`).
    audit_head = models.CharField(_("发布时的留痕链头"), max_length=64, blank=True)
    public_token = models.CharField(max_length=24, unique=True, default=new_public_token, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(_("撤回理由"), blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("公示公告")
        verbose_name_plural = _("公示公告")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(name="notices_notice_kind_valid", condition=Q(kind__in=NoticeKind.values)),
            models.CheckConstraint(name="notices_notice_status_valid", condition=Q(status__in=NoticeStatus.values)),
            models.CheckConstraint(name="notices_notice_published_has_dates", condition=(
                Q(status=NoticeStatus.DRAFT)
                | Q(published_on__isnull=False, period_starts_on__isnull=False, period_ends_on__isnull=False)
            )),
            models.CheckConstraint(name="notices_notice_withdrawn_has_reason", condition=(
                ~Q(status=NoticeStatus.WITHDRAWN) | (~Q(withdrawn_reason="") & Q(withdrawn_at__isnull=False))
            )),
        ]

    def __str__(self) -> str:
        return self.title or str(self.get_kind_display())

    @property
    def labelled_rows(self) -> list[list[tuple[str, object]]]:
        """The table's rows, each cell with its column: on a phone a row is shown as a card of labelled lines."""
        columns = self.table.get("columns", []) if isinstance(self.table, dict) else []
        rows = self.table.get("rows", []) if isinstance(self.table, dict) else []
        return [list(zip_longest(columns, row, fillvalue="")) for row in rows]

    @property
    def has_period(self) -> bool:
        return self.period_days > 0

    @property
    def is_published(self) -> bool:
        return self.status == NoticeStatus.PUBLISHED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == NoticeStatus.WITHDRAWN


class Channel(models.TextChoices):
    BULLETIN_BOARD = "bulletin_board", _("小区公告栏")
    LIFT_HALL = "lift_hall", _("电梯厅")
    OWNERS_GROUP = "owners_group", _("业主群")
    WEB = "web", _("网上公示页")


class Posting(models.Model):
    """Where a notice went up, by whom, when, with a photo as evidence (张贴留痕)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="postings")
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices)
    location = models.CharField(_("张贴位置"), max_length=120, blank=True)
    posted_at = models.DateTimeField(_("张贴时间"))
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    photo = models.FileField(_("现场照片"), upload_to="notices/postings/%Y/%m/", blank=True)

    class Meta:
        verbose_name = _("张贴记录")
        verbose_name_plural = _("张贴记录")
        ordering = ["posted_at", "pk"]
        constraints = [
            models.CheckConstraint(name="notices_posting_channel_valid", condition=Q(channel__in=Channel.values)),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.location}"


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    INVESTIGATING = "investigating", _("调查核实中")
    UPHELD = "upheld", _("异议成立")
    DISMISSED = "dismissed", _("异议不成立")


OPEN_OBJECTION_STATES = (ObjectionStatus.OPEN, ObjectionStatus.INVESTIGATING)


class Objection(models.Model):
    """An owner's objection to a notice, or to one thing it lists (`subject`, e.g. a candidate)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="objections")
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    subject_label = models.CharField(_("异议对象"), max_length=120, blank=True)
    objector_name = models.CharField(_("异议人"), max_length=60)
    objector_unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                      verbose_name=_("异议人房号"))
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+",
                                  help_text=_("业主本人在网上提出，或工作人员代为登记"))
    raised_on = models.DateField(_("提出日期"))
    text = models.TextField(_("异议内容"))
    evidence = models.FileField(_("证据材料"), upload_to="notices/objections/%Y/%m/", blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=ObjectionStatus.choices,
                              default=ObjectionStatus.OPEN)
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["raised_on", "pk"]
        constraints = [
            models.CheckConstraint(name="notices_objection_status_valid",
                                   condition=Q(status__in=ObjectionStatus.values)),
            models.CheckConstraint(name="notices_objection_decided_has_answer", condition=(
                Q(status__in=[s.value for s in OPEN_OBJECTION_STATES]) | (~Q(answer="") & Q(answered_at__isnull=False))
            )),
        ]

    def __str__(self) -> str:
        return f"{self.notice} · {self.objector_name}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_OBJECTION_STATES
