"""Nominations (self, joint, residents' committee) and the arrears list used in the eligibility check."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie import audit
from huanjie.candidates.errors import (
    AlreadyNominated,
    ArrearsImportRejected,
    ConsentRequired,
    NominationPeriodOver,
    NominationsNeverClosed,
    NominationsStillOpen,
    NotAnOwnerHere,
    NotCollecting,
    NotYourUnit,
    OfficialIsCandidate,
    RecruitmentClosed,
    SupporterRejected,
    TooFewSupporters,
    UnitNotDelivered,
)
from huanjie.candidates.models import (
    ArrearsEntry,
    Candidate,
    EligibilityCheck,
    Nomination,
    NominationMethod,
    NominationStatus,
    Recruitment,
    SourceChannel,
    Supporter,
)
from huanjie.roster.models import Owner, Ownership, Unit, UnitStatus
from huanjie.rules.committee import officials_among_candidates
from huanjie.rules.eligibility import Condition, owner_by_unit, owner_met
from huanjie.rules.procedure import nominations_open

Actor = AbstractBaseUser | None


@dataclass(frozen=True)
class Profile:
    gender: str
    age_band: str
    occupation: str
    party_member: bool
    skills: list[str] = field(default_factory=list)
    time_available: str = ""
    statement: str = ""


def _ensure_owner(recruitment: Recruitment, owner: Owner, unit: Unit) -> None:
    """GR art. 31: an owner of this community — checked against the roster, not taken on trust."""
    owners_of_unit = Ownership.objects.filter(community_id=recruitment.community_id, unit=unit) \
        .values_list("owner__identifier", flat=True)
    if (owner.community_id != recruitment.community_id or unit.community_id != recruitment.community_id
            or not owner_met(owner.identifier, owners_of_unit)):
        raise NotAnOwnerHere(name=owner.name, unit=unit.code)
    if not owner_by_unit(delivered=unit.status != UnitStatus.UNDELIVERED):  # JI art. 1
        raise UnitNotDelivered(unit=unit.code)


def nomination_deadline(recruitment: Recruitment) -> date | None:
    """The last day to be nominated: the end of the call for candidates' period (Civil Code art. 201)."""
    call = recruitment.call_notice
    if call is None or not call.is_published or not call.has_period:
        return None
    return call.period_ends_on


def _ensure_accepting(recruitment: Recruitment, today: date) -> None:
    if recruitment.candidate_notice_id is not None:
        raise RecruitmentClosed()
    deadline = nomination_deadline(recruitment)
    if deadline is not None and not nominations_open(last_day=deadline, today=today):
        raise NominationPeriodOver(ends=deadline.isoformat())


def ensure_nominations_closed(recruitment: Recruitment, *, today: date, action: str) -> None:
    """SH art. 21: the candidate list is made from the nominations, so not while owners may still be nominated."""
    deadline = nomination_deadline(recruitment)
    if deadline is None:
        raise NominationsNeverClosed(action=action)
    if nominations_open(last_day=deadline, today=today):
        raise NominationsStillOpen(ends=deadline.isoformat(), action=action,
                                   next_day=(deadline + timedelta(days=1)).isoformat())


def _owner_ids(unit: Unit) -> set[int]:
    return set(Ownership.objects.filter(unit=unit).values_list("owner_id", flat=True))


def _supporter_problem(recruitment: Recruitment, nominee: Unit, unit: Unit, counted: Sequence[Unit]) -> str | None:
    """Why `unit` cannot join the recommendation, or None.

    Each co-signer is an owner of a different, delivered unit of this community: the developer's
    unsold or undelivered units do not recommend (JI art. 9 counts them as the developer's one
    head), and an owner of several units signs once, as they would vote once.
    """
    if unit.community_id != recruitment.community_id:
        return _("不是本小区的房号")
    if unit.is_developer_held:
        return _("建设单位未出售或未交付的房屋不计入联名")
    owners = _owner_ids(unit)
    if unit.pk == nominee.pk or owners & _owner_ids(nominee):
        return _("被推荐人本人的房屋不计入联名")
    for other in counted:
        if other.pk == unit.pk:
            return _("重复")
        if owners & _owner_ids(other):
            return _("与 %(code)s 属同一业主，同一业主只计一户") % {"code": other.code}
    return None


def _check_supporters(recruitment: Recruitment, unit: Unit, supporters: Sequence[Unit]) -> None:
    counted: list[Unit] = []
    for supporter in supporters:
        problem = _supporter_problem(recruitment, unit, supporter, counted)
        if problem is not None:
            raise SupporterRejected(code=supporter.code, reason=problem)
        counted.append(supporter)
    if len(counted) < recruitment.joint_minimum:
        raise TooFewSupporters(need=recruitment.joint_minimum, have=len(counted))


def ensure_not_official(recruitment: Recruitment, owners: Sequence[Owner]) -> None:
    """Scrutineers and tellers (监票人、计票人) of the re-election's vote may not stand in it (law.md)."""
    Official = apps.get_model("voting", "Official")  # voting builds on candidates
    officials = list(Official.objects.filter(assembly__reelection_id=recruitment.reelection_id, owner__isnull=False)
                     .select_related("owner"))
    clash = officials_among_candidates([o.owner.identifier for o in officials], [o.identifier for o in owners])
    if clash:
        official = next(o for o in officials if o.owner.identifier in clash)
        raise OfficialIsCandidate(name=official.owner.name, duty=official.get_duty_display())


def _ensure_new_nominee(recruitment: Recruitment, owner: Owner, unit: Unit, consent: bool) -> None:
    _ensure_owner(recruitment, owner, unit)
    ensure_not_official(recruitment, [owner])
    earlier = Nomination.objects.filter(recruitment=recruitment, owner=owner).first()
    if earlier is not None:
        raise AlreadyNominated(name=owner.name, when=f"{timezone.localtime(earlier.submitted_at):%Y-%m-%d}",
                               method=earlier.get_method_display())
    if not consent:
        raise ConsentRequired()


def _open_review(nomination: Nomination, now: datetime) -> Candidate:
    """The nominee's candidate, with the roster check (GR art. 31) recorded as done by the system."""
    candidate = Candidate.objects.create(community_id=nomination.community_id, recruitment=nomination.recruitment,
                                         nomination=nomination)
    EligibilityCheck.objects.create(
        community_id=nomination.community_id, candidate=candidate, condition=Condition.OWNER, met=True,
        evidence=_("业主名册：房号 %(unit)s 登记业主 %(name)s") % {"unit": nomination.unit.code,
                                                              "name": nomination.owner.name},
        confirmed_by=None, confirmed_at=now)
    return candidate


@transaction.atomic
def nominate(*, recruitment: Recruitment, owner: Owner, unit: Unit, method: str, channel: str, profile: Profile,
             consent: bool, actor: Actor, supporters: Sequence[Unit] = (), today: date | None = None,
             now: datetime | None = None) -> Nomination:
    """Record a nomination and open its candidate's review, with the roster check already done.

    `today` defaults to the local date: the call for candidates' period is checked against it;
    `now`, when the roster check is recorded, to the current time.
    """
    recruitment = Recruitment.objects.select_for_update().get(pk=recruitment.pk)
    _ensure_accepting(recruitment, today or timezone.localdate())
    _ensure_new_nominee(recruitment, owner, unit, consent)
    if method == NominationMethod.JOINT:
        _check_supporters(recruitment, unit, supporters)
    nomination = Nomination.objects.create(
        community_id=recruitment.community_id, recruitment=recruitment, owner=owner, unit=unit, method=method,
        channel=channel, entered_by=actor, consent_to_publish=True, **asdict(profile))
    if method == NominationMethod.JOINT:
        Supporter.objects.bulk_create([Supporter(community_id=recruitment.community_id, nomination=nomination,
                                                 unit=s) for s in supporters])
    _open_review(nomination, now or timezone.now())
    audit.record("candidates.nominated", actor=actor, target=nomination, data={"after": {
        "owner": owner.identifier, "unit": unit.code, "method": method, "channel": channel,
        "supporters": [s.code for s in supporters]}})
    return nomination


@transaction.atomic
def start_joint_nomination(*, recruitment: Recruitment, owner: Owner, unit: Unit, profile: Profile, consent: bool,
                           actor: Actor, today: date) -> Nomination:
    """An owner asks neighbours to recommend them: the nomination waits for co-signers online."""
    recruitment = Recruitment.objects.select_for_update().get(pk=recruitment.pk)
    _ensure_accepting(recruitment, today)
    _ensure_new_nominee(recruitment, owner, unit, consent)
    nomination = Nomination.objects.create(
        community_id=recruitment.community_id, recruitment=recruitment, owner=owner, unit=unit,
        method=NominationMethod.JOINT, channel=SourceChannel.ONLINE, entered_by=actor, consent_to_publish=True,
        status=NominationStatus.COLLECTING, **asdict(profile))
    audit.record("candidates.joint.started", actor=actor, target=nomination, data={"after": {
        "owner": owner.identifier, "unit": unit.code, "needed": recruitment.joint_minimum}})
    return nomination


@transaction.atomic
def cosign(*, nomination: Nomination, unit: Unit, owner: Owner, actor: Actor, today: date) -> Supporter:
    """An owner co-signs from their phone; the last signature needed submits the nomination."""
    nomination = Nomination.objects.select_for_update().select_related("recruitment", "owner", "unit") \
        .get(pk=nomination.pk)
    recruitment = nomination.recruitment
    if nomination.status != NominationStatus.COLLECTING:
        raise NotCollecting(name=nomination.owner.name, state=_("提交"))
    _ensure_accepting(recruitment, today)
    if unit.community_id != recruitment.community_id or owner.pk not in _owner_ids(unit):
        raise NotYourUnit(name=owner.name, unit=unit.code)
    counted = [s.unit for s in nomination.supporters.select_related("unit")]
    problem = _supporter_problem(recruitment, nomination.unit, unit, counted)
    if problem is not None:
        raise SupporterRejected(code=unit.code, reason=problem)
    supporter = Supporter.objects.create(community_id=recruitment.community_id, nomination=nomination, unit=unit,
                                         owner=owner, signed_by=actor, signed_at=timezone.now())
    audit.record("candidates.joint.cosigned", actor=actor, target=nomination, data={"after": {
        "unit": unit.code, "owner": owner.identifier, "count": len(counted) + 1}})
    if len(counted) + 1 >= recruitment.joint_minimum:
        nomination.status = NominationStatus.SUBMITTED
        nomination.save(update_fields=["status"])
        _open_review(nomination, timezone.now())
        audit.record("candidates.nominated", actor=actor, target=nomination, data={"after": {
            "owner": nomination.owner.identifier, "unit": nomination.unit.code, "method": nomination.method,
            "channel": nomination.channel, "supporters": [u.code for u in [*counted, unit]]}})
    return supporter


@dataclass(frozen=True)
class ImportProblem:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return _("第 %(row)s 行“%(column)s”列：%(reason)s") % {"row": self.row, "column": self.column,
                                                         "reason": self.reason}


ARREARS_COLUMNS = ("房号", "欠费金额", "说明")
ARREARS_LIMIT = Decimal("1e10")  # ArrearsEntry.amount holds 12 digits, 2 of them after the point


def _parse_arrears(recruitment: Recruitment, text: str) -> tuple[list[ArrearsEntry], list[ImportProblem]]:
    units = {u.code: u for u in Unit.objects.filter(community_id=recruitment.community_id)}
    if "\x00" in text:  # PostgreSQL cannot store NUL: name where it is instead of failing on save
        before = text[:text.index("\x00")].lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        line, cells = before.count("\n") + 1, before.rsplit("\n", 1)[-1].count(",")
        column = ARREARS_COLUMNS[cells] if cells < len(ARREARS_COLUMNS) else str(cells + 1)
        return [], [ImportProblem(line, column, _("含有不可见的控制字符（NUL），请删去后再上传"))]
    try:  # newline=None: a file saved with \r line ends (old Excel for Mac) reads as any other
        rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=None)))
    except csv.Error:  # a field past csv.field_size_limit()
        return [], [ImportProblem(1, "房号", _("文件无法按 CSV 读取：有一格内容过长"))]
    if not rows or [c.strip() for c in rows[0][:2]] != list(ARREARS_COLUMNS[:2]):
        return [], [ImportProblem(1, "房号", _("第一行应为表头：房号,欠费金额,说明"))]
    entries: list[ArrearsEntry] = []
    problems: list[ImportProblem] = []
    seen: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        code = row[0].strip()
        raw = row[1].strip() if len(row) > 1 else ""
        unit = units.get(code)
        if unit is None:
            problems.append(ImportProblem(number, "房号", _("本小区名册中没有房号“%(code)s”") % {"code": code}))
        elif code in seen:
            problems.append(ImportProblem(number, "房号", _("房号“%(code)s”重复") % {"code": code}))
        seen.add(code)
        try:
            amount = Decimal(raw)
        except InvalidOperation:
            amount = Decimal("-1")
        if amount.is_finite() and amount >= ARREARS_LIMIT:  # NaN and 1E+30 would raise below
            problems.append(ImportProblem(number, "欠费金额", _("“%(raw)s”超过金额上限 9999999999.99 元")
                                          % {"raw": raw}))
        elif not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
            problems.append(ImportProblem(number, "欠费金额",
                                          _("“%(raw)s”不是大于零、最多两位小数的金额") % {"raw": raw}))
        elif unit is not None:
            entries.append(ArrearsEntry(community_id=recruitment.community_id, recruitment=recruitment, unit=unit,
                                        amount=amount, note=(row[2].strip() if len(row) > 2 else "")[:200]))
    return entries, problems


@transaction.atomic
def import_arrears(*, recruitment: Recruitment, text: str, actor: Actor) -> int:
    """Replace the arrears list with a CSV (房号,欠费金额,说明); any bad row rejects the whole file."""
    entries, problems = _parse_arrears(recruitment, text)
    if problems:
        raise ArrearsImportRejected(count=len(problems), problems="；".join(str(p) for p in problems[:20]))
    before = recruitment.arrears.count()
    recruitment.arrears.all().delete()
    ArrearsEntry.objects.bulk_create(entries)
    audit.record("candidates.arrears.imported", actor=actor, target=recruitment, data={
        "before": {"rows": before}, "after": {"rows": len(entries), "total": str(sum(e.amount for e in entries))}})
    return len(entries)
