"""An independent count, written from spec/tally.md (v2) alone, to check `huanjie tally` against.

Deliberately plain and slow: it imports nothing of huanjie, reads the three files with the
standard library, joins units by merging groups until nothing changes, and goes through the
rules one ballot at a time as the spec words them. It reads only well-formed files (the
tests write them); bad input is `huanjie tally`'s own business, tested elsewhere.
"""

from __future__ import annotations

import csv
import tomllib
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

THREE_QUARTERS_ITEMS = {"raise-maintenance-fund", "rebuild", "change-common-use"}  # art. 278 items 6–8
ANSWERS = {"": "abstain", "yes": "yes", "no": "no", "abstain": "abstain", "同意": "yes", "反对": "no",
           "弃权": "abstain"}  # fmt: skip


def count(roster: Path, ballots: Path, election: Path) -> dict[str, Any]:
    """The result of spec/tally.md's "Output (`--json`)", as parsed JSON."""
    setup = tomllib.loads(election.read_text(encoding="utf-8"))
    units = _read_roster(roster)
    entity_of = _entities(units, setup.get("join", "identical-owners"))
    area = {unit["code"]: unit["area"] for unit in units}
    contests = setup["contest"]
    write_in = setup.get("write_in", "ignore-name")

    flags: list[dict[str, str]] = []
    covered: set[str] = set()
    counted: list[dict[str, Any]] = []  # counted ballots: id, entity, units it counts for, choices
    for row in _rows(ballots):
        if row["valid"].strip().lower() == "no":
            continue  # rule 1
        named = _unique(part.strip() for part in row["units"].split(";") if part.strip())
        unknown = [code for code in named if code not in area]
        if unknown:  # rule 2
            flags += [{"ballot": row["ballot"], "unit": code, "flag": "unknown-unit"} for code in unknown]
            continue
        if len({entity_of[code] for code in named}) > 1:  # rule 3
            flags.append({"ballot": row["ballot"], "flag": "mixed-entities"})
            continue
        fresh = []
        for code in named:  # rule 4
            if code in covered:
                flags.append({"ballot": row["ballot"], "unit": code, "flag": "duplicate-unit"})
            else:
                fresh.append(code)
        if not fresh:
            continue
        covered.update(fresh)
        choices = []
        for contest in contests:  # rule 5
            choice, flag = _judge(contest, row[contest["id"]], write_in)
            choices.append(choice)
            if flag:
                flags.append({"ballot": row["ballot"], "contest": contest["id"], "flag": flag})
        ballot = {"id": row["ballot"], "entity": entity_of[fresh[0]], "units": fresh, "choices": choices,
                  "conflicts": []}  # fmt: skip
        counted.append(ballot)
        ballot["flags_before"] = len(flags)  # where this ballot's rule 6 flags go

    _rule_six(counted, contests)
    eligible_heads = len(set(entity_of.values()))
    eligible_area = sum(area.values(), Decimal(0))
    heads = len({ballot["entity"] for ballot in counted})
    part_area = sum((area[code] for ballot in counted for code in ballot["units"]), Decimal(0))
    quorum = 3 * heads >= 2 * eligible_heads and 3 * part_area >= 2 * eligible_area and eligible_heads > 0
    results = []
    for k, contest in enumerate(contests):
        keys = contest["candidates"] if contest["kind"] == "election" else ["yes", "no", "abstain"]
        support = {key: _support(key, k, counted, area) for key in keys}
        results.append(_contest_result(contest, support, (heads, part_area), quorum))
    return {
        "rules": setup["rules"],
        "eligible": _totals(eligible_heads, eligible_area),
        "participating": _totals(heads, part_area),
        "quorum_met": quorum,
        "contests": results,
        "flags": _with_conflicts(flags, counted),
    }


def _read_roster(path: Path) -> list[dict[str, Any]]:
    units = []
    for row in _rows(path):
        owners = {owner.strip() for owner in row["owners"].split(";") if owner.strip()}
        status = row.get("status", "").strip() or "delivered"
        units.append({"code": row["unit"].strip(), "area": Decimal(row["area"].strip()), "owners": owners,
                      "status": status})  # fmt: skip
    return units


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(file)]


def _entities(units: list[dict[str, Any]], join: str) -> dict[str, int]:
    """Each unit's group, by merging groups until nothing changes (JI art. 9, spec v2)."""
    group = {unit["code"]: n for n, unit in enumerate(units)}

    def joins(a: dict[str, Any], b: dict[str, Any]) -> bool:
        if a["status"] != "delivered" and b["status"] != "delivered":
            return True  # the developer's unsold and undelivered units are one person
        if "undelivered" in (a["status"], b["status"]):
            return False  # its identifiers are its buyers': they join it to nothing
        if join == "identical-owners":
            return bool(a["owners"]) and a["owners"] == b["owners"]
        return bool(a["owners"] & b["owners"])

    changed = True
    while changed:
        changed = False
        for a in units:
            for b in units:
                if group[a["code"]] != group[b["code"]] and joins(a, b):
                    low, high = sorted((group[a["code"]], group[b["code"]]))
                    group = {code: low if g == high else g for code, g in group.items()}
                    changed = True
    return group


def _judge(contest: dict[str, Any], cell: str, write_in: str) -> tuple[frozenset[str] | str, str | None]:
    if contest["kind"] == "motion":
        return ANSWERS[cell.strip().lower() if cell.strip().isascii() else cell.strip()], None
    names = frozenset(name.strip() for name in cell.split(";") if name.strip())
    if len(names) > contest.get("max_choices", contest["seats"]):
        return frozenset(), "over-vote"
    strangers = names - set(contest["candidates"])
    if not strangers:
        return names, None
    if write_in == "void-contest":
        return frozenset(), "unknown-candidate"
    return names - strangers, "unknown-candidate"


def _rule_six(counted: list[dict[str, Any]], contests: list[dict[str, Any]]) -> None:
    """Ballots of one entity that disagree on a choice: each of them is flagged, per contest."""
    for k, contest in enumerate(contests):
        by_entity: dict[int, list[dict[str, Any]]] = {}
        for ballot in counted:
            by_entity.setdefault(ballot["entity"], []).append(ballot)
        for ballots in by_entity.values():
            if len({_keys(ballot["choices"][k]) for ballot in ballots}) > 1:
                for ballot in ballots:
                    ballot["conflicts"].append(contest["id"])


def _keys(choice: frozenset[str] | str) -> frozenset[str]:
    return frozenset([choice]) if isinstance(choice, str) else choice


def _support(key: str, k: int, counted: list[dict[str, Any]], area: dict[str, Decimal]) -> tuple[int, Decimal]:
    """The area of each unit follows its own ballot; an entity's head counts for a choice
    only if all its counted ballots make it."""
    cents = sum((area[code] for b in counted if key in _keys(b["choices"][k]) for code in b["units"]), Decimal(0))
    entities = {ballot["entity"] for ballot in counted}
    heads = sum(all(key in _keys(b["choices"][k]) for b in counted if b["entity"] == entity) for entity in entities)
    return heads, cents


def _passes(support: tuple[int, Decimal], participating: tuple[int, Decimal], matter: str) -> bool:
    pairs = [(Fraction(support[0]), Fraction(participating[0])), (Fraction(support[1]), Fraction(participating[1]))]
    if participating[0] == 0:
        return False
    if matter in THREE_QUARTERS_ITEMS:
        return all(part >= Fraction(3, 4) * whole for part, whole in pairs)
    return all(part > whole / 2 for part, whole in pairs)


def _contest_result(contest: dict[str, Any], support: dict[str, tuple[int, Decimal]],
                    participating: tuple[int, Decimal], quorum: bool) -> dict[str, Any]:  # fmt: skip
    if contest["kind"] == "motion":
        return {"id": contest["id"], "kind": "motion", **{key: _totals(*support[key]) for key in support},
                "passed": quorum and _passes(support["yes"], participating, contest["matter"])}  # fmt: skip
    passed = {name: quorum and _passes(support[name], participating, contest["matter"]) for name in support}
    rank_by = contest.get("rank_by", ["headcount", "area"])

    def rank(name: str) -> tuple[Any, ...]:
        return tuple(-support[name][0] if key == "headcount" else -support[name][1] for key in rank_by)

    ranked = sorted((name for name in contest["candidates"] if passed[name]), key=rank)  # stable: toml order
    elected: list[str] = []
    tied: list[str] = []
    while ranked and len(elected) < contest["seats"]:
        group = [name for name in ranked if rank(name) == rank(ranked[0])]
        ranked = ranked[len(group) :]
        if len(group) > contest["seats"] - len(elected):
            tied = group
            break
        elected += group
    return {
        "id": contest["id"],
        "kind": "election",
        "seats": contest["seats"],
        "candidates": [
            {"name": name, **_totals(*support[name]), "passed": passed[name], "elected": name in elected}
            for name in contest["candidates"]
        ],  # fmt: skip
        "elected": elected,
        "tied": tied,
        "vacancies": contest["seats"] - len(elected),
    }


def _with_conflicts(flags: list[dict[str, str]], counted: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Rule 6's flags after the other flags of their ballot."""
    out: list[dict[str, str]] = []
    done = 0
    for ballot in counted:
        out += flags[done : ballot["flags_before"]]
        done = ballot["flags_before"]
        out += [{"ballot": ballot["id"], "contest": c, "flag": "entity-conflict"} for c in ballot["conflicts"]]
    return out + flags[done:]


def _totals(heads: int, area: Decimal) -> dict[str, Any]:
    return {"headcount": heads, "area": f"{area:.2f}"}


def _unique(items: Any) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen
