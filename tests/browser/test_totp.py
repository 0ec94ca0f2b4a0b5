"""A working-group member turns on two-step sign-in and signs in with a code from "her phone".

The phone is this test: it reads the secret from the page as a user typing it into an app would
(the groups of four), and computes the codes with accounts.totp.
"""

from __future__ import annotations

import base64
import re
import time

import pytest

from huanjie.accounts import totp
from huanjie.accounts.models import TOTPDevice
from huanjie.audit.models import AuditRecord
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def phone_code(secret: bytes, steps: int = 0) -> str:
    return totp.totp(secret, time.time() + 30 * steps)


def test_she_enrols_and_then_signs_in_with_the_code(live_server, page, alice, sign_in, screenshot):
    sign_in(page, alice)
    page.goto(f"{live_server.url}/accounts/password/")
    page.get_by_role("link", name="两步验证（手机验证码）").click()
    assert "未开启" in page.get_by_test_id("two-factor-state").inner_text()
    page.get_by_role("link", name="开启两步验证").click()

    assert page.get_by_test_id("totp-qr").locator("svg").is_visible()
    typed = page.get_by_test_id("totp-secret").inner_text()
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", typed)
    secret = base64.b32decode(typed.replace(" ", ""))
    screenshot(page, "totp-enrol")
    page.fill("#id_code", phone_code(secret))
    page.click("main form button[type=submit]")

    codes = page.get_by_test_id("recovery-codes").locator("li")
    assert codes.count() == 10
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", codes.first.inner_text())
    page.get_by_role("link", name="我已保存备用码").click()
    assert "已开启" in page.get_by_test_id("two-factor-state").inner_text()
    assert AuditRecord.objects.filter(code="accounts.totp.enrolled", actor=alice).count() == 1
    assert TOTPDevice.objects.get(user=alice).confirmed_at is not None

    page.locator("header form[action='/accounts/logout/'] button").click()
    page.goto(f"{live_server.url}/c/wyh/")
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/accounts/login/code/")
    screenshot(page, "totp-code-step")

    # Between the steps she is nobody: the community page sends her back to the sign-in page.
    page.goto(f"{live_server.url}/c/wyh/")
    page.wait_for_url(re.compile(r"/accounts/login/\?next="))
    assert page.locator("#id_password").is_visible()

    page.goto(f"{live_server.url}/accounts/login/code/")
    page.fill("#id_code", "000000" if phone_code(secret, 1) != "000000" else "111111")
    page.click("main form button[type=submit]")
    assert "验证码不正确" in page.locator("main").inner_text()
    # The enrolment used this step's code; the app's next code is within the window.
    page.fill("#id_code", phone_code(secret, 1))
    page.click("main form button[type=submit]")

    page.wait_for_url(f"{live_server.url}/c/wyh/")  # the page she first asked for
    assert page.get_by_role("link", name="五月花生活广场").first.is_visible()
