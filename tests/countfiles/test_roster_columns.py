"""roster.csv read column by column (the fast path) gives the very units that reading it row
by row gives, and a roster with anything unusual is read row by row, every problem named."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from huanjie.countfiles import roster as roster_module
from huanjie.countfiles.problems import Problems
from huanjie.countfiles.roster import read_plain_roster, read_roster
from huanjie.rules import Unit, UnitStatus, build_entities
from huanjie.rules.entities import entity_columns

ROSTER = """unit,building,area,owners,status,note
1-101, 1 ,100.00,alice,,x
1-102,1,100.5,bob; carol ,delivered
1-103,1,100.500,carol,已交付
2-101,2, 88 ,dave;dave;,
2-102,2,88,,unsold
2-103,2,88,erin,未交付
"""
EXPECTED = [
    Unit("1-101", Decimal("100.00"), frozenset({"alice"}), UnitStatus.DELIVERED, "1"),
    Unit("1-102", Decimal("100.5"), frozenset({"bob", "carol"}), UnitStatus.DELIVERED, "1"),
    Unit("1-103", Decimal("100.50"), frozenset({"carol"}), UnitStatus.DELIVERED, "1"),
    Unit("2-101", Decimal("88.0"), frozenset({"dave"}), UnitStatus.DELIVERED, "2"),
    Unit("2-102", Decimal("88.0"), frozenset(), UnitStatus.UNSOLD, "2"),
    Unit("2-103", Decimal("88.0"), frozenset({"erin"}), UnitStatus.UNDELIVERED, "2"),
]


def read(tmp_path: Path, text: str, *, row_by_row: bool = False) -> tuple[list[Unit], list[str]]:
    path = tmp_path / "roster.csv"
    path.write_text(text, encoding="utf-8")
    problems = Problems(path.name)
    with pytest.MonkeyPatch.context() as patch:
        if row_by_row:
            patch.setattr(roster_module, "_plain_columns", lambda rows, columns: None)
        units = read_roster(path, problems)
    return units, [str(problem) for problem in problems.found]


def test_both_ways_read_the_same_units(tmp_path: Path) -> None:
    fast = read(tmp_path, ROSTER)
    assert fast == (EXPECTED, [])
    assert read(tmp_path, ROSTER, row_by_row=True) == fast
    assert [hash(unit) for unit in fast[0]] == [hash(unit) for unit in EXPECTED]
    assert [repr(unit) for unit in fast[0]] == [repr(unit) for unit in EXPECTED]


def test_without_status_and_building_columns(tmp_path: Path) -> None:
    units, problems = read(tmp_path, "unit,area,owners\n1-101,50,alice\n1-102,60.25,bob\n")
    assert problems == []
    assert units == [
        Unit("1-101", Decimal("50.0"), frozenset({"alice"})),
        Unit("1-102", Decimal("60.25"), frozenset({"bob"})),
    ]


@pytest.mark.parametrize(
    "extra",
    [
        "\n,,,,\n3-101,3,50.00,frank,\n",  # a blank row
        "3-101,3,50.00,frank\n",  # a short row
        "1-101,3,50.00,frank,\n",  # a repeated unit
        "3-101,3,0,frank,\n",  # a bad area
        "3-101,3,50.00,frank,sold\n",  # an unknown status
        "3-101,3,50.00, ; ,\n",  # no owner
        "3-101,3,50.00,frank, UNSOLD \n",  # an unusual but good status
    ],
)
def test_a_roster_with_anything_unusual_is_read_row_by_row(tmp_path: Path, extra: str) -> None:
    text = ROSTER + extra
    assert read(tmp_path, text) == read(tmp_path, text, row_by_row=True)
    assert (read_plain_roster(tmp_path / "roster.csv") is None) == (extra != "3-101,3,50.00,frank, UNSOLD \n")


@pytest.mark.parametrize("extra", ["", "3-101,3,50.00,alice,\n", "3-101,3,50.00,,unsold\n3-102,3,9,,未售\n"])
def test_the_entities_of_the_columns_are_those_of_the_units(tmp_path: Path, extra: str) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER + extra, encoding="utf-8")
    plain = read_plain_roster(path)
    assert plain is not None
    assert entity_columns(*plain[:4]).columns() == build_entities(read_roster(path, Problems(path.name))).columns()


def test_units_are_made_by_their_class_when_it_does_more_on_creation(monkeypatch: pytest.MonkeyPatch) -> None:
    made = []

    @dataclass(frozen=True, slots=True)
    class Checked(Unit):
        def __post_init__(self) -> None:
            made.append(self.code)

    monkeypatch.setattr(roster_module, "Unit", Checked)
    columns: list[list[Any]] = [["a", "b"], [Decimal(1)] * 2, [frozenset()] * 2, [UnitStatus.UNSOLD] * 2, ["", ""]]
    units = roster_module._units(*columns)
    assert made == ["a", "b"]
    assert units == [
        Checked("a", Decimal(1), frozenset(), UnitStatus.UNSOLD),
        Checked("b", Decimal(1), frozenset(), UnitStatus.UNSOLD),
    ]
