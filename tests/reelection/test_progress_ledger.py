from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from huanjie.audit.models import AuditRecord
from huanjie.demo import files
from huanjie.reelection.errors import AssemblyTooLate, DoneInFuture, EvidenceRefused, EvidenceRequired, StageAlreadyDone
from huanjie.reelection.models import Reelection, StageProgress
from huanjie.reelection.selectors import current_reelection, stage_rows
from huanjie.reelection.services import mark_stage_done, schedule_assembly
from huanjie.rules.timeline import Stage, requires_evidence
from tests.conftest import client_for

TODAY = date(2026, 12, 31)
PDF = files.pdf("report")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def reelection(wuyuehua) -> Reelection:
    return Reelection.objects.create(community=wuyuehua, term_end=date(2027, 3, 29))


def test_a_step_that_leaves_a_paper_needs_that_paper(reelection, alice):
    assert requires_evidence(Stage.REPORT) and not requires_evidence(Stage.VISITS)
    with pytest.raises(EvidenceRequired, match="“启动报告”须上传佐证材料"):
        mark_stage_done(reelection=reelection, stage=Stage.REPORT, done_on=date(2026, 10, 20), actor=alice,
                        today=TODAY)
    assert not StageProgress.objects.exists()


def test_a_step_is_marked_done_with_who_when_and_the_evidence(reelection, alice):
    progress = mark_stage_done(reelection=reelection, stage=Stage.REPORT, done_on=date(2026, 10, 20),
                               note="街道已签收", evidence=SimpleUploadedFile("报告.pdf", PDF), actor=alice,
                               today=TODAY)
    assert progress.evidence.name.endswith(".pdf") and progress.evidence_type == "application/pdf"
    row = stage_rows(current_reelection(reelection.community_id), today=TODAY)[0]
    assert (row.done_on, row.done_by, row.evidence_id) == (date(2026, 10, 20), "alice", progress.pk)
    assert AuditRecord.objects.filter(code="reelection.stage.done").exists()
    with pytest.raises(StageAlreadyDone):
        mark_stage_done(reelection=reelection, stage=Stage.REPORT, done_on=date(2026, 10, 21),
                        evidence=SimpleUploadedFile("报告.pdf", PDF), actor=alice, today=TODAY)


def test_it_refuses_a_done_date_in_the_future_and_a_file_that_is_not_evidence(reelection, alice):
    with pytest.raises(DoneInFuture):
        mark_stage_done(reelection=reelection, stage=Stage.VISITS, done_on=date(2027, 1, 2), actor=alice, today=TODAY)
    with pytest.raises(EvidenceRefused):
        mark_stage_done(reelection=reelection, stage=Stage.REPORT, done_on=date(2026, 10, 20),
                        evidence=SimpleUploadedFile("a.pdf", b"MZ\x90\x00"), actor=alice, today=TODAY)
    assert not StageProgress.objects.exists()



def test_evidence_is_judged_by_a_real_parse_not_its_first_bytes(reelection, alice):
    # Before the shared check, a file that merely began with "%PDF-" was taken as a PDF.
    with pytest.raises(EvidenceRefused, match="佐证材料“报告.pdf”未能上传：文件不完整或已损坏，不是有效的 PDF 文件。"):
        mark_stage_done(reelection=reelection, stage=Stage.REPORT, done_on=date(2026, 10, 20),
                        evidence=SimpleUploadedFile("报告.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n"),
                        actor=alice, today=TODAY)
    assert not StageProgress.objects.exists()


def test_a_spreadsheet_is_known_by_its_content_and_stored_under_a_new_name(reelection, alice):
    import io

    import openpyxl

    book = io.BytesIO()
    openpyxl.Workbook().save(book)
    progress = mark_stage_done(reelection=reelection, stage=Stage.REPORT, done_on=date(2026, 10, 20),
                               evidence=SimpleUploadedFile("签到表.zip", book.getvalue()), actor=alice, today=TODAY)
    assert progress.evidence.name.endswith(".xlsx") and "签到表" not in progress.evidence.name
    assert progress.evidence_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

def test_the_assembly_date_must_come_before_the_term_ends(reelection, alice):
    with pytest.raises(AssemblyTooLate):
        schedule_assembly(reelection=reelection, assembly_date=date(2027, 3, 29), actor=alice)
    schedule_assembly(reelection=reelection, assembly_date=date(2027, 3, 1), actor=alice)
    rows = {r.key: r for r in stage_rows(reelection, today=TODAY)}
    assert rows["candidate_notice"].due == date(2027, 2, 14)
    assert rows["filing"].due == date(2027, 3, 31)


def test_the_progress_page_shows_the_gantt_chart_and_highlights_overdue_and_next(alice, wuyuehua, reelection):
    mark_stage_done(reelection=reelection, stage=Stage.VISITS, done_on=date(2026, 11, 1), actor=alice, today=TODAY)
    page = client_for(alice).get(f"/c/{wuyuehua.slug}/progress/").content.decode()
    assert 'class="chart gantt"' in page and "gantt-today" in page
    assert 'class="overdue" data-stage="report"' in page  # due 2026-10-29, the real today is later
    assert 'class="gantt-done"' in page


def test_the_supervisor_sees_every_community_of_the_office_side_by_side(wang, alice, charlie, wuyuehua, reelection):
    from tests.conftest import make_community

    make_community(wuyuehua.street_office, "second", "第二小区")
    page = client_for(wang).get(f"/office/{wuyuehua.street_office.code}/reelections/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "五月花生活广场" in body and "第二小区" in body and "尚未启动换届" in body
    assert client_for(alice).get(f"/office/{wuyuehua.street_office.code}/reelections/").status_code == 404
    assert client_for(charlie).get(f"/office/{wuyuehua.street_office.code}/reelections/").status_code == 404


def test_marking_done_from_the_page_without_evidence_shows_the_reason(alice, wuyuehua, reelection):
    response = client_for(alice).post(f"/c/{wuyuehua.slug}/progress/done/",
                                      {"stage": "report", "done_on": "2026-10-20"}, follow=True)
    assert "须上传佐证材料" in response.content.decode()
    assert not StageProgress.objects.exists()


def test_the_basis_reads_as_a_street_office_cites_the_law(alice, wuyuehua, reelection):
    """Issue 15, finding 9: not `SH art. 28` or `条例 art. 14` but the law's full name and article."""
    schedule_assembly(reelection=reelection, assembly_date=date(2027, 3, 1), actor=alice)
    for path in (f"/c/{wuyuehua.slug}/progress/", f"/c/{wuyuehua.slug}/"):
        page = client_for(alice).get(path).content.decode()
        assert "《上海市住宅物业管理规定》第二十八条" in page and "《物业管理条例》第十四条" in page, path
        assert "art." not in page, path
    english = client_for(alice)
    english.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = english.get(f"/c/{wuyuehua.slug}/progress/").content.decode()
    assert "Property Management Regulations, art. 14" in page and "《" not in page


def test_steps_whose_dates_are_not_known_yet_are_not_drawn_at_the_right_edge(alice, wuyuehua, reelection):
    """Issue 15 #11: 计票, 结果公告, 备案, 交接 and 培训 follow the vote's day; before it is set they have
    no date, and were drawn from the vote to the chart's right edge."""
    page = client_for(alice).get(f"/c/{wuyuehua.slug}/progress/").content.decode()
    chart = page.split('class="chart gantt"')[1].split("</svg>")[0]
    rows = dict(re.findall(r'<g class="gantt-row [a-z]+" data-stage="([a-z_]+)">(.*?)</g>', chart))
    for stage in ("counting", "results_notice", "handover", "training"):
        assert "gantt-window" not in rows[stage] and "日期待定" in rows[stage]
    assert "gantt-window" in rows["voting"] and "gantt-window" in rows["visits"]


def test_the_ledger_has_the_financial_audit_after_the_records_handover_with_its_report(reelection, alice):
    """换届财务审计: the outgoing committee's accounts audited once the working group is formed (Shanghai practice)."""
    stages = [row.key for row in stage_rows(reelection, today=TODAY)]
    assert stages.index(Stage.FINANCIAL_AUDIT) == stages.index(Stage.RECORDS_HANDOVER) + 1
    with pytest.raises(EvidenceRequired, match="“换届财务审计”须上传佐证材料"):
        mark_stage_done(reelection=reelection, stage=Stage.FINANCIAL_AUDIT, done_on=date(2026, 12, 20), actor=alice,
                        today=TODAY)
    progress = mark_stage_done(reelection=reelection, stage=Stage.FINANCIAL_AUDIT, done_on=date(2026, 12, 20),
                               note="审计报告", evidence=SimpleUploadedFile("审计报告.pdf", PDF), actor=alice,
                               today=TODAY)
    assert progress.get_stage_display() == "换届财务审计"
