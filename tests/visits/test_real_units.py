"""The door page and the floor grid with a property company's roster (units written 1号楼101室)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from huanjie.roster.models import Community, Unit
from huanjie.visits.errors import AmbiguousUnit, UnknownUnit
from huanjie.visits.models import Visit
from huanjie.visits.services import find_unit
from tests.conftest import client_for
from tests.roster.property_roster import import_property_roster


@pytest.fixture
def real(wuyuehua: Community) -> Community:
    Unit.objects.filter(community=wuyuehua).delete()
    import_property_roster(wuyuehua)
    return wuyuehua


@pytest.mark.parametrize("typed", ["1号楼101室", "1-101", "1幢101", "1#101", "１－１０１", " 1号101室 "])
def test_any_way_of_writing_the_flat_finds_it(real: Community, typed: str) -> None:
    assert find_unit(community=real, code=typed).code == "1号楼101室"


def test_a_short_form_that_fits_two_entrances_names_both(real: Community) -> None:
    with pytest.raises(AmbiguousUnit) as caught:
        find_unit(community=real, code="3-101")
    assert str(caught.value) == ("“3-101”可能是 3号楼1单元101室、3号楼2单元101室，"
                                 "请写明单元（如 1-2-101）或照名册写全房号。")
    assert find_unit(community=real, code="3-2-101").code == "3号楼2单元101室"


def test_a_flat_not_in_the_roster_is_unknown(real: Community) -> None:
    for typed in ("1-103", "4-101", "车库"):
        with pytest.raises(UnknownUnit):
            find_unit(community=real, code=typed)


def _door_post(client, slug, **fields):  # type: ignore[no-untyped-def]
    data = {"unit_code": "1-101", "outcome": "met", "visited_on": timezone.localdate().isoformat(),
            "visitor": "李老师", "second_visitor": "", "notes": "老人独居，需再访", "follow_up_on": "",
            "idempotency_key": "k1"}
    return client.post(f"/c/{slug}/visits/door/", data | fields, HTTP_X_OUTBOX="1")


def test_the_door_page_stores_a_visit_typed_as_1_101(real: Community, alice) -> None:  # type: ignore[no-untyped-def]
    response = _door_post(client_for(alice), real.slug)
    assert response.status_code == 201
    assert response.json()["message"] == "1号楼101室 的走访记录已保存。"
    assert Visit.objects.get().unit.code == "1号楼101室"


def test_without_script_a_refused_door_form_keeps_what_was_typed_under_one_message(
        real: Community, alice) -> None:  # type: ignore[no-untyped-def]
    data = {"unit_code": "1-103", "outcome": "met", "visited_on": timezone.localdate().isoformat(),
            "visitor": "李老师", "notes": "老人独居，需再访"}
    response = client_for(alice).post(f"/c/{real.slug}/visits/door/", data)
    page = response.content.decode()
    assert response.status_code == 400
    assert page.count("本小区没有房号“1-103”") == 1
    assert "老人独居，需再访</textarea>" in page and 'value="1-103"' in page


def test_the_floor_grid_has_a_row_per_floor_under_a_floor_column(real: Community, alice) -> None:  # type: ignore[no-untyped-def]
    building = real.buildings.get(name="1号楼")
    page = client_for(alice).get(f"/c/{real.slug}/visits/?building={building.pk}").content.decode()
    grid = page.split('data-testid="unit-grid"')[1].split("</table>")[0]
    assert "<th scope=\"col\">楼层</th>" in grid
    rows = re.findall(r'<th scope="row">([^<]*)</th>(.*?)</tr>', grid)
    assert [(label, re.findall(r">([^<>]+)</td>", cells)) for label, cells in rows] == [
        ("10层", ["1号楼1001室"]), ("2层", ["1号楼201室"]), ("1层", ["1号楼101室", "1号楼102室"])]
