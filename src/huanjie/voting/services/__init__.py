"""Every change to voting: one keyword-only function each, atomic, with its audit record.

- assembly: create_assembly, add_contest, open_voting (freezes the roster), close_voting,
  issue_voting_codes
- ballots: find_paper, cast_online_ballot, record_paper_ballot
- custody: seal_box, open_box, enter_paper_ballot, resolve_mismatch
- count_rules: set_count_rules (join, write_in: spec/tally.md v2), apply_rules_of_procedure (the rules in force)
- counting: count_assembly
"""

from __future__ import annotations

from huanjie.voting.services.assembly import (
    add_contest,
    close_voting,
    create_assembly,
    issue_voting_codes,
    open_voting,
)
from huanjie.voting.services.ballots import cast_online_ballot, find_paper, record_paper_ballot
from huanjie.voting.services.count_rules import apply_rules_of_procedure, set_count_rules
from huanjie.voting.services.counting import count_assembly
from huanjie.voting.services.custody import enter_paper_ballot, open_box, resolve_mismatch, seal_box

__all__ = [
    "add_contest",
    "cast_online_ballot",
    "close_voting",
    "count_assembly",
    "create_assembly",
    "enter_paper_ballot",
    "find_paper",
    "issue_voting_codes",
    "open_box",
    "open_voting",
    "record_paper_ballot",
    "resolve_mismatch",
    "seal_box",
    "set_count_rules",
    "apply_rules_of_procedure",
]
