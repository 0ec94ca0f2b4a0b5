"""合署办公: the residents' committee, the owners' committee and the property company in one office.

A shared duty roster, a shared list of matters to follow up (督办事项), and meeting minutes whose
follow-ups become matters on that list.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from huanjie.roster.models import Community


class Party(models.TextChoices):
    RESIDENTS_COMMITTEE = "residents_committee", _("居委会")
    OWNERS_COMMITTEE = "owners_committee", _("业委会")
    PROPERTY_COMPANY = "property_company", _("物业公司")


class Period(models.TextChoices):
    MORNING = "am", _("上午")
    AFTERNOON = "pm", _("下午")


class DutySlot(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("日期"))
    period = models.CharField(_("时段"), max_length=2, choices=Period.choices)
    party = models.CharField(_("单位"), max_length=24, choices=Party.choices)
    person = models.CharField(_("值班人"), max_length=60)
    phone = models.CharField(_("电话"), max_length=20)

    class Meta:
        verbose_name = _("值班安排")
        verbose_name_plural = _("值班表")
        ordering = ["day", "period", "party"]
        constraints = [
            models.UniqueConstraint(fields=["community", "day", "period", "party"], name="jointoffice_duty_once"),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.get_period_display()} {self.person}"


class Minutes(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    held_on = models.DateField(_("会议日期"))
    title = models.CharField(_("会议名称"), max_length=120)
    attendees = models.CharField(_("参会人员"), max_length=500)
    decisions = models.TextField(_("议定事项"), max_length=4000)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("会议纪要")
        verbose_name_plural = _("会议纪要")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class MatterStatus(models.TextChoices):
    OPEN = "open", _("待办")
    IN_PROGRESS = "in_progress", _("办理中")
    DONE = "done", _("已办结")


class Matter(models.Model):
    """督办事项: one thing someone must get done by a date, followed until it is."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    number = models.PositiveIntegerField(_("编号"))
    title = models.CharField(_("事项"), max_length=200)
    party = models.CharField(_("责任单位"), max_length=24, choices=Party.choices)
    owner = models.CharField(_("责任人"), max_length=60)
    due_on = models.DateField(_("办理期限"))
    status = models.CharField(_("状态"), max_length=12, choices=MatterStatus.choices, default=MatterStatus.OPEN)
    minutes = models.ForeignKey(Minutes, null=True, blank=True, on_delete=models.SET_NULL, related_name="matters",
                                verbose_name=_("来源会议"))
    result = models.TextField(_("办理结果"), blank=True, max_length=2000)
    done_on = models.DateField(_("办结日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("督办事项")
        verbose_name_plural = _("督办事项")
        ordering = ["status", "due_on", "number"]
        constraints = [
            models.UniqueConstraint(fields=["community", "number"], name="jointoffice_matter_unique_number"),
            models.CheckConstraint(condition=Q(status__in=MatterStatus.values), name="jointoffice_matter_status"),
            models.CheckConstraint(condition=~Q(status="done") | (Q(done_on__isnull=False) & ~Q(result="")),
                                   name="jointoffice_matter_done_has_result"),
        ]

    def __str__(self) -> str:
        return f"第{self.number}号 {self.title}"
