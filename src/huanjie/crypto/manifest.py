"""The election manifest: what is voted on, by whom, with what weight, and who holds the key.

It is fixed before the key ceremony and every proof of the election is bound to its hash:
SHA-256 of its canonical bytes (`canonical_bytes`), which are exactly the bytes of the record's
`manifest.json` — a verifier hashes the file as it is, and refuses a file that is not in
canonical form. It carries:

- the law it is counted by: the rules profile (`cn-civil-code-2021`), the count's rules
  (spec/tally.md v2), its `join` (which units are the same buyer's, JI art. 9) and `write_in`
  (rule 5, for the paper ballots counted with it; an encrypted ballot cannot name anyone else);
- the trustees (numbered 1..n in this order) and the threshold k;
- the contests in order, each election with its seats, `max_choices`, candidates and `rank_by`;
- the frozen roster: voting entities under the ids the roster gives them, each with its units
  (pseudonymous codes and owner identifiers, as in the published roster.csv of `huanjie tally`,
  areas in m² with two decimals, JI art. 8, and status). The entities must be exactly those
  `huanjie.rules.build_entities` makes of the units with the manifest's `join`: anyone can
  check who counts as one head, and how much area each head weighs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from huanjie.crypto.faults import FaultCode
from huanjie.crypto.strictjson import canonical
from huanjie.rules import (
    RULES,
    Answer,
    Contest,
    Election,
    EntityIndex,
    JoinRule,
    Motion,
    RosterError,
    Unit,
    WriteInRule,
    area_to_cents,
    build_entities,
    format_area,
)

FORMAT = "huanjie-crypto-record/4"
COUNT_RULES = "spec/tally.md v2"
MOTION_OPTIONS = (Answer.YES.value, Answer.NO.value, Answer.ABSTAIN.value)
RESERVED_IDS = frozenset({"ballot", "units", "valid"})  # the fixed columns of ballots.csv
MAX_AREA_CENTS = 99_999_999_99  # a unit's area below 10^8 m² (the frozen roster's field)
MAX_ENTITIES = 2**32 - 1  # a ballot names its entity in 4 bytes


class ManifestError(ValueError):
    """A manifest that cannot be: `code` names the kind of fault, the message where it is."""

    def __init__(self, code: FaultCode, where: str) -> None:
        super().__init__(where)
        self.code = code


@dataclass(frozen=True, slots=True)
class Entity:
    """One voting entity (one head, JI art. 9): its id on the frozen roster and its units."""

    id: str
    units: tuple[Unit, ...]
    area_cents: int = field(init=False, compare=False)  # the sum of its units' areas, in 0.01 m²

    def __post_init__(self) -> None:
        object.__setattr__(self, "area_cents", sum(_unit_cents(unit) for unit in self.units))


@dataclass(frozen=True, slots=True)
class Manifest:
    election: str
    title: str
    trustees: tuple[str, ...]  # trustee l is trustees[l − 1]
    threshold: int
    contests: tuple[Contest, ...]
    roster: tuple[Entity, ...]
    join: JoinRule = JoinRule.IDENTICAL_OWNERS
    write_in: WriteInRule = WriteInRule.IGNORE_NAME

    def __post_init__(self) -> None:
        if not 1 <= self.threshold <= len(self.trustees):
            raise ManifestError(
                FaultCode.MANIFEST_SCHEMA, f"threshold {self.threshold} is not between 1 and {len(self.trustees)}"
            )
        _check_unique("trustee", self.trustees)
        _check_contests(self.contests)
        _check_roster(self.roster, self.join)

    def canonical_bytes(self) -> bytes:
        """The manifest file's bytes: `canonical` JSON of `to_dict`, no final newline."""
        return canonical(self.to_dict())

    def hash(self) -> bytes:
        return hashlib.sha256(self.canonical_bytes()).digest()

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "group": "ristretto255",
            "hash": "sha512",
            "election": self.election,
            "title": self.title,
            "rules": {"profile": RULES, "count": COUNT_RULES, "join": self.join.value, "write_in": self.write_in.value},
            "trustees": list(self.trustees),
            "threshold": self.threshold,
            "contests": [_contest_to_dict(c) for c in self.contests],
            "roster": [{"entity": e.id, "units": [_unit_to_dict(u) for u in e.units]} for e in self.roster],
        }


def roster_entities(index: EntityIndex) -> tuple[Entity, ...]:
    """The manifest's roster: one entity per head of `index` (as `build_entities` joined the
    roster's units), E00001… in roster order, with its units."""
    return tuple(
        Entity(f"E{entity.index + 1:05d}", tuple(index.units[index.unit_position[code]] for code in entity.units))
        for entity in index.entities
    )


def options(contest: Contest) -> tuple[str, ...]:
    """What is counted in a contest: its candidates, or yes, no and abstain."""
    return contest.candidates if isinstance(contest, Election) else MOTION_OPTIONS


def _contest_to_dict(contest: Contest) -> dict[str, Any]:
    if isinstance(contest, Motion):
        return {"id": contest.id, "kind": "motion", "matter": contest.matter.spec_name}
    return {
        "id": contest.id,
        "kind": "election",
        "matter": contest.matter.spec_name,
        "seats": contest.seats,
        "max_choices": contest.choice_limit,
        "candidates": list(contest.candidates),
        "rank_by": [key.value for key in contest.rank_by],
    }


def _unit_to_dict(unit: Unit) -> dict[str, Any]:
    return {
        "unit": unit.code,
        "area": format_area(unit.area),
        "owners": sorted(unit.owners),
        "status": unit.status.value,
    }


def _unit_cents(unit: Unit) -> int:
    """JI art. 8: an area in m² with at most two decimals, positive (and below 10^8 m²)."""
    try:
        cents = area_to_cents(unit.area)
    except (ValueError, ArithmeticError):
        cents = 0
    if not (isinstance(unit.area, Decimal) and unit.area.is_finite() and 0 < cents <= MAX_AREA_CENTS):
        raise ManifestError(FaultCode.MANIFEST_AREA, f"unit {unit.code}: area {unit.area}")
    return cents


def _check_unique(what: str, names: Sequence[str]) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise ManifestError(FaultCode.MANIFEST_DUPLICATE, f"{what} {name} appears twice")
        seen.add(name)


def _check_contests(contests: Sequence[Contest]) -> None:
    if not contests:
        raise ManifestError(FaultCode.MANIFEST_SCHEMA, "no contest")
    _check_unique("contest", [c.id for c in contests])
    for contest in contests:
        if contest.id in RESERVED_IDS or "/" in contest.id:
            # '/' separates a partial decryption's label, contest/option/measure: one reading only.
            raise ManifestError(FaultCode.MANIFEST_SCHEMA, f"contest id {contest.id} is reserved or holds '/'")
        if isinstance(contest, Motion):
            continue
        _check_unique(f"contest {contest.id}: candidate", contest.candidates)
        if any(";" in name for name in contest.candidates):
            raise ManifestError(FaultCode.MANIFEST_SCHEMA, f"contest {contest.id}: a candidate's name holds ';'")
        if contest.seats < 1 or not 1 <= contest.choice_limit <= len(contest.candidates):
            raise ManifestError(
                FaultCode.MANIFEST_SCHEMA,
                f"contest {contest.id}: seats ≥ 1 and max_choices between 1 and the candidates",
            )
        if not contest.rank_by or len(set(contest.rank_by)) != len(contest.rank_by):
            raise ManifestError(FaultCode.MANIFEST_SCHEMA, f"contest {contest.id}: rank_by empty or repeated")


def _check_roster(roster: Sequence[Entity], join: JoinRule) -> None:
    """Ids and units unique, and the entities exactly those the law makes of the units."""
    if not 1 <= len(roster) <= MAX_ENTITIES:
        raise ManifestError(FaultCode.MANIFEST_SCHEMA, f"{len(roster)} voting entities")
    _check_unique("entity", [e.id for e in roster])
    units = [unit for entity in roster for unit in entity.units]
    _check_unique("unit", [unit.code for unit in units])
    if any(not e.units for e in roster):
        raise ManifestError(FaultCode.MANIFEST_ROSTER, "an entity without units")
    if any(";" in u.code or any(";" in o for o in u.owners) for u in units):
        raise ManifestError(FaultCode.MANIFEST_SCHEMA, "a unit code or owner identifier holds ';'")
    try:
        built = build_entities(units, join)
    except RosterError as error:
        raise ManifestError(FaultCode.MANIFEST_ROSTER, str(error)) from None
    listed = [number for number, entity in enumerate(roster) for _ in entity.units]
    if built.unit_entity != listed:
        raise ManifestError(FaultCode.MANIFEST_ROSTER, _mismatch(roster, units, listed, built.unit_entity, join))


def _mismatch(roster: Sequence[Entity], units: list[Unit], listed: list[int], law: list[int], join: JoinRule) -> str:
    """The first two units the manifest and the law group differently, in words."""
    i = next(i for i, (ours, theirs) in enumerate(zip(listed, law, strict=True)) if ours != theirs)
    with_law = law.index(law[i])  # the first unit of the entity the law puts unit i in
    if listed[with_law] != listed[i]:
        first, second = units[with_law], units[i]
        return (
            f"join = {join.value} makes units {first.code} and {second.code} one head; the manifest lists them in "
            f"{roster[listed[with_law]].id} and {roster[listed[i]].id}"
        )
    with_ours = listed.index(listed[i])
    return (
        f"the manifest lists units {units[with_ours].code} and {units[i].code} as one entity "
        f"{roster[listed[i]].id}; join = {join.value} makes them two heads"
    )
