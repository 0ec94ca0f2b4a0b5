"""At the door with no signal: a visit and a demand typed on a phone arrive once the signal is back."""

from __future__ import annotations

import pytest

from huanjie.ledgers.models import Demand
from huanjie.ledgers.services import add_default_categories
from huanjie.roster.models import Unit
from huanjie.visits.models import Visit
from tests.roster.property_roster import import_property_roster

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
    # Nothing was sent from the reloaded page: it does not claim that all was delivered.
    page.wait_for_function("document.querySelector('[data-outbox-status]').dataset.pending === '0'")
    assert status.inner_text().strip() == ""
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
    page.wait_for_function("document.querySelector('[data-outbox-status]').dataset.pending === '0'")
    assert "全部已送达" not in page.get_by_test_id("outbox-status").inner_text()
    demand = Demand.objects.get()
    assert (demand.summary, demand.unit.code, demand.category.name, demand.urgency) == (
        "楼道灯坏了三天", "1-201", "物业服务", "urgent")


def test_with_a_property_company_roster_the_door_takes_1_101_and_a_refusal_gives_back_what_was_typed(
        live_server, phone_page, alice, wuyuehua, sign_in, screenshot):
    Unit.objects.filter(community=wuyuehua).delete()
    import_property_roster(wuyuehua)
    page = phone_page
    sign_in(page, alice)
    page.goto(f"{live_server.url}/c/{wuyuehua.slug}/visits/door/")
    status = page.get_by_test_id("outbox-status")
    assert "全部已送达" not in status.inner_text()  # nothing has been sent yet

    page.get_by_label("房号").fill("1-101")
    page.get_by_text("见到业主", exact=True).click()
    page.get_by_label("情况记录").fill("张三在家，支持换届")
    page.get_by_test_id("save-visit").click()
    status.get_by_text("已送达：1号楼101室 的走访记录已保存。 全部已送达。").wait_for()
    assert Visit.objects.get().unit.code == "1号楼101室"

    page.get_by_label("房号").fill("1-103")
    page.get_by_text("不在家", exact=True).click()
    page.get_by_label("情况记录").fill("敲门无人，明晚再来")
    page.get_by_test_id("save-visit").click()
    status.get_by_text("填写的内容已放回表单").wait_for()
    # One banner, saying what went wrong; the typed visit is back in the form to be corrected.
    assert status.locator("p").count() == 1
    assert "本小区没有房号“1-103”" in status.inner_text()
    assert page.get_by_label("房号").input_value() == "1-103"
    assert page.get_by_label("情况记录").input_value() == "敲门无人，明晚再来"
    assert page.get_by_text("不在家", exact=True).locator("..").locator("input").is_checked()
    screenshot(page, "visit-door-refused")

    page.get_by_label("房号").fill("1号楼102室")
    page.get_by_test_id("save-visit").click()
    status.get_by_text("已送达：1号楼102室 的走访记录已保存。").wait_for()
    assert Visit.objects.filter(notes="敲门无人，明晚再来").get().unit.code == "1号楼102室"
