"""The community's navigation: only parts that are built and that the user's roles may open."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from huanjie.accounts.models import STAFF_ROLES, Role
from huanjie.roster.models import Community


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url: str
    active: bool


def community_nav(community: Community, roles: set[str], active: str) -> list[NavItem]:
    items: list[tuple[str, str, str]] = []
    if roles & STAFF_ROLES:
        items.append(("dashboard", _("概览"), reverse("web:community", args=[community.slug])))
        items.append(("roster", _("业主名册"), reverse("roster:detail", args=[community.slug])))
        items.append(("visits", _("走访"), reverse("visits:coverage", args=[community.slug])))
        items.append(("demands", _("诉求台账"), reverse("ledgers:ledger", args=[community.slug])))
        items.append(("candidate_ledger", _("人选台账"), reverse("candidate_ledger:ledger", args=[community.slug])))
        items.append(("progress", _("进度台账"), reverse("reelection:progress", args=[community.slug])))
        items.append(("candidates", _("候选人"), reverse("candidates:index", args=[community.slug])))
        items.append(("notices", _("公示公告"), reverse("notices:index", args=[community.slug])))
    if roles & (STAFF_ROLES | {Role.SCRUTINEER}):
        items.append(("voting", _("表决"), reverse("voting:index", args=[community.slug])))
    if roles & (STAFF_ROLES | {Role.SCRUTINEER}):  # scrutineers tick the ballot-box checks before an event
        items.append(("contingency", _("应急预案"), reverse("contingency:index", args=[community.slug])))
    if roles & STAFF_ROLES:
        items.append(("projects", _("实事项目"), reverse("projects:index", args=[community.slug])))
        items.append(("jointoffice", _("合署办公"), reverse("jointoffice:index", args=[community.slug])))
        items.append(("training", _("初任培训"), reverse("training:index", args=[community.slug])))
        items.append(("handover", _("移交"), reverse("handover:index", args=[community.slug])))
        items.append(("audit", _("留痕记录"), reverse("audit:log", args=[community.slug])))
    if Role.PANELIST in roles:
        items.append(("panel_home", _("面试评审"), reverse("candidates:panel_home", args=[community.slug])))
    if Role.OWNER in roles:
        items.append(("owner_home", _("我的房屋"), reverse("web:owner_home", args=[community.slug])))
        items.append(("owner_notices", _("公示公告"), reverse("notices:owner_index", args=[community.slug])))
        items.append(("candidates_mine", _("报名参选"), reverse("candidates:mine", args=[community.slug])))
        items.append(("owner_projects", _("实事项目"), reverse("projects:owner_index", args=[community.slug])))
    return [NavItem(key, label, url, key == active) for key, label, url in items]
