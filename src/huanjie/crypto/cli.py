"""`huanjie crypto demo [--out DIR] …` and `huanjie verify RECORD [--tracker HEX]`.

`verify` exits 0 when the record checks out, 1 when it names a fault, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from huanjie.crypto.demo import run_demo
from huanjie.crypto.verifier import Report, verify_record

FAULT = 1
BAD_ARGUMENTS = 2


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on bad arguments, 0 for --help
        return int(exit_.code or 0)
    if args.command == "verify":
        return _verify(args.record, args.tracker, args.workers)
    return _demo(args)


def _demo(args: argparse.Namespace) -> int:
    out = args.out or Path(tempfile.mkdtemp(prefix="huanjie-record-"))
    if args.threshold > args.trustees or args.ballots < 1:
        print("参数有误：门限不能大于监督人数，选票至少一张 (threshold ≤ trustees, ballots ≥ 1)", file=sys.stderr)
        return BAD_ARGUMENTS
    started = time.perf_counter()
    outcome = run_demo(
        out,
        ballots=args.ballots,
        trustees=args.trustees,
        threshold=args.threshold,
        seed=args.seed,
        workers=args.workers,
    )
    print(f"演示选举完成 (demo election done) in {time.perf_counter() - started:.1f} s")
    print(f"  监督人 {args.trustees} 位，门限 {args.threshold}；解密监督人 (decrypted by) {outcome.decrypting}")
    print(f"  名册 {outcome.entities} 个表决主体，加密选票 {outcome.ballots} 张 (entities, ballots)")
    print(f"  选举记录 (record): {out}")
    print(f"  核验 (to verify): huanjie verify {out}")
    return 0


def _verify(record: Path, tracker: str | None, workers: int) -> int:
    report = verify_record(record, workers=workers)
    print(_render(report))
    if tracker is not None and report.ok:
        found = tracker.strip().lower() in report.trackers
        print(
            f"追踪码 {tracker} 在记录中 (the tracker is in the record)"
            if found
            else f"追踪码 {tracker} 不在记录中 (the tracker is NOT in the record)"
        )
        return 0 if found else FAULT
    return 0 if report.ok else FAULT


def _render(report: Report) -> str:
    if report.fault is not None:
        return f"核验未通过 (verification FAILED) after {report.seconds:.1f} s\n  {report.fault}"
    lines = [
        f"核验通过 (the record verifies) in {report.seconds:.1f} s",
        f"  监督人 {report.trustees} 位，参与解密 {report.decrypting} (trustees, decrypting)",
        f"  选票 {report.ballots} 张，证明全部成立 (ballots, every proof holds)",
    ]
    assert report.result is not None
    result = report.result
    part = result["participating"]
    lines.append(
        f"  参与表决 {part['headcount']} 人，面积 {part['area']} ㎡；达到法定人数 (quorum): {result['quorum_met']}"
    )
    for contest in result["contests"]:
        if contest["kind"] == "election":
            elected = "、".join(contest["elected"]) or "无"
            lines.append(f"  {contest['id']}: 当选 (elected) {elected}；空缺 (vacancies) {contest['vacancies']}")
            for c in contest["candidates"]:
                lines.append(
                    f"    {c['name']}: {c['headcount']} 人 / {c['area']} ㎡ {'通过' if c['passed'] else '未通过'}"
                )
        else:
            yes = contest["yes"]
            verdict = "通过 (carried)" if contest["passed"] else "未通过 (not carried)"
            lines.append(f"  {contest['id']}: 同意 {yes['headcount']} 人 / {yes['area']} ㎡ — {verdict}")
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="huanjie", description="加密表决：演示与公开核验 (encrypted ballot)")
    commands = parser.add_subparsers(dest="command", required=True)
    crypto = commands.add_parser("crypto", help="加密表决演示 (encrypted election demo)")
    crypto_commands = crypto.add_subparsers(dest="action", required=True)
    demo = crypto_commands.add_parser("demo", help="运行一次完整的小型加密选举并写出选举记录")
    demo.add_argument("--out", type=Path, help="选举记录目录 (record directory; default: a new temp dir)")
    demo.add_argument("--ballots", type=int, default=500, help="选票张数 (ballots)")
    demo.add_argument("--trustees", type=int, default=5, help="监督人数 (trustees)")
    demo.add_argument("--threshold", type=int, default=3, help="解密所需监督人数 (threshold)")
    demo.add_argument("--seed", type=int, default=2025, help="演示数据的随机种子 (sample data seed; not keys)")
    demo.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="进程数 (processes)")
    verify = commands.add_parser("verify", help="核验选举记录 (verify an election record)")
    verify.add_argument("record", type=Path, help="选举记录目录或 ZIP (record directory or ZIP)")
    verify.add_argument("--tracker", help="查找自己的选票追踪码 (check that a tracker is in the record)")
    verify.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="进程数 (processes)")
    return parser


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
