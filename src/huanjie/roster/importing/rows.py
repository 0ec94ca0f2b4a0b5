"""The normalised roster: what a valid file says, ready to compare with the stored roster.

`carried` names the optional fields the file has a column for, and "owners" when the file gives
the owner identifiers itself (a property company's sheet has only names and phones). A field the file does not carry
(the tally.md layout has no phones, floors or area sources) leaves the stored value alone; so
exporting the roster as tally.md CSV and importing it back changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from huanjie.roster.models import UnitStatus
from huanjie.rules import types as rt

# The optional fields; unit, area, status and the owner identifiers are always carried.
OPTIONAL_FIELDS = ("building", "floor", "area_source", "names", "phones")


@dataclass(frozen=True, slots=True)
class OwnerRow:
    identifier: str
    name: str  # "" when the file carries no names
    phone: str  # "" when the file carries no phone for this owner


@dataclass(frozen=True, slots=True)
class UnitRow:
    code: str
    building: str
    floor: int | None
    area: Decimal
    area_source: str
    status: str
    owners: tuple[OwnerRow, ...]

    @property
    def status_label(self) -> str:
        return str(UnitStatus(self.status).label)


@dataclass(frozen=True, slots=True)
class ParsedRoster:
    file_name: str
    sha256: str
    layout: str  # "tally" or "property"
    carried: frozenset[str]
    units: tuple[UnitRow, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "file_name": self.file_name, "sha256": self.sha256, "layout": self.layout,
            "carried": sorted(self.carried),
            "units": [[u.code, u.building, u.floor, str(u.area), u.area_source, u.status,
                       [[o.identifier, o.name, o.phone] for o in u.owners]] for u in self.units],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ParsedRoster:
        units = tuple(
            UnitRow(code, building, floor, Decimal(area), source, status,
                    tuple(OwnerRow(identifier, name, phone) for identifier, name, phone in owners))
            for code, building, floor, area, source, status, owners in data["units"]
        )
        return cls(data["file_name"], data["sha256"], data["layout"], frozenset(data["carried"]), units)

    def rules_units(self) -> list[rt.Unit]:
        """The units as huanjie.rules counts them."""
        return [rt.Unit(u.code, u.area, frozenset(o.identifier for o in u.owners), rt.UnitStatus(u.status),
                        u.building) for u in self.units]
