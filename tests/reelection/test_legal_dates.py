"""The progress ledger: deadlines the working group must meet are the safe target, with the date
art. 203 ¶1 allows beside them; lead times before the meeting are never moved; a year the holiday
calendar has not verified says 未核对节假日."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from huanjie.reelection.models import Reelection
from huanjie.reelection.selectors import stage_rows
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def rows_of(reelection: Reelection) -> dict[str, object]:
    return {row.key: row for row in stage_rows(reelection, today=date(2026, 8, 1))}


def test_filing_due_on_national_day_shows_the_target_and_the_legal_date_beside_it(wuyuehua):
    reelection = Reelection.objects.create(community=wuyuehua, term_end=date(2026, 12, 31),
                                           assembly_date=date(2026, 9, 7))
    rows = rows_of(reelection)
    filing = rows["filing"]
    assert filing.due == date(2026, 10, 7)  # the safe target: 30 days after the meeting, unmoved
    assert filing.legal.moved.last_day == date(2026, 10, 8) and filing.legal.moved.reason == "国庆节"
    # 15 days before the meeting is a Sunday: the owners' notice is never shortened by moving it later.
    assert rows["candidate_notice"].due == date(2026, 8, 23) and rows["candidate_notice"].legal.moved is None
    assert rows["results_notice"].legal.moved is None  # 09-10 is a working day


def test_a_deadline_in_a_year_not_verified_says_so_on_the_ledger(wuyuehua, alice):
    reelection = Reelection.objects.create(community=wuyuehua, term_end=date(2035, 3, 29))
    assert rows_of(reelection)["report"].legal.unverified_year == 2034
    page = client_for(alice).get(reverse("reelection:progress", args=[wuyuehua.slug])).content.decode()
    assert "未核对节假日" in page and "请系统管理员录入" in page
