from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class OfficeError(Exception):
    message = _("设置未能保存。")

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class OfficeNameTaken(OfficeError):
    message = _("已有名为“%(name)s”的街道办事处。")


class CommunityNameTaken(OfficeError):
    message = _("%(office)s已有名为“%(name)s”的小区。")


class NotAStaffRole(OfficeError):
    message = _("“%(role)s”不能在这里授予：业主凭告业主书上的登录码登录，街道督导由系统管理员授予。")


class RoleAlreadyHeld(OfficeError):
    message = _("%(person)s 在%(scope)s已是%(role)s。")


class PersonNotFound(OfficeError):
    message = _("没有登录账号为“%(username)s”的人员。")


class NotInvitable(OfficeError):
    message = _("%(person)s 已经设置了自己的密码，不能再发设置密码的链接；忘记密码的，请联系系统管理员重置。")
