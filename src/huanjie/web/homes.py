"""Where each role's work starts in a community, and what waits there.

Every role lands on a page it may open (finding: panelists, scrutineers and owners used to be sent
to the staff overview, a 404): the working group and the supervisor on the overview, a panelist on
the candidates assigned to them, a scrutineer on the ballot boxes, paper entry and the count, an
owner on their own page. A person may hold several roles in one community; each gets its entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from huanjie.accounts.models import STAFF_ROLES, Membership, Role
from huanjie.roster.models import Community, StreetOffice

# The order a person holding several roles sees them in; the first one is where the
# community's name in the header takes them.
ORDER = (Role.SUPERVISOR, Role.WORKING_GROUP, Role.PANELIST, Role.SCRUTINEER, Role.OWNER)


@dataclass(frozen=True)
class RoleHome:
    role: str
    role_label: str
    title: str
    url: str
    note: str = ""  # what waits there: "2 位候选人待评分", "正在投票"


def home_url(community: Community, roles: set[str]) -> str | None:
    """The page the community's name leads to for these roles (None: none of them is held)."""
    for role in ORDER:
        if role in roles:
            return _url(role, community)
    return None


def _url(role: str, community: Community) -> str:
    name = {
        Role.PANELIST: "candidates:panel_home", Role.SCRUTINEER: "web:scrutiny", Role.OWNER: "web:owner_home",
    }.get(Role(role), "web:community")
    return reverse(name, args=[community.slug])


def role_homes(community: Community, roles: set[str], user: AbstractBaseUser) -> list[RoleHome]:
    """One entry per role held (the supervisor's and the working group's share the overview)."""
    homes = []
    if roles & STAFF_ROLES:
        role = Role.SUPERVISOR if Role.SUPERVISOR in roles else Role.WORKING_GROUP
        homes.append(RoleHome(role, str(Role(role).label), _("概览"), _url(role, community)))
    if Role.PANELIST in roles:
        homes.append(RoleHome(Role.PANELIST, str(Role.PANELIST.label), _("面试评审"),
                              _url(Role.PANELIST, community), _panel_note(community, user)))
    if Role.SCRUTINEER in roles:
        homes.append(RoleHome(Role.SCRUTINEER, str(Role.SCRUTINEER.label), _("监票与计票"),
                              _url(Role.SCRUTINEER, community), _voting_note(community)))
    if Role.OWNER in roles:
        homes.append(RoleHome(Role.OWNER, str(Role.OWNER.label), _("我的房屋"), _url(Role.OWNER, community),
                              _voting_note(community)))
    return homes


def _panel_note(community: Community, user: AbstractBaseUser) -> str:
    from huanjie.candidates.models import Assignment

    waiting = Assignment.objects.filter(community=community, panelist__user_id=user.pk, sheet__isnull=True,
                                        conflict_declared=False).count()
    if not waiting:
        return _("暂无待评分的候选人")
    return ngettext("%(n)s 位候选人待评分", "%(n)s 位候选人待评分", waiting) % {"n": waiting}


def _voting_note(community: Community) -> str:
    from huanjie.voting.models import Assembly, AssemblyStatus

    if Assembly.objects.filter(community=community, status=AssemblyStatus.OPEN).exists():
        return _("业主大会正在投票")
    if Assembly.objects.filter(community=community, status=AssemblyStatus.CLOSED).exists():
        return _("投票已结束，待开箱计票")
    return ""


def roles_by_community(user: AbstractBaseUser, communities: list[Community]) -> dict[int, set[str]]:
    """The roles the user holds in each community, read in one query (a supervisor's through its office)."""
    if getattr(user, "is_superuser", False):
        held = {c.pk: {Role.SUPERVISOR.value} for c in communities}
    else:
        held = {c.pk: set() for c in communities}
    offices = {c.street_office_id for c in communities}
    rows = Membership.objects.filter(user=user).filter(
        Q(community__in=communities) | Q(role=Role.SUPERVISOR, street_office_id__in=offices))
    for row in rows:
        for community in communities:
            if row.community_id == community.pk or (
                    row.role == Role.SUPERVISOR and row.street_office_id == community.street_office_id):
                held[community.pk].add(row.role)
    return held


def supervised_offices(user: AbstractBaseUser) -> list[StreetOffice]:
    """The street offices whose pages the user may open: the ones they supervise (all for a superuser)."""
    if getattr(user, "is_superuser", False):
        return list(StreetOffice.objects.order_by("name"))
    return list(StreetOffice.objects.filter(memberships__user=user, memberships__role=Role.SUPERVISOR)
                .distinct().order_by("name"))
