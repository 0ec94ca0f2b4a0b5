from __future__ import annotations

from datetime import date

import pytest

from huanjie.audit.models import AuditRecord
from huanjie.visits.errors import FollowUpBeforeVisit, FutureVisit, KeyReused, UnknownUnit, VisitorMissing
from huanjie.visits.models import Outcome, Visit
from huanjie.visits.services import find_unit, record_visit


def _record(community, unit, actor, today, **overrides):
    args = {"community": community, "unit": unit, "visited_on": date(2026, 11, 28), "visitor": "李老师",
            "second_visitor": "张阿姨", "outcome": Outcome.MET, "actor": actor, "today": today}
    return record_visit(**(args | overrides))


def test_it_records_a_visit_with_two_visitors_and_an_audit_record(wuyuehua, alice, today):
    unit = wuyuehua.units.get(code="1-101")
    result = _record(wuyuehua, unit, alice, today, notes="反映电梯问题", follow_up_on=date(2026, 12, 3))
    assert result.created
    visit = Visit.objects.get()
    assert (visit.visitor, visit.second_visitor, visit.outcome) == ("李老师", "张阿姨", "met")
    audit = AuditRecord.objects.get(code="visits.visit.recorded")
    assert audit.community_id == wuyuehua.pk and audit.data["after"]["unit"] == "1-101"


def test_it_stores_a_resent_visit_only_once(wuyuehua, alice, today):
    unit = wuyuehua.units.get(code="1-101")
    first = _record(wuyuehua, unit, alice, today, idempotency_key="k-1")
    again = _record(wuyuehua, unit, alice, today, idempotency_key="k-1")
    assert first.created and not again.created
    assert again.visit.pk == first.visit.pk
    assert Visit.objects.count() == 1


def test_it_refuses_a_key_already_used_for_another_unit(wuyuehua, alice, today):
    _record(wuyuehua, wuyuehua.units.get(code="1-101"), alice, today, idempotency_key="k-1")
    with pytest.raises(KeyReused):
        _record(wuyuehua, wuyuehua.units.get(code="1-102"), alice, today, idempotency_key="k-1")


def test_it_refuses_a_unit_of_another_community(wuyuehua, elsewhere, alice, today):
    with pytest.raises(UnknownUnit, match="1-101"):
        _record(wuyuehua, elsewhere.units.get(code="1-101"), alice, today)
    with pytest.raises(UnknownUnit, match="本小区没有房号“9-999”"):
        find_unit(community=wuyuehua, code="9-999")
    assert not Visit.objects.exists()


def test_it_refuses_a_visit_dated_in_the_future(wuyuehua, alice, today):
    with pytest.raises(FutureVisit, match="走访日期 2026-11-30 晚于今天（2026-11-29）"):
        _record(wuyuehua, wuyuehua.units.get(code="1-101"), alice, today, visited_on=date(2026, 11, 30))
    assert not AuditRecord.objects.filter(code="visits.visit.recorded").exists()


def test_it_refuses_a_follow_up_before_the_visit_and_a_missing_visitor(wuyuehua, alice, today):
    unit = wuyuehua.units.get(code="1-101")
    with pytest.raises(FollowUpBeforeVisit):
        _record(wuyuehua, unit, alice, today, follow_up_on=date(2026, 11, 1))
    with pytest.raises(VisitorMissing):
        _record(wuyuehua, unit, alice, today, visitor="  ")
    assert not Visit.objects.exists()
