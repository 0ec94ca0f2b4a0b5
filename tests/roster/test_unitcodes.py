"""Unit texts as property companies write them: building, entrance, floor and room read out of them."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huanjie.roster.unitcodes import SORT_KEY_LENGTH, UnitAddress, address_of, means, parse, parse_building, sort_key


@pytest.mark.parametrize(("text", "building", "entrance", "room", "floor", "name"), [
    ("1号楼101室", "1", None, "101", 1, "1号楼"),
    ("1-101", "1", None, "101", 1, "1号楼"),
    ("1幢1单元101", "1", "1", "101", 1, "1幢"),
    ("3-1202", "3", None, "1202", 12, "3号楼"),
    ("1号楼1单元1201室", "1", "1", "1201", 12, "1号楼"),
    ("1-1-101", "1", "1", "101", 1, "1号楼"),
    ("5号301室", "5", None, "301", 3, "5号楼"),
    ("12栋2单元-0802", "12", "2", "802", 8, "12栋"),
    ("A座1201", "A", None, "1201", 12, "A座"),
    ("１号楼 １０１室", "1", None, "101", 1, "1号楼"),
    ("1—101", "1", None, "101", 1, "1号楼"),
    ("101", None, None, "101", 1, None),
    ("12", None, None, "12", None, None),
])
def test_the_written_forms_of_a_flat(text: str, building: str | None, entrance: str | None, room: str,
                                     floor: int | None, name: str | None) -> None:
    address = parse(text)
    assert address is not None
    assert (address.building, address.entrance, address.room, address.floor, address.building_name) == (
        building, entrance, room, floor, name)


def test_a_lane_is_part_of_the_building() -> None:
    address = parse("100弄5号301室")
    assert address == UnitAddress(room="301", building="5", lane="100", suffix="号")
    assert address.building_name == "100弄5号楼"


@pytest.mark.parametrize("text", ["商铺A", "车位", "", "1号楼", "1-101-1", "地下室"])
def test_texts_that_are_not_flats_are_not_read_as_one(text: str) -> None:
    assert parse(text) is None


def test_a_code_without_its_building_takes_the_building_column() -> None:
    assert address_of("101", "2号楼") == UnitAddress(room="101", building="2", suffix="号楼")
    assert address_of("1号楼101室", "2号楼") == parse("1号楼101室")  # the code's own building wins
    assert parse_building("3幢") == UnitAddress(room="", building="3", suffix="幢")


buildings = st.integers(1, 120)
entrances = st.none() | st.integers(1, 9)
floors = st.integers(1, 60)
flats = st.integers(1, 20)


def _written(building: int, entrance: int | None, room: str) -> list[str]:
    part = "" if entrance is None else f"{entrance}单元"
    dashed = "" if entrance is None else f"{entrance}-"
    return [f"{building}号楼{part}{room}室", f"{building}-{dashed}{room}", f"{building}幢{part}{room}",
            f"{building}号{part}{room}室", f"{building}栋{part}{room}", f"{building}#{dashed}{room}"]


@given(buildings, entrances, floors, flats)
def test_every_written_form_reads_as_the_same_flat(building: int, entrance: int | None, floor: int,
                                                   flat: int) -> None:
    room = f"{floor}{flat:02d}"
    for text in _written(building, entrance, room):
        address = parse(text)
        assert address is not None, text
        assert (address.building, address.entrance, address.room, address.floor) == (
            str(building), None if entrance is None else str(entrance), room, floor), text


@given(buildings, entrances, floors, flats)
def test_the_short_form_typed_at_the_door_means_the_stored_flat(building: int, entrance: int | None,
                                                              floor: int, flat: int) -> None:
    room = f"{floor}{flat:02d}"
    stored = parse(_written(building, entrance, room)[0])
    assert stored is not None
    for typed in (f"{building}-{room}", *_written(building, entrance, room)):
        found = parse(typed)
        assert found is not None and means(found, stored), typed
    other = parse(f"{building + 1}-{room}")
    assert other is not None and not means(other, stored)
    if entrance is not None:
        wrong = parse(f"{building}-{entrance + 1}-{room}")
        assert wrong is not None and not means(wrong, stored)


def _natural(text: str) -> list[tuple[int, int | str]]:
    return [(0, int(part)) if part.isdigit() else (1, part) for part in re.findall(r"\d+|\D", text, re.ASCII)]


texts = st.text(st.sampled_from("0123456789号楼室单元-AB幢"), max_size=12)


@given(texts, texts)
def test_the_sort_key_orders_numbers_by_value(first: str, second: str) -> None:
    if _natural(first) < _natural(second):
        assert sort_key(first) < sort_key(second)
    elif _natural(first) == _natural(second):
        assert sort_key(first) == sort_key(second)


@given(st.text(max_size=50))
def test_the_sort_key_is_digits_only_so_every_collation_agrees(text: str) -> None:
    key = sort_key(text)
    assert re.fullmatch(r"[0-9]*", key) and len(key) <= 400


def test_units_in_the_order_people_read_them() -> None:
    codes = ["1号楼1001室", "10号楼101室", "1号楼101室", "2号楼101室", "1号楼201室", "1-1001", "1-101"]
    assert sorted(codes, key=sort_key) == [
        "1-101", "1-1001", "1号楼101室", "1号楼201室", "1号楼1001室", "2号楼101室", "10号楼101室"]


def test_a_room_number_of_thousands_of_digits_is_no_floor_and_sorts_without_error() -> None:
    text = "1-" + "1" * 5000  # a fuzzed roster's code: int() refuses more than 4,300 digits
    address = parse(text)
    assert address is not None and address.floor is None
    assert len(sort_key(text)) <= SORT_KEY_LENGTH
