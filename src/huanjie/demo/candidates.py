"""The demo's candidates: recruitment, eligibility, a five-member panel, the candidate notice, the final list.

Everything goes through the real services, so the demo carries the same audit trail and the
same checks as a real election. Dates run backwards from `today`, in the order the rules
enforce: the final list nineteen days ago, in time for the election notice fifteen days before
the vote opens (demo/voting.py); the candidate notice about twenty-seven days ago (its seven-day
period over by then, two objections in it — one upheld, one dismissed); the interviews two days
before it, after the ten-day call for candidates had closed; the candidates' meeting twenty-one
evenings ago (demo/meeting.py). When a statutory rest day would stretch a period (Civil Code
art. 203 ¶1), the steps before it happened as many days earlier as it takes.
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
from huanjie.candidates.services.slate import CANDIDATE_NOTICE_DAYS
from huanjie.demo import files
from huanjie.demo.meeting import load_meeting
from huanjie.demo.users import DEMO_PASSWORD
from huanjie.notices import services as notices
from huanjie.office.services import grant_role
from huanjie.reelection.models import Reelection
from huanjie.roster.models import Community, Unit
from huanjie.rules.eligibility import Condition, required_conditions


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
CALL_DAYS = 10
FINAL_LIST_DAYS_AGO = 19
JOINT_SUPPORTERS = ("2-0701", "2-0703", "2-0704", "2-0801", "2-0802")


def load_candidates(community: Community, *, today: date) -> Recruitment:
    staff = get_user_model().objects.get(username="xiaozu")
    round_ = recruitment.start_recruitment(reelection=Reelection.objects.get(community=community), actor=staff)
    round_ = recruitment.update_settings(recruitment=round_, values={"seats": 5}, actor=staff)
    final_day = today - timedelta(days=FINAL_LIST_DAYS_AGO)
    listed_on = candidate_notice_day(final_day)
    interviews_on = listed_on - timedelta(days=2)
    called_on = call_day(interviews_on)
    call = recruitment.draft_call_notice(recruitment=round_, actor=staff, days=CALL_DAYS)
    notices.publish_notice(notice=call, actor=staff, today=called_on)
    nominations.import_arrears(recruitment=round_, actor=staff,
                               text=f"房号,欠费金额,说明\n{ARREARS_UNIT},2460.00,2025年物业服务费\n")
    members = _panel(community, round_, staff)
    # Nominations came in during the call's ten-day period.
    candidates = [_nominate(community, round_, staff, nominee, called_on + timedelta(days=5)) for nominee in NOMINEES]
    for nominee, candidate in zip(NOMINEES, candidates, strict=True):
        _check(candidate, staff)
        if nominee.scores:
            _interview(candidate, members, nominee.scores, interviews_on)
    for candidate in candidates:
        candidate.refresh_from_db()
        if candidate.status == "eligible":
            follow = bool(candidate.panel_recommended)
            slate.decide_shortlist(candidate=candidate, shortlist=follow, actor=staff,
                                   reason="" if follow else "面试评审得分低于推荐分数线，工作小组同意评审团意见。")
    _candidate_notice(round_, staff, candidates, listed_on)
    load_meeting(round_, staff, today=today)
    # The upheld objection left five candidates for five seats: the working group decides to elect from them
    # (issue 16 §4: no more candidates than seats needs its decision and reason, printed on the notices).
    slate.decide_uncontested(recruitment=round_, actor=staff, today=final_day,
                             reason="候选人名单公示期间一名候选人因异议成立被撤回，剩余候选人与应选名额相同；"
                                    "两轮征集后无其他符合条件的报名人，换届改选小组决定按现有名单选举。")
    slate.publish_final_list(recruitment=round_, actor=staff, today=final_day)
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
              day: date) -> Candidate:
    unit = Unit.objects.get(community=community, code=nominee.unit)
    supporters = list(Unit.objects.filter(community=community, code__in=JOINT_SUPPORTERS)) \
        if nominee.method == NominationMethod.JOINT else []
    nomination = nominations.nominate(
        recruitment=round_, owner=unit.owners.order_by("identifier").first(), unit=unit, method=nominee.method,
        channel=nominee.channel, profile=nominee.profile, consent=True, actor=staff, supporters=supporters, today=day)
    return nomination.candidate


def _check(candidate: Candidate, staff: AbstractBaseUser) -> None:
    for condition in required_conditions(0):
        if condition == Condition.OWNER:
            continue
        if condition == Condition.FEES_OWED and candidate.nomination.unit.code == ARREARS_UNIT:
            eligibility.record_check(candidate=candidate, condition=condition, met=False,
                                     evidence="物业服务企业欠费名单", actor=staff,
                                     reason="欠交2025年物业服务费2460.00元，至审查时尚未补缴"
                                            "（《上海市住宅物业管理规定》第二十条）。")
            return
        pledge = SimpleUploadedFile("书面承诺.pdf", files.pdf("pledge"), content_type="application/pdf") \
            if condition == Condition.PLEDGE else None
        evidence = {Condition.PLEDGE: "本人签署的书面承诺书（扫描件）",
                    Condition.FEES_OWED: "物业服务企业欠费名单中无此房号",
                    Condition.PROPERTY_COMPANY: "物业服务企业出具的在职人员名单中无本人及亲属"}.get(
            Condition(condition), "居委会、城管及房办台账核实无记录")
        eligibility.record_check(candidate=candidate, condition=condition, met=True, evidence=evidence, reason="",
                                 actor=staff, evidence_file=pledge)


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


def candidate_notice_day(final_day: date) -> date:
    """Eight days before the final list, or earlier until the 7-day period (moved past rest days, art. 203 ¶1)
    ends before it."""
    day = final_day - timedelta(days=8)
    while notices.notice_period_end(day, CANDIDATE_NOTICE_DAYS).last_day >= final_day:
        day -= timedelta(days=1)
    return day


def call_day(interviews_on: date) -> date:
    """Thirteen days before the interviews, or earlier until the call's ten days are over before them."""
    day = interviews_on - timedelta(days=CALL_DAYS + 3)
    while notices.notice_period_end(day, CALL_DAYS).last_day >= interviews_on:
        day -= timedelta(days=1)
    return day


def _candidate_notice(round_: Recruitment, staff: AbstractBaseUser, candidates: list[Candidate],
                      published_on: date) -> None:
    notice = notices.publish_notice(
        notice=slate.draft_candidate_notice(recruitment=round_, actor=staff, today=published_on), actor=staff,
        today=published_on)
    by_unit = {c.nomination.unit.code: c for c in candidates}
    withdrawn, kept = by_unit["5-0603"], by_unit["4-0902"]
    upheld = notices.raise_objection(
        notice=notice, text="该候选人的配偶在本小区物业服务企业担任客服主管。", objector_name="王*", objector_unit=None,
        actor=staff, today=published_on + timedelta(days=2), subject=withdrawn, subject_label=withdrawn.name,
        evidence=_photo("工牌照片.jpg"))
    notices.decide_objection(objection=upheld, upheld=True, actor=staff,
                             reason="经向物业服务企业核实，其配偶现任本小区客服主管，"
                                    "不符合《上海市住宅物业管理规定》第二十条，撤回其候选人资格。")
    dismissed = notices.raise_objection(
        notice=notice, text="该候选人年纪偏大，恐难胜任。", objector_name="李*", objector_unit=None, actor=staff,
        today=published_on + timedelta(days=3), subject=kept, subject_label=kept.name)
    notices.decide_objection(objection=dismissed, upheld=False, actor=staff,
                             reason="年龄不是法定条件；该候选人已通过资格审查和评审团面试，异议不成立。")


def _photo(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, files.image("JPEG"), content_type="image/jpeg")
