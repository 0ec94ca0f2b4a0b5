"""An owner signs in on a phone with the letter's code and sees their own flat."""

from __future__ import annotations

from datetime import date

import pytest

from huanjie.demo.build import issue_demo_owner_code, load_demo
from huanjie.privacy import phone_tail

pytestmark = pytest.mark.browser


def test_an_owner_signs_in_on_a_phone_and_sees_their_own_unit(live_server, phone_page, screenshot):
    load_demo(today=date(2026, 11, 29))
    letter = issue_demo_owner_code()
    tail = phone_tail(letter.unit.owners.first().phone)
    page = phone_page

    page.goto(f"{live_server.url}/accounts/owner/")
    page.get_by_label("房号").fill(letter.unit.code)
    page.get_by_label("手机号后四位").fill(tail)
    page.get_by_label("登录码").fill(letter.code.lower())
    page.get_by_role("button", name="登录").click()

    page.wait_for_url(f"{live_server.url}/c/wuyuehua/me/")
    units = page.get_by_test_id("my-unit")
    assert units.count() == 1
    assert units.locator(".unit-code").inner_text() == letter.unit.code
    # Nothing sticks out sideways: the phone never needs horizontal scrolling for the page itself.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "owner-phone")


def test_a_wrong_code_is_refused_on_the_phone(live_server, phone_page, wuyuehua):
    page = phone_page
    page.goto(f"{live_server.url}/accounts/owner/")
    page.get_by_label("房号").fill("1-101")
    page.get_by_label("手机号后四位").fill("0001")
    page.get_by_label("登录码").fill("ABCDEFGH")
    page.get_by_role("button", name="登录").click()

    assert page.get_by_text("房号、手机号后四位或登录码不正确").is_visible()
    assert page.url == f"{live_server.url}/accounts/owner/"
