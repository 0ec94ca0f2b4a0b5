"""A new community's overview is a checklist: each step of setting it up, done or not, and where to do it.

The order is the order of the work (docs product.md, the 静安 report): the roster first (everyone
else is counted from it), then the working group that will run the re-election, the re-election
itself with its dates, the panel and the scrutineers, the
door-to-door visits and the call for candidates. Once every step is done the checklist goes away
and the stages of the progress ledger take over.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from huanjie.accounts.models import STAFF_ROLES, Membership, OwnerAccessCode, Role
from huanjie.roster.models import Community, Unit

SUPERVISOR_ONLY = frozenset({Role.SUPERVISOR})


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    hint: str
    done: bool
    url: str | None  # None: the user's roles cannot do this step (the hint says who does)


def _holds(community: Community, *roles: str) -> bool:
    return all(Membership.objects.filter(community=community, role=role).exists() for role in roles)


def _steps(community: Community) -> list[tuple[str, str, str, Callable[[], bool], str, frozenset[str]]]:
    from huanjie.candidates.models import Recruitment
    from huanjie.reelection.models import Reelection
    from huanjie.visits.models import Visit

    return [
        ("roster", _("导入业主名册"), _("物业公司提供的名册（Excel 或 CSV），导入前可先预览差异"),
         lambda: Unit.objects.filter(community=community).exists(), "roster:detail", STAFF_ROLES),
        ("working_group", _("设置换届改选小组"), _("由街道督导在“人员与角色”中添加小组成员"),
         lambda: _holds(community, Role.WORKING_GROUP), "office:people", SUPERVISOR_ONLY),
        ("reelection", _("启动换届"), _("由街道督导填写本届任期届满日，进度台账据此推算各步骤期限"),
         lambda: Reelection.objects.filter(community=community).exists(), "office:start_reelection",
         SUPERVISOR_ONLY),
        ("letters", _("签发告业主书"), _("每户一封，印有业主登录码，业主凭它在手机上登录"),
         lambda: OwnerAccessCode.objects.filter(community=community).exists(), "letters:index", STAFF_ROLES),
        ("panel", _("设置评审团成员和监票人"), _("由街道督导在“人员与角色”中添加"),
         lambda: _holds(community, Role.PANELIST, Role.SCRUTINEER), "office:people", SUPERVISOR_ONLY),
        ("visits", _("走访摸底"), _("逐户上门，记录诉求"),
         lambda: Visit.objects.filter(community=community).exists(), "visits:coverage", STAFF_ROLES),
        ("candidates", _("候选人征集"), _("发布招贤公告，接受自荐和推荐"),
         lambda: Recruitment.objects.filter(community=community).exists(), "candidates:index", STAFF_ROLES),
    ]


def setup_steps(community: Community, roles: set[str]) -> list[Step]:
    return [Step(key, label, hint, done(), reverse(url, args=[community.slug]) if roles & allowed else None)
            for key, label, hint, done, url, allowed in _steps(community)]
