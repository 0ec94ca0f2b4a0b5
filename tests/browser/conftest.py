"""Browser tests: Playwright driving Debian's chromium against pytest-django's live server.

Run them with the rest of the suite (`make test`) or alone: `pytest tests/browser`. They are
marked `@pytest.mark.browser`, so `pytest -m "not browser"` leaves them out on purpose. They are
never skipped for a missing browser: without /usr/bin/chromium (`make test-deps` installs it)
every browser test fails with a message saying so. Playwright's own browser download is never
used; HUANJIE_CHROMIUM names another chromium binary if a machine keeps it elsewhere.

Fixtures for a new browser test (e.g. tests/browser/test_roster_import.py):

    browser      session-wide chromium (headless); rarely needed directly.
    page         a fresh browser context and page per test, desktop-sized (1280×900), Chinese
                 locale, 10 s timeouts. On failure a full-page screenshot is written to
                 test-results/<test name>.png.
    phone_page   the same with a phone's screen: 390×844, is_mobile, has_touch.
    live_server  pytest-django's server (its `.url`); it implies the transactional database,
                 so rows the test creates are visible to the server and are wiped afterwards.
    sign_in      sign_in(page, user, password=PASSWORD) logs a staff user in through the real
                 login form (users of tests.conftest.make_user all have PASSWORD; the demo's
                 users have huanjie.demo.users.DEMO_PASSWORD).
    screenshot   screenshot(page, "name") saves test-results/name.png and returns its path, to
                 look at a page by eye.

Ask for `live_server` (or `transactional_db`) before making data: the named fixtures of
tests/conftest.py (alice, wuyuehua, ...) then write to the same database the server reads.

    @pytest.mark.browser
    def test_it_imports_a_roster(live_server, page, alice, sign_in):
        sign_in(page, alice)
        page.goto(f"{live_server.url}/c/wyh/roster/")
        page.set_input_files("input[type=file]", "tests/roster/files/small.xlsx")
        ...
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.conftest import PASSWORD

CHROMIUM = Path(os.environ.get("HUANJIE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 10_000


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[Any]:
    # Remember each phase's outcome on the test, so that the page fixture knows whether to keep a picture.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def results_dir(config: pytest.Config) -> Path:
    folder = config.rootpath / "test-results"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    """pytest-django's live server, built while HTTPS redirects are off.

    SecurityMiddleware reads SECURE_SSL_REDIRECT once, when the server thread builds its
    handler, so the per-test `settings` fixture comes too late for it.
    """
    addr = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    with override_settings(SECURE_SSL_REDIRECT=False):
        server = LiveServer(addr)
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _browser_settings(settings: Any) -> None:
    # The live server speaks plain HTTP; secure-only cookies would never come back to it.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    # The real hasher takes a quarter second per user made or signed in; these tests check pages.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(f"Browser tests need Debian's chromium at {CHROMIUM}: run `make test-deps` "
                    "(apt-get install chromium). They are not skipped, so that CI cannot pass without them.",
                    pytrace=False)
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _page(request: pytest.FixtureRequest, browser: Browser, **options: Any) -> Iterator[Page]:
    context: BrowserContext = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        page.screenshot(path=results_dir(request.config) / f"{name}.png", full_page=True)
    context.close()


@pytest.fixture
def page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    yield from _page(request, browser, viewport=DESKTOP)


@pytest.fixture
def phone_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    yield from _page(request, browser, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)


@pytest.fixture
def sign_in(live_server: Any) -> Callable[..., None]:
    def sign_in(page: Page, user: Any, password: str = PASSWORD) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", user.get_username())
        page.fill("#id_password", password)
        page.click("main form button[type=submit]")
        page.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))

    return sign_in


@pytest.fixture
def screenshot(request: pytest.FixtureRequest) -> Callable[[Page, str], Path]:
    def take(page: Page, name: str) -> Path:
        path = results_dir(request.config) / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take
