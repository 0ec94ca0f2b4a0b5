from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huanjie.rules.eligibility import (
    Condition,
    Finding,
    assess,
    extra_key,
    fees_met,
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
    findings = [*all_met(c for c in STATUTORY if c != Condition.FEES_OWED),
                Finding(Condition.FEES_OWED, False, "欠交物业费 1,200 元")]
    verdict = assess(findings, STATUTORY)
    assert not verdict.eligible
    assert [f.reason for f in verdict.failed] == ["欠交物业费 1,200 元"]


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
