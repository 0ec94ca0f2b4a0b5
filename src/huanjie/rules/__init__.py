"""The law as pure Python: who counts, the thresholds, and the count (no Django here).

The Django apps call these and store what they return:

- `build_entities(units, join) -> EntityIndex` — voting entities of a roster (JI arts. 8–9;
  `JoinRule`: identical owner sets by default, spec/tally.md v2).
- `quorum_met(participating, eligible)`, `approved(support, participating, matter)` — Civil
  Code art. 278 ¶2 read with art. 1259.
- `tally(roster, contests, ballots, write_in=...) -> Result`, or `Count` to feed ballots one
  by one (`WriteInRule`: what a name that is not a candidate does, rule 5).
- `result_from_totals(contests, eligible, participating, totals) -> Result` — the same outcome
  from known totals (the encrypted count of huanjie.crypto decrypts sums, not ballots).
- `huanjie.rules.columns.split_duplicates` — rule 4 over whole columns (Arrow), for
  `Count.add_split`; `huanjie.rules.entities.entity_columns` — `build_entities` for a roster
  given column by column (a count from files).
- `Result.to_dict()` / `Result.from_dict()` / `Result.to_json()` — spec/tally.md's output.
"""

from __future__ import annotations

from huanjie.rules.entities import EntityColumns, EntityIndex, RosterError, build_entities
from huanjie.rules.result import (
    RULES,
    CandidateResult,
    ContestResult,
    ElectionResult,
    Flag,
    MotionResult,
    Result,
)
from huanjie.rules.tally import BallotRow, Count, contest_result, elect, result_from_totals, tally
from huanjie.rules.thresholds import approved, quorum_met
from huanjie.rules.types import (
    Answer,
    Ballot,
    Choice,
    Contest,
    ContestKind,
    Election,
    FlagKind,
    JoinRule,
    Matter,
    Motion,
    RankKey,
    Totals,
    Unit,
    UnitStatus,
    VotingEntity,
    WriteInRule,
    area_to_cents,
    cents_to_area,
    format_area,
)

__all__ = [
    "RULES",
    "Answer",
    "Ballot",
    "BallotRow",
    "CandidateResult",
    "Choice",
    "Contest",
    "ContestKind",
    "ContestResult",
    "Count",
    "Election",
    "ElectionResult",
    "EntityColumns",
    "EntityIndex",
    "Flag",
    "FlagKind",
    "JoinRule",
    "Matter",
    "Motion",
    "MotionResult",
    "RankKey",
    "Result",
    "RosterError",
    "Totals",
    "Unit",
    "UnitStatus",
    "VotingEntity",
    "WriteInRule",
    "approved",
    "area_to_cents",
    "build_entities",
    "cents_to_area",
    "contest_result",
    "elect",
    "format_area",
    "quorum_met",
    "result_from_totals",
    "tally",
]
