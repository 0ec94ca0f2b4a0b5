"""A real community from an empty database to an owner's own page, in the browser, never through /admin/.

The system administrator (made as `huanjie createsuperuser` makes one) creates the street office
and appoints its supervisor; the supervisor sets a password from the invitation link, creates the
community, adds the working group, starts the re-election and imports the property company's
roster (a title row, 、-joined co-owners, units written 1号楼101室); the working group member
issues the owner letters; an owner opens the letter's link on a phone, types the phone digits and
the code printed on the letter, and reaches their own page.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pypdf
import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, Page, expect

from huanjie.roster.models import Community, Unit
from tests.browser.conftest import DESKTOP, PHONE, TIMEOUT_MS, results_dir
from tests.office.files import OWNER_PHONE_TAIL, OWNER_UNIT, property_company_roster

pytestmark = pytest.mark.browser

PASSWORD = "jiedao-mima-2026"


def new_page(browser: Browser, visited: list[str], **options: Any) -> Page:
    """A fresh browser (its own cookies), remembering every address it requests."""
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.on("request", lambda request: visited.append(request.url))
    OPEN.append(page)
    return page


OPEN: list[Page] = []


@pytest.fixture(autouse=True)
def _pictures_on_failure(request: pytest.FixtureRequest) -> Any:
    """Each browser's last page as a picture in test-results/ when the test fails; every browser closed."""
    yield
    report = getattr(request.node, "report_call", None)
    for n, page in enumerate(OPEN):
        if report is not None and report.failed:
            page.screenshot(path=results_dir(request.config) / f"first-community-{n}.png", full_page=True)
        page.context.close()
    OPEN.clear()


def invitation_link(page: Page) -> str:
    return re.search(r"(http://\S+/welcome/\S+/)", page.get_by_role("listitem").filter(
        has_text="设置自己的密码").inner_text()).group(1)


def set_password_and_sign_in(page: Page, link: str, account: str) -> None:
    page.goto(link)
    expect(page.get_by_text(f"您的登录账号是 {account}")).to_be_visible()
    page.fill("#id_new_password1", PASSWORD)
    page.fill("#id_new_password2", PASSWORD)
    page.get_by_test_id("set-password").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))
    page.fill("#id_username", account)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))


def test_a_street_office_runs_a_new_community_from_an_empty_database_to_an_owner_s_page(
        live_server: Any, browser: Browser, tmp_path: Path, screenshot: Callable[[Page, str], Path]) -> None:
    visited: list[str] = []
    site = live_server.url
    get_user_model().objects.create_superuser("root", password=PASSWORD)

    # The system administrator: a street office and its supervisor.
    admin = new_page(browser, visited, viewport=DESKTOP)
    admin.goto(f"{site}/accounts/login/")
    admin.fill("#id_username", "root")
    admin.fill("#id_password", PASSWORD)
    admin.click("main form button[type=submit]")
    admin.get_by_test_id("all-offices").click()
    admin.get_by_label("街道办事处名称").fill("曹家渡街道")
    admin.get_by_test_id("create-office").click()
    admin.get_by_label("手机号").fill("13800001111")
    admin.get_by_label("姓名").fill("周主任")
    admin.get_by_test_id("add-supervisor").click()
    supervisor_link = invitation_link(admin)

    # The supervisor: the community, its working group, the re-election, the roster.
    office = new_page(browser, visited, viewport=DESKTOP)
    set_password_and_sign_in(office, supervisor_link, "13800001111")
    office.get_by_test_id("office-home").click()
    office.get_by_label("小区名称").fill("静安新城")
    office.get_by_label("居民区").fill("静安新城居民区")
    office.get_by_test_id("create-community").click()
    expect(office.get_by_test_id("setup-step")).to_have_count(7)
    expect(office.locator('[data-testid="setup-step"][data-done="yes"]')).to_have_count(0)
    screenshot(office, "first-community-checklist")

    office.get_by_role("link", name="设置换届改选小组").click()
    office.get_by_label("手机号").fill("13900002222")
    office.get_by_label("姓名").fill("李老师")
    office.get_by_label("换届改选小组成员").check()
    office.get_by_label("监票人/计票人").check()
    office.get_by_test_id("add-person").click()
    worker_link = invitation_link(office)
    expect(office.get_by_test_id("person")).to_contain_text(["换届改选小组成员"])

    slug = Community.objects.get(name="静安新城").slug
    office.goto(f"{site}/c/{slug}/")
    office.get_by_role("link", name="启动换届").click()
    office.get_by_label("本届任期届满日").fill((date.today() + timedelta(days=120)).isoformat())
    office.get_by_test_id("start-reelection").click()
    office.wait_for_url(f"{site}/c/{slug}/progress/")

    roster = tmp_path / "静安新城业主名册.xlsx"
    roster.write_bytes(property_company_roster("静安新城业主名册（物业公司提供）"))
    office.goto(f"{site}/c/{slug}/")
    office.get_by_role("link", name="导入业主名册").click()
    office.get_by_role("link", name="导入名册").click()
    office.get_by_label("名册文件").set_input_files(str(roster))
    office.get_by_role("button", name="上传并检查").click()
    office.get_by_test_id("confirm-import").click()
    office.wait_for_url(f"{site}/c/{slug}/roster/**")
    office.goto(f"{site}/c/{slug}/")
    done = office.locator('[data-testid="setup-step"][data-done="yes"]')
    expect(done).to_have_count(3)  # the roster, the working group, the re-election

    # The working group member: the owner letters.
    worker = new_page(browser, visited, viewport=DESKTOP)
    set_password_and_sign_in(worker, worker_link, "13900002222")
    worker.get_by_role("link", name="静安新城").click()
    worker.get_by_role("link", name="签发告业主书").click()
    with worker.expect_download() as download:
        worker.get_by_test_id("issue-letters-submit").click()
    pdf = Path(download.value.path()).read_bytes()
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) == 4
    letter = next(text for text in pages if f"房号：{OWNER_UNIT}" in text)
    lines = letter.splitlines()
    code = lines[lines.index("登录码：") + 1].replace(" ", "")
    assert "张三、李四" in letter and f"{site}/accounts/owner/" in letter

    # The owner, on a phone, from the letter's QR code.
    owner = new_page(browser, visited, viewport=PHONE, is_mobile=True, has_touch=True)
    unit = Unit.objects.get(community__slug=slug, code=OWNER_UNIT)
    owner.goto(f"{site}/accounts/owner/?community={slug}&u={unit.pk}")  # the letter's QR code
    expect(owner.get_by_label("房号")).to_have_value(OWNER_UNIT)
    owner.get_by_label("手机号后四位").fill(OWNER_PHONE_TAIL)
    owner.get_by_label("登录码").fill(code.lower())
    owner.get_by_role("button", name="登录").click()
    owner.wait_for_url(f"{site}/c/{slug}/me/")
    expect(owner.get_by_test_id("my-unit")).to_contain_text(OWNER_UNIT)
    expect(owner.get_by_test_id("owner-work")).to_be_visible()
    screenshot(owner, "first-community-owner")

    assert not [url for url in visited if "/admin/" in url]
