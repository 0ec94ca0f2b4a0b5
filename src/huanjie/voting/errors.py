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


class VoteNotAnnounced(VotingError):
    message = _("“%(title)s”不能开始投票：%(missing)s尚未发布。请先起草并发布%(missing)s，且须在投票首日"
                "（%(first_day)s）%(days)s 日以前、即最迟 %(latest)s 发布（《物业管理条例》第十四条、"
                "《上海市住宅物业管理规定》第二十九条）。")


class VoteAnnouncedTooLate(VotingError):
    message = _("“%(title)s”不能开始投票：“%(notice)s”于 %(published)s 发布，不足投票首日（%(first_day)s）"
                "%(days)s 日以前，最迟应于 %(latest)s 发布（《物业管理条例》第十四条、《上海市住宅物业管理规定》"
                "第二十九条）。请另定投票时间，使投票首日在公告发布 %(days)s 日以后，并重新发布召开业主大会公告。")


class MeetingDateDiffers(VotingError):
    message = _("“%(title)s”不能开始投票：召开业主大会公告“%(notice)s”载明的会议日期是 %(announced)s，"
                "本次投票首日却是 %(first_day)s。投票须按公告的日期开始；日期有变的，请撤回原公告，"
                "按新的投票首日重新发布（须在该日 15 日以前）。")


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


class NoSealedBox(VotingError):
    message = _("“%(title)s”还没有封存的票箱，不能开始投票：业主交回的纸质表决票要投进当着监票人封存的票箱，"
                "开箱计票时才能由两位计票人录入。请先在“票箱”页封箱，再开始投票。")


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


class BallotsInconsistent(VotingError):
    message = _("选票记录与其表决票不符，不能计票，也不能导出计票文件。请系统管理员核查这些记录：%(details)s")


class UnknownReceipt(VotingError):
    message = _("没有找到这个回执码，请核对后再输入。")


# -- ballot papers, delivery, proxies, results notices and filing ---------------------------


class PaperCodeUsed(VotingError):
    message = _("表决票 %(serial)s 的表决码已于 %(when)s 用于网上投票，不再补打。")


class UnknownPaper(VotingError):
    message = _("没有编号为“%(serial)s”的表决票。")


class DeliveryIncomplete(VotingError):
    message = _("发放记录不完整：%(reason)s")


class ProxyIncomplete(VotingError):
    message = _("委托书不完整：%(reason)s")


class ProxyFileRejected(VotingError):
    message = _("委托书照片“%(name)s”不能上传：%(reason)s")


class ProxyCapReached(VotingError):
    message = _("受托人%(holder)s已代投 %(count)s 户，达到本次业主大会规定的上限（每人最多 %(cap)s 户），"
                "不能再接受委托。")


class ProxyExists(VotingError):
    message = _("%(units)s 已有有效的委托书（受托人%(holder)s），如需更换，请先撤销原委托。")


class ProxyNotActive(VotingError):
    message = _("这份委托书已撤销，不能再用于投票。")


class CollectorsRequired(VotingError):
    message = _("上门收票须由两位工作人员共同进行，请填写两位不同工作人员的姓名。")


class NotCounted(VotingError):
    message = _("“%(title)s”还没有计票结果，不能发布结果公示或公告。")


class ResultsNoticeExists(VotingError):
    message = _("已经有%(kind)s：“%(title)s”。")


class PreliminaryNoticeMissing(VotingError):
    message = _("请先发布选举结果公示，公示期满且异议答复后再发布结果公告。")


class FinalNoticeMissing(VotingError):
    message = _("选举结果公告尚未发布，备案材料须包含结果公告。")


class ProxyUsed(VotingError):
    message = _("委托书 %(number)s 已经用于投票（%(ballot)s），不能再投。")


class PaperModeLocked(VotingError):
    message = _("“%(title)s”已经制发了 %(papers)s 张表决票（%(mode)s），不能再更改表决票发放方式。")


class UnknownPaperMode(VotingError):
    message = _("未知的表决票发放方式“%(mode)s”：只能是每个投票主体一张票或每个专有部分一张票。")


class NotProxyPaper(VotingError):
    message = _("表决票 %(serial)s 不属于委托书 %(number)s 的委托人（%(units)s）。")


class ProxyPaperUsed(VotingError):
    message = _("委托书 %(number)s 已经用表决票 %(serial)s 投过票（%(ballot)s），不能再投。")


class UnknownCountRule(VotingError):
    message = _("未知的计票设置“%(value)s”。")


class CountRulesNeedBasis(VotingError):
    message = _("“%(choice)s”不是法律规定的默认计票方式，须写明依据（例如：业主大会议事规则第几条）。")


class CountRulesPublished(VotingError):
    message = _("业主名册及表决规则公示已于 %(when)s 发布，其中写明的计票方式不能再更改；确需更改的，请先撤回该公示，"
                "更改后重新公示。")


# -- voting codes: printed once, then one paper at a time with four eyes --------------------


class CodesAlreadyPrinted(VotingError):
    message = _("表决码已于 %(when)s 由%(by)s生成并打印全部表决票，不能再次生成：再生成会让已发出的表决票全部作废。"
                "遗失或损坏的表决票请逐张补发（须监票人或街道督导确认）。")


class CodesNotPrinted(VotingError):
    message = _("“%(title)s”的表决码还没有生成，请先打印全部表决票；补发只针对已发出的某一张表决票。")


class CodeListTooLate(VotingError):
    message = _("表决码已于 %(when)s 由%(by)s生成打印，表决码清单只能在那一次打印时导出，不能再导出。")


class CodeListNotConfirmed(VotingError):
    message = _("表决码清单申请 %(number)s 还没有经监票人或街道督导确认，现在只能打印表决票，不能导出清单。")


class ReleaseIncomplete(VotingError):
    message = _("表决码申请不完整：%(reason)s。")


class ReleaseExists(VotingError):
    message = _("这张表决票（或本次表决码清单）已有一份待确认或待打印的申请，请先处理那一份。")


class ReleaseNotOpen(VotingError):
    message = _("表决码申请 %(number)s 现为“%(status)s”，不能再确认或撤回。")


class ReleaseNotConfirmed(VotingError):
    message = _("表决码申请 %(number)s 现为“%(status)s”：须经另一角色确认后才能打印，打印后不能再打印。")


class SamePersonConfirms(VotingError):
    message = _("表决码申请 %(number)s 须由申请人以外的另一个人确认。")


class SameRoleConfirms(VotingError):
    message = _("表决码申请 %(number)s 由%(role)s提出，须由另一角色（监票人或街道督导）确认。")


class NotYourRelease(VotingError):
    message = _("表决码申请 %(number)s 只能由它的申请人或确认人打印或撤回。")


class CodeReissued(VotingError):
    message = _("这张表决票的表决码已于 %(when)s 作废：%(requester_role)s%(requester)s申请、"
                "%(confirmer_role)s%(confirmer)s确认，补发了新的表决票。如果不是您或您的家人申请的，请在投票截止（%(closes)s）前向%(office)s或本小区"
                "监票人实名提出异议；用补发的表决票投的票在投票进度和计票页上单独标明，开箱计票时当众核查。")


class CandidateAsOfficial(VotingError):
    message = _("%(name)s 是本次换届的候选人（%(status)s），不能担任%(duty)s：监票人、计票人不得为候选人。")


class OfficialNotOwner(VotingError):
    message = _("房号 %(unit)s 的登记业主中没有 %(name)s。业主担任监票人、计票人，请填写其本人的房号和姓名；"
                "非业主（如居委会工作人员）不填房号。")


class OfficialExists(VotingError):
    message = _("%(name)s 已是本次业主大会的%(duty)s。")


class OnlineVotingNotAdopted(VotingError):
    message = _("“%(title)s”不接受网上表决：本小区的业主大会议事规则未采用网上表决方式（议事方式由议事规则规定，"
                "《物业管理条例》第十八条）。请使用纸质表决票。")


class NoRulesOfProcedure(VotingError):
    message = _("本小区尚未登记现行的业主大会议事规则，请先在“议事规则与管理规约”中登记。")
