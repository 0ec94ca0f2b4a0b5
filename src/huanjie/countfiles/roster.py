"""roster.csv: one row per unit (spec/tally.md, "roster.csv"; JI arts. 8–9)."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, fields
from decimal import Decimal
from itertools import compress, repeat
from operator import contains, itemgetter
from pathlib import Path
from typing import Any

from huanjie.countfiles.problems import Problems
from huanjie.countfiles.tables import Table, column_index, is_blank, opened_table, read_table
from huanjie.rules import Unit, UnitStatus

# A positive number with at most two decimals; trailing zeros beyond them change nothing.
AREA = re.compile(r"(\d+)(?:\.(\d{1,2})0*)?")

DELIVERED = UnitStatus.DELIVERED
STATUS_WORDS: dict[str, UnitStatus] = {
    "": UnitStatus.DELIVERED,
    "delivered": UnitStatus.DELIVERED,
    "已交付": UnitStatus.DELIVERED,
    "unsold": UnitStatus.UNSOLD,
    "未售": UnitStatus.UNSOLD,
    "未出售": UnitStatus.UNSOLD,
    "undelivered": UnitStatus.UNDELIVERED,
    "未交付": UnitStatus.UNDELIVERED,
}


def read_roster(path: Path, problems: Problems) -> list[Unit]:
    """The units of roster.csv, in file order; every bad row is added to `problems`."""
    return read_table(path, problems, lambda table: _read_units(table, problems)) or []


# A roster column by column: codes, areas, owners, statuses, buildings.
RosterColumns = tuple[list[str], list[Decimal], list[frozenset[str]], list[UnitStatus], list[str]]


def read_plain_roster(path: Path) -> RosterColumns | None:
    """The columns of a roster with nothing unusual in it — what `read_roster` reads at C
    speed, without a `Unit` per row — or None: then `read_roster` reads it and names why."""
    problems = Problems(path.name)
    columns = read_table(path, problems, lambda table: _columns_of(table, problems))
    return None if problems or columns is None else columns


def _columns_of(table: Table, problems: Problems) -> RosterColumns | None:
    where = _where_columns(table, problems)
    return None if where is None else _plain_columns(list(table.rows), where)


@dataclass(frozen=True, slots=True)
class _Columns:
    unit: int
    area: int
    owners: int
    status: int | None
    building: int | None

    @property
    def width(self) -> int:
        return max(self.unit, self.area, self.owners, self.status or 0, self.building or 0) + 1


def _read_units(table: Table, problems: Problems) -> list[Unit]:
    """All rows at once, column by column; a roster with anything unusual in it (a blank or
    short row, a problem) is read again row by row, to name each problem on its line."""
    columns = _where_columns(table, problems)
    if columns is None:
        return []
    plain = _plain_columns(list(table.rows), columns)
    if plain is not None:
        return _units(*plain)
    with opened_table(table.path, problems, table.encoding) as again:
        return [] if again is None else _checked_units(again, columns, problems)


def _where_columns(table: Table, problems: Problems) -> _Columns | None:
    i_unit = column_index(table, "unit", problems)
    i_area = column_index(table, "area", problems)
    i_owners = column_index(table, "owners", problems)
    i_status = column_index(table, "status", problems, required=False)
    i_building = column_index(table, "building", problems, required=False)
    if i_unit is None or i_area is None or i_owners is None:
        return None
    return _Columns(i_unit, i_area, i_owners, i_status, i_building)


def _plain_columns(rows: list[list[str]], columns: _Columns) -> RosterColumns | None:
    """The columns of a roster with nothing unusual in it, or None (at C speed, by `map`)."""
    if not rows:
        return [], [], [], [], []
    if min(map(len, rows)) < columns.width:
        return None
    codes = list(map(str.strip, map(itemgetter(columns.unit), rows)))
    if "" in codes or len(set(codes)) != len(codes):
        return None
    area_texts = list(map(itemgetter(columns.area), rows))
    area_of = {text: parse_area(text) for text in set(area_texts)}  # rosters repeat a few floor plans
    if None in area_of.values():
        return None
    areas = list(map(area_of.__getitem__, area_texts))
    owner_texts = list(map(itemgetter(columns.owners), rows))
    stripped = list(map(str.strip, owner_texts))
    owners = list(map(frozenset, zip(stripped)))
    for i in compress(range(len(rows)), map(contains, owner_texts, repeat(";"))):
        owners[i] = frozenset(filter(None, (owner.strip() for owner in owner_texts[i].split(";"))))
    for i in _where(stripped, ""):
        owners[i] = frozenset()
    if columns.status is None:
        statuses: list[UnitStatus | None] = [DELIVERED] * len(rows)
    else:
        status_texts = list(map(itemgetter(columns.status), rows))
        statuses = list(map(STATUS_WORDS.get, status_texts))
        for i in _where(statuses, None):
            statuses[i] = _status(status_texts[i])
        if None in statuses:
            return None
    if any(statuses[i] is DELIVERED for i in _where(owners, frozenset())):
        return None
    if columns.building is None:
        buildings = [""] * len(rows)
    else:
        buildings = list(map(str.strip, map(itemgetter(columns.building), rows)))
    return codes, areas, owners, statuses, buildings  # type: ignore[return-value]  # no None left


_UNIT_FIELDS = ("code", "area", "owners", "status", "building")


def _units(*columns: list[Any]) -> list[Unit]:
    """`Unit(code, area, owners, status, building)` for each row, without a Python call per
    unit: a frozen dataclass's `__init__` sets each field through `object.__setattr__`,
    which for a roster of 200,000 units takes longer than reading it. The fields are set
    with their slot descriptors, by `map`; as `Unit` does nothing else on creation, the
    units are the same (if it ever does more, they are made by `Unit(...)` again)."""
    if tuple(field.name for field in fields(Unit)) != _UNIT_FIELDS or hasattr(Unit, "__post_init__"):
        return list(map(Unit, *columns))
    units: list[Unit] = list(map(object.__new__, repeat(Unit, len(columns[0]))))
    for name, column in zip(_UNIT_FIELDS, columns, strict=True):
        deque(map(getattr(Unit, name).__set__, units, column), maxlen=0)
    return units


def _where(column: list[Any], value: object) -> list[int]:
    """The rows whose cell is `value` (usually none: the test runs at C speed)."""
    if value not in column:
        return []
    return [i for i, cell in enumerate(column) if cell == value]


def _checked_units(table: Table, columns: _Columns, problems: Problems) -> list[Unit]:
    """Row by row, naming every problem with its line."""
    i_unit, i_area, i_owners, i_status, i_building = (
        columns.unit,
        columns.area,
        columns.owners,
        columns.status,
        columns.building,
    )
    width = columns.width
    units: list[Unit] = []
    first_line: dict[str, int] = {}
    areas: dict[str, Decimal | None] = {}  # rosters repeat a few floor plans
    rows = table.rows
    for row in rows:
        if len(row) < width:
            if is_blank(row):
                continue
            row = row + [""] * (width - len(row))
        code = row[i_unit].strip()
        if not code and is_blank(row):
            continue
        line = rows.line_num
        area_text = row[i_area]
        area = areas.get(area_text) or areas.setdefault(area_text, parse_area(area_text))
        owners_text = row[i_owners]
        if ";" in owners_text:
            owners = frozenset(filter(None, (owner.strip() for owner in owners_text.split(";"))))
        else:
            owner = owners_text.strip()
            owners = frozenset((owner,)) if owner else frozenset()
        status = _status(row[i_status]) if i_status is not None else DELIVERED
        building = row[i_building].strip() if i_building is not None else ""
        if code and code not in first_line:  # the usual case, without a call
            first_line[code] = line
            ok = True
        else:
            ok = _check_code(code, line, first_line, problems)
        if area is None:
            ok = False
            problems.add(
                line,
                "area",
                f"面积“{area_text.strip()}”不是不超过两位小数的正数",
                "area must be a positive number with at most two decimals",
            )
        if status is None:
            ok = False
            problems.add(
                line,
                "status",
                f"无法识别的状态“{row[i_status or 0].strip()}”，应为 delivered、unsold、undelivered 或留空",
                "status must be delivered, unsold, undelivered or empty",
            )
        elif not owners and status is DELIVERED:
            ok = False
            problems.add(line, "owners", "已交付的单元没有业主", "a delivered unit needs at least one owner")
        if ok and area is not None and status is not None:
            units.append(Unit(code, area, owners, status, building))
    return units


def _status(cell: str) -> UnitStatus | None:
    """The unit's status, or None when the word is unknown; most cells are exact words."""
    status = STATUS_WORDS.get(cell)
    return status if status is not None else STATUS_WORDS.get(cell.strip().lower())


def parse_area(text: str) -> Decimal | None:
    """A positive area with at most two decimals (JI art. 8), or None."""
    match = AREA.fullmatch(text.strip())
    if match is None:
        return None
    whole, fraction = match.groups()
    area = Decimal(f"{whole}.{fraction or '0'}")
    return area if area > 0 else None


def _check_code(code: str, line: int, first_line: dict[str, int], problems: Problems) -> bool:
    if not code:
        problems.add(line, "unit", "单元编号为空", "unit is empty")
        return False
    if code in first_line:
        problems.add(
            line,
            "unit",
            f"单元“{code}”重复（首次出现在第{first_line[code]}行）",
            f"unit {code} repeated, first on line {first_line[code]}",
        )
        return False
    first_line[code] = line
    return True
