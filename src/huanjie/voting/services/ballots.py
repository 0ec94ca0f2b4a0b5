"""Receiving ballots: online with the code on the paper, and paper ballots once entered.

One counted ballot per paper: the database says so (`voting_one_counted_ballot_per_paper`).
With one paper per voting entity (the default) that is one voice per entity (JI art. 9); with
a paper per unit, each unit is covered once and the count applies spec/tally.md rule 6 to an
entity whose papers disagree. A second ballot online for the same paper is refused; a second
paper ballot is kept as a duplicate for the tellers to see, unless the assembly's settings let
it replace the first (revote allowed, or paper prevailing over online).
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie import audit
from huanjie.accounts import throttle
from huanjie.voting.choices import clean_choices
from huanjie.voting.codes import new_receipt, voting_code_digest
from huanjie.voting.errors import (
    AlreadyVoted,
    CodeAlreadyUsed,
    OnlineVotingNotAdopted,
    OutsideWindow,
    VotingNotOpen,
    WrongVotingCode,
)
from huanjie.voting.models import (
    Assembly,
    AssemblyStatus,
    Ballot,
    BallotPaper,
    BallotStatus,
    Channel,
    Contest,
    Precedence,
    Proxy,
)
from huanjie.voting.selectors import papers_with_window
from huanjie.voting.services.codes import ensure_not_reissued, reissue_of

Actor = AbstractBaseUser | None


def ensure_online_voting(assembly: Assembly) -> None:
    """Owners vote online only where the rules of procedure adopted it (《物业管理条例》第十八条)."""
    if not assembly.online_voting:
        raise OnlineVotingNotAdopted(title=assembly.title)


def ensure_voting_open(assembly: Assembly, now: datetime) -> None:
    if assembly.status != AssemblyStatus.OPEN:
        raise VotingNotOpen(title=assembly.title, actual=AssemblyStatus(assembly.status).label)
    if not assembly.opens_at <= now < assembly.closes_at:
        raise OutsideWindow(opens=_local(assembly.opens_at), closes=_local(assembly.closes_at))


def find_paper(*, code: str, phone_last4: str, client_key: str, now: datetime | None = None) -> BallotPaper:
    """The ballot paper whose voting code this is, if the phone's last four digits match the roster.

    Guesses are throttled per code typed and per client at that code (accounts.throttle), before
    the code is looked up, whether or not it exists: how the throttle answers says nothing about
    which codes are real. The message never says which part was wrong.
    """
    now = now or timezone.now()
    digest = voting_code_digest(code)
    attempt = throttle.attempt(f"vote:{digest[:32]}", client_key, now=now)
    paper = papers_with_window().filter(code_hash=digest).first()
    if paper is None:  # a code a reissue voided says so to the paper's owner (issue 17 #4); counted as a try
        ensure_not_reissued(code, lambda retired: _tail_matches(retired, phone_last4))
    if paper is None or not _tail_matches(paper, phone_last4):
        throttle.failed(attempt, holder=paper, step="vote")
        raise WrongVotingCode()
    throttle.succeeded(attempt)
    ensure_online_voting(paper.assembly)
    ensure_voting_open(paper.assembly, now)
    if paper.code_used_at is not None:
        raise CodeAlreadyUsed(when=_local(paper.code_used_at))
    return paper


def _tail_matches(paper: BallotPaper, phone_last4: str) -> bool:
    """The digits are those of an owner of the paper's units: of its one unit for a per-unit
    paper (an owner of the household's other unit does not vote this one), else of the entity."""
    wanted = phone_last4.strip()
    listed = paper.unit.phone_tails if paper.unit is not None else paper.entity.phone_tails
    tails = [tail for tail in listed.split(",") if tail]
    return any(hmac.compare_digest(wanted, tail) for tail in tails)


def cast_online_ballot(*, paper: BallotPaper | int, choices: dict[str, Any], submission_key: str,
                       now: datetime | None = None) -> Ballot:
    """The owner's confirmed online ballot. The same `submission_key` again returns the same ballot.

    `paper` may be the paper's primary key, as the owner's voting cookie keeps it. Holding the
    paper's row lock, the cast reads the paper, inserts the ballot (the database refuses a second
    counted one per entity), marks the code used and appends its audit record, all in one
    transaction. The insert has no savepoint of its own: when the database refuses it, the whole
    cast is rolled back, and only then is the paper's counted ballot looked up for the message.
    """
    pk = paper if isinstance(paper, int) else paper.pk
    try:
        return _cast(pk, choices, submission_key, now or timezone.now())
    except IntegrityError:
        # The paper has a counted ballot already (paper, proxy, door-to-door): the unique constraint says so.
        counted = (Ballot.objects.filter(paper_id=pk, status=BallotStatus.COUNTED)
                   .select_related("entity", "paper__unit").first())
        if counted is None:
            raise
        raise _already_voted(counted) from None


@dataclass(frozen=True)
class _LockedPaper:
    pk: int
    community_id: int
    entity_id: int
    code_used_at: datetime | None
    reissue_id: int | None
    assembly: Assembly
    contests: list[Contest]


# PostgreSQL: the paper for update, its assembly in share mode and the assembly's contests, in one
# statement. Casts do not wait for one another on the assembly, but closing the voting (or
# counting) locks it for update and so waits for every cast in flight; a cast that comes after the
# close reads the new status and is refused. Contests change only while the assembly is a draft.
LOCK_PAPER = (
    "SELECT p.id, p.community_id, p.entity_id, p.code_used_at, p.reissue_id,"
    " a.id, a.community_id, a.title, a.status, a.opens_at, a.closes_at, a.online_voting,"
    " (SELECT json_agg(json_build_array(c.id, c.spec_id, c.kind, c.title, c.seats, c.max_choices, c.candidates)"
    "   ORDER BY c.position, c.id) FROM voting_contest c WHERE c.assembly_id = a.id)"
    " FROM voting_ballotpaper p JOIN voting_assembly a ON a.id = p.assembly_id WHERE p.id = %s"
    " FOR UPDATE OF p FOR SHARE OF a"
)
# PostgreSQL: the ballot inserted and the paper's code marked used, in one statement. When the
# database refuses the ballot (one counted ballot per paper), the code stays unused. The paper's
# entity comes from LOCK_PAPER whichever the mode: a per-unit paper names its unit's entity too.
INSERT_BALLOT = (
    "WITH used AS (UPDATE voting_ballotpaper SET code_used_at = %s WHERE id = %s)"
    " INSERT INTO voting_ballot (community_id, assembly_id, entity_id, paper_id, channel, received_at, status,"
    " invalid_reason, note, choices, receipt, submission_key, recorded_by_id, collected_by)"
    " VALUES (%s, %s, %s, %s, %s, %s, %s, '', '', %s::jsonb, %s, %s, NULL, '') RETURNING id"
)


def _locked_paper(pk: int) -> _LockedPaper:
    """The paper, its assembly's voting window and its contests, locked until the cast commits.

    SQLite needs no row locks: its IMMEDIATE transactions already run one writer at a time.
    """
    if connection.vendor != "postgresql":
        found = papers_with_window().get(pk=pk)
        return _LockedPaper(found.pk, found.community_id, found.entity_id, found.code_used_at, found.reissue_id,
                            found.assembly,
                            list(Contest.objects.filter(assembly_id=found.assembly_id).order_by("position", "pk")))
    with connection.cursor() as cursor:
        cursor.execute(LOCK_PAPER, [pk])
        row = cursor.fetchone()
    if row is None:
        raise BallotPaper.DoesNotExist()
    assembly = Assembly(id=row[5], community_id=row[6], title=row[7], status=row[8], opens_at=row[9],
                        closes_at=row[10], online_voting=row[11])
    contests = [Contest(id=c[0], community_id=row[6], assembly_id=row[5], spec_id=c[1], kind=c[2], title=c[3],
                        seats=c[4], max_choices=c[5], candidates=c[6]) for c in row[12] or []]
    return _LockedPaper(row[0], row[1], row[2], row[3], row[4], assembly, contests)


def _insert(ballot: Ballot) -> None:
    """Save the new ballot and mark its paper's code used (at the ballot's time)."""
    if connection.vendor != "postgresql":
        ballot.save(force_insert=True)
        BallotPaper.objects.filter(pk=ballot.paper_id).update(code_used_at=ballot.received_at)
        return
    with connection.cursor() as cursor:
        cursor.execute(INSERT_BALLOT, [
            ballot.received_at, ballot.paper_id, ballot.community_id, ballot.assembly_id, ballot.entity_id,
            ballot.paper_id, ballot.channel, ballot.received_at, ballot.status, json.dumps(ballot.choices),
            ballot.receipt, ballot.submission_key])
        ballot.pk = cursor.fetchone()[0]
    ballot._state.adding, ballot._state.db = False, connection.alias


@transaction.atomic
def _cast(pk: int, choices: dict[str, Any], submission_key: str, now: datetime) -> Ballot:
    paper = _locked_paper(pk)
    if paper.code_used_at is not None:  # only a cast uses the code: there may be an earlier confirm
        earlier = Ballot.objects.filter(submission_key=submission_key).order_by().first()
        if earlier is not None:
            return earlier  # a double-clicked or resent confirm, which waited for the lock while the first was cast
    assembly = paper.assembly
    ensure_online_voting(assembly)
    ensure_voting_open(assembly, now)
    if paper.code_used_at is not None:
        raise CodeAlreadyUsed(when=_local(paper.code_used_at))
    ballot = Ballot(community_id=paper.community_id, assembly_id=assembly.pk, entity_id=paper.entity_id,
                    paper_id=paper.pk, channel=Channel.ONLINE, received_at=now, status=BallotStatus.COUNTED,
                    choices=clean_choices(paper.contests, choices, strict=True), receipt=new_receipt(),
                    submission_key=submission_key)
    _insert(ballot)
    # A ballot on a reissued paper says so, with who asked for the new code and who confirmed it.
    audit.record("voting.ballot.cast_online", target=ballot, data={"after": _summary(ballot),
                                                                  **reissue_of(paper.reissue_id)})
    return ballot


def _share_lock_assembly(paper_pk: int) -> None:
    """Hold the paper's assembly in share mode until the ballot commits (PostgreSQL), as a cast does
    (see LOCK_PAPER). SQLite needs none of this: its IMMEDIATE transactions run one writer at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT a.id FROM voting_assembly a JOIN voting_ballotpaper p ON p.assembly_id = a.id"
                " WHERE p.id = %s FOR SHARE OF a", [paper_pk])


@transaction.atomic
def record_paper_ballot(*, paper: BallotPaper, valid: bool, choices: dict[str, Any], actor: Actor,
                        received_at: datetime, channel: str = Channel.PAPER, invalid_reason: str = "",
                        collected_by: str = "", note: str = "", proxy: Proxy | None = None) -> Ballot:
    """A paper ballot as the tellers read it: counted, kept as a duplicate, or invalid with a reason.

    A second valid ballot for the same paper (per unit: the same unit) is the duplicate, not a
    ballot for another paper of the same entity.
    """
    _share_lock_assembly(paper.pk)
    paper = BallotPaper.objects.select_for_update(of=("self",)).select_related("assembly", "entity", "unit").get(
        pk=paper.pk)
    assembly = paper.assembly
    cleaned = clean_choices(assembly.contests.all(), choices, strict=False)
    fields = {"community_id": paper.community_id, "assembly": assembly, "entity": paper.entity, "paper": paper,
              "channel": channel, "received_at": received_at, "choices": cleaned, "collected_by": collected_by,
              "recorded_by": actor if getattr(actor, "pk", None) else None, "proxy": proxy}
    if not valid:
        ballot = Ballot.objects.create(**fields, status=BallotStatus.INVALID, invalid_reason=invalid_reason,
                                       note=note, receipt=new_receipt())
    else:
        ballot = _record_valid(assembly, paper, fields, note)
    audit.record("voting.ballot.recorded", actor=actor, target=ballot, data={"after": _summary(ballot),
                                                                            **reissue_of(paper.reissue_id)})
    return ballot


def _record_valid(assembly: Assembly, paper: BallotPaper, fields: dict[str, Any], note: str) -> Ballot:
    counted = _counted_ballot(paper)
    if counted is not None and _replaces(assembly, counted, fields["channel"]):
        counted.status = BallotStatus.DUPLICATE
        counted.note = _("已被同一户之后收到的%(channel)s取代") % {"channel": Channel(fields["channel"]).label}
        counted.save(update_fields=["status", "note"])
        audit.record("voting.ballot.superseded", target=counted, data={
            "before": {"status": BallotStatus.COUNTED}, "after": {"status": BallotStatus.DUPLICATE}})
        counted = None
    if counted is None:
        try:
            with transaction.atomic():
                return Ballot.objects.create(**fields, status=BallotStatus.COUNTED, note=note, receipt=new_receipt())
        except IntegrityError:
            counted = _counted_ballot(paper)
            if counted is None:
                raise
    duplicate_note = _("该户已有计入的票 %(number)s（%(channel)s，%(when)s）") % {
        "number": counted.number, "channel": counted.get_channel_display(), "when": _local(counted.received_at)}
    return Ballot.objects.create(**fields, status=BallotStatus.DUPLICATE, note=(note + " " + duplicate_note).strip(),
                                 receipt=new_receipt())


def _replaces(assembly: Assembly, counted: Ballot, channel: str) -> bool:
    """Whether a later valid paper ballot takes the place of the counted one, per the settings."""
    if assembly.revote_allowed:
        return True
    return assembly.precedence == Precedence.PAPER and counted.channel == Channel.ONLINE and channel != Channel.ONLINE


def _counted_ballot(paper: BallotPaper) -> Ballot | None:
    return Ballot.objects.filter(paper_id=paper.pk, status=BallotStatus.COUNTED).first()


def _already_voted(counted: Ballot) -> AlreadyVoted:
    return AlreadyVoted(units=counted.paper.label, channel=counted.get_channel_display(),
                        when=_local(counted.received_at))


def _summary(ballot: Ballot) -> dict[str, Any]:
    # The choices stay out of the audit chain: the chain says that a ballot arrived, not how it voted.
    return {"ballot": ballot.number, "entity": ballot.entity_id, "paper": ballot.paper_id,
            "channel": ballot.channel, "status": ballot.status,
            "invalid_reason": ballot.invalid_reason, "received_at": ballot.received_at}


def _local(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"
