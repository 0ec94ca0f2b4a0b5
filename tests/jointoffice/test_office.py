from __future__ import annotations

from datetime import date

import pytest

from huanjie.jointoffice.errors import BadFollowUps, DutyTaken, ResultRequired
from huanjie.jointoffice.models import Matter, MatterStatus, Minutes, Party, Period
from huanjie.jointoffice.services import add_duty, finish_matter, open_matter, record_minutes, start_matter
from tests.conftest import client_for


def test_the_minutes_follow_ups_become_numbered_matters(wuyuehua, alice):
    minutes = record_minutes(community=wuyuehua, held_on=date(2027, 1, 8), title="三方联席会议",
                             attendees="居委会、业委会、物业", decisions="门禁年内修复。",
                             follow_ups="修复3号楼门禁 | 物业公司 | 张经理 | 2027-01-15\n\n"
                             "公布公共收益账目｜业委会｜王主任｜2027-01-31", actor=alice)
    matters = list(Matter.objects.order_by("number"))
    assert [(m.number, m.title, m.party, m.minutes) for m in matters] == [
        (1, "修复3号楼门禁", Party.PROPERTY_COMPANY, minutes), (2, "公布公共收益账目", Party.OWNERS_COMMITTEE, minutes)]


def test_bad_follow_up_lines_are_named_and_nothing_is_saved(wuyuehua, alice):
    with pytest.raises(BadFollowUps) as refused:
        record_minutes(community=wuyuehua, held_on=date(2027, 1, 8), title="会议", attendees="三方", decisions="议定",
                       follow_ups="修门禁 | 物业公司 | 张经理 | 2027-01-15\n修灯 | 保安 | 李 | 2027-01-15\n"
                       "清垃圾 | 物业公司 | 李 | 下周\n缺栏 | 物业公司", actor=alice)
    message = str(refused.value)
    assert "第2行：责任单位“保安”应为居委会、业委会或物业公司" in message
    assert "第3行：期限“下周”不是日期" in message and "第4行：应为“事项 | 责任单位 | 责任人 | 期限”四栏" in message
    assert not Minutes.objects.exists() and not Matter.objects.exists()


def test_a_matter_is_finished_only_with_a_result(wuyuehua, alice):
    matter = open_matter(community=wuyuehua, title="修门禁", party=Party.PROPERTY_COMPANY, owner="张经理",
                         due_on=date(2027, 1, 15), actor=alice)
    start_matter(matter=matter, actor=alice)
    with pytest.raises(ResultRequired):
        finish_matter(matter=matter, result="  ", done_on=date(2027, 1, 10), actor=alice)
    finish_matter(matter=matter, result="已更换门禁控制器", done_on=date(2027, 1, 10), actor=alice)
    assert Matter.objects.get().status == MatterStatus.DONE


def test_one_person_per_party_and_half_day(wuyuehua, alice):
    add_duty(community=wuyuehua, day=date(2027, 1, 9), period=Period.MORNING, party=Party.RESIDENTS_COMMITTEE,
             person="周丽华", phone="021-5555", actor=alice)
    with pytest.raises(DutyTaken, match="已安排 周丽华 值班"):
        add_duty(community=wuyuehua, day=date(2027, 1, 9), period=Period.MORNING, party=Party.RESIDENTS_COMMITTEE,
                 person="吴志强", phone="021-6666", actor=alice)


def test_the_page_highlights_overdue_matters(wuyuehua, alice, charlie):
    open_matter(community=wuyuehua, title="修门禁", party=Party.PROPERTY_COMPANY, owner="张经理",
                due_on=date(2020, 1, 15), actor=alice)
    page = client_for(alice).get(f"/c/{wuyuehua.slug}/joint-office/").content.decode()
    assert 'class="overdue" data-matter="1"' in page
    assert client_for(charlie).get(f"/c/{wuyuehua.slug}/joint-office/").status_code == 404
