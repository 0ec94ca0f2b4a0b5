"""Properties of the count that hold for every roster and every pile of ballots."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from huanjie.rules import (
    Answer,
    Ballot,
    Election,
    ElectionResult,
    EntityIndex,
    Matter,
    Motion,
    MotionResult,
    Result,
    Totals,
    Unit,
    UnitStatus,
    build_entities,
    result_from_totals,
    tally,
)

NAMES = ("张三", "李四", "王五", "赵六")
CONTESTS = (
    Election("committee", Matter.ELECT_COMMITTEE, seats=2, candidates=NAMES, max_choices=3),
    Motion("fund", Matter.RAISE_MAINTENANCE_FUND),
)
FEW = settings(max_examples=150, deadline=None)


@st.composite
def rosters(draw: st.DrawFn) -> EntityIndex:
    size = draw(st.integers(1, 12))
    owners = st.frozensets(st.sampled_from("abcdefghijklmnop"), min_size=1, max_size=2)
    units = []
    for i in range(size):
        developer = draw(st.integers(0, 9)) == 0
        area = Decimal(draw(st.integers(1, 20000))).scaleb(-2)
        units.append(
            Unit(f"U{i}", area, frozenset() if developer else draw(owners),
                 UnitStatus.UNSOLD if developer else UnitStatus.DELIVERED)
        )  # fmt: skip
    return build_entities(units)


def choices() -> st.SearchStrategy[tuple[frozenset[str], Answer]]:
    names = st.frozensets(st.sampled_from((*NAMES, "路人甲")), max_size=4)
    return st.tuples(names, st.sampled_from(tuple(Answer)))


@st.composite
def piles(draw: st.DrawFn) -> tuple[EntityIndex, list[Ballot]]:
    roster = draw(rosters())
    codes = [*roster.unit_position, "X9"]
    ballots = []
    for i in range(draw(st.integers(0, 20))):
        units = tuple(draw(st.lists(st.sampled_from(codes), min_size=1, max_size=2)))
        ballots.append(Ballot(f"B{i}", units, draw(st.booleans()) or draw(st.booleans()), draw(choices())))
    return roster, ballots


@st.composite
def disjoint_piles(draw: st.DrawFn) -> tuple[EntityIndex, list[Ballot]]:
    """Ballots that share no unit: each names one unit of its own."""
    roster = draw(rosters())
    codes = draw(st.permutations(list(roster.unit_position)))
    taken = codes[: draw(st.integers(0, len(codes)))]
    return roster, [Ballot(f"B{i}", (code,), True, draw(choices())) for i, code in enumerate(taken)]


def election(result: Result) -> ElectionResult:
    outcome = result.contests[0]
    assert isinstance(outcome, ElectionResult)
    return outcome


@FEW
@given(disjoint_piles(), st.randoms())
def test_permuting_ballots_that_share_no_unit_changes_nothing(pile: tuple[EntityIndex, list[Ballot]], rnd) -> None:  # type: ignore[no-untyped-def]
    roster, ballots = pile
    shuffled = ballots[:]
    rnd.shuffle(shuffled)
    before, after = tally(roster, CONTESTS, ballots), tally(roster, CONTESTS, shuffled)
    assert before.contests == after.contests
    assert before.participating == after.participating
    assert sorted(before.flags) == sorted(after.flags)


@FEW
@given(piles(), st.sampled_from(NAMES))
def test_adding_an_approving_ballot_for_a_new_entity_never_lowers_a_candidate(
    pile: tuple[EntityIndex, list[Ballot]], name: str
) -> None:
    roster, ballots = pile
    named = {unit for ballot in ballots for unit in ballot.units if unit in roster.unit_position}
    voted = {roster.entity_of(unit).index for unit in named}
    fresh = [e for e in roster.entities if e.index not in voted]
    if not fresh:
        return
    before = tally(roster, CONTESTS, ballots)
    extra = Ballot("NEW", (fresh[0].units[0],), True, (frozenset({name}), Answer.YES))
    after = tally(roster, CONTESTS, [*ballots, extra])
    old = next(c for c in election(before).candidates if c.name == name).support
    new = next(c for c in election(after).candidates if c.name == name).support
    assert new.headcount >= old.headcount + 1
    assert new.area > old.area


@FEW
@given(piles())
def test_participating_never_exceeds_eligible(pile: tuple[EntityIndex, list[Ballot]]) -> None:
    result = tally(pile[0], CONTESTS, pile[1])
    assert result.participating.headcount <= result.eligible.headcount
    assert result.participating.area <= result.eligible.area


@FEW
@given(piles())
def test_support_never_exceeds_participating(pile: tuple[EntityIndex, list[Ballot]]) -> None:
    result = tally(pile[0], CONTESTS, pile[1])
    for candidate in election(result).candidates:
        assert candidate.support.headcount <= result.participating.headcount
        assert candidate.support.area <= result.participating.area
    motion = result.contests[1]
    assert isinstance(motion, MotionResult)
    assert motion.yes.area + motion.no.area + motion.abstain.area == result.participating.area
    assert motion.yes.headcount + motion.no.headcount + motion.abstain.headcount <= result.participating.headcount


@FEW
@given(piles())
def test_passed_implies_the_quorum_and_elected_are_among_the_passed(pile: tuple[EntityIndex, list[Ballot]]) -> None:
    result = tally(pile[0], CONTESTS, pile[1])
    outcome = election(result)
    passed = {c.name for c in outcome.candidates if c.passed}
    if passed:
        assert result.quorum_met
    assert set(outcome.elected) <= passed
    assert set(outcome.tied) <= passed - set(outcome.elected)
    assert len(outcome.elected) + outcome.vacancies == outcome.seats
    assert [c.name for c in outcome.candidates if c.elected] == sorted(outcome.elected, key=NAMES.index)


@FEW
@given(piles())
def test_the_json_is_byte_stable(pile: tuple[EntityIndex, list[Ballot]]) -> None:
    result = tally(pile[0], CONTESTS, pile[1])
    again = tally(pile[0], CONTESTS, list(pile[1]))
    assert result.to_json().encode() == again.to_json().encode()
    assert Result.from_json(result.to_json()).to_json() == result.to_json()


def support_of(result: Result) -> list[list[Totals]]:
    out: list[list[Totals]] = []
    for contest in result.contests:
        if isinstance(contest, ElectionResult):
            out.append([c.support for c in contest.candidates])
        else:
            out.append([contest.yes, contest.no, contest.abstain])
    return out


@FEW
@given(piles())
def test_the_outcome_from_the_totals_alone_is_the_counts_outcome(pile: tuple[EntityIndex, list[Ballot]]) -> None:
    # An encrypted count (huanjie.crypto) learns the totals, never the ballots: from the same
    # totals it must reach the same quorum, thresholds, ranking, ties and vacancies.
    result = tally(pile[0], CONTESTS, pile[1])
    again = result_from_totals(CONTESTS, result.eligible, result.participating, support_of(result))
    assert again.contests == result.contests
    assert (again.rules, again.quorum_met, again.flags) == (result.rules, result.quorum_met, ())
