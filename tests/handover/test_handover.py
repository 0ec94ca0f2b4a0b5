from __future__ import annotations

from datetime import date

import pytest

from huanjie.handover.errors import AlreadySigned, BadSignature, GiverFirst
from huanjie.handover.models import Direction
from huanjie.handover.selectors import handover_views
from huanjie.handover.services import open_handover, sign_item
from huanjie.reelection.models import StageProgress
from tests.conftest import client_for


@pytest.fixture
def to_office(reelection, alice):  # type: ignore[no-untyped-def]
    return open_handover(reelection=reelection, direction=Direction.TO_HOUSING_OFFICE, actor=alice)


def test_the_list_starts_with_seals_files_accounts_keys_and_contracts(to_office):
    assert set(to_office.items.values_list("kind", flat=True)) == {"seals", "files", "accounts", "keys", "contracts"}
    assert (to_office.giver, to_office.receiver) == ("第1届业主委员会", "街道房管办")


def test_the_deadline_is_ten_days_after_the_group_was_formed(reelection, to_office, today, wuyuehua):
    StageProgress.objects.create(community=wuyuehua, reelection=reelection, stage="working_group",
                                 done_on=date(2026, 11, 1))
    [view] = handover_views(reelection, today=today)
    assert (view.due, view.basis, view.estimated) == (date(2026, 11, 11), "SH art. 28", False)
    assert len(view.overdue_items) == 7  # nothing signed and the day has passed


def test_an_item_signed_by_both_sides_is_no_longer_overdue(reelection, to_office, alice, today):
    item = to_office.items.first()
    sign_item(item=item, side="giver", name="原主任 赵强", signed_on=date(2027, 1, 10), actor=alice, today=today)
    sign_item(item=item, side="receiver", name="房管办 孙敏", signed_on=date(2027, 1, 10), actor=alice, today=today)
    [view] = handover_views(reelection, today=today)
    assert item.pk not in view.overdue_items and view.signed == 1


def test_signatures_come_in_order_once_each_and_dated(to_office, alice, today):
    item = to_office.items.first()
    with pytest.raises(GiverFirst):
        sign_item(item=item, side="receiver", name="孙敏", signed_on=today, actor=alice, today=today)
    with pytest.raises(BadSignature, match="晚于今天"):
        sign_item(item=item, side="giver", name="赵强", signed_on=date(2027, 2, 1), actor=alice, today=today)
    sign_item(item=item, side="giver", name="赵强", signed_on=today, actor=alice, today=today)
    with pytest.raises(AlreadySigned, match="交出方已由 赵强 于 2027-01-20 签字"):
        sign_item(item=item, side="giver", name="别人", signed_on=today, actor=alice, today=today)


def test_the_page_shows_overdue_items(alice, wuyuehua, reelection, to_office, charlie):
    StageProgress.objects.create(community=wuyuehua, reelection=reelection, stage="working_group",
                                 done_on=date(2026, 11, 1))
    page = client_for(alice).get(f"/c/{wuyuehua.slug}/handover/").content.decode()
    assert 'data-testid="overdue"' in page and "2026-11-11" in page
    assert client_for(charlie).get(f"/c/{wuyuehua.slug}/handover/").status_code == 404


def test_a_deadline_on_a_holiday_shows_the_legal_date_beside_the_target(reelection, to_office, today, wuyuehua):
    StageProgress.objects.create(community=wuyuehua, reelection=reelection, stage="working_group",
                                 done_on=date(2026, 9, 27))
    [view] = handover_views(reelection, today=today)
    assert view.due == date(2026, 10, 7)  # the safe target, unmoved; 10-07 is National Day
    assert (view.legal.moved.last_day, view.legal.moved.reason) == (date(2026, 10, 8), "国庆节")
