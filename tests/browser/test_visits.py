"""At the door with no signal: a visit and a demand typed on a phone arrive once the signal is back."""

from __future__ import annotations

import pytest

from huanjie.ledgers.models import Demand
from huanjie.ledgers.services import add_default_categories
from huanjie.visits.models import Visit

pytestmark = pytest.mark.browser


def test_a_visit_saved_offline_is_sent_when_the_connection_returns_and_stored_once(
        live_server, phone_page, alice, wuyuehua, sign_in, screenshot):
    page = phone_page
    sign_in(page, alice)
    page.goto(f"{live_server.url}/c/{wuyuehua.slug}/visits/door/")
    page.get_by_label("房号").fill("1-102")
    page.get_by_text("不在家", exact=True).click()
    page.get_by_label("情况记录").fill("敲门无人，已留联系卡")

    page.context.set_offline(True)
    page.get_by_test_id("save-visit").click()
    status = page.get_by_test_id("outbox-status")
    status.get_by_text("待发送 1 条").wait_for()
    assert not Visit.objects.exists()
    # What was typed is kept on the phone, not lost with the connection.
    assert "1-102" in page.evaluate("localStorage.getItem('huanjie.outbox.v1')")
    screenshot(page, "visit-door-offline")

    page.context.set_offline(False)
    status.get_by_text("已送达：1-102 的走访记录已保存。").wait_for()
    # More "online" events (a flaky signal) must not send it again.
    page.evaluate("for (let i = 0; i < 3; i++) window.dispatchEvent(new Event('online'))")
    page.reload()
    status.get_by_text("全部已送达").wait_for()
    visit = Visit.objects.get()
    assert (visit.unit.code, visit.outcome, visit.notes) == ("1-102", "not_home", "敲门无人，已留联系卡")
    assert visit.idempotency_key
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_demand_saved_offline_on_the_phone_arrives_exactly_once(live_server, phone_page, alice, wuyuehua, sign_in):
    add_default_categories(community=wuyuehua, actor=alice)
    page = phone_page
    sign_in(page, alice)
    page.goto(f"{live_server.url}/c/{wuyuehua.slug}/demands/quick/")
    page.get_by_label("诉求").fill("楼道灯坏了三天")
    page.get_by_label("房号").fill("1-201")
    page.get_by_label("分类").select_option(label="物业服务")
    page.get_by_text("紧急", exact=True).click()

    page.context.set_offline(True)
    page.get_by_test_id("save-demand").click()
    page.get_by_test_id("outbox-status").get_by_text("待发送 1 条").wait_for()
    assert not Demand.objects.exists()

    page.context.set_offline(False)
    page.get_by_test_id("outbox-status").get_by_text("已送达：第1号诉求已登记。").wait_for()
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.reload()
    page.get_by_test_id("outbox-status").get_by_text("全部已送达").wait_for()
    demand = Demand.objects.get()
    assert (demand.summary, demand.unit.code, demand.category.name, demand.urgency) == (
        "楼道灯坏了三天", "1-201", "物业服务", "urgent")
