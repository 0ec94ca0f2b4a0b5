"""结束投票, 计票 and publishing ask first, naming what they do, without JavaScript (issue 15, finding 4)."""

from __future__ import annotations

import pytest

from huanjie.accounts.models import Role
from huanjie.notices.models import NoticeStatus
from huanjie.voting.models import AssemblyStatus
from huanjie.voting.services import close_voting
from huanjie.voting.services.notices import draft_preliminary_results_notice
from tests.conftest import client_for, make_user
from tests.voting.conftest import open_boxes


@pytest.fixture
def sam(wuyuehua):  # type: ignore[no-untyped-def]
    return make_user("sam", Role.SCRUTINEER, community=wuyuehua)


def _confirmation(html: str) -> str:
    assert 'data-testid="confirm"' in html and 'name="confirm" value="yes"' in html
    return html.split('data-testid="consequences"')[1].split("</ul>")[0]


def test_closing_the_vote_names_what_it_stops_before_it_does(open_assembly, alice):
    url = f"/c/wyh/voting/{open_assembly.pk}/close/step/"
    client = client_for(alice)
    said = _confirmation(client.post(url).content.decode())
    assert "现在提前结束" in said and "不能再网上投票" in said
    assert "还差 2 人" in said and "表决可能不成立" in said  # nobody has voted yet: two of three needed
    assert "不能重新开始" in said
    open_assembly.refresh_from_db()
    assert open_assembly.status == AssemblyStatus.OPEN
    client.post(url, {"confirm": "yes"})
    open_assembly.refresh_from_db()
    assert open_assembly.status == AssemblyStatus.CLOSED


def test_counting_names_what_it_fixes_before_it_does(open_assembly, alice, sam):
    close_voting(assembly=open_assembly, actor=alice)
    open_boxes(open_assembly, alice)
    url = f"/c/wyh/voting/{open_assembly.pk}/count/"
    said = _confirmation(client_for(sam).post(url).content.decode())
    assert "不能重新计票或修改" in said and "第二十一条" in said
    open_assembly.refresh_from_db()
    assert open_assembly.status == AssemblyStatus.CLOSED
    assert client_for(sam).post(url, {"confirm": "yes"}).url.endswith("/results/")


def test_publishing_names_what_it_fixes_before_it_does(open_assembly, alice):
    close_voting(assembly=open_assembly, actor=alice)
    open_boxes(open_assembly, alice)
    client_for(alice).post(f"/c/wyh/voting/{open_assembly.pk}/count/", {"confirm": "yes"})
    notice = draft_preliminary_results_notice(assembly=open_assembly, actor=alice)
    url = f"/c/wyh/notices/{notice.pk}/publish/"
    said = _confirmation(client_for(alice).post(url).content.decode())
    assert "不能再修改" in said and "公示期 1 天" in said and "公布计票结果" in said
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.DRAFT
    client_for(alice).post(url, {"confirm": "yes"})
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED
