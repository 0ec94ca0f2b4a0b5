"""The results say what the law says (issue 15, finding 5).

A count short of two thirds decided nothing: no candidate is "未过半数" beside 100 % support. A
count that elected nobody does not convene a new committee. The deadline shown for the 公告 is
one the 公示-first flow can meet, or the page says plainly that it cannot.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from huanjie.holidays.selectors import app_calendar
from huanjie.notices.services import publish_notice
from huanjie.rules.timeline import longest_period_before, period_end
from huanjie.voting.services import cast_online_ballot, close_voting, count_assembly, find_paper
from huanjie.voting.services.notices import draft_final_results_notice, draft_preliminary_results_notice
from huanjie.voting.services.proxies import collect_at_door
from tests.conftest import client_for
from tests.voting.conftest import open_boxes, paper_of

TODAY = timezone.localdate()
pytestmark = pytest.mark.usefixtures("holidays_ahead")  # the count is stamped with today's date


def period_ends(days: int) -> date:
    """The last day of a period from today, moved past rest days (Civil Code art. 203 ¶1)."""
    return period_end(TODAY, days=days, calendar=app_calendar()).last_day
NO_QUORUM = "未达到法定参与比例（人数、面积均须三分之二以上）"


def _count(assembly, alice):  # type: ignore[no-untyped-def]
    close_voting(assembly=assembly, actor=alice)
    open_boxes(assembly, alice)
    count_assembly(assembly=assembly, actor=alice)
    assembly.refresh_from_db()
    return assembly


@pytest.fixture
def short_of_quorum(open_assembly, codes, alice):  # type: ignore[no-untyped-def]
    """One household of three voted: everyone it voted for has 100 % of those participating."""
    paper = find_paper(code=codes["1-101"], phone_last4="0001", client_key="t")
    cast_online_ballot(paper=paper, choices={"committee": ["张三", "李四"], "lift-fund": "yes"}, submission_key="a")
    return _count(open_assembly, alice)


@pytest.fixture
def nobody_elected(open_assembly, alice):  # type: ignore[no-untyped-def]
    """Every household voted, none for any candidate: the quorum is met and nobody is elected."""
    for label in ("1-101", "1-102", "1-201"):
        collect_at_door(paper=paper_of(open_assembly, label), first_collector="李老师", second_collector="赵阿姨",
                        valid=True, choices={"committee": [], "lift-fund": "no"}, actor=alice)
    return _count(open_assembly, alice)


def _pdf_text(data: bytes) -> str:
    return re.sub(r"\s", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def test_short_of_the_quorum_no_candidate_is_labelled_not_more_than_half(short_of_quorum, alice):
    page = client_for(alice).get(f"/c/wyh/voting/{short_of_quorum.pk}/results/").content.decode()
    assert "未过半数" not in page
    assert page.count(NO_QUORUM) >= 3  # the banner and 张三, 李四 (each 100 % of those who voted)
    assert 'data-testid="no-quorum"' in page
    assert "未通过：未达到法定参与比例" in page  # the motion too, not a bare 未通过


def test_short_of_the_quorum_the_posted_notice_and_its_pdf_say_why(short_of_quorum, alice):
    notice = publish_notice(notice=draft_preliminary_results_notice(assembly=short_of_quorum, actor=alice),
                            actor=alice, today=TODAY)
    cells = [row[-1] for row in notice.table["rows"]]
    assert cells[:3] == [NO_QUORUM] * 3 and "未过半数" not in str(notice.table)
    assert f"{NO_QUORUM}，表决不成立" in notice.body and "未过半数" not in notice.body
    public = Client().get(f"/n/{notice.public_token}/").content.decode()
    assert NO_QUORUM in public and "未过半数" not in public
    text = _pdf_text(Client().get(f"/n/{notice.public_token}/pdf/").content)
    assert "未达到法定参与比例" in text and "未过半数" not in text


def test_an_announcement_with_nobody_elected_does_not_convene_a_new_committee(nobody_elected, alice):
    publish_notice(notice=draft_preliminary_results_notice(assembly=nobody_elected, actor=alice), actor=alice,
                   today=TODAY)
    final = draft_final_results_notice(assembly=nobody_elected, actor=alice, today=period_ends(1) + timedelta(days=1))
    assert "七日内" not in final.body and "首次会议" not in final.body
    assert "本次选举无人当选，新一届业主委员会未能产生" in final.body
    page = client_for(alice).get(f"/c/wyh/voting/{nobody_elected.pk}/results/").content.decode()
    assert 'data-testid="nobody-elected"' in page


def test_an_announcement_short_of_the_quorum_says_so_instead_of_convening(short_of_quorum, alice):
    publish_notice(notice=draft_preliminary_results_notice(assembly=short_of_quorum, actor=alice), actor=alice,
                   today=TODAY)
    final = draft_final_results_notice(assembly=short_of_quorum, actor=alice, today=period_ends(1) + timedelta(days=1))
    assert "七日内" not in final.body and "本次表决未达到法定参与比例，无人当选" in final.body


def test_a_three_day_notice_period_says_plainly_that_the_announcement_will_be_late(short_of_quorum, alice):
    url = f"/c/wyh/voting/{short_of_quorum.pk}/results/notices/"
    client = client_for(alice)
    before = client.get(url).content.decode()
    # Drafted and published today, a 公示 of at most 2 days leaves the 公告 on time (day 3) — fewer
    # when a rest day moves the 公示's last day (art. 203 ¶1).
    longest = longest_period_before(TODAY + timedelta(days=3), TODAY, app_calendar())
    if longest:
        assert f"公示期最多 {longest} 天" in before and 'name="period_days" value="1"' in before
    notice = draft_preliminary_results_notice(assembly=short_of_quorum, actor=alice, period_days=3)
    publish_notice(notice=notice, actor=alice, today=TODAY)
    page = client.get(url).content.decode()
    earliest, due = period_ends(3) + timedelta(days=1), TODAY + timedelta(days=3)
    assert f"按公示期 3 天，结果公告最早 {earliest.year}年{earliest.month}月{earliest.day}日 发布" in page
    assert 'data-testid="final-late"' in page and f"晚于法定期限 {due.year}年{due.month}月{due.day}日" in page


def test_a_one_day_notice_period_meets_the_deadline_and_says_nothing_is_late(short_of_quorum, alice):
    publish_notice(notice=draft_preliminary_results_notice(assembly=short_of_quorum, actor=alice), actor=alice,
                   today=TODAY)
    page = client_for(alice).get(f"/c/wyh/voting/{short_of_quorum.pk}/results/notices/").content.decode()
    # Late only when a rest day moves even a one-day 公示's last day to the deadline or past it (art. 203 ¶1).
    late = period_ends(1) >= TODAY + timedelta(days=3)
    assert 'data-testid="earliest-final"' in page and ('data-testid="final-late"' in page) == late
