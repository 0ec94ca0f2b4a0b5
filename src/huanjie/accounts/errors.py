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
