"""The count (spec/tally.md rules 1–6, elections and motions)."""

from __future__ import annotations

from decimal import Decimal

from huanjie.rules import (
    Answer,
    Ballot,
    Election,
    ElectionResult,
    EntityIndex,
    Flag,
    FlagKind,
    Matter,
    Motion,
    MotionResult,
    RankKey,
    Result,
    Totals,
    Unit,
    UnitStatus,
    build_entities,
    tally,
)

NAMES = ("张三", "李四", "王五")
COMMITTEE = Election("committee", Matter.ELECT_COMMITTEE, seats=2, candidates=NAMES)
FUND = Motion("fund", Matter.RAISE_MAINTENANCE_FUND)
YES, NO, ABSTAIN = Answer.YES, Answer.NO, Answer.ABSTAIN


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


def test_an_unknown_candidate_voids_the_choices_but_the_ballot_participates() -> None:
    result = count(TEN, ballot("B1", "1-01", "张三;路人甲", YES))
    assert support(result, "张三").headcount == 0
    assert result.participating.headcount == 1
    assert motion(result).yes.headcount == 1
    assert result.flags == (Flag("B1", FlagKind.UNKNOWN_CANDIDATE, contest="committee"),)


def test_more_names_than_max_choices_is_an_over_vote() -> None:
    result = count(TEN, ballot("B1", "1-01", "张三;李四;王五"))
    assert support(result, "张三").headcount == 0
    assert result.participating.headcount == 1
    assert result.flags == (Flag("B1", FlagKind.OVER_VOTE, contest="committee"),)


def test_an_unknown_name_is_reported_rather_than_an_over_vote() -> None:
    result = count(TEN, ballot("B1", "1-01", "张三;李四;路人甲"))
    assert [f.flag for f in result.flags] == [FlagKind.UNKNOWN_CANDIDATE]


def test_max_choices_may_allow_more_names_than_seats() -> None:
    wide = Election("committee", Matter.ELECT_COMMITTEE, seats=2, candidates=NAMES, max_choices=3)
    result = count(TEN, ballot("B1", "1-01", "张三;李四;王五"), contests=(wide, FUND))
    assert support(result, "王五").headcount == 1
    assert result.flags == ()


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
