"""What a ballot says, checked against the contests on it.

Stored as `{contest spec id: [approved names]}` for elections and `{spec id: "yes"|"no"|"abstain"}`
for motions. Online the ballot form enforces the max-choices rule; on paper the tellers enter
what is written, over-votes and names that are not candidates included — the count voids them
and says so (spec/tally.md rule 5).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from huanjie.csvfiles import neutralise
from huanjie.rules import Answer
from huanjie.voting.errors import TooManyChoices, UnknownChoice
from huanjie.voting.models import Contest

ANSWERS = {answer.value for answer in Answer}
Choices = dict[str, Any]


def clean_choices(contests: Iterable[Contest], raw: Mapping[str, Any], *, strict: bool) -> Choices:
    """The ballot's choices in canonical form; `strict` (online) refuses over-votes and write-ins."""
    cleaned: Choices = {}
    for contest in contests:
        value = raw.get(contest.spec_id)
        if contest.is_election:
            names = _names(value)
            if strict:
                unknown = [name for name in names if name not in contest.candidates]
                if unknown:
                    raise UnknownChoice(title=contest.title, choice=unknown[0])
                if len(names) > contest.choice_limit:
                    raise TooManyChoices(title=contest.title, limit=contest.choice_limit, chosen=len(names))
            cleaned[contest.spec_id] = _in_ballot_order(names, contest.candidates)
        else:
            answer = str(value or Answer.ABSTAIN.value)
            if answer not in ANSWERS:
                raise UnknownChoice(title=contest.title, choice=answer)
            cleaned[contest.spec_id] = answer
    return cleaned


def _names(value: object) -> list[str]:
    """Names as written, each once; "张三；李四" in one cell is two names, as in ballots.csv."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)  # type: ignore[call-overload]
    split = (part.strip() for item in map(str, items) for part in item.replace("；", ";").split(";"))
    return list(dict.fromkeys(name for name in split if name))


def _in_ballot_order(names: list[str], candidates: list[str]) -> list[str]:
    """Candidates in ballot order, then any written-in names in the order written.

    A written-in name that a spreadsheet would run as a formula is kept with a leading ', the
    way the roster export writes such cells; it is not a candidate either way.
    """
    return [c for c in candidates if c in names] + [neutralise(n) for n in names if n not in candidates]
