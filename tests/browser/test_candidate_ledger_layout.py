"""人选台账 on a street-office PC: short columns keep to one line (issue 15 #11: they wrapped one character a line)."""

from __future__ import annotations

from datetime import date

import pytest

from huanjie.candidates.models import Candidate, CandidateStatus, Nomination, Recruitment
from huanjie.reelection.models import Reelection

pytestmark = pytest.mark.browser

# How many lines each cell's text takes beyond its own line breaks, through the text's line boxes.
LINES = """cells => cells.map(cell => {
  const range = document.createRange(); range.selectNodeContents(cell);
  const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
  return [cell.textContent.trim(), tops.size - cell.querySelectorAll("br").length];
})"""


@pytest.mark.parametrize("width", [1280, 1024])
def test_the_short_columns_of_the_candidate_ledger_keep_to_one_line(live_server, page, alice, wuyuehua, sign_in,
                                                                     width):
    reelection = Reelection.objects.create(community=wuyuehua, term_end=date(2027, 3, 29))
    recruitment = Recruitment.objects.create(community=wuyuehua, reelection=reelection, seats=5)
    unit = wuyuehua.units.get(code="1-101")
    nomination = Nomination.objects.create(
        community=wuyuehua, recruitment=recruitment, owner=unit.owners.get(), unit=unit, method="self",
        channel="home_visit", gender="female", age_band="36-50", occupation="注册会计师（退休前在区审计局工作三十年）",
        skills=["finance", "law"], time_available="evenings", statement="愿意服务", consent_to_publish=True)
    Candidate.objects.create(community=wuyuehua, recruitment=recruitment, nomination=nomination,
                             status=CandidateStatus.SHORTLISTED, status_reason="群众基础好，熟悉财务，" * 6)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, alice)
    page.goto(f"{live_server.url}/c/{wuyuehua.slug}/candidate-ledger/")
    table = page.get_by_test_id("candidate-ledger")
    headers = table.locator("thead th").evaluate_all(LINES)
    assert [name for name, lines in headers if lines > 1] == []
    short = table.locator("tbody td:not(.text)").evaluate_all(LINES)
    assert [name for name, lines in short if lines > 1] == []
