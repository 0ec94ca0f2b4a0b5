"""Years of the State Council's holiday calendar entered by a system administrator.

The library (huanjie.holidays.library) lags the State Council's notice every year, and a
re-election often spans the new year: a system administrator enters the notice's days off and
make-up working days here, with its number (文号), and the entered year wins over the library.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EnteredYear(models.Model):
    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    notice_number = models.CharField(_("通知文号"), max_length=60, help_text=_("例如：国办发明电〔2024〕12号"))
    notice_date = models.DateField(_("通知日期"))
    # The rows as the administrator typed them, shown again when the year is corrected.
    rows_text = models.TextField(_("放假安排"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField(_("录入时间"))

    class Meta:
        verbose_name = _("录入的节假日安排")
        verbose_name_plural = _("录入的节假日安排")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} {self.notice_number}"


class DayKind(models.TextChoices):
    OFF = "off", _("放假")
    WORK = "work", _("调休上班")


class EnteredDay(models.Model):
    """One day the notice arranges: a day off named by its holiday, or a Saturday or Sunday worked."""

    entered_year = models.ForeignKey(EnteredYear, on_delete=models.CASCADE, related_name="days")
    day = models.DateField(_("日期"))
    kind = models.CharField(_("安排"), max_length=8, choices=DayKind.choices)
    holiday = models.CharField(_("节日"), max_length=40)

    class Meta:
        verbose_name = _("节假日安排的一天")
        verbose_name_plural = _("节假日安排的日期")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["entered_year", "day"], name="holidays_entered_day_once"),
            models.CheckConstraint(name="holidays_entered_day_kind_valid", condition=Q(kind__in=DayKind.values)),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()} {self.holiday}"
