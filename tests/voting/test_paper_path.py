"""Paper ballots cannot be lost on the way (issue 15, finding 6).

Voting opens only with a sealed box; a teller who cannot enter papers is told what to do; the
count does not run past papers that were never entered; the 核对 page shows both tellers'
entries and starts from what they agree on, never from 弃权.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from huanjie.accounts.models import Role
from huanjie.voting.errors import CountBlocked, NoSealedBox
from huanjie.voting.models import AssemblyStatus, BallotBox, ContestKind, ReadingStatus
from huanjie.voting.services import (
    add_contest,
    close_voting,
    count_assembly,
    create_assembly,
    enter_paper_ballot,
    open_box,
    open_voting,
    seal_box,
)
from tests.conftest import client_for, make_user
from tests.voting.conftest import YES_BALLOT, paper_of


@pytest.fixture
def sam(wuyuehua):  # type: ignore[no-untyped-def]
    return make_user("sam", Role.SCRUTINEER, community=wuyuehua)


def test_voting_does_not_open_without_a_sealed_box_and_says_why(wuyuehua, alice):
    now = timezone.now()
    bare = create_assembly(community=wuyuehua, title="无票箱", opens_at=now, closes_at=now + timedelta(days=1),
                           actor=alice)
    add_contest(assembly=bare, spec_id="fund", kind=ContestKind.MOTION, matter="other-major", title="事项",
                actor=alice)
    with pytest.raises(NoSealedBox) as refused:
        open_voting(assembly=bare, actor=alice)
    assert "还没有封存的票箱，不能开始投票" in str(refused.value) and "请先在“票箱”页封箱" in str(refused.value)
    bare.refresh_from_db()
    assert bare.status == AssemblyStatus.DRAFT and not bare.papers.exists()


def test_a_teller_without_an_opened_box_is_told_to_open_it_first(open_assembly, alice):
    close_voting(assembly=open_assembly, actor=alice)
    url = f"/c/wyh/voting/{open_assembly.pk}/entry/"
    client = client_for(alice)
    advice = "还没有开箱的票箱。请先在“票箱”页当着监票人开箱（尚未开箱：1号票箱），再录入其中的纸质表决票。"
    assert advice in client.get(url).content.decode()
    posted = client.post(url, {"serial": paper_of(open_assembly, "1-101").serial, "valid": "yes",
                               "committee": ["张三"], "lift-fund": "yes"}).content.decode()
    assert "这个字段是必填项" not in posted and posted.count(advice) == 2  # the banner and the box field
    assert not open_assembly.readings.exists()


def test_a_closed_vote_without_any_box_cannot_be_counted_until_one_is_recorded_and_opened(open_assembly, alice):
    BallotBox.objects.filter(assembly=open_assembly).delete()  # opened before a box was required
    close_voting(assembly=open_assembly, actor=alice)
    with pytest.raises(CountBlocked, match="本次投票没有票箱记录"):
        count_assembly(assembly=open_assembly, actor=alice)
    client = client_for(alice)
    boxes = client.get(f"/c/wyh/voting/{open_assembly.pk}/boxes/").content.decode()
    assert 'data-testid="late-box"' in boxes and "登记票箱" in boxes
    entry = client.get(f"/c/wyh/voting/{open_assembly.pk}/entry/").content.decode()
    assert "本次投票没有登记票箱" in entry
    box = seal_box(assembly=open_assembly, label="会所纸箱", seal_number="补-1", sealed_before="赵阿姨", actor=alice)
    with pytest.raises(CountBlocked, match="1 个票箱未开箱"):
        count_assembly(assembly=open_assembly, actor=alice)
    open_box(box=box, opened_before="赵阿姨", seal_intact=True, actor=alice)
    count_assembly(assembly=open_assembly, actor=alice)


def _mismatch(assembly, alice, sam, first: dict, second: dict):  # type: ignore[no-untyped-def]
    close_voting(assembly=assembly, actor=alice)
    box = open_box(box=assembly.boxes.get(), opened_before="赵阿姨", seal_intact=True, actor=alice)
    serial = paper_of(assembly, "1-101").serial
    enter_paper_ballot(box=box, serial=serial, teller=alice, valid=True, choices=first)
    reading = enter_paper_ballot(box=box, serial=serial, teller=sam, valid=True, choices=second)
    assert reading.status == ReadingStatus.MISMATCH
    return reading


def _checked(page: str, name: str) -> list[str]:
    return re.findall(rf'<input type="(?:checkbox|radio)" name="{name}" value="([^"]*)"[^>]*\bchecked', page)


def test_the_resolve_page_shows_both_entries_and_preselects_what_they_agree_on(open_assembly, alice, sam):
    reading = _mismatch(open_assembly, alice, sam, YES_BALLOT, {"committee": ["张三"], "lift-fund": "yes"})
    page = client_for(sam).get(f"/c/wyh/voting/{open_assembly.pk}/entry/{reading.pk}/resolve/").content.decode()
    assert "计票人1：alice" in page and "计票人2：sam" in page
    assert "张三、李四" in page and "lift-fund" not in page.split('data-testid="entries"')[1].split("</table>")[0]
    assert _checked(page, "committee") == ["张三"]  # both ticked 张三; only one ticked 李四
    assert _checked(page, "lift-fund") == ["yes"]  # both read 同意: not 弃权
    assert _checked(page, "valid") == ["yes"]


def test_a_motion_the_tellers_read_differently_starts_unchosen_and_must_be_chosen(open_assembly, alice, sam):
    reading = _mismatch(open_assembly, alice, sam, {"committee": ["张三"], "lift-fund": "yes"},
                        {"committee": ["张三"], "lift-fund": "no"})
    url = f"/c/wyh/voting/{open_assembly.pk}/entry/{reading.pk}/resolve/"
    client = client_for(sam)
    page = client.get(url).content.decode()
    assert _checked(page, "lift-fund") == [] and _checked(page, "committee") == ["张三"]
    assert 'data-testid="differs"' in page
    refused = client.post(url, {"valid": "yes", "committee": ["张三"], "resolution": "核对原票"}).content.decode()
    assert "请对照原票选择" in refused
    reading.refresh_from_db()
    assert reading.status == ReadingStatus.MISMATCH
