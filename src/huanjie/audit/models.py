from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class ChainHead(models.Model):
    """The one row every writer locks, so that records join the chain one at a time."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("留痕链头")
        verbose_name_plural = _("留痕链头")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audit_chainhead_singleton")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.hash[:12]}"


class AuditRecord(models.Model):
    sequence = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(_("操作人"), max_length=150, blank=True)
    # Indexed with the sequence (below): a community's log is read newest first, a page at a time.
    community_id = models.BigIntegerField(null=True, blank=True)
    code = models.CharField(_("操作"), max_length=64, db_index=True)
    target_type = models.CharField(max_length=64, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    data = models.JSONField(default=dict, blank=True)
    # What the hash covers: 1 (records written before the label was covered), 2 (the label too).
    format = models.PositiveSmallIntegerField(default=2)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["sequence"]
        verbose_name = _("留痕记录")
        verbose_name_plural = _("留痕记录")
        indexes = [models.Index(fields=["target_type", "target_id"]),
                   models.Index(fields=["community_id", "sequence"], name="audit_record_community_seq"),
                   # The log filtered by action (a code, or a group's codes), a page at a time (issue 20).
                   models.Index(fields=["community_id", "code", "sequence"], name="audit_record_community_code")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.code} {self.target_label}"


class ChainVerification(models.Model):
    """One full verification of the chain (`huanjie audit verify`, or the street office on the audit page).

    The audit page shows the latest one when the chain is too long to verify while the page loads.
    """

    at = models.DateTimeField(_("核验时间"))
    actor_label = models.CharField(_("核验人"), max_length=150, blank=True)
    sequence = models.PositiveBigIntegerField(_("核验至"))  # the head's sequence when verified
    head_hash = models.CharField(max_length=64)
    broken_sequence = models.PositiveBigIntegerField(null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    milliseconds = models.PositiveIntegerField(default=0)
    # What else the verification found: checkpoints and printed heads that do not match (integrity.Finding).
    findings = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("留痕链核验")
        verbose_name_plural = _("留痕链核验")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} #{self.sequence} {'broken' if self.broken_sequence else 'intact'}"


class AuditCheckpoint(models.Model):
    """The chain's head at a moment, signed with the installation's key, which is not in the database.

    Published at /audit/checkpoints.json and in the filing pack; anyone who saves the list can later
    prove that the chain still holds the records it held then (docs/audit.md).
    """

    class Trigger(models.TextChoices):
        PUBLICATION = "publication", _("发布公示公告")
        DAILY = "daily", _("每日")
        FILING = "filing", _("生成备案材料")
        COMMAND = "command", _("命令行")

    count = models.PositiveBigIntegerField(_("记录条数"))  # also the sequence number of the head record
    head = models.CharField(_("链头"), max_length=64)
    at = models.DateTimeField(_("签名时间"))  # whole seconds, as signed
    key_id = models.CharField(max_length=16)
    public_key = models.CharField(max_length=64)
    signature = models.CharField(max_length=128)
    trigger = models.CharField(_("起因"), max_length=16, choices=Trigger.choices)  # not signed

    class Meta:
        ordering = ["count", "at", "pk"]
        verbose_name = _("留痕链签名检查点")
        verbose_name_plural = _("留痕链签名检查点")

    def __str__(self) -> str:
        return f"#{self.count} {self.head[:12]} {self.at:%Y-%m-%d %H:%M}"
