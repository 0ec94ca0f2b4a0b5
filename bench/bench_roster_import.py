"""How fast is the roster import? Compare it with just reading the workbook with openpyxl.

    python bench/bench_roster_import.py [--quick] [--units 20000]

Sets up Django itself on a temporary HUANJIE_DATA_DIR with SQLite, or, when DATABASE_URL is
set, on a throwaway PostgreSQL database created next to it (and dropped afterwards), and
migrates. Generates a property company's roster workbook (Chinese headers, names and phones,
co-owners, owners of several units, developer-held units), then measures in this process:

- baseline: openpyxl read_only, iterating every row and doing nothing else;
- parse + validate: huanjie.roster.importing.parse_roster;
- stage: comparing with the stored roster and keeping the pending import (JSON);
- apply: the confirmation, writing every unit, owner and ownership in one transaction.

Each step runs twice: once for the time, once under tracemalloc for its peak memory (into a
second community, so both runs import into an empty roster). Target: the whole import under
20 s for 20,000 units on the 2-core machine.
"""

from __future__ import annotations

import argparse
import io
import random
import resource
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _django import set_up_django

TARGET_SECONDS = 20.0
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华志文博海燕晓雪梅国庆淑珍宇轩子涵梓萱浩然欣怡俊雨桐"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="2,000 units, for a smoke run")
    parser.add_argument("--units", type=int, default=None)
    args = parser.parse_args()
    units = args.units or (2_000 if args.quick else 20_000)
    with tempfile.TemporaryDirectory(prefix="hj-bench-roster-") as data_dir:
        drop = set_up_django(prefix="bench-roster-", data_dir=Path(data_dir), throwaway=True,
                             HUANJIE_LOG_LEVEL="WARNING")
        try:
            return _run(units, quick=args.quick)
        finally:
            drop()


def generate_workbook(count: int, seed: int = 20260501) -> bytes:
    """A property company's sheet: title row, Chinese headers, co-owners in one cell."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("业主名册")
    sheet.append(["某某小区业主名册（物业公司提供）"])
    sheet.append(["序号", "楼号", "房号", "楼层", "专有部分面积（㎡）", "面积来源", "状态", "业主姓名", "联系电话",
                  "备注"])
    serial = 0
    several: list[tuple[str, str]] = []  # owners who will buy a second unit
    for i in range(count):
        building, rest = divmod(i, 200)
        floor, position = divmod(rest, 8)
        code = f"{building + 1}-{floor + 1:02d}{position + 1:02d}"
        status = "未出售" if rng.random() < 0.02 else "已交付"
        owners: list[tuple[str, str]] = []
        if status == "已交付":
            if several and rng.random() < 0.03:
                owners.append(several.pop())
            else:
                serial += 1
                owners.append(_person(serial))
                if rng.random() < 0.05:
                    several.append(owners[0])
                if rng.random() < 0.16:
                    serial += 1
                    owners.append(_person(serial))
        source = "登记簿" if rng.random() < 0.93 else rng.choice(["实测", "合同"])
        area = f"{rng.randrange(4500, 18000) / 100:.2f}"
        sheet.append([i + 1, f"{building + 1}号楼", code, floor + 1, float(area), source, status,
                      "、".join(name for name, _ in owners), "、".join(phone for _, phone in owners), ""])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _person(serial: int) -> tuple[str, str]:
    given = GIVEN[serial % len(GIVEN)] + GIVEN[(serial // len(GIVEN)) % len(GIVEN)]
    name = SURNAMES[(serial // len(GIVEN) ** 2) % len(SURNAMES)] + given
    return name, f"139{serial:08d}"


def baseline(data: bytes) -> int:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return rows


def import_steps(data: bytes, community: Any) -> list[tuple[str, Callable[[], object]]]:
    from huanjie.roster import services
    from huanjie.roster.importing import parse_roster

    state: dict[str, Any] = {}

    def parse() -> object:
        state["parsed"] = parse_roster("roster.xlsx", io.BytesIO(data), max_bytes=len(data) + 1)
        return state["parsed"]

    def stage() -> object:
        state["staged"] = services.stage_roster_import(community=community, parsed=state["parsed"], actor=None)
        return state["staged"]

    def apply() -> object:
        return services.apply_roster_import(roster_import=state["staged"], actor=None)

    return [("import: parse + validate", parse), ("import: stage (diff + JSON)", stage),
            ("import: apply (confirm)", apply)]


def _measure(step: Callable[[], object], traced: bool) -> tuple[float, float]:
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    step()
    seconds = time.perf_counter() - started
    peak = 0.0
    if traced:
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    return seconds, peak


def _run(units: int, *, quick: bool) -> int:
    from django.db import connection

    from huanjie.roster.models import Community, StreetOffice
    from huanjie.roster.selectors import roster_summary

    started = time.perf_counter()
    data = generate_workbook(units)
    print(f"generated a {units}-unit workbook ({len(data) / 2**20:.1f} MB) in {time.perf_counter() - started:.1f} s"
          f" · database: {connection.vendor}")
    office = StreetOffice.objects.create(name="基准街道", code="bench")
    timed_community = Community.objects.create(street_office=office, name="基准小区", slug="bench-timed")
    traced_community = Community.objects.create(street_office=office, name="基准小区二", slug="bench-traced")

    results: list[tuple[str, float, float]] = []
    baseline(data)  # warm-up: the first read of a workbook pays for imports and caches
    seconds, _ = _measure(lambda: baseline(data), traced=False)
    _, peak = _measure(lambda: baseline(data), traced=True)
    results.append(("baseline: openpyxl read_only rows", seconds, peak))
    timed = [(name, _measure(step, traced=False)[0]) for name, step in import_steps(data, timed_community)]
    traced = [_measure(step, traced=True)[1] for _, step in import_steps(data, traced_community)]
    results += [(name, seconds, peak) for (name, seconds), peak in zip(timed, traced, strict=True)]
    total = sum(seconds for _, seconds in timed)
    results.append(("import: total", total, max(traced)))

    summary = roster_summary(timed_community)
    print(f"imported {summary.unit_count} units, {summary.owner_count} owners; eligible headcount "
          f"{summary.eligible_headcount}, area {summary.eligible_area} m²")
    print(f"\n{'step':<36} {'seconds':>8} {'rows/s':>9} {'peak MB':>8} {'x base':>7}")
    base = results[0][1]
    for name, seconds, peak in results:
        print(f"{name:<36} {seconds:>8.2f} {units / seconds:>9.0f} {peak:>8.1f} {seconds / base:>7.1f}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory = tracemalloc peak of the step; process peak resident {rss:.0f} MB")
    ok = total < TARGET_SECONDS or quick
    print(f"target: whole import under {TARGET_SECONDS:.0f} s for 20,000 units — "
          f"{'met' if total < TARGET_SECONDS else 'MISSED'} ({total:.1f} s for {units})")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
