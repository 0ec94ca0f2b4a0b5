"""A mid-size count through the rules API gives exactly the bytes it gave when written.

`tally` and `Count.add` take ballots from the web app as well as from files; this pins the
JSON of 1,500 units and 6,000 ballots (every kind of flag, several ballots per entity, a
unit named twice) so that tuning the count's hot path cannot change a byte.

With the law's settings (spec/tally.md v2) and with `shared-owner` / `void-contest`: the
second differs from what v1 printed (779d34ed…) only where a ballot names a stranger among more
names than `max_choices`: v2 checks the over-vote first (20 flags `over-vote`, were
`unknown-candidate`; the totals are the same, both void the choices).
"""

from __future__ import annotations

import hashlib
import random
from decimal import Decimal

import pytest

from huanjie.rules import (
    Answer,
    Ballot,
    Count,
    Election,
    JoinRule,
    Matter,
    Motion,
    RankKey,
    Unit,
    UnitStatus,
    WriteInRule,
    build_entities,
    tally,
)

NAMES = ("张三", "李四", "王五", "赵六")
CONTESTS = (
    Election("committee", Matter.ELECT_COMMITTEE, seats=2, candidates=NAMES, max_choices=3),
    Motion("fund", Matter.RAISE_MAINTENANCE_FUND),
    Election("board", Matter.HIRE_MANAGER, seats=1, candidates=("周九", "吴十"),
             rank_by=(RankKey.AREA, RankKey.HEADCOUNT)),
)  # fmt: skip
LIKED = (0.9, 0.75, 0.6, 0.3, 0.02)  # how often each name (and a stranger) is approved
JSON_SHA256 = {
    (JoinRule.IDENTICAL_OWNERS, WriteInRule.IGNORE_NAME):
        "8fd726309b9212625b05881ba3d4769df11ebf716de2ef7700bd7fe741728e4a",
    (JoinRule.SHARED_OWNER, WriteInRule.VOID_CONTEST):
        "1f704776edf9578582a4faf57598006704d2fe282954d4cc680cf3ce097ebe0b",
}  # fmt: skip


def units(rng: random.Random) -> list[Unit]:
    out = []
    for i in range(1_500):
        roll = rng.random()
        owners = frozenset({f"o{i}"})
        status = UnitStatus.DELIVERED
        if roll < 0.02:
            owners, status = frozenset(), rng.choice([UnitStatus.UNSOLD, UnitStatus.UNDELIVERED])
        elif roll < 0.07:
            owners = frozenset({f"o{i}", f"s{i}"})
        elif roll < 0.15 and i:
            owners = frozenset({f"o{i - 1}"})
        elif roll < 0.17 and i > 1:
            owners = frozenset({f"o{i}", f"s{i - 2}"})
        out.append(Unit(f"U{i}", Decimal(rng.randint(3000, 20000)).scaleb(-2), owners, status))
    return out


def ballots(codes: list[str], rng: random.Random) -> list[Ballot]:
    out = []
    for i in range(6_000):
        unit = rng.choice(codes)
        roll = rng.random()
        named: tuple[str, ...] = (unit,)
        if roll < 0.01:
            named = (f"X{i}",)
        elif roll < 0.03:
            named = (unit, rng.choice(codes))
        elif roll < 0.08:
            named = (unit, codes[(codes.index(unit) + 1) % len(codes)])
        elif roll < 0.09:
            named = (unit, unit)
        committee = frozenset(n for n, p in zip((*NAMES, "路人甲"), LIKED, strict=True) if rng.random() < p)
        board = frozenset(rng.choice([(), ("吴十",), ("吴十",), ("吴十",), ("周九",), ("周九", "吴十"), ("王五",)]))
        choices = (committee, rng.choice(list(Answer)), board)
        out.append(Ballot(f"B{i}", named, rng.random() > 0.03, choices))
    return out


@pytest.mark.parametrize(("join", "write_in"), list(JSON_SHA256))
def test_a_mid_size_count_gives_the_same_json_as_when_this_test_was_written(join: JoinRule,
                                                                            write_in: WriteInRule) -> None:  # fmt: skip
    rng = random.Random(278)
    roster = build_entities(units(rng), join)
    pile = ballots(list(roster.unit_position), rng)
    text = tally(roster, CONTESTS, pile, write_in=write_in).to_json()
    assert hashlib.sha256(text.encode("utf-8")).hexdigest() == JSON_SHA256[join, write_in]


def test_feeding_ballots_one_by_one_gives_the_same_result_as_all_at_once() -> None:
    rng = random.Random(278)
    roster = build_entities(units(rng))
    pile = ballots(list(roster.unit_position), rng)
    count = Count(roster, CONTESTS)
    for ballot in pile:
        count.add(*ballot)
    assert count.result() == tally(roster, CONTESTS, pile)
