from __future__ import annotations

from datetime import date

from django.utils import timezone

from huanjie.ledgers.models import Demand, Handler, Status
from huanjie.ledgers.services import assign_demand
from tests.conftest import client_for


def test_the_ledger_marks_overdue_demands_and_counts_them(alice, wuyuehua, make_demand):
    late = make_demand("电梯停运")
    assign_demand(demand=late, handler=Handler.PROPERTY_COMPANY, due_on=date(2026, 11, 21), actor=alice)
    make_demand("电梯异响")
    page = client_for(alice).get(f"/c/{wuyuehua.slug}/demands/").content.decode()
    assert 'class="overdue"' in page  # the due date passed long before the real today
    assert 'data-testid="overdue-count">1<' in page
    overdue_only = client_for(alice).get(f"/c/{wuyuehua.slug}/demands/?overdue=1").content.decode()
    assert "电梯停运" in overdue_only and "电梯异响" not in overdue_only


def test_a_workflow_step_is_taken_from_the_demand_page_and_a_skip_is_refused(alice, wuyuehua, make_demand):
    demand = make_demand()
    client = client_for(alice)
    refused = client.post(f"/c/{wuyuehua.slug}/demands/{demand.number}/close/", follow=True).content.decode()
    assert "不能改为“已办结”；下一步只能是：已分派" in refused
    client.post(f"/c/{wuyuehua.slug}/demands/{demand.number}/assign/", {"handler": "property_company"})
    assert Demand.objects.get().status == Status.ASSIGNED


def test_the_phone_form_stores_a_resent_demand_once(alice, wuyuehua, lift):
    data = {"summary": "楼道灯坏了", "category": lift.pk, "source": "visit", "unit_code": "1-201",
            "urgency": "normal", "recorded_on": timezone.localdate().isoformat(), "idempotency_key": "k-42"}
    client = client_for(alice)
    first = client.post(f"/c/{wuyuehua.slug}/demands/quick/", data, HTTP_X_OUTBOX="1")
    again = client.post(f"/c/{wuyuehua.slug}/demands/quick/", data, HTTP_X_OUTBOX="1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert Demand.objects.get().unit.code == "1-201"


def test_the_summary_draws_four_charts_on_the_server(alice, wuyuehua, make_demand):
    make_demand()
    page = client_for(alice).get(f"/c/{wuyuehua.slug}/demands/summary/").content.decode()
    assert page.count('data-testid="chart"') == 4 and page.count("<svg") == 4


def test_categories_can_be_added_and_stopped(alice, wuyuehua, lift):
    client = client_for(alice)
    client.post(f"/c/{wuyuehua.slug}/demands/categories/", {"name": "充电桩"})
    client.post(f"/c/{wuyuehua.slug}/demands/categories/", {"do": "toggle", "pk": lift.pk})
    lift.refresh_from_db()
    assert not lift.active
    form = client.get(f"/c/{wuyuehua.slug}/demands/new/").content.decode()
    assert "充电桩" in form and f'value="{lift.pk}"' not in form


def test_the_ledger_is_hidden_from_charlie_and_owners(charlie, olivia, wuyuehua, make_demand):
    demand = make_demand()
    for user in (charlie, olivia):
        client = client_for(user)
        assert client.get(f"/c/{wuyuehua.slug}/demands/").status_code == 404
        assert client.get(f"/c/{wuyuehua.slug}/demands/{demand.number}/").status_code == 404
        assert client.get(f"/c/{wuyuehua.slug}/demands/export.xlsx").status_code == 404
