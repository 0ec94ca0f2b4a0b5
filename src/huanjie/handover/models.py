"""移交: what the outgoing committee hands to the housing office, and what the new committee receives.

SH art. 28: the sitting committee hands records and seals to the housing office within 10 days
of the working group's formation; SH art. 30: they pass to the new committee within 10 days of
filing. Each item is signed by both sides with the date.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from huanjie.reelection.models import Reelection
from huanjie.roster.models import Community


class Direction(models.TextChoices):
    TO_HOUSING_OFFICE = "to_housing_office", _("原业委会移交房管办")
    TO_NEW_COMMITTEE = "to_new_committee", _("移交新一届业委会")


class ItemKind(models.TextChoices):
    SEALS = "seals", _("印章")
    FILES = "files", _("档案资料")
    ACCOUNTS = "accounts", _("账册、银行账户")
    KEYS = "keys", _("钥匙")
    CONTRACTS = "contracts", _("合同")
    OTHER = "other", _("其他")


class Handover(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    reelection = models.ForeignKey(Reelection, on_delete=models.CASCADE, related_name="handovers")
    direction = models.CharField(_("移交"), max_length=20, choices=Direction.choices)
    giver = models.CharField(_("交出方"), max_length=120)
    receiver = models.CharField(_("接收方"), max_length=120)

    class Meta:
        verbose_name = _("移交清单")
        verbose_name_plural = _("移交清单")
        ordering = ["reelection", "direction"]
        constraints = [models.UniqueConstraint(fields=["reelection", "direction"], name="handover_once")]

    def __str__(self) -> str:
        return str(self.get_direction_display())


class HandoverItem(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("类别"), max_length=12, choices=ItemKind.choices)
    description = models.CharField(_("名称"), max_length=200)
    quantity = models.PositiveIntegerField(_("数量"), default=1)
    giver_name = models.CharField(_("交出人签字"), max_length=60, blank=True)
    given_on = models.DateField(_("交出日期"), null=True, blank=True)
    receiver_name = models.CharField(_("接收人签字"), max_length=60, blank=True)
    received_on = models.DateField(_("接收日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("移交事项")
        verbose_name_plural = _("移交事项")
        ordering = ["handover", "kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ItemKind.values), name="handover_item_kind"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="handover_item_quantity"),
            models.CheckConstraint(condition=(Q(giver_name="") & Q(given_on__isnull=True))
                                   | (~Q(giver_name="") & Q(given_on__isnull=False)), name="handover_giver_dated"),
            models.CheckConstraint(condition=(Q(receiver_name="") & Q(received_on__isnull=True))
                                   | (~Q(receiver_name="") & Q(received_on__isnull=False) & ~Q(giver_name="")),
                                   name="handover_receiver_after_giver"),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def complete(self) -> bool:
        return bool(self.giver_name and self.receiver_name)
