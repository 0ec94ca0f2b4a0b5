from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huanjie.rules.panel import (
    Criterion,
    SlateMember,
    aggregate,
    format_score,
    recommended,
    sheet_score,
    shortfalls,
    slate_counts,
)

RUBRIC = [Criterion("statement", 30), Criterion("plan", 40), Criterion("answers", 30)]
WIDE = Fraction(100)


def test_a_sheet_is_the_weighted_share_of_the_maximum_on_a_hundred_point_scale():
    assert sheet_score({"statement": 30, "plan": 40, "answers": 30}, RUBRIC) == 100
    assert sheet_score({"statement": 15, "plan": 20, "answers": 15}, RUBRIC) == 50
    weighted = [Criterion("a", 10, Fraction(3)), Criterion("b", 10, Fraction(1))]
    assert sheet_score({"a": 10, "b": 0}, weighted) == 75


def test_a_sheet_outside_the_rubrics_range_is_refused():
    with pytest.raises(ValueError, match="outside"):
        sheet_score({"statement": 31, "plan": 40, "answers": 30}, RUBRIC)
    with pytest.raises(ValueError, match="not scored"):
        sheet_score({"statement": 30, "plan": 40}, RUBRIC)


def test_with_five_sheets_the_highest_and_lowest_are_dropped():
    result = aggregate([Fraction(s) for s in (90, 70, 72, 74, 20)], spread_limit=WIDE)
    assert result.trimmed_mean == 72
    assert result.mean == Fraction(326, 5)
    assert result.score == 72


def test_with_four_sheets_the_plain_mean_counts():
    result = aggregate([Fraction(s) for s in (90, 70, 70, 70)], spread_limit=WIDE)
    assert result.trimmed_mean is None
    assert result.score == Fraction(300, 4)


def test_exactly_the_pass_mark_is_recommended_and_just_below_is_not():
    at_mark = aggregate([Fraction(60)] * 3, spread_limit=WIDE)
    below = aggregate([Fraction(60), Fraction(60), Fraction(5999, 100)], spread_limit=WIDE)
    assert recommended(at_mark, pass_mark=Fraction(60))
    assert not recommended(below, pass_mark=Fraction(60))


def test_panelists_disagreeing_by_more_than_the_spread_are_flagged_but_not_at_it():
    assert not aggregate([Fraction(50), Fraction(70)], spread_limit=Fraction(20)).disagreement
    assert aggregate([Fraction(50), Fraction(7001, 100)], spread_limit=Fraction(20)).disagreement


@given(st.lists(st.fractions(min_value=0, max_value=100, max_denominator=100), min_size=1, max_size=11))
@settings(max_examples=80)
def test_the_panels_score_lies_between_the_lowest_and_highest_sheet(scores):
    result = aggregate(scores, spread_limit=WIDE)
    assert min(scores) <= result.score <= max(scores)
    assert result.spread == max(scores) - min(scores)


def test_one_panelist_cannot_sink_a_candidate_on_a_five_member_panel():
    fair = aggregate([Fraction(80)] * 4 + [Fraction(0)], spread_limit=WIDE)
    assert fair.score == 80


def test_shortfalls_name_what_the_slate_lacks():
    slate = [SlateMember("1号楼", "female", frozenset({"finance"})), SlateMember("1号楼", "female", frozenset())]
    counts = slate_counts(slate)
    assert counts["buildings"] == 1 and counts["skill:finance"] == 1
    gaps = shortfalls(counts, {"skill:finance": 1, "skill:law": 1, "gender:male": 1, "buildings": 2})
    assert [(g.key, g.have, g.need) for g in gaps] == [("skill:law", 0, 1), ("gender:male", 0, 1), ("buildings", 1, 2)]


def test_scores_are_shown_with_two_decimals_rounded_half_up():
    assert format_score(Fraction(2, 3) * 100) == "66.67"
    assert format_score(Fraction(1, 200)) == "0.01"
    assert format_score(Fraction(72)) == "72.00"
