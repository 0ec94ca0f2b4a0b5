"""A working-group member reads the audit log in the browser: filters it, opens one object's history,
downloads the Excel export, and sees a tampered record reported as broken."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from huanjie import audit
from huanjie.audit.models import AuditRecord

pytestmark = pytest.mark.browser


@pytest.fixture
def history(live_server, wuyuehua, alice):  # type: ignore[no-untyped-def]
    unit = wuyuehua.units.get(code="1-101")
    audit.record(
        "ledgers.demand.recorded", actor=alice, target=unit, data={"after": {"status": "new", "phone": "13812345678"}}
    )
    audit.record(
        "ledgers.demand.started",
        actor=alice,
        target=unit,
        data={"before": {"status": "new"}, "after": {"status": "in_progress"}, "note": "已派单"},
    )
    audit.record("roster.exported", actor=alice, community_id=wuyuehua.pk, data={"format": "csv"})
    return unit


def test_the_audit_log_filters_opens_an_object_exports_and_shows_a_broken_link(
    live_server, page, sign_in, alice, wuyuehua, history, screenshot
):  # type: ignore[no-untyped-def]
    sign_in(page, alice)
    page.goto(f"{live_server.url}/c/{wuyuehua.slug}/")
    page.get_by_role("link", name="留痕记录").first.click()
    assert page.get_by_test_id("chain-intact").is_visible()
    assert page.get_by_test_id("audit-record").count() == 3
    screenshot(page, "audit-log")

    page.select_option("select[name=action]", "ledgers.demand.started")
    page.get_by_role("button", name="筛选").click()
    rows = page.get_by_test_id("audit-record")
    assert rows.count() == 1
    assert "开始办理诉求" in rows.first.inner_text()
    assert "new → 办理中" in rows.first.get_by_test_id("changes").inner_text()  # the label, not the code

    page.get_by_test_id("object-link").first.click()
    assert "1-101" in page.locator("h1").inner_text()
    assert [row.get_attribute("data-sequence") for row in page.get_by_test_id("audit-record").all()] == ["1", "2"]
    text = page.locator("main").inner_text()
    assert "138****5678" in text and "13812345678" not in text
    screenshot(page, "audit-object-history")

    page.go_back()
    with page.expect_download() as download:
        page.get_by_test_id("export-xlsx").click()
    sheet = load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][1] == wuyuehua.name
    assert [row[5] for row in values[9:]] == ["ledgers.demand.started"]
    assert AuditRecord.objects.filter(code="audit.exported", actor_label="alice").count() == 1

    AuditRecord.objects.filter(sequence=2).update(data={"before": {"status": "new"}, "after": {"status": "closed"}})
    page.goto(f"{live_server.url}/c/{wuyuehua.slug}/audit/")
    assert page.get_by_test_id("chain-broken").is_visible()
    assert page.get_by_test_id("record-broken").count() == 1
    screenshot(page, "audit-log-broken")
