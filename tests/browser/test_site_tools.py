"""The tools in every page's top bar: 关怀版 (large text), English, and the sign-in slowing down."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def font_size(page) -> float:  # type: ignore[no-untyped-def]
    return float(page.evaluate("getComputedStyle(document.documentElement).fontSize").removesuffix("px"))


def test_the_care_mode_enlarges_the_text_and_is_remembered(live_server, page, db):
    page.goto(f"{live_server.url}/accounts/login/")
    standard = font_size(page)

    page.get_by_test_id("care-toggle").click()
    page.wait_for_selector("html.care")

    assert font_size(page) >= standard * 1.25
    page.goto(f"{live_server.url}/accounts/owner/")
    assert font_size(page) >= standard * 1.25
    page.get_by_role("button", name="标准版").click()
    page.wait_for_selector("html:not(.care)")
    assert font_size(page) == standard


def test_the_english_switch_changes_the_page_language_and_back(live_server, page, db):
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.get_attribute("html", "lang") == "zh-CN"

    page.get_by_role("button", name="English").click()
    page.wait_for_selector("html[lang=en]")

    page.get_by_role("button", name="中文").click()
    page.wait_for_selector("html[lang=zh-CN]")


def test_repeated_wrong_passwords_make_this_browser_wait(live_server, page, alice, settings):
    settings.HUANJIE_LOGIN_MAX_FAILURES = 2
    page.goto(f"{live_server.url}/accounts/login/")
    for _ in range(2):
        page.fill("#id_username", "alice")
        page.fill("#id_password", "not her password")
        page.click("main form button[type=submit]")
        page.wait_for_load_state()

    page.fill("#id_username", "alice")
    page.fill("#id_password", "correct horse battery staple")
    page.click("main form button[type=submit]")

    assert page.get_by_text("尝试次数过多，请 1 分钟后再试。").is_visible()  # 30 s after the second failure
    assert page.url.endswith("/accounts/login/")
