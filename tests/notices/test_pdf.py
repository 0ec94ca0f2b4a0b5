from __future__ import annotations

import io

from pypdf import PdfReader

from huanjie.notices.pdf import Layout, group_message, render_notice_pdf


def text_of(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_bulletin_board_pdf_carries_the_title_text_period_and_link(published):
    published.table = {"columns": ["姓名", "楼栋"], "rows": [["张伟", "1号楼"]]}
    text = text_of(render_notice_pdf(published, layout=Layout.BULLETIN, public_url="https://hj.example/n/abc/"))
    for expected in ("业主名册及表决规则公示", "现将业主名册及表决规则公示如下", "2026年12月02日", "2026年12月08日",
                     "张伟", "https://hj.example/n/abc/"):
        assert expected in text


def test_the_lift_hall_pdf_is_a4_in_larger_type(published):
    data = render_notice_pdf(published, layout=Layout.LIFT_HALL, public_url="https://hj.example/n/abc/")
    page = PdfReader(io.BytesIO(data)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    assert "业主名册及表决规则公示" in text_of(data)


def test_the_group_message_has_the_period_and_the_short_link(published):
    message = group_message(published, public_url="https://hj.example/n/abc/", community_name="五月花生活广场")
    assert message.startswith("【五月花生活广场】业主名册及表决规则公示")
    assert "12月02日 至 12月08日" in message and "https://hj.example/n/abc/" in message
