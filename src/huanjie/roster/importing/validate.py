"""Every data row of a roster file checked, every problem collected (spec/tally.md "Bad input").

A row is bad when its unit code is empty or repeated, its area is not a positive number with at
most two decimals, its status or area source is unknown, a delivered unit has no owner, or its
owners do not fit (more phones than names, one owner given two different names or phones).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from huanjie.roster import unitcodes
from huanjie.roster.importing import fields
from huanjie.roster.importing.headers import Header
from huanjie.roster.importing.problems import Problems
from huanjie.roster.importing.rows import OwnerRow, UnitRow
from huanjie.roster.models import AreaSource, UnitStatus

T = TypeVar("T")
MAX_LENGTH = {"unit": 50, "building": 50, "identifier": 120, "name": 60}
# C0 controls but tab, line feed and carriage return (a quoted CSV cell may hold a line break).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Checker:
    header: Header
    problems: Problems
    # The source of areas a row does not name: the area column's header, else the answer given at import.
    default_source: str = AreaSource.UNSTATED
    units: list[UnitRow] = field(default_factory=list)
    first_row: dict[str, int] = field(default_factory=dict)
    owners_seen: dict[str, tuple[int, str, str]] = field(default_factory=dict)
    row_ok: bool = True

    def cell(self, cells: list[str], name: str) -> str:
        position = self.header.index.get(name)
        if position is None or position >= len(cells):
            return ""
        return fields.plain(cells[position])

    def bad(self, row: int, name: str, reason: tuple[str, str]) -> None:
        self.row_ok = False
        self.problems.add(row, self.header.label.get(name, name), *reason)

    def parsed(self, row: int, name: str, value: T | tuple[str, str]) -> T | None:
        if isinstance(value, tuple):
            self.bad(row, name, value)
            return None
        return value

    def check_row(self, row: int, cells: list[str]) -> None:
        self.row_ok = True
        if self._has_control(row, cells):
            return
        code = self.cell(cells, "unit")
        owners = self._owners(row, cells)
        if not code:
            self.bad(row, "unit", ("这一行有业主信息，但没有房号", "an owner row without a unit code") if owners
                     else ("房号为空", "the unit code is empty"))
            return
        self._code_ok(row, code)
        area = self.parsed(row, "area", fields.area(self.cell(cells, "area")))
        status = self.parsed(row, "status", fields.status(self.cell(cells, "status")))
        source = self.parsed(row, "area_source", fields.area_source(self.cell(cells, "area_source")))
        floor = self.parsed(row, "floor", fields.floor(self.cell(cells, "floor")))
        building = self.cell(cells, "building")
        address = unitcodes.address_of(code, building)
        if address is not None:  # `1号楼101室`: building and floor read from the unit's own text
            building = building or address.building_name or ""
            floor = address.floor if floor is None and not self.cell(cells, "floor") else floor
        if status == UnitStatus.DELIVERED and owners == []:
            self.bad(row, self._owner_column(), ("已交付的房屋没有业主", "a delivered unit has no owner"))
        if len(building) > MAX_LENGTH["building"]:
            self.bad(row, "building", ("楼栋名称超过50个字", "building longer than 50 characters"))
        if self.row_ok and owners is not None and area is not None and status is not None:
            self.units.append(UnitRow(code, building, floor, area, source or self.default_source, status,
                                      tuple(owners)))

    def _has_control(self, row: int, cells: list[str]) -> bool:
        """A NUL or other control character (PostgreSQL cannot store NUL: the import would fail later)."""
        fields_at = {position: name for name, position in self.header.index.items()}
        for position, cell in enumerate(cells):
            if position in fields_at and CONTROL.search(cell):
                self.bad(row, fields_at[position], ("含有不可见的控制字符，请删去后再上传",
                                                    "a control character (such as NUL) in the cell"))
                return True
        return False

    def _code_ok(self, row: int, code: str) -> bool:
        if len(code) > MAX_LENGTH["unit"]:
            self.bad(row, "unit", (f"房号“{code[:20]}…”超过50个字", "unit code longer than 50 characters"))
            return False
        if code in self.first_row:
            self.bad(row, "unit", (f"房号“{code}”重复（第{self.first_row[code]}行已有）",
                                   f"unit {code} repeated, first on row {self.first_row[code]}"))
            return False
        self.first_row[code] = row
        return True

    def _owner_column(self) -> str:
        return "names" if self.header.carries("names") else "owners"

    def _owners(self, row: int, cells: list[str]) -> list[OwnerRow] | None:
        """The row's owners; None after reporting why they do not fit."""
        ids = fields.identifiers(self.cell(cells, "owners")) if self.header.carries("owners") else None
        names = fields.names(self.cell(cells, "names")) if self.header.carries("names") else None
        phones = fields.phones(self.cell(cells, "phones"))
        if names is not None and len(phones) > len(names):
            self.bad(row, "phones", (f"联系电话有{len(phones)}个，业主姓名只有{len(names)}个",
                                     f"{len(phones)} phones for {len(names)} names"))
            return None
        if ids is not None and names and len(ids) != len(names):
            self.bad(row, "names", (f"业主姓名有{len(names)}个，业主标识有{len(ids)}个，应一一对应",
                                    f"{len(names)} names for {len(ids)} identifiers"))
            return None
        phones += [""] * (max(len(names or ()), len(ids or ())) - len(phones))
        for phone in phones:
            if not fields.phone_ok(phone):
                self.bad(row, "phones", (f"联系电话“{phone}”格式不对", f"bad phone {phone!r}"))
                return None
        if ids is None:
            ids = [fields.derived_identifier(name, phone) for name, phone in zip(names or [], phones, strict=False)]
        owners = [OwnerRow(i, (names or [""] * len(ids))[n], phones[n]) for n, i in enumerate(ids)]
        return owners if all(self._owner_ok(row, owner) for owner in owners) else None

    def _owner_ok(self, row: int, owner: OwnerRow) -> bool:
        if len(owner.identifier) > MAX_LENGTH["identifier"] or len(owner.name) > MAX_LENGTH["name"]:
            self.bad(row, self._owner_column(), (f"业主“{owner.identifier[:20]}”太长", "owner text too long"))
            return False
        earlier = self.owners_seen.setdefault(owner.identifier, (row, owner.name, owner.phone))
        if earlier[1:] != (owner.name, owner.phone) and (self.header.carries("names") or owner.phone):
            self.bad(row, self._owner_column(), (
                f"业主“{owner.identifier}”的姓名或电话与第{earlier[0]}行不一致",
                f"owner {owner.identifier} differs from row {earlier[0]}"))
            return False
        return True


def check_rows(header: Header, rows: Iterator[tuple[int, list[str]]], problems: Problems,
               progress: Callable[[int], None] | None = None, default_source: str = AreaSource.UNSTATED,
               ) -> list[UnitRow]:
    """The valid units of the rows after the header; blank rows (as spreadsheets leave) are skipped.

    A row's area source is its 面积来源 cell, else `default_source`."""
    checker = Checker(header, problems, default_source)
    for count, (row, cells) in enumerate(rows, start=1):
        if progress is not None and count % 500 == 0:
            progress(500)
        if problems.full:
            break
        if any(cell.strip() for cell in cells):
            checker.check_row(row, cells)
    return checker.units
