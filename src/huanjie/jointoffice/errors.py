from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class JointOfficeError(Exception):
    message = _("合署办公记录未能保存。")

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class DutyTaken(JointOfficeError):
    message = _("%(day)s %(period)s %(party)s已安排 %(person)s 值班。")


class WrongMatterStatus(JointOfficeError):
    message = _("督办事项第%(number)s号现为“%(actual)s”，不能%(action)s。")


class ResultRequired(JointOfficeError):
    message = _("办结督办事项第%(number)s号，须写明办理结果。")


class BadFollowUps(JointOfficeError):
    message = _("会议纪要未保存，跟进事项有误：%(problems)s")
