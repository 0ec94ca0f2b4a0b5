from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class CandidateError(Exception):
    message = _("候选人操作未能完成。")

    def __init__(self, **params: object) -> None:
        self.params = params
        super().__init__(str(self))

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


class RecruitmentExists(CandidateError):
    message = _("本次换届已经开始征集候选人。")


class RecruitmentClosed(CandidateError):
    message = _("候选人名单已进入公示，不再接受提名。")


class NotAnOwnerHere(CandidateError):
    message = _("%(name)s 不是本小区业主名册中房号 %(unit)s 的业主，不能被提名。")


class AlreadyNominated(CandidateError):
    message = _("%(name)s 已于 %(when)s 以“%(method)s”方式被提名，同一人不能重复提名。")


class ConsentRequired(CandidateError):
    message = _("须本人同意公示个人基本信息，才能作为候选人。")


class TooFewSupporters(CandidateError):
    message = _("联名推荐需要至少 %(need)s 户业主，现有有效联名 %(have)s 户。")


class SupporterRejected(CandidateError):
    message = _("联名房号“%(code)s”无效：%(reason)s")


class WrongCandidateState(CandidateError):
    message = _("%(name)s 目前的状态是“%(status)s”，不能%(action)s。")


class UnknownCondition(CandidateError):
    message = _("“%(condition)s”不是本次资格审查的条件。")


class ReasonRequired(CandidateError):
    message = _("请写明理由，理由会告知候选人本人。")


class EvidenceRequired(CandidateError):
    message = _("请写明核实依据（查阅了什么、向谁核实）。")


class PledgeFileRequired(CandidateError):
    message = _("请上传候选人签署的书面承诺书。")


class ArrearsOnRecord(CandidateError):
    message = _("欠费名单显示被提名人名下房屋欠费合计 %(amount)s 元（%(units)s）；如已缴清，请上传缴费凭证。")


class NothingPending(CandidateError):
    message = _("%(name)s 已没有待核实的条件。")


class ArrearsNeedsOwnCheck(CandidateError):
    message = _("欠费名单显示被提名人名下房屋欠费合计 %(amount)s 元（%(units)s），“%(condition)s”须单独核实"
                "（如已缴清，上传缴费凭证）；其余条件可以一并确认。")


class UnitNotDelivered(CandidateError):
    message = _("房号 %(unit)s 尚未交付，买受人尚未合法占有该房屋，还不是可以被提名的业主"
                "（《最高人民法院关于审理建筑物区分所有权纠纷案件适用法律若干问题的解释》第一条）。"
                "如其另有已交付的房屋，请以该房屋提名。")


class ArrearsImportRejected(CandidateError):
    message = _("欠费名单有 %(count)s 处错误，未导入：%(problems)s")


class NotAPanelist(CandidateError):
    message = _("%(name)s 没有本小区评审团成员的账号，请先授权。")


class AlreadyOnPanel(CandidateError):
    message = _("%(name)s 已在评审团中。")


class RubricLocked(CandidateError):
    message = _("已有评审团成员提交评分，评分标准不能再改。")


class NotYourAssignment(CandidateError):
    message = _("这位候选人没有分配给您评审。")


class ConflictOfInterest(CandidateError):
    message = _("您已申报与 %(name)s 存在利益冲突，不能为其评分。")


class AlreadyScored(CandidateError):
    message = _("您已于 %(when)s 提交了对 %(name)s 的评分，不能重复提交或修改。")


class ScoreOutOfRange(CandidateError):
    message = _("“%(criterion)s”的分数应在 0 至 %(max)s 之间，填写的是 %(points)s。")


class InterviewNotScheduled(CandidateError):
    message = _("%(name)s 的面试尚未安排，不能评分：评分针对面试，请先安排面试时间和地点。")


class InterviewNotYet(CandidateError):
    message = _("%(name)s 的面试定于 %(when)s，面试开始后才能提交评分。")


class NominationsStillOpen(CandidateError):
    message = _("报名期至 %(ends)s 止，报名期内不能%(action)s：候选人名单须由全部报名产生"
                "（《上海市住宅物业管理规定》第二十一条）。请于 %(next_day)s 起再办理。")


class NominationsNeverClosed(CandidateError):
    message = _("候选人征集公告尚未发布（或未设报名期），报名没有截止，不能%(action)s。"
                "请先发布候选人征集公告，报名期满后再办理（《上海市住宅物业管理规定》第二十一条）。")


class ScoreMissing(CandidateError):
    message = _("“%(criterion)s”还没有打分。")


class PanelNotComplete(CandidateError):
    message = _("%(name)s 的评审团评分尚未全部提交（%(done)s/%(total)s）。")


class DecisionNeedsReason(CandidateError):
    message = _("与评审团意见不同的决定须写明理由。")


class UndecidedCandidates(CandidateError):
    message = _("还有 %(count)s 名被提名人未完成资格审查或评审决定：%(names)s。")


class NoCandidates(CandidateError):
    message = _("没有拟列入名单的候选人。")


class CandidateNoticeExists(CandidateError):
    message = _("候选人名单公示已经生成（%(title)s）。")


class CandidateNoticeMissing(CandidateError):
    message = _("候选人名单尚未公示，不能确定正式候选人名单。")


class FinalListPublished(CandidateError):
    message = _("正式候选人名单已于 %(day)s 确定。")


class MeetingNeedsCandidateList(CandidateError):
    message = _("候选人名单公示发布后，才能安排候选人见面会。")


class MeetingAlreadyHeld(CandidateError):
    message = _("见面会纪要已于 %(day)s 存档，会议记录不能再改。")


class MeetingNotStarted(CandidateError):
    message = _("见面会 %(when)s 才开始，会后才能存档纪要。")


class MeetingNoticeExists(CandidateError):
    message = _("见面会公告已经生成（%(title)s）。")


class QuestionsClosed(CandidateError):
    message = _("见面会已于 %(when)s 开始，会前提问已截止，请在会上现场提问。")


class NotOnMeetingList(CandidateError):
    message = _("%(name)s 不在本次见面会的候选人名单中。")


class AbsenceNeedsNote(CandidateError):
    message = _("%(name)s 缺席，请写明缺席原因。")


class TextRequired(CandidateError):
    message = _("请填写%(what)s。")


class UnitNotInCommunity(CandidateError):
    message = _("房号“%(code)s”不是本小区的房号。")


class NominationPeriodOver(CandidateError):
    message = _("候选人征集公告的报名期已于 %(ends)s 结束，不再接受报名、提名或联名。")


class NotCollecting(CandidateError):
    message = _("对 %(name)s 的联名推荐已经%(state)s，不再需要联名。")


class NotYourUnit(CandidateError):
    message = _("%(name)s 不是房号 %(unit)s 的登记业主，不能以该房屋联名。")


class CommitteeSizeRefused(CandidateError):
    message = _("业委会委员名额 %(seats)s 名不合法：%(reason)s")


class SlateDecisionMissing(CandidateError):
    message = _("候选人 %(n)s 名，应选委员 %(seats)s 名，候选人数不多于应选名额（等额选举或候选人不足）。"
                "须由换届改选小组对 %(n)s 名候选人作出决定并写明理由，才能%(action)s。")


class SlateContested(CandidateError):
    message = _("候选人 %(n)s 名，多于应选委员 %(seats)s 名，是差额选举，不需要作等额（或不足额）决定。")


class OfficialIsCandidate(CandidateError):
    message = _("%(name)s 是本次业主大会的%(duty)s，不能同时作为候选人（监票人、计票人不得为候选人）。"
                "如其参选，须先免去其%(duty)s职务。")
