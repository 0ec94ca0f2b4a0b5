from __future__ import annotations

import io

from pypdf import PdfReader

from huanjie.contingency.pdf import render_plan_pdf
from huanjie.contingency.services import tick_check


def test_the_printable_plan_is_one_page_with_the_chinese_text(election_plan, alice, now):
    tick_check(item=election_plan.checklist.filter(role="working_group").first(), actor=alice, now=now)
    reader = PdfReader(io.BytesIO(render_plan_pdf(election_plan)))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in ("五月花生活广场 选举大会应急预案", "小区会所二楼", "李老师", "13800001111", "网上投票时停电或断网",
                     "票箱当众查验为空并已封存", "未确认", "已确认"):
        assert expected in text.replace("\n", ""), expected
