"""A staff member publishes the candidate notice and downloads its PDF, which is read back."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from huanjie.accounts.models import Role
from huanjie.candidates.services import eligibility, nominations, panel, recruitment, slate
from huanjie.candidates.services.nominations import Profile
from huanjie.demo import files
from huanjie.notices.models import Notice, NoticeKind, NoticeStatus
from huanjie.reelection.models import Reelection
from huanjie.rules.eligibility import required_conditions
from tests.candidates.conftest import close_nominations
from tests.conftest import make_user

pytestmark = pytest.mark.browser

PROFILE = Profile(gender="female", age_band="36-50", occupation="律师", party_member=False, skills=["law"],
                  time_available="evenings", statement="为业委会把法律关。")


@pytest.fixture
def shortlisted(live_server, wuyuehua, alice, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    reelection = Reelection.objects.create(community=wuyuehua, term_number=2, term_end=date(2027, 3, 29))
    round_ = recruitment.start_recruitment(reelection=reelection, actor=alice)
    member = panel.add_panelist(recruitment=round_, user=make_user("lawyer", Role.PANELIST, community=wuyuehua),
                                affiliation="legal_expert", actor=alice)
    criteria = list(round_.criteria.all())
    for code in ("1-101", "1-201"):
        unit = wuyuehua.units.get(code=code)
        candidate = nominations.nominate(recruitment=round_, owner=unit.owners.get(), unit=unit, method="self",
                                         channel="online", profile=PROFILE, consent=True, actor=alice).candidate
        for condition in required_conditions(0)[1:]:
            eligibility.record_check(candidate=candidate, condition=condition, met=True, evidence="已核实",
                                     reason="", actor=alice,
                                     evidence_file=SimpleUploadedFile("p.pdf", files.pdf()) if condition == "pledge"
                                     else None)
        panel.assign_panel(candidate=candidate, panelists=[member], actor=alice)
        panel.schedule_interview(candidate=candidate, at=timezone.now() - timedelta(hours=1), place="居委会",
                                 actor=alice)
        panel.submit_scores(assignment=candidate.assignments.get(), points={c.pk: c.max_points for c in criteria},
                            comment="", actor=member.user)
        slate.decide_shortlist(candidate=candidate, shortlist=True, reason="", actor=alice)
    close_nominations(round_, alice)
    slate.decide_uncontested(recruitment=round_, reason="报名人少于应选名额，工作小组决定等额选举。", actor=alice)
    return round_


def test_staff_publish_the_candidate_notice_and_its_pdf_names_the_candidates(live_server, page, shortlisted, alice,
                                                                               sign_in):
    sign_in(page, alice)
    page.goto(f"{live_server.url}/c/wyh/candidates/")
    page.get_by_test_id("candidate-notice").click()
    page.get_by_test_id("publish").click()
    assert "不能再修改" in page.get_by_test_id("consequences").inner_text()  # publishing asks first
    page.get_by_test_id("confirm-yes").click()
    assert page.get_by_test_id("notice-status").inner_text() == "已发布"
    notice = Notice.objects.get(kind=NoticeKind.CANDIDATE_LIST)
    assert notice.status == NoticeStatus.PUBLISHED

    with page.expect_download() as download:
        page.get_by_test_id("pdf-bulletin").click()
    data = download.value.path().read_bytes()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "甲先生" in text and "丙先生" in text
    assert "候选人名单公示" in text and f"/n/{notice.public_token}/" in text

    # The QR code's address opens the public copy for anyone, signed in or not.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/n/{notice.public_token}/")
    assert "甲先生" in page.get_by_test_id("notice-table").inner_text()
