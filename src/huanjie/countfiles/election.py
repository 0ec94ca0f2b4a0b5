"""election.toml: the rules profile, the count's settings and the contests (spec/tally.md v2).

`join` (which units are the same buyer's, JI art. 9) and `write_in` (what a name that is not a
candidate does, rule 5) default to the law's reading; the other values are the rules of
procedure's choice. An unknown value is bad input, like an unknown `rules`.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from huanjie.countfiles.problems import Problems
from huanjie.rules import RULES, Contest, Election, JoinRule, Matter, Motion, RankKey, WriteInRule

RESERVED_COLUMNS = frozenset({"ballot", "units", "valid"})
MATTER_NAMES = "、".join(matter.spec_name for matter in Matter)


class _Contests:
    """Finds the line of a key inside the n-th `[[contest]]` table, for messages."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.starts = [i for i, line in enumerate(self.lines) if re.match(r"\s*\[\[\s*contest\s*\]\]", line)]

    def line_of(self, n: int, key: str | None = None) -> int | None:
        if n >= len(self.starts):
            return None
        start = self.starts[n]
        end = self.starts[n + 1] if n + 1 < len(self.starts) else len(self.lines)
        if key is not None:
            for i in range(start + 1, end):
                if re.match(rf"\s*{re.escape(key)}\s*=", self.lines[i]):
                    return i + 1
        return start + 1


class Setup(NamedTuple):
    """What election.toml says: the rules profile, the contests and the count's settings."""

    rules: str
    contests: list[Contest]
    join: JoinRule = JoinRule.IDENTICAL_OWNERS
    write_in: WriteInRule = WriteInRule.IGNORE_NAME


def read_election(path: Path, problems: Problems) -> Setup | None:
    """The rules profile, contests and settings, or None when election.toml is bad (see `problems`)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
        data = tomllib.loads(text)
    except FileNotFoundError:
        problems.add(None, None, "文件不存在", "file not found")
        return None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        problems.add(None, None, f"无法读取 TOML：{error}", f"not valid TOML: {error}")
        return None
    before = len(problems.found)
    rules = _read_rules(data, text, problems)
    join = _read_setting(data, text, "join", JoinRule.IDENTICAL_OWNERS, problems)
    write_in = _read_setting(data, text, "write_in", WriteInRule.IGNORE_NAME, problems)
    contests = _read_contests(data, _Contests(text), problems)
    if len(problems.found) > before or join is None or write_in is None:
        return None
    return Setup(rules, contests, join, write_in)


def _read_rules(data: dict[str, Any], text: str, problems: Problems) -> str:
    rules = data.get("rules")
    if rules != RULES:
        line = _line_of(text, "rules")
        problems.add(line, "rules", f"未知的规则“{rules}”，应为 {RULES}", f"unknown rules {rules!r}, expected {RULES}")
    return RULES


S = TypeVar("S", JoinRule, WriteInRule)


def _read_setting(data: dict[str, Any], text: str, key: str, default: S, problems: Problems) -> S | None:
    """`join` or `write_in`: `default` (the law's reading) when absent, else one of its values."""
    value = data.get(key, default.value)
    allowed = [member.value for member in type(default)]
    if value in allowed:
        return type(default)(value)
    problems.add(_line_of(text, key), key, f"未知的 {key}“{value}”，应为 {' 或 '.join(allowed)}",
                 f"unknown {key} {value!r}, expected {' or '.join(allowed)}")  # fmt: skip
    return None


def _line_of(text: str, key: str) -> int | None:
    """The line of a top-level key, before the first table."""
    for i, line in enumerate(text.splitlines()):
        if line.lstrip().startswith("["):
            return None
        if re.match(rf"\s*{re.escape(key)}\s*=", line):
            return i + 1
    return None


def _read_contests(data: dict[str, Any], where: _Contests, problems: Problems) -> list[Contest]:
    tables = data.get("contest", [])
    if not isinstance(tables, list):
        problems.add(None, "contest", "contest 应为 [[contest]] 表数组", "contest must be an array of tables")
        return []
    contests: list[Contest] = []
    seen: set[str] = set()
    for n, table in enumerate(tables):
        contest = _read_contest(n, table, where, problems)
        if contest is None:
            continue
        if contest.id in seen:
            problems.add(where.line_of(n, "id"), "id", f"表决事项“{contest.id}”重复", f"contest {contest.id} repeated")
        seen.add(contest.id)
        contests.append(contest)
    return contests


def _read_contest(n: int, table: dict[str, Any], where: _Contests, problems: Problems) -> Contest | None:
    def bad(key: str, zh: str, en: str) -> None:
        problems.add(where.line_of(n, key), key, zh, en)

    before = len(problems.found)
    contest_id = table.get("id")
    if not isinstance(contest_id, str) or not contest_id.strip():
        bad("id", "表决事项缺少 id", "a contest needs an id")
        contest_id = ""
    elif contest_id.strip() in RESERVED_COLUMNS:
        bad("id", f"id“{contest_id}”与 ballots.csv 的固定列重名", f"id {contest_id} is a reserved column")
    contest_id = contest_id.strip()
    matter = _read_matter(table.get("matter"), bad)
    kind = table.get("kind")
    if kind == "motion":
        return Motion(contest_id, matter) if len(problems.found) == before and matter else None
    if kind != "election":
        bad("kind", f"未知的类型“{kind}”，应为 election 或 motion", f"kind {kind!r} must be election or motion")
        return None
    seats = _read_count(table, "seats", None, bad)
    max_choices = _read_count(table, "max_choices", seats or 1, bad)
    candidates = _read_candidates(table.get("candidates"), bad)
    rank_by = _read_rank_by(table.get("rank_by", ["headcount", "area"]), bad)
    if len(problems.found) > before or matter is None or seats is None or max_choices is None:
        return None
    return Election(contest_id, matter, seats, candidates, max_choices, rank_by)


def _read_matter(value: object, bad: Any) -> Matter | None:
    try:
        return Matter.from_spec_name(str(value))
    except ValueError:
        bad("matter", f"未知的事项“{value}”，应为 {MATTER_NAMES} 之一", f"unknown matter {value!r}")
        return None


def _read_count(table: dict[str, Any], key: str, default: int | None, bad: Any) -> int | None:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        bad(key, f"{key} 应为不小于 1 的整数，而不是“{value}”", f"{key} must be a whole number of at least 1")
        return None
    return value


def _read_candidates(value: object, bad: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        bad("candidates", "candidates 应为非空的姓名列表", "candidates must be a non-empty list of names")
        return ()
    names: list[str] = []
    for item in value:
        name = str(item).strip()
        if not isinstance(item, str) or not name or ";" in name:
            bad("candidates", f"候选人姓名“{item}”无效", f"candidate name {item!r} is not valid")
        elif name in names:
            bad("candidates", f"候选人“{name}”重复", f"candidate {name} repeated")
        else:
            names.append(name)
    return tuple(names)


def _read_rank_by(value: object, bad: Any) -> tuple[RankKey, ...]:
    keys: list[RankKey] = []
    for item in value if isinstance(value, list) else [value]:
        try:
            key = RankKey(str(item))
        except ValueError:
            bad("rank_by", f"未知的排名依据“{item}”，应为 headcount 或 area", f"rank_by {item!r} unknown")
            continue
        if key not in keys:
            keys.append(key)
    if not keys:
        bad("rank_by", "rank_by 不能为空", "rank_by must not be empty")
    return tuple(keys)
