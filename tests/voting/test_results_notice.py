"""The result published through the notice engine: 公示 with an objection period, then the 公告."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from huanjie.audit.services import chain_head
from huanjie.demo import files
from huanjie.holidays.selectors import app_calendar
from huanjie.notices.errors import NoticePeriodNotOver, ObjectionsStillOpen
from huanjie.notices.models import NoticeKind
from huanjie.notices.services import decide_objection, publish_notice, raise_objection
from huanjie.rules import CandidateResult, ElectionResult, Totals
from huanjie.rules.timeline import period_end
from huanjie.voting.errors import NotCounted, PreliminaryNoticeMissing, ResultsNoticeExists
from huanjie.voting.services import cast_online_ballot, close_voting, count_assembly, find_paper
from huanjie.voting.services.notices import (
    alternates,
    draft_final_results_notice,
    draft_preliminary_results_notice,
    final_due,
)
from huanjie.voting.services.proxies import cast_proxy_ballot, collect_at_door, register_proxy
from tests.conftest import client_for
from tests.voting.conftest import open_boxes, paper_of

TODAY = timezone.localdate()
pytestmark = pytest.mark.usefixtures("holidays_ahead")  # the count is stamped with today's date


def period_ends(days: int) -> date:
    """The last day of a period from today, moved past rest days (Civil Code art. 203 ¶1)."""
    return period_end(TODAY, days=days, calendar=app_calendar()).last_day


@pytest.fixture
def counted_assembly(open_assembly, codes, alice):  # type: ignore[no-untyped-def]
    """五月花's three households voted online, at the door and by proxy; counted today."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    paper = find_paper(code=codes["1-101"], phone_last4="0001", client_key="t")
    cast_online_ballot(paper=paper, choices={"committee": ["张三", "李四"], "lift-fund": "yes"}, submission_key="a")
    collect_at_door(paper=paper_of(open_assembly, "1-102"), first_collector="李老师", second_collector="赵阿姨",
                    valid=True, choices={"committee": ["张三", "王五"], "lift-fund": "no"}, actor=alice)
    proxy = register_proxy(entity=paper_of(open_assembly, "1-201").entity, grantor_name="丙先生",
                           holder_name="钱阿姨", holder_phone="13912345678", actor=alice,
                           authorisation=SimpleUploadedFile("w.pdf", files.pdf("signed")))
    cast_proxy_ballot(proxy=proxy, valid=True, choices={"committee": ["张三", "李四"], "lift-fund": "yes"}, actor=alice)
    close_voting(assembly=open_assembly, actor=alice)
    open_boxes(open_assembly, alice)
    count_assembly(assembly=open_assembly, actor=alice)
    open_assembly.refresh_from_db()
    return open_assembly


def test_the_preliminary_notice_shows_participation_support_elected_and_the_hashes(counted_assembly, alice):
    notice = draft_preliminary_results_notice(assembly=counted_assembly, actor=alice)
    assert notice.kind == NoticeKind.PRELIMINARY_RESULTS and notice.period_days == 1
    body = notice.body
    assert "应参与表决业主 3 人、专有部分面积 273.75 ㎡；参与表决 3 人（100.0%）" in body
    assert "达到法定参与比例" in body and "计入 3 张、无效 0 张" in body
    assert "当选 2 人：张三、李四" in body
    assert counted_assembly.roster_sha256 in body and counted_assembly.result.ballots_sha256 in body
    assert "留痕记录链头：" in body
    rows = notice.table["rows"]
    assert ["选举业主委员会委员", "张三", "3", "100.0%", "273.75", "100.0%", "当选"] in rows
    assert ["选举业主委员会委员", "王五", "1", "33.3%", "120.25", "43.9%", "未过半数"] in rows
    personal = ["1-101", "1380000", "甲先生", "丙先生", "钱阿姨", "13912345678"]
    assert not any(item in body + str(rows) for item in personal)


def test_the_body_names_the_chain_head_as_it_was_when_drafted(counted_assembly, alice):
    head = chain_head()
    assert head in draft_preliminary_results_notice(assembly=counted_assembly, actor=alice).body


def test_the_announcement_waits_for_the_period_and_the_answered_objections(counted_assembly, alice):
    with pytest.raises(PreliminaryNoticeMissing):
        draft_final_results_notice(assembly=counted_assembly, actor=alice, today=TODAY)
    notice = publish_notice(notice=draft_preliminary_results_notice(assembly=counted_assembly, actor=alice),
                            actor=alice, today=TODAY)
    last = period_ends(1)
    assert notice.period_ends_on == last
    objection = raise_objection(notice=notice, text="1-102 的票不是业主本人投的", objector_name="乙先生",
                                objector_unit=None, actor=alice, today=last)
    with pytest.raises(NoticePeriodNotOver):
        draft_final_results_notice(assembly=counted_assembly, actor=alice, today=last)
    with pytest.raises(ObjectionsStillOpen):
        draft_final_results_notice(assembly=counted_assembly, actor=alice, today=last + timedelta(days=1))
    decide_objection(objection=objection, upheld=False, reason="经核实，两位工作人员上门见证业主本人填写", actor=alice)
    final = draft_final_results_notice(assembly=counted_assembly, actor=alice, today=last + timedelta(days=1))
    assert final.kind == NoticeKind.FINAL_RESULTS and final.period_days == 0
    assert "第二十一条，现予公告" in final.body
    assert final_due(counted_assembly) == TODAY + timedelta(days=3)
    with pytest.raises(ResultsNoticeExists):
        draft_final_results_notice(assembly=counted_assembly, actor=alice, today=last + timedelta(days=1))


def test_no_results_notice_before_the_count(open_assembly, alice):
    with pytest.raises(NotCounted):
        draft_preliminary_results_notice(assembly=open_assembly, actor=alice)


def test_alternates_are_those_passed_but_not_elected_ranked_by_heads_then_area():
    def cand(name: str, heads: int, area: str, passed: bool, elected: bool) -> CandidateResult:
        return CandidateResult(name, Totals(heads, Decimal(area)), passed, elected)

    contest = ElectionResult("committee", 2, (
        cand("甲", 9, "900.00", True, True), cand("乙", 6, "500.00", True, False), cand("丙", 6, "650.00", True, False),
        cand("丁", 8, "800.00", True, True), cand("戊", 2, "100.00", False, False), cand("己", 7, "1.00", True, False)),
        ("甲", "丁"), (), 0)
    assert alternates(contest) == ["己", "丙", "乙"]


def test_ties_and_vacancies_are_stated(counted_assembly, alice):
    from huanjie.voting.models import CountResult

    stored = CountResult.objects.get(assembly=counted_assembly)
    data = stored.data
    election = data["contests"][0]
    election.update({"elected": ["张三"], "tied": ["李四", "王五"], "vacancies": 0})
    stored.data = data
    stored.save()
    body = draft_preliminary_results_notice(assembly=counted_assembly, actor=alice).body
    assert "李四、王五 同意人数和面积完全相同" in body


def test_alice_drafts_publishes_and_the_public_reads_the_notice_and_its_pdf(counted_assembly, alice, olivia):
    client = client_for(alice)
    url = f"/c/wyh/voting/{counted_assembly.pk}/results/notices/"
    assert client_for(olivia).get(url).status_code == 404
    drafted = client.post(f"{url}preliminary/", {"period_days": "1"})
    counted_assembly.refresh_from_db()
    notice = counted_assembly.preliminary_notice
    assert drafted.url == f"/c/wyh/notices/{notice.pk}/"
    client.post(f"/c/wyh/notices/{notice.pk}/publish/", {"confirm": "yes"})
    page = client.get(url).content.decode()
    assert notice.title in page and "公示期" in page and "最迟" in page
    notice.refresh_from_db()
    public = Client().get(f"/n/{notice.public_token}/").content.decode()
    assert "张三" in public and counted_assembly.roster_sha256 in public
    pdf = Client().get(f"/n/{notice.public_token}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    early = client.post(f"{url}final/", follow=True).content.decode()
    assert "公示期到" in early
