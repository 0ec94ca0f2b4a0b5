"""The election manifest: what is voted on, by whom, with what weight, and who holds the key.

It is fixed before the key ceremony and every proof of the election is bound to its hash:
SHA-256 of its canonical JSON (keys sorted, no spaces, UTF-8). The roster in it is the frozen
roster of voting entities (JI art. 9) under pseudonymous ids, each with its area in whole
hundredths of a square metre (JI art. 8) — public, because participation and weights are.
`roster_entities` makes it from the entities `huanjie.rules.build_entities` joined, and `join`
says by which rule (spec/tally.md v2): the same rules as the web count and `huanjie tally`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from huanjie.rules import (
    Answer,
    Contest,
    Election,
    EntityColumns,
    JoinRule,
    Matter,
    Motion,
    area_to_cents,
    format_area,
)
from huanjie.rules.types import cents_to_area

FORMAT = "huanjie-crypto-record/3"
MOTION_OPTIONS = (Answer.YES.value, Answer.NO.value, Answer.ABSTAIN.value)


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    area_cents: int


@dataclass(frozen=True, slots=True)
class Manifest:
    election: str
    title: str
    trustees: tuple[str, ...]  # trustee l is trustees[l − 1]
    threshold: int
    contests: tuple[Contest, ...]
    roster: tuple[Entity, ...]
    join: JoinRule = JoinRule.IDENTICAL_OWNERS  # how the roster's units were joined into entities (JI art. 9)

    def __post_init__(self) -> None:
        if not 1 <= self.threshold <= len(self.trustees):
            raise ValueError(f"threshold {self.threshold} must be between 1 and {len(self.trustees)} trustees")
        ids = [e.id for e in self.roster]
        if len(set(ids)) != len(ids):
            raise ValueError("an entity id appears twice in the roster")
        for contest in self.contests:
            if isinstance(contest, Election) and not 1 <= contest.choice_limit <= len(contest.candidates):
                raise ValueError(f"contest {contest.id}: max_choices must be between 1 and the candidates")

    def hash(self) -> bytes:
        canonical = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).digest()

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "group": "ristretto255",
            "hash": "sha512",
            "election": self.election,
            "title": self.title,
            "trustees": list(self.trustees),
            "threshold": self.threshold,
            "contests": [_contest_to_dict(c) for c in self.contests],
            "roster": [{"entity": e.id, "area": format_area(cents_to_area(e.area_cents))} for e in self.roster],
            "join": self.join.value,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Manifest:
        if data.get("format") != FORMAT or data.get("group") != "ristretto255" or data.get("hash") != "sha512":
            raise ValueError(f"not a {FORMAT} manifest over ristretto255 with SHA-512")
        return cls(
            str(data["election"]),
            str(data["title"]),
            tuple(str(t) for t in data["trustees"]),
            int(data["threshold"]),
            tuple(_contest_from_dict(c) for c in data["contests"]),
            tuple(Entity(str(e["entity"]), area_to_cents(Decimal(e["area"]))) for e in data["roster"]),
            JoinRule(str(data["join"])),
        )


def roster_entities(roster: EntityColumns) -> tuple[Entity, ...]:
    """The manifest's roster: one entity per head of `roster` (its voting entities, as
    `build_entities` joined them), E00001… in roster order, with its units' areas added up."""
    cents = [0] * roster.entity_count
    for entity, unit_cents in zip(roster.unit_entity, roster.unit_cents, strict=True):
        cents[entity] += unit_cents
    return tuple(Entity(f"E{i:05d}", area) for i, area in enumerate(cents, start=1))


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
    }


def _contest_from_dict(data: dict[str, Any]) -> Contest:
    matter = Matter.from_spec_name(str(data["matter"]))
    if data["kind"] == "motion":
        return Motion(str(data["id"]), matter)
    if data["kind"] != "election":
        raise ValueError(f"unknown contest kind {data['kind']!r}")
    candidates = tuple(str(c) for c in data["candidates"])
    return Election(str(data["id"]), matter, int(data["seats"]), candidates, int(data["max_choices"]))
