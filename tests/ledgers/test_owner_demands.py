"""我的诉求: an owner sees the demands of their own units, with the answer, and raises a new one."""

from __future__ import annotations

from datetime import date

from huanjie.ledgers.models import Demand, Handler, Source
from huanjie.ledgers.services import answer_demand, assign_demand, start_demand
from tests.conftest import client_for


def test_an_owner_sees_the_demands_of_their_units_and_the_answer(olivia, wuyuehua, make_demand, alice):
    mine = make_demand("楼道灯不亮")
    make_demand("别家的事", unit=wuyuehua.units.get(code="1-102"))
    assign_demand(demand=mine, handler=Handler.PROPERTY_COMPANY, due_on=None, actor=alice)
    start_demand(demand=mine, actor=alice)
    answer_demand(demand=mine, answer="已更换灯泡。", answered_on=date(2026, 11, 25), actor=alice)
    page = client_for(olivia).get(f"/c/{wuyuehua.slug}/demands/mine/").content.decode()
    assert "楼道灯不亮" in page and "已更换灯泡。" in page and "已答复" in page
    assert "别家的事" not in page


def test_an_owner_raises_a_demand_that_enters_the_ledger(olivia, wuyuehua, lift):
    response = client_for(olivia).post(f"/c/{wuyuehua.slug}/demands/mine/", {
        "unit": wuyuehua.units.get(code="1-101").pk, "category": lift.pk, "summary": "电梯经常停运", "detail": ""},
        follow=True)
    demand = Demand.objects.get(community=wuyuehua, summary="电梯经常停运")
    assert demand.source == Source.OWNER_PAGE and demand.unit.code == "1-101"
    page = response.content.decode()
    assert "电梯经常停运" in page and f"已收到您的诉求，编号 {demand.number}" in page


def test_an_owner_cannot_raise_a_demand_for_someone_else_s_unit(olivia, wuyuehua, lift):
    response = client_for(olivia).post(f"/c/{wuyuehua.slug}/demands/mine/", {
        "unit": wuyuehua.units.get(code="1-102").pk, "category": lift.pk, "summary": "冒名", "detail": ""})
    assert response.status_code == 200
    assert not Demand.objects.filter(summary="冒名").exists()


def test_without_categories_the_page_says_how_else_to_raise_a_demand(olivia, wuyuehua):
    page = client_for(olivia).get(f"/c/{wuyuehua.slug}/demands/mine/").content.decode()
    assert "暂时不能在网上提交" in page and 'data-testid="raise-demand"' not in page
