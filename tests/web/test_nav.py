"""The community navigation: who sees which item (unchanged by the grouping), and how staff items are grouped."""

from __future__ import annotations

import itertools

import pytest
from django.urls import resolve

from huanjie.accounts.models import Role
from huanjie.roster.models import Community
from huanjie.web.nav import community_nav
from tests.conftest import client_for
from tests.trust.test_permission_matrix import allowed

STAFF_KEYS = [
    "dashboard",
    "roster",
    "letters",
    "visits",
    "demands",
    "progress",
    "candidate_ledger",
    "candidates",
    "notices",
    "voting",
    "charter",
    "contingency",
    "training",
    "handover",
    "jointoffice",
    "projects",
    "audit",
]
OWNER_KEYS = ["owner_home", "owner_notices", "candidates_mine", "owner_projects", "owner_charter", "owner_demands"]
# Who sees what, exactly as before the grouping (order aside for staff).
SEES = {
    Role.SUPERVISOR: ["dashboard", "people", *STAFF_KEYS[1:]],
    Role.WORKING_GROUP: STAFF_KEYS,
    Role.PANELIST: ["panel_home"],
    Role.SCRUTINEER: ["scrutiny", "voting", "contingency"],
    Role.OWNER: OWNER_KEYS,
}
MATRIX_VISITOR = {
    Role.SUPERVISOR: "supervisor",
    Role.WORKING_GROUP: "working_group",
    Role.PANELIST: "panelist",
    Role.SCRUTINEER: "scrutineer",
    Role.OWNER: "owner",
}
COMMUNITY = Community(slug="wyh", name="五月花生活广场")


def keys(roles: set[str], active: str = "") -> list[str]:
    return [item.key for item in community_nav(COMMUNITY, roles, active)]


@pytest.mark.parametrize("role", list(SEES))
def test_each_role_sees_exactly_its_items(role):
    assert keys({role}) == SEES[role]


@pytest.mark.parametrize("roles", [set(c) for n in (2, 3) for c in itertools.combinations(SEES, n)], ids=str)
def test_several_roles_see_the_union_of_their_items_once_each(roles):
    expected = set().union(*(SEES[role] for role in roles))
    shown = keys(roles)
    assert sorted(shown) == sorted(expected)


@pytest.mark.parametrize("role", list(SEES))
def test_every_item_is_a_page_the_permission_matrix_lets_that_role_open(role, db):
    for item in community_nav(COMMUNITY, {role}, ""):
        assert MATRIX_VISITOR[role] in allowed(resolve(item.url).view_name), item


def test_staff_items_come_in_the_stages_of_the_work_in_order():
    items = community_nav(COMMUNITY, {Role.WORKING_GROUP}, "visits")
    stages: dict[str | None, list[str]] = {}
    for item in items:
        stages.setdefault(item.group.key if item.group else None, []).append(item.label)
    assert [item.group.key if item.group else None for item in items] == [
        None,
        "prepare",
        "prepare",
        "prepare",
        "prepare",
        "prepare",
        "choose",
        "choose",
        "vote",
        "vote",
        "vote",
        "vote",
        "after",
        "after",
        "after",
        "after",
        None,
    ]  # each stage's items together, for {% regroup %}
    assert stages["prepare"] == ["业主名册", "告业主书", "走访", "诉求台账", "进度台账"]
    assert stages["choose"] == ["人选台账", "候选人"]
    assert stages["vote"] == ["公示公告", "表决", "议事规则与管理规约", "应急预案"]
    assert stages["after"] == ["初任培训", "移交", "合署办公", "实事项目"]
    assert stages[None] == ["概览", "留痕记录"]


def test_only_the_stage_of_the_page_shown_is_open():
    items = community_nav(COMMUNITY, {Role.WORKING_GROUP}, "handover")
    assert {item.group.key for item in items if item.group and item.group.active} == {"after"}
    assert [item.key for item in items if item.active] == ["handover"]
    assert not any(item.group and item.group.active for item in community_nav(COMMUNITY, {Role.SUPERVISOR}, "audit"))


@pytest.mark.parametrize("role", [Role.OWNER, Role.PANELIST, Role.SCRUTINEER])
def test_owners_panelists_and_scrutineers_get_a_plain_row(role):
    assert all(item.group is None for item in community_nav(COMMUNITY, {role}, ""))


def test_a_staff_member_who_owns_a_flat_finds_the_owner_pages_under_mine():
    items = community_nav(COMMUNITY, {Role.WORKING_GROUP, Role.OWNER}, "owner_home")
    mine = [item for item in items if item.group and item.group.key == "mine"]
    assert [item.key for item in mine] == OWNER_KEYS and mine[0].group.active  # type: ignore[union-attr]


def test_the_page_draws_the_stages_with_the_open_one_listing_its_items(alice, wuyuehua):
    page = client_for(alice).get(f"/c/{wuyuehua.slug}/visits/").content.decode()
    nav = page[page.index('<nav class="subnav grouped"') :]
    nav = nav[: nav.index("</nav>")]
    assert '<span class="stage current" data-group="prepare">筹备</span>' in nav
    assert '<ul class="subnav-items" data-group="prepare" aria-label="筹备">' in nav
    assert f'<a href="/c/{wuyuehua.slug}/visits/" class="active" aria-current="page">走访</a>' in nav
    assert '<details class="subnav-group" name="subnav" data-group="prepare">' not in nav
    for stage, label in [("choose", "选人"), ("vote", "公示与表决"), ("after", "换届之后")]:
        assert (
            f'<details class="subnav-group" name="subnav" data-group="{stage}"><summary class="stage">{label}</summary>'
        ) in nav
    for key in STAFF_KEYS:  # every item once
        item = next(i for i in community_nav(wuyuehua, {Role.WORKING_GROUP}, "") if i.key == key)
        assert nav.count(f'href="{item.url}"') == 1, key


def test_the_owner_page_keeps_a_plain_row(olivia, wuyuehua):
    page = client_for(olivia).get(f"/c/{wuyuehua.slug}/me/").content.decode()
    nav = page[page.index('<nav class="subnav"') :]
    nav = nav[: nav.index("</nav>")]
    assert "<details" not in nav and "subnav-stages" not in nav
    assert f'<a href="/c/{wuyuehua.slug}/me/" class="active" aria-current="page">我的房屋</a>' in nav


def test_the_stage_names_are_translated_to_english(alice, wuyuehua):
    client = client_for(alice)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    nav = client.get(f"/c/{wuyuehua.slug}/visits/").content.decode()
    for english in ("Preparation", "Choosing candidates", "Notices and voting", "After the election"):
        assert english in nav
