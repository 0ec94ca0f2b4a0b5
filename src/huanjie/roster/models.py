"""业主名册: street offices, communities, buildings, units, owners and who owns what.

Every table below a community carries `community` so that a query can always be scoped to the
communities a user may see, and so that the data can later be sharded by community.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from huanjie.roster import unitcodes


class StreetOffice(models.Model):
    name = models.CharField(_("街道办事处"), max_length=100)
    code = models.SlugField(_("代码"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("街道办事处")
        verbose_name_plural = _("街道办事处")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Community(models.Model):
    street_office = models.ForeignKey(StreetOffice, on_delete=models.PROTECT, related_name="communities",
                                      verbose_name=_("街道办事处"))
    name = models.CharField(_("小区名称"), max_length=100)
    slug = models.SlugField(_("代码"), max_length=50, unique=True)
    residents_committee = models.CharField(_("居民区"), max_length=100, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    building_area = models.DecimalField(
        _("总建筑面积（平方米）"), max_digits=12, decimal_places=2, null=True, blank=True,
        help_text=_("不足一万平方米的小区，业委会可由三人组成。"),
    )

    class Meta:
        verbose_name = _("小区")
        verbose_name_plural = _("小区")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Building(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="buildings")
    name = models.CharField(_("楼栋"), max_length=50)
    sort_key = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("楼栋")
        verbose_name_plural = _("楼栋")
        ordering = ["community", "sort_key", "name"]
        constraints = [models.UniqueConstraint(fields=["community", "name"], name="roster_building_unique_name")]

    def __str__(self) -> str:
        return self.name


class AreaSource(models.TextChoices):
    """JI art. 8: the register first, then the survey, then the sales contract.

    UNSTATED: the roster gave an area without saying where it comes from (a property company's
    “建筑面积”) and nobody chose at import; it is shown as such, never taken for the register.
    """

    REGISTER = "register", _("不动产登记簿")
    SURVEY = "survey", _("实测面积")
    CONTRACT = "contract", _("买卖合同")
    UNSTATED = "unstated", _("未注明")


class UnitStatus(models.TextChoices):
    """JI art. 9: units the developer has not sold or not delivered count together as one head."""

    DELIVERED = "delivered", _("已交付")
    UNSOLD = "unsold", _("建设单位未出售")
    UNDELIVERED = "undelivered", _("已售未交付")


ROOM_LENGTH = 20


class Unit(models.Model):
    """专有部分: one unit of exclusive ownership."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="units")
    building = models.ForeignKey(Building, on_delete=models.PROTECT, related_name="units", null=True, blank=True)
    code = models.CharField(_("房号"), max_length=50)
    # Derived from `code` on every save (huanjie.roster.unitcodes): the room number the door page
    # looks a typed `1-101` up by, and the key that lists units in reading order (101 before 1001).
    room = models.CharField(_("室号"), max_length=ROOM_LENGTH, blank=True, editable=False)
    sort_key = models.CharField(max_length=400, blank=True, editable=False)
    floor = models.SmallIntegerField(_("楼层"), null=True, blank=True)
    area = models.DecimalField(_("专有部分面积（平方米）"), max_digits=10, decimal_places=2,
                               validators=[MinValueValidator(Decimal("0.01"))])
    area_source = models.CharField(_("面积来源"), max_length=16, choices=AreaSource.choices,
                                   default=AreaSource.UNSTATED)
    status = models.CharField(_("状态"), max_length=16, choices=UnitStatus.choices, default=UnitStatus.DELIVERED)
    owners = models.ManyToManyField("Owner", through="Ownership", related_name="units")

    class Meta:
        verbose_name = _("房屋")
        verbose_name_plural = _("房屋")
        ordering = ["community", "sort_key", "code"]
        indexes = [models.Index(fields=["community", "room"], name="roster_unit_room"),
                   models.Index(fields=["community", "sort_key"], name="roster_unit_sort_key")]
        constraints = [
            models.UniqueConstraint(fields=["community", "code"], name="roster_unit_unique_code"),
            models.CheckConstraint(condition=Q(area__gt=0), name="roster_unit_area_positive"),
            models.CheckConstraint(condition=Q(status__in=UnitStatus.values), name="roster_unit_status_valid"),
            models.CheckConstraint(condition=Q(area_source__in=AreaSource.values),
                                   name="roster_unit_area_source_valid"),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.derive_keys()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "code" in update_fields:
            kwargs["update_fields"] = {*update_fields, "room", "sort_key"}
        super().save(*args, **kwargs)

    def derive_keys(self) -> None:
        """`room` and `sort_key` from the code; bulk writers call this themselves (no save())."""
        address = unitcodes.parse(self.code)
        self.room = address.room if address and len(address.room) <= ROOM_LENGTH else ""
        self.sort_key = unitcodes.sort_key(self.code)

    @property
    def is_developer_held(self) -> bool:
        return self.status != UnitStatus.DELIVERED


class Owner(models.Model):
    """An owner of one or more units. `identifier` is stable across imports (tally.md `owners`)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="owners")
    identifier = models.CharField(_("业主标识"), max_length=120)
    name = models.CharField(_("姓名"), max_length=60)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("业主")
        verbose_name_plural = _("业主")
        ordering = ["community", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "identifier"], name="roster_owner_unique_identifier"),
        ]

    def __str__(self) -> str:
        return self.name


class Ownership(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="ownerships")
    owner = models.ForeignKey(Owner, on_delete=models.CASCADE, related_name="ownerships")

    class Meta:
        verbose_name = _("产权关系")
        verbose_name_plural = _("产权关系")
        constraints = [models.UniqueConstraint(fields=["unit", "owner"], name="roster_ownership_unique")]

    def __str__(self) -> str:
        return f"{self.owner} — {self.unit}"


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("待确认")
    APPLIED = "applied", _("已导入")
    DISCARDED = "discarded", _("已放弃")


class RosterImport(models.Model):
    """An uploaded roster file, parsed and validated, waiting for the working group to confirm it.

    `rows` holds the normalised roster (see huanjie.roster.importing.rows); `base_sha256` is the
    fingerprint of the stored roster the difference was shown against, so that a confirmation
    after someone else changed the roster is refused instead of silently undoing their change.
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="roster_imports")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("上传人"))
    file_name = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("文件 SHA-256"), max_length=64)
    base_sha256 = models.CharField(_("导入前名册指纹"), max_length=64)
    status = models.CharField(_("状态"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    rows = models.JSONField(_("名册内容"))
    summary = models.JSONField(_("变化汇总"), default=dict, blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    decided_at = models.DateTimeField(_("确认或放弃时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("名册导入")
        verbose_name_plural = _("名册导入")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ImportStatus.values), name="roster_import_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"
