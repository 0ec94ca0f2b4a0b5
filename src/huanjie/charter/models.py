"""The community's own rules: the 业主大会议事规则 and the 管理规约, each kept version by version.

A version is the text the owners adopted (the uploaded file, its SHA-256), its version name, the
day it was adopted and the assembly or decision that adopted it (Civil Code art. 278 ¶1 (1)–(2):
制定和修改业主大会议事规则、管理规约 are the owners' joint decisions). The version in force on a
day is the one adopted last on or before it.

The rules of procedure settle how the assembly meets and votes (《物业管理条例》第十八条: 议事方式、
表决程序、业主投票权确定办法、业主委员会的组成): huanjie keeps from each version what the count
and the vote read from it — whether voting online was adopted (and by which decision), who is "the
same buyer" (`join`), what a written-in name does (`write_in`), and whether the committee has three
seats (a community under 10,000 m² of building area, 《上海市住宅物业管理规定》第二十条). A
covenant has none of these.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from huanjie.roster.models import Community
from huanjie.voting.models import Assembly, EntityJoin, WriteIn


class DocumentKind(models.TextChoices):
    RULES_OF_PROCEDURE = "rules_of_procedure", _("业主大会议事规则")
    COVENANT = "covenant", _("管理规约")


def document_path(document: CharterDocument, filename: str) -> str:
    return f"charter/{document.community_id}/{filename}"


class CharterDocument(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("文件"), max_length=20, choices=DocumentKind.choices)
    version = models.CharField(_("版本"), max_length=40)
    adopted_on = models.DateField(_("通过日期"))
    adopted_by = models.CharField(_("通过该版本的业主大会或决定"), max_length=200)
    assembly = models.ForeignKey(Assembly, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                 verbose_name=_("本系统中的业主大会"))
    file = models.FileField(_("文本"), upload_to=document_path)
    content_type = models.CharField(max_length=80)
    sha256 = models.CharField(_("文本 SHA-256"), max_length=64)
    # What the count and the vote read from a rules of procedure (none of it on a covenant).
    online_voting = models.BooleanField(_("采用网上表决"), default=False)
    online_voting_decision = models.CharField(_("采用网上表决的决定"), max_length=200, blank=True)
    join = models.CharField(_("同一买受人的认定"), max_length=20, choices=EntityJoin.choices,
                            default=EntityJoin.IDENTICAL_OWNERS)
    write_in = models.CharField(_("填写非候选人"), max_length=20, choices=WriteIn.choices, default=WriteIn.IGNORE_NAME)
    small_committee = models.BooleanField(_("业委会由三人组成"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("议事规则或管理规约")
        verbose_name_plural = _("议事规则与管理规约")
        ordering = ["kind", "-adopted_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["community", "kind", "version"], name="charter_document_version_once"),
            models.CheckConstraint(condition=Q(kind__in=DocumentKind.values), name="charter_document_kind"),
            models.CheckConstraint(condition=Q(join__in=EntityJoin.values), name="charter_document_join"),
            models.CheckConstraint(condition=Q(write_in__in=WriteIn.values), name="charter_document_write_in"),
            models.CheckConstraint(
                condition=Q(kind=DocumentKind.RULES_OF_PROCEDURE) | Q(
                    online_voting=False, join=EntityJoin.IDENTICAL_OWNERS, write_in=WriteIn.IGNORE_NAME,
                    small_committee=False),
                name="charter_settings_only_in_rules"),
            models.CheckConstraint(condition=Q(online_voting=False) | ~Q(online_voting_decision=""),
                                   name="charter_online_voting_has_decision"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.version}）"

    @property
    def citation(self) -> str:
        """How a basis names this version: 《业主大会议事规则》（2023年版，2023-05-20 通过）."""
        return str(_("《%(kind)s》（%(version)s，%(day)s 通过）")
                   % {"kind": self.get_kind_display(), "version": self.version, "day": f"{self.adopted_on:%Y-%m-%d}"})
