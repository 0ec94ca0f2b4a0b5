"""The community navigation of a working-group member, on a laptop and on a 375 px phone, in both text sizes.

Every item the working group may open can be reached from the navigation (visible, inside the
screen, not covered), the stage of the page shown is open with the page marked, and on the phone
the navigation leaves the page's own heading on the first screen.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from huanjie.accounts.models import Role
from huanjie.web.nav import community_nav

pytestmark = pytest.mark.browser

LAPTOP = {"width": 1280, "height": 800}
PHONE_375 = {"width": 375, "height": 667}


def working_group_items(community: Any) -> list[tuple[str, str, str | None]]:
    """(label, url, stage key or None) of every item a working-group member should see."""
    return [
        (item.label, item.url, item.group.key if item.group else None)
        for item in community_nav(community, {Role.WORKING_GROUP}, "")
    ]


def check_every_item_is_reachable(page: Page, community: Any, open_stage: str) -> None:
    nav = page.get_by_test_id("subnav")
    width = page.viewport_size["width"] if page.viewport_size else 0
    for label, url, stage in working_group_items(community):
        if stage is None or stage == open_stage:
            link = nav.locator(f'a[href="{url}"]')
        else:
            summary = nav.locator(f'details[data-group="{stage}"] > summary')
            summary.click()
            link = nav.locator(f'details[data-group="{stage}"][open] a[href="{url}"]')
        expect(link).to_have_count(1)
        expect(link).to_be_visible()
        expect(link).to_have_text(label)
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, (label, box, width)
        link.click(trial=True)  # actionable: nothing (another stage's menu, the page) lies over it
        if stage is not None and stage != open_stage:
            summary.click()  # close it again, as a person would
            expect(link).to_be_hidden()


def check_the_stage_is_open(page: Page, stage: str, label: str, current: str) -> None:
    nav = page.get_by_test_id("subnav")
    expect(nav.locator(f'.stage.current[data-group="{stage}"]')).to_have_text(label)
    items = nav.locator(f'.subnav-items[data-group="{stage}"]')
    expect(items).to_be_visible()
    expect(items.locator('a[aria-current="page"]')).to_have_text(current)
    assert nav.locator(f'details[data-group="{stage}"]').count() == 0  # no second copy of its items


@pytest.mark.parametrize("care", [False, True], ids=["standard", "care"])
@pytest.mark.parametrize("viewport", [LAPTOP, PHONE_375], ids=["1280", "375"])
def test_a_working_group_member_reaches_every_part_from_the_navigation(
    live_server, page, alice, wuyuehua, sign_in, screenshot, viewport, care
):
    page.set_viewport_size(viewport)
    sign_in(page, alice)
    page.goto(f"{live_server.url}/c/{wuyuehua.slug}/visits/")
    if care:
        page.get_by_test_id("care-toggle").click()
        page.wait_for_selector("html.care")

    check_the_stage_is_open(page, "prepare", "筹备", "走访")
    # The navigation takes at most a quarter of the first screen and leaves the page's heading on it. In 关怀版
    # every item is a 44 px target (WCAG 2.5.5): on a phone its stages and items take four such rows, so it may
    # take up to 3/10 of the screen there, as long as the heading still shows.
    nav = page.get_by_test_id("subnav").bounding_box()
    heading = page.locator("main h1").first.bounding_box()
    share = 0.3 if care and viewport["width"] < 768 else 0.25
    assert nav is not None and nav["height"] <= viewport["height"] * share, nav
    assert heading is not None and heading["y"] + heading["height"] <= viewport["height"], heading
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    name = f"nav-{viewport['width']}{'-care' if care else ''}"
    screenshot(page, name)

    page.get_by_test_id("subnav").locator('details[data-group="vote"] > summary').click()
    screenshot(page, f"{name}-open")
    page.get_by_test_id("subnav").locator('details[data-group="vote"] > summary').click()

    check_every_item_is_reachable(page, wuyuehua, "prepare")


def test_following_a_link_of_a_closed_stage_opens_that_stage(live_server, page, alice, wuyuehua, sign_in):
    page.set_viewport_size(PHONE_375)
    sign_in(page, alice)
    page.goto(f"{live_server.url}/c/{wuyuehua.slug}/")
    nav = page.get_by_test_id("subnav")
    expect(nav.locator('a[aria-current="page"]')).to_have_text("概览")
    assert nav.locator(".subnav-items").count() == 0  # the overview belongs to no stage

    nav.locator('details[data-group="after"] > summary').click()
    nav.get_by_role("link", name="移交").click()
    page.wait_for_url(f"{live_server.url}/c/{wuyuehua.slug}/handover/")
    check_the_stage_is_open(page, "after", "换届之后", "移交")


def test_a_scrutineer_keeps_a_plain_row(live_server, page, wuyuehua, sign_in):
    from tests.conftest import make_user

    scrutineer = make_user("sam", Role.SCRUTINEER, community=wuyuehua)
    page.set_viewport_size(PHONE_375)
    sign_in(page, scrutineer)
    page.goto(f"{live_server.url}/c/{wuyuehua.slug}/voting/")
    nav = page.get_by_test_id("subnav")
    expect(nav.locator("a")).to_have_text(["监票与计票", "表决", "应急预案"])
    assert nav.locator("details").count() == 0
    expect(nav.locator('a[aria-current="page"]')).to_have_text("表决")
