"""The count (spec/tally.md rules 1–6, elections and motions)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from huanjie.rules import (
    Answer,
    Ballot,
    Election,
    ElectionResult,
    EntityIndex,
    Flag,
    FlagKind,
    JoinRule,
    Matter,
    Motion,
    MotionResult,
    RankKey,
    Result,
    Totals,
    Unit,
    UnitStatus,
    WriteInRule,
    build_entities,
    tally,
)

NAMES = ("张三", "李四", "王五")
COMMITTEE = Election("committee", Matter.ELECT_COMMITTEE, seats=2, candidates=NAMES)
FUND = Motion("fund", Matter.RAISE_MAINTENANCE_FUND)
YES, NO, ABSTAIN = Answer.YES, Answer.NO, Answer.ABSTAIN
VOID = WriteInRule.VOID_CONTEST


def roster(*units: tuple[str, str, str]) -> EntityIndex:
    """Units as (code, area, owners separated by ;); owner "dev" marks an unsold unit."""
    return build_entities(
        Unit(code, Decimal(area), frozenset(o for o in owners.split(";") if o and o != "dev"),
             UnitStatus.UNSOLD if owners == "dev" else UnitStatus.DELIVERED)
        for code, area, owners in units
    )  # fmt: skip


TEN = roster(*[(f"1-{i:02d}", "100.00", f"owner{i}") for i in range(10)])


def ballot(ballot_id: str, units: str, names: str = "", fund: Answer = ABSTAIN, valid: bool = True) -> Ballot:
    return Ballot(ballot_id, tuple(units.split(";")), valid, (frozenset(filter(None, names.split(";"))), fund))


def count(index: EntityIndex, *ballots: Ballot, contests: tuple[Election | Motion, ...] = (COMMITTEE, FUND)) -> Result:
    return tally(index, contests, ballots)


def election(result: Result) -> ElectionResult:
    outcome = result.contests[0]
    assert isinstance(outcome, ElectionResult)
    return outcome


def motion(result: Result) -> MotionResult:
    outcome = result.contests[1]
    assert isinstance(outcome, MotionResult)
    return outcome


def support(result: Result, name: str) -> Totals:
    return next(c.support for c in election(result).candidates if c.name == name)


def all_vote(names_per_unit: list[str], fund: Answer = ABSTAIN) -> list[Ballot]:
    return [ballot(f"B{i}", f"1-{i:02d}", names, fund) for i, names in enumerate(names_per_unit)]


# --- rule 1 ------------------------------------------------------------------------------


def test_an_invalid_ballot_is_set_aside_without_a_flag() -> None:
    result = count(TEN, ballot("B1", "1-01", "张三", valid=False))
    assert result.participating == Totals(0, Decimal("0.00"))
    assert result.flags == ()


# --- rules 2 and 3 -----------------------------------------------------------------------


def test_a_ballot_naming_a_unit_not_in_the_roster_does_not_count() -> None:
    result = count(TEN, ballot("B1", "1-01;9-99", "张三"))
    assert result.participating.headcount == 0
    assert result.flags == (Flag("B1", FlagKind.UNKNOWN_UNIT, unit="9-99"),)


def test_a_ballot_for_units_of_two_entities_does_not_count() -> None:
    result = count(TEN, ballot("B1", "1-01;1-02", "张三"))
    assert result.participating.headcount == 0
    assert result.flags == (Flag("B1", FlagKind.MIXED_ENTITIES),)


def test_a_ballot_for_several_units_of_one_owner_counts_their_area_once_as_one_head() -> None:
    index = roster(("A", "50.00", "wang"), ("B", "70.00", "wang"), ("C", "80.00", "li"))
    result = count(index, ballot("B1", "A;B;A", "张三"))
    assert result.participating == Totals(1, Decimal("120.00"))
    assert support(result, "张三") == Totals(1, Decimal("120.00"))


# --- rule 4 ------------------------------------------------------------------------------


def test_a_second_ballot_for_a_unit_is_flagged_and_set_aside() -> None:
    result = count(TEN, ballot("B1", "1-01", "张三"), ballot("B2", "1-01", "李四"))
    assert support(result, "李四").headcount == 0
    assert result.participating == Totals(1, Decimal("100.00"))
    assert result.flags == (Flag("B2", FlagKind.DUPLICATE_UNIT, unit="1-01"),)


def test_a_ballot_partly_covered_counts_only_for_its_remaining_units() -> None:
    index = roster(("A", "50.00", "wang"), ("B", "70.00", "wang"))
    result = count(index, ballot("B1", "A", "张三"), ballot("B2", "A;B", "李四"))
    assert support(result, "李四").area == Decimal("70.00")
    assert result.participating == Totals(1, Decimal("120.00"))
    assert Flag("B2", FlagKind.DUPLICATE_UNIT, unit="A") in result.flags


def test_an_invalid_ballot_does_not_cover_its_unit() -> None:
    result = count(TEN, ballot("B1", "1-01", "张三", valid=False), ballot("B2", "1-01", "李四"))
    assert support(result, "李四").headcount == 1
    assert result.flags == ()


# --- rule 5 ------------------------------------------------------------------------------


def test_a_written_in_name_is_dropped_and_flagged_and_the_ballots_candidates_still_count() -> None:
    """Issue 16: one unknown name voided all the ballot's approvals in that contest (v1)."""
    result = count(TEN, ballot("B1", "1-01", "张三;路人甲", YES))
    assert support(result, "张三") == Totals(1, Decimal("100.00"))
    assert result.participating.headcount == 1
    assert motion(result).yes.headcount == 1
    assert result.flags == (Flag("B1", FlagKind.UNKNOWN_CANDIDATE, contest="committee"),)


def test_void_contest_keeps_the_old_rule_where_the_rules_of_procedure_say_so() -> None:
    result = tally(TEN, (COMMITTEE, FUND), [ballot("B1", "1-01", "张三;路人甲", YES)], write_in=VOID)
    assert support(result, "张三").headcount == 0
    assert result.participating.headcount == 1
    assert motion(result).yes.headcount == 1
    assert result.flags == (Flag("B1", FlagKind.UNKNOWN_CANDIDATE, contest="committee"),)


def test_a_ballot_naming_only_strangers_approves_nobody_but_participates() -> None:
    result = count(TEN, ballot("B1", "1-01", "路人甲;路人乙"))
    assert all(c.support.headcount == 0 for c in election(result).candidates)
    assert result.participating.headcount == 1
    assert result.flags == (Flag("B1", FlagKind.UNKNOWN_CANDIDATE, contest="committee"),)


def test_more_names_than_max_choices_is_an_over_vote() -> None:
    result = count(TEN, ballot("B1", "1-01", "张三;李四;王五"))
    assert support(result, "张三").headcount == 0
    assert result.participating.headcount == 1
    assert result.flags == (Flag("B1", FlagKind.OVER_VOTE, contest="committee"),)


@pytest.mark.parametrize("write_in", list(WriteInRule))
def test_written_in_names_count_toward_max_choices_and_the_over_vote_is_checked_first(write_in: WriteInRule) -> None:
    """Two seats: 张三, 李四 and a stranger are three names — an over-vote, whatever the
    stranger is; the over-vote alone is flagged."""
    result = tally(TEN, (COMMITTEE, FUND), [ballot("B1", "1-01", "张三;李四;路人甲")], write_in=write_in)
    assert support(result, "张三").headcount == 0
    assert result.flags == (Flag("B1", FlagKind.OVER_VOTE, contest="committee"),)


def test_a_stranger_written_twice_is_one_name() -> None:
    result = count(TEN, ballot("B1", "1-01", "张三;路人甲;路人甲"))
    assert support(result, "张三").headcount == 1
    assert result.flags == (Flag("B1", FlagKind.UNKNOWN_CANDIDATE, contest="committee"),)


def test_max_choices_may_allow_more_names_than_seats() -> None:
    wide = Election("committee", Matter.ELECT_COMMITTEE, seats=2, candidates=NAMES, max_choices=3)
    result = count(TEN, ballot("B1", "1-01", "张三;李四;王五"), contests=(wide, FUND))
    assert support(result, "王五").headcount == 1
    assert result.flags == ()


# --- voting entities in the count (JI art. 9, spec/tally.md v2) ------------------------

LIFT = Motion("lift", Matter.USE_MAINTENANCE_FUND)  # item (5): more than half


def developer_and_buyer(buyer_home: str, others: list[tuple[str, str, str]]) -> list[Unit]:
    """The developer's unsold 9-01 and undelivered 9-02, sold to b, who owns 1-01 already."""
    return [
        Unit("9-01", Decimal("30.00"), frozenset(), UnitStatus.UNSOLD),
        Unit("9-02", Decimal("30.00"), frozenset({"b"}), UnitStatus.UNDELIVERED),
        Unit("1-01", Decimal(buyer_home), frozenset({"b"})),
        *(Unit(code, Decimal(area), frozenset({owner})) for code, area, owner in others),
    ]


@pytest.mark.parametrize("join", list(JoinRule))
def test_the_buyer_of_an_undelivered_flat_does_not_shrink_the_headcount_to_make_a_quorum(join: JoinRule) -> None:
    """Issue 16: five heads (the developer, b, x, y, z). v1 joined b's home to the developer
    through the undelivered flat and found 3 of 4 heads, a quorum; the law gives 3 of 5."""
    index = build_entities(developer_and_buyer("40.00", [("1-02", "100.00", "x"), ("1-03", "100.00", "y"),
                                                         ("1-04", "100.00", "z")]), join)  # fmt: skip
    ballots = [Ballot(f"B{i}", (code,), True, (YES,)) for i, code in enumerate(["1-02", "1-03", "1-04"])]
    result = tally(index, (LIFT,), ballots)
    assert result.eligible == Totals(5, Decimal("400.00"))
    assert result.participating == Totals(3, Decimal("300.00"))  # 3/5 < 2/3, though 300/400 >= 2/3
    assert not result.quorum_met


@pytest.mark.parametrize("join", list(JoinRule))
def test_the_buyer_and_the_developer_voting_differently_are_two_heads_not_a_conflict(join: JoinRule) -> None:
    """Issue 16: v1 made b and the developer one entity whose ballots disagreed, so neither
    head counted: yes was 2 of 4 heads, exactly half, and the motion failed. The law: 3 of 5."""
    index = build_entities(developer_and_buyer("100.00", [("1-02", "100.00", "x"), ("1-03", "100.00", "y"),
                                                          ("1-04", "10.00", "z")]), join)  # fmt: skip
    ballots = [
        Ballot("B1", ("9-01", "9-02"), True, (NO,)),
        Ballot("B2", ("1-01",), True, (YES,)),
        Ballot("B3", ("1-02",), True, (YES,)),
        Ballot("B4", ("1-03",), True, (YES,)),
        Ballot("B5", ("1-04",), True, (NO,)),
    ]
    result = tally(index, (LIFT,), ballots)
    lift = result.contests[0]
    assert isinstance(lift, MotionResult)
    assert result.participating == Totals(5, Decimal("370.00"))
    assert lift.yes == Totals(3, Decimal("300.00")) and lift.no == Totals(2, Decimal("70.00"))
    assert lift.passed and result.flags == ()


def test_co_owners_in_a_chain_vote_three_heads_by_default() -> None:
    """{A;B}, {B;C}, {C;D}: three buyers, three heads (v1: one head, whose ballots conflicted)."""
    units = [Unit(f"1-0{i}", Decimal("100.00"), frozenset(pair)) for i, pair in enumerate(["AB", "BC", "CD"])]
    units += [Unit("2-01", Decimal("100.00"), frozenset("E"))]
    ballots = [Ballot("B0", ("1-00",), True, (YES,)), Ballot("B1", ("1-01",), True, (YES,)),
               Ballot("B2", ("1-02",), True, (NO,)), Ballot("B3", ("2-01",), True, (NO,))]  # fmt: skip
    default = tally(build_entities(units), (LIFT,), ballots)
    assert default.eligible.headcount == 4 and default.flags == ()
    assert default.contests[0] == MotionResult("lift", Totals(2, Decimal("200.00")), Totals(2, Decimal("200.00")),
                                               Totals(0, Decimal("0.00")), False)  # fmt: skip
    shared = tally(build_entities(units, JoinRule.SHARED_OWNER), (LIFT,), ballots)
    assert shared.eligible.headcount == 2
    assert {f.flag for f in shared.flags} == {FlagKind.ENTITY_CONFLICT}


# --- rule 6 ------------------------------------------------------------------------------

WANG = roster(("A", "50.00", "wang"), ("B", "70.00", "wang"), ("C", "80.00", "li"))


def test_ballots_of_one_entity_that_agree_count_one_head_and_both_areas() -> None:
    result = count(WANG, ballot("B1", "A", "张三", YES), ballot("B2", "B", "张三", YES))
    assert support(result, "张三") == Totals(1, Decimal("120.00"))
    assert motion(result).yes == Totals(1, Decimal("120.00"))
    assert result.flags == ()


def test_an_entity_conflict_keeps_each_area_but_drops_the_head_from_the_disputed_choice() -> None:
    result = count(WANG, ballot("B1", "A", "张三;李四", YES), ballot("B2", "B", "张三", NO))
    assert support(result, "张三") == Totals(1, Decimal("120.00"))  # both agree on 张三
    assert support(result, "李四") == Totals(0, Decimal("50.00"))
    assert motion(result).yes == Totals(0, Decimal("50.00"))
    assert motion(result).no == Totals(0, Decimal("70.00"))
    assert result.participating == Totals(1, Decimal("120.00"))
    assert result.flags == (
        Flag("B1", FlagKind.ENTITY_CONFLICT, contest="committee"),
        Flag("B1", FlagKind.ENTITY_CONFLICT, contest="fund"),
        Flag("B2", FlagKind.ENTITY_CONFLICT, contest="committee"),
        Flag("B2", FlagKind.ENTITY_CONFLICT, contest="fund"),
    )


def test_flags_follow_the_order_ballots_came_in() -> None:
    result = count(
        WANG,
        ballot("B1", "A", "张三", YES),
        ballot("B2", "C", "张三;路人甲"),
        ballot("B3", "B", "李四", YES),
        ballot("B4", "A", "李四"),
    )
    assert [(f.ballot, f.flag) for f in result.flags] == [
        ("B1", FlagKind.ENTITY_CONFLICT),
        ("B2", FlagKind.UNKNOWN_CANDIDATE),
        ("B3", FlagKind.ENTITY_CONFLICT),
        ("B4", FlagKind.DUPLICATE_UNIT),
    ]


# --- elections ---------------------------------------------------------------------------


def test_each_candidate_must_pass_alone_and_fewer_passed_than_seats_leaves_vacancies() -> None:
    result = count(TEN, *all_vote(["张三;李四"] * 6 + ["张三"] * 2 + ["王五"] * 2))
    outcome = election(result)
    assert outcome.elected == ("张三", "李四")
    result = count(TEN, *all_vote(["张三"] * 6 + ["李四"] * 4))
    outcome = election(result)
    assert outcome.elected == ("张三",)
    assert outcome.vacancies == 1


def test_exactly_half_of_the_participating_heads_does_not_elect() -> None:
    outcome = election(count(TEN, *all_vote(["张三"] * 5 + ["李四"] * 5)))
    assert outcome.elected == ()
    assert outcome.vacancies == 2


def test_more_passed_than_seats_elects_the_most_heads_first() -> None:
    outcome = election(count(TEN, *all_vote(["李四;王五"] * 3 + ["张三;王五"] * 3 + ["张三;李四"] * 4)))
    # 张三 7, 李四 7, 王五 6: all pass; 张三 and 李四 tie on both keys but fit in the two seats.
    assert outcome.elected == ("张三", "李四")
    assert [c.elected for c in outcome.candidates] == [True, True, False]
    assert all(c.passed for c in outcome.candidates)


def test_headcount_ranks_before_area() -> None:
    index = roster(*[(f"1-{i:02d}", "100.00" if i else "500.00", f"o{i}") for i in range(10)])
    ballots = [ballot("B0", "1-00", "李四;王五")]
    ballots += [ballot(f"B{i}", f"1-{i:02d}", "张三;李四" if i < 7 else "张三;王五") for i in range(1, 10)]
    one_seat = Election("committee", Matter.ELECT_COMMITTEE, seats=1, candidates=NAMES, max_choices=2)
    outcome = election(count(index, *ballots, contests=(one_seat, FUND)))
    assert outcome.elected == ("张三",)  # 9 heads against 李四's 7 heads with more area


def test_rank_by_area_first_when_the_rules_of_procedure_say_so() -> None:
    index = roster(*[(f"1-{i:02d}", "100.00" if i else "500.00", f"o{i}") for i in range(10)])
    ballots = [ballot("B0", "1-00", "李四;王五")]
    ballots += [ballot(f"B{i}", f"1-{i:02d}", "张三;李四" if i < 7 else "张三;王五") for i in range(1, 10)]
    by_area = Election("committee", Matter.ELECT_COMMITTEE, 1, NAMES, 2, (RankKey.AREA, RankKey.HEADCOUNT))
    outcome = election(count(index, *ballots, contests=(by_area, FUND)))
    assert outcome.elected == ("李四",)


def test_a_tie_straddling_the_last_seat_goes_to_tied_and_leaves_the_seat_vacant() -> None:
    three = Election("committee", Matter.ELECT_COMMITTEE, seats=2, candidates=NAMES)
    outcome = election(count(TEN, *all_vote(["张三;李四"] * 3 + ["张三;王五"] * 3 + ["张三"] + ["李四;王五"] * 3),
                             contests=(three, FUND)))  # fmt: skip
    # 张三 7, 李四 6, 王五 6 with equal areas: one seat left for two tied candidates.
    assert outcome.elected == ("张三",)
    assert outcome.tied == ("李四", "王五")
    assert outcome.vacancies == 1


def test_a_tie_for_every_seat_elects_nobody() -> None:
    outcome = election(count(TEN, *all_vote(["张三;李四"] * 3 + ["张三;王五"] * 3 + ["李四;王五"] * 3 + [""])))
    assert all(c.passed and c.support.headcount == 6 for c in outcome.candidates)
    assert outcome.elected == ()
    assert outcome.tied == NAMES
    assert outcome.vacancies == 2


def test_a_tie_below_the_last_seat_changes_nothing() -> None:
    one_seat = Election("committee", Matter.ELECT_COMMITTEE, seats=1, candidates=NAMES, max_choices=2)
    outcome = election(count(TEN, *all_vote(["张三;李四"] * 3 + ["张三;王五"] * 3 + ["张三"] + ["李四;王五"] * 3),
                             contests=(one_seat, FUND)))  # fmt: skip
    assert outcome.elected == ("张三",)
    assert outcome.tied == ()
    assert outcome.vacancies == 0


def test_without_the_quorum_nothing_passes_and_every_seat_is_vacant() -> None:
    result = count(TEN, *all_vote(["张三;李四"] * 6, YES))  # 6 of 10 < 2/3
    assert not result.quorum_met
    outcome = election(result)
    assert not any(c.passed or c.elected for c in outcome.candidates)
    assert outcome.elected == () and outcome.tied == ()
    assert outcome.vacancies == 2
    assert not motion(result).passed


def test_candidates_are_listed_in_election_order() -> None:
    outcome = election(count(TEN, *all_vote(["王五;李四"] * 10)))
    assert [c.name for c in outcome.candidates] == list(NAMES)
    assert outcome.elected == ("李四", "王五")


# --- motions -----------------------------------------------------------------------------


def test_a_motion_on_raising_the_fund_passes_with_exactly_three_quarters() -> None:
    ballots = [ballot(f"B{i}", f"1-{i:02d}", fund=YES if i < 6 else NO) for i in range(8)]
    result = count(TEN, *ballots)  # 8 of 10 take part, 6 of 8 say yes
    assert result.quorum_met
    assert motion(result).passed
    assert motion(result).no == Totals(2, Decimal("200.00"))


def test_a_motion_just_under_three_quarters_fails() -> None:
    ballots = [ballot(f"B{i}", f"1-{i:02d}", fund=YES if i < 6 else ABSTAIN) for i in range(9)]
    result = count(TEN, *ballots)
    assert not motion(result).passed
    assert motion(result).abstain == Totals(3, Decimal("300.00"))


def test_a_developer_ballot_counts_one_head_for_all_its_units() -> None:
    index = roster(("A", "100.00", "a"), ("B", "100.00", "b"), ("D1", "100.00", "dev"), ("D2", "100.00", "dev"))
    result = count(index, ballot("B1", "D1;D2", "张三", NO), ballot("B2", "A", "张三", YES), ballot("B3", "B", "", YES))
    assert result.eligible == Totals(3, Decimal("400.00"))
    assert motion(result).no == Totals(1, Decimal("200.00"))
    assert support(result, "张三") == Totals(2, Decimal("300.00"))


# --- the result as data ------------------------------------------------------------------


def test_the_result_survives_a_round_trip_through_its_dict() -> None:
    result = count(WANG, ballot("B1", "A", "张三;李四", YES), ballot("B2", "B", "张三", NO), ballot("B3", "X"))
    assert Result.from_dict(result.to_dict()) == result
    assert Result.from_json(result.to_json()) == result


def test_the_json_has_the_spec_keys_in_order_and_areas_with_two_decimals() -> None:
    data = count(TEN, *all_vote(["张三"] * 7)).to_dict()
    assert list(data) == ["rules", "eligible", "participating", "quorum_met", "contests", "flags"]
    assert data["eligible"] == {"headcount": 10, "area": "1000.00"}
    assert list(data["contests"][0]) == ["id", "kind", "seats", "candidates", "elected", "tied", "vacancies"]
    assert list(data["contests"][0]["candidates"][0]) == ["name", "headcount", "area", "passed", "elected"]
    assert list(data["contests"][1]) == ["id", "kind", "yes", "no", "abstain", "passed"]
    assert '"张三"' in count(TEN, *all_vote(["张三"])).to_json()
