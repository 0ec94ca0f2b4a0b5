from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class CharterError(Exception):
    message = _("议事规则或管理规约未能保存。")

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class DocumentRefused(CharterError):
    message = _("文本“%(name)s”未能上传：%(reason)s")


class VersionExists(CharterError):
    message = _("%(kind)s“%(version)s”已经登记过；修改后的文本请以新的版本登记。")


class AdoptedInFuture(CharterError):
    message = _("通过日期 %(day)s 还没有到：只登记业主大会已经通过的版本。")


class AdoptionMissing(CharterError):
    message = _("请写明版本和通过该版本的业主大会或决定。")


class AssemblyElsewhere(CharterError):
    message = _("所选业主大会不是本小区的。")


class SettingsOnlyInRules(CharterError):
    message = _("网上表决、计票规则和业委会人数由业主大会议事规则规定（《物业管理条例》第十八条），管理规约中不设置。")


class OnlineVotingNeedsDecision(CharterError):
    message = _("采用网上表决须写明作出该决定的业主大会及表决事项。")


class UnknownSetting(CharterError):
    message = _("未知的设置“%(value)s”。")
