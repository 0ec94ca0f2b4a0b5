"""The demo's candidates: recruitment, eligibility, a five-member panel, the candidate notice, the final list.

Everything goes through the real services, so the demo carries the same audit trail and the
same checks as a real election, each step on its day of demo/timeline.py: the ten-day call, the
nominations in it, the eligibility check after it closed, the interviews, the candidate list 公示
with the roster and the voting rules (two objections in it — one upheld, one dismissed), the final
list once its seven days were over, then the candidates' meeting (demo/meeting.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from huanjie.accounts.models import Role
from huanjie.candidates.models import Affiliation, Candidate, NominationMethod, Recruitment, SourceChannel
from huanjie.candidates.services import eligibility, nominations, panel, recruitment, slate
from huanjie.candidates.services.nominations import Profile
from huanjie.demo import files
from huanjie.demo.meeting import load_meeting
from huanjie.demo.progress import mark_done
from huanjie.demo.timeline import CALL_DAYS, ROSTER_NOTICE_DAYS, DemoTimeline
from huanjie.demo.users import DEMO_PASSWORD
from huanjie.notices import drafts
from huanjie.notices import services as notices
from huanjie.office.services import grant_role
from huanjie.reelection.models import Reelection
from huanjie.roster.models import Community, Unit
from huanjie.rules.eligibility import Condition, arrears_condition, arrears_key, required_conditions
from huanjie.rules.timeline import Stage


@dataclass(frozen=True)
class DemoPanelist:
    username: str
    full_name: str
    affiliation: str


# `pingshen` (陈律师) comes from demo/users.py; these four complete a panel of five.
MORE_PANELISTS = (
    DemoPanelist("pingshen2", "周科长", Affiliation.STREET),
    DemoPanelist("pingshen3", "吴书记", Affiliation.RESIDENTS_COMMITTEE),
    DemoPanelist("pingshen4", "郑阿姨", Affiliation.OWNER_REP),
    DemoPanelist("pingshen5", "孙工程师", Affiliation.OWNER_REP),
)


@dataclass(frozen=True)
class DemoNominee:
    unit: str
    method: str
    channel: str
    profile: Profile
    scores: tuple[tuple[int, int, int], ...]  # (自我陈述/30, 履职思路/40, 现场答辩/30) per panelist


def _p(gender: str, age: str, job: str, party: bool, skills: list[str], statement: str) -> Profile:
    return Profile(gender=gender, age_band=age, occupation=job, party_member=party, skills=skills,
                   time_available="evenings", statement=statement)


NOMINEES = (
    DemoNominee("1-0301", NominationMethod.SELF, SourceChannel.ONLINE,
                _p("female", "36-50", "注册会计师", True, ["finance"], "愿意把公共收益的账目每月公开。"),
                ((26, 35, 26), (25, 34, 27), (27, 36, 25), (24, 33, 26), (28, 37, 27))),
    DemoNominee("2-0702", NominationMethod.JOINT, SourceChannel.PAPER_FORM,
                _p("male", "51-65", "退休工程师", False, ["engineering"], "电梯更新和外墙修缮，我能把好技术关。"),
                ((25, 33, 24), (26, 35, 25), (24, 32, 24), (27, 34, 26), (25, 33, 25))),
    DemoNominee("3-0404", NominationMethod.SELF, SourceChannel.OWNERS_GROUP,
                _p("female", "18-35", "律师", False, ["law"], "为业委会的合同和决议把法律关。"),
                ((27, 36, 28), (26, 37, 27), (28, 36, 26), (25, 35, 27), (27, 38, 28))),
    DemoNominee("4-0902", NominationMethod.RESIDENTS_COMMITTEE, SourceChannel.HOME_VISIT,
                _p("male", "51-65", "楼组长", True, ["property"], "做了八年楼组长，熟悉每家每户。"),
                ((22, 30, 22), (23, 31, 21), (21, 29, 23), (24, 30, 22), (22, 32, 21))),
    DemoNominee("5-0603", NominationMethod.SELF, SourceChannel.BULLETIN,
                _p("female", "36-50", "物业经理（外小区）", False, ["property"], "懂物业服务合同，能帮大家看清账。"),
                ((23, 31, 22), (24, 30, 23), (22, 32, 24), (23, 33, 22), (24, 31, 23))),
    DemoNominee("5-1104", NominationMethod.SELF, SourceChannel.PAPER_FORM,
                _p("male", "36-50", "中学教师", True, [], "周末和晚上都有时间。"),
                ((20, 28, 20), (21, 29, 19), (19, 27, 21), (22, 28, 20), (20, 30, 19))),
    DemoNominee("2-1203", NominationMethod.SELF, SourceChannel.ONLINE,
                _p("male", "66+", "退休职工", False, [], "想为小区出一份力。"),
                ((12, 15, 10), (10, 14, 9), (11, 16, 12), (9, 13, 10), (12, 15, 11))),
    DemoNominee("3-1501", NominationMethod.SELF, SourceChannel.ONLINE,
                _p("male", "36-50", "个体经营", False, ["finance"], "愿意参与小区管理。"),
                ()),  # excluded at the eligibility check: property fees owed
)
ARREARS_UNIT = "3-1501"
SEATS = 5
ARREARS_BASIS = "五月花生活广场业主大会议事规则第十二条"
JOINT_SUPPORTERS = ("2-0701", "2-0703", "2-0704", "2-0801", "2-0802")


def load_candidates(community: Community, timeline: DemoTimeline) -> Recruitment:
    staff = get_user_model().objects.get(username="xiaozu")
    reelection = Reelection.objects.get(community=community)
    round_ = recruitment.start_recruitment(reelection=reelection, actor=staff)
    # 欠费 is a condition the demo's rules of procedure add (not in the current SH art. 20; issue 16 §5).
    round_ = recruitment.update_settings(recruitment=round_, values={
        "seats": SEATS, "extra_conditions": [arrears_condition(ARREARS_BASIS)]}, actor=staff)
    called_on = timeline.call_published
    call = recruitment.draft_call_notice(recruitment=round_, actor=staff, days=CALL_DAYS)
    call = notices.publish_notice(notice=call, actor=staff, today=called_on, now=timeline.at(called_on, 9))
    nominations.import_arrears(recruitment=round_, actor=staff,
                               text=f"房号,欠费金额,说明\n{ARREARS_UNIT},2460.00,2025年物业服务费\n")
    members = _panel(community, round_, staff)
    # Nominations came in during the call's ten-day period.
    nominated_on = called_on + timedelta(days=5)
    candidates = [_nominate(community, round_, staff, nominee, nominated_on, timeline.at(nominated_on, 10 + n))
                  for n, nominee in enumerate(NOMINEES)]
    assert call.period_ends_on is not None
    mark_done(reelection, Stage.CALL_FOR_CANDIDATES, call.period_ends_on, staff)
    for n, candidate in enumerate(candidates):
        _check(candidate, staff, timeline.at(timeline.checked_on, 9, n * 5))
    mark_done(reelection, Stage.ELIGIBILITY, timeline.checked_on, staff)
    for nominee, candidate in zip(NOMINEES, candidates, strict=True):
        if nominee.scores:
            _interview(candidate, members, nominee.scores, timeline.interviews_on)
    mark_done(reelection, Stage.INTERVIEWS, timeline.interviews_on, staff)
    decided = timeline.at(timeline.interviews_on + timedelta(days=1), 10)
    for candidate in candidates:
        candidate.refresh_from_db()
        if candidate.status == "eligible":
            follow = bool(candidate.panel_recommended)
            slate.decide_shortlist(candidate=candidate, shortlist=follow, actor=staff, now=decided,
                                   reason="" if follow else "面试评审得分低于推荐分数线，工作小组同意评审团意见。")
    _candidate_notice(round_, staff, candidates, timeline)
    _roster_notice(reelection, staff, timeline)
    mark_done(reelection, Stage.CANDIDATE_NOTICE, timeline.candidates_listed, staff)
    # The upheld objection left five candidates for five seats: the working group decides to elect from them
    # (issue 16 §4: no more candidates than seats needs its decision and reason, printed on the notices).
    slate.decide_uncontested(recruitment=round_, actor=staff, today=timeline.final_list_on,
                             reason="候选人名单公示期间一名候选人因异议成立被撤回，剩余候选人与应选名额相同；"
                                    "两轮征集后无其他符合条件的报名人，换届改选小组决定按现有名单选举。")
    slate.publish_final_list(recruitment=round_, actor=staff, today=timeline.final_list_on,
                             now=timeline.at(timeline.final_list_on, 10))
    load_meeting(round_, staff, timeline)
    mark_done(reelection, Stage.CANDIDATES_MEETING, timeline.meeting_on, staff)
    return round_


def _panel(community: Community, round_: Recruitment, staff: AbstractBaseUser) -> list[AbstractBaseUser]:
    User = get_user_model()
    users = [User.objects.get(username="pingshen")]
    for extra in MORE_PANELISTS:
        user = User.objects.create_user(extra.username, password=DEMO_PASSWORD, first_name=extra.full_name)
        grant_role(user=user, role=Role.PANELIST, community=community, actor=None)
        users.append(user)
    affiliations = [Affiliation.LEGAL_EXPERT] + [extra.affiliation for extra in MORE_PANELISTS]
    for user, affiliation in zip(users, affiliations, strict=True):
        panel.add_panelist(recruitment=round_, user=user, affiliation=affiliation, actor=staff)
    return users


def _nominate(community: Community, round_: Recruitment, staff: AbstractBaseUser, nominee: DemoNominee,
              day: date, at: datetime) -> Candidate:
    unit = Unit.objects.get(community=community, code=nominee.unit)
    supporters = list(Unit.objects.filter(community=community, code__in=JOINT_SUPPORTERS)) \
        if nominee.method == NominationMethod.JOINT else []
    nomination = nominations.nominate(
        recruitment=round_, owner=unit.owners.order_by("identifier").first(), unit=unit, method=nominee.method,
        channel=nominee.channel, profile=nominee.profile, consent=True, actor=staff, supporters=supporters, today=day,
        now=at)
    return nomination.candidate


def _check(candidate: Candidate, staff: AbstractBaseUser, at: datetime) -> None:
    arrears = arrears_key(candidate.recruitment.extra_conditions)
    for condition in required_conditions(len(candidate.recruitment.extra_conditions)):
        if condition == Condition.OWNER:
            continue
        if condition == arrears and candidate.nomination.unit.code == ARREARS_UNIT:
            eligibility.record_check(candidate=candidate, condition=condition, met=False,
                                     evidence="物业服务企业欠费名单", actor=staff,
                                     reason="欠交2025年物业服务费2460.00元，至审查时尚未补缴"
                                            f"（{ARREARS_BASIS}）。", now=at)
            return
        pledge = SimpleUploadedFile("书面承诺.pdf", files.pdf("pledge"), content_type="application/pdf") \
            if condition == Condition.PLEDGE else None
        evidence = {Condition.PLEDGE: "本人签署的书面承诺书（扫描件）", arrears: "物业服务企业欠费名单中无本人名下房屋",
                    Condition.PROPERTY_COMPANY: "物业服务企业出具的在职人员名单中无本人及亲属"}.get(
            condition, "居委会、城管及房办台账核实无记录")
        eligibility.record_check(candidate=candidate, condition=condition, met=True, evidence=evidence, reason="",
                                 actor=staff, evidence_file=pledge, now=at)


def _interview(candidate: Candidate, members: list[AbstractBaseUser],
               scores: tuple[tuple[int, int, int], ...], day: date) -> None:
    panelists = list(candidate.recruitment.panelists.order_by("pk"))
    # After the call closed; each panelist scores the evening of the interview.
    evening = timezone.make_aware(datetime.combine(day, time(19, candidate.pk % 4 * 15)))
    panel.schedule_interview(candidate=candidate, at=evening, place="居委会二楼会议室", actor=None)
    panel.assign_panel(candidate=candidate, panelists=panelists, actor=None)
    criteria = list(candidate.recruitment.criteria.order_by("sort_key"))
    for user, member, points in zip(members, panelists, scores, strict=True):
        assignment = candidate.assignments.get(panelist=member)
        # The owner representative 郑阿姨 lives next door to the retired engineer: she steps aside for him.
        if user.get_username() == "pingshen4" and candidate.nomination.unit.code == "2-0702":
            panel.declare_conflict(assignment=assignment, note="与候选人是同一楼层的邻居，多年交好。", actor=user)
            continue
        panel.submit_scores(assignment=assignment, points=dict(zip([c.pk for c in criteria], points, strict=True)),
                            comment="", actor=user, now=evening + timedelta(hours=1))


def _candidate_notice(round_: Recruitment, staff: AbstractBaseUser, candidates: list[Candidate],
                      timeline: DemoTimeline) -> None:
    """The list posted for seven days; two objections in them, both answered the day they came in."""
    published_on = timeline.candidates_listed
    notice = notices.publish_notice(
        notice=slate.draft_candidate_notice(recruitment=round_, actor=staff, today=published_on), actor=staff,
        today=published_on, now=timeline.at(published_on, 9))
    by_unit = {c.nomination.unit.code: c for c in candidates}
    withdrawn, kept = by_unit["5-0603"], by_unit["4-0902"]
    raised = published_on + timedelta(days=2)
    upheld = notices.raise_objection(
        notice=notice, text="该候选人的配偶在本小区物业服务企业担任客服主管。", objector_name="王*", objector_unit=None,
        actor=staff, today=raised, subject=withdrawn, subject_label=withdrawn.name,
        evidence=_photo("工牌照片.jpg"))
    notices.decide_objection(objection=upheld, upheld=True, actor=staff, now=timeline.at(raised, 17),
                             reason="经向物业服务企业核实，其配偶现任本小区客服主管，"
                                    "不符合《上海市住宅物业管理规定》第二十条，撤回其候选人资格。")
    raised = published_on + timedelta(days=3)
    dismissed = notices.raise_objection(
        notice=notice, text="该候选人年纪偏大，恐难胜任。", objector_name="李*", objector_unit=None, actor=staff,
        today=raised, subject=kept, subject_label=kept.name)
    notices.decide_objection(objection=dismissed, upheld=False, actor=staff, now=timeline.at(raised, 17),
                             reason="年龄不是法定条件；该候选人已通过资格审查和评审团面试，异议不成立。")


def _roster_notice(reelection: Reelection, staff: AbstractBaseUser, timeline: DemoTimeline) -> None:
    """The roster and the voting rules posted with the candidate list, at least 15 days before the first day
    of voting (《上海市住宅物业管理规定》第二十九条)."""
    roster = drafts.draft_roster_notice(reelection=reelection, rules_text=drafts.default_rules_text(
                                            SEATS, online=drafts.online_voting_adopted(reelection.community_id)),
                                        period_days=ROSTER_NOTICE_DAYS, event_on=timeline.voting_first_day,
                                        actor=staff)
    notices.publish_notice(notice=roster, actor=staff, today=timeline.candidates_listed,
                           now=timeline.at(timeline.candidates_listed, 9, 30))


def _photo(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, files.image("JPEG"), content_type="image/jpeg")
