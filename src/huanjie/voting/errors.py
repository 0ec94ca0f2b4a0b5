"""What can go wrong in voting, each with the message the owner or teller reads."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class VotingError(Exception):
    message = _("表决操作未能完成。")

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class InvalidTransition(VotingError):
    message = _("“%(title)s”现为“%(actual)s”，不能%(action)s；只有“%(expected)s”的业主大会可以%(action)s。")


class BadWindow(VotingError):
    message = _("投票截止时间 %(closes)s 应晚于开始时间 %(opens)s。")


class NoContests(VotingError):
    message = _("“%(title)s”还没有表决事项，不能开始投票。")


class BadContest(VotingError):
    message = _("表决事项“%(title)s”有误：%(reason)s")


class RosterNotCountable(VotingError):
    message = _("业主名册无法计票，不能冻结：%(reason)s")


class EmptyRoster(VotingError):
    message = _("业主名册中没有房屋，不能开始投票。")


class WrongVotingCode(VotingError):
    message = _("表决码或手机号后四位不正确。请核对表决票上的表决码，手机号为业主名册登记的号码。")


class CodeAlreadyUsed(VotingError):
    message = _("这张表决票的表决码已经使用过（%(when)s）。如需查询，请使用投票后得到的回执码。")


class OutsideWindow(VotingError):
    message = _("现在不在投票时间内。投票时间为 %(opens)s 至 %(closes)s。")


class VotingNotOpen(VotingError):
    message = _("“%(title)s”现为“%(actual)s”，不接受投票。")


class AlreadyVoted(VotingError):
    message = _("%(units)s 已经投过票（%(channel)s，%(when)s），每户只计一票，本次提交未被接受。")


class TooManyChoices(VotingError):
    message = _("“%(title)s”最多同意 %(limit)s 人，您选了 %(chosen)s 人。")


class UnknownChoice(VotingError):
    message = _("“%(title)s”的选择“%(choice)s”不在选票上。")


class BoxNotOpen(VotingError):
    message = _("票箱“%(box)s”尚未开箱，不能录入其中的表决票。")


class BoxAlreadyOpen(VotingError):
    message = _("票箱“%(box)s”已于 %(when)s 开箱。")


class UnknownSerial(VotingError):
    message = _("没有编号为“%(serial)s”的表决票。")


class AlreadyEntered(VotingError):
    message = _("您已经录入过表决票 %(serial)s，请由另一位计票人录入。")


class ReadingComplete(VotingError):
    message = _("表决票 %(serial)s 已由两位计票人录入（%(status)s），不能再录入。")


class ReasonRequired(VotingError):
    message = _("无效票须选择无效原因。")


class NotAMismatch(VotingError):
    message = _("表决票 %(serial)s 现为“%(status)s”，不需要核对。")


class ResolutionRequired(VotingError):
    message = _("核对表决票 %(serial)s，须写明核对说明。")


class CountBlocked(VotingError):
    message = _("还不能计票：%(reason)s")


class UnknownReceipt(VotingError):
    message = _("没有找到这个回执码，请核对后再输入。")
