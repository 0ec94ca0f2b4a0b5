from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class VisitError(Exception):
    message = _("走访记录未能保存。")

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class UnknownUnit(VisitError):
    message = _("本小区没有房号“%(code)s”，请核对楼栋和房号（如 1号楼101室，也可写 1-101）。")


class AmbiguousUnit(VisitError):
    message = _("“%(code)s”可能是 %(units)s，请写明单元（如 1-2-101）或照名册写全房号。")


class FutureVisit(VisitError):
    message = _("走访日期 %(day)s 晚于今天（%(today)s），不能登记尚未发生的走访。")


class FollowUpBeforeVisit(VisitError):
    message = _("再次走访日期 %(follow_up)s 早于本次走访日期 %(day)s。")


class VisitorMissing(VisitError):
    message = _("请填写走访人。")


class KeyReused(VisitError):
    message = _("提交编号 %(key)s 已用于房号 %(code)s 的另一条走访记录，未重复保存。")
