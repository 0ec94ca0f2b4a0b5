from __future__ import annotations

import io

from pypdf import PdfReader

from huanjie.candidates.services import panel
from tests.candidates.conftest import score_all
from tests.conftest import client_for


def text_of(data: bytes) -> str:
    """The text with line breaks removed: table cells wrap."""
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).replace("\n", "")


def test_alice_downloads_the_score_sheets_as_a_pdf(alice, candidate, panelists, wuyuehua):
    assignments = panel.assign_panel(candidate=candidate, panelists=panelists, actor=alice)
    conflicted = next(a for a in assignments if a.panelist == panelists[4])
    panel.declare_conflict(assignment=conflicted, note="与候选人是亲戚", actor=panelists[4].user)
    score_all(candidate, panelists[:4], [(25, 30, 25), (26, 31, 24), (20, 28, 22), (27, 35, 26)])
    response = client_for(alice).get(f"/c/{wuyuehua.slug}/candidates/{candidate.pk}/sheets.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    for expected in ("面试评分表", "甲先生", "自我陈述（30）", "履职思路（40）", "现场答辩（30）", "p1", "街道相关部门",
                     "与候选人是亲戚", "评审团 4 人评分", "评审团成员签名"):
        assert expected in text, expected


def test_there_is_no_pdf_before_the_whole_panel_has_scored(alice, candidate, panelists, wuyuehua):
    panel.assign_panel(candidate=candidate, panelists=panelists, actor=alice)
    assert client_for(alice).get(f"/c/{wuyuehua.slug}/candidates/{candidate.pk}/sheets.pdf").status_code == 404


def test_charlie_cannot_download_wuyuehuas_score_sheets(charlie, candidate, panelists, wuyuehua):
    score_all(candidate, panelists, [(25, 30, 25)] * 5)
    assert client_for(charlie).get(f"/c/{wuyuehua.slug}/candidates/{candidate.pk}/sheets.pdf").status_code == 404
