"""`huanjie crypto demo`: a complete small encrypted election, written as a record.

The community, its areas and how people vote are made up with a seeded `random.Random`: they
are sample data, not secrets. Every key, nonce and proof nonce comes from `secrets`.

The roster is a roster of units (`demo_units`); the voting entities are what
`huanjie.rules.build_entities` makes of them with the manifest's `join` (JI art. 9).

All the trustees live in this one process. Before decrypting, each trustee must check and
add up the published ballots itself (`huanjie.crypto.election.trustee_decrypt`); here they
share one computer, so that is done once for all of them.
"""

from __future__ import annotations

import multiprocessing
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from huanjie.crypto.ballot import ElectionContext, EncryptedBallot, encrypt_ballot
from huanjie.crypto.ballotcheck import check_ballots
from huanjie.crypto.election import accumulate, run_key_ceremony, tally_record, tally_request, trustee_decrypt
from huanjie.crypto.manifest import Manifest, roster_entities
from huanjie.crypto.record import ballots_file, write_record
from huanjie.rules import Answer, Choice, Election, JoinRule, Matter, Motion, Unit, UnitStatus, build_entities

CANDIDATES = ("张三", "李四", "王五", "赵六", "钱七", "孙八", "周九", "吴十", "郑十一")
POPULARITY = (0.92, 0.90, 0.88, 0.85, 0.80, 0.78, 0.77, 0.40, 0.30)
TRUSTEE_NAMES = ("街道办事处", "社区居民委员会", "业主代表甲", "业主代表乙", "法律专家", "业主代表丙", "业主代表丁")


def demo_units(households: int, rng: random.Random) -> list[Unit]:
    """A made-up community of `households` voting entities (JI art. 9, spec/tally.md v2): one
    household in eight owns a second flat (the same owners: one head); one in ten is a couple
    next to a flat of one of them alone (other owners: a head of its own); the developer holds
    unsold flats and undelivered ones, sold to owners of delivered flats (still its one head)."""
    units: list[Unit] = []

    def flat(owners: frozenset[str], status: UnitStatus = UnitStatus.DELIVERED) -> None:
        units.append(Unit(f"U{len(units) + 1:05d}", Decimal(rng.randint(4000, 20000)).scaleb(-2), owners, status))

    for i in range(1, households):
        owners = frozenset({f"O{i}", f"O{i - 1}"}) if i > 1 and rng.random() < 0.1 else frozenset({f"O{i}"})
        flat(owners)
        if rng.random() < 0.125:
            flat(owners)
    for _ in range(3):
        flat(frozenset(), UnitStatus.UNSOLD)
    for _ in range(2):
        flat(frozenset({f"O{rng.randint(1, max(1, households - 1))}"}), UnitStatus.UNDELIVERED)
    return units


def demo_manifest(
    entities: int, trustees: int, threshold: int, rng: random.Random, join: JoinRule = JoinRule.IDENTICAL_OWNERS
) -> Manifest:
    names = tuple(TRUSTEE_NAMES[i] if i < len(TRUSTEE_NAMES) else f"监督人{i + 1}" for i in range(trustees))
    roster = roster_entities(build_entities(demo_units(entities, rng), join))
    contests = (
        Election("committee", Matter.ELECT_COMMITTEE, 7, CANDIDATES),
        Motion("facade-fund", Matter.USE_MAINTENANCE_FUND),
        Motion("lift-fund", Matter.RAISE_MAINTENANCE_FUND),
    )
    title = "五月花小区第二届业主委员会换届选举（演示）"
    return Manifest("demo-reelection", title, names, threshold, contests, roster, join)


def demo_choices(rng: random.Random) -> list[Choice]:
    approved = [name for name, p in zip(CANDIDATES, POPULARITY, strict=True) if rng.random() < p][:7]
    return [
        frozenset(approved),
        rng.choices(list(Answer), weights=(70, 20, 10))[0],
        rng.choices(list(Answer), weights=(55, 35, 10))[0],
    ]


_context: ElectionContext | None = None


def _init(context: ElectionContext) -> None:
    global _context
    _context = context


def _encrypt(job: tuple[str, list[Choice]]) -> EncryptedBallot:
    assert _context is not None
    return encrypt_ballot(_context, job[0], job[1])


def encrypt_all(
    context: ElectionContext, jobs: Sequence[tuple[str, list[Choice]]], workers: int
) -> list[EncryptedBallot]:
    if workers <= 1:
        _init(context)
        return [_encrypt(job) for job in jobs]
    with multiprocessing.get_context().Pool(workers, _init, (context,)) as pool:
        return pool.map(_encrypt, jobs, chunksize=50)


@dataclass(frozen=True, slots=True)
class DemoOutcome:
    out: Path
    ballots: int
    entities: int
    decrypting: list[int]


def run_demo(
    out: Path,
    *,
    ballots: int = 500,
    trustees: int = 5,
    threshold: int = 3,
    seed: int = 2025,
    workers: int = 2,
    join: JoinRule = JoinRule.IDENTICAL_OWNERS,
) -> DemoOutcome:
    rng = random.Random(seed)
    manifest = demo_manifest(ballots + ballots // 9, trustees, threshold, rng, join)
    ceremony = run_key_ceremony(manifest)
    context = ElectionContext(manifest, manifest.hash(), ceremony.election_keys)
    voters = rng.sample([e.id for e in manifest.roster], ballots)
    encrypted = encrypt_all(context, [(entity, demo_choices(rng)) for entity in voters], workers)
    published = ballots_file(context, encrypted)
    sums = accumulate(manifest, encrypted)  # the counting team
    request = tally_request(manifest, sums)
    present = sorted(rng.sample(range(trustees), threshold))
    rechecked = check_ballots(context, published, workers).sums  # each trustee's own sums (see above)
    parts = [trustee_decrypt(ceremony.keys[i], context, rechecked, request) for i in present]
    write_record(out, context, ceremony.trustees, published, tally_record(manifest, sums, request, parts))
    return DemoOutcome(out, ballots, len(manifest.roster), [i + 1 for i in present])
