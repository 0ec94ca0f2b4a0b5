"""A system administrator enters a year's notice: checked row by row, audited, and it wins over the library."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from huanjie.audit.models import AuditRecord
from huanjie.holidays.errors import HolidayRowsInvalid, NoticeNumberRequired
from huanjie.holidays.models import EnteredDay, EnteredYear
from huanjie.holidays.selectors import app_calendar
from huanjie.holidays.services import enter_year, withdraw_year
from huanjie.rules.restdays import HolidaysNotVerified
from tests.holidays.notices import NOTICE_2026

pytestmark = [pytest.mark.django_db, pytest.mark.real_calendar]  # counts the years entered

# A made-up year far ahead, so that no library release can ever hold it.
ROWS_2031 = """\
元旦, 2031-01-01, 2031-01-01
国庆节, 2031-10-01, 2031-10-07, 2031-09-28 2031-10-11
"""


@pytest.fixture
def admin():  # type: ignore[no-untyped-def]
    return get_user_model().objects.create_superuser("sysadmin", password="x" * 20)


def test_an_entered_year_is_verified_and_audited(admin):
    with pytest.raises(HolidaysNotVerified):
        app_calendar().rest_reason(date(2031, 10, 7))
    enter_year(year=2031, notice_number="国办发明电〔2030〕9号", notice_date=date(2030, 11, 5),
               rows_text=ROWS_2031, actor=admin)
    calendar = app_calendar()
    assert calendar.rest_reason(date(2031, 10, 7)) == "国庆节"
    assert calendar.rest_reason(date(2031, 9, 28)) is None  # a Sunday worked
    assert calendar.rest_reason(date(2031, 3, 15)) == "周末"
    assert calendar.source_of(2031) == "国办发明电〔2030〕9号"
    record = AuditRecord.objects.get(code="holidays.year.entered")
    assert record.data["after"]["notice_number"] == "国办发明电〔2030〕9号" and "before" not in record.data


def test_an_entered_year_wins_over_the_library_and_withdrawing_it_restores_the_library(admin):
    assert app_calendar().rest_reason(date(2026, 10, 8)) is None
    corrected = NOTICE_2026.replace("2026-10-07, 2026-09-20 2026-10-10", "2026-10-08, 2026-09-20 2026-10-10")
    enter_year(year=2026, notice_number="国办发明电〔2026〕99号", notice_date=date(2026, 9, 1),
               rows_text=corrected, actor=admin)
    assert app_calendar().rest_reason(date(2026, 10, 8)) == "国庆节"
    withdraw_year(year=2026, actor=admin)
    assert app_calendar().rest_reason(date(2026, 10, 8)) is None
    assert list(AuditRecord.objects.filter(code__startswith="holidays.").values_list("code", flat=True)) == [
        "holidays.year.entered", "holidays.year.withdrawn"]


def test_entering_a_year_again_replaces_its_days(admin):
    enter_year(year=2031, notice_number="甲", notice_date=date(2030, 11, 5), rows_text=ROWS_2031, actor=admin)
    enter_year(year=2031, notice_number="乙", notice_date=date(2030, 11, 6),
               rows_text="元旦, 2031-01-01, 2031-01-03", actor=admin)
    assert EnteredYear.objects.get().notice_number == "乙"
    assert EnteredDay.objects.count() == 3
    assert AuditRecord.objects.filter(code="holidays.year.entered").last().data["before"]["notice_number"] == "甲"


@pytest.mark.parametrize(("rows", "row", "words"), [
    ("元旦, 2031-01-01", 1, "3 或 4 列"),
    ("元旦, 2031-01-01, 2031-13-01", 1, "不是日期"),
    ("元旦, 2031-01-03, 2031-01-01", 1, "不早于"),
    ("国庆节, 2031-10-01, 2031-10-07, 2031-09-29", 1, "不是周六或周日"),
    ("元旦, 2031-01-01, 2031-01-01\n春节, 2032-01-30, 2032-02-05", 2, "不在 2031 年内"),
    ("元旦, 2031-01-01, 2031-01-02\n\n春节, 2031-01-02, 2031-01-05", 3, "已在第 1 行出现过"),
    (", 2031-01-01, 2031-01-01", 1, "节日名称"),
])
def test_a_bad_row_is_named_with_its_reason_and_nothing_is_written(admin, rows, row, words):
    with pytest.raises(HolidayRowsInvalid) as raised:
        enter_year(year=2031, notice_number="国办发明电〔2030〕9号", notice_date=date(2030, 11, 5),
                   rows_text=rows, actor=admin)
    assert raised.value.problems[0][0] == row and words in raised.value.problems[0][1]
    assert f"第 {row} 行" in str(raised.value)
    assert not EnteredYear.objects.exists() and not AuditRecord.objects.filter(code__startswith="holidays").exists()


def test_the_new_year_break_may_begin_in_the_december_before(admin):
    enter_year(year=2031, notice_number="丙", notice_date=date(2030, 11, 5),
               rows_text="元旦, 2030-12-31, 2031-01-01, 2030-12-28", actor=admin)
    enter_year(year=2030, notice_number="丁", notice_date=date(2029, 11, 5),
               rows_text="国庆节, 2030-10-01, 2030-10-07", actor=admin)
    calendar = app_calendar()
    assert calendar.rest_reason(date(2030, 12, 31)) == "元旦"  # arranged by the 2031 notice
    assert calendar.rest_reason(date(2030, 12, 28)) is None  # a Saturday worked


def test_an_empty_entry_or_a_missing_notice_number_is_refused(admin):
    with pytest.raises(HolidayRowsInvalid):
        enter_year(year=2031, notice_number="丙", notice_date=date(2030, 11, 5), rows_text=" \n", actor=admin)
    with pytest.raises(NoticeNumberRequired):
        enter_year(year=2031, notice_number=" ", notice_date=date(2030, 11, 5), rows_text=ROWS_2031, actor=admin)
