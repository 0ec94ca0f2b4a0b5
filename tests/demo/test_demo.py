from __future__ import annotations

from datetime import date
from decimal import Decimal

from huanjie.demo.build import load_demo
from huanjie.demo.roster import demo_units
from huanjie.roster.selectors import roster_summary


def test_the_demo_roster_is_the_same_on_every_run():
    assert demo_units() == demo_units()


def test_the_demo_has_480_units_with_areas_between_45_and_180():
    units = demo_units()
    assert len(units) == 480
    assert all(Decimal("45") <= u.area <= Decimal("180") for u in units)
    assert all(u.area == u.area.quantize(Decimal("0.01")) for u in units)


def test_the_developer_block_and_the_multi_unit_owners_count_as_one_head_each(db):
    community = load_demo(today=date(2026, 11, 29))
    summary = roster_summary(community)
    assert len(summary.developer_units) == 15
    assert summary.unit_count == 480
    assert summary.eligible_headcount < 480 - 14
    assert any(len(row.units) == 3 for row in summary.multi_unit_entities)


def test_the_demo_term_ends_in_about_four_months(db):
    community = load_demo(today=date(2026, 11, 29))
    assert community.reelections.get().term_end == date(2027, 3, 29)


def test_the_demo_election_puts_the_final_candidate_list_on_the_ballot(db):
    from huanjie.candidates.selectors import final_candidates

    community = load_demo(today=date(2026, 11, 29))
    final = [candidate.name for candidate in final_candidates(community.reelections.get())]
    contest = community.assemblies.get().contests.get(spec_id="committee")
    assert final and contest.candidates == final
