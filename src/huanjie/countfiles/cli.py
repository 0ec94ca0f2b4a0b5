"""`huanjie tally --roster R --ballots B --election E [--json] [--out FILE]` (spec/tally.md).

Exit status 0 when the count ran, whatever its outcome; 2 on bad input, with every bad row
on standard error and no result printed.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import os
import sys
from pathlib import Path

from huanjie.countfiles.count import count_files
from huanjie.countfiles.problems import BadInput
from huanjie.countfiles.report import render_report

BAD_INPUT = 2


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on bad arguments, 0 for --help
        return int(exit_.code or 0)
    # Arrow (a plain ballots.csv is read by it) allocates with jemalloc here: with its
    # default, mimalloc, every other run gave memory back to the system mid-count and faulted
    # it in again (0.3 s more, all of it system time). pyarrow's Linux wheels have jemalloc.
    if sys.platform == "linux":
        os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "jemalloc")
    # The count allocates millions of small objects and frees none of them in cycles: the
    # cyclic garbage collector would only walk them again and again.
    collecting = gc.isenabled()
    gc.disable()
    try:
        # A large ballots.csv is read in a second process meanwhile (countfiles/forked.py).
        counted = count_files(args.roster, args.ballots, args.election, parallel=None)
    except BadInput as bad:
        for problem in bad.problems:
            print(problem, file=sys.stderr)
        print(f"输入有误，未计票 (bad input, nothing counted): {len(bad.problems)}", file=sys.stderr)
        return BAD_INPUT
    finally:
        if collecting:
            gc.enable()
    # The JSON in pieces, written without joining them: a count may raise a million flags.
    as_json = counted.result.json_parts() if args.json or args.out is not None else []
    if args.out is not None:
        with args.out.open("w", encoding="utf-8", newline="\n") as out:
            out.writelines(as_json)
    if args.json:
        sys.stdout.writelines(as_json)
    else:
        files = [(path.name, _sha256(path)) for path in (args.roster, args.ballots, args.election)]
        sys.stdout.write(render_report(counted.result, counted.contests, files,
                                       join=counted.join, write_in=counted.write_in))  # fmt: skip
    return 0


def _sha256(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="huanjie tally",
        description="依法计票：从业主名册、表决票和表决设置计算结果 (count an election from files)",
    )
    parser.add_argument("--roster", type=Path, required=True, help="roster.csv / .xlsx：业主名册")
    parser.add_argument("--ballots", type=Path, required=True, help="ballots.csv / .xlsx：表决票")
    parser.add_argument("--election", type=Path, required=True, help="election.toml：表决事项")
    parser.add_argument("--json", action="store_true", help="输出 JSON 而不是中文结果表 (print JSON)")
    parser.add_argument("--out", type=Path, help="同时把 JSON 结果写入此文件 (also write the JSON result to FILE)")
    return parser


if __name__ == "__main__":
    raise SystemExit(main())
