"""roster.csv: one row per unit (spec/tally.md, "roster.csv"; JI arts. 8–9)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from huanjie.countfiles.problems import Problems
from huanjie.countfiles.tables import Table, column_index, is_blank, read_table
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


def _read_units(table: Table, problems: Problems) -> list[Unit]:
    i_unit = column_index(table, "unit", problems)
    i_area = column_index(table, "area", problems)
    i_owners = column_index(table, "owners", problems)
    i_status = column_index(table, "status", problems, required=False)
    i_building = column_index(table, "building", problems, required=False)
    if i_unit is None or i_area is None or i_owners is None:
        return []
    width = max(i_unit, i_area, i_owners, i_status or 0, i_building or 0) + 1
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
