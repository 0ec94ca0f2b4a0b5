"""The community's navigation: only parts that are built and that the user's roles may open.

Staff see many parts, so theirs is grouped by the stages of a re-election in the order the working
group lives them (docs product.md, the 静安 report): 筹备 (the roster, door-to-door visits and the
demand and progress ledgers), 选人 (the candidate ledger, candidates), 公示与表决 (notices, the vote,
the rules of procedure and the contingency plans for its meetings), 换届之后 (the new committee's
training, the handover, the joint office and the practical projects). The overview and the audit
record stand on their own.
Owners, panelists and scrutineers have a few items and get a plain row (no groups).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from huanjie.accounts.models import STAFF_ROLES, Role
from huanjie.roster.models import Community


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: str
    active: bool  # holds the page shown: the group is drawn open


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url: str
    active: bool
    group: NavGroup | None = None  # None: a link of its own (and every item of a non-staff user)


GROUPS: dict[str, Promise] = {
    "prepare": _("筹备"),
    "choose": _("选人"),
    "vote": _("公示与表决"),
    "after": _("换届之后"),
    "mine": _("我的"),  # a staff member who also owns a flat in the community
}

VIEWERS = STAFF_ROLES | {Role.SCRUTINEER}  # scrutineers watch the vote and tick the ballot-box checks
PANEL = frozenset({Role.PANELIST})
SCRUTINEERS = frozenset({Role.SCRUTINEER})
SUPERVISOR = frozenset({Role.SUPERVISOR})  # sets up the community's people and roles
OWNERS = frozenset({Role.OWNER})

# key, label, URL name, the roles that see it, its group when the user is staff. In display order.
ENTRIES: tuple[tuple[str, Promise, str, frozenset[str], str | None], ...] = (
    ("dashboard", _("概览"), "web:community", STAFF_ROLES, None),
    ("scrutiny", _("监票与计票"), "web:scrutiny", SCRUTINEERS, None),
    ("people", _("人员与角色"), "office:people", SUPERVISOR, "prepare"),
    ("roster", _("业主名册"), "roster:detail", STAFF_ROLES, "prepare"),
    ("letters", _("告业主书"), "letters:index", STAFF_ROLES, "prepare"),
    ("visits", _("走访"), "visits:coverage", STAFF_ROLES, "prepare"),
    ("demands", _("诉求台账"), "ledgers:ledger", STAFF_ROLES, "prepare"),
    ("progress", _("进度台账"), "reelection:progress", STAFF_ROLES, "prepare"),
    ("candidate_ledger", _("人选台账"), "candidate_ledger:ledger", STAFF_ROLES, "choose"),
    ("candidates", _("候选人"), "candidates:index", STAFF_ROLES, "choose"),
    ("notices", _("公示公告"), "notices:index", STAFF_ROLES, "vote"),
    ("voting", _("表决"), "voting:index", VIEWERS, "vote"),
    ("charter", _("议事规则与管理规约"), "charter:index", STAFF_ROLES, "vote"),
    ("contingency", _("应急预案"), "contingency:index", VIEWERS, "vote"),
    ("training", _("初任培训"), "training:index", STAFF_ROLES, "after"),
    ("handover", _("移交"), "handover:index", STAFF_ROLES, "after"),
    ("jointoffice", _("合署办公"), "jointoffice:index", STAFF_ROLES, "after"),
    ("projects", _("实事项目"), "projects:index", STAFF_ROLES, "after"),
    ("audit", _("留痕记录"), "audit:log", STAFF_ROLES, None),
    ("panel_home", _("面试评审"), "candidates:panel_home", PANEL, None),
    ("owner_home", _("我的房屋"), "web:owner_home", OWNERS, "mine"),
    ("owner_notices", _("公示公告"), "notices:owner_index", OWNERS, "mine"),
    ("candidates_mine", _("报名参选"), "candidates:mine", OWNERS, "mine"),
    ("owner_projects", _("实事项目"), "projects:owner_index", OWNERS, "mine"),
    ("owner_charter", _("议事规则与管理规约"), "charter:owner_index", OWNERS, "mine"),
    ("owner_demands", _("我的诉求"), "ledgers:mine", OWNERS, "mine"),
)


def community_nav(community: Community, roles: set[str], active: str) -> list[NavItem]:
    """The items `roles` may open, in order; a staff user's carry their group (consecutive, for {% regroup %})."""
    grouped = bool(roles & STAFF_ROLES)
    shown = [entry for entry in ENTRIES if roles & entry[3]]
    active_group = next((entry[4] for entry in shown if entry[0] == active), None) if grouped else None
    groups = {key: NavGroup(key, str(label), key == active_group) for key, label in GROUPS.items()}
    return [
        NavItem(
            key,
            str(label),
            reverse(url_name, args=[community.slug]),
            key == active,
            groups[group] if grouped and group else None,
        )
        for key, label, url_name, _roles, group in shown
    ]
