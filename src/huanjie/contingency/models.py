"""应急预案: the plan for one tense event of a re-election — its risks, the checklist before it, what happened.

An event is marked started only when every item of its pre-event checklist has been ticked,
each by someone holding the role the item names (huanjie.contingency.services.start_event).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from huanjie.accounts.models import Role
from huanjie.reelection.models import Reelection
from huanjie.roster.models import Community


class EventKind(models.TextChoices):
    CANDIDATES_MEETING = "candidates_meeting", _("候选人见面会")
    ELECTION_MEETING = "election_meeting", _("选举大会")
    COUNTING = "counting", _("开箱计票")


class PlanStatus(models.TextChoices):
    PREPARING = "preparing", _("会前准备")
    STARTED = "started", _("进行中")
    ENDED = "ended", _("已结束")


class RiskKind(models.TextChoices):
    CROWD = "crowd", _("人员聚集拥挤")
    VENUE_DISPUTE = "venue_dispute", _("现场发生争执")
    DISRUPTION = "disruption", _("利益相关方扰乱会场")
    OUTAGE = "outage", _("网上投票时停电或断网")
    WEATHER = "weather", _("恶劣天气")
    WITHDRAWAL = "withdrawal", _("候选人临时退出")
    BOX_DISPUTE = "box_dispute", _("票箱争议")
    OTHER = "other", _("其他")


class Level(models.IntegerChoices):
    LOW = 1, _("低")
    MEDIUM = 2, _("中")
    HIGH = 3, _("高")


# Who may tick a checklist item: the staff roles and the scrutineers who watch the ballot boxes.
TICKING_ROLES = [(r.value, r.label) for r in (Role.SUPERVISOR, Role.WORKING_GROUP, Role.SCRUTINEER)]


class EventPlan(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    reelection = models.ForeignKey(Reelection, on_delete=models.CASCADE, related_name="event_plans")
    kind = models.CharField(_("会议/环节"), max_length=24, choices=EventKind.choices)
    starts_at = models.DateTimeField(_("开始时间"))
    venue = models.CharField(_("地点"), max_length=200)
    commander = models.CharField(_("现场总负责人"), max_length=60)
    commander_phone = models.CharField(_("总负责人电话"), max_length=20)
    status = models.CharField(_("状态"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.PREPARING)
    started_at = models.DateTimeField(_("宣布开始时间"), null=True, blank=True)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("应急预案")
        verbose_name_plural = _("应急预案")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["reelection", "kind"], name="contingency_plan_one_per_event"),
            models.CheckConstraint(condition=Q(status__in=PlanStatus.values), name="contingency_plan_status"),
            models.CheckConstraint(condition=Q(status=PlanStatus.PREPARING) | Q(started_at__isnull=False),
                                   name="contingency_plan_started_at"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}应急预案"


class Risk(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(EventPlan, on_delete=models.CASCADE, related_name="risks")
    kind = models.CharField(_("风险"), max_length=20, choices=RiskKind.choices)
    situation = models.CharField(_("可能情形"), max_length=200, blank=True)
    likelihood = models.PositiveSmallIntegerField(_("可能性"), choices=Level.choices)
    impact = models.PositiveSmallIntegerField(_("影响"), choices=Level.choices)
    mitigation = models.TextField(_("应对措施"), max_length=1000)
    responsible = models.CharField(_("责任人"), max_length=60)
    contact = models.CharField(_("联系电话"), max_length=20)

    class Meta:
        verbose_name = _("风险")
        verbose_name_plural = _("风险登记")
        ordering = ["plan", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(likelihood__in=Level.values) & Q(impact__in=Level.values),
                                   name="contingency_risk_levels"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class ChecklistItem(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(EventPlan, on_delete=models.CASCADE, related_name="checklist")
    position = models.PositiveSmallIntegerField(_("序号"))
    text = models.CharField(_("检查项"), max_length=200)
    role = models.CharField(_("由谁确认"), max_length=20, choices=TICKING_ROLES)
    done_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    done_by_label = models.CharField(_("确认人"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("会前检查项")
        verbose_name_plural = _("会前检查清单")
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "position"], name="contingency_item_unique_position"),
            models.CheckConstraint(condition=Q(done_at__isnull=True, done_by_label="")
                                   | (Q(done_at__isnull=False) & ~Q(done_by_label="")),
                                   name="contingency_item_done_by_whom"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def done(self) -> bool:
        return self.done_at is not None


class Incident(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(EventPlan, on_delete=models.CASCADE, related_name="incidents")
    happened_at = models.DateTimeField(_("发生时间"))
    risk_kind = models.CharField(_("类别"), max_length=20, choices=RiskKind.choices)
    what = models.TextField(_("情况"), max_length=2000)
    action = models.TextField(_("处置"), max_length=2000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("突发情况记录")
        verbose_name_plural = _("突发情况记录")
        ordering = ["plan", "happened_at", "pk"]

    def __str__(self) -> str:
        return f"{self.happened_at:%H:%M} {self.get_risk_kind_display()}"
