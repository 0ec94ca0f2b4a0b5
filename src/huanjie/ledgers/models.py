"""诉求台账: every demand an owner raises, who handles it, what they were told, and whether it held.

A demand moves recorded → assigned → in progress → answered → closed, one step at a time
(huanjie.ledgers.workflow); it may be reopened with a reason. Weeks after closing, the owner
is asked whether it was really resolved (the follow-up).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from huanjie.roster.models import Community, Unit
from huanjie.visits.models import Visit

DEFAULT_CATEGORIES = ("电梯", "公共收益公开", "外立面", "停车", "绿化", "安保", "物业服务", "收费", "噪声", "其他")


class Source(models.TextChoices):
    VISIT = "visit", _("上门走访")
    PHONE = "phone", _("电话")
    OWNER_PAGE = "owner_page", _("业主本人提交")
    NOTICE_OBJECTION = "notice_objection", _("公示异议")
    MEETING = "meeting", _("会议")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    PRESSING = "pressing", _("较急")
    URGENT = "urgent", _("紧急")


class Handler(models.TextChoices):
    RESIDENTS_COMMITTEE = "residents_committee", _("居委会")
    OWNERS_COMMITTEE = "owners_committee", _("业委会")
    PROPERTY_COMPANY = "property_company", _("物业公司")
    STREET_DEPARTMENT = "street_department", _("街道职能部门")


class Status(models.TextChoices):
    RECORDED = "recorded", _("已登记")
    ASSIGNED = "assigned", _("已分派")
    IN_PROGRESS = "in_progress", _("办理中")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")


class FollowUp(models.TextChoices):
    RESOLVED = "resolved", _("已解决")
    UNRESOLVED = "unresolved", _("未解决")
    NO_REPLY = "no_reply", _("联系不上")


class Category(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("分类"), max_length=30)
    sort_key = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("诉求分类")
        verbose_name_plural = _("诉求分类")
        ordering = ["sort_key", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="ledgers_category_unique_name")]

    def __str__(self) -> str:
        return self.name


class Demand(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField(_("编号"))
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.SET_NULL, related_name="demands")
    category = models.ForeignKey(Category, on_delete=models.RESTRICT, related_name="demands", verbose_name=_("分类"))
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="demands",
                             verbose_name=_("房号"))
    summary = models.CharField(_("诉求"), max_length=200)
    detail = models.TextField(_("详细情况"), blank=True, max_length=4000)
    urgency = models.CharField(_("紧急程度"), max_length=16, choices=Urgency.choices, default=Urgency.NORMAL)
    handler = models.CharField(_("承办单位"), max_length=24, choices=Handler.choices, blank=True)
    due_on = models.DateField(_("办理期限"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.RECORDED)
    answer = models.TextField(_("答复业主"), blank=True, max_length=4000)
    recorded_on = models.DateField(_("登记日期"))
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    follow_up_due = models.DateField(_("回访日期"), null=True, blank=True)
    follow_up = models.CharField(_("回访结果"), max_length=16, choices=FollowUp.choices, blank=True)
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.RESTRICT,
                                     related_name="duplicates", verbose_name=_("重复于"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    idempotency_key = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("诉求")
        verbose_name_plural = _("诉求台账")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["community", "number"], name="ledgers_demand_unique_number"),
            models.UniqueConstraint(fields=["community", "idempotency_key"], condition=~Q(idempotency_key=""),
                                    name="ledgers_demand_unique_key"),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="ledgers_demand_status_valid"),
            # No demand is closed, or counted as answered, without an answer to the owner.
            models.CheckConstraint(condition=Q(status__in=[Status.RECORDED, Status.ASSIGNED, Status.IN_PROGRESS])
                                   | ~Q(answer=""), name="ledgers_demand_answered_has_answer"),
            models.CheckConstraint(condition=~Q(duplicate_of=models.F("pk")), name="ledgers_demand_not_own_duplicate"),
        ]
        indexes = [
            models.Index(fields=["community", "status"]),
            models.Index(fields=["community", "due_on"]),
        ]

    def __str__(self) -> str:
        return f"第{self.number}号 {self.summary}"


class DemandEvent(models.Model):
    """The demand's history as the ledger shows it: each step, by whom, and the reason given."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices)
    note = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("诉求办理记录")
        verbose_name_plural = _("诉求办理记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.demand_id}: {self.from_status} → {self.to_status}"


def photo_path(photo: DemandPhoto, filename: str) -> str:
    return f"demands/{photo.community_id}/{photo.demand_id}/{filename}"


class DemandPhoto(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("照片"), upload_to=photo_path)
    content_type = models.CharField(max_length=40)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("诉求照片")
        verbose_name_plural = _("诉求照片")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.image.name
