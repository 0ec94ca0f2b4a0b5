"""The outcome of a count, and its JSON form (spec/tally.md, "Output").

`Result.to_json()` is byte-stable: the same inputs give the same bytes, keys in the spec's
order, areas as strings with exactly two decimals, Chinese names written as they are. The
web app stores `to_dict()` and rebuilds the value with `Result.from_dict()` to render it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import chain, repeat
from json.encoder import encode_basestring as _encode_string
from operator import itemgetter
from typing import Any, NamedTuple, overload

from huanjie.rules.types import ContestKind, FlagKind, Totals, format_area

RULES = "cn-civil-code-2021"


class Flag(NamedTuple):
    """Something the count reports about one ballot. A NamedTuple: a count may raise many.

    JSON keys, in this order: `ballot`, then `unit` for unit flags (`unknown-unit`,
    `duplicate-unit`), then `contest` for contest flags (`unknown-candidate`, `over-vote`,
    `entity-conflict`), then `flag`. `mixed-entities` names the ballot only.
    """

    ballot: str
    flag: FlagKind
    unit: str | None = None
    contest: str | None = None

    def to_dict(self) -> dict[str, str]:
        out = {"ballot": self.ballot}
        if self.unit is not None:
            out["unit"] = self.unit
        if self.contest is not None:
            out["contest"] = self.contest
        out["flag"] = self.flag.value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Flag:
        return cls(data["ballot"], FlagKind(data["flag"]), data.get("unit"), data.get("contest"))


@dataclass(frozen=True, slots=True)
class DuplicateUnits:
    """`duplicate-unit` flags kept as two columns: each one's ballot id and unit."""

    ballots: list[str]
    units: list[str]


class Flags(Sequence[Flag]):
    """A count's flags in order, with the runs of `duplicate-unit` flags rule 4 found
    column-wise (rules/columns.py) kept as ranges of `DuplicateUnits` between lists of the
    other flags: a count from files may raise a million, and those become `Flag`s only when
    read one by one. Equal to the tuple of the same flags."""

    __slots__ = ("_duplicates", "_length", "_pieces", "_tuple")

    def __init__(self, pieces: list[list[Flag] | range], duplicates: DuplicateUnits) -> None:
        self._pieces = pieces
        self._duplicates = duplicates
        self._length = sum(map(len, pieces))
        self._tuple: tuple[Flag, ...] | None = None

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[Flag]:
        return chain.from_iterable(map(self._flags_of, self._pieces))

    @overload
    def __getitem__(self, index: int) -> Flag: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Flag, ...]: ...
    def __getitem__(self, index: int | slice) -> Flag | tuple[Flag, ...]:
        return self.as_tuple()[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Flags | tuple):
            return self.as_tuple() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.as_tuple())

    def __repr__(self) -> str:
        return repr(self.as_tuple())

    def as_tuple(self) -> tuple[Flag, ...]:
        if self._tuple is None:
            self._tuple = tuple(self)
        return self._tuple

    def _flags_of(self, piece: list[Flag] | range) -> Iterator[Flag]:
        if isinstance(piece, list):
            return iter(piece)
        ballots = self._duplicates.ballots[piece.start : piece.stop]
        units = self._duplicates.units[piece.start : piece.stop]
        rows = zip(ballots, repeat(FlagKind.DUPLICATE_UNIT), units, repeat(None))
        return map(tuple.__new__, repeat(Flag), rows)  # Flag(*row), at C speed

    def plain_json(self) -> str | None:
        """The flags, one JSON object per line (as `_flags_json` writes them), when no text
        needs escaping (else None): the other flags written at once, the runs of duplicates
        laid out with slice assignments, all joined once."""
        duplicates = self._duplicates
        listed = list(chain.from_iterable(piece for piece in self._pieces if isinstance(piece, list)))
        if (
            _needs_escape("".join(duplicates.ballots))
            or _needs_escape("".join(duplicates.units))
            or _any_needs_escape(listed)
        ):
            return None
        texts = [text + _SEPARATOR for text in _plain_flags_json(listed)]
        parts: list[str | None] = []
        done = 0
        for piece in self._pieces:
            if isinstance(piece, list):
                parts += texts[done : done + len(piece)]
                done += len(piece)
                continue
            run = [*_DUPLICATE_JSON] * len(piece)
            run[1::5] = duplicates.ballots[piece.start : piece.stop]
            run[3::5] = duplicates.units[piece.start : piece.stop]
            parts += run
        if not parts:
            return ""
        parts[-1] = parts[-1][: -len(_SEPARATOR)]  # type: ignore[index]  # every flag ends with one
        return "".join(parts)  # type: ignore[arg-type]  # every None was replaced


@dataclass(frozen=True, slots=True)
class CandidateResult:
    name: str
    support: Totals
    passed: bool
    elected: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "headcount": self.support.headcount,
            "area": format_area(self.support.area),
            "passed": self.passed,
            "elected": self.elected,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CandidateResult:
        support = Totals(int(data["headcount"]), Decimal(data["area"]))
        return cls(data["name"], support, bool(data["passed"]), bool(data["elected"]))


@dataclass(frozen=True, slots=True)
class ElectionResult:
    id: str
    seats: int
    candidates: tuple[CandidateResult, ...]
    elected: tuple[str, ...]
    tied: tuple[str, ...]
    vacancies: int

    @property
    def kind(self) -> ContestKind:
        return ContestKind.ELECTION

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "seats": self.seats,
            "candidates": [candidate.to_dict() for candidate in self.candidates],
            "elected": list(self.elected),
            "tied": list(self.tied),
            "vacancies": self.vacancies,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ElectionResult:
        return cls(
            data["id"],
            int(data["seats"]),
            tuple(CandidateResult.from_dict(c) for c in data["candidates"]),
            tuple(data["elected"]),
            tuple(data["tied"]),
            int(data["vacancies"]),
        )


@dataclass(frozen=True, slots=True)
class MotionResult:
    id: str
    yes: Totals
    no: Totals
    abstain: Totals
    passed: bool

    @property
    def kind(self) -> ContestKind:
        return ContestKind.MOTION

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "yes": totals_to_dict(self.yes),
            "no": totals_to_dict(self.no),
            "abstain": totals_to_dict(self.abstain),
            "passed": self.passed,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MotionResult:
        return cls(
            data["id"],
            totals_from_dict(data["yes"]),
            totals_from_dict(data["no"]),
            totals_from_dict(data["abstain"]),
            bool(data["passed"]),
        )


ContestResult = ElectionResult | MotionResult


@dataclass(frozen=True, slots=True)
class Result:
    """Everything `huanjie tally --json` prints, key for key."""

    rules: str
    eligible: Totals
    participating: Totals
    quorum_met: bool
    contests: tuple[ContestResult, ...]
    flags: Sequence[Flag]  # a tuple, or `Flags` after a count from files

    def to_dict(self) -> dict[str, Any]:
        return {
            "rules": self.rules,
            "eligible": totals_to_dict(self.eligible),
            "participating": totals_to_dict(self.participating),
            "quorum_met": self.quorum_met,
            "contests": [contest.to_dict() for contest in self.contests],
            "flags": [flag.to_dict() for flag in self.flags],
        }

    def to_json(self) -> str:
        """The spec's JSON, laid out as the spec shows it: one flag, candidate or motion per
        line, keys in spec order, Chinese as is, final newline. Same result, same bytes."""
        return "".join(self.json_parts())

    def json_parts(self) -> list[str]:
        """`to_json()` in a few pieces, to write without joining them: the flags are one
        piece, which may be large (a count may raise a million flags) and is usually ASCII
        while the rest holds Chinese names (one string would take twice the memory)."""
        head = {
            "rules": self.rules,
            "eligible": totals_to_dict(self.eligible),
            "participating": totals_to_dict(self.participating),
            "quorum_met": self.quorum_met,
        }
        lines = ["{", *(f"  {_value(key)}: {_value(value)}," for key, value in head.items())]
        lines.append('  "contests": [')
        lines += _joined([_contest_json(contest.to_dict()) for contest in self.contests], "    ")
        lines.append("  ],")
        lines.append('  "flags": [')
        if not self.flags:
            return ["\n".join([*lines, "  ]", "}", ""])]
        return ["\n".join([*lines, "    "]), _flags_json(self.flags), "\n  ]\n}\n"]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Result:
        return cls(
            data["rules"],
            totals_from_dict(data["eligible"]),
            totals_from_dict(data["participating"]),
            bool(data["quorum_met"]),
            tuple(_contest_from_dict(c) for c in data["contests"]),
            tuple(Flag.from_dict(f) for f in data["flags"]),
        )

    @classmethod
    def from_json(cls, text: str) -> Result:
        return cls.from_dict(json.loads(text))


def _value(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


_SEPARATOR = ",\n    "  # between two flags: each on its own line, indented
_KIND_TEXT = {kind: kind.value for kind in FlagKind}
# What JSON strings escape (json.encoder, with ensure_ascii=False): quote, backslash, controls.
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f\\"]')
# A `duplicate-unit` flag laid out in pieces: the ballot and the unit go where the Nones are.
_DUPLICATE_JSON = ('{"ballot": "', None, '", "unit": "', None, f'", "flag": "{FlagKind.DUPLICATE_UNIT}"}}{_SEPARATOR}')


def _flags_json(flags: Sequence[Flag]) -> str:
    """The flags, one JSON object per line, built by hand: a count may raise a million.

    When no ballot id, unit or contest id needs escaping (the usual case, checked once over
    all of them) they are written between quotes as they are.
    """
    try:
        if isinstance(flags, Flags):
            plain = flags.plain_json()
        else:
            plain = None if _any_needs_escape(flags) else _SEPARATOR.join(_plain_flags_json(flags))
    except KeyError:  # a kind that is not a FlagKind
        plain = None
    return _SEPARATOR.join([_flag_json(*flag) for flag in flags]) if plain is None else plain


def _any_needs_escape(flags: Sequence[Flag]) -> bool:
    """Whether JSON escapes a character of a ballot id, unit or contest id of `flags` (a
    kind that is not a `FlagKind` is found out when it is written)."""
    ballots = "".join(map(itemgetter(0), flags))
    units = "".join(filter(None, map(itemgetter(2), flags)))
    contests = "".join(filter(None, set(map(itemgetter(3), flags))))
    return _needs_escape(ballots) or _needs_escape(units) or _needs_escape(contests)


def _needs_escape(text: str) -> bool:
    """Whether JSON escapes a character of `text`; `isprintable` first, as it is much faster."""
    if text.isprintable():  # no control character
        return '"' in text or "\\" in text
    return _NEEDS_ESCAPE.search(text) is not None


def _plain_flags_json(flags: Sequence[Flag]) -> list[str]:
    kind_text = _KIND_TEXT
    return [
        f'{{"ballot": "{ballot}", "unit": "{unit}", "flag": "{kind_text[kind]}"}}'
        if contest is None and unit is not None
        else f'{{"ballot": "{ballot}", "contest": "{contest}", "flag": "{kind_text[kind]}"}}'
        if contest is not None and unit is None
        else f'{{"ballot": "{ballot}", "flag": "{kind_text[kind]}"}}'
        if contest is None
        else _flag_json(ballot, kind, unit, contest)
        for ballot, kind, unit, contest in flags
    ]


def _flag_json(ballot: str, kind: FlagKind, unit: str | None, contest: str | None) -> str:
    string = _encode_string
    if contest is None and unit is not None:
        return f'{{"ballot": {string(ballot)}, "unit": {string(unit)}, "flag": "{kind}"}}'
    if contest is not None and unit is None:
        return f'{{"ballot": {string(ballot)}, "contest": {string(contest)}, "flag": "{kind}"}}'
    return json.dumps(Flag(ballot, kind, unit, contest).to_dict(), ensure_ascii=False)


def _joined(items: list[str], indent: str) -> list[str]:
    """JSON array items, one per line, commas between."""
    if not items:
        return []
    last = len(items) - 1
    return [indent + item + "," for item in items[:last]] + [indent + items[last]]


def _contest_json(contest: dict[str, Any]) -> str:
    """One contest; an election lists its candidates one per line."""
    if contest["kind"] != ContestKind.ELECTION.value:
        return _value(contest)
    head = f'{{"id": {_value(contest["id"])}, "kind": "election", "seats": {contest["seats"]},'
    candidates = _joined([_value(c) for c in contest["candidates"]], "       ")
    tail = (
        f' "elected": {_value(contest["elected"])}, "tied": {_value(contest["tied"])},'
        f' "vacancies": {contest["vacancies"]}}}'
    )
    if not candidates:
        return head + '\n     "candidates": [],\n    ' + tail
    return "\n".join([head, '     "candidates": [', *candidates, "     ],", "    " + tail])


def totals_to_dict(totals: Totals) -> dict[str, Any]:
    return {"headcount": totals.headcount, "area": format_area(totals.area)}


def totals_from_dict(data: dict[str, Any]) -> Totals:
    return Totals(int(data["headcount"]), Decimal(data["area"]))


def _contest_from_dict(data: dict[str, Any]) -> ContestResult:
    if data["kind"] == ContestKind.ELECTION.value:
        return ElectionResult.from_dict(data)
    return MotionResult.from_dict(data)
