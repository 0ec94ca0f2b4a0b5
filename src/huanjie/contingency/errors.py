from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class ContingencyError(Exception):
    message = _("应急预案未能保存。")

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class PlanExists(ContingencyError):
    message = _("本次换届已有“%(event)s”的应急预案，请在原预案上修改。")


class WrongPlanStatus(ContingencyError):
    message = _("“%(event)s”现为“%(actual)s”，只有“%(expected)s”时才能%(action)s。")


class RoleRequired(ContingencyError):
    message = _("检查项“%(item)s”须由%(role)s勾选，您在本小区没有这个角色。")


class AlreadyTicked(ContingencyError):
    message = _("检查项“%(item)s”已由 %(who)s 于 %(when)s 勾选。")


class ChecklistOpen(ContingencyError):
    message = _("还有 %(count)s 项会前检查未完成（%(items)s），全部完成后才能宣布“%(event)s”开始。")


class IncidentIncomplete(ContingencyError):
    message = _("请写明发生的情况和采取的处置措施。")
