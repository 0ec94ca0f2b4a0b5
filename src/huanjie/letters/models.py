"""告业主书 handed to each unit's door: every attempt, signed for by whom, or why it could not be.

The letter is the unit's owner sign-in code (accounts.OwnerAccessCode) printed with how to use it;
its delivery is recorded like a ballot paper's (voting.Delivery): a letter counts as delivered
once any attempt was signed for.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from huanjie.accounts.models import OwnerAccessCode
from huanjie.roster.models import Community, Unit
from huanjie.voting.models import DeliveryOutcome, UndeliverableReason


class LetterDelivery(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    letter = models.ForeignKey(OwnerAccessCode, on_delete=models.CASCADE, related_name="deliveries",
                               verbose_name=_("告业主书"))
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="letter_deliveries", verbose_name=_("房号"))
    outcome = models.CharField(_("结果"), max_length=16, choices=DeliveryOutcome.choices)
    delivered_by = models.CharField(_("送达人"), max_length=120)
    delivered_at = models.DateTimeField(_("送达时间"))
    signed_by = models.CharField(_("签收人"), max_length=60, blank=True)
    relation = models.CharField(_("签收人与业主关系"), max_length=30, blank=True)
    reason = models.CharField(_("无法送达原因"), max_length=16, choices=UndeliverableReason.choices, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("告业主书送达记录")
        verbose_name_plural = _("告业主书送达记录")
        ordering = ["community", "-delivered_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(outcome__in=DeliveryOutcome.values), name="letters_delivery_outcome"),
            models.CheckConstraint(condition=~Q(outcome="delivered") | (~Q(signed_by="") & Q(reason="")),
                                   name="letters_delivery_signed_for"),
            models.CheckConstraint(condition=~Q(outcome="undeliverable") | ~Q(reason=""),
                                   name="letters_delivery_undeliverable_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_outcome_display()} {self.delivered_at:%Y-%m-%d}"
