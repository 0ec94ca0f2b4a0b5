from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class LedgerError(Exception):
    message = _("诉求台账未能保存。")

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class InvalidTransition(LedgerError):
    message = _("第%(number)s号诉求现为“%(actual)s”，不能改为“%(target)s”；下一步只能是：%(allowed)s。")


class ReopenNotAllowed(LedgerError):
    message = _("第%(number)s号诉求现为“%(actual)s”，只有已答复或已办结的诉求可以重新办理。")


class AnswerRequired(LedgerError):
    message = _("第%(number)s号诉求还没有填写给业主的答复，不能%(action)s。")


class HandlerRequired(LedgerError):
    message = _("分派第%(number)s号诉求前，请选择承办单位。")


class ReasonRequired(LedgerError):
    message = _("重新办理第%(number)s号诉求，须写明理由。")


class DueBeforeRecorded(LedgerError):
    message = _("办理期限 %(due)s 早于登记日期 %(recorded)s。")


class FutureDate(LedgerError):
    message = _("登记日期 %(day)s 晚于今天（%(today)s）。")


class BadDuplicate(LedgerError):
    message = _("第%(number)s号诉求不能标为第%(original)s号的重复：%(reason)s")


class FollowUpNotDue(LedgerError):
    message = _("第%(number)s号诉求现为“%(actual)s”，办结后才能回访。")


class CategoryMissing(LedgerError):
    message = _("分类“%(name)s”不存在或已停用。")


class CategoryExists(LedgerError):
    message = _("分类“%(name)s”已经有了。")


class PhotoRefused(LedgerError):
    message = _("照片“%(name)s”未能上传：%(reason)s")
