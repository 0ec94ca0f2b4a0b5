"""Counting from files: read, check everything, then run the rules (spec/tally.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from huanjie.countfiles.ballots import read_ballots
from huanjie.countfiles.election import read_election
from huanjie.countfiles.forked import ForkedBallots, can_fork
from huanjie.countfiles.problems import BadInput, Problems
from huanjie.countfiles.roster import read_roster
from huanjie.rules import Contest, Count, Result, RosterError, build_entities


@dataclass(frozen=True, slots=True)
class Counted:
    """A finished count, with the contests it was run for (the report needs their matters)."""

    result: Result
    contests: tuple[Contest, ...]


# From this size on, `parallel=None` reads ballots.csv in a second process (forked.py).
FORK_FROM_BYTES = 4 << 20


def count_files(roster: Path, ballots: Path, election: Path, *, parallel: bool | None = False) -> Counted:
    """Count the ballots; `BadInput` names every bad row of all three files first.

    `parallel`: read ballots.csv in a second process while this one reads the roster (where
    `fork` is; never on a web server's threads): True always, None for a large file only.
    """
    election_problems = Problems(election.name, column_word="键")
    roster_problems = Problems(roster.name)
    ballot_problems = Problems(ballots.name)
    setup = read_election(election, election_problems)
    forked = None
    if parallel is not False and can_fork() and (parallel or _size(ballots) >= FORK_FROM_BYTES):
        forked = ForkedBallots(ballots, setup[1] if setup else None, ballot_problems)
    units = read_roster(roster, roster_problems)
    index = None
    if setup is not None and not roster_problems:
        try:
            index = build_entities(units)
        except RosterError as error:  # read_roster checks the same, row by row
            roster_problems.add(None, None, str(error), str(error))

    def new_count() -> Count | None:
        return None if index is None or setup is None else Count(index, setup[1], setup[0])

    if forked is not None:
        count = forked.finish(new_count)
    else:
        count = read_ballots(ballots, setup[1] if setup else None, new_count, ballot_problems)
    problems = election_problems.found + roster_problems.found + ballot_problems.found
    if problems or count is None or setup is None:
        raise BadInput(problems)
    return Counted(count.result(), tuple(setup[1]))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
