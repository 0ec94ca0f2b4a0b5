"""Notices filled from the data: the owner roster and voting rules, and the election announcement.

The numbers come from where the law is counted — `huanjie.roster.selectors.roster_summary`
(JI arts. 8–9) and the final candidate list — so the wall and the count can never disagree.
Names are masked (个人信息保护法): a notice names owners only as 张*丰.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie.candidates.selectors import final_candidates
from huanjie.candidates.services.slate import notice_table, slate_statement
from huanjie.charter.selectors import rules_of_procedure_in_force
from huanjie.notices import services
from huanjie.notices.errors import NoFinalCandidates, SlateUndecided
from huanjie.notices.models import Notice, NoticeKind
from huanjie.privacy import mask_name
from huanjie.reelection.models import Reelection
from huanjie.roster.models import Ownership
from huanjie.roster.selectors import CountRules, EntityRow, RosterSummary, count_rules_of, roster_summary
from huanjie.rules import JoinRule, WriteInRule
from huanjie.rules.committee import slate_decision_needed

Actor = AbstractBaseUser | None
ROSTER_NOTICE_DAYS = 7
LISTED_CODES = 8  # a long list of units is shortened on the wall: "1-0101、1-0102……等 40 套"
WEEKDAYS = ("一", "二", "三", "四", "五", "六", "日")


def _issuer(reelection: Reelection) -> str:
    return _("%(name)s业主委员会换届改选小组") % {"name": reelection.community.name}


def _day(day: date) -> str:
    return f"{day:%Y年%m月%d日}（星期{WEEKDAYS[day.weekday()]}）"


def _codes(codes: tuple[str, ...]) -> str:
    if len(codes) <= LISTED_CODES:
        return "、".join(codes)
    return _("%(first)s……等 %(n)s 套") % {"first": "、".join(codes[:LISTED_CODES]), "n": len(codes)}


def _masked_owners(reelection: Reelection, codes: tuple[str, ...]) -> str:
    names = (Ownership.objects.filter(community_id=reelection.community_id, unit__code__in=codes)
             .order_by("owner__name").values_list("owner__name", flat=True).distinct())
    return "、".join(mask_name(name) for name in names)


def roster_table(reelection: Reelection, summary: RosterSummary) -> dict[str, object]:
    """Who counts as one head although they hold several units: each multi-unit owner, and the developer."""
    rows: list[list[str]] = []
    for n, entity in enumerate(summary.multi_unit_entities, start=1):
        rows.append([str(n), _masked_owners(reelection, entity.units), _codes(entity.units), str(len(entity.units)),
                     f"{entity.area:.2f}", _("1 人")])
    if summary.developer_units:
        developer = EntityRow(summary.developer_units, summary.developer_area, True)
        rows.append([str(len(rows) + 1), _("建设单位（未出售及已售未交付）"), _codes(developer.units),
                     str(len(developer.units)), f"{developer.area:.2f}", _("1 人")])
    return {"columns": [_("序号"), _("业主（隐去部分姓名）"), _("房号"), _("套数"), _("面积合计（平方米）"),
                        _("计入人数")], "rows": rows}


def default_rules_text(seats: int, *, online: bool) -> str:
    """The voting rules as Civil Code art. 278 and huanjie.rules.tally apply them; staff may adjust the wording.
    `online`: the rules of procedure in force adopt online voting (online_voting_adopted)."""
    methods = (_("采用书面表决票与网上投票相结合的方式") if online
               else _("采用书面表决票的方式（本小区业主大会议事规则未采用网上表决）"))
    return "\n".join([
        _("（一）表决方式：%(methods)s；每个计票单位一张表决票，同一业主拥有多套房屋的只发一张。")
        % {"methods": methods},
        _("（二）有效会议：专有部分面积占比三分之二以上且人数占比三分之二以上的业主参与表决（《民法典》第二百七十八条）。"),
        _("（三）当选条件：候选人须获得参与表决专有部分面积过半数且参与表决人数过半数的业主同意；"
          "达到条件的人数超过应选名额时，按同意的人数从多到少确定当选，人数相同的按面积，仍相同的另行表决。"),
        _("（四）应选业主委员会委员 %(seats)s 名；所选候选人超过应选名额的，该票对候选人的选择无效，但计入参与表决。")
        % {"seats": seats},
        *([_("（五）同一计票单位既在网上投票又投纸质票的，以先收到的表决票为准，后收到的留存备查。")]
          if online else []),
    ])


def roster_body(reelection: Reelection, summary: RosterSummary, rules_text: str, event_on: date | None) -> str:
    lines = [
        _("根据《中华人民共和国民法典》第二百七十八条、《最高人民法院关于审理建筑物区分所有权纠纷案件适用法律若干问题的解释》"
          "第八条、第九条和《上海市住宅物业管理规定》，现将本小区业主名册统计情况和第%(term)s届业主委员会选举的表决规则"
          "公示如下。") % {"term": reelection.term_number},
        _("一、业主名册：本小区共有专有部分（房屋）%(units)s 套，专有部分面积合计 %(area)s 平方米，"
          "登记业主 %(owners)s 人。面积按不动产登记簿记载计算；未登记的，按实测面积或买卖合同记载面积计算。")
        % {"units": summary.unit_count, "area": f"{summary.total_area:.2f}", "owners": summary.owner_count},
        _headcount_rule(summary),
        _("据此，本次应参与表决的业主人数为 %(heads)s 人，专有部分面积为 %(area)s 平方米。")
        % {"heads": summary.eligible_headcount, "area": f"{summary.eligible_area:.2f}"},
        _("三、表决规则："),
        *[line for line in rules_text.splitlines() if line.strip()],
        _write_in_rule(summary.rules),
        _rules_of_procedure_line(reelection.community_id),
        _("四、业主对本人的业主身份、房屋面积或上述计算有异议的，请在公示期内携带不动产权证书等材料向换届改选小组书面提出，"
          "或扫描二维码登录后在网上提出。换届改选小组将逐件核实、答复，并据实更正业主名册。"),
    ]
    if event_on is not None:
        lines.append(_("业主大会会议定于 %(day)s 召开，具体安排另行公告。") % {"day": _day(event_on)})
    return "\n".join(lines)


def _headcount_rule(summary: RosterSummary) -> str:
    """JI art. 9 as the count's `join` applies it (spec/tally.md v2)."""
    numbers = {"multi": len(summary.multi_unit_entities), "dev_units": len(summary.developer_units),
               "dev_area": f"{summary.developer_area:.2f}", "basis": summary.rules.basis}
    if summary.rules.join is JoinRule.SHARED_OWNER:
        joined = _("依据%(basis)s，有共同业主的房屋（含经共有人间接相连的）合并按一人计算"
                   "（共 %(multi)s 户，见附表）") % numbers
    else:
        joined = _("同一买受人（业主完全相同）拥有多套房屋的按一人计算（共 %(multi)s 户，见附表），"
                   "业主不完全相同的房屋各按一人计算") % numbers
    return _("二、业主人数的计算：一套房屋按一人计算；%(joined)s；建设单位尚未出售和已售未交付的房屋 %(dev_units)s 套、"
             "面积 %(dev_area)s 平方米，合计按一人计算，已售未交付房屋的买受人自有的其他房屋仍各按一人计算。") % {
        **numbers, "joined": joined}


def online_voting_adopted(community_id: int) -> bool:
    """Whether the rules of procedure in force today adopt online voting (a new assembly takes the same)."""
    rules = rules_of_procedure_in_force(community_id, on=timezone.localdate())
    return rules is not None and rules.online_voting


def _rules_of_procedure_line(community_id: int) -> str:
    """The rules of procedure the vote follows, and whether they adopt online voting (issue 16 §6): the
    settings a new assembly takes from them, printed where owners can object to them."""
    rules = rules_of_procedure_in_force(community_id, on=timezone.localdate())
    if rules is None:
        return _("本小区尚未登记业主大会议事规则：本次表决只使用书面表决票，计票按法定规则进行。")
    online = (_("网上表决已由%(decision)s采用") % {"decision": rules.online_voting_decision} if rules.online_voting
              else _("该议事规则未采用网上表决，本次表决只使用书面表决票"))
    return _("本次表决依据%(rules)s（%(adopted_by)s通过）；%(online)s。") % {
        "rules": rules.citation, "adopted_by": rules.adopted_by, "online": online}


def _write_in_rule(rules: CountRules) -> str:
    """spec/tally.md rule 5 as the count's `write_in` applies it."""
    if rules.write_in is WriteInRule.VOID_CONTEST:
        return _("表决票上所填姓名（含非候选人）超过每票最多同意人数的，该事项的选择无效；未超过但填写了非候选人的，"
                 "依据%(basis)s，该事项的选择无效。") % {"basis": rules.basis}
    return _("表决票上所填姓名（含非候选人）超过每票最多同意人数的，该事项的选择无效；未超过但填写了非候选人的，"
             "该姓名不计，所选候选人仍有效。")


def seats_of(reelection: Reelection) -> int:
    recruitment = getattr(reelection, "recruitment", None)
    return int(recruitment.seats) if recruitment is not None else 7


@transaction.atomic
def draft_roster_notice(*, reelection: Reelection, rules_text: str, period_days: int, event_on: date | None,
                        actor: Actor) -> Notice:
    """业主名册及表决规则公示, with the headcount and area the count will use (a draft; staff publish it)."""
    summary = roster_summary(reelection.community, count_rules_of(reelection.community, reelection.pk))
    return services.create_notice(
        community=reelection.community, reelection=reelection, kind=NoticeKind.ROSTER_AND_RULES,
        title=_("关于第%(term)s届业主委员会选举业主名册及表决规则的公示") % {"term": reelection.term_number},
        body=roster_body(reelection, summary, rules_text, event_on), table=roster_table(reelection, summary),
        issuer=_issuer(reelection), period_days=period_days, event_on=event_on, actor=actor)


@dataclass(frozen=True)
class AssemblyPlan:
    """What the election announcement says about the meeting; `form` is the label read by owners."""

    voting_from: datetime
    voting_until: datetime
    place: str
    form: str
    agenda: tuple[str, ...]

    @property
    def meeting_on(self) -> date:
        """The first day of the meeting: the statutory 15 days are counted back from it."""
        return timezone.localtime(self.voting_from).date()


def _recruitment_of(reelection: Reelection) -> Any:
    """The re-election's recruitment as stored now (its slate decision may be newer than a cached object)."""
    return apps.get_model("candidates", "Recruitment").objects.filter(reelection_id=reelection.pk).first()


def _slate_sentence(reelection: Reelection, candidates: int) -> str:
    """差额, or the working group's decision to elect from no more candidates than seats, as the notice prints it."""
    recruitment = _recruitment_of(reelection)
    return slate_statement(recruitment, candidates) if recruitment is not None else ""


def election_body(reelection: Reelection, meeting: AssemblyPlan, candidates: int, seats: int) -> str:
    start, end = timezone.localtime(meeting.voting_from), timezone.localtime(meeting.voting_until)
    agenda = [f"{n}. {item}" for n, item in enumerate(meeting.agenda, start=1)]
    return "\n".join([
        _("根据《中华人民共和国民法典》《上海市住宅物业管理规定》和本小区业主大会议事规则，经换届改选小组研究，"
          "定于 %(day)s 起召开%(name)s业主大会会议，选举第%(term)s届业主委员会委员。现将有关事项公告如下。")
        % {"day": _day(meeting.meeting_on), "name": reelection.community.name, "term": reelection.term_number},
        _("一、会议时间：%(start)s 至 %(end)s。") % {"start": f"{start:%Y年%m月%d日 %H:%M}",
                                                 "end": f"{end:%Y年%m月%d日 %H:%M}"},
        _("二、会议形式：%(form)s。") % {"form": meeting.form},
        _("三、投票及开箱计票地点：%(place)s。投票结束后当场开箱、公开计票，欢迎业主到场监督。")
        % {"place": meeting.place},
        _("四、会议议题："),
        *agenda,
        _("五、候选人：经公开征集、资格审查、面试评审和公示，确定正式候选人 %(n)s 名（名单附后），"
          "应选委员 %(seats)s 名。")
        % {"n": candidates, "seats": seats} + _slate_sentence(reelection, candidates),
        _("六、表决规则：专有部分面积占比三分之二以上且人数占比三分之二以上的业主参与表决；候选人获得参与表决专有部分面积"
          "过半数且参与表决人数过半数的业主同意方可当选（《民法典》第二百七十八条）。详见业主名册及表决规则公示。"),
        _("七、表决票将在会议前送达各户。业主因故不能亲自投票的，可以书面委托代理人投票，代理人须持授权委托书。"),
        _("请各位业主积极参加，依法行使权利。"),
    ])


def election_initial(reelection: Reelection) -> dict[str, object]:
    """The form's starting values: from the assembly the voting part set up, when there is one."""
    agenda = _("选举第%(term)s届业主委员会委员") % {"term": reelection.term_number}
    initial: dict[str, object] = {"agenda": agenda}
    Assembly = apps.get_model("voting", "Assembly")
    assembly = Assembly.objects.filter(reelection=reelection).order_by("-opens_at").first()
    if assembly is not None:
        initial.update(voting_from=timezone.localtime(assembly.opens_at),
                       voting_until=timezone.localtime(assembly.closes_at), place=assembly.counting_place,
                       form=assembly.get_form_display())
    return initial


@transaction.atomic
def draft_election_notice(*, reelection: Reelection, meeting: AssemblyPlan, actor: Actor) -> Notice:
    """召开业主大会公告 with the final candidates; publishing it 15 days before the meeting is enforced."""
    listed = final_candidates(reelection)
    if not listed:
        raise NoFinalCandidates()
    recruitment = _recruitment_of(reelection)
    if recruitment is not None and slate_decision_needed(len(listed), recruitment.seats,
                                                         decided_for=recruitment.uncontested_for):
        raise SlateUndecided(n=len(listed), seats=recruitment.seats)
    table = notice_table(listed)
    table.pop("subjects")
    return services.create_notice(
        community=reelection.community, reelection=reelection, kind=NoticeKind.ELECTION,
        title=_("关于召开业主大会会议选举第%(term)s届业主委员会委员的公告") % {"term": reelection.term_number},
        body=election_body(reelection, meeting, len(listed), seats_of(reelection)), table=table,
        issuer=_issuer(reelection), period_days=0, event_on=meeting.meeting_on, actor=actor)
