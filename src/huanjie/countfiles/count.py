"""Counting from files: read, check everything, then run the rules (spec/tally.md)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from huanjie.countfiles.arrowcsv import ArrowBallots, is_plain
from huanjie.countfiles.ballots import read_ballots
from huanjie.countfiles.election import read_election
from huanjie.countfiles.forked import ForkedBallots, can_fork
from huanjie.countfiles.forkedroster import ForkedRoster, read_entities
from huanjie.countfiles.problems import BadInput, Problems
from huanjie.rules import Contest, Count, JoinRule, Result, WriteInRule
from huanjie.rules.columns import split_duplicates


@dataclass(frozen=True, slots=True)
class Counted:
    """A finished count, with the contests it was run for (the report needs their matters)
    and the settings it applied (the report names them)."""

    result: Result
    contests: tuple[Contest, ...]
    join: JoinRule = JoinRule.IDENTICAL_OWNERS
    write_in: WriteInRule = WriteInRule.IGNORE_NAME


# From this size on, `parallel=None` reads ballots.csv while this process reads the roster:
# with Arrow in a thread when the file is plain (arrowcsv.py), else in a second process
# (forked.py). Smaller files are read faster than Arrow is imported.
PARALLEL_FROM_BYTES = 4 << 20
USE_ARROW = True  # False: a plain file goes to a second process too (tests of forked.py)


def count_files(roster: Path, ballots: Path, election: Path, *, parallel: bool | None = False) -> Counted:
    """Count the ballots; `BadInput` names every bad row of all three files first.

    `parallel`: read ballots.csv while this process reads the roster — with Arrow in a thread
    when the file is plain (arrowcsv.py), else in a second process (forked.py, where `fork`
    is; never on a web server's threads): True always, None for a large file only, False
    never (row by row in this thread). The result is the same, to the byte.
    """
    election_problems = Problems(election.name, column_word="键")
    roster_problems = Problems(roster.name)
    ballot_problems = Problems(ballots.name)
    setup = read_election(election, election_problems)
    # The entities depend on election.toml's `join`; with a bad election.toml the roster is
    # still read, to name its problems too.
    join = setup.join if setup is not None else JoinRule.IDENTICAL_OWNERS
    arrow = forked = forked_roster = None
    if parallel or (parallel is None and _size(ballots) >= PARALLEL_FROM_BYTES):
        if USE_ARROW and setup is not None and is_plain(ballots):
            if can_fork():  # before the thread starts
                forked_roster = ForkedRoster(roster, roster_problems, join)
            arrow = ArrowBallots(ballots, setup.contests)
        elif can_fork():
            forked = ForkedBallots(ballots, setup.contests if setup else None, ballot_problems)
    if forked_roster is not None:
        index, roster_error = forked_roster.finish()
    else:
        index, roster_error = read_entities(roster, roster_problems, join)
    if setup is None:
        index = None
    elif roster_error is not None:
        roster_problems.add(None, None, roster_error, roster_error)

    def new_count() -> Count | None:
        if index is None or setup is None:
            return None
        return Count(index, setup.contests, setup.rules, write_in=setup.write_in)

    count = None if arrow is None else _count_columns(arrow, new_count)
    if count is None and forked is not None:
        count = forked.finish(new_count)
    elif count is None:
        count = read_ballots(ballots, setup.contests if setup else None, new_count, ballot_problems)
    problems = election_problems.found + roster_problems.found + ballot_problems.found
    if problems or count is None or setup is None:
        raise BadInput(problems)
    return Counted(count.result(), tuple(setup.contests), setup.join, setup.write_in)


def _count_columns(arrow: ArrowBallots, new_count: Callable[[], Count | None]) -> Count | None:
    """The count fed with the columns Arrow read; None when the file must be read row by row
    (or the roster has problems: then the ballots are read row by row too, to name theirs)."""
    columns = arrow.finish()
    count = None if columns is None else new_count()
    if columns is None or count is None:
        return None
    split = split_duplicates(columns.positions(count.roster.codes), columns.valid_mask)
    count.add_split(columns.ids, columns.units, columns.choices, split)
    return count


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
