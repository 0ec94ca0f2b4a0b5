"""The encrypted election's roster is made of the voting entities huanjie.rules joins (JI art. 9,
spec/tally.md v2), and the manifest says by which rule."""

from __future__ import annotations

import random
from decimal import Decimal

from huanjie.crypto.demo import demo_manifest, demo_units
from huanjie.crypto.manifest import Entity, Manifest, roster_entities
from huanjie.rules import JoinRule, Unit, UnitStatus, build_entities


def test_the_roster_has_one_entity_per_head_with_its_units_areas_added_up() -> None:
    units = [
        Unit("1-101", Decimal("80.00"), frozenset({"b"})),
        Unit("9-001", Decimal("100.00"), frozenset(), UnitStatus.UNSOLD),
        Unit("9-002", Decimal("100.00"), frozenset({"b"}), UnitStatus.UNDELIVERED),  # sold to b, not delivered
        Unit("1-102", Decimal("90.50"), frozenset({"x", "y"})),
        Unit("1-103", Decimal("60.00"), frozenset({"y", "x"})),
        Unit("1-104", Decimal("70.00"), frozenset({"x"})),
    ]
    assert roster_entities(build_entities(units)) == (
        Entity("E00001", 8000),  # b's own flat: a head of its own
        Entity("E00002", 20000),  # the developer
        Entity("E00003", 15050),  # x;y's two flats
        Entity("E00004", 7000),  # x alone
    )
    assert len(roster_entities(build_entities(units, JoinRule.SHARED_OWNER))) == 3


def test_the_demo_election_joins_its_community_by_the_laws_reading() -> None:
    manifest = demo_manifest(500, 5, 3, random.Random(2025))
    assert len(manifest.roster) == 500 and manifest.join is JoinRule.IDENTICAL_OWNERS
    units = demo_units(500, random.Random(2025))
    assert len(units) > 500  # second flats and the developer's units join other heads
    assert manifest.roster == roster_entities(build_entities(units))
    again = Manifest.from_dict(manifest.to_dict())  # max_choices comes back explicit: compare the dicts
    assert again.to_dict() == manifest.to_dict() and again.join is JoinRule.IDENTICAL_OWNERS
