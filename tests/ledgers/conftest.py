from __future__ import annotations

from datetime import date

import pytest

from huanjie.ledgers.models import Category, Source
from huanjie.ledgers.services import add_default_categories, record_demand

TODAY = date(2026, 11, 29)


@pytest.fixture
def today() -> date:
    return TODAY


@pytest.fixture
def lift(wuyuehua, alice) -> Category:  # type: ignore[no-untyped-def]
    add_default_categories(community=wuyuehua, actor=alice)
    return Category.objects.get(community=wuyuehua, name="电梯")


@pytest.fixture
def make_demand(wuyuehua, alice, lift, today):  # type: ignore[no-untyped-def]
    def make(summary: str = "3号楼电梯经常停运", **overrides):  # type: ignore[no-untyped-def]
        args = {"community": wuyuehua, "source": Source.VISIT, "category": lift, "summary": summary,
                "unit": wuyuehua.units.get(code="1-101"), "recorded_on": date(2026, 11, 20), "actor": alice,
                "today": today}
        return record_demand(**(args | overrides)).demand
    return make
