"""The code's short legal references read as a street office writes them (issue 15, finding 9):
the law's full name in 书名号 and the article in Chinese numerals; the English locale gets English."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huanjie.handover.selectors import ANCHORS
from huanjie.rules.citations import UnknownReference, chinese_number, citation, cite
from huanjie.rules.timeline import deadlines


@pytest.mark.parametrize(("reference", "zh"), [
    ("SH art. 28", "《上海市住宅物业管理规定》第二十八条"),
    ("条例 art. 14", "《物业管理条例》第十四条"),
    ("Civil Code art. 278", "《民法典》第二百七十八条"),
    ("GR art. 31", "《业主大会和业主委员会指导规则》第三十一条"),
    ("JI art. 9", "《最高人民法院关于审理建筑物区分所有权纠纷案件适用法律若干问题的解释》第九条"),
    ("SH art. 16, art. 29", "《上海市住宅物业管理规定》第十六条、第二十九条"),
    ("Civil Code art. 278 ¶2", "《民法典》第二百七十八条第二款"),
    ("Civil Code art. 278 ¶1 (5)", "《民法典》第二百七十八条第一款第五项"),
    ("Civil Code arts. 201–203", "《民法典》第二百零一条至第二百零三条"),
    ("上海实践", "上海市换届改选实践做法"),
])
def test_a_reference_reads_as_the_full_chinese_citation(reference: str, zh: str) -> None:
    assert citation(reference).zh == zh
    assert cite(reference, "zh-hans") == zh


def test_the_english_locale_reads_the_law_by_its_english_name() -> None:
    assert cite("SH art. 28", "en") == "Shanghai Residential Property Management Provisions, art. 28"
    assert cite("SH art. 16, art. 29", "en") == "Shanghai Residential Property Management Provisions, arts. 16, 29"
    assert cite("Civil Code art. 278 ¶2", "en") == "Civil Code, art. 278(2)"


def test_a_step_the_law_sets_no_date_for_has_no_citation() -> None:
    assert citation("") == citation("  ")
    assert cite("", "zh-hans") == ""


@pytest.mark.parametrize("reference", ["SH art 28", "XY art. 3", "SH art. ", "Civil Code section 278", "SH"])
def test_a_reference_it_cannot_read_is_refused_not_shown_half_translated(reference: str) -> None:
    with pytest.raises(UnknownReference):
        citation(reference)


@pytest.mark.parametrize(("n", "text"), [
    (1, "一"), (9, "九"), (10, "十"), (14, "十四"), (20, "二十"), (100, "一百"), (101, "一百零一"),
    (110, "一百一十"), (201, "二百零一"), (278, "二百七十八"), (1001, "一千零一"), (1010, "一千零一十"),
    (1259, "一千二百五十九"),
])
def test_article_numbers_are_written_in_chinese_numerals(n: int, text: str) -> None:
    assert chinese_number(n) == text


_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _read_back(text: str) -> int:
    """Reads a Chinese numeral back, independently of how chinese_number builds it."""
    total, digit = 0, 0
    for char in text:
        if char in _DIGIT:
            digit = _DIGIT[char]
        else:
            total += (digit or 1) * {"十": 10, "百": 100, "千": 1000}[char]
            digit = 0
    return total + digit


@given(st.integers(min_value=1, max_value=9999))
def test_every_article_number_reads_back_to_itself(n: int) -> None:
    assert _read_back(chinese_number(n)) == n


def test_every_deadline_and_handover_basis_the_code_uses_has_a_citation() -> None:
    from datetime import date
    references = {d.basis for d in deadlines(date(2027, 6, 30), date(2027, 6, 1))} | {a[2] for a in ANCHORS.values()}
    for reference in references:
        assert "art." not in citation(reference).zh
        assert citation(reference).en or not reference
