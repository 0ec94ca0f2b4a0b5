"""实事项目: practical work owners can see — scope, money, who builds it, progress, before and after.

A project answers demands from the ledger; when it is completed those demands are closed with
an answer naming the project, and the owners who raised them get a notification.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from huanjie.ledgers.models import Demand
from huanjie.reelection.models import Reelection
from huanjie.roster.models import Community, Unit
from huanjie.voting.models import Contest


class Funding(models.TextChoices):
    MAINTENANCE_FUND = "maintenance_fund", _("专项维修资金")
    COMMON_INCOME = "common_income", _("公共收益")
    GOVERNMENT = "government", _("街道实事项目资金")
    PROPERTY_COMPANY = "property_company", _("物业公司承担")
    OTHER = "other", _("其他")


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    IN_PROGRESS = "in_progress", _("施工中")
    COMPLETED = "completed", _("已竣工")


class ReelectionConsent(models.Model):
    """The street office's recorded consent to a matter the sitting committee may not decide alone while the
    committee is being re-elected (《上海市住宅物业管理规定》第二十八条): spending the maintenance fund, or
    hiring or dismissing the property company."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    reelection = models.ForeignKey(Reelection, on_delete=models.CASCADE, related_name="+", verbose_name=_("换届改选"))
    subject = models.CharField(_("同意的事项"), max_length=200)
    reason = models.CharField(_("同意的理由"), max_length=500)
    given_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("街道经办人"))
    given_at = models.DateTimeField(_("记录时间"))

    class Meta:
        verbose_name = _("街道同意记录")
        verbose_name_plural = _("街道同意记录")
        ordering = ["-given_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class Project(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(_("项目名称"), max_length=120)
    scope = models.TextField(_("实施范围和内容"), max_length=4000)
    budget = models.DecimalField(_("预算（元）"), max_digits=12, decimal_places=2)
    funding = models.CharField(_("资金来源"), max_length=20, choices=Funding.choices)
    # The assembly's decision to use the maintenance fund (Civil Code art. 278 ¶1 (5)): the motion,
    # whose stored count result says whether it passed.
    motion = models.ForeignKey(Contest, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("业主大会表决事项"))
    contractor = models.CharField(_("施工单位"), max_length=120, blank=True)
    # 《上海市住宅物业管理规定》第二十八条: during a re-election the sitting committee may not decide these
    # alone; the street office's consent, when recorded, is named here.
    changes_manager = models.BooleanField(_("选聘或解聘物业服务企业"), default=False)
    by_sitting_committee = models.BooleanField(_("由现任业主委员会决定"), default=True)
    consent = models.ForeignKey(ReelectionConsent, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="projects", verbose_name=_("街道同意记录"))
    status = models.CharField(_("状态"), max_length=12, choices=ProjectStatus.choices, default=ProjectStatus.PLANNED)
    progress = models.PositiveSmallIntegerField(_("进度（%）"), default=0)
    started_on = models.DateField(_("开工日期"), null=True, blank=True)
    completed_on = models.DateField(_("竣工日期"), null=True, blank=True)
    demands = models.ManyToManyField(Demand, blank=True, related_name="projects", verbose_name=_("关联诉求"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("实事项目")
        verbose_name_plural = _("实事项目")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ProjectStatus.values), name="projects_status_valid"),
            models.CheckConstraint(condition=Q(funding__in=Funding.values), name="projects_funding_valid"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="projects_progress_at_most_100"),
            models.CheckConstraint(condition=Q(budget__gt=0), name="projects_budget_positive"),
            models.CheckConstraint(condition=~Q(funding="maintenance_fund") | Q(motion__isnull=False),
                                   name="projects_maintenance_fund_needs_motion"),
            models.CheckConstraint(condition=~Q(status="completed") | Q(progress=100, completed_on__isnull=False),
                                   name="projects_completed_is_complete"),
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("节点"), max_length=120)
    due_on = models.DateField(_("计划日期"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("项目节点")
        verbose_name_plural = _("项目节点")
        ordering = ["project", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class Phase(models.TextChoices):
    BEFORE = "before", _("施工前")
    AFTER = "after", _("施工后")


def photo_path(photo: ProjectPhoto, filename: str) -> str:
    return f"projects/{photo.community_id}/{photo.project_id}/{filename}"


class ProjectPhoto(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="photos")
    phase = models.CharField(_("拍摄时点"), max_length=8, choices=Phase.choices)
    caption = models.CharField(_("位置说明"), max_length=120)
    image = models.FileField(_("照片"), upload_to=photo_path)
    content_type = models.CharField(max_length=40)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("项目照片")
        verbose_name_plural = _("项目照片")
        ordering = ["project", "caption", "phase", "pk"]
        constraints = [models.CheckConstraint(condition=Q(phase__in=Phase.values), name="projects_photo_phase")]

    def __str__(self) -> str:
        return f"{self.caption}（{self.get_phase_display()}）"


class Notification(models.Model):
    """A message to the owners of a unit: here, that the demand they raised was closed by a project."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", verbose_name=_("房号"))
    demand = models.ForeignKey(Demand, null=True, on_delete=models.SET_NULL, related_name="+")
    project = models.ForeignKey(Project, null=True, on_delete=models.SET_NULL, related_name="notifications")
    text = models.CharField(_("内容"), max_length=500)
    created_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("业主通知")
        verbose_name_plural = _("业主通知")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:40]
