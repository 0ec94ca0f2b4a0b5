"""A working-group member signs in and reads the community dashboard."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from huanjie.demo.build import load_demo
from huanjie.demo.users import DEMO_PASSWORD
from huanjie.roster.selectors import roster_summary

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(live_server):  # type: ignore[no-untyped-def]
    return load_demo(today=date(2026, 11, 29))


def test_it_shows_the_working_group_the_roster_totals_after_sign_in(live_server, page, demo, sign_in, screenshot):
    summary = roster_summary(demo)
    sign_in(page, get_user_model().objects.get(username="xiaozu"), DEMO_PASSWORD)

    page.get_by_role("link", name="五月花生活广场").click()

    page.wait_for_url(f"{live_server.url}/c/{demo.slug}/")
    assert page.get_by_test_id("eligible-headcount").inner_text() == str(summary.eligible_headcount)
    assert page.get_by_test_id("eligible-area").inner_text() == str(summary.eligible_area)
    assert page.get_by_test_id("unit-count").inner_text() == "480"
    assert page.get_by_test_id("stages").locator("tbody tr").count() > 10
    screenshot(page, "dashboard")


def test_it_shows_alice_only_the_communities_she_works_on(live_server, page, alice, elsewhere, sign_in):
    sign_in(page, alice)

    assert page.get_by_role("link", name="五月花生活广场").is_visible()
    assert page.get_by_role("link", name="别处小区").count() == 0
    page.goto(f"{live_server.url}/c/{elsewhere.slug}/")
    assert "五月花" not in page.content()
    assert page.get_by_test_id("roster-totals").count() == 0
