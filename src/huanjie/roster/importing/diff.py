"""What an import would change: units and owners added, removed and changed, before → after.

Only what the file carries is compared: a tally.md file has no phones, floors or area sources,
so importing it leaves those as they are (and an export imported back shows no change).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from huanjie.roster import unitcodes
from huanjie.roster.importing.rows import OwnerRow, ParsedRoster, UnitRow
from huanjie.roster.importing.stored import StoredOwner, StoredRoster, StoredUnit
from huanjie.roster.models import AreaSource, UnitStatus
from huanjie.rules import JoinRule
from huanjie.rules import types as rt
from huanjie.rules.entities import build_entities

LABELS: dict[str, Promise] = {
    "building": _("楼栋"), "floor": _("楼层"), "area": _("面积"), "area_source": _("面积来源"),
    "status": _("状态"), "owners": _("业主"), "name": _("姓名"), "phone": _("联系电话"),
}


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    before: str
    after: str

    @property
    def label(self) -> str:
        return str(LABELS[self.field])


@dataclass(frozen=True, slots=True)
class UnitChange:
    code: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class OwnerChange:
    identifier: str
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class Totals:
    units: int
    owners: int
    headcount: int
    area: Decimal


@dataclass(frozen=True)
class RosterDiff:
    added_units: list[UnitRow]
    removed_units: list[StoredUnit]
    changed_units: list[UnitChange]
    added_owners: list[OwnerRow]
    removed_owners: list[StoredOwner]
    changed_owners: list[OwnerChange]
    before: Totals
    after: Totals

    @property
    def empty(self) -> bool:
        return not (self.added_units or self.removed_units or self.changed_units or self.added_owners
                    or self.removed_owners or self.changed_owners)

    def counts(self) -> dict[str, Any]:
        return {
            "units_added": len(self.added_units), "units_removed": len(self.removed_units),
            "units_changed": len(self.changed_units), "owners_added": len(self.added_owners),
            "owners_removed": len(self.removed_owners), "owners_changed": len(self.changed_owners),
            "units": self.after.units, "owners": self.after.owners,
            "eligible_headcount": self.after.headcount, "eligible_area": str(self.after.area),
        }


def roster_diff(stored: StoredRoster, parsed: ParsedRoster, join: JoinRule = JoinRule.IDENTICAL_OWNERS) -> RosterDiff:
    """What the import would change; the eligible totals before and after with the units joined
    by the coming vote's `join` (JI art. 9, spec/tally.md v2)."""
    carried = parsed.carried
    wanted = {u.code for u in parsed.units}
    added, changed = [], []
    for unit in parsed.units:
        before = stored.units.get(unit.code)
        if before is None:
            added.append(unit)
        elif changes := _unit_changes(before, unit, carried):
            changed.append(UnitChange(unit.code, changes))
    removed = [u for code, u in stored.units.items() if code not in wanted]
    owners = file_owners(parsed)
    return RosterDiff(
        added_units=added, removed_units=sorted(removed, key=lambda u: unitcodes.sort_key(u.code)),
        changed_units=changed,
        added_owners=[o for i, o in owners.items() if i not in stored.owners],
        removed_owners=sorted((o for i, o in stored.owners.items() if i not in owners), key=lambda o: o.identifier),
        changed_owners=[OwnerChange(i, c) for i, o in owners.items()
                        if i in stored.owners and (c := _owner_changes(stored.owners[i], o, carried))],
        before=_totals([rt.Unit(u.code, u.area, frozenset(u.owners), rt.UnitStatus(u.status))
                        for u in stored.units.values()], len(stored.owners), join),
        after=_totals(parsed.rules_units(), len(owners), join),
    )


def file_owners(parsed: ParsedRoster) -> dict[str, OwnerRow]:
    """Every owner of the file, once, as first named."""
    owners: dict[str, OwnerRow] = {}
    for unit in parsed.units:
        for owner in unit.owners:
            owners.setdefault(owner.identifier, owner)
    return owners


def _unit_changes(before: StoredUnit, after: UnitRow, carried: frozenset[str]) -> tuple[FieldChange, ...]:
    pairs = [("area", f"{before.area:.2f}", f"{after.area:.2f}"),
             ("status", str(UnitStatus(before.status).label), str(UnitStatus(after.status).label)),
             ("owners", "、".join(before.owners), "、".join(sorted({o.identifier for o in after.owners})))]
    if "building" in carried:
        pairs.append(("building", before.building, after.building))
    if "floor" in carried:
        pairs.append(("floor", _text(before.floor), _text(after.floor)))
    if "area_source" in carried:
        pairs.append(("area_source", str(AreaSource(before.area_source).label),
                      str(AreaSource(after.area_source).label)))
    return tuple(FieldChange(name, old, new) for name, old, new in pairs if old != new)


def _owner_changes(before: StoredOwner, after: OwnerRow, carried: frozenset[str]) -> tuple[FieldChange, ...]:
    pairs = []
    if "names" in carried:
        pairs.append(("name", before.name, after.name))
    if "phones" in carried:
        pairs.append(("phone", before.phone, after.phone))
    return tuple(FieldChange(name, old, new) for name, old, new in pairs if old != new)


def _text(value: int | None) -> str:
    return "" if value is None else str(value)


def _totals(units: list[rt.Unit], owners: int, join: JoinRule) -> Totals:
    """Eligible headcount and area as huanjie.rules counts them (JI arts. 8–9)."""
    eligible = build_entities(units, join).eligible
    return Totals(len(units), owners, eligible.headcount, eligible.area)


def adopt_stored_identifiers(stored: StoredRoster, parsed: ParsedRoster) -> ParsedRoster:
    """A property company's sheet has no identifiers: keep those of stored owners with the same name and phone.

    Without this, importing such a sheet over a roster imported from a tally.md file would
    replace every owner by a new one (“wyh-甲” by “甲先生-0001”) although the people are the same.
    """
    if "owners" in parsed.carried or "names" not in parsed.carried:
        return parsed
    by_contact: dict[tuple[str, str], str] = {}
    for owner in stored.owners.values():
        if owner.phone:
            by_contact[(owner.name, owner.phone)] = owner.identifier
    if not by_contact:
        return parsed

    def adopted(owner: OwnerRow) -> OwnerRow:
        if owner.identifier in stored.owners or not owner.phone:
            return owner
        identifier = by_contact.get((owner.name, owner.phone))
        return owner if identifier is None else OwnerRow(identifier, owner.name, owner.phone)

    units = tuple(replace(u, owners=tuple(adopted(o) for o in u.owners)) for u in parsed.units)
    return replace(parsed, units=units)
