from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class TrainingError(Exception):
    message = _("培训记录未能保存。")

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class TraineeExists(TrainingError):
    message = _("“%(name)s”已在本届委员名单中。")


class CourseExists(TrainingError):
    message = _("课程“%(title)s”已经有了。")


class SessionInFuture(TrainingError):
    message = _("课程“%(course)s”的这次培训在 %(day)s，还没有举行，不能登记出勤。")


class NotATrainee(TrainingError):
    message = _("“%(name)s”不是本次换届新一届委员名单中的人，不能登记出勤。")


class MaterialRefused(TrainingError):
    message = _("资料“%(name)s”未能上传：%(reason)s")
