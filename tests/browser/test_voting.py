"""Voting in a browser: an owner on a phone, two tellers with one mismatch, the count and its results."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from huanjie.accounts.models import Role
from huanjie.voting.models import Ballot, BallotStatus, ContestKind
from huanjie.voting.services import add_contest, create_assembly, issue_voting_codes, open_voting, seal_box
from tests.announce import announce_vote
from tests.conftest import make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def voting(live_server, wuyuehua, alice):  # type: ignore[no-untyped-def]
    now = timezone.now()
    assembly = create_assembly(community=wuyuehua, title="第二届业委会选举", opens_at=now - timedelta(hours=1),
                               closes_at=now + timedelta(hours=3), actor=alice)
    add_contest(assembly=assembly, spec_id="committee", kind=ContestKind.ELECTION, matter="elect-committee",
                title="选举业主委员会委员", seats=2, candidates=["张三", "李四", "王五"], actor=alice)
    add_contest(assembly=assembly, spec_id="lift-fund", kind=ContestKind.MOTION, matter="use-maintenance-fund",
                title="使用维修资金更换电梯", actor=alice)
    seal_box(assembly=assembly, label="1号票箱", seal_number="F-001", sealed_before="赵阿姨", actor=alice)
    announce_vote(assembly, alice)
    open_voting(assembly=assembly, actor=alice)
    codes = {i.paper.entity.label: i.code for i in issue_voting_codes(assembly=assembly, actor=alice)}
    return assembly, codes


def test_an_owner_votes_on_a_phone(live_server, phone_page, voting, screenshot):
    assembly, codes = voting
    page = phone_page
    page.goto(f"{live_server.url}/vote/")
    page.get_by_label("表决码").fill(codes["1-101"].lower())
    page.get_by_label("手机号后四位").fill("0001")
    page.get_by_test_id("vote-start").click()
    page.get_by_text("同意 · 张三").click()
    page.get_by_text("同意 · 李四").click()
    page.locator("[data-testid=contest-lift-fund] label", has_text="同意").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "voting-ballot-phone")
    page.get_by_test_id("vote-review").click()
    assert "张三、李四" in page.get_by_test_id("review").inner_text()
    page.get_by_test_id("vote-confirm").click()
    receipt = page.get_by_test_id("receipt").inner_text().strip()
    assert receipt == Ballot.objects.get().receipt

    page.goto(f"{live_server.url}/vote/check/")
    page.get_by_label("回执码").fill(receipt)
    page.get_by_test_id("check-receipt").click()
    assert "已计入" in page.get_by_test_id("receipt-status").inner_text()


def test_two_tellers_enter_paper_with_one_mismatch_and_count(live_server, page, browser, voting, alice, sign_in):
    assembly, _codes = voting
    sam = make_user("sam", Role.SCRUTINEER, community=assembly.community)
    base = f"{live_server.url}/c/wyh/voting/{assembly.pk}/"
    sign_in(page, alice)
    page.goto(base)
    page.get_by_test_id("close-voting").click()
    assert "提前结束" in page.get_by_test_id("consequences").inner_text()  # closing asks first
    page.get_by_test_id("confirm-yes").click()
    page.goto(f"{base}boxes/")
    page.get_by_label("见证开箱的监票人").fill("赵阿姨、钱师傅")
    page.get_by_test_id("open-box").click()

    other = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    sign_in(other, sam)
    serials = {label: assembly.papers.get(entity__label=label).serial for label in ("1-102", "1-201")}

    def enter(tab, serial: str, names: list[str], answer: str) -> None:  # type: ignore[no-untyped-def]
        tab.goto(f"{base}entry/")
        tab.get_by_label("表决票编号").fill(serial)
        tab.get_by_label("票箱").select_option(label="1号票箱（F-001）")
        for name in names:
            tab.get_by_text(f"同意 · {name}").click()
        tab.locator("[data-testid=contest-lift-fund] label", has_text=answer).click()
        tab.get_by_test_id("enter-paper").click()

    enter(page, serials["1-102"], ["张三"], "同意")
    enter(other, serials["1-102"], ["张三"], "同意")
    enter(page, serials["1-201"], ["李四"], "反对")
    enter(other, serials["1-201"], ["王五"], "反对")  # misread

    page.goto(base)
    assert "两位计票人录入不一致" in page.get_by_test_id("count-blockers").inner_text()
    page.goto(f"{base}entry/")
    page.get_by_test_id(f"resolve-{serials['1-201']}").click()
    page.get_by_text("同意 · 李四").click()
    page.locator("[data-testid=contest-lift-fund] label", has_text="反对").click()
    page.get_by_label("核对说明").fill("当着赵阿姨核对原票，勾选的是李四")
    page.get_by_test_id("resolve").click()

    page.goto(base)
    page.get_by_test_id("run-count").click()
    page.get_by_test_id("confirm-yes").click()
    page.wait_for_url(f"{base}results/")
    assert "李四" in page.get_by_test_id("candidates-committee").inner_text()
    assert Ballot.objects.filter(status=BallotStatus.COUNTED).count() == 2
    other.context.close()
