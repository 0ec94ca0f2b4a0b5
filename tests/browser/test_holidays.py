"""A system administrator enters a year's State Council holiday notice on the 节假日安排 page."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from huanjie.holidays.models import EnteredYear
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.real_calendar]


def test_the_administrator_enters_a_year_a_bad_row_is_named_and_then_it_is_verified(live_server, page, sign_in):
    admin = get_user_model().objects.create_superuser("sysadmin", password=PASSWORD)
    sign_in(page, admin)
    page.get_by_test_id("nav-holidays").click()
    assert "chinese-calendar" in page.get_by_test_id("holidays-coverage").inner_text()

    page.fill("#id_year", "2031")
    page.fill("#id_notice_number", "国办发明电〔2030〕9号")
    page.fill("#id_notice_date", "2030-11-05")
    page.fill("#id_rows_text", "元旦, 2031-01-01, 2031-01-01\n国庆节, 2031-10-01, 2031-10-07, 2031-09-29")
    page.get_by_role("button", name="保存").click()
    assert "第 2 行：调休上班日 2031-09-29 不是周六或周日" in page.get_by_test_id("holidays-problems").inner_text()
    assert not EnteredYear.objects.exists()

    page.fill("#id_rows_text", "元旦, 2031-01-01, 2031-01-01\n国庆节, 2031-10-01, 2031-10-07, 2031-09-28 2031-10-11")
    page.get_by_role("button", name="保存").click()
    assert "2031 年的节假日安排已保存" in page.inner_text("main")
    assert "国办发明电〔2030〕9号" in page.get_by_test_id("holidays-coverage").inner_text()
    assert EnteredYear.objects.get().days.count() == 10
