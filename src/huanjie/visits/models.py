"""全员走访: every visit to every unit, who went, and what came of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from huanjie.roster.models import Community, Unit


class Outcome(models.TextChoices):
    MET = "met", _("见到业主")
    NOT_HOME = "not_home", _("不在家")
    REFUSED = "refused", _("拒绝")
    MOVED_OUT = "moved_out", _("已搬离")
    TENANTS = "tenants", _("出租")


class Visit(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="visits", verbose_name=_("房号"))
    visited_on = models.DateField(_("走访日期"))
    visitor = models.CharField(_("走访人"), max_length=40)
    second_visitor = models.CharField(_("同行走访人"), max_length=40, blank=True)
    outcome = models.CharField(_("走访结果"), max_length=16, choices=Outcome.choices)
    notes = models.TextField(_("情况记录"), blank=True, max_length=2000)
    follow_up_on = models.DateField(_("再次走访日期"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # Sent by the door page with every submission: a resend after a dropped connection finds
    # the visit already stored instead of writing it twice.
    idempotency_key = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ["-visited_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(outcome__in=Outcome.values), name="visits_visit_outcome_valid"),
            models.CheckConstraint(condition=Q(follow_up_on__isnull=True) | Q(follow_up_on__gte=models.F("visited_on")),
                                   name="visits_visit_follow_up_after_visit"),
            models.UniqueConstraint(fields=["community", "idempotency_key"], condition=~Q(idempotency_key=""),
                                    name="visits_visit_unique_key"),
        ]
        indexes = [models.Index(fields=["community", "unit", "visited_on"]),
                   models.Index(fields=["community", "-visited_on", "-id"], name="visits_visit_recent")]

    def __str__(self) -> str:
        return f"{self.unit} {self.visited_on}"
