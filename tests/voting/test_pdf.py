"""Ballot papers (表决票) as printed: read back with pypdf, and the printed codes work online."""

from __future__ import annotations

import io
from decimal import Decimal

import pypdf
from django.utils import timezone

from huanjie.voting.pdf import BallotHeader, BallotSheet, ContestSpec, render_ballots
from huanjie.voting.services import find_paper, record_paper_ballot
from huanjie.voting.services.proxies import collect_at_door
from tests.conftest import client_for
from tests.voting.conftest import YES_BALLOT, paper_of


def print_all(client, assembly):  # type: ignore[no-untyped-def]
    """打印全部表决票, confirmed: the codes are generated, once."""
    return client.post(f"/c/wyh/voting/{assembly.pk}/print/", {"confirm": "yes"})


def pages_of(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def printed_code(text: str) -> str:
    line = next(line for line in text.splitlines() if line.startswith("网上投票表决码："))
    return line.removeprefix("网上投票表决码：").strip()


def test_it_prints_one_sheet_per_entity_with_units_area_candidates_and_serial(open_assembly, alice):
    response = print_all(client_for(alice), open_assembly)
    assert response["Content-Type"] == "application/pdf" and response["Cache-Control"] == "no-store"
    pages = pages_of(response.content)
    papers = list(open_assembly.papers.select_related("entity").order_by("serial"))
    assert len(pages) == len(papers) == 3
    for text, paper in zip(pages, papers, strict=True):
        assert "五月花生活广场" in text and "表 决 票" in text
        assert f"表决票编号：{paper.serial}" in text and f"房号：{paper.entity.label}" in text
        assert f"专有部分面积：{paper.entity.area:.2f} ㎡" in text
        assert all(name in text for name in ["张三", "李四", "王五"])
        assert "应选 2 人，每张表决票最多同意 2 人" in text
        assert "使用维修资金更换电梯" in text and "反对" in text and "弃权" in text
        assert "业主签名" in text and "填写说明" in text


def test_the_printed_voting_code_lets_the_owner_vote_online(open_assembly, alice):
    pages = pages_of(print_all(client_for(alice), open_assembly).content)
    first = next(text for text in pages if "房号：1-101" in text)
    paper = find_paper(code=printed_code(first), phone_last4="0001", client_key="pdf-test")
    assert paper == paper_of(open_assembly, "1-101")


def test_households_that_have_voted_get_no_paper(open_assembly, alice):
    collect_at_door(paper=paper_of(open_assembly, "1-102"), first_collector="李老师", second_collector="赵阿姨",
                    valid=True, choices=YES_BALLOT, actor=alice)
    record_paper_ballot(paper=paper_of(open_assembly, "1-201"), valid=True, choices=YES_BALLOT, actor=alice,
                        received_at=timezone.now())
    pages = pages_of(print_all(client_for(alice), open_assembly).content)
    assert len(pages) == 1 and "房号：1-101" in pages[0]  # 1-102 voted at the door, 1-201 on paper


def test_only_the_communitys_staff_print(open_assembly, alice, charlie, olivia):
    url = f"/c/wyh/voting/{open_assembly.pk}/print/"
    page = client_for(alice).get(url)
    assert page.status_code == 200 and 'data-testid="confirm-print"' in page.content.decode()
    for user in (charlie, olivia):
        assert client_for(user).get(url).status_code == 404
        assert client_for(user).post(url, {"confirm": "yes"}).status_code == 404
    open_assembly.refresh_from_db()
    assert open_assembly.codes_printed_at is None


def test_a_long_candidate_list_continues_on_a_second_page_with_the_serial_repeated():
    names = tuple(f"候选人{i:02d}号" for i in range(1, 41))
    header = BallotHeader("五月花生活广场", "选举", "书面征求意见", "2026年12月01日 08:00 至 2026年12月07日 20:00",
                          "", "", "https://example.org/vote/",
                          (ContestSpec("选举委员", True, 7, 7, names), ContestSpec("更换电梯", False, 0, 0, ())))
    sheet = BallotSheet("9-00001", "、".join(f"3-{n}01" for n in range(1, 60)), Decimal("5120.50"), True, None)
    pages = pages_of(render_ballots(header, [sheet]))
    assert len(pages) == 2
    assert "表决票（续）  编号 9-00001" in pages[1] and "候选人40号" in "".join(pages)
    assert "网上投票表决码" not in pages[0] and "建设单位" in pages[0]
