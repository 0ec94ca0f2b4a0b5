from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class HandoverError(Exception):
    message = _("移交记录未能保存。")

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class HandoverExists(HandoverError):
    message = _("本次换届已有“%(direction)s”的移交清单。")


class AlreadySigned(HandoverError):
    message = _("“%(item)s”%(side)s已由 %(name)s 于 %(day)s 签字。")


class GiverFirst(HandoverError):
    message = _("“%(item)s”交出方尚未签字，接收方不能先签收。")


class BadSignature(HandoverError):
    message = _("“%(item)s”签字未保存：%(reason)s")
