"""The 节假日安排 page: system administrators only; a year entered there is checked, saved and audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from huanjie.audit.models import AuditRecord
from huanjie.holidays.models import EnteredYear
from huanjie.holidays.services import enter_year
from tests.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.real_calendar]  # counts the years entered

FORM = {"year": "2031", "notice_number": "国办发明电〔2030〕9号", "notice_date": "2030-11-05",
        "rows_text": "元旦, 2031-01-01, 2031-01-01\n国庆节, 2031-10-01, 2031-10-07, 2031-09-28 2031-10-11"}


@pytest.fixture
def admin_client():  # type: ignore[no-untyped-def]
    return client_for(get_user_model().objects.create_superuser("sysadmin", password="x" * 20))


def test_only_a_system_administrator_opens_the_page(admin_client, alice, wang):
    url = reverse("holidays:index")
    for staff in (alice, wang):  # a working group member, a street-office supervisor
        assert client_for(staff).get(url).status_code == 404
        assert client_for(staff).post(url, FORM).status_code == 404
    page = admin_client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "2004–2026" in text and "chinese-calendar 1.11.0" in text
    assert 'data-testid="nav-holidays"' in text
    assert not EnteredYear.objects.exists()


def test_a_year_entered_on_the_page_is_saved_with_its_notice_number(admin_client):
    response = admin_client.post(reverse("holidays:index"), FORM, follow=True)
    assert "2031 年的节假日安排已保存" in response.content.decode()
    assert EnteredYear.objects.get().days.count() == 10  # 1 + 7 days off, 2 worked
    assert AuditRecord.objects.filter(code="holidays.year.entered", actor_label="sysadmin").exists()
    assert "2031" in admin_client.get(reverse("holidays:index")).content.decode()


def test_a_bad_row_is_named_on_the_page_and_nothing_is_saved(admin_client):
    bad = {**FORM, "rows_text": "元旦, 2031-01-01, 2031-01-01\n国庆节, 2031-10-01, 2031-10-07, 2031-09-29"}
    text = admin_client.post(reverse("holidays:index"), bad).content.decode()
    assert "第 2 行：调休上班日 2031-09-29 不是周六或周日" in text
    assert not EnteredYear.objects.exists()


def test_withdrawing_an_entered_year(admin_client):
    enter_year(year=2031, notice_number="甲", notice_date=date(2030, 11, 5), rows_text=FORM["rows_text"], actor=None)
    admin_client.post(reverse("holidays:withdraw", args=[2031]))
    assert not EnteredYear.objects.exists()
    assert AuditRecord.objects.filter(code="holidays.year.withdrawn").exists()
