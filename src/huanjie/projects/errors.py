from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class ProjectError(Exception):
    message = _("实事项目未能保存。")

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class MotionRequired(ProjectError):
    message = _("使用专项维修资金须经业主大会表决通过（《民法典》第二百七十八条第一款第五项），"
                "请关联已通过的表决事项。")


class MotionNotPassed(ProjectError):
    message = _("表决事项“%(motion)s”%(reason)s，不能作为使用专项维修资金的依据。")


class BadBudget(ProjectError):
    message = _("预算金额须大于零，最多两位小数（现为 %(value)s）。")


class WrongProjectStatus(ProjectError):
    message = _("项目“%(title)s”现为“%(actual)s”，只有“%(expected)s”时才能%(action)s。")


class BadProgress(ProjectError):
    message = _("进度须在 0 到 100 之间，且不能低于已记录的 %(current)s%%（填写的是 %(value)s）。")


class CannotComplete(ProjectError):
    message = _("项目“%(title)s”还不能竣工：%(reason)s")


class PhotoRefused(ProjectError):
    message = _("照片“%(name)s”未能上传：%(reason)s")


class DemandNotLinkable(ProjectError):
    message = _("第%(number)s号诉求不能关联：%(reason)s")


class RestrictedDuringReelection(ProjectError):
    message = _("项目“%(title)s”%(matter)s：换届期间（自换届改选小组成立至新一届业主委员会选举产生），现任业主委员会"
                "不得决定使用专项维修资金或选聘、解聘物业服务企业（《上海市住宅物业管理规定》第二十八条）。"
                "请先由街道办事处记录同意。")


class ConsentNotForThis(ProjectError):
    message = _("所选街道同意记录不属于本小区正在进行的换届，不能作为依据。")


class ConsentByStreetOfficeOnly(ProjectError):
    message = _("同意只能由本小区所属街道办事处的督导人员记录（《上海市住宅物业管理规定》第二十八条）。")


class NoReelectionUnderWay(ProjectError):
    message = _("本小区目前没有进行中的换届（换届改选小组尚未成立，或新一届业主委员会已选出），无须街道同意。")


class ConsentIncomplete(ProjectError):
    message = _("请写明同意的事项和理由。")
