"""Hypothesis strategies shared by the fuzz tests: roster files with mutations, and awkward form values.

A roster file is drawn as valid-looking rows (unit, building, floor, area, status, owners,
phones) and then mutated the ways real files go wrong: wrong encodings, huge and negative
areas, extra and missing columns, formulas, BOMs, empty rows, repeated units, random bytes,
truncated or damaged XLSX zips. `snapshot()` is the checksum the tests compare before and after.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# The suite's budget: 10,000 examples in about two minutes on SQLite (HUANJIE_FUZZ_SCALE multiplies it).
SCALE = float(os.environ.get("HUANJIE_FUZZ_SCALE", "1"))
# The same examples on every run, so that CI is reproducible; HUANJIE_FUZZ_RANDOM=1 explores new ones.
RANDOM = os.environ.get("HUANJIE_FUZZ_RANDOM") == "1"
# Examples run per test, summed over the session and printed at its end (tests/trust/conftest.py).
EXAMPLES: Counter[str] = Counter()
SECONDS: Counter[str] = Counter()


def fuzz_settings(examples: int) -> settings:
    """One example per database savepoint; no deadline (SQLite on a shared machine is uneven)."""
    return settings(max_examples=max(1, int(examples * SCALE)), deadline=None, derandomize=not RANDOM,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large, HealthCheck.filter_too_much])


@dataclass
class Tally:
    """Counts the examples of one test under `name` and the time they took."""

    name: str
    started: float = field(default_factory=time.monotonic)

    def __call__(self) -> None:
        EXAMPLES[self.name] += 1

    def done(self) -> None:
        SECONDS[self.name] += time.monotonic() - self.started


# ---- text ------------------------------------------------------------------------------------------

CONTROL = st.characters(min_codepoint=0, max_codepoint=31) | st.sampled_from(["\x7f", "\u200b", "\ufeff", "\u2028"])
AWKWARD = st.sampled_from([
    "", " ", "0", "-1", "1e999", "NaN", "Infinity", "-0", "None", "null", "'", '"', "\\", "%s", "%(x)s", "{}",
    "<script>alert(1)</script>", "=cmd|' /C calc'!A0", "+1", "@SUM(A1)", "１２３", "١٢٣", "𠀀", "\U0010ffff",
    "DROP TABLE roster_unit;", "../../etc/passwd", "ａｂｃ", "—", "　",
])
SHORT_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
TEXT = st.one_of(SHORT_TEXT, AWKWARD, st.text(CONTROL, min_size=1, max_size=5),
                 st.builds(lambda c, n: c * n, st.sampled_from(["a", "中", "9", "\x00"]),
                           st.sampled_from([61, 121, 201, 256, 1001, 5001, 20001])))


# ---- roster files ----------------------------------------------------------------------------------

TALLY_COLUMNS = ["unit", "building", "area", "owners", "status"]
PROPERTY_COLUMNS = ["房号", "楼号", "所在楼层", "专有部分面积（㎡）", "建筑面积", "面积来源", "业主姓名", "联系电话",
                    "状态"]
SURNAMES = "张王李赵刘陈杨黄周吴"
STATUSES = ["", "delivered", "已交付", "unsold", "未出售", "undelivered", "已售未交付", "已入住", "sold", "出租"]
SOURCES = ["", "登记簿", "实测", "合同", "register", "survey", "估算"]
GOOD_AREA = st.decimals(min_value="0.01", max_value="999.99", places=2).map(str)
BAD_AREA = st.sampled_from([
    "0", "-1", "-88.50", "88.505", "1e3", "1E-2", "NaN", "sNaN", "inf", "-Infinity", "99999999.99", "100000000",
    "123456789012345678901234567890", "88,50", "８８.５", "88.5㎡", " 88.50 ", "88.500000", ".5", "5.", "0.00",
    "0x10", "1_000", "=A1*2", "'=1+1",
]) | st.integers(min_value=-(10**30), max_value=10**30).map(str)


@st.composite
def unit_rows(draw: st.DrawFn, min_size: int = 1, max_size: int = 12) -> list[dict[str, str]]:
    """Rows that would import, before mutation; owners shared between units now and then."""
    count = draw(st.integers(min_size, max_size))
    people = [f"{draw(st.sampled_from(SURNAMES))}{draw(st.sampled_from('一二三四五六'))}" for _ in range(4)]
    rows = []
    for n in range(count):
        building = draw(st.integers(1, 3))
        floor = draw(st.integers(1, 30))
        owners = draw(st.lists(st.sampled_from(people), min_size=1, max_size=2, unique=True))
        rows.append({
            "unit": f"{building}-{floor}{n:02d}", "building": f"{building}号楼", "floor": str(floor),
            "area": draw(GOOD_AREA), "status": draw(st.sampled_from(STATUSES[:3])),
            "source": draw(st.sampled_from(SOURCES[:4])), "owners": owners,
            "phones": [f"1380000{people.index(o):04d}" for o in owners],
        })
    return rows


MUTATIONS = ("encoding", "bad_area", "huge_area", "extra_column", "missing_column", "formula", "bom", "empty_rows",
             "duplicate_unit", "random_bytes", "bad_status", "long_cell", "control_chars", "title_row",
             "swap_columns", "tabs", "quote", "drop_cells", "header_twice", "nul")


@dataclass
class RosterCase:
    layout: str  # "tally" or "property"
    kind: str  # "csv" or "xlsx"
    header: list[str]
    rows: list[list[Any]]
    mutations: list[str]
    encoding: str = "utf-8"
    raw_edits: list[tuple[int, bytes]] = field(default_factory=list)  # (position, bytes) spliced in
    truncate: float | None = None  # keep this fraction of the bytes

    def file_name(self) -> str:
        return f"名册.{self.kind}"

    def render(self) -> bytes:
        data = self._xlsx() if self.kind == "xlsx" else self._csv()
        for position, chunk in self.raw_edits:
            at = position % (len(data) + 1)
            data = data[:at] + chunk + data[at + len(chunk):]
        if self.truncate is not None:
            data = data[: int(len(data) * self.truncate)]
        return data

    def _csv(self) -> bytes:
        out = io.StringIO()
        delimiter = "\t" if "tabs" in self.mutations else ","
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(self.header)
        for row in self.rows:
            writer.writerow(["" if cell is None else str(cell) for cell in row])
        text = out.getvalue()
        if "quote" in self.mutations:
            text = text.replace('"', "", 1) if '"' in text else text + '"unclosed,'
        data = text.encode(self.encoding, errors="replace")
        if "bom" in self.mutations and self.encoding == "utf-8":
            data = b"\xef\xbb\xbf" + data
        return data

    def _xlsx(self) -> bytes:
        from openpyxl import Workbook
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        book = Workbook(write_only=True)
        sheet = book.create_sheet("名册")
        for row in [self.header, *self.rows]:
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell for cell in row])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


def _layout_cells(layout: str, row: dict[str, Any]) -> list[Any]:
    if layout == "tally":
        return [row["unit"], row["building"], row["area"], ";".join(row["owners"]), row["status"]]
    return [row["unit"], row["building"], row["floor"], row["area"], "", row["source"], "、".join(row["owners"]),
            "、".join(row["phones"]), row["status"]]


@st.composite
def roster_cases(draw: st.DrawFn, kind: str | None = None, max_mutations: int = 3) -> RosterCase:
    layout = draw(st.sampled_from(["tally", "property"]))
    kind = kind or draw(st.sampled_from(["csv"] * 4 + ["xlsx"]))
    header = list(TALLY_COLUMNS if layout == "tally" else PROPERTY_COLUMNS)
    rows = [_layout_cells(layout, r) for r in draw(unit_rows())]
    mutations = draw(st.lists(st.sampled_from(MUTATIONS), max_size=max_mutations, unique=True))
    case = RosterCase(layout, kind, header, rows, mutations)
    area_at = header.index("area" if layout == "tally" else "专有部分面积（㎡）")

    def some_row() -> list[Any]:
        return rows[draw(st.integers(0, len(rows) - 1))] if rows else []

    for mutation in mutations:
        row = some_row()
        if mutation == "encoding":
            case.encoding = draw(st.sampled_from(["gbk", "gb18030", "utf-16", "utf-16-le", "latin-1", "big5",
                                                  "shift_jis", "utf-32"]))
        elif mutation == "bad_area" and area_at < len(row):
            row[area_at] = draw(BAD_AREA)
        elif mutation == "huge_area" and area_at < len(row):
            row[area_at] = draw(st.sampled_from(["99999999.99", "100000000.00", "9" * 40, "1" + "0" * 400]))
            if kind == "xlsx" and draw(st.booleans()):
                row[area_at] = draw(st.sampled_from([1e308, -1e308, 88.505, -0.0, 2**70, float("nan")]))
        elif mutation == "extra_column":
            case.header = [*case.header, draw(st.sampled_from(["备注", "", "unit", "面积", "x" * 300]))]
            for r in rows:
                r.append(draw(TEXT))
        elif mutation == "missing_column" and case.header:
            drop = draw(st.integers(0, len(case.header) - 1))
            case.header = [h for i, h in enumerate(case.header) if i != drop]
            for r in rows:
                del r[drop:drop + 1]
        elif mutation == "formula" and row:
            at = draw(st.integers(0, len(row) - 1)) if row else 0
            row[at] = draw(st.sampled_from(["=1+1", "=SUM(C2:C9)", "+86", "-3", "@A1", "'=HYPERLINK(\"x\")",
                                            "=cmd|' /C calc'!A0", "\t=1"]))
        elif mutation == "empty_rows":
            for _ in range(draw(st.integers(1, 4))):
                rows.insert(draw(st.integers(0, len(rows))), [""] * draw(st.integers(0, len(case.header) + 2)))
        elif mutation == "duplicate_unit" and row:
            rows.append(list(row))
        elif mutation == "random_bytes":
            case.raw_edits.append((draw(st.integers(0, 10**6)), draw(st.binary(min_size=1, max_size=16))))
            if kind == "xlsx" and draw(st.booleans()):
                case.truncate = draw(st.floats(0.0, 0.999))
        elif mutation == "bad_status" and row:
            row[-1] = draw(st.sampled_from(STATUSES[3:]) | TEXT)  # the status is the last column
        elif mutation == "long_cell" and row:
            row[draw(st.integers(0, len(row) - 1))] = draw(st.sampled_from(["房" * 51, "x" * 121, "9" * 5000]))
        elif mutation == "control_chars" and row:
            at = draw(st.integers(0, len(row) - 1))
            row[at] = f"{row[at]}{draw(st.text(CONTROL, min_size=1, max_size=3))}"
        elif mutation == "title_row":
            rows.insert(0, case.header)
            case.header = [draw(st.sampled_from(["五月花生活广场业主名册", "", "表一"]))]
        elif mutation == "swap_columns" and len(case.header) > 1:
            i, j = draw(st.integers(0, len(case.header) - 1)), draw(st.integers(0, len(case.header) - 1))
            case.header[i], case.header[j] = case.header[j], case.header[i]
        elif mutation == "drop_cells" and row:
            del row[draw(st.integers(0, len(row))):]
        elif mutation == "header_twice":
            case.header = [*case.header, case.header[0]]
        elif mutation == "nul" and row:
            at = draw(st.integers(0, len(row) - 1))
            row[at] = f"{row[at]}\x00"
    if draw(st.integers(0, 3)) == 0 and rows and (row := some_row()):
        row[draw(st.integers(0, len(row) - 1))] = draw(TEXT)
    return case


# ---- the database, before and after ---------------------------------------------------------------


def snapshot(*models: Any) -> str:
    """A checksum of every row of `models` (all their columns), in primary-key order."""
    digest = hashlib.sha256()
    for model in models:
        names = [f.attname for f in model._meta.concrete_fields]
        digest.update(f"{model._meta.label}:{names}".encode())
        for row in model.objects.order_by("pk").values_list(*names):
            digest.update(repr(row).encode())
    return digest.hexdigest()


@pytest.fixture(scope="module", autouse=True)
def fuzz_report(request: pytest.FixtureRequest) -> Iterator[None]:
    """At the end of each fuzz module: the examples run per importer and form, and the total so far."""
    yield
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    reporter.write_line("")
    for name in sorted(EXAMPLES):
        reporter.write_line(f"fuzz {EXAMPLES[name]:6d} examples {SECONDS[name]:7.1f} s  {name}")
    reporter.write_line(f"fuzz {sum(EXAMPLES.values()):6d} examples in all so far, {sum(SECONDS.values()):.1f} s")
