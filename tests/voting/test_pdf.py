"""Ballot papers (表决票) as printed: read back with pypdf, and the printed codes work online."""

from __future__ import annotations

import io
from decimal import Decimal

import pypdf
import pytest

from huanjie.voting.errors import PaperCodeUsed, WrongVotingCode
from huanjie.voting.pdf import BallotHeader, BallotSheet, ContestSpec, render_ballots
from huanjie.voting.services import cast_online_ballot, find_paper
from huanjie.voting.services.papers import reissue_voting_code
from huanjie.voting.services.proxies import collect_at_door
from tests.conftest import client_for
from tests.voting.conftest import YES_BALLOT, paper_of


def pages_of(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def printed_code(text: str) -> str:
    line = next(line for line in text.splitlines() if line.startswith("网上投票表决码："))
    return line.removeprefix("网上投票表决码：").strip()


def test_it_prints_one_sheet_per_entity_with_units_area_candidates_and_serial(open_assembly, alice):
    response = client_for(alice).post(f"/c/wyh/voting/{open_assembly.pk}/ballots.pdf")
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
    pages = pages_of(client_for(alice).post(f"/c/wyh/voting/{open_assembly.pk}/ballots.pdf").content)
    first = next(text for text in pages if "房号：1-101" in text)
    paper = find_paper(code=printed_code(first), phone_last4="0001", client_key="pdf-test")
    assert paper == paper_of(open_assembly, "1-101")


def test_reprinting_one_sheet_makes_the_earlier_code_stop_working(open_assembly, alice, codes):
    serial = paper_of(open_assembly, "1-102").serial
    response = client_for(alice).post(f"/c/wyh/voting/{open_assembly.pk}/ballot.pdf", {"serial": serial})
    (text,) = pages_of(response.content)
    assert serial in text
    with pytest.raises(WrongVotingCode):
        find_paper(code=codes["1-102"], phone_last4="0002", client_key="pdf-test")
    assert find_paper(code=printed_code(text), phone_last4="0002", client_key="pdf-test").serial == serial


def test_households_that_have_voted_get_no_paper(open_assembly, codes, alice):
    paper = find_paper(code=codes["1-201"], phone_last4="0003", client_key="pdf-test")
    cast_online_ballot(paper=paper, choices=YES_BALLOT, submission_key="k")
    with pytest.raises(PaperCodeUsed):
        reissue_voting_code(paper=paper, actor=alice)
    collect_at_door(paper=paper_of(open_assembly, "1-102"), first_collector="李老师", second_collector="赵阿姨",
                    valid=True, choices=YES_BALLOT, actor=alice)
    pages = pages_of(client_for(alice).post(f"/c/wyh/voting/{open_assembly.pk}/ballots.pdf").content)
    assert len(pages) == 1 and "房号：1-101" in pages[0]  # 1-201 voted online, 1-102 at the door


def test_an_unknown_serial_is_named_in_the_message(open_assembly, alice):
    page = client_for(alice).post(f"/c/wyh/voting/{open_assembly.pk}/ballot.pdf", {"serial": "X-1"}, follow=True)
    assert "没有编号为“X-1”的表决票" in page.content.decode()


def test_a_serial_no_paper_could_have_is_an_unknown_paper_not_a_server_error(open_assembly, alice):
    for typed in ("A\x00B", "9" * 5000):
        page = client_for(alice).post(f"/c/wyh/voting/{open_assembly.pk}/ballot.pdf", {"serial": typed}, follow=True)
        assert page.status_code == 200 and "没有编号为" in page.content.decode()


def test_only_the_communitys_staff_print_and_only_by_post(open_assembly, alice, charlie, olivia):
    url = f"/c/wyh/voting/{open_assembly.pk}/ballots.pdf"
    assert client_for(alice).get(url).status_code == 405
    for user in (charlie, olivia):
        assert client_for(user).post(url).status_code == 404


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
