from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class AccountsError(Exception):
    message = _("操作未能完成。")

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class TooManyAttempts(AccountsError):
    message = _("尝试次数过多，请 %(minutes)s 分钟后再试。")


class OwnerSignInFailed(AccountsError):
    message = _("房号、手机号后四位或登录码不正确。")


class OwnerCodeUsed(OwnerSignInFailed):
    message = _("这个登录码已于 %(when)s 用过，每个登录码只能用一次。如果不是您本人用的，"
                "或家里其他业主也要登录，请联系换届改选小组补发告业主书。")


class OwnerCodeExpired(OwnerSignInFailed):
    message = _("这个登录码已过期（有效期至 %(day)s）。请联系换届改选小组补发告业主书。")


class OwnerCodeVoided(OwnerSignInFailed):
    message = _("这个登录码已作废：%(when)s 补发了新的告业主书，请用新告业主书上的登录码。")
