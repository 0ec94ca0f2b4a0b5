"""Writing an import into the roster with bulk statements: a 20,000-unit file in a few dozen queries.

Called inside services.apply_roster_import's transaction. Owners are matched by identifier,
units by code; what the file does not carry (see rows.py) is left as stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TypeVar

from django.db import router
from django.db.models import Model, ProtectedError, RestrictedError
from django.db.models.deletion import Collector

from huanjie.roster import unitcodes
from huanjie.roster.importing.diff import RosterDiff, file_owners
from huanjie.roster.importing.rows import ParsedRoster
from huanjie.roster.importing.stored import StoredRoster
from huanjie.roster.models import Building, Community, Owner, Ownership, Unit

BATCH = 1000
T = TypeVar("T")


def write_roster(community: Community, stored: StoredRoster, parsed: ParsedRoster, diff: RosterDiff) -> None:
    buildings = _buildings(community, parsed)  # named by a building column or read from the unit codes
    _write_owners(community, parsed, diff)
    _write_units(community, stored, parsed, diff, buildings)
    _write_ownerships(community, parsed)
    _delete(Owner, [o.pk for o in diff.removed_owners])


def removal_blockers(diff: RosterDiff) -> list[Model]:
    """What still refers to a unit or an owner the file removes (a nomination, a co-signature, a
    sign-in at a meeting, a ballot paper...): the database would refuse the removal (PROTECT).

    Django's own deletion collector finds them, so every protecting relation counts, present or added later.
    """
    found: dict[tuple[str, object], Model] = {}
    for model, pks in ((Unit, [u.pk for u in diff.removed_units]), (Owner, [o.pk for o in diff.removed_owners])):
        for chunk in _chunks(pks, 500):
            for blocker in _blockers(model, chunk):
                found.setdefault((blocker._meta.label, blocker.pk), blocker)
    return list(found.values())


def _blockers(model: type[Unit] | type[Owner], pks: list[int]) -> Iterable[Model]:
    collector = Collector(using=router.db_for_write(model))
    try:
        collector.collect(list(model.objects.filter(pk__in=pks)))
    except ProtectedError as error:
        return error.protected_objects
    except RestrictedError as error:
        return error.restricted_objects
    return ()


def _buildings(community: Community, parsed: ParsedRoster) -> dict[str, int]:
    """Building pks by name, creating the buildings the file names for the first time."""
    known = dict(Building.objects.filter(community=community).values_list("name", "pk"))
    new = sorted({u.building for u in parsed.units if u.building and u.building not in known}, key=_natural)
    Building.objects.bulk_create([Building(community=community, name=name, sort_key=_sort_key(name))
                                  for name in new], batch_size=BATCH)
    if new:
        known = dict(Building.objects.filter(community=community).values_list("name", "pk"))
    return known


def _write_owners(community: Community, parsed: ParsedRoster, diff: RosterDiff) -> None:
    Owner.objects.bulk_create([Owner(community=community, identifier=o.identifier, name=o.name or o.identifier[:60],
                                     phone=o.phone) for o in diff.added_owners], batch_size=BATCH)
    if diff.changed_owners:
        owners = file_owners(parsed)
        rows = list(Owner.objects.filter(community=community,
                                         identifier__in=[c.identifier for c in diff.changed_owners]))
        for row in rows:
            wanted = owners[row.identifier]
            if "names" in parsed.carried:
                row.name = wanted.name
            if "phones" in parsed.carried:
                row.phone = wanted.phone
        Owner.objects.bulk_update(rows, ["name", "phone"], batch_size=BATCH)


def _write_units(community: Community, stored: StoredRoster, parsed: ParsedRoster, diff: RosterDiff,
                 buildings: dict[str, int]) -> None:
    carried = parsed.carried
    _delete(Unit, [u.pk for u in diff.removed_units])
    Unit.objects.bulk_create([
        _derived(Unit(community=community, code=u.code, building_id=buildings.get(u.building), floor=u.floor,
                      area=u.area, area_source=u.area_source, status=u.status))
        for u in diff.added_units], batch_size=BATCH)
    changed = {c.code for c in diff.changed_units}
    fields = ["area", "status", *(name for name in ("floor", "area_source") if name in carried)]
    if "building" in carried:
        fields.append("building_id")
    updates = []
    for u in parsed.units:
        if u.code in changed:
            row = Unit(pk=stored.units[u.code].pk, community=community, code=u.code, area=u.area, status=u.status,
                       floor=u.floor, area_source=u.area_source, building_id=buildings.get(u.building))
            updates.append(row)
    Unit.objects.bulk_update(updates, fields, batch_size=BATCH)


def _derived(unit: Unit) -> Unit:
    unit.derive_keys()  # bulk_create does not call save()
    return unit


def _write_ownerships(community: Community, parsed: ParsedRoster) -> None:
    """Ownerships as the file has them: the missing ones created, the others deleted."""
    units = dict(Unit.objects.filter(community=community).values_list("code", "pk"))
    owners = dict(Owner.objects.filter(community=community).values_list("identifier", "pk"))
    wanted = {(units[u.code], owners[o.identifier]) for u in parsed.units for o in u.owners}
    existing = {(unit_id, owner_id): pk for pk, unit_id, owner_id in Ownership.objects.filter(
        community=community).values_list("pk", "unit_id", "owner_id").iterator()}
    _delete(Ownership, [pk for pair, pk in existing.items() if pair not in wanted])
    Ownership.objects.bulk_create([Ownership(community=community, unit_id=unit_id, owner_id=owner_id)
                                   for unit_id, owner_id in sorted(wanted - existing.keys())], batch_size=BATCH)


def _delete(model: type[Unit] | type[Owner] | type[Ownership], pks: list[int]) -> None:
    # In slices: SQLite limits the number of parameters of one statement.
    for chunk in _chunks(pks, 500):
        model.objects.filter(pk__in=chunk).delete()


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _natural(name: str) -> tuple[int, str]:
    return _sort_key(name), unitcodes.sort_key(name)


def _sort_key(name: str) -> int:
    """“12号楼” sorts after “2号楼”: by the building's number (“100弄5号楼” is 5), else the first number."""
    address = unitcodes.parse_building(name)
    if address is not None and address.building and address.building.isdigit():
        return int(address.building)
    match = re.search(r"\d+", name)
    return int(match.group()) if match else 0
