"""The encrypted election's roster is made of the voting entities huanjie.rules joins (JI art. 9,
spec/tally.md v2), and the manifest says by which rule."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from huanjie.crypto.demo import demo_manifest, demo_units
from huanjie.crypto.faults import FaultCode
from huanjie.crypto.manifest import Entity, Manifest, ManifestError, roster_entities
from huanjie.crypto.reading import read_manifest
from huanjie.rules import JoinRule, Unit, UnitStatus, build_entities

UNITS = [
    Unit("1-101", Decimal("80.00"), frozenset({"b"})),
    Unit("9-001", Decimal("100.00"), frozenset(), UnitStatus.UNSOLD),
    Unit("9-002", Decimal("100.00"), frozenset({"b"}), UnitStatus.UNDELIVERED),  # sold to b, not delivered
    Unit("1-102", Decimal("90.50"), frozenset({"x", "y"})),
    Unit("1-103", Decimal("60.00"), frozenset({"y", "x"})),
    Unit("1-104", Decimal("70.00"), frozenset({"x"})),
]


def test_the_roster_has_one_entity_per_head_with_its_units_areas_added_up() -> None:
    roster = roster_entities(build_entities(UNITS))
    assert [(e.id, [u.code for u in e.units], e.area_cents) for e in roster] == [
        ("E00001", ["1-101"], 8000),  # b's own flat: a head of its own
        ("E00002", ["9-001", "9-002"], 20000),  # the developer
        ("E00003", ["1-102", "1-103"], 15050),  # x;y's two flats
        ("E00004", ["1-104"], 7000),  # x alone
    ]
    assert len(roster_entities(build_entities(UNITS, JoinRule.SHARED_OWNER))) == 3


def test_the_demo_election_joins_its_community_by_the_laws_reading() -> None:
    manifest = demo_manifest(500, 5, 3, random.Random(2025))
    assert len(manifest.roster) == 500 and manifest.join is JoinRule.IDENTICAL_OWNERS
    units = demo_units(500, random.Random(2025))
    assert len(units) > 500  # second flats and the developer's units join other heads
    assert manifest.roster == roster_entities(build_entities(units))
    again = read_manifest(manifest.canonical_bytes())  # the file's bytes read back
    assert again.canonical_bytes() == manifest.canonical_bytes() and again.join is JoinRule.IDENTICAL_OWNERS


def manifest_of(roster: tuple[Entity, ...], join: JoinRule = JoinRule.IDENTICAL_OWNERS) -> Manifest:
    demo = demo_manifest(3, 3, 2, random.Random(1))
    return Manifest("m", "t", demo.trustees, 2, demo.contests, roster, join)


def test_a_roster_the_join_rule_does_not_give_is_refused() -> None:
    entities = roster_entities(build_entities(UNITS))
    split = (
        *entities[:2],
        Entity("E00003", entities[2].units[:1]),
        Entity("E00005", entities[2].units[1:]),
        entities[3],
    )
    with pytest.raises(ManifestError, match="makes units 1-102 and 1-103 one head") as raised:
        manifest_of(split)
    assert raised.value.code == FaultCode.MANIFEST_ROSTER
    merged = (*entities[:2], Entity("E00003", entities[2].units + entities[3].units))
    with pytest.raises(ManifestError, match="1-102 and 1-104 as one entity"):
        manifest_of(merged)
    with pytest.raises(ManifestError, match="two heads"):  # the same roster under the wider join is not this one
        manifest_of(roster_entities(build_entities(UNITS, JoinRule.SHARED_OWNER)))
    assert manifest_of(roster_entities(build_entities(UNITS, JoinRule.SHARED_OWNER)), JoinRule.SHARED_OWNER)
