from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huanjie.rules.eligibility import (
    ARREARS_CONDITION,
    Condition,
    Finding,
    arrears_basis,
    arrears_condition,
    arrears_key,
    assess,
    extra_key,
    fees_met,
    outstanding,
    owner_by_unit,
    owner_met,
    property_company_met,
    required_conditions,
    violation_met,
)

STATUTORY = required_conditions(0)


def all_met(conditions=STATUTORY):
    return [Finding(c, True) for c in conditions]


def test_a_nominee_with_every_condition_confirmed_as_met_is_eligible():
    verdict = assess(all_met(), STATUTORY)
    assert verdict.eligible and verdict.decided and not verdict.pending


def test_one_unmet_condition_makes_the_nominee_ineligible_with_its_reason():
    findings = [*all_met(c for c in STATUTORY if c != Condition.ILLEGAL_BUILDING),
                Finding(Condition.ILLEGAL_BUILDING, False, "露台违法搭建，至审查时未拆除")]
    verdict = assess(findings, STATUTORY)
    assert not verdict.eligible
    assert [f.reason for f in verdict.failed] == ["露台违法搭建，至审查时未拆除"]


def test_an_unconfirmed_condition_leaves_the_verdict_pending():
    verdict = assess(all_met(STATUTORY[:-1]), STATUTORY)
    assert not verdict.eligible and not verdict.decided
    assert verdict.pending == (Condition.PLEDGE.value,)


def test_a_failure_decides_even_while_other_conditions_are_unconfirmed():
    verdict = assess([Finding(Condition.PROPERTY_COMPANY, False, "配偶在物业公司任职")], STATUTORY)
    assert verdict.decided and not verdict.eligible


def test_a_violation_excludes_only_while_it_is_not_yet_corrected():
    assert violation_met(found=False, corrected=False)
    assert violation_met(found=True, corrected=True)
    assert not violation_met(found=True, corrected=False)


@given(st.decimals(min_value=Decimal("-1000"), max_value=Decimal("100000"), places=2))
@settings(max_examples=60)
def test_any_fee_still_owed_excludes_and_paying_it_up_corrects_it(outstanding):
    assert fees_met(outstanding) is (outstanding <= 0)


def test_a_spouse_working_for_the_property_company_excludes():
    assert not property_company_met(self_works=False, spouse_works=True, direct_relative_works=False)
    assert property_company_met(self_works=False, spouse_works=False, direct_relative_works=False)


def test_only_an_owner_on_the_roster_may_stand():
    assert owner_met("O00012", ["O00011", "O00012"])
    assert not owner_met("O99999", ["O00011", "O00012"])


def test_a_failed_finding_without_a_reason_is_refused():
    with pytest.raises(ValueError, match="reason"):
        Finding(Condition.FACADE, False, "  ")


def test_the_assemblys_extra_conditions_are_required_as_well():
    required = required_conditions(2)
    assert required[-2:] == (extra_key(1), extra_key(2))
    assert assess(all_met(), required).pending == (extra_key(1), extra_key(2))


@given(st.dictionaries(st.sampled_from(STATUTORY), st.booleans()))
@settings(max_examples=80)
def test_eligible_exactly_when_every_condition_is_confirmed_and_met(outcomes):
    findings = [Finding(c, met, "" if met else "理由") for c, met in outcomes.items()]
    verdict = assess(findings, STATUTORY)
    assert verdict.eligible == (len(outcomes) == len(STATUTORY) and all(outcomes.values()))
    assert verdict.decided == (not all(outcomes.values()) or len(outcomes) == len(STATUTORY))


def test_the_statutory_list_is_the_current_text_of_sh_article_20():
    """《上海市住宅物业管理规定》第二十条第二款: 损坏房屋主体和承重结构、违法搭建、破坏房屋外貌、擅自改变物业使用性质、
    违法出租房屋以及不执行业主大会、业主委员会决定 — and no fee-arrears ground."""
    assert STATUTORY == ("owner", "civil_capacity", "property_company", "load_bearing", "illegal_building",
                         "facade", "change_of_use", "illegal_letting", "decisions", "pledge")
    assert "fees_owed" not in STATUTORY


def test_arrears_is_a_condition_the_rules_of_procedure_add_with_their_basis():
    text = arrears_condition("业主大会议事规则第十二条")
    assert text == ARREARS_CONDITION + "（依据：业主大会议事规则第十二条）"
    assert arrears_basis(text) == "业主大会议事规则第十二条"
    assert arrears_key(["热心公益", text]) == "extra:2" and arrears_key(["热心公益"]) is None
    with pytest.raises(ValueError, match="basis"):
        arrears_condition("  ")


@given(st.lists(st.decimals(min_value=Decimal("0"), max_value=Decimal("10000"), places=2), max_size=5))
@settings(max_examples=60)
def test_arrears_count_across_every_unit_of_the_nominee(amounts):
    total = outstanding(amounts)
    assert total == sum(amounts, Decimal(0))
    assert fees_met(total) is all(a == 0 for a in amounts)


def test_a_buyer_of_an_undelivered_unit_is_not_yet_an_owner_who_can_be_nominated():
    assert owner_by_unit(delivered=True) and not owner_by_unit(delivered=False)
