"""Who may do what, and where: every role is held for one community or one street office."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from huanjie.roster.models import Community, StreetOffice, Unit


class Role(models.TextChoices):
    SUPERVISOR = "supervisor", _("街道督导")
    WORKING_GROUP = "working_group", _("换届改选小组成员")
    PANELIST = "panelist", _("评审团成员")
    SCRUTINEER = "scrutineer", _("监票人/计票人")
    OWNER = "owner", _("业主")


STAFF_ROLES = frozenset({Role.SUPERVISOR, Role.WORKING_GROUP})


class Membership(models.Model):
    """One role of one user. A supervisor holds it for a street office; everyone else for a community."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
                             verbose_name=_("用户"))
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    street_office = models.ForeignKey(StreetOffice, on_delete=models.CASCADE, null=True, blank=True,
                                      related_name="memberships", verbose_name=_("街道办事处"))
    community = models.ForeignKey(Community, on_delete=models.CASCADE, null=True, blank=True,
                                  related_name="memberships", verbose_name=_("小区"))
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
                             verbose_name=_("房号"))

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.CheckConstraint(name="accounts_membership_scope", condition=(
                Q(role=Role.SUPERVISOR, street_office__isnull=False, community__isnull=True, unit__isnull=True)
                | Q(role=Role.OWNER, street_office__isnull=True, community__isnull=False, unit__isnull=False)
                | (Q(role__in=[Role.WORKING_GROUP, Role.PANELIST, Role.SCRUTINEER])
                   & Q(street_office__isnull=True, community__isnull=False, unit__isnull=True))
            )),
            models.UniqueConstraint(fields=["user", "street_office"], condition=Q(street_office__isnull=False),
                                    name="accounts_membership_unique_office"),
            models.UniqueConstraint(fields=["user", "role", "community"],
                                    condition=Q(community__isnull=False, unit__isnull=True),
                                    name="accounts_membership_unique_community_role"),
            models.UniqueConstraint(fields=["user", "unit"], condition=Q(unit__isnull=False),
                                    name="accounts_membership_unique_owner_unit"),
        ]

    def __str__(self) -> str:
        scope = self.street_office or self.community
        return f"{self.user} · {self.get_role_display()} · {scope}"


class OwnerAccessCode(models.Model):
    """The one-time code printed on the letter delivered to a unit's door (owner sign-in)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="access_codes")
    code_hash = models.CharField(max_length=128)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The last day the code signs in (Asia/Shanghai), as the working group set it; None: no end.
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)

    class Meta:
        verbose_name = _("业主登录码")
        verbose_name_plural = _("业主登录码")

    def __str__(self) -> str:
        return f"{self.unit} @ {self.issued_at:%Y-%m-%d}"


class AttemptCounter(models.Model):
    """Failed tries at one target's secret, or of one client at one target (accounts.throttle).

    In the database so that every server process counts together, and so that counting and
    checking can be one locked step. `unreported` counts the target's failures its holder has not
    been told of yet.
    """

    key = models.CharField(max_length=200, unique=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True, blank=True, db_index=True)
    unreported = models.PositiveIntegerField(default=0)
    first_unreported_at = models.DateTimeField(null=True, blank=True)
    last_unreported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("登录失败计数")
        verbose_name_plural = _("登录失败计数")

    def __str__(self) -> str:
        return f"{self.key}: {self.failures}"


class TOTPDevice(models.Model):
    """A staff user's authenticator app (两步验证). Pending until a first code confirms it.

    The secret is stored encrypted with a key derived from SECRET_KEY (see accounts.two_factor),
    so a copy of the database alone does not let anyone compute the user's codes. `last_step`
    is the last 30-second step whose code was accepted: a code is never accepted twice.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device",
                                verbose_name=_("用户"))
    secret_box = models.CharField(max_length=200)
    last_step = models.BigIntegerField(default=-1)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("两步验证")
        verbose_name_plural = _("两步验证")

    def __str__(self) -> str:
        return f"{self.user} · {'on' if self.confirmed_at else 'pending'}"


class RecoveryCode(models.Model):
    """One of the ten single-use codes shown once at enrolment; only a keyed hash is kept."""

    device = models.ForeignKey(TOTPDevice, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("两步验证恢复码")
        verbose_name_plural = _("两步验证恢复码")

    def __str__(self) -> str:
        return f"{self.device.user} · {'used' if self.used_at else 'unused'}"
