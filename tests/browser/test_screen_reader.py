"""The voting flow as a screen reader and a keyboard meet it (issue 19): sign-in → ballot → review → receipt.

What a screen reader announces is read from the accessibility tree Chromium exposes (Playwright's
aria snapshot, accessible names and descriptions): every control has its Chinese name, every help
text is announced with its field, the receipt code is read out character by character. With the
keyboard alone, in 关怀版 on a phone: focus is a thick outline, and each choice reached by Tab is
on the screen whole, its name included.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from huanjie.voting.models import Ballot, ContestKind
from huanjie.voting.services import add_contest, create_assembly, issue_voting_codes, open_voting
from huanjie.web.context import CARE_COOKIE
from tests.announce import announce_vote
from tests.browser.a11y import measure
from tests.voting.conftest import seal_first_box

pytestmark = pytest.mark.browser

CANDIDATES = ["张建国", "李秀英", "王志强", "陈美华", "赵德明"]


@pytest.fixture
def code(live_server, wuyuehua, alice) -> str:  # type: ignore[no-untyped-def]
    """The voting code of 1-101 (phone ending 0001) in an open election of five candidates for three seats."""
    now = timezone.now()
    assembly = create_assembly(community=wuyuehua, title="第二届业委会选举", opens_at=now - timedelta(hours=1),
                               closes_at=now + timedelta(hours=3), actor=alice)
    add_contest(assembly=assembly, spec_id="committee", kind=ContestKind.ELECTION, matter="elect-committee",
                title="选举业主委员会委员", seats=3, candidates=CANDIDATES, actor=alice)
    add_contest(assembly=assembly, spec_id="lift-fund", kind=ContestKind.MOTION, matter="use-maintenance-fund",
                title="使用维修资金更换电梯", actor=alice)
    announce_vote(assembly, alice)
    seal_first_box(assembly, alice)
    open_voting(assembly=assembly, actor=alice)
    return next(i.code for i in issue_voting_codes(assembly=assembly, actor=alice) if i.paper.entity.label == "1-101")


def care_mode(page: Page, base: str) -> None:
    page.context.add_cookies([{"name": CARE_COOKIE, "value": "1", "url": base + "/"}])


def test_a_screen_reader_hears_every_step_of_the_vote_in_chinese(live_server, phone_page, code):
    page = phone_page
    page.goto(f"{live_server.url}/vote/")
    expect(page.locator("main")).to_match_aria_snapshot("""
      - heading "网上投票" [level=1]
      - paragraph
      - paragraph:
        - textbox /^表决码/
        - text: 印在表决票右上角，例如 ABCD-2345
      - paragraph:
        - textbox /^手机号后四位/
      - button "下一步：查看表决票"
      - paragraph:
        - link "已经投过票？用回执码查询是否计入"
    """)
    code_field = page.get_by_role("textbox", name="表决码")
    expect(code_field).to_have_accessible_description("印在表决票右上角，例如 ABCD-2345")
    page.get_by_label("表决码").fill(code)
    page.get_by_label("手机号后四位").fill("0001")
    page.get_by_role("button", name="下一步：查看表决票").click()

    ballot = page.get_by_role("group", name="选举业主委员会委员")
    expect(ballot).to_have_accessible_description("应选 3 人。在同意的候选人前打勾，最多 3 人；不勾即不同意。")
    expect(page.locator("main")).to_match_aria_snapshot("""
      - heading "第二届业委会选举" [level=1]
      - group "选举业主委员会委员":
        - checkbox "同意 · 张建国"
        - checkbox "同意 · 李秀英"
        - checkbox "同意 · 王志强"
        - checkbox "同意 · 陈美华"
        - checkbox "同意 · 赵德明"
      - group "使用维修资金更换电梯":
        - radio "同意"
        - radio "反对"
        - radio "弃权"
      - button "下一步：核对"
    """)
    page.get_by_text("同意 · 李秀英").click()  # a tap on the tile, as an owner does
    page.get_by_text("同意 · 赵德明").click()
    page.locator("[data-testid=contest-lift-fund] label", has_text="同意").click()
    expect(page.get_by_role("checkbox", name="同意 · 赵德明")).to_be_checked()
    page.get_by_role("button", name="下一步：核对").click()
    page.wait_for_url("**/review/")
    expect(page.locator("main")).to_match_aria_snapshot("""
      - heading "请核对您的表决意见" [level=1]
      - heading "选举业主委员会委员" [level=2]
      - paragraph:
        - text: 同意：
        - strong: 李秀英、赵德明
      - heading "使用维修资金更换电梯" [level=2]
      - paragraph:
        - strong: 同意
      - button "确认投票"
      - paragraph:
        - link "返回修改"
    """)
    page.get_by_role("button", name="确认投票").click()

    page.wait_for_url("**/done/")
    receipt = Ballot.objects.get().receipt
    spelled = " ".join(receipt)
    expect(page.locator("main")).to_match_aria_snapshot(f"""
      - heading "投票成功" [level=1]
      - paragraph: 您的回执码：
      - text: {spelled}
    """)


def test_focus_is_a_thick_outline_on_every_step_in_both_modes(live_server, phone_page, code):
    page = phone_page
    for care in (False, True):
        page.context.clear_cookies()
        if care:
            care_mode(page, live_server.url)
        page.goto(f"{live_server.url}/vote/")
        assert measure(page, "weakFocus") == [], "sign-in"
        page.get_by_label("表决码").fill(code)
        page.get_by_label("手机号后四位").fill("0001")
        page.get_by_role("button", name="下一步：查看表决票").click()
        assert measure(page, "weakFocus") == [], "ballot"
        page.locator("[data-testid=contest-lift-fund] label", has_text="弃权").click()
        page.get_by_role("button", name="下一步：核对").click()
        page.wait_for_url("**/vote/review/")
        assert measure(page, "weakFocus") == [], "review"


def test_tabbing_through_the_ballot_in_care_mode_shows_each_choice_whole(live_server, phone_page, code):
    page = phone_page
    care_mode(page, live_server.url)
    page.goto(f"{live_server.url}/vote/")
    page.get_by_label("表决码").fill(code)
    page.get_by_label("手机号后四位").fill("0001")
    page.get_by_role("button", name="下一步：查看表决票").click()
    page.get_by_role("heading", level=1).click()  # start tabbing from the top of the ballot

    seen, cut = [], []
    for _ in range(12):
        page.keyboard.press("Tab")
        # The focused control and its label, as the screen shows them.
        box = page.evaluate("""() => {
            const el = document.activeElement;
            if (el === document.body) return null;
            const card = el.closest('label') || (el.labels && el.labels[0]) || el;
            const r = card.getBoundingClientRect();
            return {name: card.innerText.trim(), top: r.top, bottom: r.bottom, height: innerHeight};
        }""")
        if box is None:
            continue  # past the last control: the browser's own bar has focus
        seen.append(box["name"])
        if box["top"] < 0 or box["bottom"] > box["height"]:
            cut.append(f"{box['name']}: {box['top']:.0f}–{box['bottom']:.0f} in a {box['height']} px screen")
    assert "同意 · 赵德明" in seen
    assert cut == []
