"""The count's inputs, as huanjie.rules takes them and as spec/tally.md files.

Units and owners are pseudonymised (U00001, P00001, in frozen-roster order) and areas kept, so
anyone can recount with `huanjie tally` without learning who lives where. The web count runs on
exactly these inputs, so the published files and the announced result agree to the last digit.

Each ballot lists the units of its paper: all its entity's units for an entity-wide paper, its
one unit for a paper per unit (so two papers of one entity that disagree meet spec/tally.md rule
6, `entity-conflict`, in the web count and in `huanjie tally` alike).

ballots.csv lists ballots in the order received. A ballot the settings let a later one replace
(revote allowed, or paper prevailing over online) is listed right after the one that replaced
it, so that the count, which keeps a unit's first counted ballot, keeps the same one.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie.csvfiles import data_csv
from huanjie.rules import RULES, Answer, Choice, Election, Matter, Motion, Unit
from huanjie.rules import Contest as RulesContest
from huanjie.rules.tally import BallotRow
from huanjie.voting.errors import BallotsInconsistent
from huanjie.voting.models import Assembly, Ballot, BallotPaper, BallotStatus, Contest
from huanjie.voting.snapshot import frozen_units, snapshot_text


@dataclass(frozen=True)
class CountInputs:
    units: list[Unit]  # pseudonymised, in frozen-roster order
    contests: list[RulesContest]
    rows: list[BallotRow]
    unit_names: dict[str, str]  # pseudonym → real unit code, for the tellers' own pages
    join: str = "identical-owners"  # the count's settings, frozen with the roster (spec/tally.md v2)
    write_in: str = "ignore-name"


def count_inputs(assembly: Assembly) -> CountInputs:
    real = frozen_units(assembly)
    pseudonym = {unit.code: f"U{i:05d}" for i, unit in enumerate(real, start=1)}
    owners: dict[str, str] = {}
    for unit in real:
        for owner in sorted(unit.owners):
            owners.setdefault(owner, f"P{len(owners) + 1:05d}")
    units = [Unit(pseudonym[u.code], u.area, frozenset(owners[o] for o in u.owners), u.status, u.building)
             for u in real]
    contests = [rules_contest(contest) for contest in assembly.contests.order_by("position", "pk")]
    entity_units: dict[int, tuple[str, ...]] = {}
    for entity_id, code in assembly.snapshot_units.order_by("position").values_list("entity_id", "code"):
        entity_units[entity_id] = (*entity_units.get(entity_id, ()), pseudonym[code])
    papers = {pk: (entity_id, code) for pk, entity_id, code in BallotPaper.objects.filter(assembly=assembly)
              .values_list("pk", "entity_id", "unit__code")}
    ballots = counting_order(assembly)
    ensure_consistent(assembly, ballots, papers, entity_units, pseudonym)

    def units_of(ballot: Ballot) -> tuple[str, ...]:
        code = papers[ballot.paper_id][1]
        return (pseudonym[code],) if code is not None else entity_units[ballot.entity_id]

    rows = [(ballot.number, units_of(ballot), ballot.status != BallotStatus.INVALID,
             tuple(_choice(contest, ballot.choices.get(contest.id)) for contest in contests))
            for ballot in ballots]
    return CountInputs(units, contests, rows, {v: k for k, v in pseudonym.items()}, assembly.join, assembly.write_in)


def ensure_consistent(assembly: Assembly, ballots: list[Ballot], papers: dict[int, tuple[int, str | None]],
                      entity_units: dict[int, tuple[str, ...]], pseudonym: dict[str, str]) -> None:
    """Every ballot is this assembly's, on one of its papers, for that paper's voting entity.

    The database keeps it so (migration voting 0005); should a row ever slip past it, the count
    names the ballots instead of failing half-way or counting a unit of another assembly.
    """
    problems = []
    for ballot in ballots:
        paper = papers.get(ballot.paper_id)
        if paper is None:
            problems.append(_("%(ballot)s 的表决票不属于本次业主大会") % {"ballot": ballot.number})
        elif paper[0] != ballot.entity_id:
            problems.append(_("%(ballot)s 记录的表决主体与其表决票的不同") % {"ballot": ballot.number})
        elif ballot.entity_id not in entity_units or (paper[1] is not None and paper[1] not in pseudonym):
            problems.append(_("%(ballot)s 的房屋不在本次业主大会的冻结名册中") % {"ballot": ballot.number})
        elif ballot.community_id != assembly.community_id:
            problems.append(_("%(ballot)s 记在另一个小区名下") % {"ballot": ballot.number})
    if problems:
        raise BallotsInconsistent(details="；".join(problems))


def rules_contest(contest: Contest) -> RulesContest:
    matter = Matter.from_spec_name(contest.matter)
    if contest.is_election:
        return Election(contest.spec_id, matter, contest.seats or 1, tuple(contest.candidates), contest.choice_limit)
    return Motion(contest.spec_id, matter)


def counting_order(assembly: Assembly) -> list[Ballot]:
    ballots = list(Ballot.objects.filter(assembly=assembly).order_by("received_at", "pk"))
    counted = {b.paper_id: b for b in ballots if b.status == BallotStatus.COUNTED}

    def key(ballot: Ballot) -> tuple[datetime, int, int]:
        winner = counted.get(ballot.paper_id)
        if (ballot.status == BallotStatus.DUPLICATE and winner is not None
                and (winner.received_at, winner.pk) > (ballot.received_at, ballot.pk)):
            return winner.received_at, winner.pk, 1
        return ballot.received_at, ballot.pk, 0

    return sorted(ballots, key=key)


def _choice(contest: RulesContest, value: object) -> Choice:
    if isinstance(contest, Election):
        return frozenset(value if isinstance(value, list) else ())
    return Answer(value) if isinstance(value, str) and value else Answer.ABSTAIN


def roster_file(inputs: CountInputs) -> bytes:
    """spec/tally.md's roster, read back by `huanjie tally`: cells exactly as counted (csvfiles.data_csv)."""
    header = ["unit", "building", "area", "owners", "status"]
    return data_csv([header, *([u.code, u.building, f"{u.area:.2f}", ";".join(sorted(u.owners)), u.status.value]
                               for u in inputs.units)]).encode("utf-8")


def ballots_file(inputs: CountInputs) -> bytes:
    """spec/tally.md's ballots; its SHA-256 is printed on the results notice, so its bytes never change."""
    header = ["ballot", "units", "valid", *(c.id for c in inputs.contests)]
    rows = ([ballot_id, ";".join(units), "yes" if valid else "no",
             *(_cell(contest, choice) for contest, choice in zip(inputs.contests, choices, strict=True))]
            for ballot_id, units, valid, choices in inputs.rows)
    return data_csv([header, *rows]).encode("utf-8")


def _cell(contest: RulesContest, choice: Choice) -> str:
    if isinstance(contest, Election) and isinstance(choice, frozenset):
        order = {name: i for i, name in enumerate(contest.candidates)}
        return ";".join(sorted(choice, key=lambda name: (order.get(name, len(order)), name)))
    return str(choice.value) if isinstance(choice, Answer) else ""


def election_file(inputs: CountInputs) -> bytes:
    lines = [f"rules = {_toml(RULES)}", f"join = {_toml(inputs.join)}", f"write_in = {_toml(inputs.write_in)}"]
    for contest in inputs.contests:
        lines += ["", "[[contest]]", f"id = {_toml(contest.id)}", f"kind = {_toml(contest.kind.value)}",
                  f"matter = {_toml(contest.matter.spec_name)}"]
        if isinstance(contest, Election):
            lines += [f"seats = {contest.seats}", f"max_choices = {contest.choice_limit}",
                      "candidates = [" + ", ".join(_toml(name) for name in contest.candidates) + "]"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _toml(text: str) -> str:
    # A JSON string is a TOML basic string: the same quotes and escapes.
    return json.dumps(text, ensure_ascii=False)


def ballots_digest(inputs: CountInputs) -> str:
    return hashlib.sha256(ballots_file(inputs)).hexdigest()


def _settings_lines(assembly: Assembly) -> str:
    """The count's settings as frozen with the roster, and the SHA-256 that binds them to it."""
    lines = f"计票设置（与 election.toml 相同）：join = {assembly.join}，write_in = {assembly.write_in}\n"
    if assembly.count_rules_basis:
        lines += f"依据：{assembly.count_rules_basis}\n"
    if assembly.snapshot_sha256:
        lines += (f"冻结名册及计票设置 SHA-256：{assembly.snapshot_sha256}（以下三行的 SHA-256）\n"
                  + snapshot_text(assembly))  # fmt: skip
    return lines


def tally_zip(assembly: Assembly, inputs: CountInputs) -> bytes:
    files = {"roster.csv": roster_file(inputs), "ballots.csv": ballots_file(inputs),
             "election.toml": election_file(inputs)}
    readme = (
        f"{assembly.community.name} · {assembly.title}\n"
        f"名册冻结时间：{timezone.localtime(assembly.frozen_at):%Y-%m-%d %H:%M}\n" if assembly.frozen_at else ""
    ) + (
        f"冻结名册 SHA-256：{assembly.roster_sha256}\n"
        + _settings_lines(assembly)
        + "房号和业主已化名（U00001、P00001），面积不变。任何人都可以复核计票：\n"
        "  huanjie tally --roster roster.csv --ballots ballots.csv --election election.toml\n"
        + "".join(f"{name} SHA-256：{hashlib.sha256(data).hexdigest()}\n" for name, data in files.items())
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in {**files, "README.txt": readme.encode("utf-8")}.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), data)
    return out.getvalue()
