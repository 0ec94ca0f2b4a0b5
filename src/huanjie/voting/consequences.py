"""What an irreversible step of the vote does, said before it is taken (the confirmation pages)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie.voting import selectors
from huanjie.voting.models import Assembly
from huanjie.voting.presenting import percent


def close_consequences(assembly: Assembly) -> list[str]:
    """结束投票: online voting, proxies and door collection stop for good; the turnout it stops at."""
    now = selectors.turnout(assembly)
    closes = f"{timezone.localtime(assembly.closes_at):%Y-%m-%d %H:%M}"
    lines = [
        _("现在提前结束：公布的投票截止时间是 %(closes)s。结束后，尚未投票的业主不能再网上投票，也不能再登记委托、"
          "上门收票。") % {"closes": closes} if timezone.now() < assembly.closes_at else
        _("结束后，业主不能再网上投票，也不能再登记委托、上门收票。"),
        _("目前参与表决 %(heads)s 人（%(hs)s）、面积 %(area)s ㎡（%(as)s）。") % {
            "heads": now.participating.headcount, "area": now.participating.area,
            "hs": percent(now.participating.headcount, now.eligible.headcount),
            "as": percent(now.participating.area, now.eligible.area)},
        _("已达到三分之二的法定参与比例。") if now.quorum_met else
        _("还差 %(heads)s 人、%(area)s ㎡ 才达到三分之二的法定参与比例；现在结束，表决可能不成立。") % {
            "heads": now.missing_heads, "area": now.missing_area},
        _("投票结束后不能重新开始。下一步：当着监票人开箱，两位计票人录入纸质票，然后计票。"),
    ]
    return [str(line) for line in lines]


def count_consequences(assembly: Assembly) -> list[str]:
    """计票: the result is computed once and kept; the boxes and papers are done with."""
    return [str(line) for line in (
        _("计票按《民法典》第二百七十八条的规则算出结果，结果与选票文件的 SHA-256 一起存档，不能重新计票或修改。"),
        _("计票后不能再开箱、录入或核对纸质票。"),
        _("计票后须在三日内公告选举结果（《上海市住宅物业管理规定》第二十一条），先发布结果公示。"),
    )]
