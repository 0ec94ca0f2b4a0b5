"""Why a purge of personal data is refused, each with the message the street office reads."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class PersonalDataError(Exception):
    message = _("个人信息操作未能完成。")

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class PurgeTooEarly(PersonalDataError):
    message = _(
        "%(community)s 的个人信息最早可于 %(earliest)s 删除，今天是 %(today)s，不能删除：选举结果公告"
        "（%(announced)s）后一年内业主可以请求人民法院撤销业主大会的决定（《最高人民法院关于审理建筑物区分所有权纠纷案件适用法律若干问题的解释》第十二条），"
        "选票和相关记录须保留。"
    )


class PurgeHolidaysNotVerified(PersonalDataError):
    message = _("%(community)s 暂不能删除个人信息：一年质疑期的最后一日在 %(year)s 年，该年的国务院节假日安排尚未核对"
                "（未核对节假日），不能确定质疑期何时结束（《民法典》第二百零三条）。请系统管理员录入该年的节假日安排。")


class NothingAnnounced(PersonalDataError):
    message = _("%(community)s 不能删除个人信息：%(reason)s")


class PurgeOnHold(PersonalDataError):
    message = _("%(community)s 已暂缓删除个人信息：%(reason)s")
