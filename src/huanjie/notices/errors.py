from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class NoticeError(Exception):
    message = _("公示操作未能完成。")

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class NoticeIncomplete(NoticeError):
    message = _("公示缺少必填内容：%(fields)s，不能发布。")


class NoticeNotDraft(NoticeError):
    message = _("“%(title)s”的状态是“%(status)s”，只有草稿可以发布或修改。")


class NoticeNotPublished(NoticeError):
    message = _("“%(title)s”尚未发布。")


class NoticePeriodNotOver(NoticeError):
    message = _("“%(title)s”的公示期到 %(ends)s 结束，%(next_day)s 起才能进行下一步。")


class NoticeHolidaysNotVerified(NoticeError):
    message = _("公示期的最后一日在 %(year)s 年，该年的国务院节假日安排尚未核对（未核对节假日），"
                "不能确定公示期何时结束。请系统管理员在“节假日安排”页面录入该年的国务院办公厅通知后再发布。")


class ObjectionsStillOpen(NoticeError):
    message = _("“%(title)s”还有 %(count)s 件异议没有答复，答复后才能进行下一步。")


class ObjectionOutsidePeriod(NoticeError):
    message = _("“%(title)s”的公示期为 %(starts)s 至 %(ends)s，%(today)s 不在公示期内，不能再提出异议。")


class ObjectionAlreadyDecided(NoticeError):
    message = _("这件异议已经%(status)s，不能重复处理。")


class ReasonRequired(NoticeError):
    message = _("请写明理由，理由会告知异议人。")


class EvidenceFileRejected(NoticeError):
    message = _("文件“%(name)s”不能上传：%(reason)s")


class NoticeTooLate(NoticeError):
    message = _("“%(title)s”须在会议日（%(event)s）%(days)s 日以前发布，最迟 %(latest)s；今天是 %(today)s，"
                "已来不及。请改定会议日期后重新起草。")


class NoticeWithdrawn(NoticeError):
    message = _("“%(title)s”已撤回（%(reason)s），请重新起草并发布。")


class WithdrawalReasonRequired(NoticeError):
    message = _("请写明撤回理由，理由会显示在网上公示页。")


class NoFinalCandidates(NoticeError):
    message = _("正式候选人名单尚未确定，不能起草召开业主大会公告。")


class SlateUndecided(NoticeError):
    message = _("正式候选人 %(n)s 名，不多于应选委员 %(seats)s 名，换届改选小组尚未对此作出决定并写明理由，"
                "不能起草召开业主大会公告。请在“候选人”页面记录等额（或不足额）选举的决定。")
