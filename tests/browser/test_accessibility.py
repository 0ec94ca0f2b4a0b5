"""Every page of the site, standard and 关怀版, against WCAG 2.2 A and AA with axe-core (issue 19).

Owner, voter and public pages are checked on phones 360 and 390 px wide, staff pages at 1280 px;
each in standard mode and in 关怀版. On every page: no axe-core violation of the WCAG 2.2 A/AA
rules (tests/browser/a11y.py), no ARIA reference or label pointing at a missing id, and focus
drawn as a thick outline with 3:1 against its surroundings. In 关怀版 also 7:1 text contrast
(AAA) on every page, and on the phone pages every tap target at least 44 × 44 px. On the phone
pages nothing scrolls sideways (issue 15). The pages are those of tests/browser/sweep_pages.py:
all URL patterns of the project but files and forms' targets, so a new page is swept at once.

One world, one live server and one browser serve the whole sweep; its duration is reported at
the end of the run (and in test-results/accessibility-sweep.txt).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError
from pytest_django.live_server_helper import LiveServer

from huanjie.voting.forms import PAPER_MODE_HELP
from huanjie.web.context import CARE_COOKIE
from tests.browser.a11y import TAP_TARGET_PX, axe, axe_rules, measure
from tests.browser.conftest import TIMEOUT_MS, results_dir
from tests.browser.sweep_pages import DESKTOP, PHONE, SweptPage, pages
from tests.browser.sweep_world import SweepWorld, build

# django_db: the test database exists and each test may reach it (in a transaction rolled back afterwards,
# so what the pages write, such as sessions, does not build up); the world itself is committed once.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PAGES = pages()
BY_NAME = {p.name: p for p in PAGES}
HEIGHT = {360: 740, 390: 844, 1280: 900}
DURATIONS: dict[str, float] = {}


@pytest.fixture(scope="module")
def sweep(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory,
          request: pytest.FixtureRequest) -> Iterator[tuple[SweepWorld, str]]:
    """The world, committed, and a live server of the sweep's own; the database is emptied afterwards."""
    started = time.monotonic()
    media = str(tmp_path_factory.mktemp("sweep-media"))
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=hashers,
                                                         SECURE_SSL_REDIRECT=False):
        try:
            world = build()
            server = LiveServer(os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost")
            DURATIONS["world"] = time.monotonic() - started
            yield world, server.url
            server.stop()
        finally:
            call_command("flush", interactive=False, verbosity=0)
    _report(request.config, time.monotonic() - started)


@pytest.fixture(scope="module")
def contexts(browser: Browser, sweep: tuple[SweepWorld, str]) -> Iterator[dict[tuple[str, str], BrowserContext]]:
    """One browser context per visitor and layout, opened when first needed."""
    opened: dict[tuple[str, str], BrowserContext] = {}
    yield opened
    for context in opened.values():
        context.close()


def context_for(contexts: dict[tuple[str, str], BrowserContext], browser: Browser, world: SweepWorld, base: str,
                page: SweptPage) -> BrowserContext:
    key = (page.visitor, page.layout)
    if key not in contexts:
        phone = page.layout == PHONE
        width = page.widths[0]
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai",
                                      viewport={"width": width, "height": HEIGHT[width]},
                                      is_mobile=phone, has_touch=phone, device_scale_factor=2 if phone else 1)
        context.set_default_timeout(TIMEOUT_MS)
        context.add_cookies([{"name": c.name, "value": c.value, "url": base + c.path}
                             for c in world.cookies[page.visitor]])
        contexts[key] = context
    return contexts[key]


def set_care(context: BrowserContext, base: str, care: bool) -> None:
    context.add_cookies([{"name": CARE_COOKIE, "value": "1" if care else "0", "url": base + "/"}])


def check(tab: Page, page: SweptPage, care: bool) -> list[str]:
    """Every finding on the page shown, at each of its widths."""
    found: list[str] = []
    for n, width in enumerate(page.widths):
        tab.set_viewport_size({"width": width, "height": HEIGHT[width]})
        at = f"{width}px"
        # Every rule once, standard mode at the first width; the rules that depend on drawing everywhere.
        found += [f"{at} {line}" for line in axe(tab, care=care, drawn_only=care or n > 0)]
        if page.layout == PHONE:
            found += [f"{at} overflow: {line}" for line in measure(tab, "overflow")]
            if care:
                found += [f"{at} tap target: {line}" for line in measure(tab, "smallTargets", TAP_TARGET_PX)]
    found += [f"reference: {line}" for line in measure(tab, "brokenReferences")]
    found += [f"focus: {line}" for line in measure(tab, "weakFocus")]
    return found


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_the_page_meets_wcag_2_2_aa_in_both_modes(page: SweptPage, sweep: tuple[SweepWorld, str], browser: Browser,
                                                   contexts: dict[tuple[str, str], BrowserContext]) -> None:
    started = time.monotonic()
    world, base = sweep
    context = context_for(contexts, browser, world, base, page)
    tab = context.new_page()
    findings: list[str] = []
    try:
        for url in [base + path for path in world.urls(page)]:
            for care in (False, True):
                set_care(context, base, care)
                try:
                    response = tab.goto(url)
                    got = f"{response.status} {response.headers.get('content-type', '')}" if response else "nothing"
                    shown = response is not None and response.status == page.status and "text/html" in got
                except PlaywrightError as error:  # Chromium refuses to show some answers, e.g. a bare 405
                    got, shown = str(error).splitlines()[0], False
                assert shown and tab.url == url, (
                    f"{page.name} ({url}) answered {got} at {tab.url} to {page.visitor}: if it is a file, a form's "
                    "target or a redirect, name it in NOT_PAGES of tests/browser/sweep_pages.py; if it needs data "
                    "or a visitor the sweep lacks, add them in tests/browser/sweep_world.py")
                mode = "关怀版" if care else "standard"
                findings += [f"{url} {mode} {line}" for line in check(tab, page, care)]
    finally:
        tab.close()
        DURATIONS[page.name] = time.monotonic() - started
    assert findings == [], f"{page.name} (as {page.visitor}):\n" + "\n".join(findings)


def _report(config: pytest.Config, total: float) -> None:
    phone = [p.name for p in PAGES if p.layout == PHONE and p.name in DURATIONS]
    desk = [p.name for p in PAGES if p.layout == DESKTOP and p.name in DURATIONS]
    lines = [f"accessibility sweep: {len(phone) + len(desk)} pages in {total:.1f} s "
             f"(world {DURATIONS.get('world', 0):.1f} s), standard and 关怀版",
             f"phone pages at 360 and 390 px ({len(phone)}): {', '.join(phone)}",
             f"staff pages at 1280 px ({len(desk)}): {', '.join(desk)}"]
    (results_dir(config) / "accessibility-sweep.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line("")
        reporter.write_line(lines[0])


# ---- the defects issue 19 found, one by one (each of these failed before the fix) ----

Visit = Callable[..., Page]


@pytest.fixture
def visit(sweep: tuple[SweepWorld, str], browser: Browser,
          contexts: dict[tuple[str, str], BrowserContext]) -> Iterator[Visit]:
    """visit(name, care=False, width=None, variant=0): a page of the sweep, as its visitor, in a new tab."""
    world, base = sweep
    tabs: list[Page] = []

    def open_(name: str, *, care: bool = False, width: int | None = None, variant: int = 0) -> Page:
        page = BY_NAME[name]
        context = context_for(contexts, browser, world, base, page)
        set_care(context, base, care)
        tab = context.new_page()
        tabs.append(tab)
        width = width or page.widths[-1]
        tab.set_viewport_size({"width": width, "height": HEIGHT[width]})
        tab.goto(base + world.urls(page)[variant])
        return tab

    yield open_
    for tab in tabs:
        tab.close()


def test_the_demand_ledger_names_its_filters_and_navigation_and_its_badges_are_legible(visit: Visit) -> None:
    tab = visit("ledgers:ledger")
    assert axe_rules(tab, ["select-name", "label", "color-contrast", "landmark-unique"]) == []


@pytest.mark.parametrize("name", ["notices:index", "notices:detail"])
def test_each_form_on_the_staff_notice_pages_has_field_ids_of_its_own(visit: Visit, name: str) -> None:
    tab = visit(name)
    assert tab.locator("main form").count() >= 2
    assert measure(tab, "brokenReferences") == []


def test_the_owner_notice_shows_its_table_as_cards_in_care_mode_on_a_phone(visit: Visit, sweep: Any) -> None:
    world, _base = sweep
    tables = 0
    for variant in range(len(world.urls(BY_NAME["notices:owner_detail"]))):
        tab = visit("notices:owner_detail", care=True, width=390, variant=variant)
        expect(tab.get_by_role("heading", level=1)).to_have_count(1)
        if not tab.get_by_test_id("notice-table").count():
            continue
        tables += 1
        shape = tab.evaluate("""() => {
            const table = document.querySelector("[data-testid=notice-table]");
            const cells = [...table.querySelectorAll("td")].map((td) => td.getBoundingClientRect().width);
            return {table: table.getBoundingClientRect().width, narrowest: Math.min(...cells),
                    scrolls: table.parentElement.scrollWidth > table.parentElement.clientWidth};
        }""")
        assert not shape["scrolls"], "the table scrolls sideways in a box"
        assert shape["narrowest"] >= 0.8 * shape["table"], f"a column is squeezed: {shape}"
    assert tables >= 2  # the candidate list and the results


@pytest.mark.parametrize("name", ["vote:review", "visits:coverage", "voting:boxes", "voting:delivery",
                                  "ledgers:summary", "reelection:progress", "web:community", "voting:results_notices"])
def test_headings_do_not_skip_a_level(visit: Visit, name: str) -> None:
    assert axe_rules(visit(name), ["heading-order"]) == []


@pytest.mark.parametrize("name, label, help_text", [
    ("vote:start", "表决码", "印在表决票右上角，例如 ABCD-2345"),
    ("accounts:owner_login", "房号", "例如 3-1202"),
    ("accounts:owner_login", "登录码", "见换届改选小组送达的告业主书"),
    ("voting:index", "表决票发放方式", str(PAPER_MODE_HELP)),
])
def test_a_field_s_help_text_is_announced_with_it(visit: Visit, name: str, label: str, help_text: str) -> None:
    field = visit(name).get_by_label(label)
    expect(field).to_have_accessible_description(re.compile(re.escape(help_text)))


@pytest.mark.parametrize("care", [False, True], ids=["standard", "care"])
def test_the_care_switch_is_a_button_of_44_px_or_more(visit: Visit, care: bool) -> None:
    box = visit("vote:start", care=care, width=360).get_by_test_id("care-toggle").bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 44


@pytest.mark.parametrize("name", ["vote:ballot", "web:owner_home", "public_notice:detail", "ledgers:ledger"])
def test_care_mode_text_reaches_7_to_1(visit: Visit, name: str) -> None:
    assert axe_rules(visit(name, care=True), ["color-contrast-enhanced"]) == []
