"""`huanjie deadline`: the examples of issue 16 on the 2026 calendar, its JSON, and exit 2 for an unverified year."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from huanjie.holidays.services import enter_year

pytestmark = [pytest.mark.django_db, pytest.mark.real_calendar]  # the calendar as shipped, no stand-in years


def deadline(*args: str) -> dict[str, object]:
    out = StringIO()
    call_command("deadline", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_json_is_exactly_the_documented_object():
    out = StringIO()
    call_command("deadline", "--from", "2026-09-30", "--days", "7", "--json", stdout=out)
    assert out.getvalue().strip() == (
        '{"from": "2026-09-30", "days": 7, "last_day": "2026-10-08", "moved_from": "2026-10-07", "reason": "国庆节"}')


@pytest.mark.parametrize(("start", "days", "last_day", "moved_from"), [
    ("2026-09-18", "7", "2026-09-28", "2026-09-25"),
    ("2026-03-07", "7", "2026-03-16", "2026-03-14"),
    ("2026-02-08", "7", "2026-02-24", "2026-02-15"),
    ("2026-09-13", "7", "2026-09-20", None),  # a make-up working Sunday: not moved
    ("2026-09-30", "10", "2026-10-10", None),  # a make-up working Saturday
])
def test_the_issues_examples(start, days, last_day, moved_from):
    result = deadline("--from", start, "--days", days)
    assert (result["last_day"], result["moved_from"]) == (last_day, moved_from)
    assert (result["reason"] is None) == (moved_from is None)


def test_months_per_art_202():
    assert deadline("--from", "2025-10-31", "--months", "1") == {
        "from": "2025-10-31", "months": 1, "last_day": "2025-12-01", "moved_from": "2025-11-30", "reason": "周末"}


def test_the_text_says_why_the_day_moved():
    out = StringIO()
    call_command("deadline", "--from", "2026-09-30", "--days", "7", stdout=out)
    assert "2026-10-08" in out.getvalue() and "国庆节" in out.getvalue() and "第二百零三条" in out.getvalue()


def test_an_unverified_year_exits_2_until_an_administrator_enters_it():
    with pytest.raises(CommandError) as raised:
        deadline("--from", "2030-12-28", "--days", "7")
    assert raised.value.returncode == 2 and "2031 年的国务院节假日安排尚未核对" in str(raised.value)
    enter_year(year=2031, notice_number="国办发明电〔2030〕9号", notice_date=date(2030, 11, 5),
               rows_text="元旦, 2031-01-01, 2031-01-01\n", actor=None)
    with pytest.raises(CommandError):  # the start's days are not needed, but 2030 is not verified either
        deadline("--from", "2030-12-28", "--days", "3")
    assert deadline("--from", "2030-12-28", "--days", "7")["last_day"] == "2031-01-06"  # 01-04 Sat, 01-05 Sun


def test_the_command_exits_2_for_a_year_outside_the_calendar(tmp_path):
    done = subprocess.run([sys.executable, "-m", "huanjie.cli", "deadline", "--from", "2035-01-10", "--days", "7"],
                          capture_output=True, text=True, env={"HUANJIE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin"})
    assert done.returncode == 2, done.stderr
    assert "2035 年的国务院节假日安排尚未核对" in done.stderr and not done.stdout
