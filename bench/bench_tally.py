"""How fast is `huanjie tally`? Compare it with just reading its CSV files.

    PYTHONPATH=src python bench/bench_tally.py [--units 200000] [--ballots 1000000] [--runs 3] [--quick]

Generates a community (co-owned units, owners of several units, developer-held units) and
its ballots (multi-unit ballots, unsigned papers, unknown units, over-votes, unknown names,
second ballots for a unit) into a temporary directory, then runs, each in a child process:

- floor: read both CSV files with the `csv` module and do nothing else;
- tally: `huanjie tally --json` through `huanjie.countfiles.cli.main`.

It prints seconds, CPU seconds (user and system, with those of a process's children: the
tally reads a plain ballots.csv with Arrow in a thread while a second process reads the
roster), peak resident memory of the largest process and the ratio to the floor. Targets:
within 3x of the floor, under 30 s, under 2 GB. On a shared machine pass `--runs 5`: floor
and tally then alternate five times and the median ratio (each tally against the floor of
its own round) is printed last; CPU seconds vary less with the load than seconds do.
`--quick`: a tenth of the data, one round (smoke test).

Every unit can count once, so with more ballots than units the surplus is set aside (second
ballots for a unit, flagged `duplicate-unit`, and unsigned papers).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CANDIDATES = ["张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十", "郑十一"]
SEATS = 7
# How popular each candidate is: some pass, some do not.
POPULARITY = [0.92, 0.90, 0.88, 0.85, 0.80, 0.78, 0.77, 0.40, 0.30]

ELECTION = f"""rules = "cn-civil-code-2021"

[[contest]]
id = "committee"
kind = "election"
matter = "elect-committee"
seats = {SEATS}
candidates = {CANDIDATES!r}

[[contest]]
id = "facade-fund"
kind = "motion"
matter = "use-maintenance-fund"

[[contest]]
id = "lift-fund"
kind = "motion"
matter = "raise-maintenance-fund"
""".replace("'", '"')

FLOOR = """
import csv, sys
for name in sys.argv[1:]:
    with open(name, newline="", encoding="utf-8") as f:
        for row in csv.reader(f):
            pass
"""


def generate(folder: Path, units: int, ballots: int, rng: random.Random) -> list[Path]:
    codes = write_roster(folder / "roster.csv", units, rng)
    write_ballots(folder / "ballots.csv", codes, ballots, rng)
    (folder / "election.toml").write_text(ELECTION, encoding="utf-8")
    return [folder / "roster.csv", folder / "ballots.csv", folder / "election.toml"]


def write_roster(path: Path, units: int, rng: random.Random) -> list[str]:
    codes = []
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["unit", "building", "area", "owners", "status"])
        for i in range(units):
            building = i // 400 + 1
            code = f"{building}-{i % 400 + 1:04d}"
            codes.append(code)
            area = f"{rng.randint(4000, 20000) / 100:.2f}"
            roll = rng.random()
            if roll < 0.01:
                out.writerow([code, building, area, "", rng.choice(["unsold", "undelivered"])])
                continue
            owners = [f"owner-{i:07d}"]
            if roll < 0.04:  # co-owned
                owners.append(f"spouse-{i:07d}")
            elif roll < 0.06 and i:  # the owner of the previous unit bought this one too
                owners = [f"owner-{i - 1:07d}"]
            out.writerow([code, building, area, ";".join(owners), ""])
    return codes


def choice_pool(rng: random.Random) -> list[str]:
    pool = []
    for _ in range(400):
        names = [name for name, p in zip(CANDIDATES, POPULARITY, strict=True) if rng.random() < p]
        pool.append(";".join(names[:SEATS]))
    pool += [";".join(CANDIDATES[:8])] * 2  # over-votes
    pool += ["张三;路人甲"]  # an unknown name
    return pool


def write_ballots(path: Path, codes: list[str], ballots: int, rng: random.Random) -> None:
    pool = choice_pool(rng)
    answers = ["yes"] * 6 + ["no", "abstain", "", "同意", "YES"]
    order = codes[:]
    rng.shuffle(order)
    order = order[: len(order) * 4 // 5]  # one unit in five never votes
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["ballot", "units", "valid", "committee", "facade-fund", "lift-fund"])
        for i in range(ballots):
            unit = order[i % len(order)]
            roll = rng.random()
            if roll < 0.01:
                unit = f"99-{i:06d}"  # not in the roster
            elif roll < 0.03:
                unit = f"{unit};{rng.choice(codes)}"  # usually two owners: mixed entities
            valid = "no" if rng.random() < 0.02 else rng.choice(["yes", ""])
            out.writerow([f"B{i:07d}", unit, valid, rng.choice(pool), rng.choice(answers), rng.choice(answers)])


def run(step: str, argv: list[str]) -> tuple[str, float, float, float]:
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{step} failed: {argv}")
    return step, seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=200_000)
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=278)
    parser.add_argument("--runs", type=int, default=1, help="rounds of floor and tally; the median ratio is printed")
    parser.add_argument("--quick", action="store_true", help="a tenth of the units and ballots, one round (smoke test)")
    args = parser.parse_args()
    if args.quick:
        args.units, args.ballots, args.runs = args.units // 10, args.ballots // 10, 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        roster, ballots, election = generate(folder, args.units, args.ballots, random.Random(args.seed))
        print(f"generated {args.units} units, {args.ballots} ballots in {time.perf_counter() - started:.1f} s")
        env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")}
        os.environ.update(env)
        tally_argv = [
            sys.executable, "-c", "import sys; from huanjie.countfiles.cli import main; sys.exit(main())",
            "--roster", str(roster), "--ballots", str(ballots), "--election", str(election), "--json",
        ]  # fmt: skip
        ratios = []
        print(f"{'step':<36} {'seconds':>8} {'CPU s':>8} {'peak MB':>8} {'x floor':>8}")
        for _ in range(args.runs):
            floor = run("floor: csv.reader over both files", [sys.executable, "-c", FLOOR, str(roster), str(ballots)])
            tally = run("huanjie tally --json", tally_argv)
            for step, seconds, cpu, peak in (floor, tally):
                print(f"{step:<36} {seconds:>8.2f} {cpu:>8.2f} {peak:>8.0f} {seconds / floor[1]:>8.2f}")
            ratios.append(tally[1] / floor[1])
    if args.runs > 1:
        print(f"median ratio over {args.runs} runs: {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
