from __future__ import annotations

import io

from pypdf import PdfReader

from huanjie.candidates.models import CandidateStatus, Nomination
from huanjie.candidates.services import panel, slate
from tests.candidates.conftest import close_nominations, make_eligible, nominate, score_all
from tests.conftest import client_for

SELF_NOMINATION = {"gender": "female", "age_band": "36-50", "occupation": "律师", "skills": ["law"],
                   "time_available": "evenings", "statement": "我想为小区做点事。", "consent": "on"}


def test_an_owner_nominates_themself_and_reads_the_status(round_, olivia, wuyuehua):
    client = client_for(olivia)
    unit = wuyuehua.units.get(code="1-101")
    owner = unit.owners.get()
    response = client.post(f"/c/{wuyuehua.slug}/candidates/mine/apply/",
                           {**SELF_NOMINATION, "owner": f"{unit.pk}:{owner.pk}"})
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert nomination.owner == owner and nomination.channel == "online" and nomination.entered_by == olivia
    assert "待资格审查" in client.get(f"/c/{wuyuehua.slug}/candidates/mine/").content.decode()


def test_an_owner_cannot_nominate_an_owner_of_a_unit_not_theirs(round_, olivia, wuyuehua):
    unit = wuyuehua.units.get(code="1-102")
    client_for(olivia).post(f"/c/{wuyuehua.slug}/candidates/mine/apply/",
                            {**SELF_NOMINATION, "owner": f"{unit.pk}:{unit.owners.get().pk}"})
    assert not Nomination.objects.exists()


def test_without_consent_to_publication_there_is_no_nomination(round_, olivia, wuyuehua):
    unit = wuyuehua.units.get(code="1-101")
    data = {**SELF_NOMINATION, "owner": f"{unit.pk}:{unit.owners.get().pk}"}
    del data["consent"]
    assert client_for(olivia).post(f"/c/{wuyuehua.slug}/candidates/mine/apply/", data).status_code == 200
    assert not Nomination.objects.exists()


def test_staff_enter_a_paper_form_and_a_non_owner_is_refused_by_name(round_, alice, wuyuehua):
    client = client_for(alice)
    data = {"unit_code": "1-101", "name": "路人甲", "method": "self", "channel": "paper_form", **SELF_NOMINATION}
    page = client.post(f"/c/{wuyuehua.slug}/candidates/nominate/", data).content.decode()
    assert "房号 1-101 的登记业主中没有“路人甲”" in page
    data["name"] = "甲先生"
    assert client.post(f"/c/{wuyuehua.slug}/candidates/nominate/", data).status_code == 302
    assert Nomination.objects.get().owner.name == "甲先生"


def test_a_panelist_sees_only_the_candidates_assigned_to_them(round_, alice, panelists, wuyuehua):
    first = make_eligible(nominate(round_, "1-101", alice).candidate, alice)
    second = make_eligible(nominate(round_, "1-102", alice).candidate, alice)
    panel.assign_panel(candidate=first, panelists=panelists[:1], actor=alice)
    panel.assign_panel(candidate=second, panelists=panelists[1:2], actor=alice)
    client = client_for(panelists[0].user)
    page = client.get(f"/c/{wuyuehua.slug}/candidates/review/").content.decode()
    assert "甲先生" in page and "乙先生" not in page
    other = second.assignments.get()
    assert client.get(f"/c/{wuyuehua.slug}/candidates/review/{other.pk}/").status_code == 404
    assert client.get(f"/c/{wuyuehua.slug}/candidates/").status_code == 404


def test_charlie_sees_nothing_of_the_candidates(charlie, round_, wuyuehua):
    assert client_for(charlie).get(f"/c/{wuyuehua.slug}/candidates/").status_code == 404


def test_the_candidate_notice_pdf_names_every_candidate(round_, alice, panelists, wuyuehua):
    for code in ("1-101", "1-102"):
        scored = score_all(make_eligible(nominate(round_, code, alice).candidate, alice), panelists,
                           [(27, 36, 27)] * 5)
        slate.decide_shortlist(candidate=scored, shortlist=True, reason="", actor=alice)
    close_nominations(round_, alice)
    client = client_for(alice)
    client.post(f"/c/{wuyuehua.slug}/candidates/uncontested/", {"reason": "两轮征集后报名人仍不足七名"})
    response = client.post(f"/c/{wuyuehua.slug}/candidates/candidate-notice/")
    notice_url = response["Location"]
    client.post(f"{notice_url}publish/", {"confirm": "yes"})
    pdf = client.get(f"{notice_url}pdf/?layout=bulletin")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "甲先生" in text and "乙先生" in text and "候选人名单公示" in text
    assert "两轮征集后报名人仍不足七名" in text.replace("\n", "")


def test_the_staff_candidate_page_shows_the_checks_and_the_panel(round_, alice, panelists, wuyuehua):
    candidate = score_all(make_eligible(nominate(round_, "1-101", alice).candidate, alice), panelists,
                          [(27, 36, 27)] * 5)
    page = client_for(alice).get(f"/c/{wuyuehua.slug}/candidates/{candidate.pk}/").content.decode()
    assert "已签署书面承诺" in page and "去掉一个最高分和一个最低分" in page
    sheets = client_for(alice).get(f"/c/{wuyuehua.slug}/candidates/{candidate.pk}/sheets/")
    assert sheets.status_code == 200 and "90.00" in sheets.content.decode()
    client_for(alice).post(f"/c/{wuyuehua.slug}/candidates/{candidate.pk}/decide/", {"action": "shortlist"})
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.SHORTLISTED
    index = client_for(alice).get(f"/c/{wuyuehua.slug}/candidates/").content.decode()
    assert "法律专业人士：现有 0，目标至少 1" in index
