"""Hypothesis fuzzing of every importer: it imports the file, or names row, column and reason and writes nothing.

The importers (IMPORTERS below; a test fails when src/ grows a new one) are the roster import
(CSV or XLSX, tally.md or a property company's sheet) through the parser, the services, the web
upload and `huanjie import_roster`, and the arrears list of a recruitment (candidates). Each
example runs in a savepoint that is rolled back, so the next starts from the same database.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from huanjie.audit.models import AuditRecord
from huanjie.candidates.errors import ArrearsImportRejected
from huanjie.candidates.models import ArrearsEntry
from huanjie.candidates.services import nominations, recruitment
from huanjie.reelection.models import Reelection
from huanjie.roster import services
from huanjie.roster.errors import RosterFileInvalid
from huanjie.roster.importing import ParsedRoster, load_stored, parse_roster
from huanjie.roster.importing.fields import MAX_AREA
from huanjie.roster.models import Building, ImportStatus, Owner, Ownership, RosterImport, Unit
from tests.trust.fuzz_strategies import (
    TEXT,
    RosterCase,
    Tally,
    fuzz_report,  # noqa: F401  (prints the examples run)
    fuzz_settings,
    roster_cases,
    snapshot,
)

SRC = Path(__file__).resolve().parents[2] / "src" / "huanjie"
ROSTER_TABLES = (Building, Unit, Owner, Ownership)
LIMIT = 10 * 1024 * 1024

# Every module of src/ that reads rows from an uploaded or given file, and the test(s) fuzzing it.
IMPORTERS = {
    "roster/importing/readers.py": "test_a_roster_file_is_parsed_or_every_problem_is_named",
    "roster/views_io.py": "test_a_roster_upload_answers_200_or_a_redirect_and_writes_only_the_staged_import",
    "roster/management/commands/import_roster.py": "test_import_roster_applies_a_good_file_and_exits_2_on_a_bad_one",
    "candidates/services/nominations.py": "test_an_arrears_list_is_imported_whole_or_not_at_all",
    "candidates/views.py": "test_an_arrears_upload_never_fails_with_a_server_error",
    # `huanjie tally` reads roster and ballot files given on the command line, not uploads: fuzzed in
    # tests/countfiles (owned there); the backup archive is read by `huanjie restore` (tests/trust/test_backup.py).
    "countfiles/tables.py": None,
    "countfiles/ballots.py": None,
    "countfiles/arrowcsv.py": None,
    "ops/backup.py": None,
    # Re-reads the roster CSV the app itself froze into an assembly (pseudonymising it), not an upload.
    "personaldata/purge.py": None,
}
READS_ROWS = re.compile(r"csv\.reader|csv\.DictReader|load_workbook\(|\.iter_rows\(")


def test_every_module_reading_rows_is_in_the_importer_list():
    readers = {str(path.relative_to(SRC)) for path in SRC.rglob("*.py") if READS_ROWS.search(path.read_text())}
    callers = {"roster/views_io.py", "roster/management/commands/import_roster.py", "candidates/views.py"}
    assert readers - set(IMPORTERS) == set(), "a new importer: add it to IMPORTERS and fuzz it"
    assert set(IMPORTERS) - callers - readers - {"ops/backup.py"} == set(), "an importer no longer reads rows"
    named = {test for test in IMPORTERS.values() if test}
    assert named <= set(globals()), named - set(globals())


def roster_state():  # type: ignore[no-untyped-def]
    return snapshot(*ROSTER_TABLES)


def check_problems(error: RosterFileInvalid, name: str) -> None:
    assert error.problems, "refused without a reason"
    for problem in error.problems:
        assert problem.file == name
        assert problem.zh and problem.en
        assert problem.row is None or problem.row >= 1
        assert problem.column is None or isinstance(problem.column, str)
        assert str(problem).startswith(name)
    assert str(error).startswith("名册文件有")


def check_parsed(parsed: ParsedRoster) -> None:
    """What the parser lets through fits the law (JI art. 8) and the database columns."""
    codes = [u.code for u in parsed.units]
    assert len(codes) == len(set(codes)) and parsed.units
    for unit in parsed.units:
        assert 0 < len(unit.code) <= 50 and len(unit.building) <= 50
        assert Decimal("0.01") <= unit.area <= MAX_AREA and unit.area == unit.area.quantize(Decimal("0.01"))
        assert unit.floor is None or -9999 <= unit.floor <= 9999
        for owner in unit.owners:
            assert 0 < len(owner.identifier) <= 120 and len(owner.name) <= 60 and len(owner.phone) <= 20


def parse_case(case: RosterCase) -> tuple[bytes, ParsedRoster | None]:
    data = case.render()
    try:
        parsed = parse_roster(case.file_name(), io.BytesIO(data), max_bytes=LIMIT)
    except RosterFileInvalid as error:
        check_problems(error, case.file_name())
        return data, None
    check_parsed(parsed)
    return data, parsed


@given(case=roster_cases())
@fuzz_settings(2500)
@example(case=RosterCase("tally", "csv", ["unit", "area", "owners"], [["1-101", "NaN", "甲"]], []))
@example(case=RosterCase("tally", "xlsx", ["unit", "area", "owners"], [["1-101", "88.5", "甲"]], [], truncate=0.5))
@example(case=RosterCase("tally", "csv", ["unit", "area", "owners"], [["1-101", "9" * 40, "甲"]], []))
def test_a_roster_file_is_parsed_or_every_problem_is_named(case: RosterCase) -> None:
    tally = Tally("roster: parse (CSV/XLSX)")
    tally()
    parse_case(case)
    tally.done()


@pytest.mark.django_db
@given(case=roster_cases())
@fuzz_settings(150)
@example(case=RosterCase("tally", "csv", ["unit", "area", "owners"], [["1-1\x0001", "88.5", "甲\x00"]], []))
@example(case=RosterCase("property", "csv", ["房号", "面积", "业主姓名"], [["1-101", "88.5", "\x00张三"]], []))
def test_a_parsed_roster_is_applied_exactly_and_a_refused_one_writes_nothing(wuyuehua, elsewhere, alice, case):  # type: ignore[no-untyped-def]
    tally = Tally("roster: stage + apply")
    tally()
    with transaction.atomic():
        before, others = roster_state(), snapshot(AuditRecord, RosterImport)
        elsewhere_before = load_stored(elsewhere).fingerprint
        _data, parsed = parse_case(case)
        if parsed is None:
            assert (roster_state(), snapshot(AuditRecord, RosterImport)) == (before, others)
        else:
            staged = services.stage_roster_import(community=wuyuehua, parsed=parsed, actor=alice)
            assert roster_state() == before, "staging an import changed the roster"
            services.apply_roster_import(roster_import=staged, actor=alice)
            stored = load_stored(wuyuehua)
            expected = services.compare(wuyuehua, parsed)[1]
            assert {code: (u.area, u.status, u.owners) for code, u in stored.units.items()} == {
                u.code: (u.area, u.status, tuple(sorted({o.identifier for o in u.owners}))) for u in expected.units}
            assert load_stored(elsewhere).fingerprint == elsewhere_before
        transaction.set_rollback(True)
    tally.done()


@pytest.mark.django_db
@given(case=roster_cases(), confirm=st.booleans())
@fuzz_settings(100)
def test_a_roster_upload_answers_200_or_a_redirect_and_writes_only_the_staged_import(wuyuehua, alice, case, confirm):  # type: ignore[no-untyped-def]
    tally = Tally("roster: web upload + confirm")
    tally()
    client = Client()
    client.force_login(alice)
    url = reverse("roster:import", kwargs={"slug": wuyuehua.slug})
    with transaction.atomic():
        before = roster_state()
        staged_before = RosterImport.objects.count()
        data = case.render()
        response = client.post(url, {"file": SimpleUploadedFile(case.file_name(), data)})
        assert response.status_code in (200, 302), response.status_code
        assert roster_state() == before
        if response.status_code == 200:
            assert RosterImport.objects.count() == staged_before
        else:
            staged = RosterImport.objects.get(community=wuyuehua, status=ImportStatus.PENDING)
            assert client.get(response["Location"]).status_code == 200
            if confirm:
                done = client.post(reverse("roster:import_confirm", kwargs={"slug": wuyuehua.slug, "pk": staged.pk}))
                assert done.status_code == 302
                staged.refresh_from_db()
                assert staged.status == ImportStatus.APPLIED
        transaction.set_rollback(True)
    tally.done()


@pytest.mark.django_db
@given(case=roster_cases(kind="csv", max_mutations=2))
@fuzz_settings(50)
def test_import_roster_applies_a_good_file_and_exits_2_on_a_bad_one(wuyuehua, tmp_path, case):  # type: ignore[no-untyped-def]
    tally = Tally("roster: huanjie import_roster --yes")
    tally()
    path = tmp_path / case.file_name()
    path.write_bytes(case.render())
    out, err = io.StringIO(), io.StringIO()
    with transaction.atomic():
        before, audit = roster_state(), AuditRecord.objects.count()
        try:
            call_command("import_roster", wuyuehua.slug, str(path), "--yes", stdout=out, stderr=err)
        except SystemExit as exit_:
            assert exit_.code == 2
            assert "未写入任何内容" in err.getvalue()
            assert (roster_state(), AuditRecord.objects.count()) == (before, audit)
        else:
            assert "已导入" in out.getvalue() or "没有变化" in out.getvalue()
        transaction.set_rollback(True)
    tally.done()


# ---- what the fuzzing found, kept as plain tests --------------------------------------------------


@pytest.mark.parametrize("area", ["9" * 29, "9" * 40 + ".50", "1" + "0" * 400])
def test_an_area_beyond_decimal_precision_is_too_large_not_a_crash(area):  # type: ignore[no-untyped-def]
    """fields.area quantized before comparing: 29 digits raised decimal.InvalidOperation (a 500)."""
    with pytest.raises(RosterFileInvalid) as caught:
        parse_roster("名册.csv", io.BytesIO(f"unit,area,owners\n1-101,{area},甲\n".encode()), max_bytes=LIMIT)
    assert [(p.row, p.column, p.en) for p in caught.value.problems] == [(2, "area", f"area {area!r} is too large")]


@pytest.mark.parametrize("cell", ["1-1\x0001", "1-101\x1b"])
def test_a_control_character_in_a_cell_is_named_not_stored(cell):  # type: ignore[no-untyped-def]
    """A NUL went through to RosterImport.rows: PostgreSQL refuses \\u0000 in JSON (DataError, a 500)."""
    with pytest.raises(RosterFileInvalid) as caught:
        parse_roster("名册.csv", io.BytesIO(f"unit,area,owners\n{cell},88.50,甲\n".encode()), max_bytes=LIMIT)
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "unit")]
    assert "控制字符" in caught.value.problems[0].zh


# ---- arrears (欠费名单) -------------------------------------------------------------------------------

AMOUNTS = st.one_of(
    st.decimals(min_value="0.01", max_value="99999.99", places=2).map(str),
    st.sampled_from(["0", "-5", "12.345", "NaN", "sNaN", "-NaN", "Infinity", "-inf", "1e999999", "1E+30",
                     "9999999999.99", "10000000000.00", "99999999999999999999", "1e-10", "0.001", "１２", "", " ",
                     "12,00", "1_000", "0x1f", "=1+1"]),
    TEXT,
)


@st.composite
def arrears_texts(draw: st.DrawFn) -> str:
    header = draw(st.sampled_from(["房号,欠费金额,说明", "\ufeff房号,欠费金额,说明", "房号,欠费金额", "unit,amount",
                                   "房号", "", "房号,欠费金额,说明,多余"]))
    lines = [header]
    for _ in range(draw(st.integers(0, 6))):
        code = draw(st.sampled_from(["1-101", "1-102", "1-201", "9-999", ""]) | TEXT)
        cells = [code, draw(AMOUNTS), draw(TEXT)][: draw(st.integers(0, 4))]
        lines.append(",".join(f'"{c}"' if draw(st.booleans()) else c for c in cells))
    return draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)


@pytest.fixture
def round_(wuyuehua, alice):  # type: ignore[no-untyped-def]
    from datetime import date

    reelection = Reelection.objects.create(community=wuyuehua, term_number=2, term_end=date(2027, 3, 29))
    return recruitment.start_recruitment(reelection=reelection, actor=alice)


@pytest.mark.parametrize(("amount", "reason"), [
    ("NaN", "不是大于零"), ("sNaN", "不是大于零"), ("-Infinity", "不是大于零"), ("1E+30", "超过金额上限"),
    ("99999999999999999999", "超过金额上限"), ("10000000000.00", "超过金额上限")])
def test_an_arrears_amount_that_is_no_number_or_too_large_is_a_problem_not_a_crash(round_, alice, amount, reason):  # type: ignore[no-untyped-def]
    """_parse_arrears compared NaN (InvalidOperation, a 500) and let 20 digits into a 12-digit column."""
    with pytest.raises(ArrearsImportRejected) as caught:
        nominations.import_arrears(recruitment=round_, text=f"房号,欠费金额,说明\n1-101,{amount},x\n", actor=alice)
    assert "第 2 行“欠费金额”列" in str(caught.value) and reason in str(caught.value)
    assert not ArrearsEntry.objects.exists()


def test_an_arrears_list_with_old_mac_line_ends_or_a_huge_cell_is_read_not_a_crash(round_, alice):  # type: ignore[no-untyped-def]
    """csv.reader raised csv.Error on \r line ends and on a cell past its field limit (a 500)."""
    assert nominations.import_arrears(recruitment=round_, text="房号,欠费金额,说明\r1-101,12.50,x\r", actor=alice) == 1
    with pytest.raises(ArrearsImportRejected, match="过长"):
        nominations.import_arrears(recruitment=round_, text='房号,欠费金额\n"' + "x" * 200_000, actor=alice)
    assert ArrearsEntry.objects.get().amount == Decimal("12.50")


def test_a_nul_in_an_arrears_list_is_named_not_stored(round_, alice):  # type: ignore[no-untyped-def]
    """A NUL in a note reached ArrearsEntry.note: PostgreSQL refuses it (DataError, a 500)."""
    with pytest.raises(ArrearsImportRejected) as caught:
        nominations.import_arrears(recruitment=round_, text="房号,欠费金额,说明\r\n1-101,12.00,物业\x00费", actor=alice)
    assert "第 2 行“说明”列" in str(caught.value) and "控制字符" in str(caught.value)
    assert not ArrearsEntry.objects.exists()


@pytest.mark.django_db
@given(text=arrears_texts())
@fuzz_settings(600)
@example(text="房号,欠费金额,说明\n1-101,NaN,x")
@example(text="房号,欠费金额,说明\n1-101,12.00,物业\x00费")
@example(text="房号,欠费金额,说明\n1-101,1e999999,x")
@example(text="房号,欠费金额,说明\n1-101,99999999999999999999,x")
def test_an_arrears_list_is_imported_whole_or_not_at_all(round_, alice, text):  # type: ignore[no-untyped-def]
    tally = Tally("arrears: service")
    tally()
    with transaction.atomic():
        before = snapshot(ArrearsEntry, AuditRecord)
        try:
            with transaction.atomic():
                count = nominations.import_arrears(recruitment=round_, text=text, actor=alice)
        except ArrearsImportRejected as error:
            assert "未导入" in str(error)
            assert snapshot(ArrearsEntry, AuditRecord) == before
        else:
            assert ArrearsEntry.objects.filter(recruitment=round_).count() == count
            for entry in ArrearsEntry.objects.filter(recruitment=round_):
                assert Decimal("0.01") <= entry.amount < Decimal("1e10")
        transaction.set_rollback(True)
    tally.done()


@pytest.mark.django_db
@given(text=arrears_texts(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk", "utf-16", "latin-1"]),
       noise=st.binary(max_size=8))
@fuzz_settings(100)
def test_an_arrears_upload_never_fails_with_a_server_error(round_, alice, text, encoding, noise):  # type: ignore[no-untyped-def]
    tally = Tally("arrears: web upload")
    tally()
    client = Client()
    client.force_login(alice)
    data = text.encode(encoding, errors="replace") + noise
    with transaction.atomic():
        before = snapshot(ArrearsEntry)
        response = client.post(reverse("candidates:arrears", kwargs={"slug": round_.community.slug}),
                               {"file": SimpleUploadedFile("欠费.csv", data)})
        assert response.status_code == 302
        shown = [str(m) for m in response.wsgi_request._messages]
        if any("未导入" in m or "UTF-8" in m for m in shown):
            assert snapshot(ArrearsEntry) == before
        transaction.set_rollback(True)
    tally.done()
