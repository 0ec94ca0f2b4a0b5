"""A tiny community on disk, and a way to count it with `huanjie tally`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from huanjie.countfiles.cli import main

ROSTER = """unit,building,area,owners,status
1-101,1,100.00,alice,
1-102,1,100.00,bob,delivered
1-201,1,100.00,carol,
"""
BALLOTS = """ballot,units,valid,committee,fund
B1,1-101,yes,张三,yes
B2,1-102,yes,张三;李四,no
B3,1-201,,李四,
"""
ELECTION = """rules = "cn-civil-code-2021"

[[contest]]
id = "committee"
kind = "election"
matter = "elect-committee"
seats = 2
candidates = ["张三", "李四"]

[[contest]]
id = "fund"
kind = "motion"
matter = "use-maintenance-fund"
"""


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        return json.loads(self.out)


@dataclass
class Files:
    folder: Path
    capsys: pytest.CaptureFixture[str]
    roster: str = ROSTER
    ballots: str = BALLOTS
    election: str = ELECTION
    encoding: str = "utf-8"
    ballots_name: str = "ballots.csv"
    roster_name: str = "roster.csv"

    def tally(self, *extra: str) -> Run:
        """Write the three files, then run `huanjie tally` on them."""
        for name, text in ((self.roster_name, self.roster), (self.ballots_name, self.ballots),
                           ("election.toml", self.election)):  # fmt: skip
            if not name.endswith(".xlsx"):
                encoding = self.encoding if name.endswith(".csv") else "utf-8"
                (self.folder / name).write_bytes(text.encode(encoding))
        return self.tally_written(*extra)

    def tally_written(self, *extra: str) -> Run:
        """Run `huanjie tally` on the files as they are on disk."""
        self.capsys.readouterr()
        code = main(["--roster", str(self.folder / self.roster_name),
                     "--ballots", str(self.folder / self.ballots_name),
                     "--election", str(self.folder / "election.toml"), *extra])  # fmt: skip
        out, err = self.capsys.readouterr()
        return Run(code, out, err)
