"""Setting up an owners' assembly, opening it (the roster freezes) and closing it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from huanjie import audit
from huanjie.charter.models import CharterDocument
from huanjie.charter.selectors import rules_of_procedure_in_force
from huanjie.reelection.models import Reelection
from huanjie.roster.models import Community
from huanjie.rules import Matter
from huanjie.voting.codes import new_code, voting_code_digest
from huanjie.voting.errors import (
    BadContest,
    BadWindow,
    CodeListNotConfirmed,
    CodesAlreadyPrinted,
    InvalidTransition,
    NoContests,
    NoSealedBox,
    UnknownPaperMode,
)
from huanjie.voting.models import (
    Assembly,
    AssemblyForm,
    AssemblyStatus,
    BallotBox,
    BallotPaper,
    BoxStatus,
    CodeRelease,
    Contest,
    ContestKind,
    PaperMode,
    Precedence,
    ReleaseKind,
)
from huanjie.voting.services.announced import ensure_announced
from huanjie.voting.snapshot import freeze_roster

Actor = AbstractBaseUser | None
RESERVED_IDS = frozenset({"ballot", "units", "valid"})


def guard(assembly: Assembly, expected: AssemblyStatus, action: str) -> None:
    """Refuse a step unless the assembly is in the state it needs, naming both states."""
    if assembly.status != expected:
        raise InvalidTransition(title=assembly.title, actual=AssemblyStatus(assembly.status).label,
                                expected=expected.label, action=action)


@transaction.atomic
def create_assembly(*, community: Community, title: str, opens_at: datetime, closes_at: datetime,
                    actor: Actor, form: str = AssemblyForm.WRITTEN, counting_place: str = "",
                    reelection: Reelection | None = None, revote_allowed: bool = False,
                    precedence: str = Precedence.FIRST_RECEIVED, proxy_cap: int = 3,
                    paper_mode: str = PaperMode.PER_ENTITY) -> Assembly:
    if closes_at <= opens_at:
        raise BadWindow(opens=_local(opens_at), closes=_local(closes_at))
    if paper_mode not in PaperMode.values:
        raise UnknownPaperMode(mode=paper_mode)
    rules = rules_of_procedure_in_force(community.pk, on=timezone.localdate())
    assembly = Assembly.objects.create(
        community=community, reelection=reelection, title=title, form=form, opens_at=opens_at,
        closes_at=closes_at, counting_place=counting_place, revote_allowed=revote_allowed,
        precedence=precedence, proxy_cap=proxy_cap, paper_mode=paper_mode, **settings_from(rules))
    audit.record("voting.assembly.created", actor=actor, target=assembly, data={"after": {
        "title": title, "opens_at": opens_at, "closes_at": closes_at, "form": form,
        "revote_allowed": revote_allowed, "precedence": precedence, "proxy_cap": proxy_cap,
        "paper_mode": paper_mode, "rules_of_procedure": assembly.rules_of_procedure_id,
        "online_voting": assembly.online_voting, "join": assembly.join, "write_in": assembly.write_in,
        "count_rules_basis": assembly.count_rules_basis}})
    return assembly


def settings_from(rules: CharterDocument | None) -> dict[str, object]:
    """What a new assembly takes from the rules of procedure in force: the count's settings, with that
    version as their basis, and online voting only where they adopt it; without rules on record, the
    law's defaults and paper ballots."""
    if rules is None:
        return {"online_voting": False}
    return {"rules_of_procedure": rules, "online_voting": rules.online_voting, "join": rules.join,
            "write_in": rules.write_in, "count_rules_basis": rules.citation[:300]}


@transaction.atomic
def add_contest(*, assembly: Assembly, kind: str, matter: str, title: str, actor: Actor, spec_id: str = "",
                seats: int | None = None, max_choices: int | None = None,
                candidates: list[str] | None = None) -> Contest:
    """A contest on the ballot. Only while the assembly is being prepared.

    `spec_id` is its column in the tally files (spec/tally.md); when none is given it is made from
    the matter (`committee` for the election, the matter's name for a motion), so that nobody has
    to invent an English name (issue 15, finding 9)."""
    guard(assembly, AssemblyStatus.DRAFT, "修改表决事项")
    names = [name.strip() for name in candidates or []]
    spec_id = spec_id.strip() or column_id(assembly, kind, matter)
    _check_contest(title, spec_id, kind, matter, seats, names)
    taken = assembly.contests.filter(spec_id=spec_id).values_list("title", flat=True).first()
    if taken is not None:
        raise BadContest(title=title, reason=f"计票文件列名“{spec_id}”已由“{taken}”使用")
    contest = Contest.objects.create(
        community_id=assembly.community_id, assembly=assembly, position=assembly.contests.count() + 1,
        spec_id=spec_id, kind=kind, matter=matter, title=title,
        seats=seats if kind == ContestKind.ELECTION else None,
        max_choices=(max_choices or seats) if kind == ContestKind.ELECTION else None,
        candidates=names if kind == ContestKind.ELECTION else [])
    audit.record("voting.contest.added", actor=actor, target=contest, data={"after": {
        "assembly": assembly.pk, "id": spec_id, "kind": kind, "matter": matter, "seats": seats,
        "max_choices": contest.max_choices, "candidates": contest.candidates}})
    return contest


def column_id(assembly: Assembly, kind: str, matter: str) -> str:
    """A free column name for the tally files: `committee` for the first election, else the matter's
    spec name (`use-maintenance-fund`), numbered when the assembly already has it (`-2`, `-3`, ...)."""
    base = "committee" if kind == ContestKind.ELECTION and matter == "elect-committee" else matter
    taken = set(assembly.contests.values_list("spec_id", flat=True)) | RESERVED_IDS
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)


def _check_contest(title: str, spec_id: str, kind: str, matter: str, seats: int | None, names: list[str]) -> None:
    def bad(reason: str) -> BadContest:
        return BadContest(title=title, reason=reason)

    if spec_id in RESERVED_IDS:
        raise bad(f"编号“{spec_id}”与计票文件的固定列重名")
    try:
        Matter.from_spec_name(matter)
    except ValueError:
        raise bad(f"未知的事项“{matter}”") from None
    if kind == ContestKind.MOTION:
        return
    if kind != ContestKind.ELECTION:
        raise bad(f"未知的类型“{kind}”")
    if not seats or seats < 1:
        raise bad("应选人数至少为 1")
    if not names or any(not name or ";" in name for name in names):
        raise bad("候选人名单不能为空，姓名中不能有分号")
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise bad("候选人重复：" + "、".join(repeated))


@transaction.atomic
def open_voting(*, assembly: Assembly, actor: Actor, now: datetime | None = None) -> Assembly:
    """Voting opens: the roster is frozen, and the papers are issued (per entity or per unit)."""
    from huanjie.voting.services.papers import papers_to_issue  # papers.py builds on this module

    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    guard(assembly, AssemblyStatus.DRAFT, "开始投票")
    if not assembly.contests.exists():
        raise NoContests(title=assembly.title)
    ensure_box_sealed(assembly)
    ensure_announced(assembly)  # 《物业管理条例》第十四条; 《上海市住宅物业管理规定》第二十九条
    now = now or timezone.now()
    freeze_roster(assembly)
    papers = len(BallotPaper.objects.bulk_create(papers_to_issue(assembly, now=now), batch_size=1000))
    assembly.status, assembly.frozen_at = AssemblyStatus.OPEN, now
    assembly.save(update_fields=["status", "frozen_at", "eligible_headcount", "eligible_area", "roster_csv",
                                 "roster_sha256", "snapshot_sha256"])
    audit.record("voting.assembly.opened", actor=actor, target=assembly, data={
        "before": {"status": AssemblyStatus.DRAFT},
        "after": {"status": AssemblyStatus.OPEN, "eligible_headcount": assembly.eligible_headcount,
                  "eligible_area": assembly.eligible_area, "roster_sha256": assembly.roster_sha256,
                  "join": assembly.join, "write_in": assembly.write_in, "snapshot_sha256": assembly.snapshot_sha256,
                  "papers": papers, "paper_mode": assembly.paper_mode}})
    return assembly


def ensure_box_sealed(assembly: Assembly) -> None:
    """Every assembly issues paper ballots, and a paper handed back goes into a box sealed before the
    scrutineers: without one, the papers have nowhere to go that the count will open and enter."""
    if not BallotBox.objects.filter(assembly=assembly, status=BoxStatus.SEALED).exists():
        raise NoSealedBox(title=assembly.title)


@transaction.atomic
def close_voting(*, assembly: Assembly, actor: Actor) -> Assembly:
    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    guard(assembly, AssemblyStatus.OPEN, "结束投票")
    assembly.status = AssemblyStatus.CLOSED
    assembly.save(update_fields=["status"])
    audit.record("voting.assembly.closed", actor=actor, target=assembly,
                 data={"before": {"status": AssemblyStatus.OPEN}, "after": {"status": AssemblyStatus.CLOSED}})
    return assembly


@dataclass(frozen=True)
class IssuedPaper:
    paper: BallotPaper
    code: str


@transaction.atomic
def issue_voting_codes(*, assembly: Assembly, actor: Actor, code_list: CodeRelease | None = None,
                       now: datetime | None = None) -> list[IssuedPaper]:
    """The voting code of every paper whose code is unused, generated once, for the one printing.

    Refused once the codes were printed: generating them again would void every sheet already
    handed out (a lost sheet is reissued alone, with four eyes: huanjie.voting.services.codes).
    `code_list`, a confirmed request for the print shop's list, comes out with this printing only.
    Only the keyed digest is stored: the codes exist in plain text only in what this returns.
    """
    from huanjie.voting.services.codes import confirmed_release, person

    assembly = (Assembly.objects.select_for_update(of=("self",)).select_related("codes_printed_by")
                .get(pk=assembly.pk))
    guard(assembly, AssemblyStatus.OPEN, "打印表决票")
    if assembly.codes_printed_at is not None:
        raise CodesAlreadyPrinted(when=_local(assembly.codes_printed_at), by=person(assembly.codes_printed_by))
    if code_list is not None:
        code_list = confirmed_release(code_list, actor, ReleaseKind.CODE_LIST)  # type: ignore[arg-type]
        if code_list.assembly_id != assembly.pk:
            raise CodeListNotConfirmed(number=code_list.number)
    now = now or timezone.now()
    papers = list(BallotPaper.objects.filter(assembly=assembly, code_used_at=None)
                  .select_related("entity", "unit").order_by("serial"))
    issued = [IssuedPaper(paper, new_code()) for paper in papers]
    for item in issued:
        item.paper.code_hash = voting_code_digest(item.code)
    BallotPaper.objects.bulk_update(papers, ["code_hash"], batch_size=1000)
    assembly.codes_printed_at, assembly.codes_printed_by = now, actor if getattr(actor, "pk", None) else None
    assembly.save(update_fields=["codes_printed_at", "codes_printed_by"])
    if code_list is not None:
        code_list.mark_done(now)
    audit.record("voting.codes.issued", actor=actor, target=assembly, data={
        "papers": len(papers), "code_list": code_list.number if code_list is not None else ""})
    return issued


def _local(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"
