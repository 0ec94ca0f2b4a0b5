"""Nobody invents an English name for a contest: its tally-file column is made from its matter
(issue 15, finding 9: a required field 编号（英文）)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from huanjie.voting.errors import BadContest
from huanjie.voting.models import ContestKind
from huanjie.voting.services import add_contest, create_assembly
from tests.conftest import client_for


@pytest.fixture
def draft(wuyuehua, alice):  # type: ignore[no-untyped-def]
    now = timezone.now()
    return create_assembly(community=wuyuehua, title="第二届业主委员会选举", opens_at=now + timedelta(days=20),
                           closes_at=now + timedelta(days=21), actor=alice)


def test_a_contest_without_a_column_name_gets_one_from_its_matter(draft, alice):
    election = add_contest(assembly=draft, kind=ContestKind.ELECTION, matter="elect-committee", title="选举委员",
                           seats=2, candidates=["张三", "李四"], actor=alice)
    fund = add_contest(assembly=draft, kind=ContestKind.MOTION, matter="use-maintenance-fund", title="更换电梯",
                       actor=alice)
    again = add_contest(assembly=draft, kind=ContestKind.MOTION, matter="use-maintenance-fund", title="外墙修缮",
                        actor=alice)
    assert [election.spec_id, fund.spec_id, again.spec_id] == ["committee", "use-maintenance-fund",
                                                              "use-maintenance-fund-2"]


def test_a_column_name_given_twice_is_refused_with_the_contest_that_has_it(draft, alice):
    add_contest(assembly=draft, spec_id="lift", kind=ContestKind.MOTION, matter="use-maintenance-fund",
                title="更换电梯", actor=alice)
    with pytest.raises(BadContest, match="计票文件列名“lift”已由“更换电梯”使用"):
        add_contest(assembly=draft, spec_id="lift", kind=ContestKind.MOTION, matter="use-maintenance-fund",
                    title="外墙修缮", actor=alice)


def test_the_page_asks_for_no_english_and_shows_none(draft, alice, wuyuehua):
    client = client_for(alice)
    url = f"/c/{wuyuehua.slug}/voting/{draft.pk}/"
    client.post(url, {"kind": "motion", "matter": "use-maintenance-fund", "title": "使用维修资金更换电梯"})
    assert draft.contests.get().spec_id == "use-maintenance-fund"
    page = client.get(url).content.decode()
    assert "编号（英文" not in page and "计票文件中的列名（选填，不填自动生成）" in page
    assert ">use-maintenance-fund<" not in page
