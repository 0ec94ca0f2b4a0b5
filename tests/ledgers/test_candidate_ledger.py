from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from huanjie.candidates.models import Candidate, CandidateStatus, EligibilityCheck, Nomination, Recruitment
from huanjie.reelection.models import Reelection
from huanjie.rules.eligibility import arrears_condition
from tests.conftest import client_for


def _nominee(recruitment, code, *, gender, skills, status, score=None, reason=""):
    unit = recruitment.community.units.get(code=code)
    nomination = Nomination.objects.create(
        community=recruitment.community, recruitment=recruitment, owner=unit.owners.get(), unit=unit,
        method="self", channel="home_visit", gender=gender, age_band="36-50", occupation="会计师",
        skills=skills, time_available="evenings", statement="愿意服务", consent_to_publish=True)
    return Candidate.objects.create(community=recruitment.community, recruitment=recruitment, nomination=nomination,
                                    status=status, status_reason=reason, panel_score=score,
                                    panel_recommended=None if score is None else score >= 60)


@pytest.fixture
def recruitment(wuyuehua):
    reelection = Reelection.objects.create(community=wuyuehua, term_end=date(2027, 3, 29))
    return Recruitment.objects.create(community=wuyuehua, reelection=reelection, seats=5,
                                      extra_conditions=[arrears_condition("业主大会议事规则第十二条")])


def test_the_candidate_ledger_shows_source_eligibility_score_status_and_the_slate(alice, wuyuehua, recruitment):
    first = _nominee(recruitment, "1-101", gender="female", skills=["finance"], status=CandidateStatus.SHORTLISTED,
                     score=Decimal("82.50"))
    EligibilityCheck.objects.create(community=wuyuehua, candidate=first, condition="extra:1", met=True,
                                    confirmed_at=timezone.now())
    second = _nominee(recruitment, "1-102", gender="male", skills=[], status=CandidateStatus.INELIGIBLE,
                      reason="欠交物业费未补缴")
    EligibilityCheck.objects.create(community=wuyuehua, candidate=second, condition="extra:1", met=False,
                                    reason="欠费", confirmed_at=timezone.now())
    page = client_for(alice).get(f"/c/{wuyuehua.slug}/candidate-ledger/").content.decode()
    assert "上门走访" in page and "82.50" in page and "欠交物业费未补缴" in page
    assert "已核对 1 项，均符合" in page
    assert "不符合：无欠交物业服务费或专项维修资金且未改正的情形（依据：业主大会议事规则第十二条）" in page
    assert "1 / 5" in page  # one shortlisted of five seats


def test_the_candidate_ledger_exports_as_xlsx(wang, wuyuehua, recruitment):
    _nominee(recruitment, "1-101", gender="female", skills=["finance", "law"], status=CandidateStatus.FINAL,
             score=Decimal("90"))
    response = client_for(wang).get(f"/c/{wuyuehua.slug}/candidate-ledger/export.xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A1"].value.startswith("五月花生活广场 人选台账")
    assert sheet.freeze_panes == "A3"
    assert [c.value for c in sheet[3]][:4] == [1, "甲先生", "1号楼", "1-101"]


def test_the_candidate_ledger_is_hidden_from_charlie(charlie, wuyuehua, recruitment):
    assert client_for(charlie).get(f"/c/{wuyuehua.slug}/candidate-ledger/").status_code == 404
    assert client_for(charlie).get(f"/c/{wuyuehua.slug}/candidate-ledger/export.xlsx").status_code == 404


def test_without_a_recruitment_the_page_says_so(alice, wuyuehua):
    page = client_for(alice).get(f"/c/{wuyuehua.slug}/candidate-ledger/").content.decode()
    assert "本小区尚未开始候选人征集" in page
