"""Candidates in the browser: an owner applies on a phone; two panelists score independently."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from huanjie.accounts.models import Role
from huanjie.candidates.models import CandidateStatus, Nomination, ScoreSheet
from huanjie.candidates.services import eligibility, nominations, panel, recruitment
from huanjie.candidates.services.nominations import Profile
from huanjie.demo import files
from huanjie.reelection.models import Reelection
from huanjie.rules.eligibility import required_conditions
from tests.candidates.conftest import interviewed
from tests.conftest import make_user

pytestmark = pytest.mark.browser


@pytest.fixture
def round_(live_server, wuyuehua, alice):  # type: ignore[no-untyped-def]
    reelection = Reelection.objects.create(community=wuyuehua, term_number=2, term_end=date(2027, 3, 29))
    return recruitment.start_recruitment(reelection=reelection, actor=alice)


def eligible_candidate(round_, alice, tmp_path, settings):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    unit = round_.community.units.get(code="1-102")
    profile = Profile(gender="male", age_band="51-65", occupation="退休工程师", party_member=False,
                      skills=["engineering"], time_available="evenings", statement="电梯更新我来把关。")
    candidate = nominations.nominate(recruitment=round_, owner=unit.owners.get(), unit=unit, method="self",
                                     channel="paper_form", profile=profile, consent=True, actor=alice).candidate
    for condition in required_conditions(0)[1:]:
        pledge = SimpleUploadedFile("p.pdf", files.pdf()) if condition == "pledge" else None
        eligibility.record_check(candidate=candidate, condition=condition, met=True, evidence="已核实", reason="",
                                 actor=alice, evidence_file=pledge)
    return candidate


def test_an_owner_nominates_themself_on_a_phone(live_server, phone_page, round_, olivia, sign_in, screenshot):
    page = phone_page
    sign_in(page, olivia)
    page.goto(f"{live_server.url}/c/wyh/candidates/mine/")
    page.get_by_test_id("apply").click()
    page.locator("#id_owner").select_option(label="甲先生（1-101）")
    page.locator("#id_gender").select_option(label="女")
    page.locator("#id_age_band").select_option(label="36至50岁")
    page.locator("#id_occupation").fill("注册会计师")
    page.get_by_label("财务").check()
    page.locator("#id_time_available").select_option(label="晚间和周末")
    page.locator("#id_statement").fill("愿意把公共收益的账目每月公开。")
    page.locator("#id_consent").check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="提交报名").click()

    page.wait_for_url(f"{live_server.url}/c/wyh/candidates/mine/")
    assert "待资格审查" in page.get_by_test_id("my-nomination").inner_text()
    nomination = Nomination.objects.get()
    assert nomination.channel == "online" and nomination.skills == ["finance"]
    assert nomination.candidate.status == CandidateStatus.NOMINATED
    screenshot(page, "self-nomination-phone")


def score(page, live_server, assignment_pk, points):  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/c/wyh/candidates/review/")
    page.get_by_role("link", name="乙先生").click()
    page.wait_for_url(f"{live_server.url}/c/wyh/candidates/review/{assignment_pk}/")
    for label, value in zip(("自我陈述", "履职思路", "现场答辩"), points, strict=True):
        page.get_by_label(label, exact=False).fill(str(value))
    page.get_by_role("button", name="提交评分（提交后不能修改）").click()
    page.get_by_test_id("own-sheet").wait_for()


def test_two_panelists_score_independently(live_server, browser, page, round_, alice, wuyuehua, sign_in,
                                           tmp_path, settings):
    candidate = eligible_candidate(round_, alice, tmp_path, settings)
    first_user = make_user("lawyer", Role.PANELIST, community=wuyuehua)
    second_user = make_user("street", Role.PANELIST, community=wuyuehua)
    members = [panel.add_panelist(recruitment=round_, user=u, affiliation=a, actor=alice)
               for u, a in ((first_user, "legal_expert"), (second_user, "street"))]
    panel.assign_panel(candidate=candidate, panelists=members, actor=alice)
    interviewed(candidate)  # scores are taken from the interview's start
    first, second = (candidate.assignments.get(panelist=m) for m in members)

    sign_in(page, first_user)
    score(page, live_server, first.pk, (24, 32, 24))
    assert "已提交 1 / 2" in page.get_by_test_id("others-hidden").inner_text()
    assert page.get_by_test_id("all-sheets").count() == 0

    other = browser.new_context(locale="zh-CN")
    try:
        second_page = other.new_page()
        sign_in(second_page, second_user)
        score(second_page, live_server, second.pk, (27, 36, 27))
        assert second_page.get_by_test_id("all-sheets").locator("tbody tr").count() == 2
    finally:
        other.close()

    page.reload()
    assert page.get_by_test_id("all-sheets").locator("tbody tr").count() == 2
    assert ScoreSheet.objects.count() == 2
    candidate.refresh_from_db()
    assert str(candidate.panel_score) == "85.00"  # (80 + 90) / 2
