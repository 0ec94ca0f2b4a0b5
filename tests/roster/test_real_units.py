"""A property company's roster keeps its unit text; building, floor and room are read out of it, the
units list in reading order, and the area source is what the sheet says (or what was chosen), never assumed."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import call_command

from huanjie.roster.importing import parse_roster
from huanjie.roster.models import AreaSource, Community, Unit
from tests.conftest import client_for
from tests.roster.property_roster import HEADER, READING_ORDER, import_property_roster, property_roster


def _parse(data: bytes, area_source: str | None = None):  # type: ignore[no-untyped-def]
    return parse_roster("业主名册.xlsx", io.BytesIO(data), max_bytes=10 * 1024 * 1024, area_source=area_source)


def test_building_and_floor_are_read_from_the_unit_text_when_the_sheet_has_no_columns_for_them() -> None:
    units = {u.code: u for u in _parse(property_roster()).units}
    assert (units["1号楼101室"].building, units["1号楼101室"].floor) == ("1号楼", 1)
    assert (units["1号楼1001室"].building, units["1号楼1001室"].floor) == ("1号楼", 10)
    assert (units["3号楼2单元101室"].building, units["10号楼101室"].building) == ("3号楼", "10号楼")
    assert [o.name for o in units["1号楼101室"].owners] == ["张三", "李四"]


def test_a_building_area_column_does_not_say_where_the_areas_come_from() -> None:
    parsed = _parse(property_roster())
    assert {u.area_source for u in parsed.units} == {AreaSource.UNSTATED}
    assert "area_source" not in parsed.carried


def test_the_source_chosen_at_import_is_used_where_the_sheet_says_nothing() -> None:
    parsed = _parse(property_roster(), area_source=AreaSource.SURVEY)
    assert {u.area_source for u in parsed.units} == {AreaSource.SURVEY} and "area_source" in parsed.carried


def test_an_area_column_named_for_its_source_gives_the_source_whatever_was_chosen() -> None:
    header = [name if name != "建筑面积（㎡）" else "产证面积（㎡）" for name in HEADER]
    parsed = _parse(property_roster(header), area_source=AreaSource.CONTRACT)
    assert {u.area_source for u in parsed.units} == {AreaSource.REGISTER}


def test_the_imported_units_have_buildings_floors_rooms_and_list_in_reading_order(wuyuehua: Community) -> None:
    Unit.objects.filter(community=wuyuehua).delete()
    import_property_roster(wuyuehua)
    unit = Unit.objects.select_related("building").get(community=wuyuehua, code="1号楼1001室")
    assert (unit.building.name, unit.floor, unit.room, unit.area_source) == ("1号楼", 10, "1001", "unstated")
    ordered = [u.code for u in Unit.objects.filter(community=wuyuehua)]
    assert ordered == READING_ORDER


def test_the_roster_page_lists_units_in_reading_order_and_shows_the_source_as_unstated(
        wuyuehua: Community, alice) -> None:  # type: ignore[no-untyped-def]
    Unit.objects.filter(community=wuyuehua).delete()
    import_property_roster(wuyuehua)
    page = client_for(alice).get(f"/c/{wuyuehua.slug}/roster/").content.decode()
    positions = [page.index(f"<td>{code}</td>") for code in READING_ORDER]
    assert positions == sorted(positions)
    assert "不动产登记簿" not in page.split('data-testid="units"')[1] and "未注明" in page


def test_the_import_page_asks_where_the_areas_come_from(wuyuehua: Community, alice) -> None:  # type: ignore[no-untyped-def]
    client = client_for(alice)
    Unit.objects.filter(community=wuyuehua).delete()
    page = client.get(f"/c/{wuyuehua.slug}/roster/import/").content.decode()
    assert "面积来源（文件未写明时）" in page
    upload = io.BytesIO(property_roster())
    upload.name = "业主名册.xlsx"
    response = client.post(f"/c/{wuyuehua.slug}/roster/import/", {"file": upload, "area_source": "survey"})
    assert response.status_code == 302
    assert 'data-testid="unstated-sources"' not in client.get(response["Location"]).content.decode()
    client.post(response["Location"].rstrip("/") + "/confirm/")
    assert set(Unit.objects.filter(community=wuyuehua).values_list("area_source", flat=True)) == {"survey"}


def test_the_check_page_says_when_the_sources_will_be_recorded_as_unstated(
        wuyuehua: Community, alice) -> None:  # type: ignore[no-untyped-def]
    client = client_for(alice)
    upload = io.BytesIO(property_roster())
    upload.name = "业主名册.xlsx"
    response = client.post(f"/c/{wuyuehua.slug}/roster/import/", {"file": upload})
    page = client.get(response["Location"]).content.decode()
    assert "新增的 8 套房屋面积来源将记为“未注明”" in page


def test_the_command_takes_the_area_source_too(wuyuehua: Community, tmp_path) -> None:  # type: ignore[no-untyped-def]
    Unit.objects.filter(community=wuyuehua).delete()
    path = tmp_path / "业主名册.xlsx"
    path.write_bytes(property_roster())
    call_command("import_roster", wuyuehua.slug, str(path), "--yes", "--area-source", "contract",
                 stdout=io.StringIO(), stderr=io.StringIO())
    assert set(Unit.objects.filter(community=wuyuehua).values_list("area_source", flat=True)) == {"contract"}


@pytest.mark.django_db
def test_the_migration_gives_existing_units_their_keys_floors_and_buildings(wuyuehua: Community) -> None:
    from importlib import import_module

    migration = import_module("huanjie.roster.migrations.0003_unit_room_sort_key")
    unit = Unit.objects.create(community=wuyuehua, code="2号楼1201室", area="80.00")
    Unit.objects.filter(pk=unit.pk).update(room="", sort_key="", floor=None, building=None)
    migration.derive_unit_keys(apps, None)
    unit.refresh_from_db()
    assert (unit.room, unit.floor, unit.building.name) == ("1201", 12, "2号楼")
    codes = [u.code for u in Unit.objects.filter(community=wuyuehua)]
    assert codes == ["1-101", "1-102", "1-201", "2号楼1201室"]
