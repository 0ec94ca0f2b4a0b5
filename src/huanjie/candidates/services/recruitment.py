from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huanjie import audit
from huanjie.candidates.errors import CommitteeSizeRefused, RecruitmentExists
from huanjie.candidates.models import CONDITION_LABELS, Criterion, Recruitment
from huanjie.charter.selectors import small_committee_basis
from huanjie.notices import services as notices
from huanjie.notices.models import Notice, NoticeKind
from huanjie.reelection.models import Reelection
from huanjie.rules.committee import SMALL_COMMITTEE, SizeProblem, size_problem

Actor = AbstractBaseUser | None

# The three parts of the interview the working group in Jing'an used (product.md), out of 100.
DEFAULT_RUBRIC = ((gettext_lazy("自我陈述"), 30), (gettext_lazy("履职思路"), 40), (gettext_lazy("现场答辩"), 30))

SETTINGS_FIELDS = ("joint_minimum", "seats", "target_finance", "target_law", "target_buildings",
                   "target_each_gender", "target_street", "target_legal_expert", "target_owner_rep",
                   "pass_mark", "spread_limit", "extra_conditions", "small_committee_basis")

SIZE_REASONS = {
    SizeProblem.EVEN: gettext_lazy("业主委员会委员人数应为单数（《业主大会和业主委员会指导规则》第三十一条；"
                                   "《上海市住宅物业管理规定》第二十条）。"),
    SizeProblem.TOO_MANY: gettext_lazy("业主委员会由五至十一人组成（《业主大会和业主委员会指导规则》第三十一条）。"),
    SizeProblem.TOO_FEW: gettext_lazy("业主委员会由五人以上单数组成；小区总建筑面积不足一万平方米的，可以由三人组成"
                                      "（《上海市住宅物业管理规定》第二十条）。"),
    SizeProblem.AREA_UNKNOWN: gettext_lazy("三人业委会仅限总建筑面积不足一万平方米的小区（《上海市住宅物业管理规定》"
                                           "第二十条），本小区的总建筑面积尚未登记，请先在小区信息中登记。"),
    SizeProblem.NOT_SMALL: gettext_lazy("三人业委会仅限总建筑面积不足一万平方米的小区（《上海市住宅物业管理规定》"
                                        "第二十条），本小区总建筑面积为 %(area)s 平方米。"),
    SizeProblem.BASIS_MISSING: gettext_lazy("业委会由三人组成的，请在“三人业委会的依据”中写明依据"
                                            "（业主大会议事规则的条款或业主大会的决定）。"),
}


def committee_size_refusal(*, seats: int, building_area: Decimal | None, basis: str) -> str | None:
    """Why `seats` is not a lawful committee here (huanjie.rules.committee.size_problem), in words; None if lawful."""
    problem = size_problem(seats, building_area=building_area, basis=basis)
    if problem is None:
        return None
    return str(SIZE_REASONS[problem]) % {"area": building_area} if problem is SizeProblem.NOT_SMALL \
        else str(SIZE_REASONS[problem])


def three_seat_basis(community_id: int, typed: str) -> str:
    """The basis of a three-member committee: what staff wrote, else the rules of procedure in force when they
    provide for one (charter.selectors.small_committee_basis); "" when neither says so."""
    return typed.strip() or small_committee_basis(community_id, on=timezone.localdate())


def ensure_lawful_size(recruitment: Recruitment) -> None:
    """GR art. 31 / SH art. 20: refuse a committee size the law does not allow."""
    community = recruitment.reelection.community
    reason = committee_size_refusal(seats=recruitment.seats, building_area=community.building_area,
                                    basis=recruitment.small_committee_basis)
    if reason is not None:
        raise CommitteeSizeRefused(seats=recruitment.seats, reason=reason)


@transaction.atomic
def start_recruitment(*, reelection: Reelection, actor: Actor) -> Recruitment:
    """Open 招贤 for a re-election, with the default three-part interview rubric."""
    if Recruitment.objects.filter(reelection=reelection).exists():
        raise RecruitmentExists()
    recruitment = Recruitment.objects.create(community_id=reelection.community_id, reelection=reelection)
    Criterion.objects.bulk_create([
        Criterion(community_id=reelection.community_id, recruitment=recruitment, name=str(name), max_points=points,
                  sort_key=i) for i, (name, points) in enumerate(DEFAULT_RUBRIC, start=1)
    ])
    audit.record("candidates.recruitment.started", actor=actor, target=recruitment)
    return recruitment


def _settings(recruitment: Recruitment) -> dict[str, Any]:
    return {name: str(v) if isinstance(v := getattr(recruitment, name), Decimal) else v for name in SETTINGS_FIELDS}


@transaction.atomic
def update_settings(*, recruitment: Recruitment, values: dict[str, Any], actor: Actor) -> Recruitment:
    recruitment = Recruitment.objects.select_for_update().get(pk=recruitment.pk)
    before = _settings(recruitment)
    for name in SETTINGS_FIELDS:
        if name in values:
            setattr(recruitment, name, values[name])
    recruitment.small_committee_basis = three_seat_basis(recruitment.community_id, recruitment.small_committee_basis) \
        if recruitment.seats == SMALL_COMMITTEE else ""
    ensure_lawful_size(recruitment)
    recruitment.save()
    audit.record("candidates.recruitment.settings", actor=actor, target=recruitment,
                 data={"before": before, "after": _settings(recruitment)})
    return recruitment


def call_text(recruitment: Recruitment, *, days: int) -> str:
    """The call for candidates, from the data: who may stand, how to be nominated, by when."""
    community = recruitment.reelection.community
    conditions = [str(label) for label in CONDITION_LABELS.values()] + list(recruitment.extra_conditions)
    lines = [
        _("%(name)s第%(term)s届业主委员会即将换届。为选出热心公益、公道正派、有能力有时间的业主委员会委员，"
          "现向全体业主公开征集候选人。") % {"name": community.name, "term": recruitment.reelection.term_number},
        _("一、名额：业主委员会委员 %(seats)s 名。") % {"seats": recruitment.seats} + (
            _("（小区总建筑面积不足一万平方米，依据：%(basis)s）") % {"basis": recruitment.small_committee_basis}
            if recruitment.small_committee_basis else ""),
        _("二、条件（《上海市住宅物业管理规定》第二十条、《业主大会和业主委员会指导规则》第三十一条）：") + "；".join(
            conditions) + "。",
        _("三、提名方式：本人自荐；%(n)s 户以上业主联名推荐；居民区推荐。"
          "可在网上报名，也可向换届改选小组领取纸质报名表。")
        % {"n": recruitment.joint_minimum},
        _("四、报名时间：自本公告发布次日起 %(days)s 日内。") % {"days": days},
        _("五、换届改选小组将对报名人进行资格审查，并组织评审团面试评审；候选人名单将另行公示。"),
    ]
    return "\n".join(lines)


@transaction.atomic
def draft_call_notice(*, recruitment: Recruitment, actor: Actor, days: int = 10) -> Notice:
    """The call for candidates as a notice draft (招贤公告); staff review and publish it."""
    community = recruitment.reelection.community
    notice = notices.create_notice(
        community=community, reelection=recruitment.reelection, kind=NoticeKind.CALL_FOR_CANDIDATES,
        title=_("关于公开征集第%(term)s届业主委员会委员候选人的公告") % {"term": recruitment.reelection.term_number},
        body=call_text(recruitment, days=days),
        issuer=_("%(name)s业主委员会换届改选小组") % {"name": community.name}, period_days=days, actor=actor)
    Recruitment.objects.filter(pk=recruitment.pk).update(call_notice=notice)
    audit.record("candidates.call_notice.drafted", actor=actor, target=recruitment, data={"after": {
        "notice": notice.pk}})
    return notice
