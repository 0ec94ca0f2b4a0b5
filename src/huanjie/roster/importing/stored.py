"""The roster as the database holds it, loaded in three queries, with its fingerprint.

The fingerprint (SHA-256 over every unit, owner and ownership) is taken when an import is
checked and again when it is confirmed: if they differ, someone changed the roster in between
and the import is refused rather than undoing that change.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from huanjie.roster.models import Community, Owner, Ownership, Unit


@dataclass(frozen=True, slots=True)
class StoredUnit:
    pk: int
    code: str
    building: str
    floor: int | None
    area: Decimal
    area_source: str
    status: str
    owners: tuple[str, ...]  # identifiers, sorted


@dataclass(frozen=True, slots=True)
class StoredOwner:
    pk: int
    identifier: str
    name: str
    phone: str


@dataclass(frozen=True, slots=True)
class StoredRoster:
    units: dict[str, StoredUnit]
    owners: dict[str, StoredOwner]
    ownerships: dict[tuple[int, int], int]  # (unit pk, owner pk) -> ownership pk
    fingerprint: str


def load_stored(community: Community) -> StoredRoster:
    owners = {identifier: StoredOwner(pk, identifier, name, phone) for pk, identifier, name, phone in
              Owner.objects.filter(community=community).values_list("pk", "identifier", "name", "phone").iterator()}
    by_pk = {owner.pk: owner.identifier for owner in owners.values()}
    ownerships: dict[tuple[int, int], int] = {}
    unit_owners: dict[int, list[str]] = defaultdict(list)
    for pk, unit_id, owner_id in Ownership.objects.filter(community=community).values_list(
            "pk", "unit_id", "owner_id").iterator():
        ownerships[(unit_id, owner_id)] = pk
        unit_owners[unit_id].append(by_pk[owner_id])
    rows = Unit.objects.filter(community=community).values_list(
        "pk", "code", "building__name", "floor", "area", "area_source", "status")
    units = {code: StoredUnit(pk, code, building or "", floor, area, source, status, tuple(sorted(unit_owners[pk])))
             for pk, code, building, floor, area, source, status in rows.iterator()}
    return StoredRoster(units, owners, ownerships, _fingerprint(units, owners))


def _fingerprint(units: dict[str, StoredUnit], owners: dict[str, StoredOwner]) -> str:
    digest = hashlib.sha256()
    for code in sorted(units):
        u = units[code]
        digest.update(f"U\x1f{code}\x1f{u.building}\x1f{u.floor}\x1f{u.area:.2f}\x1f{u.area_source}\x1f{u.status}"
                      f"\x1f{';'.join(u.owners)}\x1e".encode())
    for identifier in sorted(owners):
        o = owners[identifier]
        digest.update(f"O\x1f{identifier}\x1f{o.name}\x1f{o.phone}\x1e".encode())
    return digest.hexdigest()
