"""Rule 4 over whole columns (rules/columns.py) counts exactly as ballot by ballot."""

from __future__ import annotations

import json
from decimal import Decimal

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huanjie.rules import (
    Answer,
    Ballot,
    Choice,
    Count,
    EntityIndex,
    Flag,
    FlagKind,
    Result,
    Unit,
    UnitStatus,
    build_entities,
)
from huanjie.rules.columns import split_duplicates
from huanjie.rules.result import Flags
from tests.rules.test_properties import CONTESTS, choices, rosters

MANY = settings(max_examples=300, deadline=None)


@st.composite
def repetitive_piles(draw: st.DrawFn) -> tuple[EntityIndex, list[Ballot]]:
    """Piles where units come back again and again, among ballots of several or unknown units."""
    roster = draw(rosters())
    codes = [*roster.unit_position, "X9"]
    ballots = []
    for i in range(draw(st.integers(0, 40))):
        units = tuple(draw(st.lists(st.sampled_from(codes), min_size=1, max_size=3 if i % 5 == 0 else 1)))
        ballots.append(Ballot(f"B{i}", units, draw(st.integers(0, 5)) > 0, draw(choices())))
    return roster, ballots


def one_by_one(roster: EntityIndex, ballots: list[Ballot]) -> Result:
    count = Count(roster, CONTESTS)
    count.add_columns(*columns(ballots))
    return count.result()


def split_first(roster: EntityIndex, ballots: list[Ballot], batches: int = 1) -> Result:
    count = Count(roster, CONTESTS)
    size = max(1, -(-len(ballots) // batches))
    for start in range(0, len(ballots), size):
        ids, units, valid, chosen = columns(ballots[start : start + size])
        positions = [count.roster.unit_position.get(unit) if isinstance(unit, str) else None for unit in units]
        split = split_duplicates(pa.array(positions, pa.int64()), pa.array(valid, pa.bool_()))
        count.add_split(ids, units, chosen, split)
    return count.result()


Columns = tuple[list[str], list[str | tuple[str, ...]], list[bool], list[tuple[Choice, ...]]]


def columns(ballots: list[Ballot]) -> Columns:
    units = [ballot.units[0] if len(ballot.units) == 1 else ballot.units for ballot in ballots]
    return [b.id for b in ballots], units, [b.valid for b in ballots], [tuple(b.choices) for b in ballots]


@MANY
@given(repetitive_piles())
def test_splitting_out_the_known_duplicates_changes_nothing(pile: tuple[EntityIndex, list[Ballot]]) -> None:
    roster, ballots = pile
    expected = one_by_one(roster, ballots)
    split = split_first(roster, ballots)
    assert split == expected
    assert tuple(split.flags) == tuple(expected.flags)
    assert split.to_json() == expected.to_json()
    assert split.to_dict() == expected.to_dict()


@MANY
@given(repetitive_piles(), st.integers(2, 4))
def test_a_count_fed_in_batches_splits_each_batch_the_same(
    pile: tuple[EntityIndex, list[Ballot]], batches: int
) -> None:
    roster, ballots = pile
    assert split_first(roster, ballots, batches).to_json() == one_by_one(roster, ballots).to_json()


def test_second_ballots_for_a_unit_are_found_before_the_count() -> None:
    split = split_duplicates(pa.array([0, 1, 0, None, 1, 0, 2], pa.int64()), None)
    assert split.rows == [0, 1, 3, 6]
    assert split.duplicates == [2, 4, 5]
    assert split.duplicates_before == [0, 0, 1, 3]
    assert split.positions == [0, 1, None, 2]


def test_a_paper_that_does_not_count_neither_covers_a_unit_nor_is_a_duplicate() -> None:
    split = split_duplicates(pa.array([0, 0, 0], pa.int64()), pa.array([False, True, True]))
    assert split.rows == [1]
    assert split.duplicates == [2]


def test_a_conflict_goes_after_its_ballot_and_before_the_duplicates_that_follow() -> None:
    """B1 and B2 are one owner's two units and disagree; B3 repeats B1's unit."""
    roster = build_entities([
        Unit("A", Decimal("50.00"), frozenset("x"), UnitStatus.DELIVERED),
        Unit("B", Decimal("60.00"), frozenset("x"), UnitStatus.DELIVERED),
    ])  # fmt: skip
    yes, no = (frozenset({"张三"}), Answer.YES), (frozenset({"张三"}), Answer.NO)
    ballots = [Ballot("B1", ("A",), True, yes), Ballot("B2", ("B",), True, no), Ballot("B3", ("A",), True, yes)]
    result = split_first(roster, ballots)
    assert isinstance(result.flags, Flags)
    assert list(result.flags) == [
        Flag("B1", FlagKind.ENTITY_CONFLICT, contest="fund"),
        Flag("B2", FlagKind.ENTITY_CONFLICT, contest="fund"),
        Flag("B3", FlagKind.DUPLICATE_UNIT, unit="A"),
    ]
    assert result.flags == tuple(result.flags)
    assert result == one_by_one(roster, ballots)


@pytest.mark.parametrize("odd", ['"', "\\", "\t"])
def test_ids_and_units_that_json_escapes_are_escaped_in_the_runs_too(odd: str) -> None:
    roster = build_entities([Unit(f"A{odd}", Decimal("50.00"), frozenset("x"), UnitStatus.DELIVERED)])
    yes = (frozenset({"张三"}), Answer.YES)
    ballots = [Ballot(f"B{odd}{i}", (f"A{odd}",), True, yes) for i in range(3)]
    result = split_first(roster, ballots)
    assert isinstance(result.flags, Flags)
    assert result.to_json() == one_by_one(roster, ballots).to_json()
    first = json.loads(result.to_json())["flags"][0]
    assert first == {"ballot": f"B{odd}1", "unit": f"A{odd}", "flag": "duplicate-unit"}
