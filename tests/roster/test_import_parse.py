"""Reading and checking roster files: formats, encodings, headers, and every kind of bad row."""

from __future__ import annotations

import io
import logging
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from huanjie.roster.errors import RosterFileInvalid
from huanjie.roster.importing import FileTooLarge, parse_roster
from huanjie.roster.importing.readers import read_limited
from tests.roster.conftest import csv_bytes, parse, problems_of

CHINESE_HEADER = "房号,楼栋,专有部分面积（㎡）,业主姓名,联系电话,状态,面积来源,楼层"


def xlsx_bytes(rows: list[list[object]], *, title_row: str | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    if title_row:
        sheet.append([title_row])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def where(problems):  # type: ignore[no-untyped-def]
    return [(p.row, p.column) for p in problems]


def test_it_reads_a_tally_roster_with_co_owners_and_developer_units():
    roster = parse(csv_bytes("3-1202,3号楼,89.5,x;y,", "3-1203,3号楼,100.00,,unsold", "3-1204,,70.1,z,undelivered"))
    first, unsold, undelivered = roster.units
    assert roster.layout == "tally"
    assert first.area == Decimal("89.50") and [o.identifier for o in first.owners] == ["x", "y"]
    assert first.status == "delivered"
    assert unsold.status == "unsold" and unsold.owners == ()
    assert undelivered.status == "undelivered"
    assert roster.carried == frozenset({"building", "owners"})


def test_it_reads_a_gbk_file_as_excel_on_chinese_windows_writes_it():
    data = csv_bytes("1-101,1号楼,88.50,张三,已交付", header="房号,楼号,建筑面积,业主姓名,状态", encoding="gbk")
    unit = parse(data).units[0]
    assert (unit.building, unit.owners[0].name) == ("1号楼", "张三")


def test_it_reads_a_utf8_file_with_a_bom():
    roster = parse(b"\xef\xbb\xbf" + csv_bytes("1-101,1号楼,88.50,张三,"))
    assert roster.units[0].code == "1-101"


def test_it_reads_a_property_company_sheet_by_its_chinese_headers():
    data = csv_bytes("1-101,1号楼,88.50,张三、李四,13812341234、13900001111,已交付,实测,1",
                     "1-102,1号楼,90.00,张三,13812341234,已交付,登记簿,1",
                     "1-103,1号楼,75.00,,,未出售,合同,",
                     header=CHINESE_HEADER)
    roster = parse(data)
    first, second, unsold = roster.units
    assert roster.layout == "property"
    assert [(o.identifier, o.name, o.phone) for o in first.owners] == [
        ("张三-1234", "张三", "13812341234"), ("李四-1111", "李四", "13900001111")]
    # The same name and phone tail on another row is the same buyer (one head, JI art. 9).
    assert second.owners[0].identifier == "张三-1234"
    assert (first.area_source, first.floor, unsold.status, unsold.area_source) == ("survey", 1, "unsold", "contract")


def test_it_finds_the_header_under_a_title_row_in_a_workbook():
    data = xlsx_bytes([["房号", "楼栋", "专有部分面积", "业主姓名", "联系电话"],
                       ["1-101", "1号楼", 88.5, "王五", 13812345678],
                       [1202, "1号楼", 120, "赵六；钱七", None]], title_row="五月花生活广场业主名册")
    roster = parse(data, "名册.xlsx")
    assert [u.code for u in roster.units] == ["1-101", "1202"]
    assert roster.units[0].area == Decimal("88.50") and roster.units[0].owners[0].identifier == "王五-5678"
    assert [o.identifier for o in roster.units[1].owners] == ["赵六", "钱七"]


def test_it_prefers_the_exclusive_area_to_the_building_area():
    data = csv_bytes("1-101,120.00,88.50,张三", header="房号,建筑面积,专有部分面积,业主姓名")
    assert parse(data).units[0].area == Decimal("88.50")


def test_it_names_every_bad_row_column_and_reason_in_chinese(caplog):
    data = csv_bytes("1-101,1号楼,88.50,a,", "1-101,1号楼,90,b,", "1-102,1号楼,abc,c,", "1-103,1号楼,0,d,",
                     "1-104,1号楼,-5,e,", "1-105,1号楼,88.555,f,", "1-106,1号楼,80,g,sold", "1-107,1号楼,80,,",
                     ",1号楼,,h;i,", "1-108,1号楼,80,,unsold")
    with caplog.at_level(logging.INFO, logger="huanjie.roster"):
        problems = problems_of(data)
    assert where(problems) == [(3, "unit"), (4, "area"), (5, "area"), (6, "area"), (7, "area"), (8, "status"),
                               (9, "owners"), (10, "unit")]
    reasons = [p.zh for p in problems]
    assert "房号“1-101”重复（第2行已有）" in reasons
    assert "面积“abc”不是数字" in reasons
    assert "面积“0”必须大于零" in reasons and "面积“-5”必须大于零" in reasons
    assert "面积“88.555”超过两位小数" in reasons
    assert any(r.startswith("无法识别的状态“sold”") for r in reasons)
    assert "已交付的房屋没有业主" in reasons
    assert "这一行有业主信息，但没有房号" in reasons
    assert "unit 1-101 repeated, first on row 2" in caplog.text
    assert "refused: 8 problem(s)" in caplog.text


def test_it_reads_trailing_zeros_beyond_two_decimals_like_huanjie_tally():
    assert parse(csv_bytes("1-101,,88.500,a,")).units[0].area == Decimal("88.50")


def test_it_refuses_a_file_mixing_utf8_and_gbk_lines():
    data = csv_bytes("1-101,1号楼,88.50,张三,") + "1-102,1号楼,90.00,李四,\n".encode("gbk")
    [problem] = problems_of(data)
    assert problem.row is None and problem.zh.startswith("文件编码混杂：第2行是 UTF-8 编码，第3行不是")


def test_it_refuses_a_bom_followed_by_gbk_text():
    [problem] = problems_of(b"\xef\xbb\xbf" + csv_bytes("1-101,1号楼,88.50,张三,", encoding="gbk"))
    assert problem.zh.startswith("文件编码混杂")


def test_it_refuses_an_empty_file():
    assert [p.zh for p in problems_of(b"")] == ["文件是空的"]
    assert [p.zh for p in problems_of(b"\n\n  \n")] == ["文件是空的"]


def test_it_refuses_a_file_with_only_its_header():
    [problem] = problems_of(csv_bytes())
    assert (problem.row, problem.zh) == (1, "只有表头，没有任何房屋")


def test_it_refuses_a_file_without_a_recognisable_header():
    [problem] = problems_of(b"a,b,c\n1,2,3\n")
    assert problem.zh.startswith("找不到表头")


def test_it_refuses_a_header_without_an_area_column():
    assert [p.zh for p in problems_of(b"unit,owners\n1-101,a\n")] == ["缺少面积列（area、专有部分面积或建筑面积）"]


def test_it_refuses_a_column_given_twice():
    problems = problems_of(b"unit,area,owners,area\n1-101,1,a,2\n")
    assert problems[0].zh.startswith("表头“area”出现了两次")


def test_it_refuses_more_phones_than_names_and_an_owner_with_two_phones():
    problems = problems_of(csv_bytes("1-101,1号楼,88.50,张三,13812341234、13900001111,,,",
                                     "1-102,1号楼,88.50,张三,13812341234,,,", "1-103,1号楼,88.50,张三,13999991234,,,",
                                     header=CHINESE_HEADER))
    assert [p.row for p in problems] == [2, 4]
    assert problems[0].zh == "联系电话有2个，业主姓名只有1个"
    assert problems[1].zh == "业主“张三-1234”的姓名或电话与第3行不一致"


def test_it_reads_a_formula_looking_cell_as_plain_text():
    roster = parse(csv_bytes('=cmd|\' /C calc\'!A0,1号楼,88.50,"@SUM(1+1)",'))
    assert roster.units[0].code == "=cmd|' /C calc'!A0"
    assert roster.units[0].owners[0].identifier == "@SUM(1+1)"


def test_it_takes_away_the_quote_its_own_export_put_before_a_formula():
    assert parse(csv_bytes("'=1+1,,88.50,'-x,")).units[0].code == "=1+1"


def test_it_refuses_a_file_over_the_limit_after_reading_one_byte_more():
    class Counting(io.BytesIO):
        read_bytes = 0

        def read(self, size: int | None = -1) -> bytes:
            chunk = super().read(size)
            Counting.read_bytes += len(chunk)
            return chunk

    stream = Counting(b"x" * (5 * 1024 * 1024))
    with pytest.raises(FileTooLarge):
        read_limited(stream, 1024 * 1024)
    assert Counting.read_bytes == 1024 * 1024 + 1


def test_it_refuses_an_old_excel_file():
    assert problems_of(b"\xd0\xcf\x11\xe0rest", "名册.xls")[0].zh.startswith("这是旧版 Excel")


def test_it_refuses_a_damaged_workbook():
    assert problems_of(b"PK\x03\x04 not really a zip", "名册.xlsx")[0].zh.startswith("无法打开这个 Excel 文件")


def test_it_keeps_parsed_rosters_exactly_through_json():
    from huanjie.roster.importing import ParsedRoster

    roster = parse(csv_bytes("1-101,1号楼,88.50,张三、李四,13812341234、,已交付,实测,-1", header=CHINESE_HEADER))
    assert ParsedRoster.from_json(roster.to_json()) == roster


ROW = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(["1-101", "88.50", "0", "-1", "a;b", "unsold", ""])),
               max_size=7)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_give_a_roster_or_a_list_of_problems(data):
    _roster_or_problems(data)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ROW, max_size=8), st.sampled_from(["utf-8", "gb18030", "utf-8-sig"]),
       st.sampled_from(["unit,building,area,owners,status", CHINESE_HEADER, "unit,area"]))
def test_random_rows_give_a_roster_or_a_list_of_problems(rows, encoding, header):
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header.split(","))
    writer.writerows(rows)
    _roster_or_problems(out.getvalue().encode(encoding, errors="replace"))


def _roster_or_problems(data: bytes) -> None:
    try:
        roster = parse_roster("fuzz.csv", io.BytesIO(data), max_bytes=10_000)
    except RosterFileInvalid as error:
        assert error.problems and all(p.zh and p.en for p in error.problems)
    else:
        assert roster.units
        codes = [u.code for u in roster.units]
        assert len(codes) == len(set(codes)) and all(codes)
        for unit in roster.units:
            assert unit.area > 0 and unit.area == unit.area.quantize(Decimal("0.01"))
            assert unit.owners or unit.status != "delivered"


def test_it_refuses_a_workbook_that_would_inflate_a_thousandfold_before_opening_it():
    from tests.test_uploads import bomb

    problems = problems_of(bomb(megabytes=30), "名册.xlsx")
    assert len(problems) == 1 and "解压后" in problems[0].zh
