"""Small rosters for crypto tests: voting entities of one unit each."""

from __future__ import annotations

from decimal import Decimal

from huanjie.crypto.manifest import Entity
from huanjie.rules import Unit


def entity(entity_id: str, cents: int) -> Entity:
    """An entity of one unit, U-<id>, of `cents` hundredths of m², owned by P-<id> alone."""
    return Entity(entity_id, (Unit(f"U-{entity_id}", Decimal(cents).scaleb(-2), frozenset({f"P-{entity_id}"})),))
