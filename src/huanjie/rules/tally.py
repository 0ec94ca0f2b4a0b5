"""The count: ballots in, `Result` out (spec/tally.md; Civil Code art. 278; JI art. 9).

For each ballot, in the order received, the rules of spec/tally.md apply in this order:

1. `valid` = no: set aside, no flag.
2. a unit not in the roster: the ballot does not count (`unknown-unit`, one flag per unit).
3. units of more than one voting entity: the ballot does not count (`mixed-entities`).
4. a unit already covered by an earlier counted ballot: not counted for that unit
   (`duplicate-unit`, one flag per unit); a ballot left with no unit is set aside.
5. per election contest (v2): more names than `max_choices`, candidates and other names
   together, void the ballot's choices in that contest (`over-vote`). Otherwise a name that is
   not a candidate is flagged (`unknown-candidate`, once per ballot and contest) and, with
   `write_in = ignore-name` (the default), only that name is dropped: the ballot's candidates
   still count; with `void-contest` (where the rules of procedure say so) its choices in that
   contest are void. The ballot participates either way; voided choices approve nobody.
6. ballots of one entity that disagree on a choice: each unit's area follows its own ballot,
   the entity's one head counts for that choice only if all its counted ballots agree
   (`entity-conflict`, one flag per ballot of the entity for each contest concerned).

Flags come in the order ballots were received; within one ballot, rules 2–6 in order and
contests in election order.

Speed: a count reads a million ballots. Areas are whole hundredths (`int`); ballots with the
same choices share one "combo" whose area and heads are summed once, and expanded to
candidates only at the end. A count from files finds rule 4's certain duplicates column-wise
first (rules/columns.py, `add_split`): the loop goes through the other ballots only, and the
duplicates' flags take their places as runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from heapq import merge
from itertools import islice, repeat
from operator import add, itemgetter

from huanjie.rules.columns import Split
from huanjie.rules.entities import EntityColumns
from huanjie.rules.result import (
    RULES,
    CandidateResult,
    ContestResult,
    DuplicateUnits,
    ElectionResult,
    Flag,
    Flags,
    MotionResult,
    Result,
)
from huanjie.rules.thresholds import approved, quorum_met
from huanjie.rules.types import (
    Answer,
    Choice,
    Contest,
    Election,
    FlagKind,
    Motion,
    RankKey,
    Totals,
    WriteInRule,
)

NOBODY: frozenset[str] = frozenset()
CHUNK = 512  # ballots taken apart into columns at a time by `Count.add_all` (stays in cache)
UNKNOWN_UNIT = FlagKind.UNKNOWN_UNIT
DUPLICATE_UNIT = FlagKind.DUPLICATE_UNIT

# What the count takes for a ballot: `Ballot`, or any tuple shaped like it.
BallotRow = tuple[str, tuple[str, ...], bool, tuple[Choice, ...]]
# A counted ballot: its sequence number, its id, how many flags were raised when it ended.
_Seen = tuple[int, str, int]


@dataclass(frozen=True, slots=True)
class _Combo:
    """What one distinct tuple of choices means: the choices that count, and rule 5's flags."""

    effective: tuple[Choice, ...]
    flagged: tuple[tuple[str, FlagKind], ...]


@dataclass(slots=True)
class _Support:
    """Running heads and hundredths for one choice."""

    heads: int = 0
    cents: int = 0

    def totals(self) -> Totals:
        return Totals.from_cents(self.heads, self.cents)


def tally(
    roster: EntityColumns,
    contests: Sequence[Contest],
    ballots: Iterable[BallotRow],
    rules: str = RULES,
    *,
    write_in: WriteInRule = WriteInRule.IGNORE_NAME,
) -> Result:
    """Count `ballots`, in the order received, against the frozen `roster` (spec/tally.md),
    whose entities were joined by the election's `join` (`build_entities`); `write_in` is the
    election's rule for names that are not candidates (rule 5)."""
    count = Count(roster, contests, rules, write_in=write_in)
    count.add_all(ballots)
    return count.result()


class Count:
    """A count in progress: feed ballots with `add`, in the order received, then `result`."""

    def __init__(
        self,
        roster: EntityColumns,
        contests: Sequence[Contest],
        rules: str = RULES,
        *,
        write_in: WriteInRule = WriteInRule.IGNORE_NAME,
    ) -> None:
        self.roster = roster
        self.contests = tuple(contests)
        self.rules = rules
        self.write_in = WriteInRule(write_in)
        self._unit_entity = roster.unit_entity
        self._unit_cents = roster.unit_cents
        self._covered = bytearray(len(roster.unit_cents))
        self._entity_combo = [-1] * roster.entity_count
        # The first counted ballot of each entity: (ballot seq, id, flags raised before it ended).
        self._entity_first: list[_Seen] = [(0, "", 0)] * roster.entity_count
        self._multi: dict[int, list[tuple[_Seen, int]]] = {}  # entities with several ballots
        self._combo_of: dict[tuple[Choice, ...], int] = {}
        self._combos: list[_Combo] = []
        self._combo_flagged: list[tuple[tuple[str, FlagKind], ...]] = []
        self._combo_cents: list[int] = []
        self._combo_heads: list[int] = []
        self._flags: list[Flag] = []  # rules 2–5, in the order ballots came
        # Rule 4's duplicates found column-wise (`add_split`): their ballots and units, and
        # where each run of them goes: (how many of `_flags` and of counted ballots come
        # before it, where it ends among the duplicates).
        self._duplicates = DuplicateUnits([], [])
        self._runs: list[tuple[int, int, int]] = []
        self._conflicts: list[tuple[_Seen, int, Flag]] = []  # rule 6: (ballot, contest, flag)
        self._seq = 0
        self._heads = 0
        self._cents = 0

    def add(self, ballot_id: str, units: tuple[str, ...], valid: bool, choices: tuple[Choice, ...]) -> None:
        """Apply rules 1–5 to one ballot; rule 6 waits for `result`."""
        self.add_all(((ballot_id, units, valid, choices),))

    def add_all(self, ballots: Iterable[BallotRow]) -> None:
        """Apply rules 1–5 to each ballot, in order; rule 6 waits for `result`."""
        rows = iter(ballots)
        while chunk := list(islice(rows, CHUNK)):
            ids, units, valid, choices = zip(*chunk, strict=True)
            self.add_columns(ids, [named[0] if len(named) == 1 else tuple(named) for named in units], valid, choices)

    def add_columns(
        self,
        ids: Sequence[str],
        units: Sequence[str | tuple[str, ...]],
        valid: Sequence[bool],
        choices: Sequence[tuple[Choice, ...]],
        positions: Iterable[int | None] | None = None,
    ) -> None:
        """`add_all` for ballots given column by column: the i-th ballot is `ids[i]`, ...

        A one-unit ballot's units may be given as its bare unit code (a count from files
        saves a million one-unit tuples). `positions`, when given, holds what
        `roster.unit_position.get(units[i])` is for each ballot, found already (a count from
        files finds each distinct unit once).
        """
        if positions is None:
            positions = map(self.roster.unit_position.get, units)  # type: ignore[arg-type]  # None for a tuple of units
        placed = len(self._duplicates.ballots)
        self._add_rows(ids, units, valid, choices, positions, repeat(placed, len(ids)))

    def add_split(
        self,
        ids: Sequence[str],
        units: Sequence[str | tuple[str, ...]],
        choices: Sequence[tuple[Choice, ...]],
        split: Split,
    ) -> None:
        """`add_columns` for a batch that `split_duplicates` split already (rules/columns.py):
        the known duplicates raise their `duplicate-unit` flags as runs, in their place among
        the others' flags; the other valid ballots go through rules 2–5 one by one."""
        start = len(self._duplicates.ballots)
        self._duplicates.ballots.extend(map(ids.__getitem__, split.duplicates))
        self._duplicates.units.extend(map(units.__getitem__, split.duplicates))  # type: ignore[arg-type]  # one unit each
        rows = split.rows
        self._add_rows(
            list(map(ids.__getitem__, rows)),
            list(map(units.__getitem__, rows)),
            repeat(True, len(rows)),
            list(map(choices.__getitem__, rows)),
            split.positions,
            map(add, split.duplicates_before, repeat(start)),
        )

    def _add_rows(
        self,
        ids: Iterable[str],
        units: Iterable[str | tuple[str, ...]],
        valid: Iterable[bool],
        choices: Iterable[tuple[Choice, ...]],
        positions: Iterable[int | None],
        duplicates_before: Iterable[int],
    ) -> None:
        """Rules 1–5, ballot by ballot; before each, the known duplicates that come before it
        (`duplicates_before`, counted from the first batch) take their place in the flags.
        One loop with its state in locals: this is where a million ballots go."""
        new_flag = tuple.__new__
        flags = self._flags
        flag = flags.append
        runs = self._runs
        covered = self._covered
        unit_entity = self._unit_entity
        unit_cents = self._unit_cents
        combo_of = self._combo_of.get
        combo_flagged = self._combo_flagged
        combo_cents = self._combo_cents
        combo_heads = self._combo_heads
        entity_combo = self._entity_combo
        entity_first = self._entity_first
        seq, heads, total = self._seq, self._heads, self._cents
        placed = len(runs) and runs[-1][2]
        rows = zip(ids, units, positions, valid, choices, duplicates_before, strict=True)
        try:
            for ballot_id, named, position, counts, choice, before in rows:
                if before != placed:
                    runs.append((len(flags), seq, before))
                    placed = before
                if not counts:
                    continue  # rule 1: set aside, no flag
                seq += 1
                if position is None:
                    if isinstance(named, str):
                        flag(new_flag(Flag, (ballot_id, UNKNOWN_UNIT, named, None)))
                        continue
                    taken = self._cover_units(ballot_id, named)
                    if taken is None:
                        continue
                    entity, cents = taken
                elif covered[position]:
                    flag(new_flag(Flag, (ballot_id, DUPLICATE_UNIT, named, None)))
                    continue
                else:
                    covered[position] = 1
                    entity = unit_entity[position]
                    cents = unit_cents[position]
                combo = combo_of(choice)
                if combo is None:
                    combo = self._new_combo(choice)
                flagged = combo_flagged[combo]
                if flagged:
                    for contest_id, kind in flagged:
                        flag(new_flag(Flag, (ballot_id, kind, None, contest_id)))
                total += cents
                combo_cents[combo] += cents
                if entity_combo[entity] < 0:
                    heads += 1
                    entity_combo[entity] = combo
                    entity_first[entity] = (seq, ballot_id, len(flags))
                    combo_heads[combo] += 1
                else:
                    self._another_ballot_of(entity, combo, (seq, ballot_id, len(flags)))
            if len(self._duplicates.ballots) != placed:  # the known duplicates after the last ballot
                runs.append((len(flags), seq, len(self._duplicates.ballots)))
        finally:
            self._seq, self._heads, self._cents = seq, heads, total

    def result(self) -> Result:
        """Rule 6, the thresholds of Civil Code art. 278, ranking and seats."""
        support = self._support_by_choice()
        participating = Totals.from_cents(self._heads, self._cents)
        quorum = quorum_met(participating, self.roster.eligible)
        contests = tuple(
            _contest_result(contest, support[k], participating, quorum) for k, contest in enumerate(self.contests)
        )
        return Result(self.rules, self.roster.eligible, participating, quorum, contests, self._ordered_flags())

    # --- rules 2–4 for ballots naming several units -------------------------------------

    def _cover_units(self, ballot_id: str, named: tuple[str, ...]) -> tuple[int, int] | None:
        """The entity and the hundredths this ballot counts for, or None when set aside."""
        units = tuple(dict.fromkeys(named))  # a unit named twice counts once
        if not units:
            raise ValueError(f"ballot {ballot_id} names no unit")
        position_of = self.roster.unit_position
        unknown = [unit for unit in units if unit not in position_of]
        for unit in unknown:
            self._flag(Flag(ballot_id, FlagKind.UNKNOWN_UNIT, unit=unit))
        if unknown:
            return None
        positions = [position_of[unit] for unit in units]
        if len({self._unit_entity[p] for p in positions}) > 1:
            self._flag(Flag(ballot_id, FlagKind.MIXED_ENTITIES))
            return None
        remaining = []
        for unit, position in zip(units, positions, strict=True):
            if self._covered[position]:
                self._flag(Flag(ballot_id, FlagKind.DUPLICATE_UNIT, unit=unit))
            else:
                remaining.append(position)
        if not remaining:
            return None
        for position in remaining:
            self._covered[position] = 1
        return self._unit_entity[remaining[0]], sum(self._unit_cents[p] for p in remaining)

    # --- rule 5: what a distinct tuple of choices counts for ----------------------------

    def _new_combo(self, choices: tuple[Choice, ...]) -> int:
        if len(choices) != len(self.contests):
            raise ValueError(f"{len(choices)} choices for {len(self.contests)} contests")
        pairs = zip(self.contests, choices, strict=True)
        judged = [_judge_choice(contest, choice, self.write_in) for contest, choice in pairs]
        effective = tuple(choice for choice, _ in judged)
        flagged = tuple((contest.id, kind) for contest, (_, kind) in zip(self.contests, judged, strict=True) if kind)
        self._combos.append(_Combo(effective, flagged))
        self._combo_flagged.append(flagged)
        self._combo_cents.append(0)
        self._combo_heads.append(0)
        self._combo_of[choices] = len(self._combos) - 1
        return len(self._combos) - 1

    # --- rule 6: one head per entity ----------------------------------------------------

    def _another_ballot_of(self, entity: int, combo: int, seen: _Seen) -> None:
        """A second counted ballot of one entity: its head leaves the fast path (JI art. 9)."""
        ballots = self._multi.get(entity)
        if ballots is None:
            first_combo = self._entity_combo[entity]
            self._combo_heads[first_combo] -= 1
            ballots = self._multi[entity] = [(self._entity_first[entity], first_combo)]
        ballots.append((seen, combo))

    def _support_by_choice(self) -> list[dict[str, _Support]]:
        """Heads and hundredths for each candidate or answer, per contest."""
        support = [_empty_support(contest) for contest in self.contests]
        for combo, cents, heads in zip(self._combos, self._combo_cents, self._combo_heads, strict=True):
            for k, choice in enumerate(combo.effective):
                for key in _choice_keys(choice):
                    support[k][key].cents += cents
                    support[k][key].heads += heads
        for ballots in self._multi.values():
            self._settle_entity(ballots, support)
        return support

    def _settle_entity(self, ballots: list[tuple[_Seen, int]], support: list[dict[str, _Support]]) -> None:
        """The head counts for a choice only if all the entity's counted ballots make it."""
        for k, contest in enumerate(self.contests):
            per_ballot = [set(_choice_keys(self._combos[combo].effective[k])) for _, combo in ballots]
            agreed = set.intersection(*per_ballot)
            for key in agreed:
                support[k][key].heads += 1
            if set.union(*per_ballot) != agreed:
                for seen, _ in ballots:
                    conflict = Flag(seen[1], FlagKind.ENTITY_CONFLICT, contest=contest.id)
                    self._conflicts.append((seen, k, conflict))

    def _flag(self, flag: Flag) -> None:
        self._flags.append(flag)

    def _ordered_flags(self) -> Sequence[Flag]:
        """Ballot order; within a ballot, rules 2–5 before rule 6, contests in order.

        Rule 6's flags go after the flags of their ballot, the runs of known duplicates before
        the flags of the ballot after them; where both go to one place, by ballot order (a
        run's place among the counted ballots is odd: it goes between two of them)."""
        conflicts = sorted(self._conflicts, key=lambda c: (c[0][0], c[1]))
        inserts: Iterable[tuple[tuple[int, int], Flag | int]] = merge(
            (((end, 2 * seq), conflict) for (seq, _, end), _, conflict in conflicts),
            (((at, 2 * seq + 1), end) for at, seq, end in self._runs),
            key=itemgetter(0),
        )
        pieces: list[list[Flag] | range] = []
        ordered: list[Flag] = []
        done = run_start = 0
        for (at, _), what in inserts:
            ordered += self._flags[done:at]
            done = at
            if isinstance(what, Flag):  # a conflict
                ordered.append(what)
                continue
            if ordered:
                pieces.append(ordered)
                ordered = []
            pieces.append(range(run_start, what))  # a run of known duplicates, up to `what`
            run_start = what
        ordered += self._flags[done:]
        if not self._runs:
            return tuple(ordered)
        if ordered:
            pieces.append(ordered)
        return Flags(pieces, self._duplicates)


def _judge_choice(contest: Contest, choice: Choice, write_in: WriteInRule) -> tuple[Choice, FlagKind | None]:
    """Rule 5 (spec/tally.md v2): the choice that counts in one contest, and its flag if any.

    The over-vote check comes first and counts every name, written-in ones too: a ballot may
    approve at most `max_choices` people. Then a name that is not a candidate is dropped
    (`IGNORE_NAME`: the candidates the owner approved still count) or voids the contest
    (`VOID_CONTEST`, where the rules of procedure say so)."""
    if isinstance(contest, Motion):
        if not isinstance(choice, Answer):
            raise TypeError(f"contest {contest.id}: a motion needs an Answer, not {choice!r}")
        return choice, None
    if isinstance(choice, Answer):
        raise TypeError(f"contest {contest.id}: an election needs a set of names")
    if len(choice) > contest.choice_limit:
        return NOBODY, FlagKind.OVER_VOTE
    candidates = frozenset(contest.candidates)
    if choice <= candidates:
        return choice, None
    if write_in is WriteInRule.VOID_CONTEST:
        return NOBODY, FlagKind.UNKNOWN_CANDIDATE
    return choice & candidates, FlagKind.UNKNOWN_CANDIDATE


def _choice_keys(choice: Choice) -> Iterable[str]:
    """The keys a choice adds support to: each approved name, or the one answer."""
    if isinstance(choice, Answer):
        return (choice,)
    return choice


def _empty_support(contest: Contest) -> dict[str, _Support]:
    keys: Iterable[str] = contest.candidates if isinstance(contest, Election) else tuple(Answer)
    return {key: _Support() for key in keys}


def _contest_result(
    contest: Contest, support: dict[str, _Support], participating: Totals, quorum: bool
) -> ContestResult:
    return contest_result(contest, [s.totals() for s in support.values()], participating, quorum)


def contest_result(contest: Contest, totals: Sequence[Totals], participating: Totals, quorum: bool) -> ContestResult:
    """One contest's outcome from the support of each option, in the contest's order (its
    candidates; a motion's yes, no, abstain): Civil Code art. 278 ¶2's threshold for its matter,
    then, for an election, ranking and seats (`elect`)."""
    if isinstance(contest, Motion):
        yes, no, abstain = totals
        carried = quorum and approved(yes, participating, contest.matter)
        return MotionResult(contest.id, yes, no, abstain, carried)
    passed = [quorum and approved(t, participating, contest.matter) for t in totals]
    elected, tied = elect(contest, totals, passed)
    candidates = tuple(
        CandidateResult(name, t, ok, name in elected)
        for name, t, ok in zip(contest.candidates, totals, passed, strict=True)
    )
    return ElectionResult(contest.id, contest.seats, candidates, elected, tied, contest.seats - len(elected))


def result_from_totals(
    contests: Sequence[Contest],
    eligible: Totals,
    participating: Totals,
    totals: Sequence[Sequence[Totals]],
    rules: str = RULES,
) -> Result:
    """The outcome when the totals are known but not the ballots — an encrypted count decrypts
    sums, never a ballot (huanjie.crypto): the same quorum, thresholds and ranking as `tally`,
    with no flags. `totals` has, per contest, the support of each option in its order."""
    quorum = quorum_met(participating, eligible)
    pairs = zip(contests, totals, strict=True)
    outcomes = tuple(contest_result(contest, support, participating, quorum) for contest, support in pairs)
    return Result(rules, eligible, participating, quorum, outcomes, ())


def elect(
    election: Election, totals: Sequence[Totals], passed: Sequence[bool]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The elected and the tied, from each candidate's support and whether they passed.

    Civil Code art. 278 item 3 with Shanghai practice: each candidate must pass alone; of
    those who pass, the most supported win, ranked by `rank_by` (headcount, then area), equal
    candidates in election order. A group tied on every key across the last seats goes to a
    further vote: none of it is elected and its seats stay vacant.
    """
    ranked = sorted(
        (i for i, ok in enumerate(passed) if ok),
        key=lambda i: _rank_key(totals[i], election.rank_by),
    )
    elected: list[str] = []
    for group in _tie_groups(ranked, totals, election.rank_by):
        free = election.seats - len(elected)
        if free <= 0:
            break
        names = [election.candidates[i] for i in group]
        if len(names) > free:
            return tuple(elected), tuple(names)
        elected.extend(names)
    return tuple(elected), ()


def _rank_key(totals: Totals, rank_by: tuple[RankKey, ...]) -> tuple[object, ...]:
    """Descending on every key; `sorted` is stable, so equals keep election order."""
    return tuple(-totals.headcount if key is RankKey.HEADCOUNT else -totals.area for key in rank_by)


def _tie_groups(ranked: list[int], totals: Sequence[Totals], rank_by: tuple[RankKey, ...]) -> list[list[int]]:
    groups: list[list[int]] = []
    for i in ranked:
        if groups and _rank_key(totals[groups[-1][0]], rank_by) == _rank_key(totals[i], rank_by):
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups
