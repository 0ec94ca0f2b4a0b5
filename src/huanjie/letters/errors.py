from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class LettersError(Exception):
    message = _("告业主书未能签发。")

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class ExpiryInPast(LettersError):
    message = _("有效期至 %(day)s 早于今天（%(today)s），这样的登录码一发出就不能用。")


class NothingToIssue(LettersError):
    message = _("没有需要签发告业主书的房屋。")


class UnknownUnit(LettersError):
    message = _("本小区名册中没有房号“%(unit)s”。")


class NoLetter(LettersError):
    message = _("%(unit)s 还没有签发告业主书，不能登记送达。")


class DeliveryIncomplete(LettersError):
    message = _("送达记录不完整：%(reason)s。")


class ConfirmVoiding(LettersError):
    message = _("还有 %(count)s 份已签发、尚未使用的登录码会作废（已送到的告业主书将不能用）。"
                "确认要全部重新签发的，请勾选确认后再提交；只给还没有告业主书的房屋签发，请选第二项。")
