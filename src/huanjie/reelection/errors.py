from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class ProgressError(Exception):
    message = _("进度未能保存。")

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class StageAlreadyDone(ProgressError):
    message = _("“%(stage)s”已于 %(day)s 标记完成。")


class DoneInFuture(ProgressError):
    message = _("完成日期 %(day)s 晚于今天（%(today)s）。")


class EvidenceRequired(ProgressError):
    message = _("“%(stage)s”须上传佐证材料（公示照片、签字记录或回执等）后才能标记完成。")


class EvidenceRefused(ProgressError):
    message = _("佐证材料“%(name)s”未能上传：%(reason)s")


class AssemblyTooLate(ProgressError):
    message = _("业主大会会议日期 %(day)s 不在本届任期届满日 %(end)s 之前，新一届业委会须在任期届满前选出。")


class TermAlreadyStarted(ProgressError):
    message = _("本小区第 %(term)s 届业委会的换届已经启动（%(day)s）。")
